package dev.botsim.cognigy.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

/**
 * A large team's nightly suite: tens of thousands of utterances in a few hundred YAML and CSV files with multi-turn
 * conversations, run whole in one JVM and as shards whose parts are merged, each engine JVM and the merge with a heap
 * limit of their own, so what they hold shows. The sandbox (no processing time) and the webhook's receiver stay in this
 * JVM. Every run has an audit trail, a webhook and {@code cognigy.replay.redact}, so the whole end of a run is measured.
 *
 * <p>Arguments, each {@code key=value}: {@code tests} (default 50,000), {@code shards} (10), {@code heap} (each engine
 * JVM's {@code -Xmx}, 256m), {@code merge-heap} (the merge's, 128m; several, comma-separated, merge the parts once with
 * each), {@code suite} ({@code mixed}: the suite above, one
 * test in 50 failing, redacting {@code order_id}; {@code mail}: every test asks for its invoice at an e-mail address of
 * its own, redacting {@code email}), {@code whole} and {@code split} ({@code true}: run the suite whole in one JVM, and
 * as shards merged).
 */
final class LargeSuiteBenchmark {

    private static final String CHILD_RESULT = "large-child result:";
    private static final Duration CHILD_LIMIT = Duration.ofMinutes(30);

    static final String BOT = """
            bot: telco
            threshold: 0.35
            entities:
              - {name: order_id, pattern: "ORD_[0-9A-Z]+"}
              - {name: email, pattern: "[\\\\w.+-]+@[\\\\w-]+\\\\.[\\\\w.]+"}
            flows:
              - id: flow_greeting
                intents: [{name: greeting, examples: [hi, hello, hello there, good morning, hey]}]
                responses: ["Hello! I can check your order or connect you to an agent."]
              - id: flow_invoice
                intents: [{name: send_invoice, examples: [email my invoice, send the invoice to my email, I need my invoice by email]}]
                responses: ["I will email your invoice."]
              - id: flow_order_status
                asks_for: order_id
                intents: [{name: check_order, examples: [where is my order, track my package, order status ORD_12, has my order shipped]}]
                responses: ["Let me look up your order {order_id}. It is on its way.", "Sure, what is your order number?"]
              - id: flow_escalation
                intents: [{name: escalate, examples: [I want a human, transfer me to an agent, let me talk to a real person]}]
                responses: ["Connecting you to a human agent now."]
            fallback: {flow: flow_fallback, response: "Sorry, I did not get that."}
            """;

