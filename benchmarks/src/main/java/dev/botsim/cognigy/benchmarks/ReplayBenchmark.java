package dev.botsim.cognigy.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;

/**
 * The sample suite ({@code samples/order-bot}'s data files) live, recorded and replayed ({@code cognigy.replay}), through
 * the simulation API of a sandbox over loopback HTTP whose simulations take {@code processing} each, as a tenant's take
 * time; the engine launched through the JUnit Launcher API as Surefire launches it. Prints one line per run: wall
 * time, the HTTP requests the sandbox received, and tests passed and failed.
 *
 * <p>Arguments: {@code processing=300ms} (default), {@code runs=N} (default 3), {@code sample=<folder>} (default
 * {@code samples/order-bot/src/test/resources}, relative to the working directory). One live run first, unmeasured.
 */
final class ReplayBenchmark {

    private static final String CLIENT_ID = "bench-client";
    private static final String CLIENT_SECRET = "bench-secret";

    private ReplayBenchmark() {
    }

    record Run(String mode, double wallSeconds, long requests, long passed, long failed) {
    }

    public static void main(String[] args) throws Exception {
        Duration processing = Duration.ofMillis(300);
        int runs = 3;
        Path sample = Path.of("samples/order-bot/src/test/resources");
        for (String arg : args) {
            if (arg.startsWith("processing=")) processing = Duration.ofMillis(Long.parseLong(arg.substring(11).replace("ms", "")));
            else if (arg.startsWith("runs=")) runs = Integer.parseInt(arg.substring(5));
            else if (arg.startsWith("sample=")) sample = Path.of(arg.substring(7));
            else throw new IllegalArgumentException("unknown argument " + arg + "; use processing=300ms, runs=N, sample=<folder>");
        }
        Path dir = Files.createTempDirectory("cognigy-replay-bench");
        List<Path> files = List.of(sample.resolve("simulations/orders.sim.yaml"), sample.resolve("simulations/smoke.sim.csv"));
        SandboxOptions options = SandboxOptions.defaults().withCredentials(CLIENT_ID, CLIENT_SECRET).withProcessingTime(processing);
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.load(sample.resolve("order-bot.bot.yaml")), options)) {
            System.out.println("warm-up: " + line(run("off", sandbox, files, dir), processing));
            for (int i = 1; i <= runs; i++) {
                for (String mode : List.of("off", "record", "replay", "auto")) {
                    System.out.println("run " + i + ": " + line(run(mode, sandbox, files, dir), processing));
                }
            }
        } finally {
            EngineBenchmark.deleteTree(dir);
        }
    }

    static String line(Run r, Duration processing) {
        return String.format(Locale.ROOT, "replay benchmark, cognigy.replay=%s, processing %d ms: wall %.2f s, HTTP requests %d,"
                + " passed %d, failed %d", r.mode(), processing.toMillis(), r.wallSeconds(), r.requests(), r.passed(), r.failed());
    }

    private static Run run(String mode, CognigySandbox sandbox, List<Path> files, Path dir) throws IOException {
        SandboxStats stats = sandbox.stats();
        long before = total(stats);
        Map<String, String> environment = Map.of(Constants.CLIENT_ID_ENV, CLIENT_ID, Constants.CLIENT_SECRET_ENV, CLIENT_SECRET);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .build());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(Constants.BACKEND, "simulation");
        parameters.put(Constants.BASE_URL, sandbox.baseUrl());
        parameters.put(Constants.REPORT_DIR, dir.resolve("reports").toString());
        parameters.put(Constants.PROGRESS_INTERVAL, "30s");
        parameters.put(Constants.REPLAY, mode);
        parameters.put(Constants.REPLAY_DIR, dir.resolve("cassettes").toString());
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(files.stream().map(f -> selectFile(f.toFile())).toList());
        parameters.forEach(builder::configurationParameter);
        TestPlan plan = launcher.discover(builder.build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(plan, summary);
        double wall = (System.nanoTime() - start) / 1e9;
        TestExecutionSummary result = summary.getSummary();
        return new Run(mode, wall, total(stats) - before, result.getTestsSucceededCount(), result.getTestsFailedCount());
    }

    private static long total(SandboxStats stats) {
        long all = 0;
        for (String kind : List.of("token", "info", "entities", "submit", "status", "endpoint", "management")) all += stats.requests(kind);
        return all;
    }
}
