package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * What the console says at the end of one part of a split run (a CI shard; with Surefire's forks, each test class) and
 * of a whole run: a part's few lines say its counts and that the run's verdict is the merge's, and leave out the
 * coverage that over a part's few tests reads as a shortfall; a whole run's summary is unchanged.
 */
class PartConsoleTest {

    @TempDir
    Path dir;

    /**
     * The summary's lines of a run of the three tests of {@code orders.sim.yaml} (one fails) expecting a flow none of them
     * reaches, with {@code parameters} on top: what the engine prints from its summary on, the progress lines before it
     * left out.
     */
    private List<String> summary(Map<String, String> parameters) {
        return summary(parameters, true);
    }

    /** @param wholeFile whether the run holds the file's three tests (not a shard of several, which holds some) */
    private List<String> summary(Map<String, String> parameters, boolean wholeFile) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ScriptedBackend backend = new ScriptedBackend();
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> backend,
                        Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.FLOWS, "flow_billing")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        parameters.forEach(kit::configurationParameter);
        var events = kit.execute().testEvents();
        if (wholeFile) events.assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        int first = 0;
        while (first < lines.size() && !Pattern.matches("\\[cognigy\\] batch_\\w+ on scripted: .*", lines.get(first))) first++;
        // A shard that selected none of the file's tests has no counts line: its whole console then.
        return first == lines.size() ? lines : lines.subList(first, lines.size());
    }

    @Test
    @DisplayName("a part of a split run prints its counts, saying the run's verdict, coverage, audit record and webhook come from"
            + " the merge, where its reports are and its part file with how to merge: no governance, coverage or intent lines")
    void partPrintsItsCountsAndNoCoverage() throws Exception {
        List<String> console = summary(Map.of(Constants.RUN_ID, "run-7", Constants.RUN_DEFER, "true"));

        Path part;
        try (var files = Files.walk(dir.resolve("reports/run-7"))) {
            part = files.filter(p -> p.getFileName().toString().equals("cognigy-part.json")).findFirst().orElseThrow();
        }
        String batch = part.getParent().getFileName().toString();
        assertThat(console).containsExactly(
                "[cognigy] " + batch + " on scripted: 3 simulations, 2 passed, 1 failed (66.6 %) in this part of a split run; the run's"
                        + " verdict, coverage, audit record and webhook come from the merge",
                "[cognigy] results: " + part.resolveSibling("index.html").toAbsolutePath() + " and results.json",
                ("[cognigy] run run-7: this part written to " + part.toAbsolutePath() + "; merge: cognigy:merge at verify in a"
                        + " Maven build, else java -jar cognigy-junit-engine-<version>-standalone.jar merge "
                        + dir.resolve("reports").resolve("run-7")));
        assertThat(String.join("\n", console)).doesNotContain("coverage:", "never reached", "intents:", "governance:");
    }

    @Test
    @DisplayName("a CI shard's part names its shard on the part file's line, and its summary is as short")
    void shardNamesItself() {
        List<String> console = summary(Map.of(Constants.RUN_ID, "run-8", Constants.SHARD, "1/1"));

        assertThat(console).hasSize(3);
        assertThat(console.get(0)).endsWith(" in this part of a split run; the run's verdict, coverage, audit record and webhook"
                + " come from the merge");
        assertThat(console.get(2)).startsWith("[cognigy] run run-8: shard 1/1 written to ").endsWith("; merge: java -jar"
                + " cognigy-junit-engine-<version>-standalone.jar merge " + dir.resolve("reports").resolve("run-8"));
    }

    @Test
    @DisplayName("a shard of several says its part is merged with the other shards' in a job after them all, not from its"
            + " own folder, which holds its part alone (a merge of it is refused as a run missing shards), nor by its own"
            + " build's cognigy:merge, which leaves a shard to the merge job")
    void shardOfSeveralSaysMergeTheShardsTogether() {
        List<String> console = summary(Map.of(Constants.RUN_ID, "run-9", Constants.SHARD, "1/1"));
        assertThat(console.get(2)).doesNotContain("shards have run");

        List<String> ofFour = summary(Map.of(Constants.RUN_ID, "run-10", Constants.SHARD, "2/4"), false);
        assertThat(ofFour).filteredOn(line -> line.startsWith("[cognigy] run run-10: shard 2/4")).singleElement().asString().endsWith("; merge: once all 4"
                + " shards have run, in one job given every shard's reports: java -jar cognigy-junit-engine-<version>-standalone.jar"
                + " merge -Dcognigy.run-id=run-10 <the shards' report folders> (docs/ci.md)");
    }

    @Test
    @DisplayName("a whole run's summary is as before: verdict, reasons, flow and intent coverage, results")
    void wholeRunUnchanged() {
        List<String> console = summary(Map.of());

        assertThat(console.get(0)).matches("\\[cognigy\\] batch_\\w+ on scripted: 3 simulations, 2 passed, 1 failed \\(66\\.6 %\\)");
        assertThat(console.get(1)).isEqualTo("[cognigy] governance: REVIEW_REQUIRED (threshold 95 %)");
        assertThat(console).anyMatch(line -> line.startsWith("[cognigy]   below_threshold: "))
                .contains("[cognigy] flow coverage: 2 of 3 expected flows (66 %); never reached: flow_billing")
                .anyMatch(line -> line.startsWith("[cognigy] results: " + dir.resolve("reports").toAbsolutePath()));
    }
}
