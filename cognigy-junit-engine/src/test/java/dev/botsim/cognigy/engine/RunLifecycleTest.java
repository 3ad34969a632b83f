package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.lifecycle.RunNotStartedException;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The run's start and end as the engine node drives them, seen from outside the engine. */
class RunLifecycleTest {

    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    private final ScriptedBackend backend = new ScriptedBackend();

    @Test
    @DisplayName("item 12: the configuration is read once per run, at discovery; the worker pool and the run both use that reading")
    void configurationReadOnce() {
        AtomicInteger secretLookups = new AtomicInteger();
        EngineServices services = new EngineServices(name -> {
            if (name.equals(Constants.CLIENT_SECRET_ENV)) secretLookups.incrementAndGet();
            return null;
        }, config -> backend, Clock.systemUTC());

        EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(3));

        assertThat(secretLookups).as("environment lookups of " + Constants.CLIENT_SECRET_ENV).hasValue(1);
    }

    @Test
    @DisplayName("item 12: discovery lists the tests over a configuration the run refuses; the run then fails with its one message")
    void discoveryOverARefusedConfiguration() {
        EngineDiscoveryResults discovered = EngineTestSupport.kit(backend)
                .configurationParameter(Constants.MAX_CONCURRENCY, "0")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).discover();

        assertThat(discovered.getDiscoveryIssues()).isEmpty();
        assertThat(discovered.getEngineDescriptor().getDescendants()).filteredOn(d -> d.isTest()).hasSize(3);
        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .configurationParameter(Constants.MAX_CONCURRENCY, "0")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        assertThat(engineFailure(results)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Constants.MAX_CONCURRENCY + "=0");
        assertThat(backend.schemaCalls).as("no backend made for a refused configuration").hasValue(0);
    }

    @Test
    @DisplayName("item 12: a run whose backend cannot start fails in one line; no test runs, no listener hears of it, the backend is closed")
    void backendClosedWhenTheStartFails() {
        ScriptedBackend refusing = new ScriptedBackend() {
            @Override
            public BotSchema schema() {
                throw new BackendException(BackendException.Kind.AUTHENTICATION, "credentials refused; check COGNIGY_CLIENT_SECRET");
            }
        };
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = EngineTestSupport.kit(refusing, listener)
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(engineFailure(results)).isInstanceOf(RunNotStartedException.class)
                .hasMessage("the run did not start: credentials refused; check COGNIGY_CLIENT_SECRET");
        assertThat(refusing.closed).hasValue(1);
        assertThat(listener.runs).isEmpty();
    }

    @Test
    @DisplayName("item 12: every line the engine prints — audit, webhook, summary — goes to the console its services give, none to System.out")
    void consoleFromTheServices() throws Exception {
        ByteArrayOutputStream given = new ByteArrayOutputStream();
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (MockWebServer receiver = LoopbackServers.mockWebServer();
             PrintStream console = new PrintStream(given, true, StandardCharsets.UTF_8);
             PrintStream captured = new PrintStream(systemOut, true, StandardCharsets.UTF_8)) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            System.setOut(captured);
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get,
                            config -> backend, Clock.systemUTC()).withConsole(console)))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute()
                    .testEvents().assertStatistics(stats -> stats.started(3));
        } finally {
            System.setOut(out);
        }

        assertThat(given.toString(StandardCharsets.UTF_8).lines()).anyMatch(l -> l.startsWith("[cognigy] audit: record 0 appended"))
                .anyMatch(l -> l.startsWith("[cognigy] webhook: delivered msg_batch_"))
                .anyMatch(l -> l.startsWith("[cognigy] governance: "))
                .anyMatch(l -> l.startsWith("[cognigy] results: "));
        assertThat(systemOut.toString(StandardCharsets.UTF_8)).doesNotContain("[cognigy]");
    }

    @Test
    @DisplayName("item 12: at the run's end the listeners come after the audit record, the reports and the summary, and before the webhook is sent")
    void endOfRunOrder() throws Exception {
        Path reports = dir.resolve("reports");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer receiver = LoopbackServers.mockWebServer();
             PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            SimulationListener atTheEnd = new SimulationListener() {
                @Override
                public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
                    seen.add("audit checkpoint " + (summary.audit() == null ? "missing" : summary.audit().records()));
                    // The run's own results, not the marker written as it began ("running": true, no summary).
                    seen.add("results.json " + (finishedResults(reports.resolve("results.json")) ? "written" : "missing"));
                    seen.add("summary " + (console.toString(StandardCharsets.UTF_8).contains("[cognigy] governance:") ? "printed" : "missing"));
                    seen.add("webhook requests " + receiver.getRequestCount());
                }
            };
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get,
                            config -> backend, Clock.systemUTC()).withConsole(out).withListeners(atTheEnd)))
                    .configurationParameter(Constants.REPORT_DIR, reports.toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
            assertThat(receiver.getRequestCount()).as("webhook sent after the listeners").isEqualTo(1);
        }

        assertThat(seen).containsExactly("audit checkpoint 1", "results.json written", "summary printed", "webhook requests 0");
    }

    /** The engine node's failure. */
    private static Throwable engineFailure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().getSegments().size() == 1)
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow();
    }

    private static boolean finishedResults(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("\"summary\"") && !text.contains("\"running\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }

}
