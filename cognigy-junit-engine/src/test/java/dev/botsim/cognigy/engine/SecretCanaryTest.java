package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * S1/S2: a run with a unique client secret and access token — failing tests, a token rejected
 * mid-run, the most verbose logging — leaves neither in any log line, console output, report file
 * or exception, in plain, base64 or URL-encoded form.
 */
class SecretCanaryTest {

    private static final String SECRET = "cs-canary-5b1e9d7c2a";
    private static final String TOKEN = "at-canary-8d4f2b6e0c";
    private static final String WEBHOOK_KEY = "wh-canary-3c9e1a7f5b2d4e6f"; // 26 bytes: signing keys need at least 24
    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8));

    @Test
    @DisplayName("S1/S2: client secret, access token and webhook secret appear in no log, output, report, audit record, outbox, webhook or exception")
    void noSecretAnywhere(@TempDir Path reports) throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = new MockWebServer(); MockWebServer receiver = new MockWebServer()) {
            server.setDispatcher(new LeakyServer());
            server.start();
            for (int i = 0; i < 5; i++) receiver.enqueue(new MockResponse.Builder().code(503).build());
            receiver.start();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    seen.add(record.getMessage() + " " + record.getThrown());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger root = Logger.getLogger("");
            Level before = root.getLevel();
            root.setLevel(Level.ALL);
            root.addHandler(capture);
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8)) {
                System.setOut(both);
                System.setErr(both);
                Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "client-canary", Constants.CLIENT_SECRET_ENV, SECRET,
                        Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
                CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()));
                EngineExecutionResults results = EngineTestKit.engine(engine)
                        .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                        .configurationParameter(Constants.REPORT_DIR, reports.toString())
                        .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                        .configurationParameter(Constants.AUDIT_FILE, reports.resolve("audit.jsonl").toString())
                        .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                        .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, reports.resolve("outbox").toString())
                        .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "2")
                        .configurationParameter(Constants.WEBHOOK_BUDGET, "1s")
                        .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
                results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
                for (Event event : results.allEvents().list()) {
                    seen.add(event.toString());
                    event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).ifPresent(t -> {
                        StringWriter trace = new StringWriter();
                        t.printStackTrace(new PrintWriter(trace));
                        seen.add(trace.toString());
                    });
                }
            } finally {
                System.setOut(out);
                System.setErr(err);
                root.removeHandler(capture);
                root.setLevel(before);
            }
            seen.add(console.toString(StandardCharsets.UTF_8));
            for (int i = 0; i < receiver.getRequestCount(); i++) {
                RecordedRequest hook = receiver.takeRequest();
                seen.add(hook.getHeaders().toString());
                seen.add(hook.getBody().utf8());
            }
            assertThat(receiver.getRequestCount()).isEqualTo(2);
        }
        assertThat(Files.list(reports.resolve("outbox"))).hasSize(1);
        assertThat(Files.readString(reports.resolve("audit.jsonl"))).contains("\"type\":\"BATCH\"");
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) seen.add(read(file));
        }
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent");
        for (String canary : List.of(SECRET, TOKEN, WEBHOOK_KEY, WEBHOOK_SECRET)) {
            for (String form : forms(canary)) {
                assertThat(seen).as("no trace of %s", form).noneMatch(text -> text.contains(form));
            }
        }
    }

    static List<String> forms(String canary) {
        byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
        return List.of(canary, Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes),
                URLEncoder.encode(canary, StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server that echoes what it was sent (S3): token errors quote the form, answers quote the
     * Authorization header, and every bot answer is wrong, so every test fails with a message.
     */
    private static final class LeakyServer extends Dispatcher {
        private boolean rejectedOnce;

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String authorization = String.valueOf(request.getHeaders().get("Authorization"));
            if (path.equals("/api/oauth/token")) {
                return json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
            }
            if (path.equals("/api/bot/simulate") && !rejectedOnce) {
                rejectedOnce = true;
                return json(401, "{\"error\":\"invalid_token\",\"message\":\"rejected " + authorization + "\"}");
            }
            return switch (path) {
                case "/api/bot/info" -> json(200, "{\"name\":\"bot\",\"echo\":\"" + authorization + "\"}");
                case "/api/bot/entities" -> json(200, "[{\"name\":\"order_id\"}]");
                case "/api/bot/simulate" -> json(202, "{\"simulationId\":\"sim_" + request.getExchangeIndex() + "_" + request.getConnectionIndex() + "\"}");
                default -> json(200, "{\"simulationId\":\"sim\",\"status\":\"completed\",\"turns\":[{\"turnIndex\":0,"
                        + "\"flowId\":\"flow_other\",\"intent\":\"other\",\"text\":\"I heard " + authorization + "\"}]}");
            };
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
        }
    }
}
