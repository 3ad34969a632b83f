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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A merge whose reports cannot be written into its output folder once it has concluded the run (the disk filled up after
 * the folder was found writable, a folder where a report should be): the folder must not go on showing the earlier
 * merge's verdict as the latest.
 */
class MergedReportsNotWrittenTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private MockWebServer receiver;

    @BeforeEach
    void twoRuns() throws Exception {
        receiver = SandboxSplitRuns.receiver();
        for (String run : List.of("run-1", "run-2")) {
            SandboxSplitRuns.configured(dir, receiver, "forks").configurationParameter(Constants.RUN_ID, run)
                    .configurationParameter(Constants.RUN_DEFER, "true")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("jobs/" + run).toString())
                    .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        }
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    @DisplayName("a merge whose reports cannot be written leaves no earlier merge's results.json looking like its own: the"
            + " folder says which run ended without its reports and why, and keeps the earlier merge's pair in previous/")
    void earlierMergesPairIsNotLeftAsTheLatest() throws Exception {
        Path merged = dir.resolve("merged");
        Merge first = Merge.run(List.of("--out", merged.toString(), dir.resolve("jobs/run-1").toString()), SandboxSplitRuns.ENVIRONMENT);
        assertThat(first.out()).as(first.err()).contains("[cognigy] results: " + merged.toAbsolutePath().resolve("index.html"));
        String earlier = JSON.readTree(merged.resolve("results.json").toFile()).path("batch_id").asString();
        Files.delete(merged.resolve("index.html"));
        Path inTheWay = Files.createDirectories(merged.resolve("index.html/kept"));

        Merge second = Merge.run(List.of("--out", merged.toString(), dir.resolve("jobs/run-2").toString()), SandboxSplitRuns.ENVIRONMENT);

        assertThat(second.out()).contains("[cognigy] results: not written (" + merged.toAbsolutePath() + ": ");
        JsonNode left = JSON.readTree(merged.resolve("results.json").toFile());
        assertThat(left.path("batch_id").asString()).as("not the earlier merge's").isNotEqualTo(earlier);
        assertThat(left.has("governance") || left.has("summary") || left.has("results")).as("no verdict to misread").isFalse();
        assertThat(left.path("running").asBoolean(true)).isFalse();
        assertThat(left.path("not_written").asString()).endsWith("a folder stands where the file should be: move "
                + inTheWay.getParent().toAbsolutePath() + " away");
        assertThat(JSON.readTree(merged.resolve("previous/results.json").toFile()).path("batch_id").asString()).isEqualTo(earlier);
    }
}
