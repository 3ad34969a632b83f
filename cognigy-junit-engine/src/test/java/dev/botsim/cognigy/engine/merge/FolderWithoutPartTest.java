package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockWebServer;

/**
 * A run of forks — parts without a shard, which no count can tell complete — whose jobs each leave their reports in a
 * folder of their own, one of which holds no part: its job failed before its tests, or its reports were not uploaded.
 */
class FolderWithoutPartTest {

    @TempDir
    Path dir;

    private MockWebServer receiver;

    @BeforeEach
    void forks() throws Exception {
        receiver = SandboxSplitRuns.receiver();
        SandboxSplitRuns.configured(dir, receiver, "forks").configurationParameter(Constants.RUN_ID, "run-9")
                .configurationParameter(Constants.RUN_DEFER, "true")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("jobs/job-1").toString())
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        Files.createDirectories(dir.resolve("jobs/job-2"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Merge merge(String... args) {
        return Merge.run(List.of(args), SandboxSplitRuns.ENVIRONMENT);
    }

    @Test
    @DisplayName("a folder given beside the forks' parts that holds no part, nor the mark of one that began, is refused naming it:"
            + " its fork's results are missing, and no count of forks could tell; nothing is appended or sent")
    void emptyFolderGivenBesideForkParts() throws Exception {
        Path empty = dir.resolve("jobs/job-2");

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("jobs/job-1").toString(), empty.toString());

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).isEqualTo("merge refused: " + empty + " holds no part of run run-9 (no cognigy-part.json below it, nor"
                + " the .started mark of one that began), beside the 1 part the other folders given hold: the results of the"
                + " shard or fork whose reports belong there are missing — its job failed before it wrote them, or they were"
                + " not uploaded or downloaded — and a merge without them would judge part of the suite as the whole. Download"
                + " its reports again, or run the whole suite again under a new run id (cognigy.run-id), every shard or fork"
                + " of it, and merge that run's folders; a folder that is no shard's or fork's, leave out" + System.lineSeparator());
        assertThat(merge.out()).isEmpty();
        assertThat(dir.resolve("forks/audit.jsonl")).as("nothing appended").doesNotExist();
        assertThat(receiver.getRequestCount()).as("nothing sent").isZero();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("a folder a glob matches that holds nothing at all is refused too; one holding other files (the job's JUnit XML,"
            + " another artifact) is passed over, as a glob matches whatever is there")
    void foldersAGlobMatches() throws Exception {
        Merge empty = merge("--out", dir.resolve("merged").toString(), dir.resolve("jobs") + "/*");
        assertThat(empty.code()).as(empty.out()).isEqualTo(2);
        assertThat(empty.err()).startsWith("merge refused: " + dir.resolve("jobs/job-2") + " holds no part of run run-9");

        Files.writeString(dir.resolve("jobs/job-2/TEST-com.example.OrderBotTest.xml"), "<testsuite/>");
        Merge merged = merge("--out", dir.resolve("merged").toString(), dir.resolve("jobs") + "/*");
        assertThat(merged.code()).as("concluded, its one failing test making it not COMPLIANT: %s", merged.err()).isEqualTo(1);
        assertThat(merged.out()).contains("merging run run-9: 1 parts");

        Merge named = merge("--out", dir.resolve("merged-again").toString(), dir.resolve("jobs/job-1").toString(),
                dir.resolve("jobs/job-2").toString());
        assertThat(named.code()).as("a folder named is a report folder, whatever else it holds").isEqualTo(2);
        assertThat(named.err()).startsWith("merge refused: " + dir.resolve("jobs/job-2") + " holds no part of run run-9");
    }
}
