package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/**
 * {@link ExpectationVerifier} on a voice bot's answer written as SSML: the text checks read it as the caller hears it,
 * and their failures quote it as the bot sent it.
 */
class SpokenAnswerVerifierTest {

    private static final String BALANCE = "<speak>Your balance is <say-as interpret-as=\"currency\">$42.10</say-as>"
            + "<break time=\"500ms\"/> Anything else?</speak>";

    private static SimulationResult answer(String... texts) {
        List<BotTurn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            turns.add(new BotTurn(i, "Balance", "check_balance", 0.9, null, texts[i], null, null, null, null, null, null));
        }
        return new SimulationResult("test_balance", "what is my balance", "sim_1", turns);
    }

    private static AssertionFailedError failure(Expectation expected, SimulationResult actual) {
        return catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, actual));
    }

    private static void holds(Expectation expected, SimulationResult actual) {
        assertThatCode(() -> ExpectationVerifier.verify(expected, actual)).as(expected.toString()).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("response_contains and response_contains_any hold for the words the caller hears, across <say-as> and"
            + " <break/>; a <sub alias> is heard as its alias")
    void containsTheSpokenWords() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseContains("Your balance is $42.10").build(), balance);
        holds(Expectation.builder().responseContains("$42.10 anything else?").build(), balance);
        holds(Expectation.builder().responseContainsAny(List.of("no balance", "balance is $42.10")).build(), balance);
        SimulationResult alias = answer("<speak>Your <sub alias=\"Voice Gateway\">VG</sub> PIN is ready.</speak>");
        holds(Expectation.builder().responseContains("your Voice Gateway PIN").build(), alias);
        assertThat(failure(Expectation.builder().responseContains("your VG PIN").build(), alias)).isNotNull();
    }

    @Test
    @DisplayName("response_not_contains finds a forbidden text the caller hears, and not the markup nobody hears (an"
            + " attribute's value, a tag's name)")
    void notContainsReadsTheSpokenWords() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseNotContains(List.of("currency", "say-as", "500ms", "speak")).build(), balance);
        AssertionFailedError e = failure(Expectation.builder().responseNotContains(List.of("currency", "$42.10 anything")).build(),
                balance);
        assertThat(e.getMessage()).contains("[response] expected to contain none of [\"currency\", \"$42.10 anything\"] (ignoring"
                + " case and typography) but contained [\"$42.10 anything\"]: \"" + BALANCE + "\" (SSML, read as spoken: \"Your"
                + " balance is $42.10 Anything else?\")");
    }

    @Test
    @DisplayName("a text written with SSML markup is looked for in the answer as written, so a check of the markup itself"
            + " (a pause is there) still holds")
    void markupLookedForAsWritten() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseContains("<break time=\"500ms\"/>").build(), balance);
        holds(Expectation.builder().responseContains(BALANCE).build(), balance);
        holds(Expectation.builder().responseNotContains(List.of("<audio")).build(), balance);
        assertThat(failure(Expectation.builder().responseNotContains(List.of("<say-as")).build(), balance).getMessage())
                .contains("but contained [\"<say-as\"]");
    }

    @Test
    @DisplayName("a failing check quotes the answer as the bot sent it and says how it was read, spoken")
    void failureQuotesTheAnswerAsSent() {
        AssertionFailedError e = failure(Expectation.builder().responseContains("Your balance is $41").build(), answer(BALANCE));
        assertThat(e.getMessage()).contains("[response] expected to contain \"Your balance is $41\" (ignoring case and"
                + " typography) but did not: \"" + BALANCE + "\" (SSML, read as spoken: \"Your balance is $42.10 Anything else?\")");
        assertThat(e.getActual().getStringRepresentation()).isEqualTo("response_contains: " + BALANCE);
    }

    @Test
    @DisplayName("response_length counts the characters spoken, not the markup, and a failure says so")
    void lengthAsSpoken() {
        // "Your balance is $42.10 Anything else?" is 37 characters; the document as written is 114.
        holds(Expectation.builder().responseLength(30, 40).build(), answer(BALANCE));
        AssertionFailedError e = failure(Expectation.builder().responseLength(-1, 20).build(), answer(BALANCE));
        assertThat(e.getMessage()).contains("[response length] expected at most 20 characters but was 37 characters as spoken,"
                + " its SSML markup not counted: \"" + BALANCE + "\" (SSML, read as spoken: \"Your balance is $42.10 Anything else?\")");
    }

    @Test
    @DisplayName("response_matches reads an SSML answer as spoken unless the pattern names markup: a pattern ruling a phrase"
            + " out fails on the phrase the caller hears across a <break/>, as response_not_contains does")
    void patternRulingAPhraseOutReadsTheSpokenWords() {
        SimulationResult card = answer("<speak>Please have your credit<break time=\"200ms\"/>card ready.</speak>");
        assertThat(failure(Expectation.builder().responseMatches("^(?!.*credit card)").build(), card)).isNotNull();
        assertThat(failure(Expectation.builder().responseNotContains(List.of("credit card")).build(), card)).isNotNull();
        holds(Expectation.builder().responseMatches("credit<break time=\"\\d+ms\"/>card").build(), card);
    }

    @Test
    @DisplayName("response_matches holds when the pattern matches the answer as spoken, or as written when it names markup: its"
            + " words or its markup")
    void matchesSpokenOrWritten() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseMatches("balance is \\$\\d+\\.\\d{2} Anything").build(), balance);
        holds(Expectation.builder().responseMatches("^Your balance").build(), balance);
        holds(Expectation.builder().responseMatches("<break time=\"\\d+ms\"/>").build(), balance);
        AssertionFailedError e = failure(Expectation.builder().responseMatches("balance is \\$\\d+ dollars").build(), balance);
        assertThat(e.getMessage()).contains("but did not: \"" + BALANCE + "\" (SSML, read as spoken: \"Your balance is $42.10"
                + " Anything else?\")");
    }

    @Test
    @DisplayName("a regular expression's own (?<name>…), (?<=…) and (?<!…) name no markup: such a pattern is matched with"
            + " the answer as spoken or as a chat shows it, and one naming a tag or a reference as written")
    void patternsOwnAngleBracketsAreNoMarkup() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseMatches("(?<!no )balance is (?<amount>\\$\\d+\\.\\d{2}) Anything").build(), balance);
        SimulationResult html = answer("We can&#39;t offer a <b>full</b> refund.");
        holds(Expectation.builder().responseMatches("(?<=a )full refund").build(), html);
        holds(Expectation.builder().responseMatches("can&#39;t offer").build(), html);
        holds(Expectation.builder().responseMatches("<b>full</").build(), html);
        assertThat(failure(Expectation.builder().responseMatches("^(?s)(?<!x)(?!.*full refund)").build(), html).getMessage())
                .contains("(HTML, as a chat shows it: \"We can't offer a full refund.\")");
    }

    @Test
    @DisplayName("a pattern naming a tag or a reference with a regular expression's own constructs (<\\w+, <[^>]+>, <\\/?b>,"
            + " <.*?>, &\\w+;, &#\\d+;) names markup: it is matched with the answer as written, as a pattern spelling the tag"
            + " out is")
    void patternsNamingMarkupWithRegexConstructs() {
        SimulationResult balance = answer(BALANCE);
        holds(Expectation.builder().responseMatches("<\\w+ time=").build(), balance);
        holds(Expectation.builder().responseMatches("<[^>]+>\\$42").build(), balance);
        holds(Expectation.builder().responseMatches("<\\/speak>$").build(), balance);
        holds(Expectation.builder().responseMatches("<.*?interpret-as").build(), balance);
        SimulationResult html = answer("We can&#39;t offer a <b>full</b> refund &amp; more.");
        holds(Expectation.builder().responseMatches("<\\/?b>full").build(), html);
        holds(Expectation.builder().responseMatches("<(b|i)>full").build(), html);
        holds(Expectation.builder().responseMatches("can&#\\d+;t").build(), html);
        holds(Expectation.builder().responseMatches("refund &\\w+; more").build(), html);
        holds(Expectation.builder().responseMatches("refund &[a-z]+; more").build(), html);
        // A '<' or '&' of the words, or of a regular expression's own set, still reads the answer as shown or spoken.
        holds(Expectation.builder().responseMatches("can't offer a full refund & more").build(), html);
        holds(Expectation.builder().responseMatches("[a-z&&[^x]]+ & more").build(), html);
        holds(Expectation.builder().responseMatches("(?<!no )balance is \\$42").build(), balance);
        holds(Expectation.builder().responseMatches("5 < 6").build(), answer("Yes: 5 &lt; 6."));
        holds(Expectation.builder().responseMatches("x <= y").build(), answer("Yes: x &lt;= y."));
        holds(Expectation.builder().responseMatches("x\\s*<\\s*y").build(), answer("Yes: x &lt; y."));
    }

    @Test
    @DisplayName("response_matches reads an HTML answer's <br> and paragraphs as line breaks, as a chat shows them: '.' does"
            + " not cross one, (?s) or \\s does, as docs/data-files.md says")
    void lineBreaksOfHtmlAsShown() {
        SimulationResult br = answer("Hello<br>World");
        assertThat(failure(Expectation.builder().responseMatches("Hello.*World").build(), br)).hasMessageContaining("Hello");
        holds(Expectation.builder().responseMatches("(?s)Hello.*World").build(), br);
        holds(Expectation.builder().responseMatches("Hello\\s+World").build(), br);
        SimulationResult paragraphs = answer("<p>Hello</p><p>World</p>");
        assertThat(failure(Expectation.builder().responseMatches("Hello.*World").build(), paragraphs)).hasMessageContaining("Hello");
    }

    @Test
    @DisplayName("response_length counts a text whose '&#' starts no numeric reference (a sign, another script's digits)"
            + " as written")
    void lengthOfSignedNumericReferencesAsWritten() {
        holds(Expectation.builder().responseLength(16, 16).build(), answer("Code &#+65; here"));
        holds(Expectation.builder().responseLength(18, 18).build(), answer("Code &#x-41; here."));
        holds(Expectation.builder().responseNotContains(List.of("Code A here")).build(), answer("<b>Code</b> &#+65; here"));
    }

    @Test
    @DisplayName("an answer without a <speak> document is not read as spoken: a < in a sentence and a <speak> quoted"
            + " mid-sentence are words of it, chat HTML is read as written and as a chat shows it, and its failures say"
            + " nothing of speech")
    void otherAnswersAsWritten() {
        SimulationResult comparison = answer("Yes: a < b, and <b>b</b> > a. Say <speak>x</speak> to start.");
        holds(Expectation.builder().responseContains("a < b, and <b>b</b>").build(), comparison);
        holds(Expectation.builder().responseContains("say <speak>x</speak>").build(), comparison);
        // As a chat shows it: "Yes: a < b, and b > a. Say <speak>x</speak> to start."
        holds(Expectation.builder().responseLength(53, 53).build(), comparison);
        assertThat(failure(Expectation.builder().responseNotContains(List.of("speak")).build(), comparison).getMessage())
                .contains("but contained [\"speak\"]").doesNotContain("SSML");
        assertThat(failure(Expectation.builder().responseMatches("^b > a").build(), comparison).getMessage()).doesNotContain("SSML");
    }

    @Test
    @DisplayName("an answer of several outputs reads its SSML output as spoken and its plain outputs as written")
    void mixedOutputs() {
        SimulationResult mixed = answer("Thanks for calling, a < b.", "<speak>Your PIN is <say-as interpret-as=\"digits\">1234"
                + "</say-as>.</speak>");
        holds(Expectation.builder().responseContains("calling, a < b. Your PIN is 1234.").build(), mixed);
        holds(Expectation.builder().responseNotContains(List.of("digits")).build(), mixed);
    }

    @Test
    @DisplayName("an answer of an SSML output and a chat output written with HTML reads the chat output as a chat shows it"
            + " too: response_not_contains finds a forbidden text across its tags")
    void mixedOutputsWithHtml() {
        SimulationResult mixed = answer("<speak>Thanks for calling.</speak>", "We can&#39;t offer a <b>full</b> refund.");
        assertThat(failure(Expectation.builder().responseNotContains(List.of("full refund", "can't offer")).build(), mixed))
                .hasMessageContaining("but contained [\"full refund\", \"can't offer\"]");
        holds(Expectation.builder().responseContains("a full refund").build(), mixed);
        holds(Expectation.builder().responseNotContains(List.of("speak", "say-as")).build(), mixed);
    }

    @Test
    @DisplayName("response_not_contains also finds a forbidden text an <audio>'s fallback says, which the caller hears when the"
            + " recording fails, and its failure shows that reading; response_contains still reads the recording as playing")
    void notContainsReadsAFailedRecordingsFallback() {
        SimulationResult hold = answer("<speak>One moment.<audio src=\"https://x.example/hold.mp3\">Your card number is"
                + " 4111 1111 1111 1111.</audio> Thanks.</speak>");
        holds(Expectation.builder().responseNotContains(List.of("card number", "hold.mp3")).build(), answer(BALANCE));
        AssertionFailedError e = failure(Expectation.builder().responseNotContains(List.of("thanks", "card number", "hold.mp3"))
                .build(), hold);
        assertThat(e.getMessage()).contains("but contained [\"thanks\", \"card number\"]: ").contains("(SSML, read as"
                + " spoken: \"One moment. Thanks.\") (when a recording fails, its fallback text spoken: \"One moment. Your card"
                + " number is 4111 1111 1111 1111. Thanks.\")");
        AssertionFailedError heardAnyway = failure(Expectation.builder().responseNotContains(List.of("thanks")).build(), hold);
        assertThat(heardAnyway.getMessage()).contains("1111.</audio> Thanks.</speak>\" (SSML, read as spoken: \"One moment."
                + " Thanks.\")\n").doesNotContain("when a recording fails");
        assertThat(failure(Expectation.builder().responseContains("card number").build(), hold)).isNotNull();
        holds(Expectation.builder().responseContains("one moment. thanks").build(), hold);
    }
}
