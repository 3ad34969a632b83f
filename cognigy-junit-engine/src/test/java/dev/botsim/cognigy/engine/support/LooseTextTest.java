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
}
