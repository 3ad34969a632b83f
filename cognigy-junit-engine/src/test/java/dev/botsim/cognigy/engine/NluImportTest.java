package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.importing.ImportCommandAccess;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * The {@code import} command against the sandbox's management API (its intents and example sentences in Cognigy's
 * shapes), and the suite it writes run through {@code cognigy.backend=nlu}.
 */
class NluImportTest {

    private CognigySandbox sandbox;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/intents-300-bot.yaml"),
                SandboxOptions.defaults().withProcessingTime(Duration.ofMillis(20)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private int importInto(Path target, Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("--management-url", sandbox.managementUrl(), "--project-id",
                sandbox.projectId(), "--out", target.toString()));
        args.addAll(List.of(extra));
        return ImportCommandAccess.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Map<String, String> keyAndEndpoint() {
        return Map.of(Constants.MANAGEMENT_API_KEY_ENV, sandbox.managementApiKey(), Constants.ENDPOINT_URL_ENV,
                sandbox.endpointUrl());
    }

    private EngineExecutionResults runNlu(Path suite) {
        Map<String, String> env = keyAndEndpoint();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "nlu")
                .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectDirectory(suite.toFile())).execute();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sim.yaml")).sorted().toList();
        }
    }

    private static long cases(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("  - id: ")).count();
    }

    @Test
    @DisplayName("acceptance: 10 intents of the endpoint's flow and its attached flows, 300 sentences, give 10 files whose"
            + " 300 cases all pass through cognigy.backend=nlu, one nlu/scores request each")
    void threeHundredGeneratedCasesRunThroughNlu() throws IOException {
        assertThat(importInto(dir, keyAndEndpoint())).as(err.toString()).isZero();
        List<Path> written = files(dir);
        assertThat(written).hasSize(10);
        assertThat(written.stream().mapToLong(f -> {
            try {
                return cases(f);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).sum()).isEqualTo(300);
        assertThat(out.toString()).contains("imported 10 intents of flow 'flow_fallback' and its attached flows, locale en-US: 300 cases"
                + " in 10 files");
        long importRequests = sandbox.stats().requests("management");

        long started = System.nanoTime();
        EngineExecutionResults results = runNlu(dir);
        long millis = (System.nanoTime() - started) / 1_000_000;

        results.testEvents().assertStatistics(stats -> stats.started(300).succeeded(300).failed(0));
        assertThat(sandbox.stats().requests("nlu-scores")).isEqualTo(300);
        long runRequests = sandbox.stats().requests("management") - importRequests;
        System.out.printf("[NluImportTest] import: %d management requests; run of 300 generated cases through nlu: %d ms,"
                + " %d nlu/scores requests + %d other management requests%n", importRequests, millis,
                sandbox.stats().requests("nlu-scores"), runRequests);
    }

    @Test
    @DisplayName("--holdout 20%: the same sentences go to *.holdout.sim.yaml on every import, the two parts together are"
            + " every sentence once, and a hand-written case after the end marker survives a re-import")
    void holdoutAndReimport() throws IOException {
        assertThat(importInto(dir, keyAndEndpoint(), "--holdout", "20%")).as(err.toString()).isZero();
        Path training = dir.resolve("order_pizza.sim.yaml");
        Path holdout = dir.resolve("order_pizza.holdout.sim.yaml");
        long kept = cases(training);
        long held = cases(holdout);
        assertThat(kept + held).isEqualTo(30);
        assertThat(held).isBetween(1L, 15L);
        assertThat(Files.readString(holdout)).contains("tags: [generated, holdout]").contains("mode: nlu");
        long allHeld = 0;
        for (Path f : files(dir)) if (f.toString().endsWith(".holdout.sim.yaml")) allHeld += cases(f);
        assertThat(out.toString()).contains((300 - allHeld) + " cases and " + allHeld + " held-out cases (20 %)");

        String handWritten = "  - id: test_my_own_pizza\n    utterance: \"one calzone to go\"\n    expect: { intent: order_pizza }\n";
        Files.writeString(training, Files.readString(training) + handWritten);
        String before = Files.readString(holdout);

        assertThat(importInto(dir, keyAndEndpoint(), "--holdout", "20%")).as(err.toString()).isZero();
        assertThat(Files.readString(training)).endsWith(handWritten);
        assertThat(cases(training)).isEqualTo(kept + 1);
        assertThat(Files.readString(holdout)).isEqualTo(before);
    }

    @Test
    @DisplayName("no key, an unknown flow, an unreachable tenant, a hand-written file in the way: one line each, never the key")
    void errors() throws IOException {
        assertThat(importInto(dir, Map.of())).isEqualTo(2);
        assertThat(err.toString()).startsWith("import: set the environment variable COGNIGY_API_KEY").hasLineCount(1);

        err.reset();
        long requests = sandbox.stats().requests("management");
        assertThat(importInto(dir, Map.of(Constants.MANAGEMENT_API_KEY_ENV, sandbox.managementApiKey()))).as("neither --flow nor"
                + " an endpoint: wrong use").isEqualTo(2);
        assertThat(err.toString()).startsWith("import: which flow? give --flow").contains("COGNIGY_ENDPOINT_URL", "usage:")
                .doesNotContain(sandbox.managementApiKey());
        assertThat(sandbox.stats().requests("management")).as("nothing asked of the tenant").isEqualTo(requests);

        err.reset();
        assertThat(importInto(dir, keyAndEndpoint(), "--flow", "No Such Flow")).isEqualTo(1);
        assertThat(err.toString()).startsWith("import: no flow 'No Such Flow' in the project (flows: flow_fallback, flow_0,")
                .hasLineCount(1).doesNotContain(sandbox.managementApiKey());

        err.reset();
        Map<String, String> env = new HashMap<>(keyAndEndpoint());
        List<String> args = List.of("--management-url", "http://127.0.0.1:1/", "--project-id", sandbox.projectId(), "--out",
                dir.toString(), "--flow", "flow_fallback", "--locale", "en-US");
        assertThat(ImportCommandAccess.run(args, env::get, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("import: ").hasLineCount(1).doesNotContain(sandbox.managementApiKey());

        err.reset();
        List<String> wrongProject = List.of("--management-url", sandbox.managementUrl(), "--project-id", "no-such-project",
                "--out", dir.toString());
        assertThat(ImportCommandAccess.run(wrongProject, keyAndEndpoint()::get, new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isNotZero();
        // The command's own options are named, not only the test run's configuration keys.
        assertThat(err.toString()).contains("refused project no-such-project", "--project-id of import", "--management-url")
                .doesNotContain(sandbox.managementApiKey());

        err.reset();
        String otherToken = "0123456789abcdef0123456789abcdef";
        Map<String, String> otherEndpoint = Map.of(Constants.MANAGEMENT_API_KEY_ENV, sandbox.managementApiKey(),
                Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl().replaceAll("[^/]+$", otherToken));
        assertThat(importInto(dir, otherEndpoint)).isEqualTo(1);
        assertThat(err.toString()).contains("has the URL token of COGNIGY_ENDPOINT_URL", "--project-id of import")
                .hasLineCount(1).doesNotContain(sandbox.managementApiKey(), otherToken);

        err.reset();
        Files.writeString(dir.resolve("order_pizza.sim.yaml"), "version: 1\ncases: []\n");
        assertThat(importInto(dir, keyAndEndpoint())).isEqualTo(1);
        assertThat(err.toString()).contains("order_pizza.sim.yaml exists without the import's markers: it is not overwritten, and no file was written")
                .hasLineCount(1);
    }

    @Test
    @DisplayName("an --out that is a file says why it cannot be written and what to do; a management URL that is not one is"
            + " wrong use (exit 2, with the usage), as the other arguments are")
    void outThatCannotBeWrittenAndAUrlThatIsNone() throws IOException {
        Path file = Files.writeString(dir.resolve("nlu"), "a file, not a folder");
        assertThat(importInto(file, keyAndEndpoint())).isEqualTo(1);
        assertThat(err.toString()).startsWith("import: cannot write " + file).contains(file + " is a file where its folder should be;"
                + " remove or rename that file, or point --out at another folder").doesNotContain("in the way").hasLineCount(1);

        err.reset();
        List<String> args = List.of("--management-url", "api-trial.cognigy.ai", "--project-id", sandbox.projectId(), "--out",
                dir.resolve("suite").toString());
        assertThat(ImportCommandAccess.run(args, keyAndEndpoint()::get, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("import: --management-url is not an http(s) URL: api-trial.cognigy.ai").contains("usage:");

        // a key pasted into the URL (as a user name or a query) is not repeated into the CI log
        err.reset();
        List<String> withKey = List.of("--management-url", "htps://admin:canary-key-31@api-trial.cognigy.ai/?api_key=canary-key-32",
                "--project-id", sandbox.projectId(), "--out", dir.resolve("suite").toString());
        assertThat(ImportCommandAccess.run(withKey, keyAndEndpoint()::get, new PrintStream(out), new PrintStream(err, true,
                StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString()).startsWith("import: --management-url is not an http(s) URL: htps://****@api-trial.cognigy.ai/?****")
                .doesNotContain("canary-key");
    }
}
