package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.execution.RecordLedger;
import dev.botsim.cognigy.engine.replay.Replay;
import dev.botsim.cognigy.engine.reporting.BuiltInListeners;
import dev.botsim.cognigy.engine.reporting.FinishedRun;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.reporting.WrittenReports;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.webhook.Webhook;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Concludes a run the JVM shuts down in the middle of, on the shutdown hook's thread ({@link InterruptedRunHook}), with
 * what the run has at that moment: while it starts ({@link #shutDownWhileStarting()}), its report folder says it did not
 * start and its listeners hear it ended {@code INTERRUPTED} without results; once started
 * ({@link #concludeInterrupted()}), it is concluded as {@code INTERRUPTED} with the results so far. Every wait on either
 * path takes what is left of the shutdown's {@link ShutdownBudget}.
 * <p>
 * Made as the run's start begins, with what is fixed by then. The run's thread hands it the rest as it makes it — the
 * listeners and what they are told the run is ({@link #announce}), then what the start made ({@link #started}) — and it
 * reads nothing else of the run: what it concludes with is what it was given, never asked for back. It also decides,
 * through its {@link StartAnnouncement}, who tells the listeners the run started: the run's thread, or a shutdown that
 * came while the run was starting.
 */
final class InterruptedRun {

    /**
     * Why a run whose JVM was shut down while it was starting did not start: the reason its report folder gives, and the
     * engine node's failure should the start go on to its end meanwhile.
     */
    static final String SHUT_DOWN_WHILE_STARTING = "the JVM was shut down (a CI job's timeout, Ctrl-C, an IDE's stop button)"
            + " while the run was starting (its backend, the bot's schema), before any test ran";

    /**
     * How long a shutdown while the run starts waits for the run's thread to finish telling the listeners it started,
     * before it tells them it ended: a listener's {@code runStarted} is quick, and one that is not must not hold up the
     * JVM's exit, which a CI job's runtime enforces about ten seconds after SIGTERM.
     */
    static final Duration STARTED_TOLD_WAIT = Duration.ofSeconds(2);

    private final EngineConfig config;
    private final Optional<Webhook> webhook;
    private final RunStart run;
    private final RunSelection selection;
    private final String configuredBackend;
    private final UnderWayMark underWay;
    private final ExecutionRequest request;
    private final TestDescriptor tests;
    private final EngineServices services;
    private final ClassLoader listenersLoader;
    private final PrintStream out;

    /** Who tells the listeners the run started: the run's thread as the start ends, or a shutdown that came while it starts. */
    private final StartAnnouncement announcement = new StartAnnouncement();
    /** The run's listeners once the start has loaded them, for a shutdown hook telling them meanwhile. */
    private volatile Listeners loaded;
    /** What the listeners are told the run is, published before they are told, for a shutdown hook that came after. */
    private volatile Announced announced;
    /** What the start made, published to the hook's thread by {@link InterruptedRunHook#started()}. */
    private StartedRun started;

    /**
     * @param config            the run's configuration, settled
     * @param webhook           the webhook it asks for, if any
     * @param run               which run this is and when its start began
     * @param selection         what discovery and the selection told the run
     * @param configuredBackend the backend named as configured: the run's thread may still be making it
     * @param underWay          the report folder's mark of the run under way; {@code null} for a split run's part
     * @param request           the execution: its test tree and its listener
     * @param listenersLoader   where the start loads the registered listeners from, for a shutdown that must load them itself
     * @param out               where the console lines go
     */
    InterruptedRun(EngineConfig config, Optional<Webhook> webhook, RunStart run, RunSelection selection, String configuredBackend,
                   UnderWayMark underWay, ExecutionRequest request, EngineServices services, ClassLoader listenersLoader,
                   PrintStream out) {
        this.config = config;
        this.webhook = webhook;
        this.run = run;
        this.selection = selection;
        this.configuredBackend = configuredBackend;
        this.underWay = underWay;
        this.request = request;
        this.tests = request.getRootTestDescriptor();
        this.services = services;
        this.listenersLoader = listenersLoader;
        this.out = out;
    }

    /**
     * The run's thread tells the {@code listeners} the run ({@code info}) started, and records the invalid input a filter
     * left out in its {@code ledger} — unless a shutdown that came while the run was starting claimed that telling first.
     *
     * @return {@code false} when the shutdown came first: it tells the listeners the run's start and end, and the run must
     *         not start
     */
    boolean announce(Listeners listeners, RunInfo info, RecordLedger ledger) {
        loaded = listeners;
        announced = new Announced(listeners, info, ledger);
        return announcement.tell(() -> {
            listeners.runStarted(info);
            selection.leftOutRecords().forEach(ledger::record);
        });
    }

    /** What the run's start made, for a shutdown from {@link InterruptedRunHook#started()} on. */
    void started(StartedRun started) {
        this.started = started;
    }

    /**
     * The start of a whole run when the JVM shuts down before it has ended, on the shutdown hook's thread while the run's
     * thread may still be starting: the folder says the run did not start, as a start that failed says it, over the mark
     * of a run under way, and the listeners hear the run ended {@code INTERRUPTED} without results. No test has run, so
     * there is nothing to audit or send; the run's thread finds the hook came first and writes and tells nothing more.
     * The backend is named as configured, as the mark names it: the run's thread may be making it.
     */
    void shutDownWhileStarting() {
        ShutdownBudget budget = ShutdownBudget.startingNow();
        ConsoleText.println(out, "[cognigy] run " + run.batchId() + " interrupted while starting: the JVM is shutting down before any"
                + " test ran; the report folder says the run did not start");
        WrittenReports pair;
        try {
            if (underWay != null && !underWay.abandoned(budget.remaining())) {
                // The mark is still being written — a slow folder, or its lock held by another process — and the pair
                // written now could land under it; the process is killed soon after SIGTERM, so the folder is left as it is.
                String skipped = "the report folder " + selection.reportFolder(config) + " was not written: the mark of the run under"
                        + " way was still being written there after the shutdown's " + ShutdownBudget.TOTAL.toSeconds()
                        + " s (a slow folder, or its lock held by another process); the listeners are told the run stopped while starting";
                ConsoleText.println(out, "[cognigy] WARNING " + skipped);
                pair = new WrittenReports(null, null, skipped, null);
            } else {
                pair = reports(budget).shutDownWhileStarting(run.notStartedInfo(config, configuredBackend, selection.partial()),
                        SHUT_DOWN_WHILE_STARTING);
            }
        } catch (RuntimeException | Error e) {
            ConsoleText.println(out, "[cognigy] WARNING the run stopped while starting could not say so in its report folder: " + e);
            pair = new WrittenReports(null, null, String.valueOf(e), null);
        }
        WrittenReports written = pair;
        new ListenersAtShutdown(out).tell(budget, "the run stopped while starting", () -> {
            try {
                tellInterruptedWhileStarting(written, budget);
            } catch (RuntimeException | Error e) {
                ConsoleText.println(out, "[cognigy] WARNING the listeners could not be told the run stopped while starting: " + e);
            }
        });
    }

    /**
     * Tells every listener that the run, its JVM shut down while it was starting, ended {@code INTERRUPTED} with the
     * results it has — none, but for invalid input a launcher's filter left out — and its reports, the pair saying it was
     * stopped while starting. Told it started first, so each hears a whole run: by this hook, unless the run's thread
     * had told them (waited for up to {@link #STARTED_TOLD_WAIT}). The listeners are the start's, or, when it had not
     * loaded them yet, loaded here: the run's thread tells its own nothing once the hook came first.
     */
    private void tellInterruptedWhileStarting(WrittenReports pair, ShutdownBudget budget) {
        Announced told;
        if (announcement.claimOrAwait(budget.atMost(STARTED_TOLD_WAIT))) {
            Listeners listeners = loaded != null ? loaded : Listeners.load(BuiltInListeners.create(config, out, services.environment(), () -> "0 in flight",
                    Optional::empty, remainingTests -> Optional.empty()), listenersLoader, services.listeners());
            told = new Announced(listeners, startingInfo(), new RecordLedger(listeners::simulationFinished));
            told.listeners().runStarted(told.info());
            selection.leftOutRecords().forEach(told.ledger()::record);
        } else {
            told = announced;
        }
        RunInfo info = told.info();
        List<SimulationRecord> records = told.ledger().records();
        RunAnalysis analysis = RunAnalysis.of(info, records, BigDecimal.valueOf(config.governanceThreshold()), config.fragileMargin(),
                        config.governance().perLocale())
                .interrupted(new GovernanceReason(VerdictReasons.INTERRUPTED, SHUT_DOWN_WHILE_STARTING + ": "
                        + (records.isEmpty() ? "none" : records.size() + "") + " of its " + info.plannedTests()
                        + " tests reported, so the run is INTERRUPTED"));
        told.listeners().runFinished(new FinishedRun(info, records, analysis, null, pair));
    }

    /**
     * The run as far as it is known before the backend has answered, for a shutdown while it starts: planned from the
     * test tree without the bot's schema, under its batch id, the backend named as configured.
     */
    private RunInfo startingInfo() {
        RunInfo planned = RunPlan.of(tests, config, BotSchema.UNKNOWN, configuredBackend, false, true, Optional.empty(), run).info();
        return planned.toBuilder().partial(selection.partial()).plannedTests(planned.plannedTests() + selection.leftOut().size()).build();
    }

    /**
     * How long the conclusion waits for a listener still handling a test that finished just before the shutdown: the
     * record is then in the reports the listener will be told of, and nothing reaches it after them.
     */
    static final Duration LISTENER_BUSY_WAIT = Duration.ofSeconds(1);

    /**
     * The run's end when the JVM shuts down before it: the results so far, concluded as {@code INTERRUPTED} (the tests
     * still running are in none of the reports). Runs on the shutdown hook's thread while the tests' threads may still
     * be running: the ledger is closed, and what it holds is read once. The answers recorded and approved so far are kept first, as at the run's own
     * end: the reports count them as recorded and approved.
     */
    void concludeInterrupted() {
        ShutdownBudget budget = ShutdownBudget.startingNow();
        RunInfo info = started.endedInfo();
        // The tests still running are in none of the reports, and their listeners hear of none of them after the run's end.
        List<SimulationRecord> records = started.ledger().close(budget.atMost(LISTENER_BUSY_WAIT));
        ConsoleText.println(out, "[cognigy] run " + info.batchId() + " interrupted: the JVM is shutting down with " + records.size()
                + " of " + info.plannedTests() + " tests reported; the run is concluded with them as INTERRUPTED");
        // The run's thread marks the folder after claiming the run: a mark it is writing is waited for, and one it has not
        // begun is never written, so the mark cannot land over this conclusion's reports. A mark still being written past
        // the budget leaves the reports to the folder's lock wait.
        if (underWay != null) underWay.abandoned(budget.remaining());
        try {
            Replay.of(started.backend()).map(replay -> replay.finishWithin(RunPlan.testIdsOf(tests), budget.remaining()))
                    .ifPresent(report -> report.lines().forEach(line -> ConsoleText.println(out, "[cognigy] " + line)));
            if (started.approvals() != null) {
                RunApprovals.finishWithin(budget, started.approvals(), tests, request.getEngineExecutionListener(), out)
                        .ifPresent(unwritten -> ConsoleText.println(out, "[cognigy] WARNING " + unwritten));
            }
        } catch (RuntimeException | Error e) {
            ConsoleText.println(out, "[cognigy] WARNING the interrupted run's recordings and approved answers could not be kept: " + e);
        }
        try {
            new RunConclusion(config, webhook, services.environment(), services.clock(), out, reports(budget), selection.partial())
                    .concludeInterrupted(info, records, started.filesJudgedBy(), finished -> new ListenersAtShutdown(out)
                            .tell(budget, "the run ended", () -> started.listeners().runFinished(finished)), budget);
        } catch (RuntimeException | Error e) {
            ConsoleText.println(out, "[cognigy] WARNING the interrupted run could not be concluded: " + e);
        }
    }

    /**
     * Where the run's reports go, waiting for the folder no longer than what is left of the shutdown's {@code budget}, and
     * saying on the console what was written without waiting.
     */
    private ReportWriter reports(ShutdownBudget budget) {
        return selection.reports(config, request).withLockWait(budget::remaining, skipped -> ConsoleText.println(out,
                "[cognigy] WARNING " + skipped + " (the JVM is shutting down, and waits no longer than "
                        + ShutdownBudget.TOTAL.toSeconds() + " s in all)"));
    }

    /** The listeners as the run's start told them it started: what it said the run is, and the ledger of its records. */
    private record Announced(Listeners listeners, RunInfo info, RecordLedger ledger) {
    }
}
