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

/** {@link ExpectationVerifier} on the checks meant for answers whose wording varies. */
class VaryingAnswerVerifierTest {

    private static SimulationResult answer(String... texts) {
        List<BotTurn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            turns.add(new BotTurn(i, "Order status", "check_order", 0.9, null, texts[i], null, null, null, null, null, null));
        }
        return new SimulationResult("test_a", "where is my order", "sim_1", turns);
    }

    private static AssertionFailedError failure(Expectation expected, SimulationResult actual) {
        return catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, actual));
    }

    @Test
    @DisplayName("item 9: response_contains_any holds when any one text is in the answer, ignoring case, across its turns")
    void containsAnyHolds() {
        Expectation expected = Expectation.builder().responseContainsAny(List.of("order number", "tracking")).build();

        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("Sure!", "What is your ORDER NUMBER?")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("Here is your tracking link.")))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("item 9: an answer with none of the texts fails with the alternatives as expected and the text as actual")
    void containsAnyFails() {
        Expectation expected = Expectation.builder().responseContainsAny(List.of("order number", "tracking")).build();

        AssertionFailedError e = failure(expected, answer("Let me connect you to an agent."));

        assertThat(e.getMessage()).contains("[response] expected to contain any of [\"order number\", \"tracking\"]"
                + " (ignoring case and typography) but contained none: \"Let me connect you to an agent.\"");
        assertThat(e.getExpected().getStringRepresentation()).isEqualTo("response_contains_any: [order number, tracking]");
        assertThat(e.getActual().getStringRepresentation()).isEqualTo("response_contains_any: Let me connect you to an agent.");
    }

    @Test
    @DisplayName("item 9: response_not_contains fails naming every forbidden text found, ignoring case, and holds otherwise")
    void notContains() {
        Expectation expected = Expectation.builder().responseNotContains(List.of("sorry", "error", "agent")).build();

        AssertionFailedError e = failure(expected, answer("Sorry, an ERROR occurred."));

        assertThat(e.getMessage()).contains("[response] expected to contain none of [\"sorry\", \"error\", \"agent\"]"
                + " (ignoring case and typography) but contained [\"sorry\", \"error\"]: \"Sorry, an ERROR occurred.\"");
        assertThat(e.getExpected().getStringRepresentation()).isEqualTo("response_not_contains: [sorry, error, agent]");
        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("Your parcel ships today.")))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("ignoring case works letter by letter in any locale: Turkish İstanbul contains istanbul and KISA is Kısa, for"
            + " response_contains, response_contains_any and response_not_contains; a different word still fails")
    void turkishLettersIgnoringCase() {
        SimulationResult turkish = answer("Siparişiniz İstanbul'a gidiyor, teslimat Kısa sürede.");
        for (Expectation expected : List.of(Expectation.builder().responseContains("istanbul'a").build(),
                Expectation.builder().responseContains("KISA").build(),
                Expectation.builder().responseContainsAny(List.of("ankara", "İSTANBUL")).build())) {
            assertThatCode(() -> ExpectationVerifier.verify(expected, turkish)).as(expected.toString()).doesNotThrowAnyException();
        }
        assertThat(failure(Expectation.builder().responseNotContains(List.of("istanbul")).build(), turkish).getMessage())
                .contains("but contained [\"istanbul\"]");
        assertThat(failure(Expectation.builder().responseContains("ankara").build(), turkish).getMessage())
                .contains("ankara").contains("ignoring case");
    }

    @Test
    @DisplayName("Turkish letter case is ignored where the answer's typography or Markdown differs too: response_not_contains"
            + " finds 'iade edilemez' in '**İade** edilemez' and 'istanbul'a' in 'İSTANBUL’a', response_contains holds for them")
    void turkishLettersIgnoringCaseLoosely() {
        SimulationResult llm = answer("**İade** edilemez: ürün 14\u00a0GÜN içinde İSTANBUL’a gönderilir.");
        for (String forbidden : List.of("iade edilemez", "14 gün", "istanbul'a")) {
            AssertionFailedError e = failure(Expectation.builder().responseNotContains(List.of(forbidden)).build(), llm);
            assertThat(e).as(forbidden + " is found").isNotNull();
            assertThat(e.getMessage()).as(forbidden).contains("but contained [\"" + forbidden + "\"]");
            assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains(forbidden).build(), llm))
                    .as(forbidden).doesNotThrowAnyException();
        }
        assertThat(failure(Expectation.builder().responseContains("iade edildi").build(), llm)).isNotNull();
    }

    @Test
    @DisplayName("the wording-free checks read the answer as a reader does: an LLM's typographic apostrophe, dash, no-break"
            + " space or line break between streamed sentences is the plain one typed in the file, so response_not_contains"
            + " finds the forbidden text it forms and response_contains the text it holds")
    void typographyAsAReaderSeesIt() {
        SimulationResult llm = answer("I don’t have access to your account.\nOur team works Monday–Friday, 9\u00a0am to 5\u00a0pm.");
        for (String forbidden : List.of("don't have access", "9 am", "Monday-Friday", "account. Our team")) {
            AssertionFailedError e = failure(Expectation.builder().responseNotContains(List.of(forbidden)).build(), llm);
            assertThat(e).as(forbidden).isNotNull();
            assertThat(e.getMessage()).as(forbidden).contains("but contained [\"" + forbidden + "\"]");
        }
        for (Expectation expected : List.of(Expectation.builder().responseContains("I DON'T HAVE ACCESS").build(),
                Expectation.builder().responseContains("monday-friday").build(),
                Expectation.builder().responseContains("Monday-Friday, 9 am").build(),
                Expectation.builder().responseContainsAny(List.of("weekends", "9 am to 5 pm")).build())) {
            assertThatCode(() -> ExpectationVerifier.verify(expected, llm)).as(expected.toString()).doesNotThrowAnyException();
        }
        // What a reader tells apart still fails: other letters, a dash for a comma.
        assertThat(failure(Expectation.builder().responseContains("do not have access").build(), llm)).isNotNull();
        assertThat(failure(Expectation.builder().responseContains("Monday, Friday").build(), llm)).isNotNull();
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseNotContains(List.of("won't")).build(), llm))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("the Markdown emphasis an LLM adds (**bold**, *italic*, `code`) is no part of the words: response_contains"
            + " holds across it and response_not_contains finds the forbidden text it splits")
    void markdownEmphasis() {
        SimulationResult llm = answer("Your order **ORD_99** has shipped.\n\n* Tracking: `TRK-12`\n* We *guarantee* a **full** refund.");
        for (Expectation expected : List.of(Expectation.builder().responseContains("order ORD_99 has shipped").build(),
                Expectation.builder().responseContains("tracking: TRK-12").build(),
                Expectation.builder().responseContainsAny(List.of("we guarantee a full refund")).build())) {
            assertThatCode(() -> ExpectationVerifier.verify(expected, llm)).as(expected.toString()).doesNotThrowAnyException();
        }
        assertThat(failure(Expectation.builder().responseNotContains(List.of("guarantee a full refund")).build(), llm).getMessage())
                .contains("but contained [\"guarantee a full refund\"]");
        // An underscore is a letter of a name (ORD_99), not emphasis; text marked up as written is still found as written.
        assertThat(failure(Expectation.builder().responseContains("ORD99").build(), llm)).isNotNull();
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains("**ORD_99**").build(), llm))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("stars within a number or standing alone are what the bot said, not emphasis: a masked card or account"
            + " number keeps its mask, so a check that the bot masks it still holds, and a rating's star still counts")
    void starsThatAreNoEmphasis() {
        SimulationResult masked = answer("Your card 411111******1111 and IBAN DE89 **** **** 3000 are on file. Rated 4* by you.");
        for (String unmasked : List.of("41111111", "4111111111", "DE89 3000")) {
            assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseNotContains(List.of(unmasked)).build(),
                    masked)).as(unmasked).doesNotThrowAnyException();
        }
        assertThat(failure(Expectation.builder().responseContains("rated 4 by").build(), masked)).isNotNull();
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains("411111******1111").build(), masked))
                .doesNotThrowAnyException();
        // An emoji or a symbol beside the marks, and emphasis nested in emphasis, are still emphasis.
        SimulationResult llm = answer("✅**Booked** for Monday. Total: 5€**net** today. **Bold with *italic* inside**, then more.");
        for (String phrase : List.of("booked for monday", "5€net today", "bold with italic inside, then more")) {
            assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains(phrase).build(), llm))
                    .as(phrase).doesNotThrowAnyException();
        }
        // Emphasis around a masked number is still emphasis: the mask inside it stays.
        SimulationResult bold = answer("Card **4111 **** 1111** saved.");
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains("card 4111 **** 1111 saved").build(),
                bold)).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseNotContains(List.of("4111 1111")).build(),
                bold)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("item 9: response_length counts code points of all turns' text, both ends included, and says the range")
    void length() {
        Expectation range = Expectation.builder().responseLength(5, 10).build();
        Expectation atMost = Expectation.builder().responseLength(-1, 3).build();
        Expectation atLeast = Expectation.builder().responseLength(12, -1).build();

        // "Hi 👋" is 4 code points though 5 UTF-16 units; two turns are joined by one line break.
        assertThatCode(() -> ExpectationVerifier.verify(range, answer("Hello"))).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(range, answer("Hi 👋", "Yo"))).doesNotThrowAnyException();
        assertThatCode(() -> ExpectationVerifier.verify(range, answer("0123456789"))).doesNotThrowAnyException();

        AssertionFailedError tooShort = failure(range, answer("Hi 👋"));
        assertThat(tooShort.getMessage()).contains("[response length] expected between 5 and 10 characters but was 4"
                + " characters: \"Hi 👋\"");
        assertThat(tooShort.getExpected().getStringRepresentation()).isEqualTo("response_length: between 5 and 10 characters");
        assertThat(tooShort.getActual().getStringRepresentation()).isEqualTo("response_length: 4 characters");

        assertThat(failure(range, answer("0123456789A")).getMessage()).contains("expected between 5 and 10 characters but was 11");
        assertThat(failure(atMost, answer("Hello")).getMessage()).contains("expected at most 3 characters but was 5");
        assertThat(failure(atLeast, answer("Hello")).getMessage()).contains("expected at least 12 characters but was 5");
        assertThat(failure(atLeast, answer()).getMessage()).as("no text at all is 0 characters")
                .contains("expected at least 12 characters but was 0 characters");
    }

    @Test
    @DisplayName("response_length with an end of 0 is a closed end: at most 0 characters holds for no text only, and at"
            + " least 0 holds for any")
    void lengthEndOfZero() {
        Expectation empty = Expectation.builder().responseLength(-1, 0).build();
        Expectation upToFive = Expectation.builder().responseLength(0, 5).build();

        assertThatCode(() -> ExpectationVerifier.verify(empty, answer())).doesNotThrowAnyException();
        AssertionFailedError spoke = failure(empty, answer("Hi"));
        assertThat(spoke.getMessage()).contains("[response length] expected at most 0 characters but was 2 characters");
        assertThatCode(() -> ExpectationVerifier.verify(upToFive, answer())).doesNotThrowAnyException();
        assertThat(failure(upToFive, answer("Hello!")).getExpected().getStringRepresentation())
                .isEqualTo("response_length: between 0 and 5 characters");
    }

    @Test
    @DisplayName("item 9: a long generative answer is shown cut in the message, with its full length")
    void longAnswerShownCut() {
        String essay = "word ".repeat(200).strip();
        Expectation expected = Expectation.builder().responseLength(-1, 100).build();

        String message = failure(expected, answer(essay)).getMessage();

        assertThat(message).contains("expected at most 100 characters but was 999 characters: \"" + essay.substring(0, 300)
                + "… (999 characters)\"");
    }

    @Test
    @DisplayName("a long answer failing response_contains or response_matches is in the message once, whole in the transcript")
    void longAnswerOnce() {
        String essay = "Our terms. " + "lorem ipsum dolor sit amet ".repeat(380) + "THE END";
        for (Expectation expected : List.of(Expectation.builder().responseContains("refund policy").build(),
                Expectation.builder().responseMatches("^Refund").build())) {
            String message = failure(expected, answer(essay)).getMessage();

            assertThat(message.split("THE END", -1)).as(message).hasSize(2);
            assertThat(message).contains("bot #0 flow=Order status intent=check_order (0.90) text=\"" + essay + "\"")
                    .contains("\"" + essay.substring(0, 300) + "… (" + essay.length() + " characters)\"");
            assertThat(message.length()).isLessThan(essay.length() + 1000);
        }
    }

    @Test
    @DisplayName("item 9: several checks failing at once are all reported in one message and one diff")
    void allReported() {
        Expectation expected = Expectation.builder().intent("check_order").responseContainsAny(List.of("tracking"))
                .responseNotContains(List.of("sorry")).responseLength(1, 5).build();

        AssertionFailedError e = failure(expected, answer("Sorry, I did not get that."));

        assertThat(e.getMessage()).contains("contained none", "but contained [\"sorry\"]", "expected between 1 and 5");
        assertThat(e.getExpected().getStringRepresentation().lines())
                .containsExactly("intent: check_order", "response_contains_any: [tracking]", "response_not_contains: [sorry]",
                        "response_length: between 1 and 5 characters");
    }
}
