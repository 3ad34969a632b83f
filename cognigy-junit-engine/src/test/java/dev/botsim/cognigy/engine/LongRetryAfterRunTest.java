package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A tenant that starts refusing mid-run with {@code 429 Retry-After: 3600} has said when it will take requests again:
 * the test told fails at once, and so does every later one, without a request of its own. When the hold ends is
 * {@code transport.RetriesTest}'s.
 */
class LongRetryAfterRunTest {

    private static final int CASES = 60;
    private static final int ANSWERED = 10;

    @TempDir
    Path dir;

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final AtomicInteger turns = new AtomicInteger();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("simulation API: after the first 429 asking for an hour, the remaining tests fail naming it and send nothing")
    void simulationApi() throws IOException {
        EngineExecutionResults results = run("simulation");

        results.testEvents().assertStatistics(stats -> stats.started(CASES).succeeded(ANSWERED).failed(CASES - ANSWERED));
        assertThat(turns).as("the answered submissions and the one refused").hasValue(ANSWERED + 1);
        List<String> messages = EngineTestSupport.answerFailures(results);
        assertThat(messages.get(0)).isEqualTo("POST /api/bot/simulate answered 429 and asked to retry after 3600 s, longer than"
                + " the 300 s a request waits (cognigy.retry.longest-wait); lower cognigy.execution.max-concurrency or ask for a"
                + " higher rate limit");
        assertThat(messages.subList(1, messages.size())).allSatisfy(message -> assertThat(message).isEqualTo(
                "POST /api/bot/simulate not sent: the server asked for no request before 2026-11-24T11:00:00Z (" + messages.get(0) + ")"));
        assertThat(sleeper.waits()).as("no test waited for the hour").isEmpty();
    }

    @Test
    @DisplayName("REST Endpoint: after the first 429 asking for an hour, the remaining tests fail naming it and send nothing")
    void endpoint() throws IOException {
        EngineExecutionResults results = run("endpoint");

        results.testEvents().assertStatistics(stats -> stats.started(CASES).succeeded(ANSWERED).failed(CASES - ANSWERED));
        assertThat(turns).hasValue(ANSWERED + 1);
        List<String> messages = EngineTestSupport.answerFailures(results);
        assertThat(messages.get(0)).startsWith("POST to the REST Endpoint answered 429 and asked to retry after 3600 s");
        assertThat(messages.subList(1, messages.size())).allSatisfy(message -> assertThat(message).isEqualTo(
                "POST to the REST Endpoint not sent: the server asked for no request before 2026-11-24T11:00:00Z ("
                        + messages.get(0) + ")"));
    }

    private EngineExecutionResults run(String backend) throws IOException {
        server.setDispatcher(new Tenant());
        EngineTestSupport.greetingSuite(dir.resolve("suite"), CASES);
        return kit(backend).execute();
    }

    private EngineTestKit.Builder kit(String backend) throws IOException {
        server.start();
        Map<String, String> environment = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "secret-1",
                Constants.ENDPOINT_URL_ENV, server.url("/f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b").toString());
        return EngineTestSupport.kit(EngineTestSupport.realBackends(environment, clock, sleeper), sleeper)
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                // One at a time: the test after the refused one is sent after the refusal came.
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "1ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectDirectory(dir.resolve("suite").toFile()));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** The simulation API and a REST Endpoint answering greetings; from turn {@link #ANSWERED} + 1 on, 429 for an hour. */
    private class Tenant extends Dispatcher {
        private final AtomicInteger simulations = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            return switch (path) {
                case "/api/oauth/token" -> json(200, "{\"access_token\":\"tok-1\",\"expires_in\":7200,\"token_type\":\"Bearer\"}");
                case "/api/bot/info" -> json(200, "{\"name\":\"order-bot\",\"flows\":[{\"id\":\"flow_greeting\",\"deployed\":true}],"
                        + "\"intents\":[\"greeting\"]}");
                case "/api/bot/entities" -> json(200, "[]");
                default -> path.startsWith("/api/bot/simulation/") ? json(200, "{\"status\":\"completed\",\"turns\":[{\"turnIndex\":0,"
                        + "\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello!\"}]}")
                        : turn(request);
            };
        }

        MockResponse turn(RecordedRequest request) {
            if (turns.incrementAndGet() > ANSWERED) return refusal();
            if (request.getUrl().encodedPath().equals("/api/bot/simulate")) {
                return json(202, "{\"simulationId\":\"sim_" + simulations.incrementAndGet() + "\",\"status\":\"queued\"}");
            }
            return json(200, """
                    {"text":"Hello!","data":{},"outputStack":[
                      {"text":"Hello!","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                      {"text":null,"data":{"intent":"greeting","intentScore":0.91,"flowName":"flow_greeting","slots":{}},
                       "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],
                     "userId":"usr_cognigyjunit","sessionId":"ses_1"}""");
        }

        MockResponse refusal() {
            return new MockResponse.Builder().code(429).setHeader("Retry-After", "3600")
                    .setHeader("Content-Type", "application/json").body("{\"error\":\"Too Many Requests\"}").build();
        }
    }
}
