package dev.botsim.cognigy.engine.reporting;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A JVM appending one run's GitHub Actions job summary to the file given, as the engine does, for {@link
 * GitHubActionsReportFileTest} to run under a file-size limit (a disk that fills up half-way through the append). Arguments:
 * the summary file. Prints what the report printed.
 */
public final class JobSummaryMain {

    private JobSummaryMain() {
    }

    public static void main(String[] args) {
        RunInfo run = RunInfo.builder().batchId("batch_summary00000").started(Instant.parse("2026-03-01T10:00:00Z")).backend("scripted")
                .expectedFlows(List.of("flow_greeting")).plannedTests(200).build();
        List<SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_" + i + "]").testId("test_" + i)
                    .displayName("hi " + i).source("greetings.sim.yaml").line(2 + i).utterance("hello there, number " + i)
                    .expected(Expectation.builder().intent("greeting").build())
                    .actual(List.of(TestTurns.turn(0, "flow_other", "other", 0.9, Map.of(), "Something else entirely " + i, null, null)))
                    .outcome(Outcome.FAILED).message("expected intent greeting but was other " + i).duration(Duration.ofMillis(5)).build());
        }
        Map<String, String> environment = Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", Path.of(args[0]).toString());
        new GitHubActionsReport(EngineConfig.defaults(), environment::get, System.out, null).runFinished(new FinishedRun(run, records,
                RunAnalysis.of(run, records, new BigDecimal("0.95")), null, WrittenReports.notWritten("not needed here")));
    }
}
