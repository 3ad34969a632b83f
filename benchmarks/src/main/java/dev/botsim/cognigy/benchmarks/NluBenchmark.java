package dev.botsim.cognigy.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.sandbox.SandboxStats;

/**
 * The same intent-only utterances through {@code cognigy.backend=nlu} (one {@code nlu/scores} request each, through
 * the management API) and through {@code cognigy.backend=endpoint} (one REST Endpoint message each, the flow run),
 * each against a fresh sandbox over loopback HTTP, the engine launched through the JUnit Launcher API as Surefire
 * launches it. Prints one line per backend and run: discovery and wall time, the requests the sandbox received by
 * kind, and the tests passed and failed (the same sentences, the same NLU: the two must agree).
 *
 * <p>Arguments: {@code utterances=N} (default 1,000), {@code runs=N} (default 1), {@code backends=nlu,endpoint}. Each
 * backend first runs 200 utterances unmeasured (the JVM's warm-up); measured runs alternate the order of the backends.
 * The engine keeps to the management API's budget of 1,000 requests per 5 minutes here too, as against a tenant.
 */
final class NluBenchmark {

    static final String API_KEY = "bench-management-key";

    /** Utterances of the unmeasured first run of each backend: well inside one window of the management budget. */
    static final int WARM_UP = 200;

    /** The bot both backends talk to: five intents in four flows, the sandbox's deterministic NLU. */
    static final String BOT = """
            bot: nlu-bench
            threshold: 0.35
            flows:
              - id: flow_greeting
                intents:
                  - {name: greeting, examples: [hi, hello, hello there, good morning, good evening, hey]}
                responses: ["Hello!"]
              - id: flow_order
                intents:
                  - {name: check_order, examples: [where is my order, track my package, has my order shipped, order status]}
                  - {name: cancel_order, examples: [cancel my order, I do not want my order any more, stop my order]}
                responses: ["Let me look."]
              - id: flow_escalation
                intents:
                  - {name: escalate, examples: [I want a human, transfer me to an agent, let me talk to a real person]}
                responses: ["Connecting you."]
              - id: flow_hours
                intents:
                  - {name: opening_hours, examples: [when are you open, what are your opening hours, are you open today]}
                responses: ["Noon to midnight."]
            fallback:
              flow: flow_fallback
              response: "Sorry?"
            """;

    /** Sentences and the intent each is meant as; prefixes and suffixes make the 1,000 distinct. */
    private static final String[][] SENTENCES = {
            {"greeting", "hi"}, {"greeting", "hello there"}, {"greeting", "good morning"},
            {"check_order", "where is my order"}, {"check_order", "has my order shipped yet"}, {"check_order", "track my package"},
            {"cancel_order", "cancel my order"}, {"cancel_order", "please stop my order"},
            {"escalate", "I want a human"}, {"escalate", "transfer me to an agent"},
            {"opening_hours", "when are you open"}, {"opening_hours", "are you open today"}};
    private static final String[] PREFIXES = {"", "please", "ok", "so", "well", "excuse me", "quick question", "hey bot",
            "one thing", "right"};
    private static final String[] SUFFIXES = {"", "thanks", "now", "please", "today", "thank you", "asap", "ok", "for me",
            "again"};

    /** What one backend's run measured. */
    record Run(String backend, long tests, double discoverySeconds, double wallSeconds, Map<String, Long> requests,
               long passed, long failed, String firstFailure) {

        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private NluBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int utterances = 1000;
        int runs = 1;
        List<String> backends = List.of("nlu", "endpoint");
        for (String arg : args) {
            if (arg.startsWith("utterances=")) utterances = Integer.parseInt(arg.substring("utterances=".length()));
            else if (arg.startsWith("runs=")) runs = Integer.parseInt(arg.substring("runs=".length()));
            else if (arg.startsWith("backends=")) backends = List.of(arg.substring("backends=".length()).split(","));
            else throw new IllegalArgumentException("unknown argument " + arg + "; use utterances=N, runs=N, backends=nlu,endpoint");
        }
        // Neither backend may pay the JVM's warm-up for the other: both run once, unmeasured, before the first run.
        for (String backend : backends) System.out.println("warm-up: " + line(run(backend, WARM_UP), 0));
        for (int i = 1; i <= runs; i++) {
            // Alternating the order, so the machine's drift over a run does not favour one backend.
            List<String> order = new ArrayList<>(backends);
            if (i % 2 == 0) java.util.Collections.reverse(order);
            for (String backend : order) System.out.println(line(run(backend, utterances), i));
        }
    }

