package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's run that was slow: its REST Endpoint throttled one test's message twice. Surefire's
 * XML keeps no report entries, so what a partner's support reads is results.json and index.html: each says, for that
 * test, which request was retried, what it met and how long the engine waited, and no other test's result claims any.
 */
class RetryLogReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "c0ffee5b1e9d7c2a4f6e8d0b1a3c5e7f9";
    private static final String ANSWER = """
            {"outputStack":[{"text":"ok","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
             {"text":null,"data":{"intent":"reset_password","intentScore":0.9,"flowName":"Support Main","slots":{}},
              "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],"userId":"u","sessionId":"s"}""";

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @Test
    @DisplayName("a test whose message met two 429s before its answer has retry_log in results.json, a line per retry naming"
            + " the request, the status and the wait, and index.html shows them under Retries with the count in its summary;"
            + " a test without retries has neither, and the endpoint's token is in none of them")
    void retriesRecordedPerResult(@TempDir Path dir) throws Exception {
        Path suite = Files.writeString(dir.resolve("support.sim.yaml"), """
                version: 1
                bot: support
                cases:
                  - id: test_throttled
                    utterance: reset my password
                    expect: { intent: reset_password }
                  - id: test_smooth
                    utterance: I forgot my password
                    expect: { intent: reset_password }
                """);
        try (MockWebServer endpoint = LoopbackServers.mockWebServer()) {
            endpoint.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
            endpoint.enqueue(new MockResponse.Builder().code(429).build());
            for (int i = 0; i < 2; i++) {
                endpoint.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(ANSWER).build());
            }
            endpoint.start();
            org.junit.platform.testkit.engine.EngineExecutionResults run = EngineTestSupport.kit(EngineTestSupport.realBackends(
                            Map.of(Constants.ENDPOINT_URL_ENV, endpoint.url("/" + TOKEN).toString()), clock, sleeper), sleeper)
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    // One message at a time, in file order: the first test meets the refusals.
                    .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(selectFile(suite.toFile())).execute();
            assertThat(EngineTestSupport.failureMessages(run)).isEmpty();
            run.testEvents().assertStatistics(stats -> stats.succeeded(2));
        }
        Path reports = dir.resolve("reports");
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());
        JsonNode throttled = result(results, "test_throttled");
        JsonNode smooth = result(results, "test_smooth");

        assertThat(throttled.path("retries").asInt()).isEqualTo(2);
        List<String> log = new ArrayList<>();
        throttled.path("retry_log").forEach(line -> log.add(line.asString()));
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).contains("429", "retried after 2.0 s").startsWith("POST ");
        assertThat(log.get(1)).contains("429", "retried after").startsWith("POST ");
        assertThat(smooth.path("retries").asInt()).isZero();
        assertThat(smooth.has("retry_log")).as("a result without retries has no retry_log").isFalse();

        String html = Files.readString(reports.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains(" · 2 retries</span></summary>")
                .contains("<p class=\"label\">Retries</p><pre>1. " + HtmlEscape.of(log.get(0)) + "\n2. " + HtmlEscape.of(log.get(1)) + "</pre>");
        assertThat(html.split("<p class=\"label\">Retries</p>", -1)).as("one result shows retries").hasSize(2);

        String written = Files.readString(reports.resolve("results.json"), StandardCharsets.UTF_8) + html;
        assertThat(written).doesNotContain(TOKEN);
    }

    private static JsonNode result(JsonNode results, String testId) {
        for (JsonNode r : results.path("results")) {
            if (r.path("test_id").asString().equals(testId)) return r;
        }
        throw new AssertionError("no result " + testId);
    }

    /** Text as index.html writes it: the five characters HTML gives meaning escaped. */
    private static final class HtmlEscape {
        static String of(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
        }
    }
}