    private LargeSuiteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new LinkedHashMap<>(Map.of("tests", "50000", "shards", "10", "heap", "256m", "merge-heap", "128m",
                "suite", "mixed", "whole", "true", "split", "true"));
        for (String arg : args) {
            if (!arg.contains("=") || !given.containsKey(arg.substring(0, arg.indexOf('=')))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; give any of " + given.keySet() + " as key=value");
            }
            given.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int shards = Integer.parseInt(given.get("shards"));
        boolean mail = given.get("suite").equals("mail");
        Path dir = Files.createTempDirectory("cognigy-large");
        int tests = mail ? writeMailSuite(dir.resolve("suite"), Integer.parseInt(given.get("tests")))
                : writeMixedSuite(dir.resolve("suite"), Integer.parseInt(given.get("tests")));
        long files;
        try (var walk = Files.walk(dir.resolve("suite"))) {
            files = walk.filter(Files::isRegularFile).count();
        }
        System.out.printf(Locale.ROOT, "large suite (%s): %d tests in %d files, in %s%n", given.get("suite"), tests, files, dir);
        SandboxOptions options = SandboxOptions.defaults().withCredentials(EngineBenchmark.CLIENT_ID, EngineBenchmark.CLIENT_SECRET)
                .withProcessingTime(Duration.ZERO).withThreads(16);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong delivered = new AtomicLong();
        receiver.createContext("/hook", exchange -> {
            delivered.addAndGet(exchange.getRequestBody().readAllBytes().length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        boolean failed = false;
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT, "telco.bot.yaml"), options)) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(Constants.BACKEND, "simulation");
            settings.put(Constants.BASE_URL, sandbox.baseUrl());
            settings.put(Constants.MAX_CONCURRENCY, "50");
            settings.put(Constants.POLL_TIMEOUT, "60s");
            settings.put(Constants.WEBHOOK_URL, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            settings.put(Constants.REPLAY_REDACT, mail ? "email" : "order_id");
            Map<String, String> environment = Map.of(Constants.CLIENT_ID_ENV, EngineBenchmark.CLIENT_ID,
                    Constants.CLIENT_SECRET_ENV, EngineBenchmark.CLIENT_SECRET, Constants.WEBHOOK_SECRET_ENV, webhookSecret());
            String heap = given.get("heap");
            if (given.get("whole").equals("true")) {
                Map<String, String> whole = new LinkedHashMap<>(settings);
                whole.put(Constants.REPORT_DIR, dir.resolve("whole/reports").toString());
                whole.put(Constants.AUDIT_FILE, dir.resolve("whole/audit.jsonl").toString());
                String line = child(heap, environment, "large-child", engineArgs(dir.resolve("suite"), whole));
                failed |= !line.contains(" ok ");
                System.out.println("whole, -Xmx" + heap + ": " + line + sizes(dir.resolve("whole/reports")));
            }
            if (given.get("split").equals("true")) {
                for (int i = 1; i <= shards; i++) {
                    Map<String, String> shard = new LinkedHashMap<>(settings);
                    shard.put(Constants.REPORT_DIR, dir.resolve("shards/shard-" + i).toString());
                    shard.put(Constants.RUN_ID, "nightly");
                    shard.put(Constants.SHARD, i + "/" + shards);
                    String line = child(heap, environment, "large-child", engineArgs(dir.resolve("suite"), shard));
                    failed |= !line.contains(" ok ");
                    System.out.println("shard " + i + "/" + shards + ", -Xmx" + heap + ": " + line);
                }
                for (String mergeHeap : given.get("merge-heap").split(",")) {
                    // Each merge its own output folder and audit trail: a merge of parts merged into the folder before says so and stops.
                    Path merged = dir.resolve("merged-" + mergeHeap);
                    String line = child(mergeHeap, environment, "large-merge", List.of("--out", merged.toString(),
                            "-D" + Constants.RUN_ID + "=nightly", "-D" + Constants.AUDIT_FILE + "=" + merged.resolve("audit.jsonl"),
                            dir.resolve("shards").toString()));
                    failed |= !line.contains("exit ") || line.contains("OutOfMemoryError");
                    System.out.println("merge of " + shards + " parts, -Xmx" + mergeHeap + ": " + line + sizes(merged));
                }
            }
            System.out.printf(Locale.ROOT, "webhook: %d bytes delivered%n", delivered.get());
        } finally {
            receiver.stop(0);
        }
        if (failed) System.out.println("kept for a look: " + dir);
        else if (Boolean.getBoolean("bench.keepFiles")) System.out.println("kept (-Dbench.keepFiles=true): " + dir);
        else EngineBenchmark.deleteTree(dir);
    }

