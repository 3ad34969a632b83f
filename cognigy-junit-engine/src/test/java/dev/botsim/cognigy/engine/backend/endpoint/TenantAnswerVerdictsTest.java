package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The verdicts a data file's expectations get from a tenant's REST Endpoint answering in its real, awkward shapes: each
 * case's utterance picks the answer, and what matters is whether the test passes, and what its failure says.
 */
class TenantAnswerVerdictsTest {

    private static final String TRACE = "endpoint-httpIncomingMessage-6a0d3c1e-9b7f-4e25-8c41-2f5a7d9e0b13";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    /** The answer to each utterance. */
    private final Map<String, MockResponse> answers = new LinkedHashMap<>();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** A Say node's output saying {@code said}, then the gated Code node's report, both of one request. */
    static String sayAndReport(String said, String report) {
        return """
                {"text":"%2$s","data":{},"outputStack":[
                  {"text":"%2$s","data":{},"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":null,"data":%3$s,"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE, said, report);
    }

    /**
     * Runs the cases ({@code id}, utterance, {@code expect} in flow style) against the answers, and gives each test's
     * outcome: {@code passed}, or its failure message.
     */
    Map<String, String> verdicts(String... cases) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                return answers.entrySet().stream().filter(answer -> body.contains("\"text\":\"" + answer.getKey() + "\""))
                        .map(Map.Entry::getValue).findFirst().orElse(new MockResponse.Builder().code(500).build());
            }
        });
        server.start();
        StringBuilder file = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < cases.length; i += 3) {
            file.append("  - id: ").append(cases[i]).append("\n    utterance: ").append(cases[i + 1])
                    .append("\n    expect: ").append(cases[i + 2]).append('\n');
        }
        Path path = dir.resolve("tenant.sim.yaml");
        Files.writeString(path, file.toString());
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/c4d9e2f7a1b84e3c9f0d6a5b").toString());
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(path.toFile())).execute();
        Map<String, String> verdicts = new TreeMap<>();
        results.testEvents().finished().stream().forEach(event -> {
            TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
            verdicts.put(event.getTestDescriptor().getUniqueId().getLastSegment().getValue(),
                    result.getThrowable().map(Throwable::getMessage).orElse("passed"));
        });
        return verdicts;
    }

    @Test
    @DisplayName("a slot Cognigy gives as a JSON number is compared by value, as the sandbox's simulation API compares it:"
            + " MONEY 12.50 holds for 12.5 and NUMBER 3.0 for 3; a number the bot sent as text stays exact")
    void numericSlotsByValue() throws Exception {
        answers.put("pay 12.50 for 3 tickets", json(sayAndReport("Paying 12.50 EUR.", """
                {"intent":"pay","intentScore":0.93,"intentFlow":null,"flowName":"Payments","slots":{
                  "MONEY":[{"value":12.5,"unit":"EUR"}],"NUMBER":[3],"order":[{"keyphrase":"007"}]},"state":""}""")));
        Map<String, String> verdicts = verdicts(
                "test_by_value", "pay 12.50 for 3 tickets", "{ entities: { MONEY: '12.50', NUMBER: '3.0' } }",
                "test_text_exact", "pay 12.50 for 3 tickets", "{ entities: { order: '7' } }");
        assertThat(verdicts.get("test_by_value")).isEqualTo("passed");
        assertThat(verdicts.get("test_text_exact")).contains("[entity order]", "expected: \"7\"", "but was: \"007\"");
    }

    @Test
    @DisplayName("an intent pointer aimed at an object is refused naming the key, never read as no intent: not_intent"
            + " would pass whatever the bot understood; an intent score written as text is that number")
    void conventionValuesOfAnotherType() throws Exception {
        answers.put("hello there", json(sayAndReport("Hi!", """
                {"intent":{"name":"greet","score":0.91},"intentScore":0.91,"flowName":"Main Flow","slots":{}}""")));
        answers.put("good morning", json(sayAndReport("Morning!", """
                {"intent":"greet","intentScore":"0.91","flowName":"Main Flow","slots":{}}""")));
        Map<String, String> verdicts = verdicts(
                "test_not_greet", "hello there", "{ not_intent: greet }",
                "test_score_as_text", "good morning", "{ intent: greet, intent_min_score: 0.8 }");
        assertThat(verdicts.get("test_not_greet")).contains("the output data's /intent (cognigy.endpoint.data.intent) is"
                + " an object, {\"name\":\"greet\",\"score\":0.91}, not the intent's name (input.intent): point"
                + " cognigy.endpoint.data.intent at the intent's name");
        assertThat(verdicts.get("test_score_as_text")).isEqualTo("passed");
    }

    @Test
    @DisplayName("an LLM answer streamed to the output, a sentence an output of one message (data._cognigy._messageId), is"
            + " one text as Webchat shows it; the output that only ends the message shows nothing, so a streamed answer"
            + " that said nothing is no answer, whatever the Code node reported")
    void streamedOutputs() throws Exception {
        String streamed = """
                {"text":"%2$s","data":{"_cognigy":{"_messageId":"%3$s"}},"traceId":"%1$s","source":"bot"}""";
        String finished = """
                {"text":"","data":{"_cognigy":{"_messageId":"%2$s","_finishReason":"stop"}},"traceId":"%1$s","source":"bot"}""";
        String report = """
                {"text":null,"data":{"intent":"order_status","intentScore":0.88,"flowName":"AI Agent","slots":{}},
                 "traceId":"%1$s","source":"bot"}""".formatted(TRACE);
        answers.put("where is ORD_99", json("{\"outputStack\":[" + streamed.formatted(TRACE, "Your order ORD_99 has shipped.", "m1")
                + "," + streamed.formatted(TRACE, " It arrives on Monday.", "m1") + "," + finished.formatted(TRACE, "m1")
                + "," + report + "]}"));
        answers.put("where is ORD_12", json("{\"outputStack\":[" + finished.formatted(TRACE, "m2") + "," + report + "]}"));
        Map<String, String> verdicts = verdicts(
                "test_across_sentences", "where is ORD_99", "{ intent: order_status, response_contains: 'shipped. It arrives' }",
                "test_one_line", "where is ORD_99", "{ response_matches: '^Your order ORD_99 has shipped\\. It arrives on Monday\\.$' }",
                "test_said_nothing", "where is ORD_12", "{ intent: order_status }");
        assertThat(verdicts.get("test_across_sentences")).isEqualTo("passed");
        assertThat(verdicts.get("test_one_line")).isEqualTo("passed");
        assertThat(verdicts.get("test_said_nothing")).contains("the bot gave no answer to \"where is ORD_12\"",
                "its flow reported intent \"order_status\" in flow \"AI Agent\" but output nothing");
    }

    @Test
    @DisplayName("an LLM's streamed answer in its own typography — a curly apostrophe, an en dash, a no-break space, a"
            + " paragraph chunk between sentences — is read as a reader sees it: response_not_contains finds the forbidden"
            + " text it forms, response_contains the text typed plainly")
    void streamedTypography() throws Exception {
        String streamed = """
                {"text":"%2$s","data":{"_cognigy":{"_messageId":"%3$s"}},"traceId":"%1$s","source":"bot"}""";
        String finished = """
                {"text":"","data":{"_cognigy":{"_messageId":"%2$s","_finishReason":"stop"}},"traceId":"%1$s","source":"bot"}""";
        answers.put("can I get my money back", json("{\"outputStack\":["
                + streamed.formatted(TRACE, "I’m sorry, we can’t offer a full\\u00a0refund.", "m1") + ","
                + streamed.formatted(TRACE, "\\n\\n", "m1") + ","
                + streamed.formatted(TRACE, "Returns are open Monday–Friday.", "m1") + ","
                + finished.formatted(TRACE, "m1") + "]}"));
        Map<String, String> verdicts = verdicts(
                "test_no_refusal", "can I get my money back", "{ response_not_contains: [\"can't offer\", full refund] }",
                "test_days", "can I get my money back", "{ response_contains: \"Monday-Friday\" }",
                "test_across_paragraphs", "can I get my money back", "{ response_contains: 'refund. Returns are open' }");
        assertThat(verdicts.get("test_no_refusal")).contains("expected to contain none of [\"can't offer\", \"full refund\"]",
                "but contained [\"can't offer\", \"full refund\"]");
        assertThat(verdicts.get("test_days")).isEqualTo("passed");
        assertThat(verdicts.get("test_across_paragraphs")).isEqualTo("passed");
    }

    @Test
    @DisplayName("a next_flow failing on a report that names the flow only by intentFlow, with no flowName and no management"
            + " API, says so and what to change; the reference id itself holds")
    void flowOnlyByReferenceId() throws Exception {
        answers.put("hi", json(sayAndReport("Hello!", """
                {"intent":"greet","intentScore":0.9,"intentFlow":"3f6a9d27-8c1e-4b54-a0f2-7d9e4c1b8a63","slots":{}}""")));
        Map<String, String> verdicts = verdicts(
                "test_by_name", "hi", "{ next_flow: Main Flow }",
                "test_by_reference", "hi", "{ next_flow: 3f6a9d27-8c1e-4b54-a0f2-7d9e4c1b8a63 }");
        assertThat(verdicts.get("test_by_reference")).isEqualTo("passed");
        assertThat(verdicts.get("test_by_name")).contains("[next flow", "expected: \"Main Flow\"", "The Code node reported the"
                + " turn's flow only by its reference id (intentFlow 3f6a9d27-8c1e-4b54-a0f2-7d9e4c1b8a63) and no flowName"
                + " (cognigy.endpoint.data.flow), and only the management API names a reference id, which is not"
                + " configured: next_flow holds for that reference id; to name the flow, report input.flowName in the Code"
                + " node or configure the management API (cognigy.management.url, cognigy.management.project-id,"
                + " COGNIGY_API_KEY); see docs/real-cognigy.md.");
    }

    @Test
    @DisplayName("a top-level text beside an outputStack a transformer emptied is what the bot said: response_contains"
            + " holds, where the answer was taken for no answer")
    void topLevelTextBesideEmptyStack() throws Exception {
        answers.put("where is my parcel", json("""
                {"text":"Your parcel arrives Monday.","data":{},"outputStack":[],"userId":"usr_1","sessionId":"ses_1"}"""));
        assertThat(verdicts("test_top_level_text", "where is my parcel", "{ response_contains: arrives Monday }"))
                .containsEntry("test_top_level_text", "passed");
    }

    @Test
    @DisplayName("a transformer that empties outputStack and leaves a top-level data holding the Code node's report beside"
            + " the message's own data (the test marker with it) is read as the outputs are: the report's quick replies are"
            + " what the bot said, a report alone is a turn that said nothing, naming what was reported, and the message's"
            + " own data alone is still no answer")
    void topLevelReportBesideTheMarker() throws Exception {
        String marker = "\"cognigyJunit\":{\"runId\":\"batch_r1\",\"testId\":\"tenant.sim.yaml#test\",\"turn\":1}";
        answers.put("where is my order", json("""
                {"text":"","data":{"intent":"order_status","intentScore":0.9,"flowName":"Orders","slots":{},%s,
                  "_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"Which order?",
                    "quickReplies":[{"title":"ORD_1","payload":"ORD_1","contentType":"postback"}]}}}},
                 "outputStack":[],"userId":"usr_1","sessionId":"ses_1"}""".formatted(marker)));
        answers.put("cancel my order", json("""
                {"text":"","data":{"intent":"cancel_order","intentScore":0.8,"flowName":"Orders","slots":{},%s},
                 "outputStack":[],"userId":"usr_1","sessionId":"ses_1"}""".formatted(marker)));
        answers.put("track my order", json("""
                {"text":"","data":{"orderId":"ORD_1",%s},"outputStack":[],"userId":"usr_1","sessionId":"ses_1"}"""
                .formatted(marker)));
        Map<String, String> verdicts = verdicts(
                "test_quick_replies", "where is my order", "{ intent: order_status, response_contains: Which order? }",
                "test_report_alone", "cancel my order", "{ intent: cancel_order }",
                "test_echo_alone", "track my order", "{ response_not_contains: ORD_2 }");
        assertThat(verdicts.get("test_quick_replies")).isEqualTo("passed");
        assertThat(verdicts.get("test_report_alone")).contains("the bot gave no answer to \"cancel my order\"",
                "its flow reported intent \"cancel_order\" in flow \"Orders\" but output nothing");
        assertThat(verdicts.get("test_echo_alone")).contains("the bot gave no answer to \"track my order\"");
    }

    @Test
    @DisplayName("a top-level data sent as a JSON text, as an output's may be, is the object it holds: its quick replies beside"
            + " an emptied outputStack, or with no outputStack and no text, are what the bot said, not no answer or a"
            + " protocol error")
    void topLevelDataAsJsonText() throws Exception {
        String payload = """
                {"_cognigy":{"_default":{"_quickReplies":{"text":"Which size?","quickReplies":[{"title":"Small","payload":"SIZE_S"}]}}}}""";
        // The object written as a JSON text: its quotes escaped, inside quotes.
        String data = "\"" + payload.replace("\"", "\\\"") + "\"";
        answers.put("a coffee please", json("{\"text\":\"\",\"data\":" + data + ",\"outputStack\":[]}"));
        answers.put("a tea please", json("{\"data\":" + data + "}"));
        Map<String, String> verdicts = verdicts(
                "test_beside_empty_stack", "a coffee please", "{ response_contains: Which size? }",
                "test_without_stack", "a tea please", "{ response_contains: Which size? }");
        assertThat(verdicts).containsEntry("test_beside_empty_stack", "passed").containsEntry("test_without_stack", "passed");
    }

    @Test
    @DisplayName("an output's text given as a number is what the bot said: response_contains holds for it")
    void numberAsText() throws Exception {
        answers.put("how many items", json("""
                {"outputStack":[{"text":3,"data":{},"traceId":"%s","source":"bot"}]}""".formatted(TRACE)));
        assertThat(verdicts("test_number_text", "how many items", "{ response_contains: '3' }"))
                .containsEntry("test_number_text", "passed");
    }

    @Test
    @DisplayName("a blank intent in the Code node's report is no intent: no_intent holds, where it failed as 'got  (no score)'")
    void blankIntentIsNone() throws Exception {
        answers.put("what is the weather", json(sayAndReport("Sorry, I can only help with orders.", """
                {"intent":"","intentScore":null,"intentFlow":"","flowName":"Main Flow","slots":{}}""")));
        assertThat(verdicts("test_out_of_scope", "what is the weather", "{ no_intent: true }"))
                .containsEntry("test_out_of_scope", "passed");
    }
}
