package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * CI shard jobs whose Surefire runs each test class in a fork: every class is an engine run of its own, a part of its
 * shard, and a fork starts no engine run for a class that kept no test in the shard — so a shard that kept none in any
 * class leaves no part at all, where a shard run in one JVM writes its empty part. The merge's refusal of the missing
 * shard names that cause and its fix beside a job that failed or reports not downloaded.
 */
class ForkedShardsTest {

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    /** One test class's engine run in a fork of shard {@code shard}'s job, its reports in that job's folder. */
    private void fork(String shard, String file) {
        SandboxSplitRuns.configured(dir, receiver, "run").configurationParameter(Constants.REPORT_DIR, dir.resolve("shard-" + shard.charAt(0)).toString())
                .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, shard)
                .selectors(selectClasspathResource(file)).execute();
    }

    private Merge merge() {
        return Merge.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("shard-1").toString(),
                dir.resolve("shard-2").toString()), SandboxSplitRuns.ENVIRONMENT);
    }

    @Test
    @DisplayName("shards of forked test classes, shard 3/3 without a part: the refusal says a shard whose classes kept no test"
            + " leaves none in forks, and to split into fewer shards or run the jobs with forkCount=1")
    void missingShardOfForkedClasses() {
        for (String shard : List.of("1/3", "2/3")) {
            fork(shard, "e2e/shards/suite.sim.yaml");
            fork(shard, "e2e/order-bot.sim.yaml");
        }
        Merge merge = merge();
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("run run-42 is incomplete: shard 3/3 is missing (found 1/3, 2/3); its job failed or its"
                + " reports were not downloaded; or, as its jobs ran each test class in a Surefire fork (a part of its own), no class"
                + " kept a test in that shard", "Split the run into fewer shards", "or run the shard jobs with forkCount=1",
                "a merge without it would judge part of the suite as the whole");
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("shards run each in one JVM, one part a shard: a missing shard is a job that failed or reports not downloaded,"
            + " said without the forks' cause, since such a shard writes its part even without tests")
    void missingShardOfOneJvmEach() {
        SandboxSplitRuns.configured(dir, receiver, "run").configurationParameter(Constants.REPORT_DIR, dir.resolve("shard-1").toString())
                .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, "1/3")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml"), selectClasspathResource("e2e/order-bot.sim.yaml"))
                .execute();
        Merge merge = Merge.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("shard-1").toString()),
                SandboxSplitRuns.ENVIRONMENT);
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("shard 2/3, 3/3 are missing", "its job failed or its reports were not downloaded")
                .doesNotContain("Surefire fork", "forkCount");
    }
}
