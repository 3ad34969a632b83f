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

    private Merge merge(String... args) {
        return Merge.run(List.of(args), SandboxSplitRuns.ENVIRONMENT);
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
    @DisplayName("each part file is parsed once: by the merge, or by its caller that read the parts to judge them first"
            + " (cognigy:merge) and hands them over, the merge parsing none again and concluding as it would alone")
    void eachPartParsedOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger parsed = new java.util.concurrent.atomic.AtomicInteger();
        PartFiles.Parser counting = bytes -> {
            parsed.incrementAndGet();
            return RunPart.parse(bytes);
        };
        List<Path> files = MergeCommand.partFiles(List.of(reports().toString()));
        assertThat(files).hasSize(2);

        PartFiles alone = new PartFiles(counting);
        int code = MergeCommand.run(List.of("--out", dir.resolve("alone").toString(), reports().toString()), MergeTerms.COMMAND_LINE,
                SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), alone);
        assertThat(code).as("not COMPLIANT at 0.9").isEqualTo(1);
        assertThat(parsed.get()).as("parses by a merge alone").isEqualTo(2);

        parsed.set(0);
        PartFiles judged = new PartFiles(counting);
        files.forEach(file -> assertThat(judged.part(file)).as("the caller's read of %s", file).isPresent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        code = MergeCommand.run(List.of("--out", dir.resolve("handed").toString(), reports().toString()), MergeTerms.COMMAND_LINE,
                SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()), judged);
        assertThat(code).isEqualTo(1);
        assertThat(parsed.get()).as("parses by the caller and the merge together").isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("merging run run-5: 2 parts, 3 results", "3 simulations, 2 passed, 1 failed");
        assertThat(Files.readString(dir.resolve("handed/results.json"))).as("the same run, whoever read its parts")
                .contains(JSON.readTree(dir.resolve("alone/results.json").toFile()).path("batch_id").asString());
    }

    @Test
    @DisplayName("the merge holds one part file's bytes at a time, and none once the parts are parsed: a large suite's parts"
            + " are megabytes each, and every one of them was held beside what it parsed to until the merge ended")
    void onePartsBytesAtATime() throws Exception {
        java.util.concurrent.atomic.AtomicReference<PartFiles> files = new java.util.concurrent.atomic.AtomicReference<>();
        List<Integer> holding = new java.util.ArrayList<>();
        files.set(new PartFiles(bytes -> {
            holding.add(files.get().holdingBytes());
            return RunPart.parse(bytes);
        }));

        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), reports().toString()), MergeTerms.COMMAND_LINE,
                SandboxSplitRuns.ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), files.get());

        assertThat(code).as("not COMPLIANT at 0.9").isEqualTo(1);
        assertThat(holding).as("part files holding their bytes as each part is parsed").containsExactly(1, 1);
        assertThat(files.get().holdingBytes()).as("once merged").isZero();
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
    @Test
    @DisplayName("a part reached both through a part file that is a symbolic link and directly is the file itself, merged once:"
            + " the link, found first, refused the whole merge though the part was given; a link alone is still refused")
    void partGivenAlsoThroughALinkIsTheFileItself() throws Exception {
        Path failing = failingPart();
        Path link = Files.createDirectories(dir.resolve("a-links")).resolve(RunPart.FILE_NAME);
        try {
            Files.createSymbolicLink(link, failing);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system makes no symbolic links: " + e);
        }

        assertThat(MergeCommand.partFiles(List.of(link.getParent().toString(), reports().toString())))
                .as("the link, found first, gives way to the file").contains(failing).doesNotContain(link).hasSize(2);
        assertThat(MergeCommand.partFiles(List.of(link.toString(), failing.toString()))).containsExactly(failing);
        Merge merge = merge("--out", dir.resolve("merged").toString(), link.getParent().toString(), reports().toString());

        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.out()).contains("merging run run-5: 2 parts, 3 results", "3 simulations, 2 passed, 1 failed");

        Merge linkAlone = merge("--out", dir.resolve("alone").toString(), link.toString());
        assertThat(linkAlone.code()).isEqualTo(2);
        assertThat(linkAlone.err()).contains(link + ": it is a symbolic link");
    }

    @Test
    @DisplayName("a shard's folder given through a symbolic link (a download linked into the job's workspace) is read where"
            + " it leads, its part named below the link: it was taken for a file, and its shard refused as missing")
    void folderGivenThroughALink() throws Exception {
        Path shard = failingPart().getParent();
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("linked-shard"), shard);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system makes no symbolic links: " + e);
            return;
        }
        Path other = MergeCommand.partFiles(List.of(reports().toString())).stream().filter(p -> !p.getParent().equals(shard))
                .findFirst().orElseThrow().getParent();

        Merge merge = merge("--out", dir.resolve("merged").toString(), other.toString(), link.toString());

        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.out()).contains("merging run run-5: 2 parts, 3 results", "3 simulations, 2 passed, 1 failed");
        assertThat(MergeCommand.partFiles(List.of(link.toString()))).containsExactly(link.resolve(RunPart.FILE_NAME));
    }

    @Test
    @DisplayName("a rerun's part given without any whole part of its run (the shards' reports not downloaded) is refused,"
            + " naming it and what is missing, rather than merged into the run's verdict on the rerun's one passing test;"
            + " given with the shards' parts it replaces the test it reran")
    void rerunWithoutTheRunsParts() throws Exception {
        // The run's own settings, its reports in a folder of their own: a rerun job's artifact.
        SandboxSplitRuns.configured(dir, receiver, "sharded").configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("rerun/reports").toString())
                .configurationParameter(Constants.RUN_ID, "run-5").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                        "[engine:cognigy]/[file:e2e%2Fshards%2Fthree.sim.yaml]/[case:test_three_order]")).execute();
        List<Path> rerun = MergeCommand.partFiles(List.of(dir.resolve("rerun/reports").toString()));
        assertThat(rerun).singleElement().satisfies(part -> assertThat(RunPart.read(part).partial()).isTrue());

        Merge alone = merge("--out", dir.resolve("merged").toString(), dir.resolve("rerun/reports").toString());

        assertThat(alone.code()).as(alone.out()).isEqualTo(2);
        assertThat(alone.err()).isEqualTo("merge refused: run run-5 has no whole part: the 1 part given is a rerun (tests"
                + " picked one by one), " + rerun.get(0) + ", whose results replace those of the tests it reran in the parts of"
                + " the run's shards or forks, and none of those is among the parts given (their jobs failed, or their reports"
                + " were not downloaded); merged alone, the rerun's results would be judged as the whole suite. Merge it with the"
                + " parts of every shard or fork of run run-5" + System.lineSeparator());
        assertThat(dir.resolve("sharded/audit.jsonl")).as("nothing appended").doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));

        Merge whole = merge("--out", dir.resolve("merged").toString(), dir.resolve("rerun/reports").toString(), reports().toString());
        assertThat(whole.code()).as(whole.err()).isEqualTo(1);
        assertThat(whole.out()).contains("merging run run-5: 3 parts, 3 results, 1 of them from a rerun");
    }
}
