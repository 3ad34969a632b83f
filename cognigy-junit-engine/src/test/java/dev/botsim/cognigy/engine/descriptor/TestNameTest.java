package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.NamingStrategy;

/** Names cut to the characters the HTML report's overview shows, whatever comes before and after the text they name. */
class TestNameTest {

    @Test
    @DisplayName("one long text of several of an @Utterance method: its long name keeps its number at the end and stays within"
            + " 200 characters, so Surefire tells the texts apart and the HTML overview shows the name whole")
    void longVariantKeepsItsNumberWithinTheLimit() throws Exception {
        Method method = Orders.class.getDeclaredMethod("escalation");
        String text = "let me talk to a person ".repeat(20).strip();

        TestName name = TestName.utterance(NamingStrategy.SHORT, method, text, 2);

        String legacy = name.legacyName();
        assertThat(legacy).startsWith("TestNameTest$Orders#escalation: let me talk to a person").endsWith("… (" + text.length()
                + " characters) [2]");
        assertThat(legacy.codePointCount(0, legacy.length())).isEqualTo(TestName.LONGEST);
        assertThat(name.displayName()).startsWith("let me talk to a person").endsWith(" characters)")
                .hasSize(TestName.LONGEST);
    }

    @Test
    @DisplayName("a playbook's step that sends no text is named by its number, in the playbook's long name too")
    void stepWithoutText() {
        TestName name = TestName.playbookStep(NamingStrategy.SHORT, "Escalation", 3, " ");

        assertThat(name.displayName()).isEqualTo("step 3");
        assertThat(name.legacyName()).isEqualTo("playbook Escalation > step 3: step 3");
    }

    static class Orders {
        void escalation() {
        }
    }
}
