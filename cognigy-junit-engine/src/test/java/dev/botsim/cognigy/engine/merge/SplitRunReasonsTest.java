package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.DisabledSimulation;
import dev.botsim.cognigy.engine.support.WindowsConsole;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why the verdict is not COMPLIANT, in a split run: the merge concludes the parts' results as one JVM concludes the same
 * results, so its reasons are the single run's — the same codes with the same messages, in {@code results.json}, the audit
 * record and the webhook payload — and where the merge exits 1 for one of them, it says the single run's failure.
 */
class SplitRunReasonsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private MockWebServer receiver;
    /** Deliveries already read: the receiver counts every request it ever had. */
    private int taken;

    @BeforeEach
    void receiver() throws Exception {
        receiver = SandboxSplitRuns.receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private record Merge(int code, String out, String err) {
    }

    private Merge merge(String parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Its lines end as on Windows: a failure of several lines must be printed line by line.
        WindowsConsole err = new WindowsConsole();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve(parts + "/reports").toString()),
                SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8), err);
        assertThat(err.hasBareLineFeed()).as("a line of the merge's errors ended by LF alone: %s", err.text()).isFalse();
        return new Merge(code, out.toString(StandardCharsets.UTF_8), err.text());
    }

    /** The reasons as one run's consumers got them: results.json's, the audit record's and the payload's, which must agree. */
    private JsonNode reasons(Path results, String audited, String path) throws Exception {
        JsonNode reasons = JSON.readTree(results.toFile()).path("governance").path("reasons");
        List<String> trail = Files.readAllLines(dir.resolve(audited + "/audit.jsonl"));
        assertThat(trail).as("one audit record").hasSize(1);
        assertThat(JSON.readTree(trail.get(0)).path("governance_reasons")).as("the audit record's").isEqualTo(reasons);
        List<RecordedRequest> deliveries = new ArrayList<>();
        for (; taken < receiver.getRequestCount(); taken++) {
            RecordedRequest request = receiver.takeRequest();
            if (request.getUrl().encodedPath().equals("/" + path)) deliveries.add(request);
        }
        assertThat(deliveries).as("one delivery to /" + path).hasSize(1);
        assertThat(JSON.readTree(deliveries.get(0).getBody().utf8()).path("governance_reasons")).as("the payload's").isEqualTo(reasons);
        return reasons;
    }

    private static List<String> codes(JsonNode reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(reason -> codes.add(reason.path("code").asString()));
        return codes;
    }

    @Test
    @DisplayName("2 of 3 passed and a data file that could not be read, in one JVM and in 2 shards merged: below_threshold and"
            + " invalid_input with the same messages in results.json, the audit record and the webhook")
    void shardsMergeIntoTheSingleRunsReasons() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.sim.yaml"), "cases:\n  - id: test_broken\n    utterance: [unclosed\n");
        DiscoverySelector[] suite = {selectClasspathResource("e2e/shards/three.sim.yaml"), selectFile(broken.toFile())};

        SandboxSplitRuns.configured(dir, receiver, "single").selectors(suite).execute();
        JsonNode single = reasons(dir.resolve("single/reports/results.json"), "single", "single");
        assertThat(codes(single)).containsExactly("below_threshold", "invalid_input");
        assertThat(single.get(0).path("message").asString())
                .isEqualTo("2 of 4 simulations passed (50.0 %), below the threshold of 95 % (cognigy.governance.threshold)");

        for (int i = 1; i <= 2; i++) {
            SandboxSplitRuns.configured(dir, receiver, "sharded").configurationParameter(Constants.RUN_ID, "run-3")
                    .configurationParameter(Constants.SHARD, i + "/2").selectors(suite).execute();
        }
        Merge merge = merge("sharded");
        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(reasons(dir.resolve("merged/results.json"), "sharded", "sharded")).isEqualTo(single);
        assertThat(merge.out()).contains("[cognigy]   below_threshold: " + single.get(0).path("message").asString(),
                "[cognigy]   invalid_input: " + single.get(1).path("message").asString());
    }

    @Test
    @DisplayName("every test skipped, in one JVM and in a fork's part merged: nothing_ran, and the merge fails with the"
            + " single run's failure, the reason's message, each line of it ended by the platform's line separator")
    void nothingRanMergesIntoTheSingleRunsReason() throws Exception {
        SandboxSplitRuns.configured(dir, receiver, "single").selectors(selectClass(DisabledSimulation.WholeClass.class)).execute();
        JsonNode single = reasons(dir.resolve("single/reports/results.json"), "single", "single");
        assertThat(codes(single)).containsExactly("nothing_ran");

        SandboxSplitRuns.configured(dir, receiver, "forked").configurationParameter(Constants.RUN_ID, "run-4")
                .configurationParameter(Constants.RUN_DEFER, "true").selectors(selectClass(DisabledSimulation.WholeClass.class))
                .execute();
        Merge merge = merge("forked");
        assertThat(merge.code()).isEqualTo(1);
        assertThat(reasons(dir.resolve("merged/results.json"), "forked", "forked")).isEqualTo(single);
        assertThat(merge.err()).contains("falls short:\r\n", "governance: " + single.get(0).path("message").asString());
    }

    @Test
    @DisplayName("a run held to cognigy.coverage.minimum with a misspelt expected flow, in 2 shards merged: the merge fails with"
            + " the single run's failure, the flow marked as not a flow of the bot as the coverage line marks it")
    void coverageMinimumMarksAFlowNotOfTheBotInAMerge() throws Exception {
        String[][] settings = {{Constants.FLOWS, "flow_order_stauts,flow_refund"}, {Constants.COVERAGE_MINIMUM, "0.8"}};
        String failure = "flow coverage: 3 of 5 expected flows reached (60 %), below the minimum of 80 %"
                + " (cognigy.coverage.minimum); never reached: flow_order_stauts (not a flow of the bot — did you mean"
                + " 'flow_order_status'?), flow_refund";
        for (int i = 1; i <= 2; i++) {
            var shard = SandboxSplitRuns.configured(dir, receiver, "sharded").configurationParameter(Constants.RUN_ID, "run-5")
                    .configurationParameter(Constants.SHARD, i + "/2").selectors(selectClasspathResource("e2e/order-bot.sim.yaml"));
            for (String[] setting : settings) shard.configurationParameter(setting[0], setting[1]);
            shard.execute();
        }
        Merge merge = merge("sharded");
        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.err()).contains(failure);
        assertThat(merge.out()).contains("never reached: flow_order_stauts (not a flow of the bot — did you mean"
                + " 'flow_order_status'?), flow_refund");
    }
}
