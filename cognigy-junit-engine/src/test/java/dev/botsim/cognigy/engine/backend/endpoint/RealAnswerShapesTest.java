package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Answers in the shapes a Cognigy tenant gives them (docs: REST endpoint reference, system slots, default channel formats). */
class RealAnswerShapesTest {

    private static final String TOKEN = "f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b";
    private static final String TRACE = "endpoint-httpIncomingMessage-4b1e7c52-2f0e-4d6a-9a53-7c1e0d9f8a21";
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private EndpointBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.start();
        backend = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(RetrySettings.defaults().withLongestWait(Duration.ofSeconds(5))));
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static TurnRequest request(int turn, String sessionId) {
        return new TurnRequest("batch_r1", "test_shapes", turn, "usr_qa01", "web", "hi", Map.of(), sessionId, "key-1", null,
                Map.of());
    }

    /** One real answer: a Say output and the gated Code node's output with {@code slots}, traceId shared. */
    private BotTurn turnWithSlots(String slots) {
        server.enqueue(json("""
                {"text":"Done.","data":{},"outputStack":[
                  {"text":"Done.","data":{},"traceId":"%s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":null,"data":{"intent":"book","intentScore":0.91,"intentFlow":"8d2c7e3a-0b1f-4c5d-9e6f-1a2b3c4d5e6f",
                     "flowName":"Main Flow","slots":%s,"state":""},
                   "traceId":"%s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE, slots, TRACE)));
        return backend.send(request(1, "ses_1")).turns().get(0);
    }

    @Test
    @DisplayName("item 2: system and lexicon slots map to comparable values by their real shapes")
    void slotShapes() {
        BotTurn turn = turnWithSlots("""
                {"city":[{"keyphrase":"Berlin","value":"BER","synonym":"berlin"}],
                 "NUMBER":[100,143], "EMAIL":["info@cognigy.com"], "AGE":[42], "URL":["https://www.cognigy.com"],
                 "PERCENTAGE":[15], "TEMPERATURE":[21],
                 "MONEY":[{"value":25,"unit":"EUR"}], "DISTANCE":[{"value":5,"unit":"km"}],
                 "DATE":[{"start":{"ISODate":"2026-12-24T00:00:00.000Z","plain":"12/24/2026","grain":"day"},"end":null,
                          "text":"christmas eve"}],
                 "DURATION":{"hour":1,"minute":30,"second":0}}""");
        assertThat(turn.entities()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("city", "Berlin"), Map.entry("NUMBER", List.of(100, 143)), Map.entry("EMAIL", "info@cognigy.com"),
                Map.entry("AGE", 42), Map.entry("URL", "https://www.cognigy.com"), Map.entry("PERCENTAGE", 15),
                Map.entry("TEMPERATURE", 21), Map.entry("MONEY", 25), Map.entry("DISTANCE", 5),
                Map.entry("DATE", "2026-12-24T00:00:00.000Z"), Map.entry("DURATION", "PT1H30M")));
    }

    @Test
    @DisplayName("item 2: a lexicon match without keyphrase gives its value; DURATION keeps seconds; empty matches give nothing")
    void slotEdges() {
        BotTurn turn = turnWithSlots("""
                {"size":[{"value":"XL"}], "DURATION":{"hour":0,"minute":0,"second":45}, "NUMBER":[], "city":[{"keyphrase":"Rome"},
                 {"keyphrase":"Paris"}]}""");
        assertThat(turn.entities()).containsExactlyInAnyOrderEntriesOf(Map.of("size", "XL", "DURATION", "PT45S",
                "city", List.of("Rome", "Paris")));
    }

    @Test
    @DisplayName("item 2: a slot's other shapes: a boolean stays a boolean, a DURATION written as texts or in part is read,"
            + " a null match gives nothing, and a shape not known here is its JSON")
    void slotOtherShapes() {
        BotTurn turn = turnWithSlots("""
                {"confirmed":[true], "DURATION":{"hour":"1","minute":" 30 "}, "wait":{"minute":"soon","second":20},
                 "NUMBER":[null,7], "place":[{"lat":52.52,"lng":13.40}], "pair":[[1,2]], "none":[null]}""");
        assertThat(turn.entities()).containsExactlyInAnyOrderEntriesOf(Map.of("confirmed", true, "DURATION", "PT1H30M",
                "wait", "PT20S", "NUMBER", 7, "place", "{\"lat\":52.52,\"lng\":13.4}", "pair", "[1,2]"));
    }

    @Test
    @DisplayName("an intent reported without a score, or with a null or blank one, has none (NaN), not a score of 0;"
            + " a score written as text is that number")
    void intentScoreAbsent() {
        for (String score : List.of("", "\"intentScore\":null,", "\"intentScore\":\" \",")) {
            server.enqueue(json("""
                    {"outputStack":[{"text":"Hello","data":{},"source":"bot"},
                      {"text":null,"data":{"intent":"greet",%s"flowName":"Main Flow","slots":{}},"source":"bot"}]}"""
                    .formatted(score)));
            BotTurn turn = backend.send(request(1, null)).turns().get(0);
            assertThat(turn.intent()).as(score).isEqualTo("greet");
            assertThat(turn.intentScore()).as(score).isNaN();
        }
        server.enqueue(json("""
                {"outputStack":[{"text":"Hello","data":{"intent":"greet","intentScore":"0.91","flowName":"Main Flow"},
                  "source":"bot"}]}"""));
        assertThat(backend.send(request(1, null)).turns().get(0).intentScore()).isEqualTo(0.91);
    }

    @Test
    @DisplayName("E5: a Say node's buttons whose output text is empty: the buttons' text is what the bot said")
    void buttonsTextWithoutOutputText() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":"","data":{"_cognigy":{"_default":{"_buttons":{"type":"buttons","text":"How can I help?",
                      "buttons":[{"title":"Agent","payload":"HANDOVER","type":"postback"}]}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("How can I help?");
        assertThat(turn.buttons()).containsExactly(new BotChoice("Agent", "HANDOVER", "postback"));
    }

    @Test
    @DisplayName("a Say node with only a Webchat tab (data._cognigy._webchat, Messenger's format) is read: a button"
            + " template's text and buttons, a generic template's cards with their buttons, a list's items")
    void webchatPayloadWithoutDefault() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":"","data":{"_cognigy":{"_webchat":{"message":{"attachment":{"type":"template","payload":{
                      "template_type":"button","text":"How can we help?","buttons":[
                        {"type":"postback","title":"Agent","payload":"HANDOVER"},
                        {"type":"web_url","title":"FAQ","url":"https://www.cognigy.com/faq"}]}}}}}},
                   "traceId":"%1$s","source":"bot"},
                  {"text":null,"data":{"_cognigy":{"_webchat":{"message":{"attachment":{"type":"template","payload":{
                      "template_type":"generic","elements":[{"title":"Runner","subtitle":"light and fast","buttons":[
                        {"type":"postback","title":"Buy","payload":"BUY_RUNNER"}]}]}}}}}},
                   "traceId":"%1$s","source":"bot"},
                  {"text":null,"data":{"_cognigy":{"_webchat":{"message":{"attachment":{"type":"template","payload":{
                      "template_type":"list","elements":[{"title":"Order ORD_1","subtitle":"shipped"}]}}}}}},
                   "traceId":"%1$s","source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("How can we help?\nRunner\nlight and fast\nOrder ORD_1\nshipped");
        assertThat(turn.buttons()).containsExactly(new BotChoice("Agent", "HANDOVER", "postback"),
                new BotChoice("FAQ", "https://www.cognigy.com/faq", "web_url"));
        assertThat(turn.cardButtons()).containsExactly(new BotChoice("Buy", "BUY_RUNNER", "postback"));
    }

    @Test
    @DisplayName("item 5: a blank traceId is no id: the result's id is then the session's and the turn's")
    void blankTraceId() {
        server.enqueue(json("""
                {"outputStack":[{"text":"Hi","data":{},"traceId":" ","source":"bot"}],"userId":"usr_qa01","sessionId":"ses_9"}"""));
        assertThat(backend.send(request(2, "ses_9")).simulationId()).isEqualTo("ses_9#2");
    }

    @Test
    @DisplayName("item 5: the result's id is the outputs' traceId, the one Cognigy support asks for")
    void traceIdFromOutputs() {
        turnWithSlots("{}");
        server.enqueue(json("{\"text\":\"Hi\",\"data\":{},\"outputStack\":[{\"text\":\"Hi\",\"data\":{},\"source\":\"bot\"}]}"));
        TurnResult untraced = backend.send(request(3, "ses_conv"));
        assertThat(untraced.simulationId()).isEqualTo("ses_conv#3");
        server.enqueue(json("""
                {"text":"Hi","data":{},"outputStack":[{"text":"Hi","data":{},"traceId":"%s","source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        assertThat(backend.send(request(1, "ses_1")).simulationId()).isEqualTo(TRACE);
    }

    @Test
    @DisplayName("item 3: a transformer's answer without outputStack is read from top-level text and data as one output")
    void transformerFallback() {
        server.enqueue(json("{\"text\":\"Your order ORD_99 has shipped.\"}"));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("Your order ORD_99 has shipped.");

        server.enqueue(json("""
                {"text":"Which order?","data":{"intent":"check_order","intentScore":0.8,"flowName":"Orders","slots":{}}}"""));
        BotTurn nlu = backend.send(request(1, null)).turns().get(0);
        assertThat(nlu.intent()).isEqualTo("check_order");
        assertThat(nlu.flowId()).isEqualTo("Orders");

        // The flow's report alone shows the user nothing: no answer, saying what the flow reported.
        server.enqueue(json("""
                {"text":null,"data":{"intent":"check_order","intentScore":0.8,"flowName":"Orders","slots":{}}}"""));
        TurnResult silent = backend.send(request(1, null));
        assertThat(silent.turns()).isEmpty();
        assertThat(silent.failure()).isEqualTo("its flow reported intent \"check_order\" in flow \"Orders\" but output nothing");
    }

    @Test
    @DisplayName("an empty outputStack beside a top-level text (a transformer that cleared the stack) is what the bot said,"
            + " not an answer without outputs; an empty stack with a blank text stays no answer")
    void emptyOutputStackWithTopLevelText() {
        server.enqueue(json("""
                {"text":"Your order ORD_99 has shipped.","data":{},"outputStack":[],"userId":"usr_qa01","sessionId":"ses_1"}"""));
        TurnResult result = backend.send(request(1, "ses_1"));
        assertThat(result.failure()).isNull();
        assertThat(result.turns()).singleElement().extracting(BotTurn::text).isEqualTo("Your order ORD_99 has shipped.");

        server.enqueue(json("""
                {"text":"Which order?","data":{"intent":"check_order","intentScore":0.8,"flowName":"Orders","slots":{}},
                 "outputStack":[]}"""));
        BotTurn reported = backend.send(request(1, null)).turns().get(0);
        assertThat(reported.intent()).isEqualTo("check_order");
        assertThat(reported.text()).isEqualTo("Which order?");

        server.enqueue(json("{\"text\":\"\",\"data\":{},\"outputStack\":[]}"));
        TurnResult nothing = backend.send(request(1, null));
        assertThat(nothing.turns()).isEmpty();
        assertThat(nothing.failure()).isNull();

        // A top-level data echoing the message's own data (the test marker with it) is not the bot saying something.
        server.enqueue(json("""
                {"text":"","data":{"orderId":"ORD_99","cognigyJunit":{"runId":"batch_r1","testId":"test_shapes","turn":1}},
                 "outputStack":[]}"""));
        TurnResult echoed = backend.send(request(1, null));
        assertThat(echoed.turns()).isEmpty();
        assertThat(echoed.failure()).isNull();
        // So is an output, or a transformer's top-level answer, whose data is the message's own: it shows nothing.
        server.enqueue(json("""
                {"text":"","data":{"orderId":"ORD_99","cognigyJunit":{"runId":"batch_r1","testId":"test_shapes","turn":1}}}"""));
        TurnResult transformed = backend.send(request(1, null));
        assertThat(transformed.turns()).isEmpty();
        assertThat(transformed.failure()).isEqualTo("its outputs carry no text, rich content or data");
        // A Code node report that spreads input.data into its output is still the report.
        server.enqueue(json("""
                {"outputStack":[{"text":"Hi","data":{}},{"text":null,"data":{"intent":"greet","flowName":"Main Flow",
                  "cognigyJunit":{"runId":"batch_r1","testId":"test_shapes","turn":1}}}]}"""));
        assertThat(backend.send(request(1, null)).turns()).singleElement().extracting(BotTurn::intent).isEqualTo("greet");

        server.enqueue(json("{\"error\":\"Flow not found\",\"text\":\"\",\"outputStack\":[]}"));
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("answered an error instead of the bot's outputs (an empty outputStack):")
                .hasMessageContaining("Flow not found");
    }

    /** A turn whose test data uses keys of the Code node's report, as a test of a refund flow may send. */
    private static TurnRequest requestWithData(Map<String, Object> data) {
        return new TurnRequest("batch_r1", "test_refund", 1, "usr_qa01", "web", "I want my money back", data, "ses_2", "key-1",
                null, Map.of());
    }

    private static final String SENT_ECHOED = """
            {"intent":"refund","flowName":"Refunds","amount":12,
             "cognigyJunit":{"runId":"batch_r1","testId":"test_refund","turn":1}}""";

    @Test
    @DisplayName("data identical to what the message carried is that data echoed, not the Code node's report, though the"
            + " test's own data has an intent and a flowName; a report beside it is still read")
    void echoOfTestDataWithReportingKeys() throws Exception {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("intent", "refund");
        data.put("flowName", "Refunds");
        data.put("amount", 12.0);
        // A transformer that answers input.data beside a Say output: JavaScript writes 12.0 as 12.
        server.enqueue(json("""
                {"outputStack":[{"text":"Sorry, I did not get that.","data":{},"source":"bot"},
                  {"text":null,"data":%s,"source":"bot"}]}""".formatted(SENT_ECHOED)));
        BotTurn echoed = backend.send(requestWithData(data)).turns().get(0);
        assertThat(echoed.intent()).isNull();
        assertThat(echoed.flowId()).isNull();
        assertThat(echoed.outputData()).isEmpty();
        assertThat(server.takeRequest().getBody().utf8()).contains("\"intent\":\"refund\"");

        // The same echo beside the Code node's report: the report is read, and it alone.
        server.enqueue(json("""
                {"outputStack":[{"text":"Which order is it about?","data":{},"source":"bot"},
                  {"text":null,"data":%s,"source":"bot"},
                  {"text":null,"data":{"intent":"order_status","intentScore":0.42,"flowName":"Orders","slots":{}},
                   "source":"bot"}]}""".formatted(SENT_ECHOED)));
        BotTurn reported = backend.send(requestWithData(data)).turns().get(0);
        assertThat(reported.intent()).isEqualTo("order_status");
        assertThat(reported.flowId()).isEqualTo("Orders");

        // A report that spreads input.data is not the data sent: it is read as the report it is.
        server.enqueue(json("""
                {"outputStack":[{"text":"Your refund is on its way.","data":{},"source":"bot"},
                  {"text":null,"data":{"intent":"refund","intentScore":0.93,"flowName":"Refunds","amount":12,"slots":{},
                   "cognigyJunit":{"runId":"batch_r1","testId":"test_refund","turn":1}},"source":"bot"}]}"""));
        BotTurn spread = backend.send(requestWithData(data)).turns().get(0);
        assertThat(spread.intent()).isEqualTo("refund");
        assertThat(spread.intentScore()).isEqualTo(0.93);
        assertThat(spread.flowId()).isEqualTo("Refunds");
    }

    @Test
    @DisplayName("a transformer's top-level answer that is only the message's data echoed, reporting keys and all, is no"
            + " answer and no report")
    void topLevelEchoOfTestDataWithReportingKeys() {
        server.enqueue(json("{\"text\":\"\",\"data\":%s,\"outputStack\":[]}".formatted(SENT_ECHOED)));
        TurnResult result = backend.send(requestWithData(Map.of("intent", "refund", "flowName", "Refunds", "amount", 12)));
        assertThat(result.turns()).isEmpty();
        assertThat(result.failure()).isNull();
    }

    @Test
    @DisplayName("an output's text given as a number or a boolean is what the bot said, as written; one given as an object"
            + " or a list is refused naming the output and what came, never read as an output that said nothing")
    void textOfAnotherType() {
        server.enqueue(json("""
                {"outputStack":[{"text":42,"data":{},"source":"bot"},{"text":12.5,"data":{},"source":"bot"},
                  {"text":true,"data":{},"source":"bot"}]}"""));
        assertThat(backend.send(request(1, null)).turns()).singleElement().extracting(BotTurn::text)
                .isEqualTo("42\n12.5\ntrue");
        server.enqueue(json("{\"text\":404,\"data\":{}}"));
        assertThat(backend.send(request(1, null)).turns()).singleElement().extracting(BotTurn::text).isEqualTo("404");

        server.enqueue(json("""
                {"outputStack":[{"text":"Hello","data":{},"source":"bot"},
                  {"text":{"en":"Your order has shipped."},"data":{},"source":"bot"}]}"""));
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("output 2 of 2's text is an object, {\"en\":\"Your order has shipped.\"}")
                .hasMessageContaining("not a text");
        server.enqueue(json("{\"outputStack\":[{\"text\":[\"Hi\",\"there\"],\"data\":{}}]}"));
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("output 1 of 1's text is a list, [\"Hi\",\"there\"]");
    }

    @Test
    @DisplayName("a blank intent, flow or intentFlow in the Code node's report is none, as Cognigy's null is: a blank"
            + " intent is no intent recognised, not an intent named \"\"")
    void blankReportedNames() {
        server.enqueue(json("""
                {"outputStack":[{"text":"Sorry, I did not get that.","data":{},"source":"bot"},
                  {"text":null,"data":{"intent":"","intentScore":null,"intentFlow":"","flowName":"Main Flow","slots":{}},
                   "source":"bot"}]}"""));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.intent()).isNull();
        assertThat(turn.flowId()).isEqualTo("Main Flow");
        assertThat(turn.flowReferenceId()).isNull();
    }

    @Test
    @DisplayName("slots that are not an object (a list, a text) are refused naming the key and what came, never read as"
            + " no slots")
    void slotsOfAnotherType() {
        server.enqueue(json("""
                {"outputStack":[{"text":"Done.","data":{},"source":"bot"},
                  {"text":null,"data":{"intent":"book","intentScore":0.9,"flowName":"Main Flow",
                   "slots":[{"name":"city","value":"Berlin"}]},"source":"bot"}]}"""));
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("the output data's /slots (cognigy.endpoint.data.slots) is a list,"
                        + " [{\"name\":\"city\",\"value\":\"Berlin\"}]")
                .hasMessageContaining("input.slots");
    }

    @Test
    @DisplayName("a transformer's outputStack of bare texts is what the bot said, not an answer without text")
    void outputStackOfTexts() {
        server.enqueue(json("{\"outputStack\":[\"Your order ORD_99 has shipped.\",\"Anything else?\",null,\" \"]}"));
        TurnResult result = backend.send(request(1, null));
        assertThat(result.failure()).isNull();
        assertThat(result.turns()).singleElement().extracting(BotTurn::text)
                .isEqualTo("Your order ORD_99 has shipped.\nAnything else?");
    }

    @Test
    @DisplayName("an empty body, with 200 or 204, says the endpoint answered nothing and what may have answered in its"
            + " place, not that it answered without outputStack")
    void emptyBody() {
        server.enqueue(json(""));
        server.enqueue(new MockResponse.Builder().code(204).build());
        for (int code : new int[] {200, 204}) {
            assertThatThrownBy(() -> backend.send(request(1, null)))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                    .hasMessageContaining("answered HTTP " + code + " with an empty body, no outputs at all")
                    .hasMessageContaining("an Execution-Finished transformer that returns nothing, or a proxy")
                    .hasMessageNotContaining("without outputStack, text or data").hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    @DisplayName("an error object answered with 200 and no outputStack is said to be one, with the error, also beside a"
            + " top-level text; it is never read as the bot's answer")
    void errorWithSuccessStatus() {
        server.enqueue(json("{\"error\":\"Flow not found\",\"statusCode\":500}"));
        server.enqueue(json("{\"text\":\"\",\"data\":{},\"error\":{\"message\":\"Flow execution failed\"}}"));
        for (String error : List.of("Flow not found", "Flow execution failed")) {
            assertThatThrownBy(() -> backend.send(request(1, null)))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                    .hasMessageContaining("answered an error instead of the bot's outputs (no outputStack):")
                    .hasMessageContaining(error).hasMessageNotContaining("An endpoint transformer may have reshaped");
        }
    }

    @Test
    @DisplayName("error: false, \"\" or {} beside an emptied outputStack, as a transformer writes for no error, is no"
            + " error, and so is a text of only whitespace, as \"\" is: the top-level text is the bot's answer, and without"
            + " one the turn said nothing; true, a text or an error object still fails as an error")
    void errorThatSaysNone() {
        for (String none : List.of("false", "\"\"", "{}", "\" \"", "\"\\n\\t\"")) {
            server.enqueue(json("""
                    {"text":"Your order ORD_99 has shipped.","data":{},"outputStack":[],"userId":"usr_qa01","sessionId":"ses_1",
                     "error":%s}""".formatted(none)));
            TurnResult answered = backend.send(request(1, "ses_1"));
            assertThat(answered.failure()).as(none).isNull();
            assertThat(answered.turns()).as(none).singleElement().extracting(BotTurn::text).isEqualTo("Your order ORD_99 has shipped.");

            server.enqueue(json("{\"text\":\"Which order?\",\"data\":{},\"error\":" + none + "}"));
            assertThat(backend.send(request(1, null)).turns()).as(none).singleElement().extracting(BotTurn::text)
                    .isEqualTo("Which order?");

            server.enqueue(json("{\"text\":\"\",\"data\":{},\"outputStack\":[],\"error\":" + none + "}"));
            TurnResult nothing = backend.send(request(1, null));
            assertThat(nothing.turns()).as(none).isEmpty();
            assertThat(nothing.failure()).as(none).isNull();
        }
        for (String error : List.of("true", "\"Flow not found\"", "{\"message\":\"Flow execution failed\"}", "0")) {
            server.enqueue(json("""
                    {"text":"Your order ORD_99 has shipped.","data":{},"outputStack":[],"userId":"usr_qa01","sessionId":"ses_1",
                     "error":%s}""".formatted(error)));
            assertThatThrownBy(() -> backend.send(request(1, "ses_1")))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                    .hasMessageContaining("answered an error instead of the bot's outputs (an empty outputStack):")
                    .hasMessageContaining("\"error\":" + error);
        }
    }

    @Test
    @DisplayName("a body in the charset its Content-Type names (ISO-8859-1) is read in it; a UTF-8 body is read as UTF-8"
            + " whatever charset the header names; one neither UTF-8 nor declared says it is not UTF-8")
    void charsets() {
        String body = "{\"outputStack\":[{\"text\":\"Grüße aus Köln\",\"data\":{}}]}";
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=ISO-8859-1")
                .body(new okio.Buffer().write(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=ISO-8859-1")
                .body(new okio.Buffer().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build());
        for (int i = 0; i < 2; i++) {
            assertThat(backend.send(request(1, null)).turns()).singleElement().extracting(BotTurn::text).isEqualTo("Grüße aus Köln");
        }
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(new okio.Buffer().write(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).build());
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("answered a body that is not UTF-8, and its Content-Type names no other charset");
    }

    @Test
    @DisplayName("data sent as a JSON text, as some Cognigy versions send it, is the object it holds: the Code node's report"
            + " and quick replies in it are read; other text stays text")
    void dataAsJsonText() {
        server.enqueue(json("""
                {"outputStack":[{"text":"Which size?","data":"{\\"_cognigy\\":{\\"_default\\":{\\"_quickReplies\\":{\\"text\\":\\"Which size?\\",\\"quickReplies\\":[{\\"title\\":\\"Small\\",\\"payload\\":\\"SIZE_S\\"}]}}}}","source":"bot"},
                  {"text":null,"data":"{\\"intent\\":\\"order\\",\\"intentScore\\":0.9,\\"flowName\\":\\"Orders\\",\\"slots\\":{}}","source":"bot"},
                  {"text":"Thanks","data":"just a note","source":"bot"},
                  {"text":"Noted","data":"{draft, not JSON","source":"bot"}]}"""));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.intent()).isEqualTo("order");
        assertThat(turn.flowId()).isEqualTo("Orders");
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Small", "SIZE_S"));
        assertThat(turn.text()).isEqualTo("Which size?\nThanks\nNoted");
    }

    @Test
    @DisplayName("a URL token in data sent as a JSON text, escaped twice there, is masked as that text decodes: it never"
            + " becomes the turn's flow or output data")
    void tokenEscapedTwiceInDataAsJsonText() {
        // The token's "c" written as an escape of the inner text, its backslash escaped in the answer: the answer decodes
        // to the escape, and only the second parse, of data's text, to the token.
        String escapedTwice = TOKEN.substring(0, 4) + "\\\\u0063" + TOKEN.substring(5);
        server.enqueue(json("""
                {"outputStack":[{"text":"hi","data":"{\\"intent\\":\\"other\\",\\"flowName\\":\\"%s\\"}","source":"bot"}]}"""
                .formatted(escapedTwice)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.intent()).isEqualTo("other");
        assertThat(turn.flowId()).isEqualTo("****");
        assertThat(turn.outputData()).hasToString("[{intent=other, flowName=****}]");
    }

    @Test
    @DisplayName("item 3: an answer with no known field is a PROTOCOL error with a masked snippet and the advice")
    void transformerWithoutKnownFields() {
        server.enqueue(json("{\"reply\":\"hello from /" + TOKEN + "\"}"));
        assertThatThrownBy(() -> backend.send(request(1, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("\"reply\"").hasMessageContaining("without transformers").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("item 4: quick replies, buttons, gallery and list text is said; choices with their types, gallery card buttons and output data are kept")
    void richOutputs() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":"","data":{"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"Which size?",
                      "quickReplies":[{"title":"Small","payload":"SIZE_S","contentType":"postback"},
                                      {"title":"Large","payload":"SIZE_L","contentType":"postback"}]}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":"Or call us.","data":{"_cognigy":{"_default":{"_buttons":{"type":"buttons","text":"Or call us.",
                      "buttons":[{"title":"Call","payload":"+4921112345","type":"phone_number"},
                                 {"title":"Website","payload":"","type":"web_url","url":"https://www.cognigy.com"},
                                 {"title":"Agent","payload":"HANDOVER","type":"postback"}]}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":null,"data":{"_cognigy":{"_default":{"_gallery":{"type":"carousel","fallbackText":"Our shoes",
                      "items":[{"title":"Runner","subtitle":"light and fast","imageUrl":"https://x/r.png","buttons":[
                          {"title":"Buy","payload":"BUY_RUNNER","type":"postback"},
                          {"title":"Details","payload":"","type":"web_url","url":"https://x/runner"}]},
                        {"title":"Trail","subtitle":"grip","buttons":[{"title":"Buy","payload":"BUY_TRAIL"}]}]}}}},
                   "traceId":"%1$s","source":"bot"},
                  {"text":null,"data":{"_cognigy":{"_default":{"_list":{"type":"list",
                      "items":[{"title":"Order ORD_1","subtitle":"shipped"}]}}}},"traceId":"%1$s","source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("Which size?\nOr call us.\nRunner\nlight and fast\nTrail\ngrip\nOrder ORD_1\nshipped");
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Small", "SIZE_S"), new BotChoice("Large", "SIZE_L"));
        assertThat(turn.buttons()).containsExactly(new BotChoice("Call", "+4921112345", "phone_number"),
                new BotChoice("Website", "https://www.cognigy.com", "web_url"), new BotChoice("Agent", "HANDOVER", "postback"));
        // The cards' buttons, card by card, typed as given (none given: not said).
        assertThat(turn.cardButtons()).containsExactly(new BotChoice("Buy", "BUY_RUNNER", "postback"),
                new BotChoice("Details", "https://x/runner", "web_url"), new BotChoice("Buy", "BUY_TRAIL", null));
        assertThat(turn.outputData()).hasSize(4);
        assertThat(turn.outputData().get(0)).containsKey("_cognigy");
    }

    @Test
    @DisplayName("an output whose data only tells Webchat what to do (controlCommands asking for a rating) shows nothing:"
            + " beside the flow's report alone the turn said nothing, its data kept; beside a text it is that text's answer")
    void controlCommandsShowNothing() {
        String control = """
                {"text":null,"data":{"_cognigy":{"controlCommands":[{"type":"setRating","parameters":{"rating":1,
                   "showRatingStatus":true}}],"syncWebchatWithFacebook":false}},
                 "traceId":"%s","disableSensitiveLogging":false,"source":"bot"}""".formatted(TRACE);
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[%s,
                  {"text":null,"data":{"intent":"rate_chat","intentScore":0.88,"flowName":"Feedback","slots":{}},
                   "traceId":"%s","source":"bot"}]}""".formatted(control, TRACE)));
        TurnResult silent = backend.send(request(1, null));
        assertThat(silent.turns()).isEmpty();
        assertThat(silent.failure()).isEqualTo("its flow reported intent \"rate_chat\" in flow \"Feedback\" but output nothing");

        server.enqueue(json("""
                {"text":"Thanks for chatting!","data":{},"outputStack":[
                  {"text":"Thanks for chatting!","data":{},"traceId":"%s","source":"bot"},%s]}""".formatted(TRACE, control)));
        BotTurn answered = backend.send(request(1, null)).turns().get(0);
        assertThat(answered.text()).isEqualTo("Thanks for chatting!");
        assertThat(answered.outputData()).singleElement().extracting(data -> data.get("_cognigy")).isNotNull();
    }

    @Test
    @DisplayName("an Adaptive Card output (the Say node's Adaptive Card type, text null) says what its text blocks, text"
            + " runs and facts show, nested in containers and columns, not nothing")
    void adaptiveCard() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":null,"data":{"_cognigy":{"_default":{"_adaptiveCard":{"type":"adaptiveCard","adaptiveCard":{
                    "type":"AdaptiveCard","version":"1.5","$schema":"http://adaptivecards.io/schemas/adaptive-card.json",
                    "body":[{"type":"TextBlock","text":"Booking confirmed","weight":"Bolder","size":"Medium"},
                      {"type":"FactSet","facts":[{"title":"Order","value":"ORD_77"},{"title":"Date","value":"24 Dec"}]},
                      {"type":"ColumnSet","columns":[{"type":"Column","items":[
                        {"type":"RichTextBlock","inlines":["Questions? ",{"type":"TextRun","text":"Call us.","weight":"Bolder"}]}]}]},
                      {"type":"Image","url":"https://x/logo.png","altText":"logo"}],
                    "actions":[{"type":"Action.OpenUrl","title":"Manage booking","url":"https://x/b"}]}}}}},
                   "traceId":"%s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("Booking confirmed\nOrder\nORD_77\nDate\n24 Dec\nQuestions? \nCall us.");
        assertThat(turn.buttons()).isEmpty();
    }

    @Test
    @DisplayName("rich content nested as an Intent Default Reply's, in data._data._cognigy._default, is said and offered as"
            + " at data._cognigy._default; the flow's report sharing its output with such a payload is an answer")
    void defaultReplyNesting() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":null,"data":{"_data":{"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"Which size?",
                      "quickReplies":[{"title":"Small","payload":"SIZE_S","contentType":"postback"}]}}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":"","data":{"_data":{"_cognigy":{"_default":{"_gallery":{"type":"carousel","fallbackText":"Our shoes",
                      "items":[{"title":"Runner","subtitle":"light and fast","buttons":[]}]}}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("Which size?\nRunner\nlight and fast");
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Small", "SIZE_S"));

        server.enqueue(json("""
                {"outputStack":[{"text":"","data":{"intent":"size","flowName":"Shoes","_data":{"_cognigy":{"_default":{
                  "_buttons":{"type":"buttons","text":"","buttons":[{"title":"Agent","payload":"HANDOVER","type":"postback"}]}}}}},
                  "source":"bot"}]}"""));
        TurnResult shared = backend.send(request(1, null));
        assertThat(shared.failure()).isNull();
        assertThat(shared.turns()).singleElement().satisfies(offered -> {
            assertThat(offered.intent()).isEqualTo("size");
            assertThat(offered.buttons()).containsExactly(new BotChoice("Agent", "HANDOVER", "postback"));
        });
    }

    @Test
    @DisplayName("an output whose quick replies and buttons both carry its text says it once; another output saying it again says it again")
    void quickRepliesAndButtonsOfOneOutput() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[
                  {"text":null,"data":{"_cognigy":{"_default":{
                    "_quickReplies":{"type":"quick_replies","text":"What would you like to do?",
                      "quickReplies":[{"title":"Track order","payload":"where is my order","contentType":"postback"}]},
                    "_buttons":{"type":"buttons","text":"What would you like to do?",
                      "buttons":[{"title":"Website","payload":null,"type":"web_url","url":"https://example.com/contact"}]}}}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":"What would you like to do?","data":{},"traceId":"%1$s","source":"bot"}],
                 "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(TRACE)));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.text()).isEqualTo("What would you like to do?\nWhat would you like to do?");
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("Track order", "where is my order"));
        assertThat(turn.buttons()).containsExactly(new BotChoice("Website", "https://example.com/contact", "web_url"));
    }

    @Test
    @DisplayName("item 4: each output's data is kept as plain maps; empty data is not")
    void outputData() {
        server.enqueue(json("""
                {"outputStack":[{"text":"Hi","data":{},"source":"bot"},
                  {"text":null,"data":{"order":{"id":"ORD_99","items":[1,2],"gift":null}},"source":"bot"}]}"""));
        BotTurn turn = backend.send(request(1, null)).turns().get(0);
        assertThat(turn.outputData()).hasSize(1);
        assertThat(turn.outputData().get(0).get("order")).asInstanceOf(InstanceOfAssertFactories.map(String.class,
                Object.class)).containsEntry("id", "ORD_99").containsEntry("items", List.of(1, 2)).containsEntry("gift", null);
        assertThat(Optional.ofNullable(turn.text())).contains("Hi");
    }

    @Test
    @DisplayName("outputs that show nothing are no answer: blank text and empty data, or the Code node's report alone;"
            + " the report carrying a channel payload, or a reported error, is a turn")
    void silentOutputs() {
        server.enqueue(json("""
                {"text":"","data":{},"outputStack":[{"text":"  ","data":{},"traceId":"%s","source":"bot"},
                  {"text":null,"data":null,"traceId":"%1$s","source":"bot"}],"userId":"usr_qa01","sessionId":"ses_1"}"""
                .formatted(TRACE)));
        TurnResult empty = backend.send(request(1, "ses_1"));
        assertThat(empty.turns()).isEmpty();
        assertThat(empty.status()).isEqualTo("completed");
        assertThat(empty.simulationId()).isEqualTo(TRACE);
        assertThat(empty.failure()).isEqualTo("its outputs carry no text, rich content or data");

        server.enqueue(json("""
                {"outputStack":[{"text":null,"data":{"intent":null,"intentScore":null,"intentFlow":null,
                  "flowName":"Main Flow","slots":{},"state":""},"source":"bot"}]}"""));
        assertThat(backend.send(request(1, null)).failure())
                .isEqualTo("its flow reported no intent in flow \"Main Flow\" but output nothing");

        server.enqueue(json("""
                {"outputStack":[{"text":"","data":{"intent":"size","flowName":"Shoes","_cognigy":{"_default":{"_quickReplies":
                  {"type":"quick_replies","text":"","quickReplies":[{"title":"Small","payload":"SIZE_S"}]}}}},"source":"bot"}]}"""));
        BotTurn offered = backend.send(request(1, null)).turns().get(0);
        assertThat(offered.intent()).isEqualTo("size");
        assertThat(offered.quickReplies()).containsExactly(new BotChoice("Small", "SIZE_S"));

        server.enqueue(json("""
                {"outputStack":[{"text":null,"data":{"intent":"refund","flowName":"Refunds",
                  "error":{"code":"ENTITY_NOT_FOUND","message":"no order_id"}},"source":"bot"}]}"""));
        TurnResult error = backend.send(request(1, null));
        assertThat(error.status()).isEqualTo("failed");
        assertThat(error.turns()).singleElement().extracting(BotTurn::errorCode).isEqualTo("ENTITY_NOT_FOUND");
    }
}
