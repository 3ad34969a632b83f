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

/** {@link BotiumMatch}, and the checks of an expectation read from a Botium convo file that use it. */
class BotiumMatchTest {

    @Test
    @DisplayName("contained anywhere, ignoring case, each * standing for anything, its pieces in order; no text contains nothing")
    void contains() {
        assertThat(BotiumMatch.contains("Your ORDER has shipped", "order has")).isTrue();
        assertThat(BotiumMatch.contains("Your order has shipped", "your*shipped")).isTrue();
        assertThat(BotiumMatch.contains("Your order has shipped", "*")).isTrue();
        assertThat(BotiumMatch.contains("Your order has shipped", "")).isTrue();
        assertThat(BotiumMatch.contains("Your order has shipped", "shipped*your")).as("pieces out of order").isFalse();
        assertThat(BotiumMatch.contains("Your order has shipped", "refund")).isFalse();
        assertThat(BotiumMatch.contains("abab", "ab*ab")).isTrue();
        assertThat(BotiumMatch.contains("ab", "ab*ab")).as("one occurrence cannot stand for two pieces").isFalse();
        assertThat(BotiumMatch.contains(null, "order")).isFalse();
    }

    @Test
    @DisplayName("normalized: markup removed, a paragraph or line break a space, entities decoded, whitespace runs one space;"
            + " by outputs: each output so, whole, its own line breaks spaces, a line break between two outputs")
    void normalized() {
        assertThat(BotiumMatch.normalized("<p>Hello <b>there</b></p><p>Tom &amp; Jerry&#39;s</p>\n\n  ok<br/>now")).isEqualTo("Hello there Tom & Jerry's ok now");
        assertThat(BotiumMatch.normalized(null)).isEmpty();
        assertThat(BotiumMatch.normalizedOutputs(List.of("  <b>Hi</b>   there \nfriend", "Bye\u00A0 now"))).isEqualTo("Hi there friend\nBye now");
        assertThat(BotiumMatch.normalizedOutputs(List.of())).isEmpty();
    }

    @Test
    @DisplayName("matched: known outputs apart by a line separator, a line's end for ^ and $ but no whitespace for \\s, so"
            + " TEXT Hello there's pattern holds for the one output 'Hello there' only; outputs known only as lines apart by"
            + " a line break, which \\s matches, as then")
    void matchedOutputs() {
        // The pattern TEXT Hello there is read as.
        java.util.regex.Pattern whole = java.util.regex.Pattern.compile("(?s)^(?=.*?(?:(?m:^Hello\\s+there$)))");
        List<String> two = List.of("Hello", "<b>there</b>");

        assertThat(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(two), false)).isEqualTo("Hello\u2028there");
        assertThat(whole.matcher(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(two), false)).find()).isFalse();
        assertThat(whole.matcher(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(List.of("Hello\nthere")), false)).find()).isTrue();
        assertThat(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(two), true)).isEqualTo("Hello\nthere");
        assertThat(whole.matcher(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(two), true)).find()).isTrue();
        // Each output still a line of its own for ^ and $.
        assertThat(java.util.regex.Pattern.compile("(?m:^there$)").matcher(BotiumMatch.matchedOutputs(BotiumMatch.normalizedOutputs(two), false)).find()).isTrue();
    }

    private static SimulationResult answer(String text, Map<String, Object> entities) {
        return new SimulationResult("test_a", "hi", "sim_1", List.of(new BotTurn(0, "Orders", "check_order", 0.9, entities, text,
                null, null, null, List.of(), List.of(), List.of())));
    }

    @Test
    @DisplayName("a Botium text check holds on a contained text with * and markup removed, and fails saying how it compared")
    void responseContains() {
        Expectation expected = Expectation.builder().matching(Expectation.Matching.BOTIUM).responseContains("your * has shipped").build();

        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("<p>Your   order\\nhas shipped!</p>".replace("\\n", "\n"), Map.of())))
                .doesNotThrowAnyException();
        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> ExpectationVerifier.verify(expected, answer("Your order is late.", Map.of())));
        assertThat(e.getMessage()).contains("[response] expected to contain \"your * has shipped\" (" + BotiumMatch.HOW
                + ", markup removed and whitespace collapsed) but was \"Your order is late.\"");
    }

    private static SimulationResult outputs(String... texts) {
        return new SimulationResult("test_a", "hi", "sim_1", List.of(new BotTurn(0, "Main", null, Double.NaN, Map.of(),
                texts.length == 0 ? null : String.join("\n", texts), null, null, null, List.of(), List.of(), List.of(),
                List.of(Map.of("shown", true)), List.of(texts))));
    }

    @Test
    @DisplayName("a TEXT_REGEXP part is searched in each known output on its own, and the failure says so and how many outputs"
            + " there were; outputs known only as lines are searched together, as then")
    void regexpPartInEachOutput() {
        // TEXT_REGEXP_ANY Hello[\s\S]there, as a convo's reader writes it.
        Expectation expected = Expectation.builder().matching(Expectation.Matching.BOTIUM).responseMatches("(?s)^(?=.*?(?:"
                + dev.botsim.cognigy.engine.support.BotiumPattern.perOutput("(?:(?m:(?-s:Hello[\\s\\S]there)))") + "))").build();

        assertThatCode(() -> ExpectationVerifier.verify(expected, outputs("Hello\nthere"))).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, outputs("Hello", "there")))
                .getMessage()).contains("each TEXT_REGEXP searched in each output on its own, 2 outputs, one a line) but did not:"
                + " \"Hello\\nthere\"");
        assertThat(catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, outputs("Hello")))
                .getMessage()).contains("each TEXT_REGEXP searched in each output on its own, 1 output) but did not: \"Hello\"");
        assertThat(catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, outputs()))
                .getMessage()).contains("each TEXT_REGEXP searched in each output on its own, no output with a text) but did not: \"\"");
        assertThatCode(() -> ExpectationVerifier.verify(expected, outputs("Hello", "there"), dev.botsim.cognigy.engine.backend.BotSchema.UNKNOWN,
                null, true)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a Botium entity check holds on a value containing the text, ignoring case, and fails on another or none")
    void entity() {
        Expectation expected = Expectation.builder().matching(Expectation.Matching.BOTIUM).entities(Map.of("city", "berlin")).build();

        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("ok", Map.of("city", "Berlin Mitte"))))
                .doesNotThrowAnyException();
        assertThat(catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected,
                answer("ok", Map.of("city", "Hamburg")))).getMessage())
                .contains("[entity city] expected a value containing \"berlin\" (" + BotiumMatch.HOW + ") but was \"Hamburg\"");
        assertThat(catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected,
                answer("ok", Map.of()))).getMessage()).contains("but the answer has none");
    }

    @Test
    @DisplayName("an answer of 1 MiB of '<' and no '>' is normalized in one pass, as written: removing tags searched on to its"
            + " end from each '<'")
    void manyAnglesWithoutAnEnd() {
        String answer = "a<".repeat(1 << 19);

        List<String> normalized = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> List.of(BotiumMatch.normalized(answer), BotiumMatch.normalizedOutputs(List.of(answer))));

        assertThat(normalized).containsOnly(answer);
    }
}
