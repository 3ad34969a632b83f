package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run's verdict as every consumer sees it — console, {@code results.json}, {@code index.html},
 * the audit record and the webhook payload: tests that could not be built count as failed, and a run
 * whose audit record could not be written is never COMPLIANT.
 */
class RunVerdictTest {

    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("verdict-test-key-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer receiver = LoopbackServers.mockWebServer();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** One run as its consumers saw it. */
    private record Seen(EngineExecutionResults results, String console, JsonNode resultsJson, String html,
                        List<String> audit, JsonNode webhook) {

        Throwable engineFailure() {
            return results.containerEvents().failed().stream().findFirst()
                    .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable)
                    .orElseThrow();
        }

        JsonNode result(String testId) {
            return StreamSupport.stream(resultsJson.path("results").spliterator(), false)
                    .filter(r -> r.path("test_id").asString().equals(testId)).findFirst().orElseThrow();
        }
    }

    private Seen run(Path audit, DiscoverySelector... selectors) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        receiver.start();
        Path reports = dir.resolve("reports");
        Map<String, String> env = Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        ScriptedBackend backend = new ScriptedBackend();
        CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, config -> backend, Clock.systemUTC()));
        PrintStream out = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results;
        try (PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            results = EngineTestKit.engine(engine)
                    .configurationParameter(Constants.REPORT_DIR, reports.toString())
                    .configurationParameter(Constants.AUDIT_FILE, audit.toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(selectors).execute();
        } finally {
            System.setOut(out);
        }
        assertThat(receiver.getRequestCount()).as("webhook deliveries").isEqualTo(1);
        return new Seen(results, console.toString(StandardCharsets.UTF_8),
                JSON.readTree(reports.resolve("results.json").toFile()),
                Files.readString(reports.resolve("index.html")),
                Files.exists(audit) ? Files.readAllLines(audit) : List.of(),
                JSON.readTree(receiver.takeRequest().getBody().utf8()));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    @DisplayName("item 1: one good case, then a YAML syntax error losing 100 cases: the run counts 1 passed and 1 failed"
            + " and is REVIEW_REQUIRED in the console, results.json, index.html, the audit record and the webhook;"
            + " the problem says the rest of the file was not read")
    void syntaxErrorCountsAsFailedEverywhere() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                cases:
                  - id: test_greeting
                    utterance: hello
                    expect:
                      intent: greeting
                  - id: test_broken
                    utterance: hi: there
                """);
        for (int i = 1; i <= 100; i++) yaml.append("  - id: test_lost_").append(i).append("\n    utterance: hello\n");
        Path data = file("orders.sim.yaml", yaml.toString());

        Seen seen = run(dir.resolve("audit.jsonl"), selectFile(data.toFile()));

        seen.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(seen.console()).contains("2 simulations, 1 passed, 1 failed (50.0 %)", "governance: REVIEW_REQUIRED");

        assertThat(seen.resultsJson().path("summary").path("total").asInt()).isEqualTo(2);
        assertThat(seen.resultsJson().path("summary").path("failed").asInt()).isEqualTo(1);
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        JsonNode problem = StreamSupport.stream(seen.resultsJson().path("results").spliterator(), false)
                .filter(r -> !r.path("test_id").asString().equals("test_greeting")).findFirst().orElseThrow();
        assertThat(problem.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(problem.path("line").asInt()).isEqualTo(7);
        assertThat(problem.path("message").asString()).contains("YAML syntax error",
                "the rest of the file after line 7 (200 lines) was not read");

        assertThat(seen.html()).contains("REVIEW_REQUIRED", "<b>2</b><span>simulations</span>",
                "the rest of the file after line 7 (200 lines) was not read");

        assertThat(seen.audit()).singleElement().asString().contains("\"governance\":\"REVIEW_REQUIRED\"", "\"total\":2",
                "\"failed\":1", "\"passed\":1");

        JsonNode webhook = seen.webhook();
        assertThat(webhook.path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(webhook.path("batch_summary").path("total_tests").asInt()).isEqualTo(2);
        assertThat(webhook.path("batch_summary").path("failed").asInt()).isEqualTo(1);
        assertThat(webhook.path("detailed_results")).hasSize(2).anySatisfy(r -> {
            assertThat(r.path("outcome").asString()).isEqualTo("failed");
            assertThat(r.path("message").asString()).contains("was not read");
        });
    }

    @Test
    @DisplayName("item 1: a run with an invalid data file is never COMPLIANT, even when its pass rate meets the"
            + " threshold (20 passed, 1 invalid file: 95.2 % of 95 %)")
    void invalidInputIsNeverCompliant() throws Exception {
        StringBuilder good = new StringBuilder("cases:\n");
        for (int i = 1; i <= 20; i++) {
            good.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect:\n      intent: greeting\n");
        }
        Path valid = file("good.sim.yaml", good.toString());
        Path broken = file("broken.sim.yaml", "cases:\n  - id: test_broken\n    utterance: [unclosed\n");

        Seen seen = run(dir.resolve("audit.jsonl"), selectFile(valid.toFile()), selectFile(broken.toFile()));

        seen.results().testEvents().assertStatistics(stats -> stats.started(21).succeeded(20).failed(1));
        assertThat(seen.console()).contains("21 simulations, 20 passed, 1 failed (95.2 %)",
                "governance: REVIEW_REQUIRED (threshold 95 %)" + System.lineSeparator() + "[cognigy]   invalid_input: 1 test stands for invalid input");
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(seen.html()).contains("REVIEW_REQUIRED").doesNotContain("COMPLIANT<");
        assertThat(seen.audit()).singleElement().asString().contains("\"governance\":\"REVIEW_REQUIRED\"");
        assertThat(seen.webhook().path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
    }

    @Test
    @DisplayName("item 1: every kind of problem test — unknown key, duplicate id across files, invalid annotated method —"
            + " is a failed result in results.json, the audit record and the webhook, so the run cannot be COMPLIANT")
    void everyProblemTestCounts() throws Exception {
        Path first = file("a.sim.yaml", """
                cases:
                  - id: test_hello
                    utterance: hello
                    expect:
                      intent: greeting
                  - id: test_typo
                    utterance: hi
                    intnet: greeting
                  - id: test_hi
                    utterance: hi
                    expect:
                      intent: greeting
                """);
        Path second = file("b.sim.yaml", """
                cases:
                  - id: test_hello
                    utterance: hello
                """);

        Seen seen = run(dir.resolve("audit.jsonl"), selectFile(first.toFile()), selectFile(second.toFile()),
                selectClass(dev.botsim.cognigy.engine.fixtures.invalid.EscapingDataPath.class));

        long problems = seen.results().testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("invalid: ")).count();
        assertThat(problems).as("problem tests").isGreaterThanOrEqualTo(3);
        long passed = seen.results().testEvents().succeeded().count();
        long total = seen.results().testEvents().started().count();
        assertThat(seen.resultsJson().path("summary").path("total").asLong()).isEqualTo(total);
        assertThat(seen.resultsJson().path("summary").path("passed").asLong()).isEqualTo(passed);
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(seen.resultsJson().path("results")).hasSize((int) total);
        assertThat(StreamSupport.stream(seen.resultsJson().path("results").spliterator(), false)
                .filter(r -> r.path("name").asString().startsWith("invalid: ")))
                .hasSize((int) problems)
                .allSatisfy(r -> assertThat(r.path("outcome").asString()).isEqualTo("FAILED"))
                .anySatisfy(r -> assertThat(r.path("message").asString()).contains("test_hello", "must be unique"))
                .anySatisfy(r -> assertThat(r.path("message").asString()).contains("'intnet'"))
                .anySatisfy(r -> assertThat(r.path("source").asString())
                        .isEqualTo(dev.botsim.cognigy.engine.fixtures.invalid.EscapingDataPath.class.getName()));
        assertThat(seen.audit()).singleElement().asString().contains("\"governance\":\"REVIEW_REQUIRED\"",
                "\"total\":" + total);
        assertThat(seen.webhook().path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(seen.webhook().path("batch_summary").path("total_tests").asLong()).isEqualTo(total);
        assertThat(seen.webhook().path("batch_summary").path("failed").asLong()).isEqualTo(total - passed);
        assertThat(seen.webhook().path("detailed_results")).hasSize((int) total);
        List<String> testIds = StreamSupport.stream(seen.webhook().path("detailed_results").spliterator(), false)
                .map(r -> r.path("test_id").asString()).toList();
        assertThat(testIds).as("test ids stay unique for the QA platform").doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("item 4: every test passes but the audit record cannot be written: UNAUDITED, not COMPLIANT, in the"
            + " console, results.json, index.html and the webhook; the run still fails saying why")
    void unwritableAuditIsUnaudited() throws Exception {
        Path data = file("greetings.sim.yaml", """
                cases:
                  - id: test_hello
                    utterance: hello
                    expect:
                      intent: greeting
                  - id: test_hi
                    utterance: hi
                    expect:
                      intent: greeting
                """);
        Path blocker = file("not-a-directory", "x");

        Seen seen = run(blocker.resolve("audit.jsonl"), selectFile(data.toFile()));

        seen.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(seen.console()).contains("2 simulations, 2 passed", "governance: UNAUDITED")
                .doesNotContain("COMPLIANT");
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("UNAUDITED");
        assertThat(seen.resultsJson().path("governance").path("passed").asInt()).isEqualTo(2);
        assertThat(seen.html()).contains("UNAUDITED").doesNotContain("COMPLIANT");
        assertThat(seen.webhook().path("governance").asString()).isEqualTo("UNAUDITED");
        assertThat(seen.webhook().path("audit_checkpoint").isNull()).isTrue();
        assertThat(seen.audit()).isEmpty();
        assertThat(seen.engineFailure()).hasMessageContaining("could not be written")
                .hasMessageContaining("cannot count as compliant");
    }

    @Test
    @DisplayName("item 4: with its audit record written, the same passing run is COMPLIANT everywhere")
    void writtenAuditIsCompliant() throws Exception {
        Path data = file("greetings.sim.yaml", """
                cases:
                  - id: test_hello
                    utterance: hello
                    expect:
                      intent: greeting
                """);

        Seen seen = run(dir.resolve("audit.jsonl"), selectFile(data.toFile()));

        assertThat(seen.console()).contains("governance: COMPLIANT");
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(seen.audit()).singleElement().asString().contains("\"governance\":\"COMPLIANT\"");
        assertThat(seen.webhook().path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(seen.webhook().path("audit_checkpoint").path("records").asInt()).isEqualTo(1);
        assertThat(seen.results().containerEvents().failed().count()).isZero();
    }
}
