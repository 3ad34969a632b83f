package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.ExternalIdSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's id in a test-management tool reaches what a tool pushing results there reads: the listener's records and
 * results.json, on every test its case or conversation makes — passed, failed and skipped alike.
 */
class ExternalIdRunTest {

    private final ScriptedBackend backend = new ScriptedBackend();
    private final RecordingListener listener = new RecordingListener();

    @Test
    @DisplayName("every record of a keyed case, variant, turn, @Utterance and @Conversation carries its external id, and"
            + " results.json gives it after the test id; an unkeyed test has none, and its result no external_id key")
    void reachesListenersAndResults(@TempDir Path reports) throws Exception {
        kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClass(ExternalIdSimulation.class)).execute();

        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::externalId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(
                        tuple("test_ext_file_greeting", "BOT-101", Outcome.PASSED),
                        tuple("test_ext_file_variants[1]", "BOT-102", Outcome.PASSED),
                        tuple("test_ext_file_variants[2]", "BOT-102", Outcome.PASSED),
                        tuple("test_ext_file_unkeyed", null, Outcome.PASSED),
                        tuple("test_ext_file_conversation#1", "BOT-103", Outcome.PASSED),
                        tuple("test_ext_file_conversation#2", "BOT-103", Outcome.FAILED),
                        tuple("test_ext_file_conversation#3", "BOT-103", Outcome.SKIPPED),
                        tuple("test_ext_greeting", "BOT-201", Outcome.PASSED),
                        tuple("test_ext_variants[1]", "C1234", Outcome.PASSED),
                        tuple("test_ext_variants[2]", "C1234", Outcome.PASSED),
                        tuple("test_ext_conversation", "BOT-203", Outcome.PASSED),
                        tuple("test_ext_unkeyed", null, Outcome.PASSED));

        JsonNode results = JsonMapper.builder().build().readTree(reports.resolve("results.json").toFile());
        Map<String, JsonNode> byTest = new LinkedHashMap<>();
        results.path("results").forEach(r -> byTest.put(r.path("test_id").asString(), r));
        assertThat(byTest.get("test_ext_file_conversation#3").path("external_id").asString()).isEqualTo("BOT-103");
        assertThat(byTest.get("test_ext_variants[2]").path("external_id").asString()).isEqualTo("C1234");
        assertThat(byTest.get("test_ext_unkeyed").has("external_id")).isFalse();
        assertThat(byTest.get("test_ext_file_greeting").propertyNames()).startsWith("unique_id", "test_id", "external_id", "name");
    }
}
