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

import dev.botsim.cognigy.engine.shard.RunPart;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shards of one GitHub Actions workflow run under its run id (GITHUB_RUN_ID, the same for every attempt), one of them
 * re-run by "Re-run failed jobs" in a later attempt (GITHUB_RUN_ATTEMPT), its new part replacing the earlier one's
 * artifact: the merged run says which shard ran in which attempt — on the console, in results.json, the audit record and
 * the webhook payload — so a shard retried into a pass does not read as one that passed at once. Its verdict is unchanged.
 */
class CiAttemptsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    /** Shard {@code index}/2 of workflow run 7001 in {@code attempt}, its reports in the job's folder, as its artifact. */
    private void shard(String job, int index, String attempt) {
        Map<String, String> environment = new HashMap<>(SandboxSplitRuns.ENVIRONMENT);
        environment.put("GITHUB_RUN_ID", "7001");
        if (attempt != null) environment.put("GITHUB_RUN_ATTEMPT", attempt);
        SandboxSplitRuns.configured(dir, receiver, "run", environment)
                .configurationParameter(dev.botsim.cognigy.engine.config.Constants.REPORT_DIR, dir.resolve(job).toString())
                .configurationParameter(dev.botsim.cognigy.engine.config.Constants.SHARD, index + "/2")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
    }

    private Merge merge(String out) {
        return Merge.run(List.of("--out", dir.resolve(out).toString(), dir.resolve("shard-1").toString(),
                dir.resolve("shard-2").toString()), SandboxSplitRuns.ENVIRONMENT);
    }

    /** The job's artifact replaced whole (upload-artifact's overwrite: true). */
    private static void delete(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    private List<JsonNode> payloads() throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        for (int i = receiver.getRequestCount(); i > 0; i--) {
            RecordedRequest request = receiver.takeRequest();
            payloads.add(JSON.readTree(request.getBody().utf8()));
        }
        return payloads;
    }

    private List<JsonNode> audit() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("run/audit.jsonl"))) records.add(JSON.readTree(line));
        return records;
    }

    @Test
    @DisplayName("a shard re-run in attempt 3 of the workflow run: its part says so, and the merged run says it on one console"
            + " line and as rerun_attempts {\"2/2\": 3} in results.json, the audit record and the webhook payload; the verdict"
            + " is the first attempts' merge's")
    void shardReRunInALaterAttempt() throws Exception {
        shard("shard-1", 1, "1");
        shard("shard-2", 2, "1");
        Merge first = merge("merged-first");
        assertThat(first.out()).contains("[cognigy] merging run 7001: 2 parts").doesNotContain("ran in attempt");
        JsonNode firstResults = JSON.readTree(dir.resolve("merged-first/results.json").toFile());
        assertThat(firstResults.has("rerun_attempts")).as("first attempts: results.json as before").isFalse();

        // "Re-run failed jobs": shard 2 runs again, twice, its artifact overwritten each time.
        delete(dir.resolve("shard-2"));
        shard("shard-2", 2, "2");
        delete(dir.resolve("shard-2"));
        shard("shard-2", 2, "3");
        List<Integer> attempts = new ArrayList<>();
        for (Path file : MergeCommand.partFiles(List.of(dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString()))) {
            attempts.add(RunPart.read(file).attempt());
        }
        assertThat(attempts).containsExactlyInAnyOrder(1, 3);

        Merge again = merge("merged-again");
        assertThat(again.code()).as("the verdict and exit code are the results'").isEqualTo(first.code());
        assertThat(again.out().lines()).filteredOn(line -> line.contains("ran in attempt")).containsExactly(
                "[cognigy] shard 2/2 ran in attempt 3 of its job: the results of its earlier attempts are not in this run"
                        + " (docs/ci.md)");
        JsonNode results = JSON.readTree(dir.resolve("merged-again/results.json").toFile());
        assertThat(results.path("rerun_attempts")).isEqualTo(JSON.readTree("{\"2/2\": 3}"));
        assertThat(results.path("governance")).isEqualTo(firstResults.path("governance"));
        assertThat(Files.readString(dir.resolve("merged-again/index.html"))).contains("ran again in a later attempt of its job,"
                + " its earlier attempts' results not here: 2/2 in attempt 3");
        assertThat(Files.readString(dir.resolve("merged-first/index.html"))).doesNotContain("later attempt");

        List<JsonNode> records = audit();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).has("rerun_attempts")).as("the first attempts' record, as before").isFalse();
        assertThat(records.get(1).path("rerun_attempts")).isEqualTo(JSON.readTree("{\"2/2\": 3}"));
        assertThat(records.get(1).path("governance")).isEqualTo(records.get(0).path("governance"));

        List<JsonNode> payloads = payloads();
        assertThat(payloads).hasSize(2);
        assertThat(payloads.get(0).has("rerun_attempts")).isFalse();
        assertThat(payloads.get(1).path("rerun_attempts")).isEqualTo(JSON.readTree("{\"2/2\": 3}"));
    }

    @Test
    @DisplayName("parts that do not say their attempt — a CI without GITHUB_RUN_ATTEMPT, or written before parts recorded it"
            + " (the field taken out) — merge as before, without the line or the field")
    void partsWithoutAnAttempt() throws Exception {
        shard("shard-1", 1, null);
        shard("shard-2", 2, "4");
        // Shard 2's part as an engine before this one wrote it: no attempt field.
        for (Path file : MergeCommand.partFiles(List.of(dir.resolve("shard-2").toString()))) {
            String json = Files.readString(file);
            assertThat(json).contains(",\"attempt\":4");
            Files.writeString(file, json.replace(",\"attempt\":4", ""));
        }
        Merge merged = merge("merged");
        assertThat(merged.out()).contains("[cognigy] merging run 7001: 2 parts").doesNotContain("ran in attempt");
        assertThat(JSON.readTree(dir.resolve("merged/results.json").toFile()).has("rerun_attempts")).isFalse();
        assertThat(audit()).singleElement().satisfies(record -> assertThat(record.has("rerun_attempts")).isFalse());
        assertThat(payloads()).singleElement().satisfies(payload -> assertThat(payload.has("rerun_attempts")).isFalse());
    }
}
