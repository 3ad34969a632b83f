package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The first line of a failed expectation, written and read back by the reports. */
class ExpectationFailureTextTest {

    @Test
    @DisplayName("the fields are read back from the end of the first line, whatever the message said holds, also after a"
            + " prefix (tolerated, a repeated test's run); any other message names none")
    void readBack() {
        String line = ExpectationFailureText.firstLine("where is \"my\" order\" in intent", List.of("next_flow", "response_matches"));

        assertThat(line).isEqualTo("bot answer differs from the expectation for \"where is \"my\" order\" in intent\" in next_flow,"
                + " response_matches");
        assertThat(ExpectationFailureText.differingFields(line)).containsExactly("next_flow", "response_matches");
        assertThat(ExpectationFailureText.differingFields("FLAKY: 2 of 3 runs passed\nrun 2 of 3: " + line + "\n- [next flow]"))
                .containsExactly("next_flow", "response_matches");
        assertThat(ExpectationFailureText.differingFields("bot answer differs from the expectation for \"hi\"")).isEmpty();
        assertThat(ExpectationFailureText.differingFields("\nExpecting actual:\n  1.0")).isEmpty();
        assertThat(ExpectationFailureText.differingFields(null)).isEmpty();
    }

    @Test
    @DisplayName("a repeated conversation's turn names its own differing fields, not those of an earlier turn it quotes from a"
            + " run that never sent it; one only ever not sent names none")
    void earlierTurnsFieldsAreNotThisTurns() {
        String earlier = "run 2 of 3: turn 1 \"hi\"" + ExpectationFailureText.NOT_SENT_AFTER_FAILED_TURN
                + ExpectationFailureText.firstLine("hi", List.of("next_flow")) + "\n- [next flow] expected flow_greeting";
        String own = "run 3 of 3: " + ExpectationFailureText.firstLine("where is my order", List.of("intent"))
                + "\n- [intent] expected check_order but was smalltalk";

        assertThat(ExpectationFailureText.differingFields("FLAKY: 1 of 3 runs passed\n" + earlier + "\n" + own))
                .containsExactly("intent");
        assertThat(ExpectationFailureText.differingFields("FAILED: 0 of 3 runs passed\n" + earlier)).isEmpty();
    }

    @Test
    @DisplayName("the notes are what the message says after its transcript, lines as written; the flow caveat is either"
            + " backend word on the flow, read from the field lines")
    void notesAndFlowCaveat() {
        String message = ExpectationFailureText.firstLine("where is my order", List.of("next_flow")) + "\n- [next flow] expected"
                + " Order status but was null\n  " + ExpectationFailureText.REFERENCE_ONLY_CAVEAT + "(intentFlow 7f3a…)\n"
                + "user: \"where is my order\"\nbot #0 text=\"What is your order number?\"\nbot #1 text=\"(typing)\"\n"
                + "The REST Endpoint returned no intent or flow data. Add this Code node\n  api.output(null, {…});";

        assertThat(ExpectationFailureText.notes(message)).isEqualTo("The REST Endpoint returned no intent or flow data. Add this"
                + " Code node\n  api.output(null, {…});");
        assertThat(ExpectationFailureText.flowCaveat(message)).isEqualTo(ExpectationFailureText.REFERENCE_ONLY_CAVEAT
                + "(intentFlow 7f3a…)");
        assertThat(ExpectationFailureText.notes(message.substring(0, message.indexOf("\nThe REST")))).isNull();
        assertThat(ExpectationFailureText.notes("expected: <1> but was: <2>\nuser: \"hi\"\nmore")).isNull();
    }

    @Test
    @DisplayName("what the test said is quoted as an answer is: at most 300 characters of it, cut between characters and"
            + " followed by its length, on one line with its invisible characters visible; the fields are still read back")
    void saidQuotedAsAnAnswerIs() {
        String said = "ab\u202E" + "😀".repeat(1997);

        String line = ExpectationFailureText.firstLine(said, List.of("intent"));

        assertThat(line).isEqualTo("bot answer differs from the expectation for \"ab\\u202e" + "😀".repeat(297)
                + "… (2000 characters)\" in intent");
        assertThat(ExpectationFailureText.differingFields(line)).containsExactly("intent");
        assertThat(ExpectationFailureText.firstLine("line\nbreak\u00A0", List.of("intent")))
                .isEqualTo("bot answer differs from the expectation for \"line\\nbreak\\u00a0\" in intent");
    }
}
