package dev.botsim.cognigy.engine.lifecycle;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.platform.engine.ExecutionRequest;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.reporting.FinishedRun;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.reporting.WrittenReports;
import dev.botsim.cognigy.engine.shard.PlannedTests;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The end of one JVM's part of a split run ({@code cognigy.shard}, or {@code cognigy.run.defer} in a Surefire fork):
 * it reports its own part in a folder of its own below the run's — {@code results.json} (with the run id and shard),
 * {@code index.html} and the part file {@code merge} reads — and leaves the verdict, the audit record and the webhook
 * to the merge, which concludes the whole run once. Nothing here fails the JVM over the pass rate: a part's pass rate
 * is not the run's. A part file that cannot be written does fail it, since the merge would then miss it. A shard
 * that selected no tests leaves a part too, with no results: the merge then sees every shard of the run. The part says
 * the attempt of the CI's workflow run it ran in, from {@code environment} ({@link RunPart#attempt}), for the merge to
 * tell a shard re-run into its result from one that ran once.
 */
record DeferredPart(EngineConfig config, Function<String, String> environment, Clock clock, PrintStream out) {

    /**
     * Marks the part as begun, before its backend starts, so a JVM that never writes its part file — killed, crashed, or
     * its run unable to start — leaves a mark that {@code merge} refuses the run over instead of judging it without this
     * part's tests. The mark says which tests the run planned, as the part will: only a part that planned the same tests
     * (its shard run again) can stand for it in the merge, not another engine run of the same shard.
     *
     * @param planned the tests the run plans ({@link PlannedTests})
     * @return the mark, to remove once the part file is written; {@code null} when it could not be written (said)
     */
    Path begin(PlannedTests planned) {
        String runId = config.run().runId().orElseThrow();
        try {
            return RunPart.begin(config.reportDir(), new RunPart.Begun(runId, config.run().shard().map(Object::toString).orElse(null),
                    RunPart.suite(System::getProperty), clock.instant(), null, planned));
        } catch (IOException | RuntimeException e) {
            ConsoleText.println(out, "[cognigy] WARNING run " + runId + ": cannot mark this part as begun in "
                    + config.reportDir().resolve(runId).toAbsolutePath() + " (" + FileFailures.reason(e) + "): should this JVM end before"
                    + " its part is written, merge cannot tell that it is missing");
            return null;
        }
    }

    /**
     * @param cancelled whether JUnit cancelled the run before all its tests ran: the merge concludes it INTERRUPTED
     * @param planned   the tests the run planned, as its mark says them ({@link #begin})
     * @param begun     the mark {@link #begin} left, removed once the part file is written; {@code null}: none
     */
    void leave(RunInfo info, List<SimulationRecord> records, Map<String, String> dataFiles, boolean partial, boolean cancelled,
               ExecutionRequest request, Consumer<FinishedRun> listeners, PlannedTests planned, Path begun) {
        String runId = config.run().runId().orElseThrow();
        String shard = config.run().shard().map(Object::toString).orElse(null);
        Path folder = RunPart.folder(config.reportDir(), runId, info.batchId());
        Instant finished = clock.instant();
        // The part's own figures, its verdict the merge's: reports and listeners are told it is one part.
        RunAnalysis analysis = RunAnalysis.of(info, records, BigDecimal.valueOf(config.governanceThreshold()), config.fragileMargin(),
                        config.governance().perLocale())
                .deferred(info.part());
        WrittenReports reports = ReportWriter.of(folder, request).write(info, analysis, records, finished);
        if (begun != null) {
            try {
                // The mark names the part before the part is there: a JVM killed between the part and the mark's removal
                // leaves a mark merge can match to the part it wrote.
                Optional<RunPart.Begun> mark = RunPart.readBegun(begun);
                if (mark.isPresent()) RunPart.writing(begun, mark.get().writing(info.batchId()));
            } catch (IOException | RuntimeException e) {
                // As before marks named their part: only a JVM killed in the instant after its part is written is refused.
            }
        }
        Path file;
        try {
            file = new RunPart(RunPart.SCHEMA_VERSION, runId, shard, RunPart.suite(System::getProperty), partial,
                    RunPart.selection(request.getConfigurationParameters()::get), cancelled, info, finished, dataFiles, records, planned,
                    RunPart.attempt(environment), RunPart.attemptVariable(environment)).write(folder, config.secrets().shardKey());
        } catch (IOException | RuntimeException e) {
            // Why in the operating system's words (a message that is a path alone says nothing), and what to do.
            throw new RunShortfallError("the part of run " + runId + " could not be written to " + folder.toAbsolutePath()
                    + FileFailures.reason(e, folder.resolve(RunPart.FILE_NAME).toAbsolutePath()).map(why -> " (" + why + ")")
                    .orElse("") + ": merge would miss its " + records.size() + " results — "
                    + FileFailures.writableFix(folder.resolve(RunPart.FILE_NAME).toAbsolutePath(), Path::toString, Constants.REPORT_DIR)
                    + ", and run this part again under run id " + runId);
        }
        if (begun != null) {
            try {
                RunPart.finished(begun);
            } catch (IOException e) {
                throw new RunShortfallError("the part of run " + runId + " was written to " + file.toAbsolutePath() + " but its mark "
                        + begun.toAbsolutePath() + " could not be removed (" + e.getMessage() + "): merge will take the part as"
                        + " unfinished; delete the mark");
            }
        }
        listeners.accept(new FinishedRun(info, records, analysis, null, reports));
        String what = shard == null ? "this part" : "shard " + shard;
        // A shard without tests says so: its part is written all the same, for the merge to count the shard as run.
        if (records.isEmpty()) what += ", which selected no tests,";
        if (cancelled) what += ", cancelled with " + records.size() + " of " + info.plannedTests() + " tests reported (the merged run"
                + " will be INTERRUPTED),";
        // What the merge gives (verdict, coverage, audit record, webhook) the summary line above already says.
        ConsoleText.println(out, "[cognigy] run " + runId + ": " + what + " written to " + file.toAbsolutePath() + "; "
                + howToMerge(runId, config.run().shard().orElse(null), config.reportDir().resolve(runId)));
    }

    /**
     * How the part is merged. A fork cannot tell whether its build merges (cognigy:merge) or a later CI step does: both
     * ways are named. A CI shard's job merges nothing, and its own folder holds its part alone, which a merge refuses as a
     * run missing shards: the other shards' folders go with it, in a job after them all.
     */
    static String howToMerge(String runId, dev.botsim.cognigy.engine.config.Shard shard, java.nio.file.Path runFolder) {
        String jar = "java -jar cognigy-junit-engine-<version>-standalone.jar merge";
        if (shard == null) return "merge: cognigy:merge at verify in a Maven build, else " + jar + " " + runFolder;
        if (shard.count() == 1) return "merge: " + jar + " " + runFolder;
        return "merge: once all " + shard.count() + " shards have run, in one job given every shard's reports: " + jar
                + " -Dcognigy.run-id=" + runId + " <the shards' report folders> (docs/ci.md)";
    }
}
