package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import org.junit.platform.testkit.engine.EngineTestKit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A split run in tolerant governance whose approved test had no approved answer in CI: its shard failed the test (it
 * was compared with nothing, so not tolerated), and the merge judges the merged records as that JVM did — exit 1, and
 * the run not COMPLIANT — though nine of ten passed against a threshold of 90 %.
 */
class UnjudgedApprovalsMergeTest {

    private static final Map<String, String> CI = Map.of("CI", "true");

    @TempDir
    Path dir;

    @Test
    @DisplayName("a tolerant merge exits 1 over a result whose answer was compared with nothing (approval: missing), naming"
            + " it, and its verdict is REVIEW_REQUIRED (not_compared), as the shard's JVM judged it")
    void tolerantMergeFailsOverAnAnswerComparedWithNothing() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 9; i++) {
            yaml.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect: { intent: greeting }\n");
        }
        yaml.append("  - id: test_order\n    utterance: where is my order ORD_99\n    expect: approved\n");
        Path data = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("tolerant.sim.yaml"), yaml.toString());
        for (int shard = 1; shard <= 2; shard++) {
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(CI::get, Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("sharded/reports").toString())
                    .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                    .configurationParameter(Constants.GOVERNANCE_MODE, "tolerant")
                    .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                    .configurationParameter(Constants.RUN_ID, "run-9")
                    .configurationParameter(Constants.SHARD, shard + "/2")
                    .selectors(selectFile(data.toFile())).execute();
        }
        Path out = dir.resolve("merged");

        Merge merged = Merge.run(List.of("--out", out.toString(), "-D" + Constants.GOVERNANCE_MODE + "=tolerant",
                dir.resolve("sharded/reports").toString()), CI);

        assertThat(merged.code()).as(merged.err()).isEqualTo(1);
        // The records the merge judged: the shard's result, failed and not tolerated, says why in its approval.
        List<dev.botsim.cognigy.spi.SimulationRecord> records = new java.util.ArrayList<>();
        for (Path part : MergeCommand.partFiles(List.of(dir.resolve("sharded/reports").toString()))) {
            records.addAll(dev.botsim.cognigy.engine.shard.RunPart.read(part).records());
        }
        assertThat(records).filteredOn(r -> r.testId().equals("test_order")).singleElement()
                .satisfies(r -> assertThat(r.approval()).isEqualTo(dev.botsim.cognigy.spi.SimulationRecord.Approval.MISSING));
        FailedTests failed = FailedTests.of("run-9", records, true);
        assertThat(failed.reason()).startsWith("1 of 10 simulations of run run-9 did not pass (tolerant governance")
                .contains("test_order (failed, ");
        JsonNode results = JsonMapper.builder().build().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results.path("governance").path("reasons").findValuesAsString("code")).containsExactly("not_compared");
        assertThat(merged.out()).doesNotContain("governance: COMPLIANT");
    }
}
