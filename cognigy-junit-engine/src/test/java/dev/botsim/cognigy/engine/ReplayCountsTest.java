package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a run's answers came from is counted the same in {@code results.json} and the audit record, and a run split
 * into CI shards and merged counts what one JVM counts: an auditor reading the trail can tell how many verdicts rest on
 * cassettes and how many on the bot as it is now.
 */
class ReplayCountsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path data;
    private Path recorded;

    /** A suite recorded against a bot that left one test and one run of a repeated test unanswered; kept aside. */
    @BeforeEach
    void recordWithTwoMessagesUnanswered() throws IOException {
        data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hello
                    utterance: hello
                    expect: { intent: greeting }
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                  - id: test_again
                    utterance: hello there
                    repeat: 3
                    expect: { intent: greeting }
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: escalate }
                """);
        ScriptedBackend silentTwice = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if ("hi".equals(request.text()) || request.test().endsWith("[repetition:2]")) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, "no answer within 30s");
                }
                return super.send(request);
            }
        };
        run("record", silentTwice, Map.of(), "recording");
        recorded = dir.resolve("recorded");
        copy(dir.resolve("cassettes"), recorded);
    }

    @Test
    @DisplayName("the audit record counts the tests replayed, live and partly replayed, as results.json does: in replay"
            + " every test, the one failing on its recorded no-answer too; in auto those the bot was asked")
    void auditRecordCountsWhereTheAnswersCameFrom() throws IOException {
        Counts replayed = run("replay", new ScriptedBackend(), Map.of(), "replay");
        assertThat(replayed.results().path("replayed").asInt()).isEqualTo(4);
        assertThat(replayed.results().path("live").asInt()).isZero();
        assertThat(replayed.audit()).isEqualTo(replayed.results());

        Counts auto = run("auto", new ScriptedBackend(), Map.of(), "auto");
        // test_hi was recorded unanswered, so asked again; test_again's second run too, the others replayed.
        assertThat(auto.results().path("replayed").asInt()).isEqualTo(2);
        assertThat(auto.results().path("live").asInt()).isEqualTo(2);
        assertThat(auto.results().path("partly_replayed").asInt()).isEqualTo(1);
        assertThat(auto.audit()).isEqualTo(auto.results());
    }

    @Test
    @DisplayName("a test that skipped itself after its answers were replayed is not among the tests counted replayed, as it"
            + " is not among those that ran: require-live's reason never counts more tests answered from cassettes than"
            + " ran, and results.json and the audit record count what the verdict judged")
    void skippedTestsAreNotCountedReplayed() throws IOException {
        org.junit.platform.engine.DiscoverySelector skipping = DiscoverySelectors.selectMethod(
                dev.botsim.cognigy.engine.fixtures.SkippingRunsSimulation.class, "alwaysSkips");
        run("record", new ScriptedBackend(), Map.of(), "record-skipping", skipping);

        Counts replayed = run("replay", new ScriptedBackend(), Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "true"),
                "replay-skipping", skipping);
        JsonNode governance = JSON.readTree(dir.resolve("replay-skipping/reports/results.json").toFile()).path("governance");
        assertThat(governance.path("total").asInt()).as("the tests that ran").isEqualTo(4);
        assertThat(replayed.results().path("replayed").asInt()).isEqualTo(4);
        assertThat(replayed.audit()).isEqualTo(replayed.results());
        assertThat(governance.path("reasons").get(0).path("message").asString())
                .startsWith("4 of 4 simulations were answered from cassettes");
    }

    @Test
    @DisplayName("a run split into two CI shards and merged counts its replayed and live tests as one JVM does, in"
            + " results.json and in the audit record")
    void mergedShardsCountAsOneJvm() throws IOException {
        for (String mode : List.of("replay", "auto")) {
            copy(recorded, dir.resolve("cassettes"));
            Counts whole = run(mode, new ScriptedBackend(), Map.of(), "whole-" + mode);
            String runId = "run-" + mode;
            for (String shard : List.of("1/2", "2/2")) {
                // Each shard's job has the cassettes as committed, not as another shard's auto left them.
                copy(recorded, dir.resolve("cassettes"));
                run(mode, new ScriptedBackend(), Map.of(Constants.RUN_ID, runId, Constants.SHARD, shard), "shards-" + mode);
            }
            try (var parts = Files.walk(dir.resolve("shards-" + mode + "/reports"))) {
                assertThat(parts.filter(p -> p.getFileName().toString().equals("cognigy-part.json")).toList())
                        .as("each shard ran some of the tests").hasSize(2).allSatisfy(part ->
                                assertThat(JSON.readTree(part.toFile()).path("records").size()).isPositive());
            }
            Path merged = dir.resolve("merged-" + mode);
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
            MergeCommand.run(List.of("--out", merged.toString(), dir.resolve("shards-" + mode + "/reports").toString()),
                    variable -> null, Clock.systemUTC(), out, out);
            assertThat(merged.resolve("results.json")).as(mode + ": %s", said).exists();
            JsonNode results = JSON.readTree(merged.resolve("results.json").toFile());
            assertThat(results.path("summary").path("total").asInt()).as(mode + ": %s", said).isEqualTo(4);
            List<String> trail = Files.readAllLines(dir.resolve("shards-" + mode + "/audit.jsonl"));
            assertThat(results.path("replay")).as(mode).isEqualTo(whole.results());
            assertThat(JSON.readTree(trail.get(trail.size() - 1)).path("replay")).as(mode).isEqualTo(whole.audit());
        }
    }

    /** The {@code replay} counts of a run's results.json and of its audit record. */
    private record Counts(JsonNode results, JsonNode audit) {
    }

    private Counts run(String mode, ScriptedBackend backend, Map<String, String> more, String name,
                       org.junit.platform.engine.DiscoverySelector... others) throws IOException {
        Path folder = dir.resolve(name);
        Map<String, String> settings = new HashMap<>(more);
        settings.put(Constants.REPEAT_PASS_RATIO, "0.6");
        EngineServices services = new EngineServices(Map.<String, String>of()::get, config -> backend, Clock.systemUTC())
                .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.REPORT_DIR, folder.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, folder.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString());
        settings.forEach(kit::configurationParameter);
        kit.selectors(DiscoverySelectors.selectFile(data.toFile())).selectors(others).execute();
        Path results = folder.resolve("reports/results.json");
        Path audit = folder.resolve("audit.jsonl");
        return new Counts(Files.exists(results) ? JSON.readTree(results.toFile()).path("replay") : JSON.missingNode(),
                Files.exists(audit) ? JSON.readTree(Files.readAllLines(audit).get(0)).path("replay") : JSON.missingNode());
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var old = Files.walk(to)) {
                for (Path file : old.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(file);
            }
        }
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
    }
}
