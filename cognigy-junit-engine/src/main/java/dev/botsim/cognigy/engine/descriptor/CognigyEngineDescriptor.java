package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.util.List;

import dev.botsim.cognigy.engine.analysis.RunPolicy;
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
        EngineConfig config = context.run().config();
        List<String> shortfalls = new RunPolicy(config.tolerant(), config.coverageMinimum()).shortfalls(context.run().finish());
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
