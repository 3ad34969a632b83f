package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.spi.Expectation;

/**
 * The first line of a failed expectation names every field that differs: Maven's and Gradle's summaries, a listener
 * posting each failure's first line and a CI's test list show that line alone, and it used to say only that the answer
 * differed ({@code bot answer differs from the expectation for "good morning"}).
 */
class DifferingFieldsVerifierTest {

    private static final SimulationResult GREETED = new SimulationResult("test_multi", "good morning", "sim_1",
            List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.93, Map.of(), "Hello! How can I help?", null, null)));

    private static String failure(Expectation expected) {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, GREETED));
        assertThat(e).as("the check fails").isNotNull();
        return e.getMessage();
    }

    @Test
    @DisplayName("a failure of four of five expectations names the four on its first line, as a data file names them, in"
            + " the order they are checked, and lists each below; the one that held is in neither")
    void everyDifferingFieldOnTheFirstLine() {
        String message = failure(Expectation.builder().intent("check_order").entities(Map.of("order_id", "ORD_99"))
                .nextFlow("flow_order_status").responseContains("ORD_99").responseMatches("^Hello").build());

        assertThat(message.lines().findFirst().orElseThrow()).isEqualTo("bot answer differs from the expectation for"
                + " \"good morning\" in intent, entities.order_id, next_flow, response_contains");
        assertThat(message).contains("\n- [intent]\n", "\n- [entity order_id]\n", "\n- [next flow]\n", "\n- [response] expected to contain ")
                .doesNotContain("pattern");
    }

    @Test
    @DisplayName("no line of the message ends in a space (AssertJ ends its descriptions with one)")
    void noTrailingSpaces() {
        String message = failure(Expectation.builder().intent("check_order").nextFlow("flow_order_status").build());

        assertThat(message.lines()).noneMatch(line -> line.endsWith(" "));
    }

    @Test
    @DisplayName("the IDE's diff has a line for each checked field: an error code expected but not reported, one entity's"
            + " value, a multi-valued slot's values as a list")
    void diffLinesOfEveryCheckedField() {
        SimulationResult answer = new SimulationResult("test_multi", "two numbers", "sim_1", List.of(TestTurns.turn(0,
                "flow_greeting", "greeting", 0.93, Map.of("order_id", "ORD_12", "NUMBER", List.of(100, 143)), "Hello!", null, null)));
        org.opentest4j.AssertionFailedError e = catchThrowableOfType(org.opentest4j.AssertionFailedError.class,
                () -> ExpectationVerifier.verify(Expectation.builder().errorCode("FLOW_NOT_FOUND")
                        .entities(orderedEntities()).build(), answer));

        assertThat(e.getExpected().getStringRepresentation())
                .isEqualTo("error_code: FLOW_NOT_FOUND\nentities.order_id: ORD_12\nentities.NUMBER: 7");
        assertThat(e.getActual().getStringRepresentation()).isEqualTo("error_code: null\nentities.order_id: ORD_12\nentities.NUMBER: [100, 143]");
    }

    private static Map<String, String> orderedEntities() {
        Map<String, String> entities = new java.util.LinkedHashMap<>();
        entities.put("order_id", "ORD_12");
        entities.put("NUMBER", "7");
        return entities;
    }
}
