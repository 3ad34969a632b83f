package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link LoneSurrogates}: halves of surrogate pairs standing alone, which no file can hold as they are. */
class LoneSurrogatesTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    @DisplayName("a lone half becomes U+FFFD wherever it stands; a pair before or after it is kept whole")
    void replaced() {
        assertThat(LoneSurrogates.replaced("cut \uD83D")).isEqualTo("cut \uFFFD");
        assertThat(LoneSurrogates.replaced("\uDE00 rest")).isEqualTo("\uFFFD rest");
        assertThat(LoneSurrogates.replaced(EMOJI + "\uD83D" + EMOJI + "x")).isEqualTo(EMOJI + "\uFFFD" + EMOJI + "x");
        assertThat(LoneSurrogates.replaced("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
        assertThat(LoneSurrogates.replaced(null)).isNull();
    }

    @Test
    @DisplayName("a text without a lone half is the same string, emoji and all")
    void untouched() {
        String text = "hi " + EMOJI + " there";
        assertThat(LoneSurrogates.replaced(text)).isSameAs(text);
        assertThat(LoneSurrogates.escaped(text)).isSameAs(text);
    }

    @Test
    @DisplayName("in JSON text a lone half is written as its escape, which a JSON reader reads back as it")
    void escaped() {
        assertThat(LoneSurrogates.escaped("{\"said\":\"" + EMOJI + "\uD83D\"}")).isEqualTo("{\"said\":\"" + EMOJI + "\\uD83D\"}");
        assertThat(LoneSurrogates.escaped("[\"\uDE00\"]")).isEqualTo("[\"\\uDE00\"]");
    }
}
