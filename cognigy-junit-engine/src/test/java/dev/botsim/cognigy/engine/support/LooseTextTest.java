package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LooseText}: {@code response_contains} and {@code response_not_contains} read an answer as a reader sees it, and
 * an exact check's failure names what alone differs.
 */
class LooseTextTest {

    @ParameterizedTest(name = "\"{0}\" contains \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "We don\u2019t ship on Sundays.          | don't ship",
            "\u201CThanks\u201D \u2013 the team       | \"thanks\" - the team",
            "Wait\u2026                               | wait...",
            "Your   order\u00A0is\u2003\tready        | your order is ready",
            "Your order\u200B is rea\u00ADdy          | order is ready",
            "Your order\u200C\u200D\u2060\uFEFF is ready | order is ready",
            "Order **ORD-99** is *on its way*         | order ord-99 is on its way",
            "Run `deploy` now                         | run deploy now",
            "**Bold with *italic* inside** done       | bold with italic inside done",
            "\u2705**Done**                           | \u2705done",
            "\uFF21\uFF22\uFF23 \uFB01le               | abc file",
            "**\u0130ade** edilemez                   | iade edilemez"})
    @DisplayName("compared loosely: case, runs of spaces, invisible characters, Markdown emphasis, typographic quotes and"
            + " dashes and character forms are no difference")
    void containsLoosely(String text, String phrase) {
        assertThat(LooseText.contains(text.strip(), phrase.strip())).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" does not contain \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "Card 4111 **** **** 1111             | 4111 1111",
            "Card 411111******1111                | 4111111111",
            "Rated 4* by guests                   | rated 4 by",
            "a ** b                               | a b",
            "x*y*z                                | xyz",
            "Your order is ready                  | your orders"})
    @DisplayName("marks within a word or a number, or standing alone, are what the bot said: a masked card number, a rating")
    void marksKept(String text, String phrase) {
        assertThat(LooseText.contains(text.strip(), phrase.strip())).isFalse();
    }

    @Test
    @DisplayName("a phrase of nothing but spaces or invisible characters is looked for as written; no text or no phrase"
            + " holds nothing")
    void emptyLoosely() {
        assertThat(LooseText.contains("Your order is ready", "\u200B")).isFalse();
        assertThat(LooseText.contains("Your order is ready", " \u00A0")).isFalse();
        assertThat(LooseText.contains("Your order is ready", " ")).isTrue();
        assertThat(LooseText.contains("Your order is\r\n  ready", "order is ready")).isTrue();
        assertThat(LooseText.contains(null, "order")).isFalse();
        assertThat(LooseText.contains("order", null)).isFalse();
    }

    @Test
    @DisplayName("an SSML answer is read as spoken, unless the phrase is itself written with markup")
    void spoken() {
        String ssml = "<speak>Your balance is <say-as interpret-as=\"currency\">$42.10</say-as><break time=\"500ms\"/></speak>";

        assertThat(LooseText.contains(ssml, "balance is $42.10")).isTrue();
        assertThat(LooseText.contains(ssml, "currency")).isFalse();
        assertThat(LooseText.contains(ssml, "<break time=\"500ms\"/>")).isTrue();
        assertThat(LooseText.containedIn(ssml, List.of("currency", "$42.10", "<say-as"))).containsExactly("$42.10", "<say-as");
        assertThat(LooseText.containedIn(null, List.of("x"))).isEmpty();
    }

    @Test
    @DisplayName("a phrase an SSML answer says only when its recording fails may be heard; one it never says may not")
    void failedRecordings() {
        String ssml = "<speak><audio src=\"https://cdn.example.com/hello.mp3\">Hello, caller</audio> Bye</speak>";

        assertThat(LooseText.mayBeHeardIn(ssml, List.of("bye", "hello, caller", "cdn"))).containsExactly("bye", "hello, caller");
        assertThat(LooseText.mayBeHeardIn("Plain bye", List.of("bye", "hello"))).containsExactly("bye");
        assertThat(LooseText.mayBeHeardIn(null, List.of("bye"))).isEmpty();
    }

    @Test
    @DisplayName("what alone tells two texts apart: letter case, or spaces, quotes, dashes or character forms; nothing when"
            + " they are equal, one is missing, they differ in more or are blank loosely")
    void onlyDifference() {
        assertThat(LooseText.onlyDifference("Order_Status", "order_status")).hasValue("letter case");
        assertThat(LooseText.onlyDifference("don't", "don\u2019t")).hasValue("spaces, quotes, dashes or character forms");
        assertThat(LooseText.onlyDifference("a  b", "A b")).hasValue("spaces, quotes, dashes or character forms");
        assertThat(LooseText.onlyDifference("same", "same")).isEmpty();
        assertThat(LooseText.onlyDifference(null, "x")).isEmpty();
        assertThat(LooseText.onlyDifference("x", null)).isEmpty();
        assertThat(LooseText.onlyDifference("order", "orders")).isEmpty();
        assertThat(LooseText.onlyDifference(" ", "\u200B")).isEmpty();
    }

    @Test
    @DisplayName("an answer of 1 MiB of emphasis runs opened and of others that close none is read in one pass: each closing"
            + " run looked through every run still open")
    void manyOpenRunsAndClosingRunsOfAnotherLength() {
        String answer = " *a".repeat(75_000) + "a** ".repeat(75_000) + "`b".repeat(100_000);

        List<Boolean> found = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> List.of(LooseText.contains(answer, "zzz"), LooseText.contains(answer, "A**\u00a0a**")));

        assertThat(found).containsExactly(false, true);
    }

    /** Which characters are emphasis marks, as the engine found them by looking through the open runs one by one. */
    private static boolean[] emphasisByLooking(String text) {
        boolean[] marks = new boolean[text.length()];
        java.util.ArrayDeque<int[]> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c != '*' && c != '`') {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && text.charAt(end) == c) end++;
            boolean wordBefore = i > 0 && Character.isLetterOrDigit(text.codePointBefore(i));
            boolean wordAfter = end < text.length() && Character.isLetterOrDigit(text.codePointAt(end));
            boolean closes = i > 0 && !Character.isWhitespace(text.codePointBefore(i)) && !Character.isSpaceChar(text.codePointBefore(i)) && !wordAfter;
            boolean opens = !wordBefore && end < text.length() && !Character.isWhitespace(text.codePointAt(end))
                    && !Character.isSpaceChar(text.codePointAt(end));
            int[] opener = null;
            if (closes) {
                for (java.util.Iterator<int[]> runs = open.descendingIterator(); runs.hasNext() && opener == null; ) {
                    int[] run = runs.next();
                    if (run[2] == c && run[1] == end - i) opener = run;
                }
            }
            if (opener != null) {
                while (open.peekLast() != opener) open.removeLast();
                open.removeLast();
                java.util.Arrays.fill(marks, opener[0], opener[0] + opener[1], true);
                java.util.Arrays.fill(marks, i, end, true);
            } else if (opens) {
                open.addLast(new int[] {i, end - i, c});
            }
            i = end;
        }
        return marks;
    }

    @Test
    @DisplayName("on 30,000 texts of runs of * and `, words and spaces, the marks found in one pass are those found by looking"
            + " through the open runs one by one")
    void emphasisAsByLooking() {
        String[] parts = {"*", "**", "***", "`", "``", "a", "1", " ", "\n", "\u00a0", "✅", "_"};
        java.util.Random random = new java.util.Random(20261206);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(20); k >= 0; k--) text.append(parts[random.nextInt(parts.length)]);
            assertThat(LooseText.emphasis(text.toString())).as(text.toString()).isEqualTo(emphasisByLooking(text.toString()));
        }
    }
}
