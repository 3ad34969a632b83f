package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;

/** {@link CassetteTurn}: a bot's turn as a cassette records it, every field a replay gives back. */
class CassetteTurnTest {

    @Test
    @DisplayName("every field the turn has, in a fixed order, maps with their keys sorted, a choice's payload and type")
    void everyField() {
        Map<String, Object> slots = new LinkedHashMap<>();
        slots.put("ORDER", "ORD-99");
        slots.put("DATE", Map.of("start", "2026-12-25"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("z", 1);
        data.put("a", 2);
        BotTurn turn = new BotTurn(2, "flow_orders", "track_order", 0.93, slots, "Your order ORD-99 ships today.", "E42",
                "Flow failed", "ref-7", List.of(new BotChoice("Yes", "yes")),
                List.of(new BotChoice("Open", "https://example.com", BotChoice.POSTBACK)), List.of(new BotChoice("More", null)),
                List.of(data), null);

        assertThat(String.valueOf(CassetteTurn.of(turn))).isEqualTo("{index=2, flow=flow_orders, flow_reference_id=ref-7,"
                + " intent=track_order, score=0.93, slots={DATE={start=2026-12-25}, ORDER=ORD-99},"
                + " text=Your order ORD-99 ships today., error_code=E42, error_message=Flow failed,"
                + " quick_replies=[{title=Yes, payload=yes}], buttons=[{title=Open, payload=https://example.com, type=postback}],"
                + " card_buttons=[{title=More}], outputs=[{a=2, z=1}]}");
    }

    @Test
    @DisplayName("a turn without them has none of the fields: no score when none was reported")
    void onlyWhatItHas() {
        BotTurn turn = new BotTurn(0, null, null, Double.NaN, Map.of(), null, null, null, null, List.of(), List.of(),
                List.of(), List.of(), null);

        assertThat(CassetteTurn.of(turn)).containsExactly(Map.entry("index", 0));
    }
}
