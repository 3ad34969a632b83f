package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.socket.CognigySocketServer;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The URL token of {@code COGNIGY_SOCKET_URL} under {@code cognigy.backend=socket}: the connection carries it in its query
 * ({@code urlToken=…}) and in every {@code processInput} ({@code URLToken}), and an endpoint that echoes it — in the bot's
 * text, its intent and flow, an {@code error} or {@code exception} event, or the page refusing the WebSocket upgrade — leaves
 * it in no event, log record, console line, report, cassette, audit record or webhook payload.
 */
class SocketUrlTokenCanaryTest {

    private static final String TOKEN = "st-canary-4e8a2c6f1b9d";
    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("wh-canary-3c9e1a7f5b2d4e6f".getBytes(StandardCharsets.UTF_8));

    @Test
    @DisplayName("a Socket Endpoint that echoes its URL token in the bot's answer, intent, flow and error events leaves it in"
            + " no output, report, cassette, audit record or webhook")
    void echoedInFrames(@TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        Path reports = dir.resolve("reports");
        try (MockWebServer server = LoopbackServers.mockWebServer(); MockWebServer receiver = LoopbackServers.mockWebServer()) {
            for (int i = 0; i < 5; i++) receiver.enqueue(new MockResponse.Builder().code(503).build());
            receiver.start();
            AtomicReference<String> url = new AtomicReference<>();
            new CognigySocketServer(server, (socket, input, index) -> {
                switch (index) {
                    case 1 -> {
                        socket.send(output("you said " + input.get("text").stringValue() + " on " + url.get() + " (" + TOKEN + ")"));
                        socket.send(report("other_" + TOKEN, 0.5, "flow " + TOKEN));
                        socket.send(FINAL_PING);
                    }
                    case 2 -> socket.send("42[\"exception\",{\"message\":\"bad token " + TOKEN + "\"}]");
                    default -> socket.send("42[\"error\",{\"message\":\"bad token " + url.get() + "\"}]");
                }
            });
            server.start();
            url.set(server.url("/" + TOKEN).toString());
            Map<String, String> env = Map.of(Constants.SOCKET_URL_ENV, url.get(), Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = SecretCanaryTest.capturing(seen, () -> socketRun(env, dir, reports, "record")
                    .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, reports.resolve("outbox").toString())
                    .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "2")
                    .configurationParameter(Constants.WEBHOOK_BUDGET, "1s")
                    .execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(receiver.getRequestCount()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                RecordedRequest hook = receiver.takeRequest();
                seen.add(hook.getHeaders().toString());
                seen.add(hook.getBody().utf8());
            }
        }
        List<String> files = written(reports);
        assertThat(reports.resolve("outbox")).isNotEmptyDirectory();
        assertThat(String.join("\n", files)).contains("\"exchanges\"", "you said where is my order on http://localhost:");
        seen.addAll(files);
        assertThat(String.join("\n", seen)).contains("intent=other_****", "flow=flow ****", "bad token ****");
        SecretCanaryTest.assertNoTrace(seen, TOKEN);
    }

