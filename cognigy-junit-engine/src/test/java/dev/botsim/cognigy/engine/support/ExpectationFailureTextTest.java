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
}
