package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IntentScoresTest {

    @Test
    @DisplayName("a score of exactly 0 or 1 is Cognigy's and taken; an absent one (NaN) passes as absent")
    void bounds() {
        assertThat(IntentScores.checked(0.0, "the answer's intent 'greeting'")).isEqualTo(0.0);
        assertThat(IntentScores.checked(1.0, "the answer's intent 'greeting'")).isEqualTo(1.0);
        assertThat(IntentScores.checked(0.42, "the answer's intent 'greeting'")).isEqualTo(0.42);
        assertThat(IntentScores.checked(Double.NaN, "the answer's intent 'greeting'")).isNaN();
    }

    @Test
    @DisplayName("a score just outside 0 to 1 is refused as a protocol error naming where it came from, not counted as reaching"
            + " every threshold")
    void outside() {
        for (double score : new double[] {-0.01, 1.01, 100.0}) {
            assertThatThrownBy(() -> IntentScores.checked(score, "the NLU scores answer's intent 'greeting'"))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL);
                        assertThat(e.getMessage()).startsWith("the NLU scores answer's intent 'greeting' has the intent score "
                                + score + ", outside 0 to 1");
                    });
        }
    }
}
