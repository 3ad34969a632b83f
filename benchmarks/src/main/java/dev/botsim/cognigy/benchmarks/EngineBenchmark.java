package dev.botsim.cognigy.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

/**
 * The engine, launched through the JUnit Launcher API as Surefire launches it, against the sandbox
 * over loopback HTTP. Prints per scenario: discovery and wall time, the lower bound the server
 * allows and their ratio, HTTP requests and status polls per simulation, how long after completing
 * on the server simulations were seen complete, 429s, peak in flight and peak heap.
 *
 * <p>Arguments: scenario names ({@code S1 S2 S3 S4 smoke S1-one-file}; default {@code S1 S2 S3}),
 * run in the order given.
 */
public final class EngineBenchmark {

    static final String CLIENT_ID = "bench-client";
    static final String CLIENT_SECRET = "bench-secret";
    private static final String CHILD_RESULT = "engine-child result:";
    private static final Duration CHILD_LIMIT = Duration.ofMinutes(20);

    static final String BOT = """
            bot: bench
            entities: [{name: order_id, pattern: "ORD_[0-9]+"}]
            flows:
              - id: flow_order
                intents: [{name: check_order, examples: [where is my order, track my package]}]
                responses: ["Order {order_id} is on its way", "Which order?"]
            """;

    /**
     * A scenario: simulations, processing time, server capacity, engine concurrency, data files, and
     * the maximum heap of a separate engine JVM ({@code null}: the engine runs in this JVM).
     */
    record Scenario(String name, int simulations, Duration processing, int capacity, int concurrency, int files,
                    String engineHeap) {

        double lowerBoundSeconds() {
            double waves = Math.ceil((double) simulations / Math.min(capacity, concurrency));
            return waves * processing.toMillis() / 1000.0;
        }

        boolean inChildJvm() {
            return engineHeap != null;
        }
    }

    /** What one engine run measured, in whichever JVM it ran. */
    record EngineRun(long tests, double discoverySeconds, double wallSeconds, long passed, long failed, long peakHeapMiB,
                     long liveAfterGcMiB, long gcCount, long gcMillis) {
    }

    /** A scenario's figures: the engine's and the server's. */
    record Result(Scenario scenario, EngineRun engine, long httpRequests, long statusPolls, long tooManyRequests,
                  int peakInFlight, long completionsDetected, OptionalLong lagMedianMillis, OptionalLong lagP90Millis) {

        double httpPerSimulation() {
            return (double) httpRequests / engine.tests();
        }

        double pollsPerSimulation() {
            return (double) statusPolls / engine.tests();
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("S1", 1000, Duration.ofMillis(300), 50, 50, 10, null),
            new Scenario("S2", 1000, Duration.ofMillis(300), 50, 64, 10, null),
            new Scenario("S3", 10_000, Duration.ZERO, Integer.MAX_VALUE, 64, 100, null),
            new Scenario("S4", 100_000, Duration.ZERO, Integer.MAX_VALUE, 64, 1000, "256m"),
            // Capacity above concurrency, so the server never caps what is in flight: a peak above
            // the engine's max-concurrency is then the engine's doing.
            new Scenario("smoke", 100, Duration.ofMillis(50), Integer.MAX_VALUE, 20, 2, null),
            new Scenario("S1-one-file", 1000, Duration.ofMillis(300), 50, 50, 1, null));

    /** S4's discovery target: this many cases in this many files, discovered in a fresh engine JVM. */
    static final int S4_DISCOVERY_CASES = 10_000;
    static final int S4_DISCOVERY_FILES = 100;

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> chosen = args.length == 0 ? List.of("S1", "S2", "S3", "S4") : List.of(args);
        for (String name : chosen) {
            Scenario scenario = scenario(name);
            if (name.equals("S4")) System.out.println(s4Discovery());
            System.out.println(line(run(scenario)));
        }
    }

    static Scenario scenario(String name) {
        return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }

