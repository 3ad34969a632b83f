package dev.botsim.cognigy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Arrays;

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

    @Test
    @DisplayName("a null among the outputs' texts, the choices or the output data is refused naming the component, the"
            + " element and why, not with a bare NullPointerException")
    void nullElementsAreRefusedSayingWhich() {
        List<String> texts = Arrays.asList("Hello", null);
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, Map.of(), "Hello", null, null,
                        null, List.of(), List.of(), List.of(), List.of(), texts))
                .withMessage("outputTexts[1] is null: each output has a text, \"\" when it said none; a null list takes"
                        + " each line of text for an output");
        List<BotChoice> choices = Arrays.asList(new BotChoice("Yes", "yes"), null);
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, Map.of(), "Hi", null, null,
                        null, choices, List.of(), List.of(), List.of(), null))
                .withMessage("quickReplies[1] is null: each is a choice the bot offered; a null list is none");
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, Map.of(), "Hi", null, null,
                        null, List.of(), choices, List.of(), List.of(), null))
                .withMessage("buttons[1] is null: each is a choice the bot offered; a null list is none");
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, Map.of(), "Hi", null, null,
                        null, List.of(), List.of(), choices, List.of(), null))
                .withMessage("cardButtons[1] is null: each is a choice the bot offered; a null list is none");
        List<Map<String, Object>> data = Arrays.asList(null, Map.of("a", 1));
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, Map.of(), "Hi", null, null,
                        null, List.of(), List.of(), List.of(), data, null))
                .withMessage("outputData[0] is null: each is the data of an output that carried any; a null list is none");
    }

    @Test
    @DisplayName("a null entity name is refused naming the component and why, not taken as an entity named null")
    void nullEntityNameIsRefusedSayingWhy() {
        Map<String, Object> entities = new java.util.LinkedHashMap<>();
        entities.put("order_id", "A-1");
        entities.put(null, "B-2");
        assertThatNullPointerException().isThrownBy(() -> new BotTurn(0, "Main", null, Double.NaN, entities, "Hi", null, null, null,
                        List.of(), List.of(), List.of()))
                .withMessage("entities has a null key: each entity is named, as the slot the bot filled; a null map is none");
        Map<String, Object> valueNull = new java.util.LinkedHashMap<>();
        valueNull.put("order_id", null);
        assertThat(new BotTurn(0, "Main", null, Double.NaN, valueNull, "Hi", null, null, null, List.of(), List.of(),
                List.of()).entities())
                .as("a value may be JSON's null").containsEntry("order_id", null);
    }
}
