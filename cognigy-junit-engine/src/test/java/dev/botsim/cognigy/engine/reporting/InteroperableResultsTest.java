package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** results.json as the readers a CI step uses take it, whatever the bot answered. */
class InteroperableResultsTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_io").started(Instant.EPOCH).backend("endpoint").build();

    /** An answer cut inside an emoji, in its text and an entity's name, with a score JSON has no number for. */
    private static List<SimulationRecord> records() {
        BotTurn cut = TestTurns.turn(0, "flow_order", "check_order", Double.POSITIVE_INFINITY, Map.of("order\udc00", "ORD_1"),
                "your order \ud83d", null, null);
        return List.of(SimulationRecord.builder().uniqueId("u_cut").testId("test_cut").displayName("where is my order")
                .source("orders.sim.yaml").line(3).utterance("where is my order")
                .expected(Expectation.builder().intent("check_order").build()).actual(List.of(cut)).outcome(Outcome.PASSED)
                .duration(Duration.ofMillis(5)).build());
    }

    private static Path written(Path dir) throws Exception {
        List<SimulationRecord> records = records();
        return new ResultsJson().write(dir, RUN, RunAnalysis.of(RUN, records, new BigDecimal("0.95")), records, Instant.EPOCH);
    }

    @Test
    @DisplayName("half a surrogate pair from the bot is U+FFFD in results.json, never an escape strict readers refuse, and a"
            + " score of infinity is null")
    void loneSurrogatesAndInfinity(@TempDir Path dir) throws Exception {
        String json = Files.readString(written(dir), StandardCharsets.UTF_8);

        assertThat(json).doesNotContainIgnoringCase("\\ud83d").doesNotContainIgnoringCase("\\udc00").doesNotContain("Infinity");
        JsonNode turn = JsonMapper.builder().build().readTree(json).at("/results/0/actual/0");
        assertThat(turn.get("text").asString()).isEqualTo("your order \ufffd");
        assertThat(turn.get("entities").propertyNames()).containsExactly("order\ufffd");
        assertThat(turn.get("intent_score").isNull()).as("intent_score").isTrue();
    }

    @Test
    @DisplayName("jq reads the verdict of a run whose bot answered with half an emoji, as docs/reports.md's CI step does")
    void jqReadsIt(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/jq")), "jq is not installed: check skipped");
        Process jq = new ProcessBuilder("/usr/bin/jq", "-e", ".running != true and .governance.status == \"COMPLIANT\"",
                written(dir).toString()).redirectErrorStream(true).start();
        String said = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jq.exitValue()).as(said).isZero();
    }
}
