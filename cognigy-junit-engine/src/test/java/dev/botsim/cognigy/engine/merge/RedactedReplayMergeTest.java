package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A split run in tolerant governance that replayed a test whose check falls on a part its cassette holds redacted: its
 * shard failed the test (compared with nothing, so not tolerated), its record says so, and the merge judges the merged
 * records as that JVM did — exit 1, and the run not COMPLIANT — though nine of ten passed against a threshold of 90 %.
 */
class RedactedReplayMergeTest {

    @TempDir
    Path dir;

    private void run(Path data, String mode, Map<String, String> more) {
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.<String, String>of()::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                .configurationParameter(Constants.REPLAY_REDACT, "/answer/turns/0/text")
                .configurationParameter(Constants.GOVERNANCE_MODE, "tolerant")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9");
        more.forEach(kit::configurationParameter);
        kit.selectors(selectFile(data.toFile())).execute();
    }

    @Test
    @DisplayName("a tolerant merge exits 1 over a replayed result whose check fell on a redacted part (unjudged), naming it,"
            + " and its verdict is REVIEW_REQUIRED (not_compared), as the shard's JVM judged it")
    void tolerantMergeFailsOverChecksOfARedactedPart() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 9; i++) {
            yaml.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect: { intent: greeting }\n");
        }
        yaml.append("  - id: test_order\n    utterance: where is my order ORD_99\n    expect: { response_contains: ORD_99 }\n");
        Path data = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("tolerant.sim.yaml"), yaml.toString());
        run(data, "record", Map.of());
        Path reports = dir.resolve("sharded/reports");
        for (int shard = 1; shard <= 2; shard++) {
            run(data, "replay", Map.of(Constants.REPORT_DIR, reports.toString(), Constants.RUN_ID, "run-9",
                    Constants.SHARD, shard + "/2"));
        }

        Merge merged = Merge.run(List.of("--out", dir.resolve("merged").toString(), "-D" + Constants.GOVERNANCE_MODE + "=tolerant",
                reports.toString()), Map.of());

        assertThat(merged.code()).as(merged.err()).isEqualTo(1);
        List<SimulationRecord> records = new ArrayList<>();
        for (Path part : MergeCommand.partFiles(List.of(reports.toString()))) records.addAll(RunPart.read(part).records());
        assertThat(records).hasSize(10).filteredOn(SimulationRecord::unjudged).singleElement()
                .satisfies(r -> assertThat(r.testId()).isEqualTo("test_order"));
        assertThat(FailedTests.of("run-9", records, true).reason()).startsWith("1 of 10 simulations of run run-9 did not pass")
                .contains("test_order (failed, ");
        JsonNode results = JsonMapper.builder().build().readTree(dir.resolve("merged/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results.path("governance").path("reasons").findValuesAsString("code")).containsExactly("not_compared");
        assertThat(merged.out()).doesNotContain("governance: COMPLIANT");
    }
}
