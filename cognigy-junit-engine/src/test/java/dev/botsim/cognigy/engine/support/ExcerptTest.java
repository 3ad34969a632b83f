package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Excerpt}: a long text quoted by its beginning and its length. */
class ExcerptTest {

    @Test
    @DisplayName("a text of at most the characters shown is shown whole; one longer, by its beginning and its length")
    void cutAfterShown() {
        assertThat(Excerpt.of("hello", 5)).isEqualTo("hello");
        assertThat(Excerpt.of("hello!", 5)).isEqualTo("hello… (6 characters)");
        assertThat(Excerpt.of(null, 5)).isNull();
    }

    @Test
    @DisplayName("characters are counted in code points and the text is cut between two of them, never inside an emoji")
    void codePoints() {
        String emoji = "\uD83D\uDE00";
        assertThat(Excerpt.of(emoji.repeat(3), 3)).isEqualTo(emoji.repeat(3));
        assertThat(Excerpt.of(emoji.repeat(4), 3)).isEqualTo(emoji.repeat(3) + "… (4 characters)");
        assertThat(Excerpt.of("a" + emoji + "b", 2)).isEqualTo("a" + emoji + "… (3 characters)");
    }

    @Test
    @DisplayName("a head: whole when it fits, else its first characters and an ellipsis without the length, cut between two"
            + " code points")
    void head() {
        String emoji = "\uD83D\uDE00";
        assertThat(Excerpt.head("hello", 5)).isEqualTo("hello");
        assertThat(Excerpt.head("hello!", 5)).isEqualTo("hello…");
        assertThat(Excerpt.head(emoji.repeat(4), 3)).isEqualTo(emoji.repeat(3) + "…");
        assertThat(Excerpt.head(null, 5)).isNull();
    }

    @Test
    @DisplayName("within a length: whole when it fits, else its beginning and the suffix together that long, at least one"
            + " character of the text")
    void within() {
        String text = "x".repeat(100);
        assertThat(Excerpt.within(text, 100)).isSameAs(text);
        String cut = Excerpt.within(text, 40);
        assertThat(cut).isEqualTo("x".repeat(22) + "… (100 characters)").hasSize(40);
        assertThat(Excerpt.within(text, 5)).isEqualTo("x… (100 characters)");
        assertThat(Excerpt.within("\uD83D\uDE00".repeat(30), 29)).isEqualTo("\uD83D\uDE00".repeat(12) + "… (30 characters)");
        assertThat(Excerpt.within(null, 40)).isNull();
    }
}
