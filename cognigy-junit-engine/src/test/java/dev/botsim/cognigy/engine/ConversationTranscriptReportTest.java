package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.json.JsonMapper;
import dev.botsim.cognigy.engine.fixtures.TranscriptConversation;

/** A {@code @Conversation} method's result on the page: what the user said at each turn, and what the bot answered. */
class ConversationTranscriptReportTest {

    private static String page(Path dir) throws Exception {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClass(TranscriptConversation.class)).execute();
        return Files.readString(dir.resolve("index.html"));
    }

    @Test
    @DisplayName("a passing @Conversation method's transcript has each user message before the bot's answer to it")
    void transcriptPerTurn(@TempDir Path dir) throws Exception {
        String page = page(dir);
        assertThat(page).contains("<p class=\"label\">Transcript</p><pre>user: hi\nbot:  #0 flow=flow_greeting intent=greeting (0.93)"
                + " text=&quot;Hello! How can I help?&quot;\nuser: where is my order ORD_99\nbot:  #0 flow=flow_order_status");
    }

    @Test
    @DisplayName("a failed @Conversation method's Actual says which message each answer was to")
    void actualPerTurn(@TempDir Path dir) throws Exception {
        String page = page(dir);
        assertThat(page).contains("<p class=\"label\">Actual</p><pre>user: hi\nintent: greeting\nintent score: 0.93\nflow: flow_greeting\n"
                + "response: Hello! How can I help?\n\nuser: where is my order\nintent: check_order\n");
        // Actual holds the whole exchange: the answer is not repeated under a transcript.
        String failed = page.substring(page.indexOf("greetThenEscalate"), page.indexOf("</details>", page.indexOf("greetThenEscalate")));
        assertThat(failed).doesNotContain("<p class=\"label\">Transcript</p>");
    }

    @Test
    @DisplayName("results.json lists what a @Conversation method said, each message with where its answer starts")
    void userTurnsInResultsJson(@TempDir Path dir) throws Exception {
        page(dir);
        JsonNode results = JsonMapper.shared().readTree(Files.readString(dir.resolve("results.json"))).path("results");
        JsonNode passed = java.util.stream.StreamSupport.stream(results.spliterator(), false)
                .filter(r -> r.path("test_id").asString().equals("test_greetThenOrder")).findFirst().orElseThrow();
        assertThat(passed.path("user_turns").toString()).isEqualTo(
                "[{\"text\":\"hi\",\"first_answer\":0},{\"text\":\"where is my order ORD_99\",\"first_answer\":1}]");
    }

    @Test
    @DisplayName("a turn skipped after an earlier turn of its conversation failed was never sent: the page gives its reason"
            + " and no transcript, which would show the message as said and left unanswered")
    void skippedTurnHasNoTranscript(@TempDir Path dir) throws Exception {
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource(
                        "fixtures/referenced/conversation.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.failed(1).skipped(1));
        String page = Files.readString(dir.resolve("index.html"));
        int at = page.indexOf("test_conv_human#3");
        String skipped = page.substring(at, page.indexOf("</details>", at));
        assertThat(skipped).contains("an earlier turn of conversation test_conv_human failed: turn 2")
                .doesNotContain("<p class=\"label\">Transcript</p>", "user: where is my order ORD_99");
        int passedAt = page.indexOf("test_conv_human#1");
        assertThat(page.substring(passedAt, page.indexOf("</details>", passedAt))).contains("<p class=\"label\">Transcript</p><pre>user: hi");
    }
}
