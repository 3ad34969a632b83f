package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BotSchema;
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
    @DisplayName("not_intent written in another letter case than the bot's intent fails when the bot recognises it: compared"
            + " exactly it could never fail, and would pass whatever the bot understood")
    void notIntentInAnotherCase() {
        assertThat(failure(Expectation.builder().notIntent("Cancel_Order").build(), answer("cancel_order", 0.91)))
                .contains("[intent] expected any intent but Cancel_Order (not_intent); the bot recognised \"cancel_order\", with"
                        + " the score 0.91, which differs from it only in letter case — write not_intent as the bot names the"
                        + " intent: cancel_order");
        assertThat(failure(Expectation.builder().notIntent("Cancel order").build(), answer("Cancel\u00a0order", 0.91)))
                .contains("which differs from it only in spaces, quotes, dashes or character forms");
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().notIntent("Cancel_Order").build(),
                answer("check_order", 0.7))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("not_intent in another letter case than the bot's intent passes where the bot has an intent named exactly"
            + " as not_intent: the one it recognised is another intent")
    void notIntentNamingAnotherIntentOfTheBot() {
        Expectation notEscalate = Expectation.builder().notIntent("Escalate").build();
        BotSchema both = new BotSchema(Optional.empty(), Optional.empty(), Optional.of(Set.of("Escalate", "escalate")));
        BotSchema one = new BotSchema(Optional.empty(), Optional.empty(), Optional.of(Set.of("escalate")));

        assertThatCode(() -> ExpectationVerifier.verify(notEscalate, answer("escalate", 0.9), both)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ExpectationVerifier.verify(notEscalate, answer("escalate", 0.9), one))
                .hasMessageContaining("which differs from it only in letter case");
        assertThatThrownBy(() -> ExpectationVerifier.verify(notEscalate, answer("Escalate", 0.9), both))
                .hasMessageContaining("the bot recognised it");
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

    /** What the nlu backend answers for a sentence: no intent in the turn, the ranking in its output data. */
    private static SimulationResult scored(String intent, double score, dev.botsim.cognigy.engine.backend.IntentRanking ranking) {
        return new SimulationResult("test_a", "what's the weather", "sim_1", List.of(new BotTurn(0, null, intent, score, Map.of(),
                null, null, null, null, List.of(), List.of(), List.of(ranking.toOutputData()))));
    }

    @Test
    @DisplayName("no_intent passes on an answer without intent (below the threshold, rejected by a reject intent), fails on"
            + " a recognised intent with its score, and on an intent asked back with its confirmation sentence")
    void noIntent() {
        Expectation none = Expectation.builder().noIntent(true).build();
        var belowThreshold = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.12, false, null)), 0.4, 0.6);
        var rejected = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("Reject Intent", 0.95, false, null,
                        dev.botsim.cognigy.engine.backend.IntentRanking.Role.REJECT, null, null),
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.45, false, null)), 0.4, 0.6);
        var askedBack = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.45, false, null,
                        dev.botsim.cognigy.engine.backend.IntentRanking.Role.INTENT, null, "Do you want to check an order?")), 0.4, 0.6);

        assertThatCode(() -> ExpectationVerifier.verify(none, answer(null, Double.NaN))).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(none, scored(null, Double.NaN, belowThreshold))).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(none, scored(null, Double.NaN, rejected))).doesNotThrowAnyException();
        assertThat(failure(none, answer("check_order", 0.91))).contains("[intent] expected no intent, got check_order (score 0.91)");
        assertThat(failure(none, answer("check_order", Double.NaN))).contains("[intent] expected no intent, got check_order (no score)");
        assertThat(failure(none, scored(null, Double.NaN, askedBack))).contains("[intent] expected no intent, got check_order"
                + " asked back: it scored 0.45, below its confidence threshold, and has a confirmation sentence, so the bot asks"
                + " \"Do you want to check an order?\" rather than saying it did not understand");
        assertThat(failure(none, answer("check_order", 0.91))).startsWith("bot answer differs from the expectation for \"cancel it\" in no_intent");
    }

    @Test
    @DisplayName("the IDE's diff shows an intent asked back as that intent asked back, and a score below intent_min_score as"
            + " the score against its threshold")
    void diffViews() {
        var askedBack = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.45, false, null,
                        dev.botsim.cognigy.engine.backend.IntentRanking.Role.INTENT, null, "Do you want to check an order?")), 0.4, 0.6);
        org.opentest4j.AssertionFailedError noIntent = catchThrowableOfType(org.opentest4j.AssertionFailedError.class,
                () -> ExpectationVerifier.verify(Expectation.builder().noIntent(true).build(), scored(null, Double.NaN, askedBack)));
        org.opentest4j.AssertionFailedError lowScore = catchThrowableOfType(org.opentest4j.AssertionFailedError.class,
                () -> ExpectationVerifier.verify(Expectation.builder().intentMinScore(0.8).build(), answer("check_order", 0.79)));

        assertThat(noIntent.getExpected().getStringRepresentation()).isEqualTo("no_intent: no intent");
        assertThat(noIntent.getActual().getStringRepresentation()).isEqualTo("no_intent: check_order asked back");
        assertThat(lowScore.getExpected().getStringRepresentation()).isEqualTo("intent_min_score: >= 0.8");
        assertThat(lowScore.getActual().getStringRepresentation()).isEqualTo("intent_min_score: 0.79");
    }

    @Test
    @DisplayName("intent scored by an NLU: the expected intent recognised passes; another outcome fails saying where the"
            + " expected intent ranked")
    void intentWithRanking() {
        var ranking = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.12, false, null)), 0.4, 0.6);
        var recognised = new dev.botsim.cognigy.engine.backend.IntentRanking(List.of(
                new dev.botsim.cognigy.engine.backend.IntentRanking.Score("check_order", 0.92, false, null)), 0.4, 0.6);

        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().intent("check_order").build(),
                scored("check_order", 0.92, recognised))).doesNotThrowAnyException();
        assertThat(failure(Expectation.builder().intent("check_order").build(), scored(null, Double.NaN, ranking)))
                .contains("[intent] expected check_order, got no intent (best check_order 0.12 is below the threshold");
    }

    @Test
    @DisplayName("an answer fails on its NLU part when an intent, score, entity or flow check fails, not when only its text"
            + " does; an expectation without an NLU part never fails on it")
    void failsOnNlu() {
        SimulationResult answer = answer("check_order", 0.7);

        assertThat(ExpectationVerifier.failsOnNlu(Expectation.builder().intent("cancel_order").responseContains("Cancelled").build(),
                answer)).isTrue();
        assertThat(ExpectationVerifier.failsOnNlu(Expectation.builder().intentMinScore(0.8).build(), answer)).isTrue();
        assertThat(ExpectationVerifier.failsOnNlu(Expectation.builder().intent("check_order").responseContains("Refunded").build(),
                answer)).isFalse();
        assertThat(ExpectationVerifier.failsOnNlu(Expectation.builder().responseContains("Refunded").build(), answer)).isFalse();
    }
}
