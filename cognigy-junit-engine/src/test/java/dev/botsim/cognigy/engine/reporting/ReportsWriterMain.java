package dev.botsim.cognigy.engine.reporting;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A JVM writing one run's reports into a folder as the engine does, for {@link ReportWriterTest} to run under a file-size
 * limit (a disk full, as the process sees it). Arguments: the folder and the run's batch id. Prints what the writer said:
 * {@code written} or {@code not written (…)}.
 */
public final class ReportsWriterMain {

    private ReportsWriterMain() {
    }

    public static void main(String[] args) {
        RunInfo run = RunInfo.builder().batchId(args[1]).started(Instant.parse("2026-03-01T10:00:00Z")).backend("scripted")
                .expectedFlows(List.of("flow_greeting")).plannedTests(1).build();
        List<SimulationRecord> records = List.of(SimulationRecord.builder()
                .uniqueId("[engine:cognigy]/[case:test_hi]").testId("test_hi").displayName("hi").source("greetings.sim.yaml").line(2)
                .utterance("hi").expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!", null, null)))
                .outcome(Outcome.PASSED).duration(Duration.ofMillis(5)).build());
        WrittenReports written = new ReportWriter(java.nio.file.Path.of(args[0]), (path, mediaType) -> { })
                .write(run, RunAnalysis.of(run, records, new BigDecimal("0.95")), records, Instant.parse("2026-03-01T10:01:00Z"));
        System.out.println(written.problem() == null ? "written" : "not written (" + written.problem() + ")");
    }
}