    /** The arguments of an engine JVM running {@code suite} with {@code settings}. */
    private static List<String> engineArgs(Path suite, Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of(suite.toString()));
        settings.forEach((key, value) -> args.add(key + "=" + value));
        return args;
    }

    private static String sizes(Path reports) {
        Path results = reports.resolve("results.json");
        Path page = reports.resolve("index.html");
        try {
            return Files.exists(results) ? String.format(Locale.ROOT, "; results.json %.1f MB, index.html %.1f MB",
                    Files.size(results) / 1e6, Files.size(page) / 1e6) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String webhookSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * Runs {@code Benchmarks <entry> <args>} in a JVM of its own with {@code -Xmx<heap>}, its output passed through, and
     * returns its result line; an {@link OutOfMemoryError} ends it ({@code -XX:+ExitOnOutOfMemoryError}) and says so.
     */
    private static String child(String heap, Map<String, String> environment, String entry, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
        String extra = System.getProperty("bench.engineJvmArgs", "").trim();
        if (!extra.isEmpty()) command.addAll(List.of(extra.split("\\s+")));
        command.addAll(List.of("-cp", EngineBenchmark.classPath(), Benchmarks.class.getName(), entry));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<String> lastLine = new AtomicReference<>("");
        Thread relay = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(CHILD_RESULT)) result.set(line.substring(CHILD_RESULT.length()).trim());
                    else if (System.getProperty("bench.verbose") != null) System.out.println("  | " + line);
                    if (line.contains("OutOfMemoryError")) lastLine.set(line);
                }
            } catch (IOException e) {
                lastLine.set("output lost: " + e);
            }
        }, "large-child-output");
        relay.start();
        if (!process.waitFor(CHILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM did not finish within " + CHILD_LIMIT.toMinutes() + " minutes");
        }
        relay.join();
        if (result.get() == null) return "no result, exit " + process.exitValue() + (lastLine.get().isEmpty() ? "" : ": " + lastLine.get());
        return result.get();
    }

    /**
     * The engine JVM: {@code large-child <suite> key=value...}, the settings as configuration parameters, credentials from
     * the environment. Prints one result line: discovery, the first test's start and the tests' time, the end of the run
     * (from the last test's end to the engine's, and the CPU time meanwhile), results, and the heap.
     */
    static void child(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectDirectory(args[0]));
        for (int i = 1; i < args.length; i++) {
            request.configurationParameter(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new CognigyTestEngine()).build());
        HeapWatch heap = new HeapWatch().start();
        long start = System.nanoTime();
        TestPlan plan = launcher.discover(built);
        long discovered = System.nanoTime();
        long tests = plan.countTestIdentifiers(TestIdentifier::isTest);
        AtomicLong firstTest = new AtomicLong();
        AtomicLong lastTest = new AtomicLong();
        AtomicLong lastTestCpu = new AtomicLong();
        AtomicLong engineEnd = new AtomicLong();
        AtomicLong engineEndCpu = new AtomicLong();
        AtomicLong passed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> engine = new AtomicReference<>("ok");
        launcher.execute(plan, new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) firstTest.compareAndSet(0, System.nanoTime());
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) passed.incrementAndGet();
                    else failed.incrementAndGet();
                    lastTest.set(System.nanoTime());
                    lastTestCpu.set(cpu());
                } else if (id.getParentId().isEmpty()) {
                    engineEnd.set(System.nanoTime());
                    engineEndCpu.set(cpu());
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        engine.set("failed: " + result.getThrowable().map(t -> t.getMessage().lines().findFirst().orElse("")).orElse(""));
                    }
                }
            }
        });
        HeapWatch.Figures figures = heap.stop();
        System.out.println(String.format(Locale.ROOT, "%s %d tests: discovery %.2f s, first test after %.2f s, tests %.2f s, end of run"
                        + " %.2f s (%.2f CPU s), passed %d, failed %d, engine %s , peak heap %d MiB, at most %d MiB after a GC, %d GCs in %d ms",
                CHILD_RESULT, tests, (discovered - start) / 1e9, (firstTest.get() - discovered) / 1e9,
                (lastTest.get() - firstTest.get()) / 1e9, (engineEnd.get() - lastTest.get()) / 1e9,
                (engineEndCpu.get() - lastTestCpu.get()) / 1e9, passed.get(), failed.get(), engine.get(), figures.peakMiB(),
                figures.liveAfterGcMiB(), figures.gcCount(), figures.gcMillis()));
    }

    /** The merge's JVM: {@code large-merge <merge arguments>}. Prints its exit code, time, CPU time and heap. */
    static void mergeChild(String[] args) {
        HeapWatch heap = new HeapWatch().start();
        long start = System.nanoTime();
        long cpuStart = cpu();
        int code = MergeCommand.run(List.of(args), new java.io.PrintStream(OutputStream.nullOutputStream()), System.err);
        HeapWatch.Figures figures = heap.stop();
        System.out.println(String.format(Locale.ROOT, "%s exit %d: %.2f s (%.2f CPU s), peak heap %d MiB, at most %d MiB after a GC,"
                        + " %d GCs in %d ms", CHILD_RESULT, code, (System.nanoTime() - start) / 1e9, (cpu() - cpuStart) / 1e9,
                figures.peakMiB(), figures.liveAfterGcMiB(), figures.gcCount(), figures.gcMillis()));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The mixed suite in {@code dir}: 60 % of the tests in 180 YAML files (every tenth case three utterances), 25 % in 80
     * CSV files, 15 % as four-turn conversations in 40 YAML files, in team and area folders; intents, flows, the order id
     * as an entity; one test in 50 expecting another intent. Returns the number of tests.
     */
    static int writeMixedSuite(Path dir, int total) throws IOException {
        String[][] intents = {
                {"greeting", "flow_greeting", "hi|hello|hello there|good morning|hey"},
                {"check_order", "flow_order_status", "where is my order ORD_%d|order status ORD_%d|track my package ORD_%d"},
                {"escalate", "flow_escalation", "I want a human|transfer me to an agent|let me talk to a real person"},
                {"send_invoice", "flow_invoice", "email my invoice|send the invoice to my email"}};
        int yamlFiles = 180;
        int csvFiles = 80;
        int conversationFiles = 40;
        int perYaml = total * 60 / 100 / yamlFiles;
        int perCsv = total * 25 / 100 / csvFiles;
        int perConversations = total * 15 / 100 / conversationFiles / 4;
        int id = 0;
        int tests = 0;
        for (int f = 0; f < yamlFiles; f++) {
            String team = String.format(Locale.ROOT, "team%02d", f % 12);
            List<String> lines = new ArrayList<>(List.of("version: 1", "bot: telco", "flows: [flow_greeting, flow_order_status, flow_escalation, flow_invoice]",
                    "defaults:", "  tags: [regression, " + team + "]", "cases:"));
            for (int c = 0; c < perYaml; id++) {
                String[] intent = intents[id % intents.length];
                String said = utterance(intent, id);
                String expected = id % 50 == 7 ? (intent[0].equals("greeting") ? "escalate" : "greeting") : intent[0];
                lines.add("  - id: test_y" + id);
                if (id % 10 == 3 && c + 3 <= perYaml) {
                    lines.add("    utterances: [\"" + said + " v0\", \"" + said + " v1\", \"" + said + " v2\"]");
                    c += 3;
                } else {
                    lines.add("    utterance: \"" + said + "\"");
                    c++;
                }
                String entity = said.contains("ORD_") ? ", entities: { order_id: ORD_" + id + " }" : "";
                lines.add("    expect: { intent: " + expected + ", next_flow: " + intent[1] + entity + " }");
                if (id % 4 == 0) lines.add("    tags: [area" + id % 7 + "]");
            }
            tests += perYaml;
            write(dir.resolve(team).resolve("area" + f % 5).resolve(String.format(Locale.ROOT, "suite-%03d.sim.yaml", f)), lines);
        }
        for (int f = 0; f < csvFiles; f++) {
            String team = String.format(Locale.ROOT, "team%02d", f % 12);
            List<String> lines = new ArrayList<>(List.of("id,utterance,intent,next_flow,response_contains,entities,user,tags"));
            for (int c = 0; c < perCsv; c++, id++) {
                String[] intent = intents[id % intents.length];
                String said = utterance(intent, id);
                String expected = id % 50 == 7 ? (intent[0].equals("greeting") ? "escalate" : "greeting") : intent[0];
                lines.add("test_c" + id + ",\"" + said + "\"," + expected + "," + intent[1] + ",,"
                        + (said.contains("ORD_") ? "order_id=ORD_" + id : "") + ",,smoke");
            }
            tests += perCsv;
            write(dir.resolve(team).resolve("csv").resolve(String.format(Locale.ROOT, "table-%03d.sim.csv", f)), lines);
        }
        for (int f = 0; f < conversationFiles; f++) {
            String team = String.format(Locale.ROOT, "team%02d", f % 12);
            List<String> lines = new ArrayList<>(List.of("version: 1", "bot: telco", "flows: [flow_greeting, flow_order_status, flow_escalation]",
                    "defaults:", "  tags: [regression, " + team + "]", "conversations:"));
            for (int c = 0; c < perConversations; c++, id++) {
                lines.addAll(List.of("  - id: test_conv" + id, "    turns:",
                        "      - say: hi", "        expect: { intent: greeting }",
                        "      - say: where is my order ORD_" + id, "        expect: { intent: check_order, entities: { order_id: ORD_" + id + " } }",
                        "      - say: track my package", "        expect: { intent: check_order }",
                        "      - say: I want a human", "        expect: { intent: escalate }"));
            }
            tests += perConversations * 4;
            write(dir.resolve(team).resolve("conversations").resolve(String.format(Locale.ROOT, "conv-%03d.sim.yaml", f)), lines);
        }
        return tests;
    }

    private static String utterance(String[] intent, int id) {
        String[] examples = intent[2].split("\\|");
        return examples[(id / 4) % examples.length].replace("%d", String.valueOf(id)) + " " + id;
    }

    /**
     * The mail suite in {@code dir}: in 250 YAML files, every test asks for its invoice at an e-mail address of its own
     * and expects it as the {@code email} slot. Returns the number of tests.
     */
    static int writeMailSuite(Path dir, int total) throws IOException {
        int files = 250;
        int perFile = total / files;
        int id = 0;
        for (int f = 0; f < files; f++) {
            List<String> lines = new ArrayList<>(List.of("version: 1", "bot: telco", "flows: [flow_invoice]", "cases:"));
            for (int c = 0; c < perFile; c++, id++) {
                String address = String.format(Locale.ROOT, "customer.%d.x%x@example-telco.com", id, id * 7919);
                lines.addAll(List.of("  - id: test_m" + id, "    utterance: \"email my invoice to " + address + "\"",
                        "    expect: { intent: send_invoice, entities: { email: \"" + address + "\" } }"));
            }
            write(dir.resolve(String.format(Locale.ROOT, "team%02d", f % 10)).resolve(String.format(Locale.ROOT, "mail-%03d.sim.yaml", f)), lines);
        }
        return perFile * files;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