    static String line(Run r, int index) {
        StringBuilder kinds = new StringBuilder();
        r.requests().forEach((kind, n) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(kind).append(' ').append(n));
        return String.format(Locale.ROOT, "nlu benchmark run %d, backend %s: %d utterances, discovery %.2f s, wall %.2f s,"
                        + " %.0f utterances/s, HTTP requests %d (%s), %.2f per utterance, passed %d, failed %d%s", index, r.backend(),
                r.tests(), r.discoverySeconds(), r.wallSeconds(), r.tests() / r.wallSeconds(), r.totalRequests(), kinds,
                (double) r.totalRequests() / r.tests(), r.passed(), r.failed(),
                r.firstFailure() == null ? "" : "; first failure: " + r.firstFailure());
    }

    /** One backend against a fresh sandbox; the files are written fresh too, and deleted after the run. */
    static Run run(String backend, int utterances) throws IOException {
        Path dir = Files.createTempDirectory("cognigy-nlu-bench");
        writeFiles(dir, utterances, 10);
        SandboxOptions options = SandboxOptions.defaults().withManagementApiKey(API_KEY).withThreads(16);
        try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT, "nlu-bench.yaml"), options)) {
            Map<String, String> environment = Map.of(Constants.MANAGEMENT_API_KEY_ENV, API_KEY,
                    Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl());
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put(Constants.BACKEND, backend);
            // Both read the bot through the management API; nlu also scores through it.
            parameters.put(Constants.MANAGEMENT_URL, sandbox.managementUrl());
            parameters.put(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId());
            parameters.put(Constants.REPORT_DIR, dir.resolve("reports").toString());
            parameters.put(Constants.PROGRESS_INTERVAL, "30s");
            Run run = launch(backend, dir, parameters, environment, sandbox.stats());
            // A few sentences are misrecognised by design (the NLU is the thing measured): the files go whatever the
            // outcome, and the line names the first failure so both backends' can be compared.
            EngineBenchmark.deleteTree(dir);
            return run;
        }
    }

    private static Run launch(String backend, Path dir, Map<String, String> parameters, Map<String, String> environment,
                              SandboxStats stats) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .build());
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request().selectors(selectDirectory(dir.toFile()));
        parameters.forEach(builder::configurationParameter);
        LauncherDiscoveryRequest request = builder.build();
        long discoveryStart = System.nanoTime();
        TestPlan plan = launcher.discover(request);
        double discovery = (System.nanoTime() - discoveryStart) / 1e9;
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(plan, summary);
        double wall = (System.nanoTime() - start) / 1e9;
        TestExecutionSummary result = summary.getSummary();
        Map<String, Long> requests = new LinkedHashMap<>();
        for (String kind : List.of("token", "info", "entities", "submit", "status", "endpoint", "management")) {
            if (stats.requests(kind) > 0) requests.put(kind, stats.requests(kind));
        }
        String firstFailure = result.getFailures().stream().findFirst()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage().lines().findFirst().orElse(""))
                .orElse(null);
        return new Run(backend, result.getTestsFoundCount(), discovery, wall, requests, result.getTestsSucceededCount(),
                result.getTestsFailedCount(), firstFailure);
    }

    /** {@code utterances} distinct intent-only cases in {@code files} files, the same for every backend. */
    static void writeFiles(Path dir, int utterances, int files) {
        List<String> all = new ArrayList<>();
        List<String> intents = new ArrayList<>();
        outer:
        for (String suffix : SUFFIXES) {
            for (String prefix : PREFIXES) {
                for (String[] sentence : SENTENCES) {
                    if (all.size() == utterances) break outer;
                    all.add((prefix + " " + sentence[1] + " " + suffix).trim());
                    intents.add(sentence[0]);
                }
            }
        }
        if (all.size() < utterances) {
            throw new IllegalArgumentException("at most " + all.size() + " distinct utterances; asked for " + utterances);
        }
        int perFile = (utterances + files - 1) / files;
        try {
            for (int f = 0, id = 0; id < utterances; f++) {
                List<String> lines = new ArrayList<>(List.of("version: 1", "cases:"));
                for (int c = 0; c < perFile && id < utterances; c++, id++) {
                    lines.add("  - id: test_utterance_" + id);
                    lines.add("    utterance: \"" + all.get(id) + "\"");
                    lines.add("    expect: { intent: " + intents.get(id) + " }");
                }
                Files.write(dir.resolve("nlu-bench-" + f + ".sim.yaml"), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
