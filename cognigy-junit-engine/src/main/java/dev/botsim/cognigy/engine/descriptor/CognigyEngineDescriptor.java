package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.util.List;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.RunPolicy;
import dev.botsim.cognigy.engine.audit.AuditTrail;
import dev.botsim.cognigy.engine.audit.BatchRecord;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.SimulationRun;
import dev.botsim.cognigy.engine.reporting.BuiltInListeners;
import dev.botsim.cognigy.engine.reporting.Listeners;

/**
 * The root of the test tree. Before any test runs it reads the configuration, connects to the
 * backend and checks every expectation against the bot's schema, so a wrong setup is reported once
 * for the run instead of once per test.
 */
public final class CognigyEngineDescriptor extends EngineDescriptor implements Node<CognigyExecutionContext> {

    public CognigyEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "Cognigy bot simulations");
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        if (getChildren().isEmpty()) return context;
        EngineConfig config = EngineConfig.read(context.request().getConfigurationParameters(),
                context.services().environment());
        Backend backend = context.services().backends().apply(config);
        try {
            java.util.concurrent.atomic.AtomicReference<SimulationRun> started = new java.util.concurrent.atomic.AtomicReference<>();
            Listeners listeners = Listeners.load(BuiltInListeners.create(config, context.request(),
                            () -> started.get() == null ? 0 : started.get().inFlight()),
                    Thread.currentThread().getContextClassLoader());
            started.set(SimulationRun.start(config, backend, this, listeners, context.services().clock())
                    .cancelledBy(context.request().getCancellationToken()));
            return context.withRun(started.get());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Ends the run and checks what the run as a whole must achieve (tolerant governance, minimum
     * coverage): a shortfall fails the run, after every test has reported.
     */
    @Override
    public void after(CognigyExecutionContext context) {
        if (getChildren().isEmpty()) return;
        SimulationRun run = context.run();
        EngineConfig config = run.config();
        RunAnalysis analysis = run.finish();
        List<String> shortfalls = new java.util.ArrayList<>(new RunPolicy(config.tolerant(), config.coverageMinimum()).shortfalls(analysis));
        config.auditFile().ifPresent(file -> {
            try {
                AuditTrail.Checkpoint head = new AuditTrail(file).append("BATCH", BatchRecord.of(run.info(), analysis,
                        run.dataFiles(), run.clock().instant(), context.services().environment()));
                System.out.println("[cognigy] audit: record " + (head.records() - 1) + " appended to " + file.toAbsolutePath()
                        + "; head hash " + head.headHash());
            } catch (java.io.IOException | RuntimeException e) {
                shortfalls.add("audit trail " + file.toAbsolutePath() + " could not be written (" + e.getMessage()
                        + "): a run without its audit record cannot count as compliant");
            }
        });
        if (!shortfalls.isEmpty()) throw new RunShortfallError(String.join("\n", shortfalls));
    }

    /** The run fell short of its governance or coverage target; the message says by how much. */
    public static final class RunShortfallError extends AssertionError {
        private static final long serialVersionUID = 1L;

        RunShortfallError(String message) {
            super(message);
            setStackTrace(new StackTraceElement[0]);
        }
    }
}
