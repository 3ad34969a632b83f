package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A whole run paced to an hour's budget of messages, through the engine's own REST Endpoint backend over real HTTP on a
 * virtual clock: the message beyond the budget leaves an hour after the first, the console says why the run waits, and
 * nothing is held back where no budget applies. The pacing itself is {@code MessagePacingTest}'s; this is the run around it.
 */
class PacedRunTest {

    private static final String TOKEN = "f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final List<Instant> received = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** Three messages, one at a time, to an endpoint answering each at once with the greeting intent. */
    private void run(String endpointPath, Map<String, String> parameters) throws IOException {
        Path data = Files.writeString(dir.resolve("three.sim.yaml"), """
                version: 1
                cases:
                  - { id: test_one, utterance: hello, expect: { intent: greeting } }
                  - { id: test_two, utterance: hi there, expect: { intent: greeting } }
                  - { id: test_three, utterance: good morning, expect: { intent: greeting } }
                """);
        try (MockWebServer endpoint = LoopbackServers.mockWebServer()) {
            endpoint.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    received.add(clock.instant());
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"outputStack\":[{\"text\":\"Hello!\",\"data\":{}}],\"data\":{},"
                                    + "\"intent\":\"greeting\",\"intentScore\":0.93}").build();
                }
            });
            endpoint.start();
            var kit = EngineTestSupport.kit(EngineTestSupport.realBackends(Map.of(Constants.ENDPOINT_URL_ENV,
                                    endpoint.url(endpointPath + TOKEN).toString()), clock, sleeper)
                            .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)), sleeper)
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString());
            parameters.forEach(kit::configurationParameter);
            kit.selectors(selectFile(data.toFile())).execute().testEvents().assertStatistics(stats -> stats.finished(3));
        }
    }

    @Test
    @DisplayName("cognigy.endpoint.max-messages-per-hour=2: the third message leaves an hour after the first, and the run says"
            + " it waits for the budget, naming the setting")
    void configuredBudget() throws IOException {
        run("/", Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "2"));
        assertThat(received).hasSize(3);
        assertThat(Duration.between(received.get(0), received.get(1))).isLessThan(Duration.ofMinutes(1));
        assertThat(Duration.between(received.get(0), received.get(2))).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR);
    }

    @Test
    @DisplayName("a test-mode URL is paced to its quota by default, which three messages stay within: none waits")
    void testModeWithinItsQuota() throws IOException {
        run("/test/", Map.of());
        assertThat(received).hasSize(3);
        assertThat(Duration.between(received.get(0), received.get(2))).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("a test-mode URL with cognigy.endpoint.max-messages-per-hour=0 is not paced at all, a configured budget of 1"
            + " paces it as any URL")
    void testModeConfigured() throws IOException {
        run("/test/", Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "0"));
        assertThat(Duration.between(received.get(0), received.get(2))).isLessThan(Duration.ofMinutes(1));
        received.clear();
        run("/test/", Map.of(Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, "1"));
        assertThat(Duration.between(received.get(0), received.get(1))).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(received.get(1), received.get(2))).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }
}
