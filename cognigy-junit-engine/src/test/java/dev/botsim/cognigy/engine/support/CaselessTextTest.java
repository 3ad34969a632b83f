package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link CaselessText}: a phrase found in a text whatever the case of its letters, in any locale. */
class CaselessTextTest {

    @Test
    @DisplayName("found at the start, in the middle, at the very end or as the whole text, letter by letter ignoring case;"
            + " Turkish dotted and dotless i are found as written in either case")
    void contains() {
        assertThat(CaselessText.contains("Your order ships TODAY", "your")).isTrue();
        assertThat(CaselessText.contains("Your order ships TODAY", "Order Ships")).isTrue();
        assertThat(CaselessText.contains("Your order ships TODAY", "today")).isTrue();
        assertThat(CaselessText.contains("today", "TODAY")).isTrue();
        assertThat(CaselessText.contains("\u0130stanbul", "istanbul")).isTrue();
        assertThat(CaselessText.contains("K\u0131sa", "KISA")).isTrue();
        assertThat(CaselessText.contains("Your order ships today", "today!")).isFalse();
        assertThat(CaselessText.contains("day", "today")).isFalse();
    }
}
