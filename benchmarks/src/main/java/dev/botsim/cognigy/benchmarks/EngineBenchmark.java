package dev.botsim.cognigy.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.Constants;
import dev.botsim.cognigy.engine.backend.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

/**
 * The engine, launched through the JUnit Launcher API as Surefire launches it, against the sandbox
 * over loopback HTTP. Prints per scenario: wall time, the lower bound the server allows, their
 * ratio, HTTP requests and status polls per simulation, 429s, peak in flight and peak heap.
 *
 * <p>Arguments: scenario names ({@code S1 S2 S3 S4}, default all) or {@code smoke} for a short run.
 */
public final class EngineBenchmark {

    private static final String BOT = """
            bot: bench
            entities: [{name: order_id, pattern: "ORD_[0-9]+"}]
            flows:
              - id: flow_order
                intents: [{name: check_order, examples: [where is my order, track my package]}]
                responses: ["Order {order_id} is on its way", "Which order?"]
            """;

    /** A scenario: simulations, processing time, server capacity, engine concurrency. */
    record Scenario(String name, int simulations, Duration processing, int capacity, int concurrency, int files) {

        double lowerBoundSeconds() {
            double waves = Math.ceil((double) simulations / Math.min(capacity, concurrency));
            return waves * processing.toMillis() / 1000.0;
        }
    }

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> all = List.of(
                new Scenario("S1", 1000, Duration.ofMillis(300), 50, 50, 10),
                new Scenario("S2", 1000, Duration.ofMillis(300), 50, 64, 10),
                new Scenario("S3", 10_000, Duration.ZERO, Integer.MAX_VALUE, 64, 100),
                new Scenario("smoke", 100, Duration.ofMillis(50), 20, 20, 2),
                new Scenario("S1-one-file", 1000, Duration.ofMillis(300), 50, 50, 1));
        List<String> chosen = args.length == 0 ? List.of("S1", "S2", "S3") : List.of(args);
        for (String name : chosen) {
            run(all.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no scenario " + name)));
        }
    }

    private static void run(Scenario scenario) throws IOException {
        Path dir = Files.createTempDirectory("cognigy-bench");
        writeFiles(dir, scenario);
        SandboxOptions options = SandboxOptions.defaults().withCredentials("bench-client", "bench-secret")
                .withProcessingTime(scenario.processing()).withThreads(16);
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT, "bench.yaml"), options)) {
            sandbox.faults().capacity(scenario.capacity());
            Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "bench-client", Constants.CLIENT_SECRET_ENV, "bench-secret");
            CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()));
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                    .addTestEngines(engine).build());
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectDirectory(dir.toFile()))
                    .configurationParameter(Constants.BACKEND, "simulation")
                    .configurationParameter(Constants.BASE_URL, sandbox.baseUrl())
                    .configurationParameter(Constants.MAX_CONCURRENCY, String.valueOf(scenario.concurrency()))
                    .configurationParameter(Constants.POLL_TIMEOUT, "60s")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .build();
            resetPeakHeap();
            long discoveryStart = System.nanoTime();
            TestPlan plan = launcher.discover(request);
            double discovery = (System.nanoTime() - discoveryStart) / 1e9;
            long tests = plan.countTestIdentifiers(t -> t.isTest());
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            long start = System.nanoTime();
            launcher.execute(plan, summary);
            double wall = (System.nanoTime() - start) / 1e9;
            TestExecutionSummary result = summary.getSummary();
            SandboxStats stats = sandbox.stats();
            long http = stats.requests("token") + stats.requests("info") + stats.requests("entities")
                    + stats.requests("submit") + stats.requests("status");
            double bound = scenario.lowerBoundSeconds();
            System.out.printf(Locale.ROOT, "%s: %d simulations (processing %d ms, capacity %s, concurrency %d): discovery %.2f s,"
                            + " wall %.2f s, lower bound %.2f s, ratio %s, %.0f simulations/s, HTTP requests/sim %.2f,"
                            + " status polls/sim %.2f, 429s %d, peak in flight %d, peak heap %d MiB, passed %d, failed %d%n",
                    scenario.name(), tests, scenario.processing().toMillis(),
                    scenario.capacity() == Integer.MAX_VALUE ? "unlimited" : String.valueOf(scenario.capacity()),
                    scenario.concurrency(), discovery, wall, bound, bound > 0 ? String.format(Locale.ROOT, "%.2f", wall / bound) : "n/a",
                    tests / wall, (double) http / tests, (double) stats.requests("status") / tests, stats.tooManyRequests(),
                    stats.peakInFlight(), peakHeapMiB(), result.getTestsSucceededCount(), result.getTestsFailedCount());
        }
    }

    private static void writeFiles(Path dir, Scenario scenario) throws IOException {
        int perFile = scenario.simulations() / scenario.files();
        int id = 0;
        for (int f = 0; f < scenario.files(); f++) {
            List<String> lines = new ArrayList<>(List.of("version: 1", "flows: [flow_order]", "cases:"));
            for (int c = 0; c < perFile; c++, id++) {
                lines.add("  - id: test_case_" + id);
                lines.add("    utterance: where is my order ORD_" + id);
                lines.add("    expect: { intent: check_order, next_flow: flow_order, entities: { order_id: ORD_" + id + " } }");
            }
            Files.write(dir.resolve("bench-" + f + ".sim.yaml"), lines);
        }
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak >> 20;
    }
}
