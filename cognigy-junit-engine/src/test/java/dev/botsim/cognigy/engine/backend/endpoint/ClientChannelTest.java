package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.BackendSettings;
import tools.jackson.databind.json.JsonMapper;

/** Which channel's payload of an output a turn is read by: the client's the tests stand in for. */
class ClientChannelTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EndpointAnswers rest = new EndpointAnswers(OutputConvention.of(BackendSettings.EndpointData.defaults()),
            Optional.empty(), json);

    /** A Say node whose Default tab and Webchat tab offer different quick replies, as Cognigy sends both. */
    private static final String BOTH_TABS = """
            {"outputStack": [{"text": null, "traceId": "t-1", "data": {"_cognigy": {
              "_default": {"_quickReplies": {"type": "quick_replies", "text": "How can I help?",
                "quickReplies": [{"title": "Opening hours", "payload": "HOURS"}]}},
              "_webchat": {"message": {"text": "How can I help?", "quick_replies": [
                {"content_type": "text", "title": "Chat with an agent", "payload": "AGENT"}]}}}}}]}""";

    /** A Say node filled on its Webchat tab alone: the default channel offers nothing. */
    private static final String WEBCHAT_TAB_ONLY = """
            {"outputStack": [{"text": null, "traceId": "t-2", "data": {"_cognigy": {
              "_webchat": {"message": {"text": "Pick one", "quick_replies": [
                {"content_type": "text", "title": "Chat with an agent", "payload": "AGENT"}]}}}}}]}""";

    private BotTurn read(EndpointAnswers answers, String answer) {
        return answers.read(json.readTree(answer), "ses_1", 1, List.of(), "https://endpoint.example/****").turns().get(0);
    }

    @Test
    @DisplayName("Webchat shows its own tab where a Say node has one: a socket run reads its quick replies, not the Default"
            + " tab's as well")
    void webchatShowsItsOwnTab() {
        BotTurn turn = read(rest.renderedBy(ClientChannel.WEBCHAT), BOTH_TABS);
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Chat with an agent", "AGENT", null));
        assertThat(turn.text()).isEqualTo("How can I help?");
    }

    @Test
    @DisplayName("a REST Endpoint's client reads the Default tab: not the Webchat tab's quick replies as well")
    void restReadsTheDefaultTab() {
        BotTurn turn = read(rest, BOTH_TABS);
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Opening hours", "HOURS", null));
    }

    @Test
    @DisplayName("an output whose default channel offers nothing is read by its Webchat tab through either client")
    void webchatTabAlone() {
        for (EndpointAnswers answers : List.of(rest, rest.renderedBy(ClientChannel.WEBCHAT))) {
            BotTurn turn = read(answers, WEBCHAT_TAB_ONLY);
            assertThat(turn.quickReplies()).containsExactly(new BotChoice("Chat with an agent", "AGENT", null));
            assertThat(turn.text()).isEqualTo("Pick one");
        }
    }
}
