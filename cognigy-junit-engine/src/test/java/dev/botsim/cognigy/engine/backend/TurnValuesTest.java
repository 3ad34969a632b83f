package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.Mode;

class TurnValuesTest {

    private static BotTurn turn(String flow, String intent, Map<String, Object> entities, String text, String reference) {
        return new BotTurn(0, flow, intent, 0.9, entities, text, null, null, reference, List.of(), List.of(), List.of());
    }

    @Test
    @DisplayName("a result keeps the bot's turns and retries; a decomposed flow, intent, slot, text or flow id is composed,"
            + " so it compares equal to what the test expects")
    void turnsKeptAndComposed() {
        BotTurn composed = turn("Bestellung", "prüfen", Map.of("größe", "groß"), "Grüße", "ref-ü");
        assertThat(new TurnResult("s1", "sess", "completed", List.of(composed), null, List.of("429, waited 1 s"), 2).turns())
                .containsExactly(composed);

        for (BotTurn decomposed : List.of(
                turn("Bestellung", "pru\u0308fen", Map.of("größe", "groß"), "Grüße", "ref-ü"),
                turn("Bestellung", "prüfen", Map.of("gro\u0308ße", "groß"), "Grüße", "ref-ü"),
                turn("Bestellung", "prüfen", Map.of("größe", "groß"), "Gru\u0308ße", "ref-ü"),
                turn("Bestellung", "prüfen", Map.of("größe", "groß"), "Grüße", "ref-u\u0308"))) {
            TurnResult result = new TurnResult("s1", "sess", "completed", List.of(decomposed), null, List.of("429, waited 1 s"), 2);
            assertThat(result.turns()).containsExactly(composed);
            assertThat(result.retries()).containsExactly("429, waited 1 s");
        }
        BotTurn decomposedFlow = turn("Bu\u0308ro", "prüfen", Map.of(), "Grüße", null);
        assertThat(new TurnResult("s1", "sess", "completed", List.of(decomposedFlow), null, null, 0).turns())
                .extracting(BotTurn::flowId).containsExactly("Büro");

        TurnResult empty = new TurnResult("s1", "sess", "failed", null, "no answer", null, 0);
        assertThat(empty.turns()).isEmpty();
        assertThat(empty.retries()).isEmpty();
    }

    @Test
    @DisplayName("a request keeps the data and context the test sends, nulls inside included; none is empty; no mode is a flow run")
    void requestData() {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", 42);
        data.put("coupon", null);
        TurnRequest request = new TurnRequest("run", "t", 1, "u", "web", "hi", data, null, "k", null, Map.of("vip", true), null);
        assertThat(request.data()).containsEntry("orderId", 42).containsEntry("coupon", null);
        assertThat(request.injectContext()).containsEntry("vip", true);
        assertThat(request.mode()).isEqualTo(Mode.FLOW);
        assertThat(new TurnRequest("run", "t", 1, "u", "web", "hi", null, null, "k", null, null, Mode.NLU).data()).isEmpty();
        assertThat(new TurnRequest("run", "t", 1, "u", "web", "hi", null, null, "k", null, null, Mode.NLU).mode()).isEqualTo(Mode.NLU);
    }
}
