package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/** {@link ExpectationVerifier} on {@code not_intent} and {@code intent_min_score}: failures say what the bot recognised. */
class IntentChecksVerifierTest {

    private static SimulationResult answer(String intent, double score) {
        return new SimulationResult("test_a", "cancel it", "sim_1",
                List.of(new BotTurn(0, "Orders", intent, score, Map.of(), "Cancelled.", null, null, null, null, null, null)));
    }

    private static String failure(Expectation expected, SimulationResult answer) {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, answer));
        assertThat(e).as("the check fails").isNotNull();
        return e.getMessage();
    }

    @Test
    @DisplayName("not_intent fails naming the intent recognised and its score; another intent or none passes")
    void notIntent() {
        Expectation notCancel = Expectation.builder().notIntent("cancel_order").build();

        assertThat(failure(notCancel, answer("cancel_order", 0.91))).contains("[intent] expected any intent but cancel_order"
                + " (not_intent); the bot recognised it, with the score 0.91");
        assertThatCode(() -> ExpectationVerifier.verify(notCancel, answer("check_order", 0.7))).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(notCancel, answer(null, Double.NaN))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("intent_min_score fails with the score and the intent it was for, or says there was no score at all")
    void minScore() {
        Expectation atLeast = Expectation.builder().intentMinScore(0.8).build();

        assertThat(failure(atLeast, answer("check_order", 0.62))).contains("[intent score] expected at least 0.8"
                + " (intent_min_score) but was 0.62 for the intent check_order");
        assertThat(failure(atLeast, answer(null, Double.NaN))).contains("[intent score] expected at least 0.8 (intent_min_score)"
                + " but the answer has no intent score: it names no intent");
        assertThat(failure(atLeast, answer("check_order", Double.NaN))).contains("but the intent check_order came without a score");
        assertThatCode(() -> ExpectationVerifier.verify(atLeast, answer("check_order", 0.8))).doesNotThrowAnyException();
    }
}
