package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A split run's skipped results say why in the merged results.json as a single run's do. */
class SkipReasonsMergeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a turn skipped after a failed one in a shard is skip_reason earlier_turn_failed in the merged results.json,"
            + " as in the shard's own; the merge's other results carry no skip_reason")
    void skipReasonReachesTheMergedResults() throws Exception {
        Path data = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("skips.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hello
                    utterance: hello
                    expect: { intent: greeting }
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        expect: { intent: escalate }
                      - say: where is my order
                        expect: { intent: check_order }
                """);
        for (int shard = 1; shard <= 2; shard++) {
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("sharded/reports").toString())
                    .configurationParameter(Constants.RUN_ID, "run-9")
                    .configurationParameter(Constants.SHARD, shard + "/2")
                    .selectors(selectFile(data.toFile())).execute();
        }
        Path out = dir.resolve("merged");

        Merge merged = Merge.run(List.of("--out", out.toString(), dir.resolve("sharded/reports").toString()), Map.of());

        assertThat(merged.code()).as(merged.err()).isEqualTo(1);
        Map<String, JsonNode> byTest = new HashMap<>();
        JsonMapper.builder().build().readTree(out.resolve("results.json").toFile()).path("results")
                .forEach(r -> byTest.put(r.path("test_id").asString(), r));
        assertThat(byTest).containsOnlyKeys("test_hello", "test_conv#1", "test_conv#2");
        assertThat(byTest.get("test_conv#2").path("outcome").asString()).isEqualTo("SKIPPED");
        assertThat(byTest.get("test_conv#2").path("skip_reason").asString()).isEqualTo("earlier_turn_failed");
        assertThat(byTest.get("test_conv#1").has("skip_reason")).isFalse();
        assertThat(byTest.get("test_hello").has("skip_reason")).isFalse();
    }
}