    @Test
    @DisplayName("a WebSocket upgrade refused with a page, a Location and a header quoting the connection's URL leaves the"
            + " URL token in no output or report")
    void echoedByTheRefusal(@TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        Path reports = dir.resolve("reports");
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                private int calls;

                @Override
                public synchronized MockResponse dispatch(RecordedRequest request) {
                    String called = request.getUrl().toString();
                    return switch (calls++ % 3) {
                        case 0 -> new MockResponse.Builder().code(403).setHeader("X-Denied", called)
                                .setHeader("Content-Type", "application/json")
                                .body("{\"error\":\"forbidden " + called + "\"}").build();
                        case 1 -> new MockResponse.Builder().code(302).setHeader("Location", called).body("moved " + called).build();
                        default -> new MockResponse.Builder().code(500).setHeader("Content-Type", "text/html")
                                .body("<p>" + called + "</p>").build();
                    };
                }
            });
            server.start();
            Map<String, String> env = Map.of(Constants.SOCKET_URL_ENV, server.url("/" + TOKEN).toString());
            EngineExecutionResults results = SecretCanaryTest.capturing(seen, () -> socketRun(env, dir, reports, "off").execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(server.getRequestCount()).isEqualTo(3);
            assertThat(server.takeRequest().getUrl().queryParameter("urlToken")).as("the token is sent").isEqualTo(TOKEN);
        }
        List<String> files = written(reports);
        assertThat(String.join("\n", files)).contains("answered HTTP 302 to the WebSocket upgrade", "answered HTTP 500 to the WebSocket upgrade");
        seen.addAll(files);
        assertThat(String.join("\n", seen)).contains("answered HTTP 403 to the WebSocket upgrade", "/****");
        SecretCanaryTest.assertNoTrace(seen, TOKEN);
    }

    @Test
    @DisplayName("the URL tokens of COGNIGY_SOCKET_URL_<LOCALE>, each quoted by every endpoint before and after its own"
            + " tests sent, appear in no output, report, cassette or audit record")
    void localeTokensEchoed(@TempDir Path dir) throws Exception {
        String deToken = "de-canary-7b3f9e1a5c2d";
        String frToken = "fr-canary-2c8a4e6b0d9f";
        List<String> seen = new ArrayList<>();
        Path reports = dir.resolve("reports");
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            AtomicReference<String> urls = new AtomicReference<>();
            new CognigySocketServer(server, (socket, input, index) -> {
                socket.send(output("endpoints here: " + urls.get()));
                socket.send(report("other", 0.5, "flow of " + urls.get()));
                socket.send(FINAL_PING);
            });
            server.start();
            Map<String, String> env = Map.of(Constants.SOCKET_URL_ENV, server.url("/" + TOKEN).toString(),
                    Constants.SOCKET_URL_ENV + "_DE_DE", server.url("/de/" + deToken).toString(),
                    Constants.SOCKET_URL_ENV + "_FR_FR", server.url("/fr/" + frToken).toString());
            urls.set(String.join(" ", env.values()));
            Path file = dir.resolve("orders.sim.yaml");
            Files.writeString(file, String.join("\n", "version: 1", "cases:",
                    "  - id: test_locale_default", "    utterance: hello there", "    expect: { intent: greeting }",
                    "  - id: test_locale_de", "    utterance: wo ist meine Bestellung", "    locale: de-DE",
                    "    expect: { intent: check_order }",
                    "  - id: test_locale_fr", "    utterance: où est ma commande", "    locale: fr-FR",
                    "    expect: { intent: check_order }", ""));
            EngineExecutionResults results = SecretCanaryTest.capturing(seen, () -> socketRun(env, dir, reports, "record")
                    // One at a time, in the file's order: the default endpoint quotes the locales' tokens before any of
                    // their tests has sent.
                    .configurationParameter(Constants.MAX_CONCURRENCY, "1").execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(results.testEvents().started().list().toString()).contains("test_locale_de", "test_locale_fr");
            assertThat(server.getRequestCount()).as("one socket per test").isEqualTo(3);
        }
        List<String> files = written(reports);
        assertThat(String.join("\n", files)).contains("\"exchanges\"", "endpoints here: http://localhost:");
        seen.addAll(files);
        assertThat(String.join("\n", seen)).contains("test_locale_de", "/de/****", "/fr/****");
        for (String token : List.of(TOKEN, deToken, frToken)) SecretCanaryTest.assertNoTrace(seen, token);
    }

    /**
     * The cases of {@code dir}'s {@code orders.sim.yaml} (three of them, written when it is not there) on the Socket
     * Endpoint {@code env} names, with reports, the HTTP trace and an audit trail.
     */
    private static EngineTestKit.Builder socketRun(Map<String, String> env, Path dir, Path reports, String replay) {
        Path file = dir.resolve("orders.sim.yaml");
        try {
            if (!Files.exists(file)) Files.writeString(file, String.join("\n", "version: 1", "cases:",
                    "  - id: test_a", "    utterance: where is my order", "    expect: { intent: check_order }",
                    "  - id: test_b", "    utterance: where is my order", "    expect: { intent: check_order }",
                    "  - id: test_c", "    utterance: where is my order", "    expect: { intent: check_order }", ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.SOCKET_TURN_TIMEOUT, "2s")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.HTTP_TRACE, "true")
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.REPLAY, replay)
                .configurationParameter(Constants.REPLAY_DIR, reports.resolve("cassettes").toString())
                .selectors(selectFile(file.toFile()));
    }

    /** Every file the run wrote, each with its path. */
    private static List<String> written(Path reports) throws java.io.IOException {
        assertThat(reports.resolve("audit.jsonl")).content().contains("\"type\":\"BATCH\"");
        try (Stream<Path> files = Files.walk(reports)) {
            return files.filter(Files::isRegularFile).map(f -> f + "\n" + SecretCanaryTest.read(f)).toList();
        }
    }
}
