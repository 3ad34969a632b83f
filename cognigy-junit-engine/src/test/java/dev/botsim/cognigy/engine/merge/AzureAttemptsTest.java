package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shards of one Azure Pipelines run under its run id (BUILD_BUILDID, the same in every attempt of a job), one of them re-run
 * by "Rerun failed jobs" under the next SYSTEM_JOBATTEMPT and publishing its part as an artifact of its own
 * ({@code cognigy-shard-2-2}: a pipeline artifact's name is taken once per run). The merged run says which shard ran in
 * which attempt, as on GitHub Actions; a GitHub variable is not read there, nor Azure's on GitHub.
 */
class AzureAttemptsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    /** An Azure Pipelines job of run 812 in {@code attempt}, as the agent gives it. */
    private static Map<String, String> azure(String attempt) {
        Map<String, String> environment = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        environment.put("TF_BUILD", "True");
        environment.put("SYSTEM_HOSTTYPE", "build");
        environment.put("BUILD_BUILDID", "812");
        environment.put("SYSTEM_JOBATTEMPT", attempt);
        return environment;
    }

    /** Shard {@code index}/2 in {@code environment}, its reports in the artifact's folder. */
    private void shard(String artifact, int index, Map<String, String> environment) {
        SandboxSplitRuns.configured(dir, receiver, "run", environment)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve(artifact).toString())
                .configurationParameter(Constants.SHARD, index + "/2")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
    }

    private Merge merge(String out, Map<String, String> environment, String... artifacts) {
        List<String> args = new ArrayList<>(List.of("--out", dir.resolve(out).toString()));
        for (String artifact : artifacts) args.add(dir.resolve(artifact).toString());
        return Merge.run(args, environment);
    }

    private Integer attemptOf(String artifact) throws Exception {
        List<Path> files = MergeCommand.partFiles(List.of(dir.resolve(artifact).toString()));
        assertThat(files).hasSize(1);
        return RunPart.read(files.get(0)).attempt();
    }

    private List<JsonNode> payloads() throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        for (int i = receiver.getRequestCount(); i > 0; i--) {
            RecordedRequest request = receiver.takeRequest();
            payloads.add(JSON.readTree(request.getBody().utf8()));
        }
        return payloads;
    }

    @Test
    @DisplayName("Azure Pipelines: shard 2/2 re-run under SYSTEM_JOBATTEMPT 2, each attempt's part its own artifact: the parts"
            + " say their attempt; the merge of each shard's last attempt says rerun_attempts {\"2/2\": 2} on the console, in"
            + " results.json, the audit record and the webhook payload; given both attempts of shard 2/2, it refuses the shard"
            + " as there twice, naming the attempts and which to keep")
    void shardReRunInALaterJobAttempt() throws Exception {
        shard("cognigy-shard-1-1", 1, azure("1"));
        shard("cognigy-shard-2-1", 2, azure("1"));
        shard("cognigy-shard-2-2", 2, azure("2"));
        assertThat(attemptOf("cognigy-shard-1-1")).isEqualTo(1);
        assertThat(attemptOf("cognigy-shard-2-1")).isEqualTo(1);
        assertThat(attemptOf("cognigy-shard-2-2")).isEqualTo(2);

        // The merge job, run once all shards passed: each shard's last attempt, as docs/ci.md copies it.
        Merge last = merge("merged", azure("1"), "cognigy-shard-1-1", "cognigy-shard-2-2");
        assertThat(last.out()).contains("[cognigy] merging run 812: 2 parts", "[cognigy] shard 2/2 ran in attempt 2 of its job: the results of its earlier attempts are not in"
                + " this run");
        assertThat(JSON.readTree(dir.resolve("merged/results.json").toFile()).path("rerun_attempts"))
                .isEqualTo(JSON.readTree("{\"2/2\": 2}"));
        assertThat(JSON.readTree(Files.readAllLines(dir.resolve("run/audit.jsonl")).get(0)).path("rerun_attempts"))
                .isEqualTo(JSON.readTree("{\"2/2\": 2}"));
        assertThat(payloads()).singleElement().satisfies(payload -> assertThat(payload.path("rerun_attempts"))
                .isEqualTo(JSON.readTree("{\"2/2\": 2}")));

        // Every artifact of the run downloaded as it is (download: current): shard 2/2's two attempts.
        Merge both = merge("merged-both", azure("1"), "cognigy-shard-1-1", "cognigy-shard-2-1", "cognigy-shard-2-2");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("shard 2/2 of run 812 is there twice, from two attempts of its job: ",
                "cognigy-shard-2-1", "(SYSTEM_JOBATTEMPT 1) and ", "(SYSTEM_JOBATTEMPT 2) both ran ",
                "give the merge only each shard's last attempt, here " + dir.resolve("cognigy-shard-2-2"));
    }

    @Test
    @DisplayName("Azure Pipelines, run ids naming the job's attempt ($(Build.BuildId)-$(System.JobAttempt)), a shard re-run:"
            + " the merge refuses them as two runs and says so in Azure's terms, not GitHub's")
    void runIdsNamingTheJobAttempt() {
        shard("cognigy-shard-1-1", 1, withRunId(azure("1"), "812-1"));
        shard("cognigy-shard-2-2", 2, withRunId(azure("2"), "812-2"));
        Merge mixed = merge("merged", azure("2"), "cognigy-shard-1-1", "cognigy-shard-2-2");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("the parts belong to 2 different runs", "run ids 812-1, 812-2 look like attempts of jobs"
                + " of one Azure Pipelines run, 812 (BUILD_BUILDID-SYSTEM_JOBATTEMPT)", "Leave COGNIGY_RUN_ID unset, the engine"
                + " then taking BUILD_BUILDID", "-Dcognigy.run-id=$(Build.BuildId)").doesNotContain("GitHub", "github");
    }

    private static Map<String, String> withRunId(Map<String, String> environment, String runId) {
        environment.put(Constants.RUN_ID_ENV, runId);
        return environment;
    }

    @Test
    @DisplayName("the attempt is the CI's whose run id the part took: GitHub's GITHUB_RUN_ATTEMPT is not read on Azure Pipelines,"
            + " nor SYSTEM_JOBATTEMPT on GitHub Actions; a CI numbering no attempts (Jenkins, GitLab) records none")
    void attemptOfTheRunIdsCi() throws Exception {
        Map<String, String> azureWithGitHubsVariable = azure("1");
        azureWithGitHubsVariable.put(RunPart.ATTEMPT_ENV, "5");
        shard("azure", 1, azureWithGitHubsVariable);
        assertThat(attemptOf("azure")).isEqualTo(1);

        Map<String, String> gitHubWithAzuresVariable = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        gitHubWithAzuresVariable.put("GITHUB_ACTIONS", "true");
        gitHubWithAzuresVariable.put("GITHUB_RUN_ID", "7001");
        gitHubWithAzuresVariable.put("GITHUB_RUN_ATTEMPT", "2");
        gitHubWithAzuresVariable.put("SYSTEM_JOBATTEMPT", "6");
        shard("github", 1, gitHubWithAzuresVariable);
        assertThat(attemptOf("github")).isEqualTo(2);

        Map<String, String> jenkins = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        jenkins.put("JENKINS_URL", "https://ci.example.com/");
        jenkins.put("BUILD_TAG", "jenkins-bots-7");
        jenkins.put("SYSTEM_JOBATTEMPT", "2");
        jenkins.put("GITHUB_RUN_ATTEMPT", "2");
        shard("jenkins", 1, jenkins);
        assertThat(attemptOf("jenkins")).isNull();
    }
}
