package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** The page's header says where a run's answers came from when record and replay is on, as results.json does. */
class ReplayHeaderReportTest {

    private static SimulationRecord record(String testId, boolean replayed) {
        return SimulationRecord.builder().uniqueId("u_" + testId).testId(testId).displayName(testId).source("a.sim.yaml").line(3)
                .utterance("hi").expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.9, Map.of(), "Hello", null, null)))
                .outcome(Outcome.PASSED).replayed(replayed).build();
    }

    private static String header(RunInfo run, List<SimulationRecord> records, Path dir) throws Exception {
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        String page = Files.readString(new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH));
        return page.substring(page.indexOf("<header>"), page.indexOf("</header>"));
    }

    @Test
    @DisplayName("a replayed run says so in the header, with how many answers came from cassettes and how many from the bot")
    void replayedRun(@TempDir Path dir) throws Exception {
        RunInfo run = RunInfo.builder().batchId("batch_rp").started(Instant.EPOCH).backend("sandbox")
                .replay("auto", Map.of("project", "p1")).build();
        assertThat(header(run, List.of(record("test_a", true), record("test_b", true), record("test_c", false)), dir))
                .contains("answers: 2 replayed from cassettes, 1 live (cognigy.replay=auto)");
    }

    @Test
    @DisplayName("a run without record and replay says nothing of it")
    void liveRun(@TempDir Path dir) throws Exception {
        RunInfo run = RunInfo.builder().batchId("batch_lv").started(Instant.EPOCH).backend("sandbox").build();
        assertThat(header(run, List.of(record("test_a", false)), dir)).doesNotContain("replay");
    }
}
