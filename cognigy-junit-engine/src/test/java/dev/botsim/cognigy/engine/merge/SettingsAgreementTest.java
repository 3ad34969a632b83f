package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Parts that read another value of a setting every part must agree on are refused, each such setting named; parts that
 * wrote one value two ways (or left it at its default while another part spelt the default) merge. Each setting is read
 * as a run reads it, so a setting compared as anything less than its value would let parts that judged or tested
 * differently merge into one verdict.
 */
class SettingsAgreementTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private static RunPart shard(int index, Map<String, String> settings) {
        Map<String, String> configuration = new TreeMap<>(settings);
        configuration.put(Constants.RUN_ID, "run-9");
        configuration.put(Constants.SHARD, index + "/2");
        RunInfo info = RunInfo.builder().batchId("batch_" + index).started(START).backend("sandbox").plannedTests(1)
                .configuration(configuration).build();
        SimulationRecord record = SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_" + index + "]")
                .testId("test_" + index).outcome(Outcome.PASSED).build();
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", index + "/2", "order-bot", false, false, info, START.plusSeconds(5),
                Map.of(), List.of(record));
    }

    private static Optional<String> differing(String key, String one, String other) {
        Map<String, RunPart> parts = new TreeMap<>();
        parts.put("shard-1/cognigy-part.json", shard(1, one == null ? Map.of() : Map.of(key, one)));
        parts.put("shard-2/cognigy-part.json", shard(2, other == null ? Map.of() : Map.of(key, other)));
        return PartSettings.differing("run-9", parts);
    }

    @ParameterizedTest(name = "{0}: {1} and {2} differ")
    @DisplayName("parts that read different values of a setting they must agree on are refused, naming the setting")
    @CsvSource(nullValues = "unset", value = {
            "cognigy.coverage.minimum, 0.8, 0.5",
            "cognigy.coverage.minimum, unset, 0.5",
            "cognigy.governance.require-live, true, false",
            "cognigy.governance.require-live, unset, true",
            "cognigy.nlu.margin, 0.1, 0.2",
            "cognigy.replay.dir, cassettes, other-cassettes",
            "cognigy.webhook.outbox-dir, outbox, other-outbox",
            "cognigy.webhook.max-attempts, 3, 7",
            "cognigy.discovery.max-file-size, 1048576, 2048",
            "cognigy.default-platform, web, whatsapp",
            "cognigy.management.unlisted-slots, 'order_id,customer_tier', order_id",
            "cognigy.management.url, https://api-trial.cognigy.ai, https://api-app.cognigy.ai",
            "cognigy.endpoint.code-node, shared, per-flow",
            "cognigy.endpoint.data.intent, /intent, /nlu/intent",
            "cognigy.endpoint.data.error-message, /error, /problem",
            "cognigy.base-url, https://sim-trial.cognigy.ai, https://sim-app.cognigy.ai",
            "cognigy.playbooks.include, Order*, Refund*",
            "cognigy.playbooks.mode, existing, generated",
            "cognigy.endpoint.data.order-number, /order, /orderNumber",
    })
    void differentValuesRefused(String key, String one, String other) {
        assertThat(differing(key, one, other)).as(key).hasValueSatisfying(message -> assertThat(message)
                .contains("ran with different settings that decide its verdict", key + " ("));
    }

    @ParameterizedTest(name = "{0}: {1} and {2} are one value")
    @DisplayName("parts that wrote one value of a setting two ways, or its default and nothing, merge")
    @CsvSource(nullValues = "unset", value = {
            "cognigy.coverage.minimum, 0.8, 0.80",
            "cognigy.governance.require-live, unset, false",
            "cognigy.nlu.margin, unset, 0.1",
            "cognigy.management.unlisted-slots, 'order_id,customer_tier', 'customer_tier, order_id'",
            "cognigy.discovery.max-file-size, unset, 1048576",
            "cognigy.endpoint.code-node, unset, shared",
            "cognigy.replay.dir, /runner-1/work/bot/cassettes, /runner-2/work/bot/cassettes",
            "cognigy.webhook.outbox-dir, /home/ci/a/outbox, /home/ci/b/outbox",
    })
    void oneValueWrittenTwoWaysMerges(String key, String one, String other) {
        assertThat(differing(key, one, other)).as(key).isEmpty();
    }
}
