package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.DisabledSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JUnit Jupiter's {@code @Disabled} leaves a test out as a JUnit user expects: skipped with its reason, nothing sent. */
class DisabledTestsTest {

    @Test
    @DisplayName("@Disabled on an @Utterance or @Conversation method skips it with the annotation's reason and sends"
            + " nothing; the class's other tests run; the reports count it SKIPPED, its skip reason DISABLED (skip_reason"
            + " disabled in results.json), and a test that ran has none")
    void disabledMethods(@TempDir Path reports) throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClass(DisabledSimulation.class)).execute();

        // The class's member class WholeClass, left out whole (below), comes with it: its tests are skipped too.
        long inWholeClass = kit(new ScriptedBackend()).selectors(selectClass(DisabledSimulation.WholeClass.class)).discover()
                .getEngineDescriptor().getDescendants().stream().filter(org.junit.platform.engine.TestDescriptor::isTest).count();
        assertThat(inWholeClass).isPositive();
        results.testEvents().assertStatistics(stats -> stats.skipped(2 + inWholeClass).started(1).succeeded(1));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("method:disabledUtterance"), skippedWithReason(
                        "disabled by @Disabled on DisabledSimulation#disabledUtterance: the greeting flow is being rebuilt")))
                .haveExactly(1, event(test("method:disabledConversation"), skippedWithReason(
                        "disabled by @Disabled on DisabledSimulation#disabledConversation")));
        assertThat(backend.requests).extracting(r -> r.text()).containsExactly("hello");
        Map<String, Outcome> outcomes = listener.finished.stream()
                .collect(Collectors.toMap(SimulationRecord::testId, SimulationRecord::outcome));
        assertThat(outcomes).containsEntry("test_runs", Outcome.PASSED)
                .containsEntry("test_disabled_utterance", Outcome.SKIPPED);
        // Every skipped one, the member class's methods and data file's tests among them, was left out by @Disabled.
        assertThat(listener.finished.stream().filter(r -> r.outcome() == Outcome.SKIPPED)).hasSize((int) (2 + inWholeClass))
                .extracting(SimulationRecord::skipReason).containsOnly(SimulationRecord.SkipReason.DISABLED);
        assertThat(listener.finished.stream().filter(r -> r.testId().equals("test_runs")))
                .singleElement().extracting(SimulationRecord::skipReason).isNull();

        JsonNode json = JsonMapper.builder().build().readTree(reports.resolve("results.json").toFile());
        Map<String, JsonNode> byTest = new java.util.HashMap<>();
        json.path("results").forEach(r -> byTest.put(r.path("test_id").asString(), r));
        assertThat(byTest.get("test_disabled_utterance").path("skip_reason").asString()).isEqualTo("disabled");
        assertThat(byTest.get("test_in_disabled_class").path("skip_reason").asString()).isEqualTo("disabled");
        assertThat(byTest.get("test_runs").has("skip_reason")).as("a result that was not skipped is as it was").isFalse();
    }

    @Test
    @DisplayName("@Disabled on a class skips its methods and its data file's tests, each with the class's reason")
    void disabledClass() {
        ScriptedBackend backend = new ScriptedBackend();
        EngineExecutionResults results = kit(backend).selectors(selectClass(DisabledSimulation.WholeClass.class)).execute();

        List<String> reasons = results.testEvents().skipped().stream()
                .map(e -> e.getPayload(String.class).orElseThrow()).distinct().toList();
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(results.testEvents().skipped().count()).isGreaterThanOrEqualTo(3);
        assertThat(reasons).containsExactly("disabled by @Disabled on WholeClass: waiting for the order API");
        assertThat(backend.requests).isEmpty();
    }
}
