package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/** What a cassette entry holds of a message and its answer, and what a replay gives back of it. */
class ExchangeTest {

    private static TurnRequest request(String locale, Map<String, Object> context, Mode mode) {
        return new TurnRequest("run_1", "t", 1, "user", "web", "hallo", Map.of(), null, "key", locale, context, mode,
                "[engine:cognigy]/[file:orders.sim.yaml]/[case:a]");
    }

    @Test
    @DisplayName("a request's locale, injected context and NLU mode are recorded when set, and left out when not: a message"
            + " sent in another locale, with another context or scored otherwise is not the one recorded")
    void requestHoldsWhatDecidesTheAnswer() {
        Map<String, Object> set = Exchange.request(request("de-DE", Map.of("tier", "gold"), Mode.NLU));
        Map<String, Object> unset = Exchange.request(request(null, Map.of(), null));

        assertThat(set).containsEntry("locale", "de-DE").containsEntry("inject_context", Map.of("tier", "gold"))
                .containsEntry("mode", "nlu");
        assertThat(unset).containsOnlyKeys("text", "data", "platform");
        assertThat(Exchange.request(request("en-US", Map.of("tier", "gold"), Mode.NLU))).isNotEqualTo(set);
    }

    @Test
    @DisplayName("what the backend said of a turn's flow is recorded with the answer and replayed as the live answer said it;"
            + " an answer without one records none")
    void flowCaveatReplayed() {
        BotTurn turn = TestTurns.turn(0, "Main Flow", "order", 0.8, Map.of(), "Sure.", null, null);
        TurnResult live = new TurnResult("sim", "s1", "completed", List.of(turn), null, List.of(), 0, false,
                "the Code node's flow on every turn: place it in each flow");
        TurnResult plain = new TurnResult("sim", "s1", "completed", List.of(turn), null, List.of(), 0);

        Exchange recorded = new Exchange("[file:orders.sim.yaml]/[case:a]", 1, Map.of(), Exchange.answer(live), 0);

        assertThat(recorded.replayed(request(null, Map.of(), null)).flowCaveat())
                .isEqualTo("the Code node's flow on every turn: place it in each flow");
        assertThat(Exchange.answer(plain)).doesNotContainKey("flow_caveat");
        assertThat(new Exchange("[file:orders.sim.yaml]/[case:a]", 1, Map.of(), Exchange.answer(plain), 0)
                .replayed(request(null, Map.of(), null)).flowCaveat()).isNull();
    }

    @Test
    @DisplayName("an answer whose outputs the backend did not say (its text's lines taken for them) is recorded without"
            + " output_texts and replayed with its outputs unknown, as it was live; one whose outputs are known keeps them")
    void unknownOutputsReplayedUnknown() {
        BotTurn lines = TestTurns.turn(0, "Main Flow", "greeting", 0.9, Map.of(), "Hello\nthere", null, null);
        TurnResult unknown = new TurnResult("sim", "s1", "completed", List.of(lines), null, List.of(), 0, false, null, true);
        TurnResult known = new TurnResult("sim", "s1", "completed", List.of(lines), null, List.of(), 0);

        Exchange recorded = new Exchange("[file:orders.sim.yaml]/[case:a]", 1, Map.of(), Exchange.answer(unknown), 0);
        TurnResult replayed = recorded.replayed(request(null, Map.of(), null));

        assertThat(replayed.outputsUnknown()).isTrue();
        assertThat(replayed.turns().get(0).outputTexts()).containsExactly("Hello", "there");
        assertThat(new Exchange("[file:orders.sim.yaml]/[case:a]", 1, Map.of(), Exchange.answer(known), 0)
                .replayed(request(null, Map.of(), null)).outputsUnknown()).isFalse();
    }

    @Test
    @DisplayName("a test is keyed from its data file's segment on, whichever class named the file, and without the engine's")
    void testKey() {
        assertThat(Exchange.testKey("[engine:cognigy]/[class:com.example.BotTest]/[file:e2e%2Forders.sim.yaml]/[case:a]"))
                .isEqualTo("[file:e2e/orders.sim.yaml]/[case:a]");
        assertThat(Exchange.testKey("[engine:cognigy]/[file:orders.sim.yaml]/[conversation:c]/[turn:2]"))
                .isEqualTo("[file:orders.sim.yaml]/[conversation:c]/[turn:2]");
        assertThat(Exchange.testKey("[engine:cognigy]/[class:com.example.BotTest]/[method:greeting()]"))
                .isEqualTo("[class:com.example.BotTest]/[method:greeting()]");
    }
}
