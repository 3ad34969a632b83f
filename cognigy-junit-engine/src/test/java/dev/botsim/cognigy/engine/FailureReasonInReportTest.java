package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * A failure that the declared expectation does not explain — a test method's own assertion, a turn of a
 * {@code @Conversation} — shows its message on the page: expected against actual alone would not say why it failed.
 */
class FailureReasonInReportTest {

    @TempDir
    Path dir;

    @BotSimulation
    static class OwnAssertions {

        /** The declared intent holds; the method's own assertion fails. */
        @Utterance(value = "hi", intent = "greeting", id = "test_body_fails")
        void bodyFails(SimulationResult result) {
            assertThat(result.text()).as("greeting text").isEqualTo("Good day to you");
        }

        /** The second turn's entity differs; the conversation's record declares no expectation of its own. */
        @Conversation(id = "test_conversation_fails")
        void conversationFails(BotSession bot) {
            bot.say("hi").expectIntent("greeting");
            bot.say("where is my order ORD_99").expectEntity("order_id", "ORD_42");
        }

        /** The declared expectation fails: expected against actual says why. */
        @Utterance(value = "hi", intent = "escalate", id = "test_declared_fails")
        void declaredFails() {
        }
    }

    private String page() throws Exception {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClass(OwnAssertions.class)).execute();
        return Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    /** The result's block among the results, not its line in the list of those not passed above them. */
    private static String result(String page, String testId) {
        int at = page.indexOf(testId + " · ", page.indexOf("id=\"section-simulations\""));
        assertThat(at).as("result " + testId + " on the page").isPositive();
        return page.substring(at, page.indexOf("</details>", at));
    }

    @Test
    @DisplayName("a method's own failed assertion shows its message beside expected and actual")
    void ownAssertion() throws Exception {
        String failed = result(page(), "test_body_fails");
        assertThat(failed).contains("<p class=\"label\">Expected</p>", "<p class=\"label\">Message</p>", "[greeting text]", "Good day to you");
    }

    @Test
    @DisplayName("a failed @Conversation shows which turn's expectation failed and how")
    void conversation() throws Exception {
        String failed = result(page(), "test_conversation_fails");
        assertThat(failed).contains("<p class=\"label\">Message</p>", "[entity order_id]", "ORD_42");
    }

    @Test
    @DisplayName("a failed declared expectation still shows expected against actual only, not the message repeating it")
    void declaredExpectation() throws Exception {
        String failed = result(page(), "test_declared_fails");
        assertThat(failed).contains("<p class=\"label\">Expected</p>", "<p class=\"label\">Actual</p>").doesNotContain("<p class=\"label\">Message</p>")
                .doesNotContain("bot answer differs");
    }
}
