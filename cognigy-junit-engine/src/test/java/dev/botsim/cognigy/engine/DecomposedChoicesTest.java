package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.fixtures.DecomposedChoicesConversation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** {@code BotSession.click} on a choice the bot titles decomposed (NFD), by the title written composed. */
class DecomposedChoicesTest {

    private static final String BACK = "Zuru\u0308ck";

    @Test
    @DisplayName("click(\"Zurück\") clicks the quick reply a bot titles \"Zuru\\u0308ck\" and sends its title as the bot"
            + " offered it, as Webchat does")
    void clickByComposedTitle() {
        RecordingListener listener = new RecordingListener();
        ScriptedBackend backend = new ScriptedBackend()
                .answering(r -> "menü".equals(r.text()), turn("Startmenu\u0308 oder zuru\u0308ck?", List.of(new BotChoice(BACK, null))))
                .answering(r -> BACK.equals(r.text()), turn("Zuru\u0308ck im Startmenu\u0308.", List.of()));
        kit(backend, listener).selectors(selectClass(DecomposedChoicesConversation.class)).execute();

        SimulationRecord record = listener.finished.get(0);
        assertThat(record.outcome()).as(record.message()).isEqualTo(Outcome.PASSED);
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("menü", BACK);
    }

    private static BotTurn turn(String text, List<BotChoice> quickReplies) {
        return new BotTurn(0, null, null, Double.NaN, Map.of(), text, null, null, null, quickReplies, List.of(), List.of());
    }
}
