package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.execution.BotMisconfigurationError;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Item 5: a {@code next_flow} naming a flow the bot does not have fails as MISCONFIGURATION before
 * anything is sent, as an unknown entity does — when the bot's flows are known.
 */
class UnknownFlowTest {

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private Path file() throws Exception {
        return Files.write(dir.resolve("flows.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_misspelt_flow", "    utterance: hi", "    expect: { next_flow: flow_greting }",
                "  - id: test_known_flow", "    utterance: hello", "    expect: { intent: greeting, next_flow: flow_greeting }",
                "conversations:",
                "  - id: test_conv_misspelt",
                "    turns:",
                "      - say: hello there",
                "        expect: { intent: greeting }",
                "      - say: I want a human",
                "        expect: { next_flow: flow_escalaton }"));
    }

    /** The scripted bot, with its flows known or not. */
    private static ScriptedBackend bot(Optional<Set<String>> flows) {
        return new ScriptedBackend() {
            @Override
            public BotSchema schema() {
                return new BotSchema(super.schema().entities(), flows, Optional.empty());
            }
        };
    }

    @Test
    @DisplayName("item 5: a next_flow the bot does not have is a MISCONFIGURATION naming the likely flow, and nothing is sent for it")
    void unknownFlowFailsBeforeSubmission() throws Exception {
        ScriptedBackend backend = bot(Optional.of(Set.of("flow_greeting", "flow_order_status", "flow_escalation")));
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener).selectors(selectFile(file().toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        assertThat(failure(results, "hi")).isInstanceOfSatisfying(BotMisconfigurationError.class,
                        e -> assertThat(e.code()).isEqualTo("UNKNOWN_FLOW"))
                .hasMessageContaining("flow_greting").hasMessageContaining("did you mean 'flow_greeting'")
                .hasMessageContaining("Nothing was submitted");
        assertThat(failure(results, "I want a human")).isInstanceOf(BotMisconfigurationError.class)
                .hasMessageContaining("flow_escalaton").hasMessageContaining("did you mean 'flow_escalation'");
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactlyInAnyOrder("hello", "hello there");
        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .contains(tuple("test_misspelt_flow", Outcome.MISCONFIGURATION), tuple("test_known_flow", Outcome.PASSED));
    }

    @Test
    @DisplayName("a misspelt entity is a MISCONFIGURATION naming the likely entity, as a misspelt flow is")
    void misspeltEntityNamesTheLikelyOne() throws Exception {
        Path file = Files.write(dir.resolve("entities.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_misspelt_entity", "    utterance: where is my order ORD_1",
                "    expect: { entities: { orderid: ORD_1 } }"));
        ScriptedBackend backend = new ScriptedBackend();
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener).selectors(selectFile(file.toFile())).execute();

        assertThat(failure(results, "where is my order ORD_1")).isInstanceOfSatisfying(BotMisconfigurationError.class,
                        e -> assertThat(e.code()).isEqualTo("UNKNOWN_ENTITY"))
                .hasMessageContaining("the bot has no entity orderid — did you mean 'order_id'? (known entities: email, order_id)")
                .hasMessageContaining("Nothing was submitted");
        assertThat(backend.requests).isEmpty();
    }

    @Test
    @DisplayName("an expected intent the bot does not list is still sent (the answer decides), and its failure names the likely"
            + " intent, a difference of case too")
    void unlistedIntentIsExplained() throws Exception {
        Path file = Files.write(dir.resolve("intents.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_misspelt_intent", "    utterance: hello", "    expect: { intent: greting }",
                "  - id: test_intent_case", "    utterance: hi", "    expect: { intent: Greeting }",
                "  - id: test_listed_intent", "    utterance: hello there", "    expect: { intent: escalate }"));
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public BotSchema schema() {
                return new BotSchema(super.schema().entities(), Optional.empty(),
                        Optional.of(Set.of("greeting", "check_order", "escalate")));
            }
        };
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener).selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        assertThat(backend.requests).hasSize(3);
        assertThat(failure(results, "hello")).isNotInstanceOf(BotMisconfigurationError.class)
                .hasMessageEndingWith("intent 'greting' is not among the 3 intents the bot lists — did you mean 'greeting'?");
        assertThat(failure(results, "hi")).hasMessageEndingWith("intent 'Greeting' is not among the 3 intents the bot lists"
                + " — did you mean 'greeting'?");
        // A listed intent the bot did not recognise this time: nothing to explain beyond the answer.
        assertThat(failure(results, "hello there")).hasMessageNotContaining("intents the bot lists");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "item 5: flows {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"unknown", "listed empty"})
    @DisplayName("item 5: when the bot's flows are unknown (or listed empty), next_flow is not checked up front: the answer decides")
    void unknownFlowListSkipsTheCheck(String flows) throws Exception {
        ScriptedBackend backend = bot(flows.equals("unknown") ? Optional.empty() : Optional.of(Set.of()));
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener).selectors(selectFile(file().toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        assertThat(failure(results, "hi")).isInstanceOf(AssertionFailedError.class).isNotInstanceOf(BotMisconfigurationError.class)
                .hasMessageContaining("flow_greting");
        assertThat(backend.requests).extracting(TurnRequest::text)
                .containsExactlyInAnyOrder("hi", "hello", "hello there", "I want a human");
    }

    /** Expectations set while the test runs, which no check before the run can see. */
    @dev.botsim.cognigy.annotations.BotSimulation
    static class ConversationExpectations {
        @dev.botsim.cognigy.annotations.Conversation
        void misspeltFlow(dev.botsim.cognigy.annotations.BotSession bot) {
            bot.say("hi").expectNextFlow("flow_greting");
        }

        @dev.botsim.cognigy.annotations.Conversation
        void misspeltEntity(dev.botsim.cognigy.annotations.BotSession bot) {
            bot.say("where is my order ORD_99").expectEntity("orderid", "ORD_99");
        }

        @dev.botsim.cognigy.annotations.Conversation
        void knownFlowOtherAnswer(dev.botsim.cognigy.annotations.BotSession bot) {
            bot.say("hi").expectNextFlow("flow_escalation");
        }
    }

    @Test
    @DisplayName("a @Conversation's expectNextFlow or expectEntity naming what the bot does not have fails naming the likely"
            + " flow or entity and the known ones; a known flow that was not the answer's gets no such line")
    void conversationExpectationNamesTheLikelyName() {
        ScriptedBackend backend = bot(Optional.of(Set.of("flow_greeting", "flow_order_status", "flow_escalation")));
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(ConversationExpectations.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        assertThat(failureOf(results, "misspeltFlow")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected: \"flow_greting\"")
                .hasMessageContaining("the bot has no flow flow_greting — did you mean 'flow_greeting'? (known flows: "
                        + "flow_escalation, flow_greeting, flow_order_status)");
        assertThat(failureOf(results, "misspeltEntity"))
                .hasMessageContaining("the bot has no entity orderid — did you mean 'order_id'? (known entities: email, order_id)");
        assertThat(failureOf(results, "knownFlowOtherAnswer")).hasMessageContaining("flow_escalation")
                .hasMessageNotContaining("the bot has no");
    }

    private static Throwable failureOf(EngineExecutionResults results, String method) {
        return results.testEvents().failed().stream().filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(method))
                .findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static Throwable failure(EngineExecutionResults results, String displayName) {
        return results.testEvents().failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
                .findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }
}
