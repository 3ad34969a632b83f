package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real parts — two shards of the three-test suite against the sandbox, one test failing, so the run is not COMPLIANT at
 * its threshold of 0.9 — given to merge in ways no JVM leaves them: the same file named through two paths, a part whose
 * results disagree with the tests its run planned.
 */
class PartsGivenTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private MockWebServer receiver;

    @BeforeEach
    void shards() throws Exception {
        receiver = SandboxSplitRuns.receiver();
        for (int i = 1; i <= 2; i++) {
            SandboxSplitRuns.configured(dir, receiver, "sharded").configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                    .configurationParameter(Constants.RUN_ID, "run-5").configurationParameter(Constants.SHARD, i + "/2")
                    .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute();
        }
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Path reports() {
        return dir.resolve("sharded/reports");
    }

    private record Merge(int code, String out, String err) {
    }

    private Merge merge(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of(args), SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Merge(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The part holding the failing result. */
    private Path failingPart() throws Exception {
        for (Path file : MergeCommand.partFiles(List.of(reports().toString()))) {
            if (RunPart.read(file).records().stream().anyMatch(r -> r.outcome() == Outcome.FAILED)) return file;
        }
        throw new AssertionError("no part holds the failing test");
    }

    @Test
    @DisplayName("a part whose results are fewer than the tests its run planned (its failing result taken out by hand) is"
            + " refused, naming the file, the counts and the fix, rather than merged into a pass; nothing is appended or sent")
    void partWhoseResultsDisagreeWithItsPlan() throws Exception {
        Path failing = failingPart();
        ObjectNode part = (ObjectNode) JSON.readTree(failing.toFile());
        ArrayNode records = (ArrayNode) part.get("records");
        long planned = part.path("info").path("plannedTests").asLong();
        assertThat(records.size()).as("a JVM writes a result for every test it planned").isEqualTo((int) planned);
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).path("outcome").asString().equals("FAILED")) records.remove(i);
        }
        Files.writeString(failing, JSON.writeValueAsString(part));

        Merge merge = merge("--out", dir.resolve("merged").toString(), reports().toString());

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).isEqualTo("merge: cannot read " + failing + ": it holds " + records.size() + " result"
                + (records.size() == 1 ? "" : "s") + " of the " + planned + " tests its run planned, and its run was not"
                + " cancelled: a JVM writes a result for every test it plans, so the file was changed or cut down after its"
                + " JVM wrote it; run its shard or fork again and merge its new part, and set COGNIGY_SHARD_KEY for every job"
                + " and the merge to refuse a changed part" + System.lineSeparator());
        assertThat(dir.resolve("sharded/audit.jsonl")).as("nothing appended").doesNotExist();
        assertThat(receiver.getRequestCount()).as("nothing sent").isZero();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("one part file named through two paths (a folder and its parent, a path through '..') is one part: merged"
            + " once, not refused as a shard there twice")
    void oneFileNamedTwice() throws Exception {
        Path shard = failingPart().getParent();

        Merge merge = merge("--out", dir.resolve("merged").toString(), reports().toString(),
                reports().resolve("../reports").toString(), shard.toString());

        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.err()).doesNotContain("twice");
        assertThat(merge.out()).contains("merging run run-5: 2 parts, 3 results", "3 simulations, 2 passed, 1 failed");
    }
}
