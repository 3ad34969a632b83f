package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.spi.Expectation;

/** {@link ExpectationVerifier} on texts a reader cannot tell apart: composed and decomposed letters, invisible spaces. */
class ComposedTextVerifierTest {

    /** "ü" and "ö" as "u"/"o" followed by U+0308 COMBINING DIAERESIS. */
    private static final String DECOMPOSED = "Bestellung pru\u0308fen: unterwegs nach Ko\u0308ln";

    /** The bot's answer as the run receives it from a backend: through {@link TurnResult}. */
    private static SimulationResult answer(String text, Map<String, Object> entities, String intent) {
        TurnResult received = new TurnResult("sim_1", "ses_1", "completed", List.of(new BotTurn(0, "flow_bestellung",
                intent, 0.9, entities, text, null, null, null, List.of(new BotChoice("Zuru\u0308ck", "back")), List.of(),
                List.of())), null, List.of(), 0);
        return new SimulationResult("test_a", "wo ist meine Bestellung", "sim_1", received.turns());
    }

    @Test
    @DisplayName("a bot answering decomposed holds for an expectation written composed: text checks, entity values,"
            + " intents and quick reply titles; a forbidden text is found in either form; the answer arrives composed,"
            + " its choices as offered")
    void decomposedAnswer() {
        SimulationResult answer = answer(DECOMPOSED, Map.of("stadt", "Ko\u0308ln", "orte", List.of("Mu\u0308nchen")),
                "bestellung_pru\u0308fen");
        Expectation expected = Expectation.builder().intent("bestellung_prüfen").entities(Map.of("stadt", "Köln", "orte", "München"))
                .responseContains("PRÜFEN").responseMatches("nach K[öo]ln").responseContainsAny(List.of("köln"))
                .quickReplies(List.of("Zurück")).build();
        assertThatCode(() -> ExpectationVerifier.verify(expected, answer)).doesNotThrowAnyException();
        // Received composed, but for the choices: a click sends a title back to the bot as it offered it.
        assertThat(answer.intent()).isEqualTo("bestellung_prüfen");
        assertThat(answer.text()).isEqualTo("Bestellung prüfen: unterwegs nach Köln");
        assertThat(answer.entities()).containsEntry("orte", List.of("München"));
        assertThat(answer.turns().get(0).quickReplies().get(0).title()).isEqualTo("Zuru\u0308ck");

        AssertionError forbidden = catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(
                Expectation.builder().responseNotContains(List.of("nach Köln")).build(), answer));
        assertThat(forbidden).isNotNull();
        assertThat(forbidden.getMessage()).contains("but contained [\"nach Köln\"]");
    }

    @Test
    @DisplayName("an expectation written decomposed is held composed, as it is compared")
    void expectationHeldComposed() {
        Expectation expected = Expectation.builder().intent("bestellung_pru\u0308fen").nextFlow("Bestellung pru\u0308fen")
                .entities(Map.of("stra\u00dfe", "Ko\u0308ln")).responseNotContains(List.of("A\u0308rger")).build();
        assertThat(expected.intent()).isEqualTo("bestellung_prüfen");
        assertThat(expected.nextFlow()).isEqualTo("Bestellung prüfen");
        assertThat(expected.entities()).containsExactly(Map.entry("straße", "Köln"));
        assertThat(expected.responseNotContains()).containsExactly("Ärger");
    }
}
