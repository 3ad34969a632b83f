package dev.botsim.cognigy.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;

/** {@link BotTurn#outputTexts()}: each output's text whole, and what the constructors from before it give. */
class BotTurnOutputsTest {

    @Test
    @DisplayName("the canonical constructor keeps each output's text whole, line breaks and all, in order")
    void outputsGivenStayWhole() {
        BotTurn turn = new BotTurn(0, "Main", "greeting", 0.9, Map.of(), "Hello\nthere\nHow can I help?", null, null, null,
                List.of(), List.of(), List.of(), List.of(), List.of("Hello\nthere", "How can I help?"));

        assertThat(turn.outputTexts()).containsExactly("Hello\nthere", "How can I help?");
        assertThat(String.join("\n", turn.outputTexts())).isEqualTo(turn.text());
        assertThat(turn).isNotEqualTo(new BotTurn(0, "Main", "greeting", 0.9, Map.of(), "Hello\nthere\nHow can I help?", null,
                null, null, List.of(), List.of(), List.of(), List.of(), List.of("Hello", "there", "How can I help?")));
    }

    @Test
    @SuppressWarnings("deprecation")
    @DisplayName("the canonical constructor of before the outputs' texts, now deprecated, still builds the turn it did, each"
            + " line of its text an output; so do the other constructors and a null for the outputs")
    void constructorsOfBeforeTakeEachLineForAnOutput() {
        BotTurn before = new BotTurn(2, "Main", "greeting", 0.9, Map.of("name", "Ann"), "Hello\nthere", "E", "why", "flow-ref",
                List.of(new BotChoice("Yes", "yes")), List.of(new BotChoice("Open", "open")),
                List.of(new BotChoice("Card", "card")), List.of(Map.of("a", 1)));

        assertThat(List.of(before.turnIndex(), before.flowId(), before.intent(), before.intentScore(), before.entities(),
                before.text(), before.errorCode(), before.errorMessage(), before.flowReferenceId()))
                .containsExactly(2, "Main", "greeting", 0.9, Map.of("name", "Ann"), "Hello\nthere", "E", "why", "flow-ref");
        assertThat(before.quickReplies()).containsExactly(new BotChoice("Yes", "yes"));
        assertThat(before.buttons()).containsExactly(new BotChoice("Open", "open"));
        assertThat(before.cardButtons()).containsExactly(new BotChoice("Card", "card"));
        assertThat(before.outputData()).containsExactly(Map.of("a", 1));
        assertThat(before.outputTexts()).containsExactly("Hello", "there");
        assertThat(before).isEqualTo(new BotTurn(2, "Main", "greeting", 0.9, Map.of("name", "Ann"), "Hello\nthere", "E", "why",
                "flow-ref", List.of(new BotChoice("Yes", "yes")), List.of(new BotChoice("Open", "open")),
                List.of(new BotChoice("Card", "card")), List.of(Map.of("a", 1)), null));

        assertThat(new BotTurn(0, null, null, Double.NaN, Map.of(), "Hi\n\nBye", null, null, null, List.of(), List.of(),
                List.of()).outputTexts()).containsExactly("Hi", "", "Bye");
        assertThat(new BotTurn(0, null, null, Double.NaN, Map.of(), "Hi", null, null).outputTexts()).containsExactly("Hi");
        assertThat(new BotTurn(0, null, "greeting", 0.9, Map.of(), null, null, null).outputTexts()).isEmpty();
    }
}
