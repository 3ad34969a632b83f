package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replayed test whose checks fall on a part of its answer the cassette holds redacted ({@code cognigy.replay.redact})
 * was compared with nothing: tolerant governance, which tolerates wrong answers one by one, never tolerates it, and the
 * run is never COMPLIANT. The suite is tolerant at a threshold of 90 %: nine cases whose intents are judged and one whose
 * text check falls on the redacted text, so that one, tolerated as a wrong answer, would leave the build green and the
 * run COMPLIANT though its answer was never checked.
 */
class RedactedReplayToleranceTest {

    private static final String BOT = "classpath:bots/order-bot.yaml";
    private static final String ORDER = "where is my order ORD_99";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Path data;

    @BeforeEach
    void recorded() throws IOException {
        StringBuilder yaml = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 9; i++) {
            yaml.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect: { intent: greeting }\n");
        }
        yaml.append("  - id: test_order\n    utterance: ").append(ORDER).append("\n    expect: { response_contains: ORD_99 }\n");
        data = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("tolerant.sim.yaml"), yaml.toString());
        run("record", Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(10));
        console.reset();
    }

    private EngineExecutionResults run(String mode, Map<String, String> more) {
        Map<String, String> parameters = new HashMap<>(Map.of(Constants.REPLAY, mode,
                Constants.REPLAY_DIR, dir.resolve("cassettes").toString(), Constants.REPLAY_REDACT, "/answer/turns/0/text",
                Constants.GOVERNANCE_MODE, "tolerant", Constants.GOVERNANCE_THRESHOLD, "0.9"));
        parameters.putAll(more);
        return EngineTestSupport.sandboxRun(BOT, dir, console, Map.of(), parameters, selectFile(data.toFile()));
    }

    @Test
    @DisplayName("a replayed test whose check falls on its redacted text fails its test in tolerant governance — not aborted"
            + " as tolerated — and the run is REVIEW_REQUIRED (not_compared), though nine of ten passed against 90 %")
    void failsItsTestAndTheRunIsNotCompliant() {
        EngineExecutionResults replayed = run("replay", Map.of());

        replayed.testEvents().assertStatistics(stats -> stats.started(10).succeeded(9).failed(1).aborted(0));
        assertThat(EngineTestSupport.failureOf(replayed, ORDER)).hasMessageContaining("cannot judge response_contains for")
                .hasMessageNotContaining("tolerated");
        JsonNode governance = JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile()).path("governance");
        assertThat(governance.path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(governance.path("reasons").findValuesAsString("code")).containsExactly("not_compared");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("governance: REVIEW_REQUIRED")
                .doesNotContain("governance: COMPLIANT");
    }
}
