package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

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
 * A bot answered in Cognigy's Webchat, whose Say nodes write HTML in their text ({@code <b>}, {@code <a href>},
 * {@code &#39;}): Webchat renders it, so the text checks read the answer as the chat shows it beside as written, and a
 * check meant to catch a forbidden phrase catches it in what the user sees.
 */
class WebchatHtmlAnswersTest {

    private static final String TRACE = "endpoint-httpIncomingMessage-5a7d2c1e-0b9f-4e3a-8c6d-2f1e0a9b8c7d";

    /** What the bot says to each utterance, as its Say node wrote it. */
    private static final Map<String, String> SAYS = Map.of(
            "can I get my money back", "We can&#39;t offer a <b>full</b> refund, but a voucher.",
            "where is the policy", "Read our <a href=\\\"https://shop.example/refund-policy\\\">refund policy</a>.<br>Anything else?");

    /** A tenant's REST Endpoint answer: a Say node's output, and the Code node's report ({@code api.output(null, …)}). */
    private static String answer(String text) {
        return """
                {"text":"%2$s","data":{},"outputStack":[
                  {"text":"%2$s","data":{},"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":null,"data":{"intent":"refund","intentScore":0.93,"flowName":"Main","slots":{}},
                   "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE, text);
    }

    @Test
    @DisplayName("an answer written with HTML is checked as Webchat shows it beside as written: response_not_contains finds"
            + " 'full refund' in 'a <b>full</b> refund' and \"can't offer\" in 'can&#39;t offer', response_contains,"
            + " response_contains_any, response_length and response_matches hold for what the chat shows, a phrase written"
            + " with markup or a link's address is found as written, and a failure quotes both; response_length max 0"
            + " holds for an answer of a payload alone")
    void htmlAnswersThroughTheRestEndpoint(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("webchat.sim.yaml");
        Files.writeString(data, """
                version: 1
                cases:
                  - id: test_forbidden_bold
                    utterance: can I get my money back
                    expect: { response_not_contains: full refund }
                  - id: test_forbidden_apostrophe
                    utterance: can I get my money back
                    expect: { response_not_contains: "can't offer" }
                  - id: test_rules_out_bold
                    utterance: can I get my money back
                    expect: { response_matches: '^(?s)(?!.*full refund)' }
                  - id: test_required
                    utterance: can I get my money back
                    expect:
                      response_contains: "can't offer a full refund"
                      response_contains_any: [store credit, full refund]
                      response_length: { max: 50 }
                      response_matches: "can't offer a full refund, but"
                  - id: test_markup
                    utterance: can I get my money back
                    expect:
                      response_contains: <b>full</b>
                      response_matches: '<b>\\w+</b>'
                  - id: test_link
                    utterance: where is the policy
                    expect:
                      response_contains: shop.example/refund-policy
                      response_contains_any: [refund policy. Anything else]
                      response_not_contains: [javascript, store credit]
                      response_length: { min: 38, max: 38 }
                  - id: test_no_text
                    utterance: show my voucher
                    expect: { response_length: { max: 0 }, response_data: { voucher: { code: V-10 } } }
                  - id: test_text_for_no_text
                    utterance: where is the policy
                    expect: { response_length: { max: 0 } }
                """);
        JsonMapper json = JsonMapper.builder().build();
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    JsonNode body = json.readTree(request.getBody().utf8());
                    String utterance = body.path("text").stringValue();
                    // A Code node's custom payload alone: an answer with no text.
                    String answer = utterance.equals("show my voucher") ? """
                            {"text":null,"data":{},"outputStack":[{"text":null,"data":{"voucher":{"code":"V-10"}},
                             "traceId":"%s","source":"bot"}],"userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE)
                            : answer(SAYS.get(utterance));
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(answer).build();
                }
            });
            server.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/3b8e1f0c7d2a4e5fWebchatToken").toString());
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get,
                            Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(selectFile(data.toFile())).execute();

            Map<String, String> failures = new TreeMap<>();
            for (Event failed : results.testEvents().failed().list()) {
                String id = failed.getTestDescriptor().getUniqueId().getLastSegment().getValue();
                failures.put(id, failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage());
            }
            assertThat(failures).containsOnlyKeys("test_forbidden_bold", "test_forbidden_apostrophe", "test_rules_out_bold",
                    "test_text_for_no_text");
            // max: 0 is a check of its own: an answer of a payload alone holds it, one with text fails it.
            assertThat(failures.get("test_text_for_no_text")).contains("[response length] expected at most 0 characters but"
                    + " was 38 characters as shown, its HTML markup not counted: \"Read our <a href=");
            assertThat(failures.get("test_forbidden_bold")).contains("[response] expected to contain none of [\"full refund\"]"
                    + " (ignoring case and typography) but contained [\"full refund\"]: \"We can&#39;t offer a <b>full</b> refund,"
                    + " but a voucher.\" (HTML, as a chat shows it: \"We can't offer a full refund, but a voucher.\")");
            assertThat(failures.get("test_forbidden_apostrophe")).contains("but contained [\"can't offer\"]",
                    "(HTML, as a chat shows it: \"We can't offer a full refund, but a voucher.\")");
            assertThat(failures.get("test_rules_out_bold")).contains("[response] expected to match the regular expression",
                    "(HTML, as a chat shows it: \"We can't offer a full refund, but a voucher.\")");
            results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(4).failed(4));
            // The report keeps the answer as the bot sent it.
            JsonNode report = json.readTree(dir.resolve("reports/results.json").toFile());
            assertThat(report.toString()).contains("We can&#39;t offer a <b>full</b> refund");
        }
    }
}
