package dev.botsim.cognigy.engine.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.reporting.Listeners;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What one engine execution shares across its tests: the backend, the bot's schema, the cap on
 * simulations in flight, and the listeners that receive every finished simulation.
 */
public final class SimulationRun {

    private final String batchId;
    private final EngineConfig config;
    private final Backend backend;
    private final BotSchema schema;
    private final Semaphore inFlight;
    private final Listeners listeners;
    private final RunInfo info;
    private final Clock clock;
    private final Map<UniqueId, PreflightProblem> preflightProblems;
    private final List<SimulationRecord> records = new ArrayList<>();
    private volatile RunCancellation cancellation = new RunCancellation(CancellationToken.disabled());
    private volatile EngineExecutionListener reporting;
    private final Map<String, String> dataFiles = new java.util.TreeMap<>();
    private volatile SimulationPipeline pipeline;

    private SimulationRun(EngineConfig config, Backend backend, BotSchema schema, Listeners listeners, RunInfo info,
                          Clock clock, Map<UniqueId, PreflightProblem> preflightProblems) {
        this.batchId = info.batchId();
        this.config = config;
        this.backend = backend;
        this.schema = schema;
        this.inFlight = new Semaphore(config.maxConcurrency(), true);
        this.listeners = listeners;
        this.info = info;
        this.clock = clock;
        this.preflightProblems = preflightProblems;
    }

    /**
     * Fetches the bot's schema and checks every test's expectations against it before anything is
     * submitted, then tells the listeners the run has started.
     */
    public static SimulationRun start(EngineConfig config, Backend backend, TestDescriptor root, Listeners listeners,
                                      Clock clock) {
        BotSchema schema = backend.schema();
        Map<UniqueId, PreflightProblem> problems = new LinkedHashMap<>();
        long planned = 0;
        for (TestDescriptor descriptor : root.getDescendants()) {
            if (!descriptor.isTest()) continue;
            planned++;
            if (descriptor instanceof DeclaresExpectations declared) {
                PreflightProblem.of(schema, declared.declaredExpectations()).ifPresent(p -> problems.put(descriptor.getUniqueId(), p));
            }
        }
        Set<String> flows = new TreeSet<>(config.extraFlows());
        Set<String> bots = new TreeSet<>();
        root.accept(d -> {
            if (d instanceof ExpectsFlows expects) {
                flows.addAll(expects.expectedFlows());
                if (expects.botName() != null) bots.add(expects.botName());
            }
        });
        String batchId = "batch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        RunInfo info = RunInfo.builder().batchId(batchId).started(clock.instant()).backend(backend.name())
                .botName(bots.isEmpty() ? null : String.join(", ", bots)).expectedFlows(List.copyOf(flows)).plannedTests(planned)
                .configuration(config.parameters()).bot(RunInfo.BotFacts.builder().intents(schema.intents().orElse(Set.of()))
                        .entities(schema.entities().orElse(Set.of())).flows(schema.flows().orElse(Set.of()))
                        .unknown(schema.unknown()).build())
                .build();
        SimulationRun run = new SimulationRun(config, backend, schema, listeners, info, clock, problems);
        root.accept(d -> {
            if (d instanceof UsesDataFile file && file.sha256() != null) run.dataFiles.put(file.resource(), file.sha256());
        });
        listeners.runStarted(info);
        return run;
    }

    public String batchId() {
        return batchId;
    }

    public EngineConfig config() {
        return config;
    }

    public BotSchema schema() {
        return schema;
    }

    public Clock clock() {
        return clock;
    }

    /** See {@link Backend#missingNluDataHint()}. */
    public Optional<String> missingNluDataHint() {
        return backend.missingNluDataHint();
    }

    /** Why the test cannot run against this bot, found before anything was submitted. */
    public Optional<PreflightProblem> preflightProblem(UniqueId test) {
        return Optional.ofNullable(preflightProblems.get(test));
    }

    /**
     * Lets a cancelled run (fail-fast, Surefire's {@code skipAfterFailureCount}, IDE stop) end at
     * once: tests waiting for a slot and simulations queued are never sent, those in flight are
     * interrupted, and their tests are aborted. Watches the token until {@link #finish}.
     */
    public SimulationRun cancelledBy(CancellationToken token) {
        RunCancellation previous = this.cancellation;
        this.cancellation = new RunCancellation(token);
        previous.close();
        if (pipeline != null) cancellation.onCancel(pipeline::cancel);
        return this;
    }

    /** Where tests publish their report entries (the retries their messages took). */
    public SimulationRun reportingTo(EngineExecutionListener listener) {
        this.reporting = listener;
        return this;
    }

