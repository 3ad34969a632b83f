package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a listener receives of a run: explicit conversation turns and the governance verdict as an enum. */
class ListenerRecordsTest {

    private final ScriptedBackend backend = new ScriptedBackend();
    private final RecordingListener listener = new RecordingListener();

    @Test
    @DisplayName("conversation turns carry their conversation id and turn number, other tests neither; test ids and"
            + " flow transitions in results.json are as before; the turn skipped after a failed one says so as its skip reason"
            + " (skip_reason earlier_turn_failed), and no other result has one")
    void conversationTurnsAreExplicit(@TempDir Path reports) throws Exception {
        kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClass(ConversationSimulation.class)).execute();

        List<SimulationRecord> records = listener.finished;
        // test_conv_human: turn 2 fails, turn 3 is skipped without running and recorded so; test_conv_ok: both turns run
        assertThat(records.stream().filter(r -> r.conversationId() != null))
                .extracting(SimulationRecord::testId, SimulationRecord::conversationId, SimulationRecord::turn, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(tuple("test_conv_human#1", "test_conv_human", 1, Outcome.PASSED),
                        tuple("test_conv_human#2", "test_conv_human", 2, Outcome.FAILED),
                        tuple("test_conv_human#3", "test_conv_human", 3, Outcome.SKIPPED),
                        tuple("test_conv_ok#1", "test_conv_ok", 1, Outcome.PASSED), tuple("test_conv_ok#2", "test_conv_ok", 2, Outcome.PASSED));
        assertThat(records.stream().filter(r -> r.conversationId() == null))
                .allSatisfy(r -> assertThat(r.turn()).as(r.testId()).isZero())
                .extracting(SimulationRecord::testId)
                .containsExactlyInAnyOrder("test_greetThenOrder", "test_variants[1]", "test_variants[2]",
                        "test_refundNotDeployed", "test_refund_unexpected");

        SimulationRecord skipped = records.stream().filter(r -> r.testId().equals("test_conv_human#3")).findFirst().orElseThrow();
        assertThat(skipped.message()).startsWith("an earlier turn of conversation test_conv_human failed: turn 2 ");
        assertThat(skipped.actual()).isEmpty();
        assertThat(skipped.skipReason()).isEqualTo(SimulationRecord.SkipReason.EARLIER_TURN_FAILED);
        assertThat(records.stream().filter(r -> r != skipped)).extracting(SimulationRecord::skipReason).containsOnlyNulls();

        JsonNode results = JsonMapper.builder().build().readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("summary").path("skipped").asInt()).as("the skipped turn, as Surefire counts it").isEqualTo(1);
        List<JsonNode> withReason = new java.util.ArrayList<>();
        results.path("results").forEach(r -> {
            if (r.has("skip_reason")) withReason.add(r);
        });
        assertThat(withReason).singleElement().satisfies(r -> {
            assertThat(r.path("test_id").asString()).isEqualTo("test_conv_human#3");
            assertThat(r.path("skip_reason").asString()).isEqualTo("earlier_turn_failed");
        });
        assertThat(results.path("governance").path("total").asInt()).as("a skipped test is no attempt: not in the verdict")
                .isEqualTo(records.size() - 1);
        assertThat(results.path("flow_transitions").path("flow_greeting").path("flow_escalation").asInt()).isEqualTo(2);
        assertThat(results.path("flow_transitions").properties()).hasSize(1);
    }

    @Test
    @DisplayName("the summary's governance is the enum whose name results.json carries")
    void governanceIsAnEnum(@TempDir Path reports) throws Exception {
        kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClass(ConversationSimulation.class)).execute();

        assertThat(listener.summaries).hasSize(1);
        RunSummary summary = listener.summaries.get(0);
        assertThat(summary.governance()).isEqualTo(Governance.REVIEW_REQUIRED);
        JsonNode results = JsonMapper.builder().build().readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo(summary.governance().name());
        assertThat(summary.outcomes().get(Outcome.PASSED)).isEqualTo(results.path("summary").path("passed").asLong());
    }
}
