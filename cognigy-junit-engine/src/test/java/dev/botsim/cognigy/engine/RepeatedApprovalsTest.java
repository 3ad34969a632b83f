package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A repeated test with an approved answer compares every run with it: one approved answer per test (the one most runs
 * gave, when none was approved yet or {@code cognigy.approve=true} accepts anew), and a run whose answer differs fails.
 * In CI a repeated test without an approved answer fails as not approved yet, as a test run once does.
 */
class RepeatedApprovalsTest {

    @TempDir
    Path dir;

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return listener.finished.stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("the second of three runs answers in other words: it differs from the approved answer the first run"
            + " wrote, so the case and the conversation's turn are FLAKY and fail; the file holds the first run's answer")
    void everyRunCompared(boolean approve) throws Exception {
        BotTurn reworded = TestTurns.turn(0, "flow_order_status", "check_order", 0.93, Map.of(), "Which order do you mean?",
                null, null);
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("where is my order", 2), reworded)
                .answering(ScriptedBackend.nthAsking("track my package", 2), reworded);
        RecordingListener listener = new RecordingListener();

        // One message at a time: the runs go out in their order, so run 2 is the second to ask.
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.APPROVE_DIR, dir.toString())
                .configurationParameter(Constants.APPROVE, String.valueOf(approve))
                .selectors(selectClasspathResource("fixtures/repeat/approved.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        for (String test : new String[] {"test_order_status", "test_greet_then_order#2"}) {
            SimulationRecord repeated = record(listener, test);
            assertThat(repeated.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(repeated.repetitions().stability()).isEqualTo(Stability.FLAKY);
            assertThat(repeated.repetitions().passed()).isEqualTo(2);
            assertThat(repeated.message()).contains("run 2 of 3: bot answer differs from the approved answer",
                    "Which order do you mean?");
        }
        String approved = Files.readString(dir.resolve("fixtures/repeat/approved.sim.yaml.approved.yaml"));
        assertThat(approved).contains("test_order_status:", "test_greet_then_order#2:", "Sure, what is your order number?")
                .doesNotContain("Which order do you mean?");
    }

    private static final BotTurn AGENT = TestTurns.turn(0, "flow_escalation", "escalate", 0.9, Map.of(),
            "Connecting you to an agent", null, null);

    private Path dataFile(String text) throws IOException {
        Path data = dir.resolve("tests/orders.sim.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, text);
        return data;
    }

    private Path approvalFile() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("approved"))) {
            return files.filter(p -> p.toString().endsWith("orders.sim.yaml.approved.yaml")).findFirst().orElseThrow();
        }
    }

    private EngineExecutionResults run(ScriptedBackend backend, Map<String, String> environment, RecordingListener listener,
                                       ByteArrayOutputStream console, Path data, boolean approve) {
        EngineServices services = new EngineServices(environment::get, config -> backend, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(listener);
        return EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                .configurationParameter(Constants.APPROVE, String.valueOf(approve))
                .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();
    }

    private static List<String> approvalNotes(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("cognigy.approval"))
                .filter(java.util.Objects::nonNull).toList();
    }

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("the first of five runs gives an answer the other four do not: the answer most runs gave is approved,"
            + " the odd run fails against it, and a later run of the steady bot passes")
    void mostFrequentAnswerApproved(boolean approve) throws Exception {
        Path data = dataFile("version: 1\ncases:\n  - id: test_order\n    utterance: where is my order\n    repeat: 5\n"
                + "    expect: approved\nconversations:\n  - id: test_greet_then_order\n    repeat: 5\n    turns:\n"
                + "      - say: hi\n        expect: { intent: greeting }\n      - say: track my package\n"
                + "        expect: approved\n");
        ScriptedBackend wavering = new ScriptedBackend()
                .answering(ScriptedBackend.nthAsking("where is my order", 1), AGENT)
                .answering(ScriptedBackend.nthAsking("track my package", 1), AGENT);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults first = run(wavering, Map.of(), listener, new ByteArrayOutputStream(), data, approve);

        first.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        for (String test : new String[] {"test_order", "test_greet_then_order#2"}) {
            SimulationRecord repeated = record(listener, test);
            assertThat(repeated.repetitions().stability()).isEqualTo(Stability.FLAKY);
            assertThat(repeated.repetitions().passed()).isEqualTo(4);
            assertThat(repeated.approval()).isEqualTo(SimulationRecord.Approval.NEWLY_APPROVED);
            assertThat(repeated.message()).contains("of 5: bot answer differs from the approved answer",
                    "approved \"check_order\", the bot answered \"escalate\"");
        }
        assertThat(approvalNotes(first)).hasSize(2).allSatisfy(note -> assertThat(note)
                .contains("the answer 4 of the 5 runs gave, the most frequent"));
        assertThat(Files.readString(approvalFile())).contains("Sure, what is your order number?")
                .doesNotContain("escalate", "Connecting you to an agent");

        RecordingListener steady = new RecordingListener();
        run(new ScriptedBackend(), Map.of(), steady, new ByteArrayOutputStream(), data, false)
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(record(steady, "test_order").repetitions().stability()).isEqualTo(Stability.STABLE);
    }

    @Test
    @DisplayName("in CI a repeated test without an approved answer fails as not approved yet, as a test run once does:"
            + " approval missing, the runs' answers in its message, and no BROKEN verdict in the stability figures")
    void notApprovedYetInCi() throws Exception {
        Path data = dataFile("version: 1\ncases:\n  - id: test_order\n    utterance: where is my order\n    repeat: 3\n"
                + "    expect: approved\n  - id: test_once\n    utterance: hi\n    expect: approved\n"
                + "conversations:\n  - id: test_greet_then_order\n    repeat: 3\n    turns:\n"
                + "      - say: hi\n        expect: { intent: greeting }\n      - say: track my package\n"
                + "        expect: approved\n");
        RecordingListener listener = new RecordingListener();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        EngineExecutionResults ci = run(new ScriptedBackend(), Map.of("CI", "true"), listener, console, data, false);

        ci.testEvents().assertStatistics(stats -> stats.started(4).succeeded(1).failed(3));
        for (String test : new String[] {"test_order", "test_greet_then_order#2", "test_once"}) {
            SimulationRecord missing = record(listener, test);
            assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(missing.approval()).isEqualTo(SimulationRecord.Approval.MISSING);
            assertThat(missing.repetitions()).as(test).isNull();
            assertThat(missing.message()).contains("no approved answer for " + test, "CI=true")
                    .doesNotContain("BROKEN");
        }
        assertThat(record(listener, "test_order").message()).contains("intent: \"check_order\"",
                "its 3 runs: intents: check_order ×3");
        assertThat(record(listener, "test_greet_then_order#1").repetitions().stability()).isEqualTo(Stability.STABLE);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] stability: 0 flaky, 0 broken, 1 stable");
        JsonNode results = JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("stability").path("counts").path("broken").asInt()).isZero();
        assertThat(Files.exists(dir.resolve("approved"))).isFalse();
    }

    @Test
    @DisplayName("an approval file that cannot be read (a merge conflict) judges no run: a repeated test fails once,"
            + " naming the file's line, with no repetitions and no BROKEN verdict, as one not approved yet")
    void unreadableApprovalFileJudgesNoRun() throws Exception {
        Path data = dataFile("version: 1\ncases:\n  - id: test_order\n    utterance: where is my order\n    repeat: 3\n"
                + "    expect: approved\nconversations:\n  - id: test_greet_then_order\n    repeat: 3\n    turns:\n"
                + "      - say: hi\n        expect: { intent: greeting }\n      - say: track my package\n"
                + "        expect: approved\n");
        run(new ScriptedBackend(), Map.of(), new RecordingListener(), new ByteArrayOutputStream(), data, false)
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        Files.writeString(approvalFile(), Files.readString(approvalFile()) + "<<<<<<< HEAD\n");
        RecordingListener listener = new RecordingListener();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        run(new ScriptedBackend(), Map.of(), listener, console, data, false)
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));

        for (String test : new String[] {"test_order", "test_greet_then_order#2"}) {
            SimulationRecord unreadable = record(listener, test);
            assertThat(unreadable.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(unreadable.approval()).isEqualTo(SimulationRecord.Approval.UNREADABLE);
            assertThat(unreadable.repetitions()).as(test).isNull();
            assertThat(unreadable.message()).contains("approval file has a merge conflict marker", "its 3 runs: intents: ")
                    .doesNotContain("BROKEN");
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] stability: 0 flaky, 0 broken, 1 stable");
        JsonNode results = JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("stability").path("counts").path("broken").asInt()).isZero();
    }

    @Test
    @DisplayName("a repeated conversation's turn whose answer differs from the approved one in run 1 fails the later"
            + " turns in run 1 too, though they were sent before it was judged: the last turn's verdict stays the whole"
            + " conversation's")
    void laterTurnsOfARunWhoseTurnDiffers() throws Exception {
        Path data = dataFile("version: 1\nconversations:\n  - id: test_greet_then_order\n    repeat: 3\n    turns:\n"
                + "      - say: hi\n        expect: approved\n      - say: where is my order\n"
                + "        expect: { intent: check_order }\n");
        run(new ScriptedBackend(), Map.of(), new RecordingListener(), new ByteArrayOutputStream(), data, false)
                .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        BotTurn reworded = TestTurns.turn(0, "flow_greeting", "greeting", 0.93, Map.of(), "Hey there!", null, null);
        // Run 1 (the turns' own ids) greets in other words; run 2 ([repetition:2]) misreads the order.
        ScriptedBackend wavering = new ScriptedBackend()
                .answering(r -> "hi".equals(r.text()) && !r.test().contains("[repetition:"), reworded)
                .answering(r -> "where is my order".equals(r.text()) && r.test().contains("[repetition:2]"), AGENT);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.<String, String>of()::get,
                        config -> wavering, Clock.systemUTC()).withListeners(listener)
                        .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString())
                .configurationParameter(Constants.REPEAT_PASS_RATIO, "0.5")
                .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(record(listener, "test_greet_then_order#1").repetitions().passed()).isEqualTo(2);
        SimulationRecord last = record(listener, "test_greet_then_order#2");
        assertThat(last.repetitions().passed()).as("run 3 alone held every turn").isEqualTo(1);
        assertThat(last.repetitions().intents()).as("run 1's turn 2 was sent and answered")
                .containsEntry("check_order", 2).containsEntry("escalate", 1);
        assertThat(last.message()).contains("run 1 of 3: turn 1 \"hi\" failed in this run, so this turn does not pass in"
                + " it (it was sent before that turn was judged): bot answer differs from the approved answer");
    }
}
