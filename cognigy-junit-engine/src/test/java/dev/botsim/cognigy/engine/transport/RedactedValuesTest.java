package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NamedValuesTest {

    @Test
    @DisplayName("every occurrence of every value is <redacted>, the longest one beginning at a place winning; a text without"
            + " any is the same text")
    void everyOccurrence() {
        RedactedValues values = RedactedValues.of(List.of("ann@example.com", "ann", "ORD-1042"));

        assertThat(values.redact("mail ann@example.com or ann, order ORD-1042 (ORD-1042)"))
                .isEqualTo("mail <redacted> or <redacted>, order <redacted> (<redacted>)");
        String untouched = "nothing named here";
        assertThat(values.redact(untouched)).isSameAs(untouched);
    }

    @Test
    @DisplayName("values overlapping or side by side become one run of <redacted>, a value inside a longer one too: no"
            + " character of any is left")
    void overlapping() {
        RedactedValues values = RedactedValues.of(List.of("Anna-Maria", "Maria Schmidt", "Schmidt-Anna", "nna"));

        assertThat(values.redact("Hello Anna-Maria Schmidt-Anna!")).isEqualTo("Hello <redacted>!");
        assertThat(values.redact("x Anna-MariaMaria Schmidt y")).isEqualTo("x <redacted> y");
        assertThat(values.redact("Hanna")).isEqualTo("Ha<redacted>");
    }

    @Test
    @DisplayName("values of one or two characters, and <redacted> itself, redact nothing: they would cut letters out of every"
            + " word; a text shorter than three characters is left as it is")
    void shortValuesIgnored() {
        RedactedValues values = RedactedValues.of(List.of("a", "no", "<redacted>", "yes"));

        assertThat(values.redact("a note, yes")).isEqualTo("a note, <redacted>");
        assertThat(values.redact("<redacted>")).isEqualTo("<redacted>");
        assertThat(values.redact("ye")).isEqualTo("ye");
        assertThat(RedactedValues.of(List.of()).redact("anything")).isEqualTo("anything");
    }

    @Test
    @DisplayName("many values sharing their first characters are each found: twenty thousand e-mail addresses of one domain,"
            + " the last one named in a text")
    void manyValues() {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) named.add("user" + i + "@example.com");
        RedactedValues values = RedactedValues.of(named);

        assertThat(values.redact("from user19999@example.com to user7@example.com, cc user7@example.org"))
                .isEqualTo("from <redacted> to <redacted>, cc user7@example.org");
    }

    @Test
    @DisplayName("values sharing their beginning but of other lengths (one country's phone numbers, short and long) are each"
            + " found, the longest standing at a place winning")
    void sharedBeginningsOfOtherLengths() {
        RedactedValues values = RedactedValues.of(List.of("+49 30 1234", "+49 30 123456", "+49 89 98765", "+49 30 12"));

        assertThat(values.redact("call +49 30 123456 or +49 89 98765, not +49 89 1"))
                .isEqualTo("call <redacted> or <redacted>, not +49 89 1");
        assertThat(values.redact("+49 30 12")).isEqualTo("<redacted>");
        assertThat(values.redact("+49 30 1234 5")).isEqualTo("<redacted> 5");
    }
}
