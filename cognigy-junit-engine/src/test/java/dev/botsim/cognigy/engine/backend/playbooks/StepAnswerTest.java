package dev.botsim.cognigy.engine.backend.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointAnswers;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.config.BackendSettings;
import tools.jackson.databind.json.JsonMapper;

class StepAnswerTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final StepAnswer answers = new StepAnswer(new EndpointAnswers(OutputConvention.of(BackendSettings.EndpointData.defaults()),
            Optional.empty(), json), json);

    private PlaybookRun.StepResult step(String asserts) {
        return PlaybookRun.of(json.readTree("{\"_id\":\"r\",\"status\":\"failed\",\"stepResults\":[{\"_id\":\"s\",\"status\":\"failed\","
                + "\"asserts\":" + asserts + "}]}")).stepResults().get(0);
    }

    @Test
    @DisplayName("texts from the text assertion, score, flow and slot values from the Code node's output in the data assertion's"
            + " actual, the intent as Cognigy's intent assertion saw it")
    void readsBack() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"check_order\"},\"status\":\"successful\",\"actual\":\"check_order\"},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"On its way.\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"check_order\",\"intentScore\":0.93,\"flowName\":\"Orders\",\"slots\":{\"order_id\":[{\"keyphrase\":\"ORD_1\"}]}}]}]"),
                "ses_1", 2, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.text()).isEqualTo("On its way.");
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.intentScore()).isEqualTo(0.93);
        assertThat(turn.flowId()).isEqualTo("Orders");
        assertThat(turn.entities()).containsEntry("order_id", "ORD_1");
        assertThat(result.simulationId()).isEqualTo("playbook p step 2");
    }

    @Test
    @DisplayName("what Cognigy failed stays failed without an actual: a failed negated intent assertion means that intent, a"
            + " failed slot assertion removes the slot")
    void cognigyVerdictsHold() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"escalate\",\"negate\":true},\"status\":\"failed\"},"
                + "{\"type\":\"assertSlot\",\"params\":{\"slot\":\"order_id\"},\"status\":\"failed\"},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"Hi\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"greeting\",\"slots\":{\"order_id\":[{\"keyphrase\":\"ORD_1\"}]}}]}]"), "ses_1", 1, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.intent()).isEqualTo("escalate");
        assertThat(turn.entities()).doesNotContainKey("order_id");
    }

    @Test
    @DisplayName("what Cognigy passed stays passed without an actual: an intent assertion it passed gives the intent it named,"
            + " even beside no report or another (whose score is then none); a negated one it passed never leaves the intent it"
            + " ruled out")
    void cognigyPassesHold() {
        TurnResult noReport = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"check_order\",\"negate\":false},\"status\":\"successful\"},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"On its way.\"]}]"),
                "ses_1", 1, "playbook p");
        assertThat(noReport.turns().get(0).intent()).isEqualTo("check_order");

        TurnResult nullActual = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"check_order\"},\"status\":\"successful\",\"actual\":null},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"On its way.\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"greeting\",\"intentScore\":0.41}]}]"), "ses_1", 1, "playbook p");
        assertThat(nullActual.turns().get(0).intent()).isEqualTo("check_order");
        assertThat(nullActual.turns().get(0).intentScore()).as("greeting's score is no score of check_order").isNaN();

        TurnResult negated = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"escalate\",\"negate\":true},\"status\":\"successful\"},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"Hi\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"escalate\"}]}]"), "ses_1", 1, "playbook p");
        assertThat(negated.turns().get(0).intent()).isNull();
    }

    @Test
    @DisplayName("an intent assertion whose actual is null says Cognigy saw no intent: a not_intent it passed leaves no intent,"
            + " though the Code node's report names one, so an intent expectation on that report never passes")
    void noIntentSeenOverrulesTheReport() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"escalate\",\"negate\":true},\"status\":\"successful\","
                + "\"actual\":null},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"Hi\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"check_order\",\"intentScore\":0.91}]}]"), "ses_1", 1, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.intent()).isNull();
        assertThat(turn.intentScore()).as("the report's score is of an intent Cognigy did not see").isNaN();
    }

    @Test
    @DisplayName("the step's own input data, which Cognigy's data assertion checks when the bot's outputs carry none, is not"
            + " read as the bot's output data: a response_data the test sent itself never passes")
    void ownInputIsNoOutput() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"Done.\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{\"order\":5},\"partial\":true},\"status\":\"successful\","
                + "\"actual\":[{\"order\":5,\"cognigyJunit\":{\"runId\":\"batch_1\",\"testId\":\"test_x\",\"turn\":1}}]}]"),
                "ses_1", 1, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.text()).isEqualTo("Done.");
        assertThat(turn.outputData()).as("no output of the bot's carried data").isEmpty();
    }

    @Test
    @DisplayName("an actual of another shape than a list is read all the same: a text assertion's one text, or its outputs'"
            + " texts; a data assertion's one object; never taken for a step that saw nothing")
    void actualOfOtherShapes() {
        TurnResult one = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":\"On its way.\"},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":{\"intent\":"
                + "\"check_order\",\"intentScore\":0.93,\"flowName\":\"Orders\",\"slots\":{}}}]"), "ses_1", 1, "playbook p");
        assertThat(one.failure()).isNull();
        BotTurn turn = one.turns().get(0);
        assertThat(turn.text()).isEqualTo("On its way.");
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.flowId()).isEqualTo("Orders");

        TurnResult outputs = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":"
                + "[{\"text\":\"On its way.\",\"data\":{}},{\"text\":\"Anything else?\"}]}]"), "ses_1", 1, "playbook p");
        assertThat(outputs.turns()).singleElement().extracting(BotTurn::text).isEqualTo("On its way.\nAnything else?");
    }

    @Test
    @DisplayName("a bot that says the same text twice said two outputs: both kept, in order, in the outputs' texts and in the"
            + " text's lines, as is a line an output repeats within itself")
    void sameTextTwiceIsTwoOutputs() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\","
                + "\"actual\":[\"Sorry?\",\"Which size?\",\"Sorry?\",\"Yes\\nYes\"]}]"), "ses_1", 1, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.outputTexts()).containsExactly("Sorry?", "Which size?", "Sorry?", "Yes\nYes");
        assertThat(turn.text()).isEqualTo("Sorry?\nWhich size?\nSorry?\nYes\nYes");
    }

    @Test
    @DisplayName("a step whose assertions saw neither text nor data is no answer")
    void silence() {
        TurnResult result = answers.of(step("[{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"failed\","
                + "\"actual\":[]}]"), "ses_1", 1, "playbook p");

        assertThat(result.turns()).isEmpty();
    }

    @Test
    @DisplayName("a step whose assertions saw no text and only the Code node's report is no answer, saying what the flow reported")
    void reportAlone() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"check_order\"},\"status\":\"successful\",\"actual\":\"check_order\"},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"failed\",\"actual\":[]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":[{\"intent\":"
                + "\"check_order\",\"intentScore\":0.93,\"flowName\":\"Orders\",\"slots\":{}}]}]"), "ses_1", 1, "playbook p");

        assertThat(result.turns()).isEmpty();
        assertThat(result.failure()).isEqualTo("its flow reported intent \"check_order\" in flow \"Orders\" but output nothing");
    }

    @Test
    @DisplayName("a text or data assertion Cognigy failed fails the step, naming it and what Cognigy saw, whatever the engine's own"
            + " check on the same outputs says; a failed probe only says the outputs had no data")
    void cognigyFailedTextOrDataStands() {
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"Check your order\",\"fuzzy\":true},\"status\":\"failed\","
                + "\"actual\":[\"check your order here\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{\"order\":5},\"partial\":true},\"status\":\"failed\","
                + "\"actual\":[{\"order\":\"5\"}]}]"), "ses_1", 2, "playbook p");

        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.turns()).extracting(BotTurn::text).containsExactly("check your order here");
        assertThat(result.failure()).isEqualTo("Cognigy judged step 2 of playbook p failed: assertText {\"text\":\"Check your order\","
                + "\"fuzzy\":true} failed, it saw [\"check your order here\"]; assertData {\"data\":{\"order\":5},\"partial\":true}"
                + " failed, it saw [{\"order\":\"5\"}]");

        TurnResult probeOnly = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\",\"actual\":[\"Hi\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"failed\",\"actual\":[]}]"),
                "ses_1", 1, "playbook p");
        assertThat(probeOnly.status()).isEqualTo("completed");
        assertThat(probeOnly.failure()).isNull();
    }

    @Test
    @DisplayName("a Say node's quick replies or buttons are one output each, their text seen by the text assertion and their"
            + " payload by the data assertion: the text is said once per output, as over the REST Endpoint, not once more for"
            + " the payload; a gallery's titles, which no text assertion saw, are still read from its data")
    void richOutputSaidOnceEach() {
        String quick = "{\"_cognigy\":{\"_default\":{\"_quickReplies\":{\"text\":\"Hello! What next?\",\"quickReplies\":"
                + "[{\"title\":\"Track order\",\"payload\":\"track\"}]}}}}";
        String buttons = "{\"_cognigy\":{\"_default\":{\"_buttons\":{\"text\":\"Hello! What next?\",\"buttons\":"
                + "[{\"title\":\"Website\",\"type\":\"web_url\",\"url\":\"https://example.com\"}]}}}}";
        String gallery = "{\"_cognigy\":{\"_default\":{\"_gallery\":{\"items\":[{\"title\":\"Giro account\"}]}}}}";
        TurnResult result = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\","
                + "\"actual\":[\"Hello! What next?\",\"Hello! What next?\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":["
                + buttons + "," + quick + "," + gallery + "]}]"), "ses_1", 1, "playbook p");

        BotTurn turn = result.turns().get(0);
        assertThat(turn.outputTexts()).containsExactly("Hello! What next?", "Hello! What next?", "Giro account");
        assertThat(turn.quickReplies()).extracting(c -> c.title()).containsExactly("Track order");
        assertThat(turn.buttons()).extracting(c -> c.title()).containsExactly("Website");
        assertThat(turn.outputData()).hasSize(3);

        // The data assertion listed before the text assertion reads the same.
        TurnResult dataFirst = answers.of(step("["
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":["
                + quick + "]},"
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\","
                + "\"actual\":[\"Hello! What next?\"]}]"), "ses_1", 1, "playbook p");
        assertThat(dataFirst.turns().get(0).outputTexts()).containsExactly("Hello! What next?");

        // A text that only holds the payload's text is another output's: the payload's text is not taken for said by it.
        TurnResult within = answers.of(step("["
                + "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true},\"status\":\"successful\","
                + "\"actual\":[\"Hello! What next? Tell me.\"]},"
                + "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true},\"status\":\"successful\",\"actual\":["
                + quick + "]}]"), "ses_1", 1, "playbook p");
        assertThat(within.turns().get(0).outputTexts()).containsExactly("Hello! What next? Tell me.", "Hello! What next?");
    }
}