    /** Runs a scenario against a fresh sandbox in this JVM; the engine runs here or in a child JVM. */
    static Result run(Scenario scenario) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cognigy-bench");
        writeFiles(dir, scenario.simulations(), scenario.files());
        SandboxOptions options = SandboxOptions.defaults().withCredentials(CLIENT_ID, CLIENT_SECRET)
                .withProcessingTime(scenario.processing()).withThreads(16);
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT, "bench.yaml"), options)) {
            sandbox.faults().capacity(scenario.capacity());
            EngineRun engine = scenario.inChildJvm()
                    ? inChildJvm(scenario.engineHeap(), dir, sandbox.baseUrl(), scenario.concurrency(), true)
                    : launch(dir, sandbox.baseUrl(), scenario.concurrency(), true,
                    new EngineServices(Map.of(Constants.CLIENT_ID_ENV, CLIENT_ID, Constants.CLIENT_SECRET_ENV, CLIENT_SECRET)::get,
                            Backends::create, java.time.Clock.systemUTC()));
            SandboxStats stats = sandbox.stats();
            long http = stats.requests("token") + stats.requests("info") + stats.requests("entities")
                    + stats.requests("submit") + stats.requests("status");
            deleteTree(dir); // only when the run got this far: a failed one leaves its files and heap dump
            return new Result(scenario, engine, http, stats.requests("status"), stats.tooManyRequests(), stats.peakInFlight(),
                    stats.completionsDetected(), stats.completionLagMillis(0.5), stats.completionLagMillis(0.9));
        }
    }

    /** S4's first half: discovery alone, in a fresh JVM with the engine's heap limit, as {@code mvn test} starts it. */
    static String s4Discovery() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cognigy-bench");
        writeFiles(dir, S4_DISCOVERY_CASES, S4_DISCOVERY_FILES);
        EngineRun run = inChildJvm(scenario("S4").engineHeap(), dir, "http://127.0.0.1:9", 64, false);
        deleteTree(dir);
        return String.format(Locale.ROOT, "S4 discovery: %d cases in %d files discovered in %.2f s (target 1.0 s; fresh engine JVM,"
                + " -Xmx%s), peak heap %d MiB, at most %d MiB after a GC", run.tests(), S4_DISCOVERY_FILES, run.discoverySeconds(),
                scenario("S4").engineHeap(), run.peakHeapMiB(), run.liveAfterGcMiB());
    }

    /** The printed line; every figure has its label, so the line reads on its own. */
    static String line(Result r) {
        Scenario s = r.scenario();
        EngineRun e = r.engine();
        double bound = s.lowerBoundSeconds();
        long processing = s.processing().toMillis();
        String detected = r.lagMedianMillis().isEmpty() ? "completion detected after n/a ms median, p90 n/a ms"
                : String.format(Locale.ROOT, "completion detected after %d ms median%s, p90 %d ms", r.lagMedianMillis().getAsLong(),
                processing > 0 ? String.format(Locale.ROOT, " (%.0f %% of processing)", 100.0 * r.lagMedianMillis().getAsLong() / processing) : "",
                r.lagP90Millis().getAsLong());
        String heap = String.format(Locale.ROOT, "peak heap %d MiB (%s; at most %d MiB after a GC, %d GCs in %d ms)",
                e.peakHeapMiB(), s.inChildJvm() ? "engine JVM, -Xmx" + s.engineHeap() : "sandbox and engine", e.liveAfterGcMiB(),
                e.gcCount(), e.gcMillis());
        return String.format(Locale.ROOT, "%s: %d simulations (processing %d ms, capacity %s, concurrency %d%s): discovery %.2f s,"
                        + " wall %.2f s, lower bound %.2f s, ratio %s, %.0f simulations/s, HTTP requests/sim %.2f,"
                        + " status polls/sim %.2f, %s, 429s %d, peak in flight %d, %s, passed %d, failed %d",
                s.name(), e.tests(), processing, s.capacity() == Integer.MAX_VALUE ? "unlimited" : String.valueOf(s.capacity()),
                s.concurrency(), s.inChildJvm() ? ", engine in a child JVM" : "", e.discoverySeconds(), e.wallSeconds(), bound,
                bound > 0 ? String.format(Locale.ROOT, "%.2f", e.wallSeconds() / bound) : "n/a", e.tests() / e.wallSeconds(),
                r.httpPerSimulation(), r.pollsPerSimulation(), detected, r.tooManyRequests(), r.peakInFlight(), heap,
                e.passed(), e.failed());
    }

    /**
     * Discovers the data files under {@code dir} through the Launcher API and, if {@code execute},
     * runs them against {@code baseUrl}; heap is measured from just before discovery.
     */
    static EngineRun launch(Path dir, String baseUrl, int concurrency, boolean execute, EngineServices services) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new CognigyTestEngine(services)).build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectDirectory(dir.toFile()))
                .configurationParameter(Constants.BACKEND, "simulation")
                .configurationParameter(Constants.BASE_URL, baseUrl)
                .configurationParameter(Constants.MAX_CONCURRENCY, String.valueOf(concurrency))
                .configurationParameter(Constants.POLL_TIMEOUT, "60s")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .build();
        HeapWatch heap = new HeapWatch().start();
        long discoveryStart = System.nanoTime();
        TestPlan plan = launcher.discover(request);
        double discovery = (System.nanoTime() - discoveryStart) / 1e9;
        long tests = plan.countTestIdentifiers(t -> t.isTest());
        double wall = 0;
        long passed = 0;
        long failed = 0;
        if (execute) {
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            long start = System.nanoTime();
            launcher.execute(plan, summary);
            wall = (System.nanoTime() - start) / 1e9;
            TestExecutionSummary result = summary.getSummary();
            passed = result.getTestsSucceededCount();
            failed = result.getTestsFailedCount();
            // A benchmark whose tests fail measures nothing: say why, once.
            result.getFailures().stream().findFirst().ifPresent(f -> System.out.println("first of " + result.getTotalFailureCount()
                    + " failures: " + f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
        }
        HeapWatch.Figures figures = heap.stop();
        return new EngineRun(tests, discovery, wall, passed, failed, figures.peakMiB(), figures.liveAfterGcMiB(), figures.gcCount(),
                figures.gcMillis());
    }

    /**
     * Entry point of the engine JVM: {@code engine-child <dir> <base-url> <concurrency> <run|discover>}, credentials from
     * the environment as a user's build would have them. Prints one result line for the parent to read.
     */
    static void child(String[] args) {
        EngineRun run = launch(Path.of(args[0]), args[1], Integer.parseInt(args[2]), args[3].equals("run"),
                new EngineServices(System::getenv, Backends::create, java.time.Clock.systemUTC()));
        System.out.println(String.format(Locale.ROOT, "%s tests=%d discovery=%.3f wall=%.3f passed=%d failed=%d peakHeapMiB=%d"
                        + " liveAfterGcMiB=%d gcCount=%d gcMillis=%d", CHILD_RESULT, run.tests(), run.discoverySeconds(), run.wallSeconds(),
                run.passed(), run.failed(), run.peakHeapMiB(), run.liveAfterGcMiB(), run.gcCount(), run.gcMillis()));
    }

    /**
     * Runs the engine in a JVM of its own with {@code -Xmx<heap>}, so only the engine's memory counts
     * against the limit (the sandbox stays here). Its output is passed through; an
     * {@link OutOfMemoryError} ends it with a heap dump in {@code dir}.
     */
    static EngineRun inChildJvm(String heap, Path dir, String baseUrl, int concurrency, boolean execute)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + dir, "-XX:+ExitOnOutOfMemoryError"));
        String extra = System.getProperty("bench.engineJvmArgs", "").trim();
        if (!extra.isEmpty()) command.addAll(List.of(extra.split("\\s+")));
        command.addAll(List.of("-cp", classPath(), Benchmarks.class.getName(), "engine-child", dir.toString(), baseUrl,
                String.valueOf(concurrency), execute ? "run" : "discover"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(Constants.CLIENT_ID_ENV, CLIENT_ID);
        builder.environment().put(Constants.CLIENT_SECRET_ENV, CLIENT_SECRET);
        Process process = builder.start();
        AtomicReference<String> resultLine = new AtomicReference<>();
        Thread relay = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(CHILD_RESULT)) resultLine.set(line);
                    else System.out.println("  | " + line);
                }
            } catch (IOException e) {
                System.out.println("  | (output lost: " + e + ")");
            }
        }, "engine-child-output");
        relay.start();
        if (!process.waitFor(CHILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the engine JVM did not finish within " + CHILD_LIMIT.toMinutes() + " minutes");
        }
        relay.join();
        String result = resultLine.get();
        if (process.exitValue() != 0 || result == null) {
            throw new IllegalStateException("the engine JVM (-Xmx" + heap + ") exited with " + process.exitValue()
                    + (result == null ? " without a result" : "") + "; an OutOfMemoryError leaves a heap dump (*.hprof) in " + dir);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : result.substring(CHILD_RESULT.length()).trim().split(" ")) {
            values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        Function<String, Long> number = key -> Long.parseLong(values.get(key));
        return new EngineRun(number.apply("tests"), Double.parseDouble(values.get("discovery")), Double.parseDouble(values.get("wall")),
                number.apply("passed"), number.apply("failed"), number.apply("peakHeapMiB"), number.apply("liveAfterGcMiB"),
                number.apply("gcCount"), number.apply("gcMillis"));
    }

    /**
     * This code's class path. Under {@code exec:java} the project's classes are in a class loader of
     * the plugin's and {@code java.class.path} is Maven's own, so that loader's entries come first.
     */
    static String classPath() {
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        if (EngineBenchmark.class.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    if (url.getProtocol().equals("file")) entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(java.io.File.pathSeparator, entries);
    }

    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    static void writeFiles(Path dir, int simulations, int files) {
        int perFile = simulations / files;
        int id = 0;
        try {
            for (int f = 0; f < files; f++) {
                List<String> lines = new ArrayList<>(List.of("version: 1", "flows: [flow_order]", "cases:"));
                for (int c = 0; c < perFile; c++, id++) {
                    lines.add("  - id: test_case_" + id);
                    lines.add("    utterance: where is my order ORD_" + id);
                    lines.add("    expect: { intent: check_order, next_flow: flow_order, entities: { order_id: ORD_" + id + " } }");
                }
                Files.write(dir.resolve("bench-" + f + ".sim.yaml"), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
