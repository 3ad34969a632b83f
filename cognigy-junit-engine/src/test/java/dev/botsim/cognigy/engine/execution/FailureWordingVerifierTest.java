package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.spi.Expectation;

/**
 * A failed expectation as a bot's designer reads it: in the engine's words, never AssertJ's ({@code Expecting actual:
 * … to contain: …}, {@code but was: null}), with the likely fix where the answer and the expectation differ in a way a
 * reader does not see.
 */
class FailureWordingVerifierTest {

    private static final String HELLO = "Hello! I can check your order or connect you to an agent.";

    private static SimulationResult answer(String intent, Map<String, Object> entities, String text) {
        return answer(TestTurns.turn(0, "flow_greeting", intent, 0.93, entities, text, null, null));
    }

    private static SimulationResult answer(BotTurn turn) {
        return new SimulationResult("test_a", "hi", "sim_1", List.of(turn));
    }

    private static AssertionFailedError failure(Expectation expected, SimulationResult answer) {
        AssertionFailedError e = catchThrowableOfType(AssertionFailedError.class, () -> ExpectationVerifier.verify(expected, answer));
        assertThat(e).as("the check fails").isNotNull();
        assertThat(e.getMessage()).doesNotContain("Expecting", "null");
        return e;
    }

    /** The message's item for its one failed field: the lines after the first, up to the transcript. */
    private static String item(AssertionFailedError e) {
        String message = e.getMessage();
        return message.substring(message.indexOf('\n') + 1, message.indexOf("\nuser: "));
    }

    @Test
    @DisplayName("response_contains says what it expected and quotes the answer in the engine's words, as its sibling checks do")
    void responseContains() {
        assertThat(item(failure(Expectation.builder().responseContains("goodbye").build(), answer("greeting", Map.of(), HELLO))))
                .isEqualTo("- [response] expected to contain \"goodbye\" (ignoring case and typography) but did not: \"" + HELLO + "\"");
    }

    @Test
    @DisplayName("response_contains written with other spaces, quotes or dashes than the answer's holds, as a reader sees"
            + " it: a double space, a typographic apostrophe, a no-break space; other words still fail without a hint")
    void responseContainsLoosely() {
        for (String[] pair : new String[][] {{"check  your order", HELLO}, {"don't worry", "Don’t worry, it is on its way."},
                {"10 €", "That is 10\u00a0€ in all."}}) {
            assertThatCode(() -> ExpectationVerifier.verify(Expectation.builder().responseContains(pair[0]).build(),
                    answer("greeting", Map.of(), pair[1]))).as(pair[0]).doesNotThrowAnyException();
        }
        assertThat(item(failure(Expectation.builder().responseContains("goodbye").build(), answer("greeting", Map.of(), HELLO))))
                .doesNotContain("it has");
    }

    @Test
    @DisplayName("response_matches says it is a regular expression and names (?i) or (?m) when the flag would make it match")
    void responseMatches() {
        assertThat(item(failure(Expectation.builder().responseMatches("^Bye").build(), answer("greeting", Map.of(), HELLO))))
                .isEqualTo("- [response] expected to match the regular expression \"^Bye\" but did not: \"" + HELLO + "\"");
        assertThat(item(failure(Expectation.builder().responseMatches("^hello!").build(), answer("greeting", Map.of(), HELLO))))
                .endsWith("\n  it matches ignoring case: start the expression with (?i) to ignore case");
        assertThat(item(failure(Expectation.builder().responseMatches("^Your order").build(),
                answer("greeting", Map.of(), "Sure.\nYour order is on its way."))))
                .contains("\n  it matches with (?m) at its start: the answer's texts are joined by line breaks");
    }

    @Test
    @DisplayName("a response_matches that differs from the answer in the case of a letter beyond ASCII (Ü, İ) is told to"
            + " start with (?iu): Java's (?i) alone folds ASCII letters only, and the fix it named still failed")
    void responseMatchesBeyondAscii() {
        for (String[] pair : new String[][] {{"^Übersicht", "übersicht Ihrer Bestellung"}, {"(?i)^Übersicht", "übersicht"},
                {"^İade", "iade talebiniz alındı"},
                {"^SİPARİŞ", "sipariş durumu"}}) {
            String item = item(failure(Expectation.builder().responseMatches(pair[0]).build(), answer("greeting", Map.of(), pair[1])));
            assertThat(item).as(pair[0]).endsWith("\n  it matches ignoring case: start the expression with (?iu) to ignore case,"
                    + " of letters beyond ASCII too");
            assertThat(java.util.regex.Pattern.compile("(?iu)" + pair[0]).matcher(pair[1]).find()).as("the fix named works").isTrue();
        }
        assertThat(item(failure(Expectation.builder().responseMatches("^hello!").build(), answer("greeting", Map.of(), HELLO))))
                .as("an ASCII difference keeps the shorter fix").endsWith("start the expression with (?i) to ignore case");
    }

    @Test
    @DisplayName("an entity the answer lacks is 'not found', with the entities the answer has, not 'null'")
    void entityMissing() {
        assertThat(item(failure(Expectation.builder().entities(Map.of("order_id", "ORD_99")).build(), answer("check_order", Map.of(), "Which order?"))))
                .isEqualTo("- [entity order_id]\n  expected: \"ORD_99\"\n   but was: not found: the answer has no entities");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("orderId", "ORD_99");
        other.put("count", 2);
        assertThat(item(failure(Expectation.builder().entities(Map.of("order_id", "ORD_99")).build(), answer("check_order", other, "Which order?"))))
                .endsWith("but was: not found: the answer's entities are orderId=\"ORD_99\", count=2");
    }

