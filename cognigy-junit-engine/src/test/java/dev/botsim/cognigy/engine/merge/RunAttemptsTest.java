package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * Shards of one GitHub Actions workflow run under run ids that name the attempt, {@code GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT}, one of
 * them re-run ("Re-run failed jobs"): the re-run job writes its part under the next attempt, a new run id, and the merge
 * re-run with it names that attempt. The merge refuses them as of different runs, and says why and what to set.
 */
class RunAttemptsTest {

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    private void shard(String job, String runId, int index) {
        shard(job, runId, index, Map.of());
    }

    /** A shard job in a CI whose environment adds {@code ci} (GitHub's attempt number, say) to the run's own. */
    private void shard(String job, String runId, int index, Map<String, String> ci) {
        Map<String, String> environment = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        environment.putAll(ci);
        // One workflow's settings in every job; each job's reports in a folder of its own, as its artifact is downloaded.
        SandboxSplitRuns.configured(dir, receiver, "run", environment).configurationParameter(Constants.REPORT_DIR, dir.resolve(job).toString())
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml"))
                .configurationParameter(Constants.RUN_ID, runId).configurationParameter(Constants.SHARD, index + "/2").execute();
    }

    private static Merge merge(String... args) {
        return Merge.run(List.of(args), SandboxSplitRuns.ENVIRONMENT);
    }

    /** A merge job run in GitHub's attempt {@code attempt}. */
    private static Merge mergeInAttempt(int attempt, String... args) {
        Map<String, String> environment = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        environment.put("GITHUB_RUN_ID", "7001");
        environment.put(RunPart.ATTEMPT_ENV, String.valueOf(attempt));
        return Merge.run(List.of(args), environment);
    }

    private static Map<String, String> attempt(int attempt) {
        return Map.of("GITHUB_RUN_ID", "7001", RunPart.ATTEMPT_ENV, String.valueOf(attempt));
    }

    @Test
    @DisplayName("a shard re-run under the next GitHub attempt: the merge's refusal says a re-run job takes a new run id there,"
            + " and to set COGNIGY_RUN_ID to the workflow run's id")
    void reRunJobOfAGitHubWorkflowRun() {
        shard("shard-1", "7001-1", 1, attempt(1));
        shard("shard-2", "7001-2", 2, attempt(2)); // its first attempt crashed; "Re-run failed jobs" ran it as attempt 2

        Merge mixed = merge("--out", dir.resolve("merged").toString(), dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("the parts belong to 2 different runs", "run ids 7001-1, 7001-2 look like attempts of one"
                + " GitHub Actions workflow run, 7001", "Set COGNIGY_RUN_ID: ${{ github.run_id }} in the workflow's env",
                "-Dcognigy.run-id=${{ github.run_id }}", "re-run all its jobs");
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));

        // The merge job re-run on its own (attempt 2) over the parts of attempt 1.
        shard("shard-2", "7001-1", 2, attempt(1));
        Merge reRunMerge = mergeInAttempt(2, "--out", dir.resolve("merged").toString(), "-Dcognigy.run-id=7001-2", dir.resolve("shard-1").toString(),
                dir.resolve("shard-2/7001-1").toString());
        assertThat(reRunMerge.code()).isEqualTo(2);
        assertThat(reRunMerge.err()).contains("the parts given are of run 7001-1, not of run 7001-2",
                "look like attempts of one GitHub Actions workflow run, 7001", "Set COGNIGY_RUN_ID: ${{ github.run_id }}");
    }

    @Test
    @DisplayName("run ids that are no attempts of one workflow run are refused as before, without that advice")
    void otherRunIds() {
        shard("a", "run-42", 1);
        shard("b", "run-43", 2);
        Merge mixed = merge("--out", dir.resolve("merged").toString(), dir.resolve("a").toString(), dir.resolve("b").toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("the parts belong to 2 different runs").doesNotContain("GitHub", "COGNIGY_RUN_ID");

        shard("c", "7001-1", 1);
        shard("d", "7002-1", 2);
        Merge twoWorkflowRuns = merge("--out", dir.resolve("merged").toString(), dir.resolve("c").toString(), dir.resolve("d").toString());
        assertThat(twoWorkflowRuns.err()).contains("the parts belong to 2 different runs").doesNotContain("GitHub");
    }

    @Test
    @DisplayName("run ids shaped like GitHub attempts that no CI numbered as such (a team's date and counter on another CI, or"
            + " another attempt than the id says) are refused without the GitHub advice")
    void idsShapedLikeAttemptsOfNoGitHubRun() {
        // Two nightly runs of a CI that numbers no attempts, named by date and counter, their parts mixed up.
        shard("night-1", "20261204-1", 1);
        shard("night-2", "20261204-2", 2);
        Merge nights = merge("--out", dir.resolve("merged").toString(), dir.resolve("night-1").toString(), dir.resolve("night-2").toString());
        assertThat(nights.code()).isEqualTo(2);
        assertThat(nights.err()).contains("the parts belong to 2 different runs", "run 20261204-1", "run 20261204-2")
                .doesNotContain("GitHub", "COGNIGY_RUN_ID");

        // The same ids on GitHub, both runs' jobs in their first attempt: a team's numbering, not GitHub's.
        shard("gh-1", "20261205-1", 1, attempt(1));
        shard("gh-2", "20261205-2", 2, attempt(1));
        Merge firstAttempts = merge("--out", dir.resolve("merged").toString(), dir.resolve("gh-1").toString(), dir.resolve("gh-2").toString());
        assertThat(firstAttempts.err()).contains("the parts belong to 2 different runs").doesNotContain("GitHub");

        // A merge told another run of that numbering, in a CI without attempts: no GitHub advice either.
        shard("night-1b", "20261204-1", 2);
        Merge named = merge("--out", dir.resolve("merged").toString(), "-Dcognigy.run-id=20261204-2", dir.resolve("night-1").toString(),
                dir.resolve("night-1b").toString());
        assertThat(named.code()).isEqualTo(2);
        assertThat(named.err()).contains("the parts given are of run 20261204-1, not of run 20261204-2").doesNotContain("GitHub");
    }
}