    /**
     * Publishes each retry a test's messages took as a report entry of the test, so the cost of a
     * flaky environment is visible where the test's result is (IDE, Surefire, console launcher).
     */
    void publishRetries(TestDescriptor test, List<String> retries) {
        EngineExecutionListener listener = reporting;
        if (listener == null) return;
        for (int i = 0; i < retries.size(); i++) {
            listener.reportingEntryPublished(test, ReportEntry.from("cognigy.retry." + (i + 1), retries.get(i)));
        }
    }

    /**
     * Gives up a run whose start failed after {@link #start}: stops watching for cancellation and
     * drops the simulations started ahead. The caller closes the backend.
     */
    public void abandon() {
        cancellation.close();
        if (pipeline != null) pipeline.close();
    }

    /**
     * Starts these single-turn simulations now, in order, on the run's own threads, so that
     * {@code max-concurrency} stay in flight regardless of how JUnit schedules the tests.
     */
    public void startAhead(Map<UniqueId, java.util.function.Supplier<TurnRequest>> simulations) {
        if (simulations.isEmpty()) return;
        SimulationPipeline started = new SimulationPipeline(config.maxConcurrency());
        simulations.forEach((test, request) -> started.start(test, request, r -> {
            try {
                return send(r);
            } catch (InterruptedException e) {
                // The pipeline's own thread, stopped by the pipeline's cancel or close: nobody awaits it any more.
                Thread.currentThread().interrupt();
                throw RunCancellation.aborted(RunCancellation.NOT_SENT);
            }
        }));
        this.pipeline = started;
        cancellation.onCancel(started::cancel);
    }

    /** The result of this test's simulation if it was started ahead, waiting for it. */
    Optional<TurnResult> awaitStartedAhead(UniqueId test) throws InterruptedException {
        SimulationPipeline started = pipeline;
        return started == null ? Optional.empty() : started.await(test);
    }

    /**
     * Sends one message, waiting for a free slot when {@code max-concurrency} simulations are in
     * flight. Once the run is cancelled nothing more is sent, and a message in flight is abandoned:
     * either way the test is aborted.
     */
    public TurnResult send(TurnRequest request) throws InterruptedException {
        RunCancellation cancellation = this.cancellation;
        while (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            cancellation.abortIfRequested(RunCancellation.NOT_SENT);
        }
        try {
            return cancellation.interruptible(() -> backend.send(request));
        } finally {
            inFlight.release();
        }
    }

    /**
     * Idempotency key of a test's submission: the same for every retry within this run (so a retried
     * POST never creates a second simulation) and different across runs.
     */
    public String idempotencyKey(UniqueId test, int turn) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((batchId + '\n' + test + '\n' + turn).getBytes(StandardCharsets.UTF_8));
            return batchId + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void record(SimulationRecord record) {
        synchronized (records) {
            records.add(record);
        }
        listeners.simulationFinished(record);
    }

    public Duration elapsedSince(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /**
     * Ends the run: {@code audit} runs first with the analysis (the audit record, whose checkpoint
     * listeners forward), then the listeners get every record and the verdict the audit allows, and
     * the backend closes.
     *
     * @return the analysis listeners received: UNAUDITED when the audit record could not be written
     */
    public RunAnalysis finish(java.util.function.Function<RunAnalysis, AuditOutcome> audit) {
        List<SimulationRecord> all;
        synchronized (records) {
            all = List.copyOf(records);
        }
        cancellation.close();
        if (pipeline != null) pipeline.close();
        RunAnalysis judged;
        try {
            RunAnalysis analysis = RunAnalysis.of(info, all, java.math.BigDecimal.valueOf(config.governanceThreshold()));
            AuditOutcome audited = audit.apply(analysis);
            judged = audited.applyTo(analysis);
            listeners.runFinished(info, all, judged.summary().withAudit(audited.checkpoint()));
        } finally {
            backend.close();
        }
        return judged;
    }

    /** Simulations sent and not yet answered. */
    public int inFlight() {
        return config.maxConcurrency() - inFlight.availablePermits();
    }

    /**
     * How busy the run is, for progress lines: simulations in flight and, when 429s have cut it, the
     * limit the server currently allows.
     */
    public String load() {
        return load(inFlight(), config.maxConcurrency(), backend.concurrency());
    }

    static String load(int inFlight, int maxConcurrency, Optional<dev.botsim.cognigy.engine.backend.ConcurrencyLimit.State> limit) {
        String inFlightNow = inFlight + " in flight";
        return limit.filter(state -> state.limit() < maxConcurrency)
                .map(state -> inFlightNow + " (limit " + state.limit() + " of " + maxConcurrency + " after 429s)")
                .orElse(inFlightNow);
    }

    public RunInfo info() {
        return info;
    }

    /** Every record so far. */
    public List<SimulationRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Data files of the run by resource, with their SHA-256. */
    public Map<String, String> dataFiles() {
        return java.util.Collections.unmodifiableMap(dataFiles);
    }
}
