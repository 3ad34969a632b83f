package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.RunPolicy;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.reporting.FinishedRun;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.reporting.WrittenReports;
import dev.botsim.cognigy.engine.replay.ReplaySettings;
import dev.botsim.cognigy.engine.webhook.Webhook;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What makes a finished run's verdict, in the order it must happen: analysed once; its audit record appended, so its
 * checkpoint exists; the webhook payload, which carries that checkpoint, written to the outbox, so a JVM killed from
 * here on loses no result; the reports written; the listeners told; the payload sent; and what the run as a whole must
 * achieve checked. A run in one JVM ends here, and so does a run split across JVMs, once {@code merge} has put its
 * parts together: one code path, so the verdict cannot depend on how the suite was split.
 *
 * @param webhook     the webhook the configuration asks for, or empty
 * @param environment where the audit record finds who ran it (CI variables)
 * @param reports     where the reports go
 * @param pickedOneByOne whether the run's tests were picked one by one (by unique id, method or line: an IDE's run of a
 *                    test, Surefire's rerun of failures) rather than being the suite: its coverage is of those tests only,
 *                    so the console says so and {@code cognigy.coverage.minimum} is not checked
 */
public record RunConclusion(EngineConfig config, Optional<Webhook> webhook, Function<String, String> environment, Clock clock,
                            PrintStream out, ReportWriter reports, boolean pickedOneByOne) {

    /** The conclusion of a whole run (or of a split run's merged parts). */
    public RunConclusion(EngineConfig config, Optional<Webhook> webhook, Function<String, String> environment, Clock clock,
                         PrintStream out, ReportWriter reports) {
        this(config, webhook, environment, clock, out, reports, false);
    }

    /**
     * @param dataFiles SHA-256 of each data file of the run, by resource, for the audit record
     * @param listeners told of the finished run, after the reports are written
     * @return the run as concluded: its analysis with the verdict the audit record allows, its checkpoint and reports
     * @throws RunShortfallError with every shortfall, one per line: the verdict's reasons the run fails for, in the
     *                           verdict's order (a record that could not be kept, tolerant governance, required live
     *                           answers not met), minimum coverage not met, a payload that could not be kept
     */
    public FinishedRun conclude(RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles,
                                Consumer<FinishedRun> listeners) {
        return conclude(info, records, dataFiles, listeners, false);
    }

    /**
     * As {@link #conclude(RunInfo, List, Map, Consumer)}, for a run that may have been cancelled before all its tests ran
     * (JUnit's cancellation: Surefire's {@code skipAfterFailureCount}, an IDE's stop button): a cancelled run is
     * {@code INTERRUPTED} whatever the pass rate of the tests it ran — the ones it never got to could have failed — and is
     * not held to the suite's minimum coverage. Unlike a JVM shutting down, it has time to send its webhook.
     *
     * @param cancelled whether the run was cancelled
     */
    public FinishedRun conclude(RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles,
                                Consumer<FinishedRun> listeners, boolean cancelled) {
        RunPolicy policy = policy(cancelled);
        if (cancelled) {
            ConsoleText.println(out, "[cognigy] run " + info.batchId() + " was cancelled with " + records.size() + " of "
                    + info.plannedTests() + " tests reported: it is concluded with them as INTERRUPTED"
                    + (config.coverageMinimum().isPresent() ? "; cognigy.coverage.minimum is not checked" : ""));
        }
        if (pickedOneByOne) {
            ConsoleText.println(out, "[cognigy] " + records.size() + (records.size() == 1 ? " test" : " tests")
                    + " picked one by one (by unique id, method or line): the verdict and coverage below are "
                    + (records.size() == 1 ? "its" : "theirs") + ", not the suite's"
                    + (config.coverageMinimum().isPresent() ? "; cognigy.coverage.minimum is not checked" : ""));
        }
        filteredOut(info).ifPresent(line -> ConsoleText.println(out, line));
        UnaryOperator<RunAnalysis> judged = answersJudged(policy, info, records);
        Recorded recorded = record(info, records, dataFiles, listeners, audit(), policy, cancelled
                ? analysis -> judged.apply(analysis).interrupted(VerdictReasons.cancelled(records.size(), info.plannedTests()))
                : judged);
        // The verdict's reasons in its order, the audit record's among them (the verdict is UNAUDITED for it), then the
        // coverage; then the payload, which is no reason of the verdict's.
        List<String> shortfalls = new ArrayList<>(policy.shortfalls(recorded.finished().analysis(), info.bot().flows()));
        Optional<String> lost = webhook.flatMap(w -> w.send(info, records, recorded.summary()));
        lost.ifPresent(shortfalls::add);
        if (!shortfalls.isEmpty()) throw new RunShortfallError(String.join("\n", shortfalls), lost.isPresent());
        return recorded.finished();
    }

    /**
     * The console's line for a run some of whose discovered tests a filter of the launcher took out (a tag filter, a
     * method-name filter), said before the verdict as a run of tests picked one by one is: the verdict is the run's own,
     * and is of the tests that ran, not of those the filter took out. Empty when no filter took any.
     */
    static Optional<String> filteredOut(RunInfo info) {
        if (info.filteredOut() <= 0) return Optional.empty();
        long discovered = info.plannedTests() + info.filteredOut();
        return Optional.of("[cognigy] " + info.filteredOut() + " of " + discovered + " tests left out by a filter of the launcher"
                + " (tags, method names): the verdict and coverage below are of the " + info.plannedTests() + " that ran");
    }

    /** What the policy makes of where the run's answers came from, the same for a run however it ends. */
    private static UnaryOperator<RunAnalysis> answersJudged(RunPolicy policy, RunInfo info, List<SimulationRecord> records) {
        // Any answer from a cassette: a test partly replayed passed on answers the bot gave when they were recorded, too.
        long replayed = ReplayFields.withReplayedAnswers(records);
        // The sandbox in the bot's place, as the run (or each part of a split run) found it: never this JVM's configuration,
        // which in a merge is the merge job's, without the parts' environment variables.
        Optional<String> standIn = Optional.ofNullable(info.standIn());
        // A replayed answer is the bot's answer as it was, a stand-in's never the bot's: a pipeline may require the bot's
        // answer as it is.
        return analysis -> policy.judgeAnswers(analysis, replayed, standIn);
    }

    /** The policy a run is held to: coverage only for a suite run to its end. */
    private RunPolicy policy(boolean stoppedEarly) {
        // A few tests reach a few flows: their coverage says nothing of the suite's, which the minimum is about.
        return new RunPolicy(config.tolerant(), pickedOneByOne || stoppedEarly ? Optional.empty() : config.coverageMinimum(),
                ReplaySettings.of(config).requireLive());
    }

    /**
     * Concludes a run the JVM is shutting down in the middle of, with the results it has: {@code INTERRUPTED}, its
     * audit record appended, its payload written to the outbox but not sent (the next run with the webhook delivers
     * it: a CI job's grace period is no time for retries), its reports written, its listeners told. Nothing is thrown:
     * what could not be kept is printed, as there is no test left to fail. All within the shutdown hook's {@code budget}:
     * the audit record waits for another process's lock on the trail no longer than what is left of it, and is left out
     * past it — said in one WARNING line — rather than appended without the lock.
     */
    void concludeInterrupted(RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles,
                             Consumer<FinishedRun> listeners, ShutdownBudget budget) {
        RunPolicy policy = policy(true);
        UnaryOperator<RunAnalysis> judged = answersJudged(policy, info, records);
        Recorded recorded = record(info, records, dataFiles, listeners, audit().during(budget), policy, analysis -> judged.apply(analysis)
                .interrupted(VerdictReasons.interrupted(records.size(), info.plannedTests())));
        if (webhook.isPresent()) {
            ConsoleText.println(out, "[cognigy] webhook: the interrupted run's payload is not sent now; kept in the outbox, the next run with the"
                    + " webhook delivers it");
        }
        recorded.audit().shortfall().ifPresent(shortfall -> ConsoleText.println(out, "[cognigy] WARNING " + shortfall));
    }

    /** The run's audit, as its own end makes it ({@link RunAudit#during} for a JVM shutting down). */
    private RunAudit audit() {
        return new RunAudit(config.auditFile(), environment, clock, out);
    }

    /** What every conclusion does before sending: the run as the audit record, outbox, reports and listeners have it. */
    private record Recorded(FinishedRun finished, RunSummary summary, AuditOutcome audit) {
    }

    /**
     * Steps 2 to 6 of a run's end, in their order: analysed once (its verdict as {@code verdict} makes it), the audit
     * record appended, the webhook payload written to the outbox, the reports written, the listeners told — with the
     * coverage shortfall {@code policy} finds, which the run's failure will give, so a report saying why the build fails
     * says what the run decided.
     */
    private Recorded record(RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles,
                            Consumer<FinishedRun> listeners, RunAudit auditing, RunPolicy policy,
                            UnaryOperator<RunAnalysis> verdict) {
        RunAnalysis analysis = verdict.apply(RunAnalysis.of(info, records, BigDecimal.valueOf(config.governanceThreshold()),
                config.fragileMargin(), config.governance().perLocale()));
        // A JVM stopped between the audit record and the outbox leaves a run the trail holds and the QA platform never
        // receives: marked first, so the next run says so.
        if (config.auditFile().isPresent()) webhook.ifPresent(w -> w.concluding(info));
        AuditOutcome audit;
        RunAnalysis judged;
        RunSummary summary;
        try {
            audit = auditing.append(info, analysis, records, dataFiles);
            judged = audit.applyTo(analysis);
            summary = judged.summary().withAudit(audit.checkpoint());
            webhook.ifPresent(w -> w.writeAhead(info, records, summary));
        } finally {
            webhook.ifPresent(w -> w.leftConcluding(info));
        }
        WrittenReports written = reports.write(info, judged, records, clock.instant());
        FinishedRun finished = new FinishedRun(info, records, judged, audit.checkpoint(), written, policy.coverageShortfall(judged, info.bot().flows()));
        listeners.accept(finished);
        return new Recorded(finished, summary, audit);
    }
}
