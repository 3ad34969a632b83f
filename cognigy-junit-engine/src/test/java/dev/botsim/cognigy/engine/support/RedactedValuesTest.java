package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link RedactedValues}: what the HTTP trace redacts of the values {@code cognigy.replay.redact} named so far. */
class RedactedValuesTest {

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

    @Test
    @DisplayName("values named later are found from then on, by a text redacted once the index is made; named twice, one")
    void namedAsTheRunGoes() {
        RedactedValues values = RedactedValues.of(List.of("ann@example.com"));

        assertThat(values.redact("ann@example.com, bob@example.com")).isEqualTo("<redacted>, bob@example.com");
        values.addAll(List.of("bob@example.com", "ann@example.com"));
        assertThat(values.redact("ann@example.com, bob@example.com")).isEqualTo("<redacted>, <redacted>");
        assertThat(values.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("values named from several threads at once (exchanges of tests running together) are each found")
    void namedFromSeveralThreads() throws Exception {
        RedactedValues values = RedactedValues.of(List.of());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) values.addAll(List.of("user" + thread + "-" + i + "@example.com"));
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(values.size()).isEqualTo(8_000);
        for (int t = 0; t < 4; t++) {
            assertThat(values.redact("to user" + t + "-1999@example.com")).isEqualTo("to <redacted>");
        }
    }

    @Test
    @DisplayName("a value of the shortest length redacted is redacted where it is the whole text, and joins the run of a value"
            + " it stands right after at the text's end")
    void shortestValueAtTheEdges() {
        RedactedValues values = RedactedValues.of(List.of("Bob", "alice"));

        assertThat(values.redact("Bob")).isEqualTo("<redacted>");
        assertThat(values.redact("to aliceBob")).isEqualTo("to <redacted>");
    }
}
