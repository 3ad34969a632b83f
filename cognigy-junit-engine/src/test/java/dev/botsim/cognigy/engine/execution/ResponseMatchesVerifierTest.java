package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/** {@link ExpectationVerifier} on {@code response_matches}: a pattern that backtracks without end fails its test in time. */
class ResponseMatchesVerifierTest {

    private static SimulationResult answer(String text) {
        return new SimulationResult("test_a", "where is my order", "sim_1",
                List.of(new BotTurn(0, "Order status", "check_order", 0.9, null, text, null, null, null, null, null, null)));
    }

    @Test
    @DisplayName("a pattern that backtracks without end on a short answer fails the test within its time limit, naming the"
            + " pattern and the fix, instead of holding the run for ever")
    void catastrophicBacktracking() {
        Expectation expected = Expectation.builder().responseMatches("^(.+)+\\1$").build();
        String text = "a".repeat(45) + "!";

        AssertionFailedError e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, answer(text))));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("[response] the pattern \"^(.+)+\\1$\" did not finish searching the answer"
                + " (46 characters) within 1000 ms: it backtracks without end on it — simplify response_matches");
    }

    @Test
    @DisplayName("a search given up on is not begun again for the same answer — a repeated test fails at once, saying so —"
            + " while another answer is searched afresh")
    void givenUpOnceForAnAnswer() {
        Expectation expected = Expectation.builder().responseMatches("^(\\w+)+\\1$").build();
        String text = "b".repeat(45) + "!";

        List<AssertionFailedError> failures = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> List.of(
                catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, answer(text))),
                catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, answer(text))),
                catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, answer(text + "?")))));

        String again = "within 1000 ms (given up on when it was first searched in this answer, and not searched again):"
                + " it backtracks without end on it";
        assertThat(failures.get(0).getMessage()).contains("(46 characters) within 1000 ms: it backtracks").doesNotContain("given up");
        assertThat(failures.get(1).getMessage()).contains("(46 characters) " + again);
        assertThat(failures.get(2).getMessage()).contains("(47 characters) within 1000 ms: it backtracks").doesNotContain("given up");
    }

    @Test
    @DisplayName("(.|\\n)*, a common way to write any text across lines, on an answer of 50,000 characters: the search that"
            + " overflows the stack is made again on a deep one, so the pattern holds where it matches and fails, saying"
            + " what the answer was, where it does not — never a StackOverflowError")
    void recursivePatternOnALongAnswer() {
        String text = "Here are the opening hours:\n" + "Monday to Friday 9 to 5. ".repeat(2000) + "Anything else?";
        Expectation matching = Expectation.builder().responseMatches("^Here(.|\\n)*else\\?$").build();
        Expectation notMatching = Expectation.builder().responseMatches("^Here(.|\\n)*Sunday$").build();

        assertThatCode(() -> ExpectationVerifier.verify(matching, answer(text))).doesNotThrowAnyException();
        AssertionFailedError e = catchThrowableOfType(AssertionFailedError.class,
                () -> ExpectationVerifier.verify(notMatching, answer(text)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("expected to match the regular expression \"^Here(.|\\n)*Sunday$\" but did not")
                .doesNotContain("did not finish", "recurses");
    }

    @Test
    @DisplayName("an ordinary pattern is checked as before: it holds when found and fails with the answer when not")
    void ordinaryPattern() {
        Expectation expected = Expectation.builder().responseMatches("ORD_\\d+").build();

        assertThatCode(() -> ExpectationVerifier.verify(expected, answer("Your order ORD_99 ships today.")))
                .doesNotThrowAnyException();
        AssertionFailedError e = catchThrowableOfType(AssertionFailedError.class,
                () -> ExpectationVerifier.verify(expected, answer("Which order?")));
        assertThat(e.getMessage()).contains("expected to match the regular expression \"ORD_\\d+\"").doesNotContain("did not finish");
    }
}
