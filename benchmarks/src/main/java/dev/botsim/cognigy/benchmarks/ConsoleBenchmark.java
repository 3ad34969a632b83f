package dev.botsim.cognigy.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scenario as a user runs it: the engine in a fresh JVM started by the JUnit Platform
 * ConsoleLauncher ({@code java ... org.junit.platform.console.ConsoleLauncher execute}), against
 * the sandbox over loopback. The figure is the launcher's own "Test run finished after N ms", against
 * the lower bound the server allows; a timeline splits the whole process into its phases.
 *
 * <p>The sandbox runs in this JVM, not the engine's, and is warmed up before the first run: the
 * engine JVM then pays only its own cold start, as against a real server, and the server's JIT
 * compilation does not land in the engine's run. Both JVMs still share the machine's cores.
 *
 * <p>Arguments: scenario names (default {@code S1}) and {@code runs=N} (default 1): each scenario
 * runs N times, each in a fresh engine JVM against a fresh sandbox; with more than one run the
 * median and range of every figure follow. With {@code -Dbench.busyLimit=<CPU seconds>}, a run during
 * which the rest of the machine used more is shown, not counted, and repeated (up to 3 N runs in all).
 */
public final class ConsoleBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(20);
    private static final Pattern FINISHED = Pattern.compile("Test run finished after (\\d+) ms");
    private static final Pattern SUCCESSFUL = Pattern.compile("\\[\\s*(\\d+) tests successful\\s*]");
    private static final Pattern FAILED = Pattern.compile("\\[\\s*(\\d+) tests failed\\s*]");
    private static final MediaType JSON = MediaType.get("application/json");

    /** One phase of the timeline: its name, where it starts and ends, and what it covers. */
    record Phase(String name, String from, String to, String covers) {
    }

    /**
     * The phases, in order, each from one event to the next. Events: the engine JVM's launcher
     * ({@link RunTimeline}), the server ({@code server-*}), the report files ({@code *-written}), and
     * this JVM ({@code process-*}). The run phases add up to the launcher's figure.
     */
    static final List<Phase> PHASES = List.of(
            new Phase("JVM and launcher start", "process-started", "session-opened", "java starts, the launcher parses its arguments"),
            new Phase("discovery", "session-opened", "discovery-finished", "engines found, data files read, test tree built"),
            new Phase("test plan", "discovery-finished", "run-started", "the launcher's test plan and listeners"),
            new Phase("run start to token request", "run-started", "server-token", "JUnit's executor, configuration, HTTP client and JSON mapper"),
            new Phase("token, bot info, entities", "server-token", "server-schema", "the token request to the later schema request (info, entities), at the server"),
            new Phase("to the first submission", "server-schema", "server-first-submit", "the schema answers, preflight, listeners, pipeline start"),
            new Phase("simulations", "server-first-submit", "server-last-completion", "first submission to the last completion seen, at the server"),
            new Phase("to the last test finished", "server-last-completion", "last-test-finished", "the last answer read, checked and reported"),
            new Phase("end of run", "last-test-finished", "engine-finished", "analysis, audit, webhook, results.json and index.html"),
            new Phase("to the end of the test run", "engine-finished", "run-finished", "JUnit closes the engine"),
            new Phase("summary and JVM exit", "run-finished", "process-exited", "the launcher's summary, the JVM's shutdown"));

    /** What one run in a fresh engine JVM measured. */
    record Run(long testRunMillis, long passed, long failed, Map<String, Instant> events, long httpRequests, long statusPolls,
               long tooManyRequests, int peakInFlight, OptionalLong lagMedianMillis, double loadAverage, Cpu cpu) {

        double processSeconds() {
            return millisBetween("process-started", "process-exited") / 1000.0;
        }

        /** Milliseconds from one event to another; NaN when either is missing. */
        double millisBetween(String from, String to) {
            Instant start = events.get(from);
            Instant end = events.get(to);
            return start == null || end == null ? Double.NaN : Duration.between(start, end).toNanos() / 1e6;
        }
    }

    /**
     * CPU time spent while the engine JVM ran, in milliseconds: by the engine JVM, by this JVM (the
     * server), and by everything else on the machine — what says whether the machine was quiet
     * (-1 where it cannot be read: the machine's total comes from Linux's /proc/stat).
     */
    record Cpu(long engine, long benchmark, long others) {

        static long machineBusyMillis() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                // user nice system idle iowait irq softirq steal: all but idle and iowait, in 1/100 s
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
                return busy * 10;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        static long processMillis() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() / 1_000_000 : -1;
        }

        static Cpu of(long engine, long benchmark, long machine) {
            return new Cpu(engine, benchmark, engine < 0 || benchmark < 0 || machine < 0 ? -1 : Math.max(0, machine - engine - benchmark));
        }
    }

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 1;
        List<String> names = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("runs=")) runs = Integer.parseInt(arg.substring("runs=".length()));
            else names.add(arg);
        }
        if (names.isEmpty()) names.add("S1");
        warmUpServer();
        for (String name : names) {
            EngineBenchmark.Scenario scenario = EngineBenchmark.scenario(name);
            List<Run> done = new ArrayList<>();
            double busy = Double.parseDouble(System.getProperty("bench.busyLimit", "Infinity"));
            for (int attempt = 0; done.size() < runs && attempt < 3 * runs; attempt++) {
                Run run = run(scenario);
                // On a shared machine: a run during which the rest of the machine was busy measured it, not the engine.
                boolean counted = !(run.cpu().others() / 1000.0 > busy);
                if (counted) done.add(run);
                System.out.println(line(scenario, run) + (counted ? "" : String.format(Locale.ROOT,
                        " — not counted: the rest of the machine used more than %.2f CPU s (bench.busyLimit)", busy)));
            }
            if (done.isEmpty()) throw new IllegalStateException("no run of " + name + " was counted: the machine was busy throughout");
            System.out.println(breakdown(scenario, done));
        }
    }

    /**
     * Runs the scenario's data files through the ConsoleLauncher in a fresh JVM against a fresh
     * sandbox in this JVM. Files, reports, the launcher's output and the timeline stay in a
     * temporary directory that is deleted unless the run failed.
     */
    static Run run(EngineBenchmark.Scenario scenario) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cognigy-console");
        Path data = Files.createDirectories(dir.resolve("data"));
        EngineBenchmark.writeFiles(data, scenario.simulations(), scenario.files());
        Path timelineJar = timelineJar();
        Path timeline = dir.resolve("timeline.txt");
        Path console = dir.resolve("console.txt");
        SandboxOptions options = SandboxOptions.defaults().withCredentials(EngineBenchmark.CLIENT_ID, EngineBenchmark.CLIENT_SECRET)
                .withProcessingTime(scenario.processing()).withThreads(16);
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(EngineBenchmark.BOT, "bench.yaml"), options)) {
            sandbox.faults().capacity(scenario.capacity());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String extra = System.getProperty("bench.engineJvmArgs", "").trim();
            if (!extra.isEmpty()) command.addAll(Arrays.asList(extra.split("\\s+")));
            command.addAll(List.of("-D" + RunTimeline.FILE_PROPERTY + "=" + timeline,
                    "-cp", classPath(timelineJar),
                    "org.junit.platform.console.ConsoleLauncher", "execute", "--disable-banner", "--include-engine=cognigy",
                    "--select-directory=" + data,
                    "--config=" + Constants.BACKEND + "=simulation",
                    "--config=" + Constants.BASE_URL + "=" + sandbox.baseUrl(),
                    "--config=" + Constants.MAX_CONCURRENCY + "=" + scenario.concurrency(),
                    "--config=" + Constants.POLL_TIMEOUT + "=60s",
                    "--config=" + Constants.REPORT_DIR + "=" + dir.resolve("reports")));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
            builder.environment().put(Constants.CLIENT_ID_ENV, EngineBenchmark.CLIENT_ID);
            builder.environment().put(Constants.CLIENT_SECRET_ENV, EngineBenchmark.CLIENT_SECRET);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long machineBefore = Cpu.machineBusyMillis();
            long benchmarkBefore = Cpu.processMillis();
            Instant started = Instant.now();
            Process process = builder.start();
            if (!process.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the engine JVM did not finish within " + LIMIT.toMinutes() + " minutes; see " + console);
            }
            Instant exited = Instant.now();
            long machine = Cpu.machineBusyMillis() - machineBefore;
            long benchmark = Cpu.processMillis() - benchmarkBefore;
            String output = Files.readString(console);
            Matcher finished = FINISHED.matcher(output);
            if (!finished.find()) {
                throw new IllegalStateException("the ConsoleLauncher exited with " + process.exitValue()
                        + " without \"Test run finished after\"; its output is in " + console);
            }
            Map<String, Instant> events = new LinkedHashMap<>();
            events.put("process-started", started);
            events.putAll(RunTimeline.read(timeline));
            SandboxStats stats = sandbox.stats();
            stats.firstRequest("token").ifPresent(t -> events.put("server-token", t));
            // The schema is read by two requests, which may go out together: the phase ends with the later one.
            stats.firstRequest("info").ifPresent(t -> events.put("server-schema", t));
            stats.firstRequest("entities").filter(t -> !events.containsKey("server-schema") || t.isAfter(events.get("server-schema")))
                    .ifPresent(t -> events.put("server-schema", t));
            stats.firstRequest("submit").ifPresent(t -> events.put("server-first-submit", t));
            stats.lastCompletionDetected().ifPresent(t -> events.put("server-last-completion", t));
            written(dir.resolve("reports/results.json")).ifPresent(t -> events.put("results.json-written", t));
            written(dir.resolve("reports/index.html")).ifPresent(t -> events.put("index.html-written", t));
            events.put("process-exited", exited);
            long http = stats.requests("token") + stats.requests("info") + stats.requests("entities") + stats.requests("submit")
                    + stats.requests("status");
            Run run = new Run(Long.parseLong(finished.group(1)), count(SUCCESSFUL, output), count(FAILED, output), events, http,
                    stats.requests("status"), stats.tooManyRequests(), stats.peakInFlight(), stats.completionLagMillis(0.5), load,
                    Cpu.of(RunTimeline.cpuMillis(timeline), benchmark, machineBefore < 0 ? -1 : machine));
            if (run.failed() > 0 || run.passed() != scenario.simulations() || process.exitValue() != 0) {
                System.out.println("the run did not pass every test (exit " + process.exitValue() + "); its output is in " + console);
            } else if (Boolean.getBoolean("bench.keepFiles")) {
                System.out.println("files, reports and the launcher's output kept in " + dir);
            } else {
                EngineBenchmark.deleteTree(dir);
            }
            return run;
        }
    }

    /**
     * A jar holding {@link RunTimeline} and the service files that register it: all the engine JVM
     * needs of this module, so that its class path is the engine's, its dependencies' and the
     * launcher's, and nothing else of the benchmarks is there to register or load. Made once per
     * version of the listener, in the temporary directory, and left there: a class-data sharing
     * archive checks every jar's path, size and time.
     */
    static Path timelineJar() throws IOException {
        byte[] listener;
        try (java.io.InputStream in = RunTimeline.class.getResourceAsStream(RunTimeline.class.getSimpleName() + ".class")) {
            listener = in.readAllBytes();
        }
        String version = Integer.toHexString(java.util.Arrays.hashCode(listener));
        Path jar = Path.of(System.getProperty("java.io.tmpdir"), "cognigy-console-timeline-" + version + ".jar");
        if (Files.exists(jar)) return jar;
        Path partial = Files.createTempFile(jar.getParent(), "cognigy-console-timeline", ".part");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(partial))) {
            out.putNextEntry(new java.util.jar.JarEntry(RunTimeline.class.getName().replace('.', '/') + ".class"));
            out.write(listener);
            for (Class<?> type : List.of(org.junit.platform.launcher.LauncherSessionListener.class,
                    org.junit.platform.launcher.LauncherDiscoveryListener.class, org.junit.platform.launcher.TestExecutionListener.class)) {
                out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/" + type.getName()));
                out.write((RunTimeline.class.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The engine JVM's class path: this module's but its own classes, jars first, then the timeline
     * jar. The same jars in the same order on every run, so that a class-data sharing archive dumped
     * by one run ({@code -XX:ArchiveClassesAtExit}) fits the next — the JVM uses one only with the
     * class path it was made with at the head, and makes one only from jars.
     */
    static String classPath(Path timelineJar) {
        String own;
        try {
            own = Path.of(RunTimeline.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> jars = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        for (String entry : EngineBenchmark.classPath().split(java.io.File.pathSeparator)) {
            if (!entry.equals(own)) (entry.endsWith(".jar") ? jars : directories).add(entry);
        }
        jars.addAll(directories);
        jars.add(timelineJar.toString());
        return String.join(java.io.File.pathSeparator, jars);
    }

    /** One run's line: the launcher's figure against the lower bound, then the server's counts. */
    static String line(EngineBenchmark.Scenario scenario, Run run) {
        double bound = scenario.lowerBoundSeconds();
        double simulations = run.millisBetween("run-started", "server-last-completion") / 1000.0;
        return String.format(Locale.ROOT, "console %s: %d simulations (processing %d ms, capacity %s, concurrency %d; ConsoleLauncher in a"
                        + " fresh JVM): Test run finished after %d ms, lower bound %.2f s, ratio %s, run start to last completion seen"
                        + " %.2f s (%s), process %.2f s, HTTP requests/sim %.2f, status polls/sim %.2f, completion detected after %s ms"
                        + " median, 429s %d, peak in flight %d, passed %d, failed %d, CPU s engine JVM %.2f, server JVM %.2f,"
                        + " rest of the machine %.2f, load average %.2f",
                scenario.name(), scenario.simulations(), scenario.processing().toMillis(),
                scenario.capacity() == Integer.MAX_VALUE ? "unlimited" : String.valueOf(scenario.capacity()), scenario.concurrency(),
                run.testRunMillis(), bound, bound > 0 ? String.format(Locale.ROOT, "%.3f", run.testRunMillis() / 1000.0 / bound) : "n/a",
                simulations, bound > 0 ? String.format(Locale.ROOT, "%.3f", simulations / bound) : "n/a", run.processSeconds(),
                (double) run.httpRequests() / scenario.simulations(), (double) run.statusPolls() / scenario.simulations(),
                run.lagMedianMillis().isPresent() ? String.valueOf(run.lagMedianMillis().getAsLong()) : "n/a", run.tooManyRequests(),
                run.peakInFlight(), run.passed(), run.failed(), run.cpu().engine() / 1000.0, run.cpu().benchmark() / 1000.0,
                run.cpu().others() / 1000.0, run.loadAverage());
    }

    /** Every phase's median and range over the runs, then the launcher's figure and ratio likewise. */
    static String breakdown(EngineBenchmark.Scenario scenario, List<Run> runs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "console %s over %d run%s, phases in ms (median, range):%n",
                scenario.name(), runs.size(), runs.size() == 1 ? "" : "s"));
        for (Phase phase : PHASES) {
            double[] values = runs.stream().mapToDouble(r -> r.millisBetween(phase.from(), phase.to())).sorted().toArray();
            out.append(String.format(Locale.ROOT, "  %-28s %7.0f  (%.0f–%.0f)  %s%n", phase.name(), median(values), values[0],
                    values[values.length - 1], phase.covers()));
            if (phase.name().equals("end of run")) {
                double[] json = runs.stream().mapToDouble(r -> r.millisBetween("last-test-finished", "results.json-written")).sorted().toArray();
                double[] html = runs.stream().mapToDouble(r -> r.millisBetween("results.json-written", "index.html-written")).sorted().toArray();
                out.append(String.format(Locale.ROOT, "    %-26s %7.0f  (%.0f–%.0f)  last test finished to results.json written%n",
                        "of which results.json", median(json), json[0], json[json.length - 1]));
                out.append(String.format(Locale.ROOT, "    %-26s %7.0f  (%.0f–%.0f)  results.json to index.html written%n",
                        "of which index.html", median(html), html[0], html[html.length - 1]));
            }
        }
        double[] launcher = runs.stream().mapToDouble(Run::testRunMillis).sorted().toArray();
        double[] process = runs.stream().mapToDouble(Run::processSeconds).sorted().toArray();
        double[] load = runs.stream().mapToDouble(Run::loadAverage).sorted().toArray();
        double[] others = runs.stream().mapToDouble(r -> r.cpu().others() / 1000.0).sorted().toArray();
        double bound = scenario.lowerBoundSeconds() * 1000;
        out.append(String.format(Locale.ROOT, "  Test run finished after %.0f ms (%.0f–%.0f), ratio %.3f (%.3f–%.3f); process %.2f s (%.2f–%.2f);"
                        + " CPU s used by the rest of the machine during a run %.2f–%.2f; load average %.2f–%.2f", median(launcher), launcher[0],
                launcher[launcher.length - 1], median(launcher) / bound, launcher[0] / bound, launcher[launcher.length - 1] / bound,
                median(process), process[0], process[process.length - 1], others[0], others[others.length - 1], load[0],
                load[load.length - 1]));
        return out.toString();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long count(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** When a report was last written: the moment its temporary file was complete before it was moved into place. */
    private static Optional<Instant> written(Path report) throws IOException {
        return Files.exists(report) ? Optional.of(Files.getLastModifiedTime(report).toInstant()) : Optional.empty();
    }

    /**
     * Brings the sandbox's request handling to compiled code before anything is measured: a few
     * thousand token, schema, submission and status requests against a throwaway sandbox (processing
     * time 0, so every status read returns a completed simulation with its turns).
     */
    static void warmUpServer() throws InterruptedException {
        int workers = 8;
        int perWorker = 1500;
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(EngineBenchmark.BOT, "bench.yaml"),
                SandboxOptions.defaults().withCredentials(EngineBenchmark.CLIENT_ID, EngineBenchmark.CLIENT_SECRET).withThreads(16))) {
            OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
            JsonMapper json = JsonMapper.builder().build();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            AtomicInteger id = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWorker; i++) {
                        String token = json.readTree(call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token")
                                .post(new FormBody.Builder().add("grant_type", "client_credentials").add("client_id", EngineBenchmark.CLIENT_ID)
                                        .add("client_secret", EngineBenchmark.CLIENT_SECRET).add("scope", "bot:read simulation:execute").build())
                                .build())).path("access_token").asString();
                        if (i % 10 == 0) {
                            call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/info").header("Authorization", "Bearer " + token).build());
                            call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/entities").header("Authorization", "Bearer " + token).build());
                        }
                        int n = id.incrementAndGet();
                        String body = "{\"userId\":\"usr_bench\",\"platform\":\"web\",\"input\":{\"text\":\"where is my order ORD_" + n
                                + "\"},\"context\":{},\"testId\":\"test_case_" + n + "\"}";
                        String simulation = json.readTree(call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulate")
                                .header("Authorization", "Bearer " + token).header("Idempotency-Key", "warm-up-" + n)
                                .post(RequestBody.create(body, JSON)).build())).path("simulationId").asString();
                        call(http, new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulation/" + simulation)
                                .header("Authorization", "Bearer " + token).build());
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> future : futures) future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the server's warm-up failed", e.getCause());
            } finally {
                pool.shutdown();
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    private static String call(OkHttpClient http, Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) throw new IOException("HTTP " + response.code() + " from " + request.url());
            return response.body().string();
        }
    }
}
