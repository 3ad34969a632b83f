package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;

import dev.botsim.cognigy.engine.analysis.RunPolicy;
import dev.botsim.cognigy.engine.approval.Approvals;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.HttpTrace;
import dev.botsim.cognigy.engine.config.IneffectiveSettings;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.config.UnmaskableSecrets;
import dev.botsim.cognigy.engine.execution.Dispatcher;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.execution.IdempotencyKeys;
import dev.botsim.cognigy.engine.execution.RecordLedger;
import dev.botsim.cognigy.engine.execution.RetryReports;
import dev.botsim.cognigy.engine.execution.RunScope;
import dev.botsim.cognigy.engine.stability.RepeatPolicy;
import dev.botsim.cognigy.engine.execution.TurnRequests;
import dev.botsim.cognigy.engine.reporting.BuiltInListeners;
import dev.botsim.cognigy.engine.reporting.HttpTraceFile;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.replay.Replay;
import dev.botsim.cognigy.engine.replay.ReplaySettings;
import dev.botsim.cognigy.engine.shard.PlannedTests;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.webhook.Webhook;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * One engine execution from its first step to its last, in the order the steps must happen. The
 * engine node calls the four steps as JUnit calls the node; each step hands its results to the
 * next, and nothing here is called back from the tests or the run's parts.
 *
 * <ol>
 *   <li>{@link #configure()} — the configuration read at discovery, with what the backend lacks for
 *       the run's tests and the webhook it asks for: every problem in one message, before any test;</li>
 *   <li>{@link #start()} — the backend and the bot's schema, the run's plan (preflight, run info, data files), the
 *       listeners, the outbox of earlier runs, the single-turn simulations started ahead, and the report folder marked as
 *       the run's under way (meanwhile, should the start take long); returns what the tests share;</li>
 *   <li>{@link #finish()} — after the last test: the approval files written, the run analysed once, audited, its webhook payload
 *       written ahead, reported, sent, and judged as a whole;</li>
 *   <li>{@link #close()} — the backend closed, also when the start failed.</li>
 * </ol>
 *
 * <p>JUnit calls the steps on the engine node's task, one after the other, so the state they pass
 * on needs no locking. What the JVM's shutdown hook ({@link InterruptedRunHook}) does with a run it interrupts is
 * {@link InterruptedRun}'s, which reads none of this state: the start hands it what it makes, as it makes it — the
 * listeners and what they are told the run is, then what the run's end needs ({@link StartedRun}), which
 * {@link InterruptedRunHook#started()} publishes to the hook's thread.
 */
public final class RunLifecycle {

    /**
     * Where a run of tests picked one by one (a rerun, a test run from the IDE) writes its reports, below the report
     * directory: never over the whole suite's {@code results.json} and {@code index.html}.
     */
    public static final String PARTIAL_REPORTS = "partial";

    private static final System.Logger LOG = System.getLogger(RunLifecycle.class.getName());

    private final CheckedConfiguration configuration;
    private final TestDescriptor tests;
    private final ExecutionRequest request;
    private final EngineServices services;
    private final PrintStream out;

    private Configured configured;
    private Backend backend;
    /** The run's HTTP trace, when {@code cognigy.http.trace} asks for one: closed with the run. */
    private HttpTraceFile httpTrace;
    private Dispatcher dispatcher;
    private StartedRun started;
    private Path begun;
    /** What a split run's part planned, as its mark says it and its part file will: taken as it starts. */
    private PlannedTests planned;
    private UnderWayMark underWay;
    private InterruptedRunHook shutdown;
    /** What a shutdown in the middle of the run concludes it with, handed over as the start makes it. */
    private InterruptedRun interrupted;
    /** Where the start loads the registered listeners from. */
    private ClassLoader listenersLoader;
    private final RunSelection selection;

    /**
     * Why a rerun of a run's own failure fails again. What a run as a whole must achieve — its governance verdict, its
     * coverage, its records kept — is judged over the whole suite; a rerun of the tests that failed is too few tests to
     * judge it, and passing would let Surefire count the suite's failure as flaky.
     */
    static final String RUN_FAILURE_STANDS = "the run as a whole failed in the run this one reruns, whose engine node is"
            + " selected again (as Surefire's rerunFailingTestsCount and an IDE's rerun of the failed tests select every failed"
            + " node): its verdict, coverage and records cannot be judged by a rerun of some of its tests, so that failure"
            + " stands — read it in the first run, fix it and run the suite again";

    /**
     * @param configuration the configuration as read at discovery
     * @param request       the execution: its test tree, its listener, its cancellation token
     * @param selection     what discovery and the selection tell the run: tests picked one by one, invalid input left
     *                      out, the stand-in discovery met, a rerun of a run's failure
     */
    public RunLifecycle(CheckedConfiguration configuration, ExecutionRequest request, EngineServices services,
                        RunSelection selection) {
        this.selection = selection;
        this.configuration = configuration;
        this.tests = request.getRootTestDescriptor();
        this.request = request;
        this.services = services;
        this.out = services.console().get();
    }

    /**
     * Throws the configuration's problems, all in one message, and makes the webhook: a webhook
     * without its secret is a configuration error of the run too, found before the backend starts.
     * What the backend lacks for the run's tests in mode nlu, known now that the tests are, is in the
     * same message, and so is a run whose tests name several bots ({@link SeveralBots}). A run without tests checks nothing: it has nothing the settings could matter to. A whole run refused
     * here says so in its report folder as a run that did not start, when the folder is known. Settings this
     * configuration accepts and makes no use of are warned of, before the first test.
     */
    public void configure() {
        if (tests.getChildren().isEmpty()) return;
        try {
            EngineConfig config = configuration.orThrow(RunPlan.hasNluTests(tests), SeveralBots.of(tests));
            configured = new Configured(config, Webhook.from(config, services.clock(), out));
            IneffectiveSettings.of(config).forEach(warning -> ConsoleText.println(out, "[cognigy] WARNING " + warning));
        } catch (ConfigurationException e) {
            // The build fails before its first test, as a run that did not start does: the earlier run's verdict must not
            // stay the folder's latest. Its problems are masked as the console shows them.
            configuration.reportsDespiteProblems().ifPresent(config -> markNotStarted(config, RunStart.now(services.clock()),
                    config.secrets().mask(String.valueOf(e.getMessage()))));
            throw e;
        }
    }

    /**
     * Starts the run: connects to the backend, fetches the bot's schema once and checks every declared expectation
     * against it, tells the listeners, delivers what earlier runs left in the webhook's outbox (a whole run only: a split
     * run's merge delivers it), starts the single-turn simulations ahead of their tests, and marks the report folder as
     * the run's under way — while the start goes on, should it take long. A whole run's shutdown hook is installed
     * first: a JVM shut down while the run starts leaves the pair of a run that did not start, and its listeners hear it
     * ended interrupted without results; one shut down later, the run concluded as interrupted. A run cancelled while it
     * starts (JUnit's cancellation token) stops waiting on the tenant and the webhook's receiver at once and sends nothing
     * more: it starts as one cancelled right before its first test, whose tests JUnit skips.
     *
     * @return what the tests share, or {@code null} when there is nothing to run
     * @throws RunNotStartedException when the backend cannot start the run, in one line and the retries made, or the JVM
     *                                is shutting down
     */
    public RunScope start() {
        if (configured == null) return null;
        EngineConfig config = configured.config();
        Secrets secrets = config.secrets();
        RunStart run = RunStart.now(services.clock());
        listenersLoader = Thread.currentThread().getContextClassLoader();
        // The run is under way from here: its report folder says so in place of the earlier run's reports until its end
        // writes its own, so a JVM killed outright — also while the backend starts and the schema is read, retried for
        // minutes against a slow tenant — leaves no earlier verdict looking like this run's. A quick start marks it as it
        // ends, off the way of the first submissions; a slow one meanwhile. A split run's part reports to a folder of its
        // own, new for its batch, and its begun mark stands for it in the merge.
        if (!config.deferred()) {
            ReportWriter reports = selection.reports(config, request);
            // A mark left by a run whose process is gone (killed outright) is said on the console as it is replaced.
            underWay = UnderWayMark.begin(info -> reports.begin(info).ifPresent(this::sayAbandoned), () -> RunInfo.builder().batchId(run.batchId()).started(run.started())
                    .backend(config.backend().choice().id()).botName(RunPlan.botNameOf(tests)).partial(selection.partial())
                    .configuration(config.parameters()).build());
        }
        interrupted = new InterruptedRun(config, configured.webhook(), run, selection,
                configuration.backendAsConfigured().orElse("unknown"), underWay, request, services, listenersLoader, out);
        // A SIGTERM or Ctrl-C from here on is a whole run's to conclude: while it starts — the mark above written, the
        // backend's token and the bot's schema retried for minutes — as a run that did not start, which the folder says
        // over the mark, rather than leaving that mark to say the run is under way, or was killed outright; and which its
        // listeners hear ended INTERRUPTED, as they would a run shut down a moment later.
        if (!config.deferred()) {
            shutdown = InterruptedRunHook.install(interrupted::shutDownWhileStarting, interrupted::concludeInterrupted, out);
        }
        try {
            return start(config, run);
        } catch (BackendException e) {
            // Credentials refused, a scope missing, the server unreachable: the message says what and
            // what to do; a stack trace of the engine's internals would only bury it.
            LOG.log(System.Logger.Level.DEBUG, "the run did not start", e);
            String reason = secrets.mask(e.getMessage() + e.retriesSaid());
            markNotStarted(config, run, reason);
            throw new RunNotStartedException(reason);
        } catch (ConfigurationException e) {
            // What the bot's tenant refused names the value given (a project id), which may be a secret given in its
            // place (the API key): masked as the configuration's own problems are.
            String masked = secrets.mask(String.valueOf(e.getMessage()));
            markNotStarted(config, run, masked);
            if (masked.equals(e.getMessage())) throw e;
            throw new ConfigurationException(masked);
        } catch (RuntimeException | Error e) {
            // Anything else the start failed with (a listener registered that cannot be loaded, a class missing from the
            // class path, the heap exhausted): the run did not start either, and its folder must not go on saying it is
            // under way. What fails the pair's writing too (memory still short) leaves the start's own failure to report.
            try {
                markNotStarted(config, run, secrets.mask(String.valueOf(e)));
            } catch (RuntimeException | Error unmarked) {
                e.addSuppressed(unmarked);
            }
            throw e;
        }
    }

    /**
     * A whole run that did not start (refused by its configuration, its backend or the bot's tenant) says so in its report
     * folder, in place of the earlier run's reports and the mark of its start: the build fails before its first test, and
     * the folder would otherwise show the earlier run's verdict as the latest, or a run still under way. A split run's
     * part reports to a folder of its own and leaves nothing for the merge, which refuses a run missing a part.
     */
    private void markNotStarted(EngineConfig config, RunStart run, String reason) {
        if (config.deferred()) return;
        // The JVM is shutting down and its hook already says the run did not start: once. A shutdown from here on waits
        // for this pair.
        if (shutdown != null && !shutdown.ending()) return;
        try {
            String backendName = backend == null ? configuration.backendAsConfigured().orElse("unknown") : backend.name();
            abandonMark();
            selection.reports(config, request).notStarted(run.notStartedInfo(config, backendName, selection.partial()), reason)
                    .ifPresent(this::sayAbandoned);
        } finally {
            if (shutdown != null) shutdown.ended();
        }
    }

    /** Says on the console that the folder's mark of an earlier run under way, replaced now, was left by a process that is gone. */
    private void sayAbandoned(String line) {
        ConsoleText.println(out, "[cognigy] " + line);
    }

    /** No mark of the start from here, and one being written first, so that it can never land over what follows. */
    private void abandonMark() {
        if (underWay != null) underWay.abandoned();
    }

    private RunScope start(EngineConfig config, RunStart run) {
        // Before anything can fail or be killed: a part that never writes its file is then seen by merge.
        if (config.deferred()) {
            // Taken once, at the start: the part file says what the mark says, whatever the run meets on its way.
            planned = plannedTests();
            begun = new DeferredPart(config, services.environment(), services.clock(), out).begin(planned);
        }
        // The endpoint URLs of the locales the tests name are the run's secrets before it sends to them: a server may
        // quote one while another locale's test runs (the management API lists every endpoint's URL token).
        config.secrets().lookUpLocales(RunPlan.localesOf(tests));
        // Those too are named if too short to be masked, before anything is sent that could echo them.
        UnmaskableSecrets.of(config).ifPresent(warning -> ConsoleText.println(out, "[cognigy] WARNING " + warning));
        CleartextSecrets.of(config).ifPresent(warning -> ConsoleText.println(out, "[cognigy] WARNING " + warning));
        // Under cognigy.replay the backend is opened only when a test must go live.
        // A message the run's cancellation cut off is no answer of the bot: it is not recorded as one left unanswered.
        backend = Replay.around(traced(config, run), services.backends(), request.getCancellationToken()::isCancellationRequested);
        // The cancellation watch from here on: a run cancelled while it starts (an IDE's stop before the first test) stops
        // waiting on the tenant as a test stops waiting for the bot, and sends nothing more.
        Dispatcher sending = new Dispatcher(backend, config.maxConcurrency(), request.getCancellationToken(), services.nanoTime());
        dispatcher = sending;
        // Its retries' waits, a 429's Retry-After among them, end at once on a cancellation; the run then goes on as one
        // cancelled right before its first test, planned without the schema.
        BotSchema schema = sending.whileStarting(backend::schema, () -> { }).orElse(BotSchema.UNKNOWN);
        RunPlan planned = RunPlan.of(tests, config, schema, backend.name(), backend.checksIntentsOnly(),
                backend.answersRichContent(), backend.userIdPattern(), run);
        // The bot's fingerprint is complete once its schema is read: what the audit record and webhook say was tested.
        // A replay names what its cassettes were recorded against.
        RunPlan replayed = Replay.of(backend).map(replay -> planned.withInfo(planned.info().toBuilder()
                .replay(replay.mode().id(), replay.fingerprint(RunPlan.testIdsOf(tests)).facts()).build())).orElse(planned);
        // Tests picked one by one: the audit record and webhook say their verdict is not the suite's.
        RunInfo.Builder told = replayed.info().toBuilder().partial(selection.partial())
                // Invalid input a filter left out is still the run's: its results are recorded below.
                .plannedTests(replayed.info().plannedTests() + selection.leftOut().size())
                // The other tests a filter took out never run: the verdict is of those that do, and says how many are missing.
                .filteredOut(selection.filteredOut())
                // Where the messages go, shown without secrets: a staging run's reports and records are told from a
                // production run's by it, and a merge does not conclude parts of both as one run.
                .target(RunTarget.of(config))
                // The embedded sandbox in the bot's place is known now, and a sandbox configured as the tenant that
                // discovery listed the playbooks at; one configured as a tenant the backend reaches, at the end.
                .standIn(Backends.embeddedSandbox(config).or(selection.discoveredStandIn()).orElse(null));
        RunPlan plan = replayed.withInfo(told.build());
        warnOfStandIn(config, plan.info());
        // Once the bot's flows are known, before the first test: an expected flow the bot has not is a misspelling to fix.
        plan.unknownFlows().forEach(warning -> ConsoleText.println(out, "[cognigy] WARNING " + warning));
        // Tests in mode nlu are scored beside the run's backend: an untrained model fails the run once, here.
        if (plan.nluTests() > 0) {
            sending.whileStarting(() -> {
                backend.prepareNluScoring();
                return true;
            }, () -> { });
        }
        // Counted after the NLU is readied: the reads it spent are in the management API's budget the estimate uses.
        Listeners listeners = Listeners.load(BuiltInListeners.create(config, out, services.environment(), sending::load,
                        () -> backend.pacing(plan.flowSends(), plan.nluSends()),
                        remainingTests -> backend.budgetWait(plan.messagesFor(remainingTests))),
                listenersLoader, services.listeners());
        RecordLedger ledger = new RecordLedger(listeners::simulationFinished);
        // Told once: here, or by a shutdown that came while the run was starting, which tells them the run's end as well.
        // The run does not start then, and nothing is sent.
        if (!interrupted.announce(listeners, plan.info(), ledger)) {
            throw new RunNotStartedException(InterruptedRun.SHUT_DOWN_WHILE_STARTING);
        }
        // A part of a split run sends nothing, not even what earlier runs left: the merge delivers the outbox. Each fork's
        // run would otherwise spend the delivery budget on it before its first test, all forks at once. A cancellation
        // stops it between messages and abandons the one waiting on the receiver: what is not delivered stays.
        if (!config.deferred()) {
            configured.webhook().ifPresent(webhook -> sending.whileStarting(() -> {
                webhook.redeliverOutbox();
                return true;
            }, webhook::abandonAttempt));
        }
        TurnRequests requests = new TurnRequests(plan.info().batchId(), config.defaultUser(), config.defaultPlatform(),
                new IdempotencyKeys(plan.info().batchId()), config.userScope());
        Approvals approvals = RunApprovals.of(tests, config.approval(), ReplaySettings.of(config).redact());
        started = new StartedRun(backend, plan, listeners, ledger, approvals, selection.discoveredStandIn());
        interrupted.started(started);
        // What a shutdown from here on concludes with is published to the hook's thread by this step. A split run's part is
        // concluded by merge, which its begun mark already stops: only a whole run concludes itself. A hook that came first
        // said the run did not start, and nothing may be sent now: no simulation is started ahead before the run is
        // claimed from the hook, which from here on concludes it with them.
        if (shutdown != null && !shutdown.started()) throw new RunNotStartedException(InterruptedRun.SHUT_DOWN_WHILE_STARTING);
        if (sending.cancelled()) {
            // As a run cancelled right before its first test: JUnit skips every test, and the end concludes it INTERRUPTED.
            ConsoleText.println(out, "[cognigy] run " + plan.info().batchId() + " was cancelled while it started: nothing more is"
                    + " sent to the bot, and its " + plan.info().plannedTests() + " tests are skipped");
        } else {
            plan.startAhead().forEach((test, ahead) -> sending.startAhead(test, () -> requests.of(ahead.message())));
        }
        // Marked once the first simulations are on their way, not before: their submissions need not wait for the files,
        // and no test reports before this method returns (the mark is there long since where the start took its time).
        // A shutdown concluding the run meanwhile abandons the mark first, so it never lands over that run's reports.
        if (underWay != null) underWay.startEnded(plan.info());
        return new RunScope(plan.preflight(), sending, requests, ledger, new RetryReports(request.getEngineExecutionListener()),
                backend.missingNluDataHint(), backend.intentUnknownWithoutNluData(), config.tolerant(), services.nanoTime(), approvals,
                RepeatPolicy.of(config), config.fullStackTraces());
    }

    /**
     * {@code config} with the run's HTTP trace for its clients when {@code cognigy.http.trace} asks for one, its file in the
     * report folder opened (or warned of) now; {@code config} itself otherwise, so no client carries anything more. A split
     * run's part traces into its part's own folder: the parts of one run (Surefire's forks, an engine run per class) share
     * the report folder, and each would empty and write over the others' trace there.
     */
    private EngineConfig traced(EngineConfig config, RunStart run) {
        if (!config.http().trace().asked()) return config;
        httpTrace = HttpTraceFile.open(config.deferred()
                ? RunPart.folder(config.reportDir(), config.run().runId().orElseThrow(), run.batchId())
                : selection.reportFolder(config), out);
        return config.withHttp(config.http().withTrace(HttpTrace.writingTo(httpTrace::write, services.clock(), services.nanoTime(),
                config.secrets(), config.replay().redact())));
    }

    /**
     * Says before the first test that a run requiring the bot's own answers will get a stand-in's: the run goes on, its
     * results kept, and fails at its end ({@code RunPolicy}), but a pipeline's log says so while there is time to stop it.
     */
    private void warnOfStandIn(EngineConfig config, RunInfo info) {
        if (info.standIn() == null || !ReplaySettings.of(config).requireLive()) return;
        ConsoleText.println(out, "[cognigy] WARNING " + Constants.GOVERNANCE_REQUIRE_LIVE + "=true, but the answers will come from "
                + info.standIn() + ", not from the bot: the run is REVIEW_REQUIRED at best and fails at its end; "
                + RunPolicy.BOTS_COGNIGY);
    }

    /**
     * Ends the run after every test has reported, in this order: the run's parts stop; under {@code cognigy.replay} the
     * cassettes recorded into are written; the approved answers that changed are written and stale ones listed; the run is
     * analysed, once; its audit record is appended, so its checkpoint exists; the webhook payload,
     * which carries that checkpoint, goes to the outbox, so a JVM killed from here on loses no
     * result; the reports are written; the listeners get the run; the payload is sent; and what the
     * run as a whole must achieve is checked ({@link RunConclusion}). One part of a split run (a run id with
     * {@code cognigy.shard} or {@code cognigy.run.defer}) instead reports its part and leaves its part file for
     * {@code merge}, which concludes the whole run once ({@link DeferredPart}).
     *
     * @throws RunShortfallError with every shortfall, one per line: a cassette, record, payload or approval file that
     *                           could not be kept, tolerant governance or minimum coverage not met
     */
    public void finish() {
        if (!selection.rerunOfRunFailure()) {
            finishRun();
            return;
        }
        try {
            finishRun();
        } catch (RunShortfallError e) {
            throw new RunShortfallError(e.getMessage() + "\n" + RUN_FAILURE_STANDS);
        }
        throw new RunShortfallError(RUN_FAILURE_STANDS);
    }

    private void finishRun() {
        // A run whose start failed has nothing to finish: its failure is the one thing to report.
        if (started == null) {
            if (configured == null) leaveEmptyShard();
            // A filter that left no test but took out invalid input: no verdict to give, the input still to name.
            if (configured == null && !selection.leftOut().isEmpty()) throw new RunShortfallError(selection.leftOutProblems());
            return;
        }
        // The JVM is shutting down and its hook concludes the run with what it has: not twice.
        if (shutdown != null && !shutdown.ending()) return;
        try {
            end();
        } finally {
            if (shutdown != null) shutdown.ended();
        }
    }

    /** The run's own end, which a shutdown arriving meanwhile waits for rather than cutting it off half-way. */
    private void end() {
        EngineConfig config = configured.config();
        RunInfo info = started.endedInfo();
        List<SimulationRecord> records = started.ledger().records();
        dispatcher.close();
        Optional<String> unrecorded = Replay.of(backend).map(replay -> replay.finish(RunPlan.testIdsOf(tests))).flatMap(report -> {
            report.lines().forEach(line -> ConsoleText.println(out, "[cognigy] " + line));
            return report.shortfall();
        });
        Optional<String> unwritten = RunApprovals.finish(started.approvals(), tests, request.getEngineExecutionListener(), out);
        try {
            if (config.deferred()) {
                new DeferredPart(config, services.environment(), services.clock(), out).leave(info, records, started.filesJudgedBy(), selection.partial(), cancelled(info, records), request,
                        started.listeners()::runFinished, planned, begun);
            } else {
                conclusion(config).conclude(info, records, started.filesJudgedBy(), started.listeners()::runFinished, cancelled(info, records));
            }
        } catch (RunShortfallError e) {
            throw new RunShortfallError(String.join("\n", shortfalls(unrecorded, unwritten, Optional.of(e.getMessage()))));
        }
        List<String> shortfalls = shortfalls(unrecorded, unwritten, Optional.empty());
        if (!shortfalls.isEmpty()) throw new RunShortfallError(String.join("\n", shortfalls));
    }

    /**
     * The run's shortfalls in the order they are told: cassettes and approval files not written (what the run recorded
     * and approved, lost), the conclusion's, invalid input left out.
     */
    private List<String> shortfalls(Optional<String> unwrittenCassettes, Optional<String> unwrittenApprovals,
                                    Optional<String> concluded) {
        List<String> all = new ArrayList<>();
        unwrittenCassettes.ifPresent(all::add);
        unwrittenApprovals.ifPresent(all::add);
        concluded.ifPresent(all::add);
        if (!selection.leftOut().isEmpty()) all.add(selection.leftOutProblems());
        return all;
    }

    /**
     * Whether JUnit cancelled the run (Surefire's {@code skipAfterFailureCount}, the console launcher's {@code --fail-fast},
     * an IDE's stop) before all its tests reported: the tests it skipped are in none of its results, so its verdict cannot
     * be the suite's. A cancellation after the last test (its failure reached Surefire's count) left none out.
     */
    private boolean cancelled(RunInfo info, List<SimulationRecord> records) {
        return request.getCancellationToken().isCancellationRequested() && records.size() < info.plannedTests();
    }

    /**
     * Where a whole run is concluded: when its tests were picked one by one, its reports go to the partial folder and it is
     * not held to the suite's minimum coverage.
     */
    private RunConclusion conclusion(EngineConfig config) {
        return new RunConclusion(config, configured.webhook(), services.environment(), services.clock(), out,
                selection.reports(config, request), selection.partial());
    }

    /**
     * A shard that selected no tests — more shards than tests, or a filter that left this one none — still leaves its
     * part, with no results, so the merge can tell a shard that ran nothing from a job that did not run. Nothing else
     * without tests writes anything: a fork's part cannot be counted anyway (and every class Surefire hands a fork
     * without simulations would leave one), a run of tests picked one by one that picked none has nothing to replace,
     * and a run that is not split has no verdict to give. No backend is started for it. A part (a shard or a fork) whose
     * launcher's filter left it nothing but invalid input leaves a part with those results, so the merged run counts them.
     */
    private void leaveEmptyShard() {
        if (!tests.getChildren().isEmpty() || selection.partial()) return;
        configuration.valid().filter(config -> config.deferred() && (config.run().shard().isPresent() || !selection.leftOut().isEmpty()))
                .ifPresent(config -> {
                    RunPlan plan = RunPlan.of(tests, config, BotSchema.UNKNOWN, config.backend().choice().id(), services.clock());
                    RunInfo info = plan.info().toBuilder().plannedTests(selection.leftOut().size())
                            .filteredOut(selection.filteredOut()).build();
                    new DeferredPart(config, services.environment(), services.clock(), out).leave(info, selection.leftOutRecords(), plan.dataFiles(), false, false,
                            request, finished -> { }, plannedTests(), null);
                });
    }

    /**
     * Which tests this JVM's run plans, as its part's mark and its part file say them: the tests of its tree and the invalid
     * input a launcher's filter left out, whose results it reports too. The same in every JVM given the same selection —
     * a shard's job run again — and another in another test class's engine run of the same shard.
     */
    private PlannedTests plannedTests() {
        Set<String> ids = new HashSet<>(RunPlan.testIdsOf(tests));
        selection.leftOut().forEach(record -> ids.add(record.uniqueId()));
        return PlannedTests.of(ids);
    }

    /**
     * Stops what the start began and closes the backend: after {@link #finish()}, and equally after
     * a start that failed half-way.
     */
    public void close() {
        try {
            if (shutdown != null) shutdown.ended();
            if (dispatcher != null) dispatcher.close();
            if (backend != null) backend.close();
        } finally {
            // The trace's last lines are the backend's closing exchanges; its file is closed whatever closing them threw.
            if (httpTrace != null) httpTrace.close();
        }
    }

    /** The settled configuration and the webhook it asks for. */
    private record Configured(EngineConfig config, Optional<Webhook> webhook) {
    }
}
