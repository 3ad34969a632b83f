package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.fixtures.ChoicesConversation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** {@code BotSession.click} and {@code send(data)}, and the rich-output expectations of {@code BotResponse}. */
class BotSessionChoicesTest {

    private final RecordingListener listener = new RecordingListener();
    private final ScriptedBackend backend = RichTurnsEngineTest.richBot()
            .answering("TRACK", RichTurnsEngineTest.turn("flow_order_status", null, "check_order", Map.of(), "Your order number?",
                    List.of(), List.of(), List.of()))
            .answering("Talk to a human", RichTurnsEngineTest.turn("flow_escalation", null, "escalate", Map.of(),
                    "Connecting you to an agent", List.of(), List.of(), List.of()));
    private Map<String, SimulationRecord> records;

    @BeforeEach
    void run() {
        kit(backend, listener).selectors(selectClass(ChoicesConversation.class)).execute();
        records = listener.finished.stream().collect(Collectors.toMap(SimulationRecord::testId, Function.identity()));
    }

    private List<TurnRequest> sent(String test) {
        return backend.requests.stream().filter(r -> r.testId().startsWith(test + "#"))
                .sorted(java.util.Comparator.comparingInt(TurnRequest::turn)).toList();
    }

    @Test
    @DisplayName("item 4: click sends the quick reply's payload as the message text, as Webchat does, in the same session")
    void clickSendsPayload() {
        assertThat(records.get("test_clickQuickReply").outcome()).isEqualTo(Outcome.PASSED);
        List<TurnRequest> sent = sent("test_clickQuickReply");
        assertThat(sent).extracting(TurnRequest::text).containsExactly("menu", "TRACK");
        assertThat(sent.get(1).sessionId()).isEqualTo(sent.get(0).sessionId());
        assertThat(sent.get(1).userId()).isEqualTo(sent.get(0).userId());
        assertThat(records.get("test_clickQuickReply").actual()).extracting(BotTurn::intent).containsExactly(null, "check_order");
    }

    @Test
    @DisplayName("item 4: click on a choice without payload sends its title; a postback button's payload is sent too")
    void clickWithoutPayloadSendsTitle() {
        assertThat(records.get("test_clickWithoutPayload").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(sent("test_clickWithoutPayload")).extracting(TurnRequest::text).containsExactly("menu", "Talk to a human");
        assertThat(sent("test_clickButton")).extracting(TurnRequest::text).containsExactly("menu", "+4930123456");
    }

    @Test
    @DisplayName("item 4: click on a title not offered fails listing what was offered; on a link button it explains that"
            + " a link sends nothing; before any answer it says so; nothing is sent for any of them")
    void clickFailures() {
        assertThat(records.get("test_clickUnknown").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_clickUnknown").message()).isEqualTo("click(\"Cancel order\"): the bot's last answer"
                + " offered no quick reply or button titled \"Cancel order\" (titles are matched exactly); it offered quick"
                + " replies [Track order, Talk to a human] and buttons [Open shop, Call us]");
        assertThat(records.get("test_clickLink").message()).startsWith("click(\"Open shop\"): this button is a link to"
                + " https://shop.example.com — a link opens a page in the user's browser and sends the bot nothing");
        assertThat(records.get("test_clickFirst").message()).startsWith("click(\"Track order\"): the bot has not answered"
                + " yet in this session");
        assertThat(sent("test_clickUnknown")).hasSize(1);
        assertThat(sent("test_clickLink")).hasSize(1);
        assertThat(sent("test_clickFirst")).isEmpty();
    }

    @Test
    @DisplayName("item 4: send(data) sends data without text; expectData matches output data partially and fails"
            + " naming what the outputs carried")
    void sendData() {
        assertThat(records.get("test_sendData").outcome()).isEqualTo(Outcome.PASSED);
        TurnRequest first = sent("test_sendData").get(0);
        assertThat(first.text()).isNull();
        assertThat(first.data()).isEqualTo(Map.of("action", "GET_STARTED"));
        assertThat(records.get("test_expectDataFails").message()).contains("no output's data contains {\"cart\":{\"currency\":\"USD\"}}");
    }
}
