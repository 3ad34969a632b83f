package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.botsim.cognigy.engine.audit.AuditVerifier;
import mockwebserver3.MockWebServer;

/**
 * Files written by the engine of 2026-12-01 (the order-bot sample's two Surefire forks under run id
 * {@code upgrade-run-1}, and the audit trail of a run before them), merged and appended to by this version: a project
 * that upgrades between its split run's jobs and their merge, or merges a run again after upgrading, loses nothing its
 * parts hold, and its trail stays one chain. The parts carry what that engine wrote and this one no longer does
 * (an expectation's derived {@code empty}) and lack what this one writes ({@code suite}, {@code planned},
 * {@code attempt}, {@code selection}).
 */
class EarlierEnginePartsTest {

    private static final String RESOURCES = "/merge/engine-2026-12-01/";
    private static final List<String> PARTS = List.of("upgrade-run-1/batch_085381cde37c/cognigy-part.json",
            "upgrade-run-1/batch_1d69e1201a19/cognigy-part.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    @DisplayName("the parts of two forks written by the engine of 2026-12-01 merge into one run holding each of their 23 results"
            + " once, with the outcome, approval and replay state each part recorded; the merged run's record is appended"
            + " after that engine's record and the trail verifies as one chain")
    void partsAndTrailOfAnEarlierEngine() throws IOException {
        for (String part : PARTS) copy(part);
        Path trail = copy("audit.jsonl");
        String earlierRecord = Files.readAllLines(trail).get(0);

        Merge merge = Merge.run(List.of("--out", dir.resolve("merged").toString(), "-Dcognigy.audit.file=" + trail,
                dir.resolve("upgrade-run-1").toString()), Map.of());

        assertThat(merge.code()).as(merge.err()).isZero();
        assertThat(merge.err()).isEmpty();
        assertThat(merge.out()).contains("merging run upgrade-run-1: 2 parts, 23 results");

        Map<String, JsonNode> recorded = new HashMap<>();
        for (String part : PARTS) {
            JSON.readTree(dir.resolve(part).toFile()).path("records").forEach(r -> recorded.put(r.path("uniqueId").asString(), r));
        }
        JsonNode merged = JSON.readTree(dir.resolve("merged/results.json").toFile());
        assertThat(merged.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(merged.path("summary").path("total").asInt()).isEqualTo(23);
        assertThat(merged.path("results")).hasSize(23);
        Map<String, JsonNode> results = new HashMap<>();
        merged.path("results").forEach(r -> results.put(r.path("unique_id").asString(), r));
        assertThat(results).hasSize(23);
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(recorded.keySet());
        int approved = 0;
        for (Map.Entry<String, JsonNode> entry : recorded.entrySet()) {
            JsonNode part = entry.getValue();
            JsonNode result = results.get(entry.getKey());
            assertThat(result.path("test_id").asString()).as(entry.getKey()).isEqualTo(part.path("testId").asString());
            assertThat(result.path("outcome").asString()).as(entry.getKey())
                    .isEqualToIgnoringCase(part.path("outcome").asString());
            assertThat(result.path("replayed").asBoolean()).as(entry.getKey()).isEqualTo(part.path("replayed").asBoolean());
            if (part.path("approval").isString()) {
                approved++;
                assertThat(result.path("approval").asString()).as(entry.getKey())
                        .isEqualToIgnoringCase(part.path("approval").asString());
            } else {
                assertThat(result.has("approval") && !result.path("approval").isNull()).as(entry.getKey()).isFalse();
            }
        }
        // The approved answers of approved.sim.yaml's two cases and conversation's two turns, compared in the forks.
        assertThat(approved).isEqualTo(4);

        List<String> lines = Files.readAllLines(trail);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(earlierRecord);
        AuditVerifier.Result verified = AuditVerifier.verify(trail);
        assertThat(verified.anomalies()).isEmpty();
        assertThat(verified.records()).isEqualTo(2);
        assertThat(JSON.readTree(lines.get(1)).path("total").asInt()).isEqualTo(23);
    }

    @Test
    @DisplayName("a merge folder the engine of 2026-12-03 left UNAUDITED (its audit trail could not be written; its"
            + " cognigy-merge.json says exit 1 and has no 'unaudited'), merged again by this version once the trail is"
            + " fixed, concludes the run again and appends its record, as for a folder this version left so: it answered"
            + " 'already merged' with exit 1, and the run stayed unaudited there for good")
    void unauditedMergeOfAnEarlierEngineConcludedAgain() throws IOException {
        for (String part : PARTS) copy(part);
        Path merged = dir.resolve("merged");
        Files.createDirectories(merged);
        for (String file : List.of("cognigy-merge.json", "results.json")) {
            try (InputStream in = EarlierEnginePartsTest.class.getResourceAsStream("/merge/merged-unaudited-by-engine-2026-12-03/" + file)) {
                assertThat(in).as(file).isNotNull();
                Files.copy(in, merged.resolve(file));
            }
        }
        assertThat(JSON.readTree(merged.resolve("cognigy-merge.json").toFile()).has("unaudited")).isFalse();
        Path trail = dir.resolve("audit.jsonl");

        Merge merge = Merge.run(List.of("--out", merged.toString(), "-Dcognigy.audit.file=" + trail,
                dir.resolve("upgrade-run-1").toString()), Map.of());

        assertThat(merge.code()).as(merge.out() + merge.err()).isZero();
        assertThat(merge.out()).doesNotContain("already merged").contains("audit: record 0 appended to " + trail);
        assertThat(AuditVerifier.verify(trail).records()).isEqualTo(1);
        assertThat(JSON.readTree(merged.resolve("results.json").toFile()).path("governance").path("status").asString())
                .isEqualTo("COMPLIANT");
        assertThat(JSON.readTree(merged.resolve("cognigy-merge.json").toFile()).path("exit_code").asInt()).isZero();
    }

    @Test
    @DisplayName("a merge folder the engine of 2026-12-03 left with its webhook payload neither delivered nor spooled (its"
            + " cognigy-merge.json says exit 1 and why, and has no 'undelivered'), merged again by this version once the"
            + " outbox is fixed, concludes the run again and sends the payload: it answered 'already merged' with exit 1,"
            + " and no outbox held the payload, so the QA platform never got the run")
    void undeliveredMergeOfAnEarlierEngineConcludedAgain() throws Exception {
        for (String part : PARTS) copy(part);
        Path merged = dir.resolve("merged");
        Files.createDirectories(merged);
        for (String file : List.of("cognigy-merge.json", "results.json")) {
            try (InputStream in = EarlierEnginePartsTest.class.getResourceAsStream("/merge/merged-undelivered-by-engine-2026-12-03/" + file)) {
                assertThat(in).as(file).isNotNull();
                Files.copy(in, merged.resolve(file));
            }
        }
        assertThat(JSON.readTree(merged.resolve("cognigy-merge.json").toFile()).has("undelivered")).isFalse();
        try (MockWebServer receiver = SandboxSplitRuns.receiver()) {
            Merge merge = Merge.run(List.of("--out", merged.toString(), "-Dcognigy.audit.file=" + dir.resolve("audit.jsonl"),
                    "-Dcognigy.webhook.url=" + receiver.url("/hook"), "-Dcognigy.webhook.outbox-dir=" + dir.resolve("outbox"),
                    dir.resolve("upgrade-run-1").toString()), SandboxSplitRuns.ENVIRONMENT);

            assertThat(merge.code()).as(merge.out() + merge.err()).isZero();
            assertThat(merge.out()).doesNotContain("already merged").contains("webhook: delivered msg_batch_1773975f303a");
            assertThat(receiver.getRequestCount()).isEqualTo(1);
            assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo("msg_batch_1773975f303a");
        }
    }

    private Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = EarlierEnginePartsTest.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
