package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A voice bot behind Cognigy Voice Gateway, tested through a REST Endpoint: its Say nodes write SSML in the default
 * channel's text, which the REST Endpoint returns as written in {@code outputStack[].text}; the text checks read it as
 * the caller hears it, and reports show it as the bot sent it.
 */
class VoiceBotEndpointTest {

    private static final String TRACE = "endpoint-httpIncomingMessage-0c2d6a1e-5b7f-4c1a-9e8d-3f2a1b0c9d8e";

    private static final String BALANCE = "<speak>Your balance is <say-as interpret-as=\\\"currency\\\">$42.10</say-as>"
            + "<break time=\\\"500ms\\\"/> Anything else?</speak>";

    private static final String GOODBYE = "<speak>Thank you for calling ACME &amp; Co. <break time=\\\"300ms\\\"/>Goodbye!</speak>";

    /**
     * A tenant's REST Endpoint answer: a Say node's output, and the Code node's report ({@code api.output(null, …)}); for
     * "that's all" also a Code node's custom Voice Gateway verb, a data-only output ending the call.
     */
    private static String answer(String text, String intent, String extraOutput) {
        return """
                {"text":"%2$s","data":{},"outputStack":[
                  {"text":"%2$s","data":{},"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},%4$s
                  {"text":null,"data":{"intent":"%3$s","intentScore":0.91,"flowName":"Voice Main","slots":{}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE, text, intent, extraOutput);
    }

    @Test
    @DisplayName("through a REST Endpoint, a Say node's SSML answer in outputStack[].text is checked as spoken by"
            + " response_contains, response_not_contains, response_length and response_matches, a failure quotes it as"
            + " sent; call metadata goes as the message's data, and a data-only output ending the call is asserted by"
            + " response_data")
    void ssmlAnswersThroughTheRestEndpoint(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("voice.sim.yaml");
        Files.writeString(data, """
                version: 1
                cases:
                  - id: test_balance
                    utterance: what is my balance
                    data:
                      numberMetaData: { number: "+4921154591991", country: DE, type: MOBILE }
                    expect:
                      intent: check_balance
                      response_contains: Your balance is $42.10
                      response_not_contains: [currency, say-as]
                      response_length: { max: 40 }
                      response_matches: 'balance is \\$\\d+\\.\\d{2} Anything else'
                  - id: test_goodbye
                    utterance: that's all
                    expect:
                      response_contains: ACME & Co. Goodbye!
                      response_data: { _cognigy: { _voiceGateway2: { json: { verb: hangup } } } }
                  - id: test_wrong_amount
                    utterance: how much money do I have
                    expect:
                      response_contains: Your balance is $41
                conversations:
                  - id: test_known_caller
                    data:
                      numberMetaData: { number: "+4921154591991", country: DE, countryCallingCode: "49", valid: true, type: MOBILE }
                    turns:
                      - say: what's my balance please
                        expect: { response_contains: Your balance is }
                      - data: { event: RECOGNIZED_DTMF, payload: { digits: "1234", reason: dtmfDetected } }
                        expect: { response_contains: PIN accepted }
                """);
        Map<String, JsonNode> sent = new ConcurrentHashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    JsonNode body = json.readTree(request.getBody().utf8());
                    // A data-only message (a call event) has no text.
                    String text = body.path("text").isString() ? body.path("text").stringValue() : "";
                    sent.put(text, body);
                    String answer = text.isEmpty() ? answer("<speak>PIN <emphasis>accepted</emphasis>.</speak>", "pin", "")
                            : text.equals("that's all") ? answer(GOODBYE, "goodbye",
                            "{\"text\":null,\"data\":{\"_cognigy\":{\"_voiceGateway2\":{\"json\":{\"verb\":\"hangup\","
                                    + "\"headers\":{\"X-Reason\":\"caller done\"}}}}},\"traceId\":\"" + TRACE + "\",\"source\":\"bot\"},")
                            : answer(BALANCE, "check_balance", "");
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(answer).build();
                }
            });
            server.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/7c1e0d9f8a214b1eVoiceToken").toString());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get,
                            Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(selectFile(data.toFile())).execute();

            List<String> failures = EngineTestSupport.failureMessages(results);
            assertThat(failures).singleElement().asString().contains("test_wrong_amount",
                    "[response] expected to contain \"Your balance is $41\" (ignoring case and typography) but did not:"
                            + " \"<speak>Your balance is <say-as interpret-as=\"currency\">$42.10</say-as><break"
                            + " time=\"500ms\"/> Anything else?</speak>\" (SSML, read as spoken: \"Your balance is $42.10"
                            + " Anything else?\")");
            results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
            // The call's metadata went as input.data, as Voice Gateway puts it there; a conversation's with each turn, and a
            // call event as a data-only message beside it.
            assertThat(sent.get("what is my balance").path("data").path("numberMetaData").path("number").stringValue())
                    .isEqualTo("+4921154591991");
            assertThat(sent.get("what's my balance please").path("data").path("numberMetaData").path("type").stringValue())
                    .isEqualTo("MOBILE");
            JsonNode event = sent.get("").path("data");
            assertThat(event.path("event").stringValue()).isEqualTo("RECOGNIZED_DTMF");
            assertThat(event.path("payload").path("digits").stringValue()).isEqualTo("1234");
            assertThat(event.path("numberMetaData").path("country").stringValue()).isEqualTo("DE");
            // The report keeps the answer as the bot sent it.
            JsonNode report = json.readTree(dir.resolve("reports/results.json").toFile());
            assertThat(report.toString()).contains("<say-as interpret-as=\\\"currency\\\">$42.10</say-as>");
        }
    }
}