    @Test
    @DisplayName("an entity value or intent differing only in letter case, or in spaces or quotes, says so: it is compared exactly")
    void onlyCaseOrSpacing() {
        assertThat(item(failure(Expectation.builder().entities(Map.of("order_id", "ord_12")).build(),
                answer("check_order", Map.of("order_id", "ORD_12"), "On its way."))))
                .isEqualTo("- [entity order_id]\n  expected: \"ord_12\"\n   but was: \"ORD_12\"\n"
                        + "  the two differ only in letter case, and this is compared exactly");
        assertThat(item(failure(Expectation.builder().entities(Map.of("city", "New York")).build(),
                answer("check_order", Map.of("city", "New  York"), "On its way."))))
                .endsWith("\n  the two differ only in spaces, quotes, dashes or character forms, and this is compared exactly");
        assertThat(item(failure(Expectation.builder().intent("Greeting").build(), answer("greeting", Map.of(), HELLO))))
                .endsWith("\n  the two differ only in letter case, and this is compared exactly");
        assertThat(item(failure(Expectation.builder().intent("check_order").build(), answer("greeting", Map.of(), HELLO))))
                .isEqualTo("- [intent]\n  expected: \"check_order\"\n   but was: \"greeting\"");
    }

    @Test
    @DisplayName("no intent, no flow and no error code are said in words")
    void missingInWords() {
        SimulationResult nothing = answer(TestTurns.turn(0, null, null, Double.NaN, Map.of(), "Sorry?", null, null));
        assertThat(item(failure(Expectation.builder().intent("greeting").build(), nothing)))
                .isEqualTo("- [intent]\n  expected: \"greeting\"\n   but was: no intent: the answer names none");
        assertThat(item(failure(Expectation.builder().nextFlow("flow_greeting").build(), nothing)))
                .isEqualTo("- [next flow]\n  expected: \"flow_greeting\"\n   but was: no flow: the answer names none");
        assertThat(item(failure(Expectation.builder().errorCode("E_TIMEOUT").build(), nothing)))
                .isEqualTo("- [error code]\n  expected: \"E_TIMEOUT\"\n   but was: no error code: the turn reported no error");
    }

    @Test
    @DisplayName("a flow the answer names by a reference id the schema does not know shows the id beside the quoted name,"
            + " under the plain [next flow] label, and an answer naming its flow by the id alone says so")
    void flowByReference() {
        String id = "3f6a9d27-8c1e-3b54-a0f2-7d9e4c1b8a63";
        SimulationResult named = answer(new BotTurn(0, "Test Reporting", "check_order", 0.87, Map.of(), "Which order?", null, null,
                id, List.of(), List.of(), List.of()));
        assertThat(item(failure(Expectation.builder().nextFlow("Order status").build(), named)))
                .isEqualTo("- [next flow]\n  expected: \"Order status\"\n   but was: \"Test Reporting\" (reference id " + id + ")");
        SimulationResult idOnly = answer(new BotTurn(0, null, "check_order", 0.87, Map.of(), "Which order?", null, null,
                id, List.of(), List.of(), List.of()));
        assertThat(item(failure(Expectation.builder().nextFlow("Order status").build(), idOnly)))
                .isEqualTo("- [next flow]\n  expected: \"Order status\"\n   but was: no flow name, only the reference id " + id);
    }

    @Test
    @DisplayName("response_data shows the expected and the carried data as JSON, where \"7\" and 7 differ as the check tells them")
    void responseDataAsJson() {
        BotTurn turn = new BotTurn(0, "flow_menu", "menu", 0.9, Map.of(), "Menu", null, null, null, List.of(), List.of(),
                List.of(Map.of("sku", 7)));
        AssertionFailedError e = failure(Expectation.builder().responseData(Map.of("sku", "7")).build(), answer(turn));
        assertThat(item(e)).isEqualTo("- [output data] no output's data contains {\"sku\":\"7\"} (objects compared as subsets, lists by"
                + " element); the outputs carried [{\"sku\":7}]");
        assertThat(e.getExpected().getStringRepresentation()).isEqualTo("response_data: {\"sku\":\"7\"}");
        assertThat(e.getActual().getStringRepresentation()).isEqualTo("response_data: [{\"sku\":7}]");
    }

    @Test
    @DisplayName("not_intent's expected and actual differ in the IDE's diff, and its score reads as the transcript's")
    void notIntentDiff() {
        SimulationResult answer = answer(TestTurns.turn(0, "flow_greeting", "greeting", 0.30000000000000004, Map.of(), HELLO, null, null));
        AssertionFailedError e = failure(Expectation.builder().notIntent("greeting").build(), answer);
        assertThat(e.getExpected().getStringRepresentation()).isEqualTo("not_intent: any intent but greeting");
        assertThat(e.getActual().getStringRepresentation()).isEqualTo("not_intent: greeting");
        assertThat(item(e)).endsWith("the bot recognised it, with the score 0.300…");
    }
}
