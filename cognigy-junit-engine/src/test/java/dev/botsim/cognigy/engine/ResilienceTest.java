package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.PollingSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/** The engine and the simulation backend under load and refusals, counted at the server (MockWebServer). */
class ResilienceTest {

    private final List<MockWebServer> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        servers.forEach(MockWebServer::close);
    }

    private String serve(LoadedSimulationApi api) throws Exception {
        MockWebServer server = LoopbackServers.mockWebServer();
        server.setDispatcher(api);
        server.start();
        servers.add(server);
        return server.url("/").toString();
    }

    private Path cases(int count) throws Exception {
        List<String> lines = new ArrayList<>(List.of("version: 1", "flows: [flow_greeting]", "cases:"));
        for (int i = 0; i < count; i++) {
            lines.add("  - id: test_hello_" + i);
            lines.add("    utterance: hello number " + i);
            lines.add("    expect: { intent: greeting, next_flow: flow_greeting }");
        }
        return Files.write(dir.resolve("load.sim.yaml"), lines);
    }

    private EngineExecutionResults run(String baseUrl, Path file, int maxConcurrency) {
        Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "load-secret-123");
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "simulation")
                .configurationParameter(Constants.BASE_URL, baseUrl)
                .configurationParameter(Constants.MAX_CONCURRENCY, String.valueOf(maxConcurrency))
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(file.toFile())).execute();
    }

    @Test
    @DisplayName("H10: 200 simulations at once: the server never sees more in flight than max-concurrency, and sees that many")
    void peakInFlightAtTheServer() throws Exception {
        LoadedSimulationApi api = new LoadedSimulationApi(Duration.ofMillis(30)).holdUntilInFlight(20, Duration.ofSeconds(10));
        EngineExecutionResults results = run(serve(api), cases(200), 20);
        results.testEvents().assertStatistics(stats -> stats.started(200).succeeded(200));
        assertThat(api.created).hasValue(200);
        assertThat(api.peakInFlight.get()).isEqualTo(20);
    }

    @Test
    @DisplayName("H8: a third of the submissions acted on by the server but answered into a broken connection: every test"
            + " passes, and the server creates exactly one simulation per test, the retries carrying the same key")
    void lostAnswersCreateNoDuplicates() throws Exception {
        LoadedSimulationApi api = new LoadedSimulationApi(Duration.ofMillis(20));
        AtomicInteger submissions = new AtomicInteger();
        api.loseAnswer = () -> submissions.incrementAndGet() % 3 == 1;
        EngineExecutionResults results = run(serve(api), cases(30), 8);
        results.testEvents().assertStatistics(stats -> stats.started(30).succeeded(30));
        assertThat(api.answersLost.get()).isGreaterThanOrEqualTo(10);
        assertThat(api.created).as("simulations created at the server").hasValue(30);
    }

    @Test
    @DisplayName("every retry a test's message took is one of the test's report entries")
    void retriesAreReportEntries() throws Exception {
        LoadedSimulationApi api = new LoadedSimulationApi(Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();
        api.refuse = () -> calls.incrementAndGet() == 1;
        EngineExecutionResults results = run(serve(api), cases(1), 4);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        List<ReportEntry> entries = results.testEvents().reportingEntryPublished()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertThat(entries).singleElement().satisfies(entry -> assertThat(entry.getKeyValuePairs())
                .hasEntrySatisfying("cognigy.retry.1", line -> assertThat(line)
                        .startsWith("POST /api/bot/simulate answered 429; retried after ")));
    }

    private static SimulationApiBackend backend(String baseUrl, int maxConcurrency) {
        return new SimulationApiBackend(SimulationApiSettings.of(baseUrl, "client-1", Secret.of("load-secret-123"))
                .withScope("bot:read").withMaxConcurrency(maxConcurrency)
                .withPolling(new PollingSettings(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(50)))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(new RetrySettings(4, Duration.ofSeconds(60), Duration.ofMinutes(5))));
    }

    /** Sends {@code count} messages from {@code threads} callers at once; returns how many completed. */
    private static long sendAll(SimulationApiBackend backend, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TurnResult>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TurnRequest request = new TurnRequest("batch_test", "test_" + i, 1, "usr_qa01", "web", "hello", Map.of(), null, "key-" + i, null, Map.of());
                results.add(pool.submit(() -> backend.send(request)));
            }
            long completed = 0;
            for (Future<TurnResult> result : results) if ("completed".equals(result.get().status())) completed++;
            return completed;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Real time, deliberately: the storm is a span of time, and what is measured is how many
     * requests the client sends into it while its refused requests back off and its concurrency
     * limit shrinks. Counts, not durations, are asserted.
     */
    @Test
    @DisplayName("H6: a 429 storm (half the calls for 1.5 s): the limit is cut, requests stay within 1.2x the calm run's, every simulation completes")
    void rateLimitStorm() throws Exception {
        int simulations = 150;
        int threads = 8;
        LoadedSimulationApi calm = new LoadedSimulationApi(Duration.ZERO);
        SimulationApiBackend calmBackend = backend(serve(calm), threads);
        calmBackend.schema();
        assertThat(sendAll(calmBackend, simulations, threads)).isEqualTo(simulations);
        calmBackend.close();

        LoadedSimulationApi stormy = new LoadedSimulationApi(Duration.ZERO);
        long stormEnds = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        AtomicBoolean refuseNext = new AtomicBoolean();
        stormy.refuse = () -> System.nanoTime() < stormEnds && refuseNext.getAndSet(!refuseNext.get());
        SimulationApiBackend stormyBackend = backend(serve(stormy), threads);
        stormyBackend.schema();
        assertThat(sendAll(stormyBackend, simulations, threads)).isEqualTo(simulations);
        SimulationApiBackend.Counters counters = stormyBackend.counters();
        stormyBackend.close();

        assertThat(stormy.refused.get()).isPositive();
        assertThat(counters.rateLimited()).isEqualTo(stormy.refused.get());
        assertThat(counters.limitCuts()).isPositive();
        assertThat(counters.lowestLimit()).isLessThan(threads);
        assertThat(stormy.created).hasValue(simulations);
        assertThat((double) stormy.requests.get()).isLessThanOrEqualTo(1.2 * calm.requests.get());
    }

    /**
     * Item 19. Real time, like the storm: the server holds 10 simulations, the client may send 64.
     * Counted: every request the server sees, against the same load sent at a limit of 10.
     */
    @Test
    @DisplayName("item 19: against a server holding 10 of a limit of 64, the limit falls to what it holds and requests stay within 1.2x a run at 10")
    void smallServerLargeLimit() throws Exception {
        int simulations = 200;
        LoadedSimulationApi calm = new LoadedSimulationApi(Duration.ofMillis(50));
        calm.capacity = 10;
        SimulationApiBackend calmBackend = backend(serve(calm), 10);
        calmBackend.schema();
        assertThat(sendAll(calmBackend, simulations, 64)).isEqualTo(simulations);
        calmBackend.close();
        assertThat(calm.refused).hasValue(0);

        LoadedSimulationApi small = new LoadedSimulationApi(Duration.ofMillis(50));
        small.capacity = 10;
        SimulationApiBackend overloaded = backend(serve(small), 64);
        overloaded.schema();
        assertThat(sendAll(overloaded, simulations, 64)).isEqualTo(simulations);
        SimulationApiBackend.Counters counters = overloaded.counters();
        overloaded.close();

        System.out.printf("item 19: calm %d requests; overloaded %d requests (%.2fx), %d refused, limit cut %d times to %d%n",
                calm.requests.get(), small.requests.get(), (double) small.requests.get() / calm.requests.get(),
                small.refused.get(), counters.limitCuts(), counters.lowestLimit());
        assertThat(small.created).hasValue(simulations);
        assertThat(counters.lowestLimit()).isLessThanOrEqualTo(12);
        assertThat((double) small.requests.get()).isLessThanOrEqualTo(1.2 * calm.requests.get());
    }
}
