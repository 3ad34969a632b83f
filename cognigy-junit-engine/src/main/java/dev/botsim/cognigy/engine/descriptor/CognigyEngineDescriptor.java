package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.util.List;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.RunPolicy;
import dev.botsim.cognigy.engine.audit.AuditTrail;
import dev.botsim.cognigy.engine.audit.BatchRecord;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.engine.webhook.Webhook;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.AuditOutcome;
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

    private static final System.Logger LOG = System.getLogger(CognigyEngineDescriptor.class.getName());

    private java.util.Optional<Webhook> webhook = java.util.Optional.empty();

    public CognigyEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "Cognigy bot simulations");
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        if (getChildren().isEmpty()) return context;
        EngineConfig config = EngineConfig.read(context.request().getConfigurationParameters(),
                context.services().environment());
        // Made before the backend: a webhook without its secret is a configuration error of the run.
        java.util.Optional<Webhook> webhook = Webhook.from(config, context.services().clock(), System.out);
        try {
            return start(context, config, webhook);
        } catch (BackendException e) {
            // Credentials refused, a scope missing, the server unreachable: the message says what and
            // what to do; a stack trace of the engine's internals would only bury it.
            LOG.log(System.Logger.Level.DEBUG, "the run did not start", e);
            throw new RunNotStartedException(e.getMessage());
        }
    }

    private CognigyExecutionContext start(CognigyExecutionContext context, EngineConfig config,
                                          java.util.Optional<Webhook> webhook) {
        Backend backend = context.services().backends().apply(config);
        java.util.concurrent.atomic.AtomicReference<SimulationRun> started = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Listeners listeners = Listeners.load(BuiltInListeners.create(config, context.request(),
                            () -> started.get() == null ? "0 in flight" : started.get().load()),
                    Thread.currentThread().getContextClassLoader());
            started.set(SimulationRun.start(config, backend, this, listeners, context.services().clock())
                    .cancelledBy(context.request().getCancellationToken())
                    .reportingTo(context.request().getEngineExecutionListener()));
            webhook.ifPresent(Webhook::redeliverOutbox);
            this.webhook = webhook;
            startSingleTurnSimulations(started.get());
            return context.withRun(started.get());
        } catch (RuntimeException e) {
            if (started.get() != null) started.get().abandon();
            backend.close();
            throw e;
        }
    }

    /** Single-turn simulations go out ahead of their tests; those already known to be invalid do not. */
    private void startSingleTurnSimulations(SimulationRun run) {
        java.util.Map<UniqueId, java.util.function.Supplier<dev.botsim.cognigy.engine.backend.TurnRequest>> ahead =
                new java.util.LinkedHashMap<>();
        accept(d -> {
            if (d instanceof SimulationCaseDescriptor c && run.preflightProblem(c.getUniqueId()).isEmpty()) {
                ahead.put(c.getUniqueId(), () -> c.request(run));
            }
        });
        run.startAhead(ahead);
    }

    /**
     * Ends the run and checks what the run as a whole must achieve (tolerant governance, minimum
     * coverage): a shortfall fails the run, after every test has reported.
     */
    @Override
    public void after(CognigyExecutionContext context) {
        // A run whose start failed has nothing to finish: its failure is the one thing to report.
        if (getChildren().isEmpty() || !context.hasRun()) return;
        SimulationRun run = context.run();
        EngineConfig config = run.config();
        List<String> shortfalls = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<AuditOutcome> audited = new java.util.concurrent.atomic.AtomicReference<>(
                AuditOutcome.NOT_CONFIGURED);
        RunAnalysis analysis = run.finish(finished -> {
            AuditOutcome outcome = audit(config, run, finished, context, shortfalls);
            audited.set(outcome);
            // In the outbox from the audit record on, before the listeners write reports: a JVM
            // killed from here leaves the payload for the next run. send(...) below delivers it.
            webhook.ifPresent(w -> w.writeAhead(run.info(), run.records(),
                    outcome.applyTo(finished).summary().withAudit(outcome.checkpoint())));
            return outcome;
        });
        webhook.flatMap(w -> w.send(run.info(), run.records(), analysis.summary().withAudit(audited.get().checkpoint())))
                .ifPresent(shortfalls::add);
        shortfalls.addAll(new RunPolicy(config.tolerant(), config.coverageMinimum()).shortfalls(analysis));
        if (!shortfalls.isEmpty()) throw new RunShortfallError(String.join("\n", shortfalls));
    }

    /**
     * Appends the run's audit record, when configured; its checkpoint goes to the listeners (the
     * webhook). A record that cannot be written makes the run UNAUDITED and fails it.
     */
    private static AuditOutcome audit(EngineConfig config, SimulationRun run, RunAnalysis analysis,
                                      CognigyExecutionContext context, List<String> shortfalls) {
        if (config.auditFile().isEmpty()) return AuditOutcome.NOT_CONFIGURED;
        java.nio.file.Path file = config.auditFile().get();
        try {
            AuditTrail.Checkpoint head = new AuditTrail(file).append("BATCH", BatchRecord.of(run.info(), analysis,
                    run.dataFiles(), run.clock().instant(), context.services().environment()));
            dev.botsim.cognigy.engine.support.ConsoleText.println(System.out, "[cognigy] audit: record " + (head.records() - 1)
                    + " appended to " + file.toAbsolutePath() + "; head hash " + head.headHash());
            return AuditOutcome.written(new RunSummary.AuditCheckpoint(head.headHash(), head.records()));
        } catch (java.io.IOException | RuntimeException e) {
            shortfalls.add("audit trail " + file.toAbsolutePath() + " could not be written (" + e.getMessage()
                    + "): a run without its audit record cannot count as compliant (governance UNAUDITED)");
            return AuditOutcome.NOT_WRITTEN;
        }
    }

    /**
     * The run could not start (credentials refused, a scope missing, the server failing or
     * unreachable): one line saying why, without stack trace, cause or suppressed exceptions.
     */
    public static final class RunNotStartedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunNotStartedException(String reason) {
            super("the run did not start: " + reason, null, false, false);
        }
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
