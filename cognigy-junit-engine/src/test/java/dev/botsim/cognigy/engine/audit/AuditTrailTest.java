package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    private static Path trail(Path dir, int records) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        for (int i = 0; i < records; i++) trail.append("BATCH", Map.of("batch_id", "batch_" + i, "passed", i, "utterance", "hé \"quoted\""));
        return file;
    }

    /** The index of the record each byte belongs to (its newline included). */
    private static int recordOf(byte[] bytes, int position) {
        int record = 0;
        for (int i = 0; i < position; i++) if (bytes[i] == '\n') record++;
        return record;
    }

    @Test
    @DisplayName("an untouched trail verifies, and its head hash is the checkpoint append returned")
    void untouched(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("n", 1));
        AuditTrail.Checkpoint checkpoint = trail.append("BATCH", Map.of("n", 2));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(2);
        assertThat(result.headHash()).isEqualTo(checkpoint.headHash());
        assertThat(checkpoint.records()).isEqualTo(2);
    }

    @Test
    @DisplayName("a record of the run's batch id written ahead with another verdict — the id of a merged run is known before"
            + " it concludes — does not stand for the run: the run's own record is appended, and its checkpoint is its own")
    void batchWrittenAheadWithAnotherVerdict(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 1);
        AuditTrail trail = new AuditTrail(file);
        Map<String, Object> outcomes = new java.util.TreeMap<>(Map.of("failed", 7, "passed", 12));
        trail.append("BATCH", Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "total", 19,
                "outcomes", Map.of("failed", 0, "passed", 19)));

        AuditTrail.Appended run = trail.appendOnce("BATCH", Map.of("batch_id", "batch_merged", "governance", "REVIEW_REQUIRED",
                "total", 19, "outcomes", outcomes), "batch_id");
        assertThat(run.already()).isFalse();
        assertThat(run.checkpoint().records()).isEqualTo(3);
        assertThat(Files.readAllLines(file).get(2)).contains("\"governance\":\"REVIEW_REQUIRED\"");

        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_merged", "governance", "REVIEW_REQUIRED",
                "total", 19, "outcomes", outcomes), "batch_id")).as("the same run concluded again").isEqualTo(
                new AuditTrail.Appended(run.checkpoint(), true, 0));
    }

    @Test
    @DisplayName("a record of the run's batch id written ahead with its verdict but without what the record adds to tell"
            + " such runs apart — tests a launcher's filter took out, the settings (cognigy.approve=true) — does not stand for"
            + " the run: its own record is appended, and the verifier names the fields the two differ in")
    void batchWrittenAheadWithoutFilteredOutOrSettings(@TempDir Path dir) throws Exception {
        ownRecordBesideOneWrittenAhead(dir, Map.of("filtered_out", 3, "settings", Map.of("cognigy.approve", "true")),
                "the record written ahead hides the filter and the approving run", "filtered_out, settings",
                "\"filtered_out\":3", "\"cognigy.approve\":\"true\"");
    }

    @Test
    @DisplayName("a record of the merged run's batch id written ahead without rerun_attempts (a shard its CI ran again in a"
            + " later attempt) does not stand for the run: its own record is appended, and the verifier names the field")
    void batchWrittenAheadWithoutRerunAttempts(@TempDir Path dir) throws Exception {
        ownRecordBesideOneWrittenAhead(dir, Map.of("rerun_attempts", Map.of("2/4", 3)),
                "the record written ahead hides the shard's re-run", "rerun_attempts", "\"rerun_attempts\":{\"2/4\":3}");
    }

    @Test
    @DisplayName("a record of the merged run's batch id written ahead with its verdict and another locale's NLU figures (a"
            + " French macro F1 of 0.9 where the run measured 0.2) does not stand for the run: its own record is appended,"
            + " and the verifier names by_locale")
    void batchWrittenAheadWithOtherFiguresPerLocale(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 1);
        AuditTrail trail = new AuditTrail(file);
        Map<String, Object> verdict = Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "total", 40,
                "outcomes", Map.of("passed", 40), "threshold", 0.95, "settings", Map.of());
        Map<String, Object> ahead = new java.util.HashMap<>(verdict);
        ahead.put("by_locale", Map.of("de-DE", Map.of("intent_quality", Map.of("macro_f1", 1.0)),
                "fr-FR", Map.of("intent_quality", Map.of("macro_f1", 0.9))));
        trail.append("BATCH", ahead);
        Map<String, Object> run = new java.util.HashMap<>(verdict);
        run.put("by_locale", Map.of("de-DE", Map.of("intent_quality", Map.of("macro_f1", 1.0)),
                "fr-FR", Map.of("intent_quality", Map.of("macro_f1", 0.2))));

        AuditTrail.Appended own = trail.appendOnce("BATCH", run, "batch_id");

        assertThat(own.already()).as("the record written ahead hides the French figure").isFalse();
        assertThat(Files.readAllLines(file).get(2)).contains("\"macro_f1\":0.2");
        assertThat(AuditVerifier.verify(file).anomalies()).singleElement().satisfies(a -> assertThat(a.detail())
                .contains("they differ in by_locale"));
        assertThat(trail.appendOnce("BATCH", run, "batch_id")).as("the same run concluded again")
                .isEqualTo(new AuditTrail.Appended(own.checkpoint(), true, 0));
    }

    @Test
    @DisplayName("a record of the merged run's batch id written ahead with its verdict and another figure or fact of the run"
            + " — its flow coverage, pass rate, stability, the reasons of its verdict, the snapshot it tested — or with a"
            + " member the run's record lacks, does not stand for the run: its own record is appended, and the verifier"
            + " names the member")
    void batchWrittenAheadWithAnotherFigureOfTheRun(@TempDir Path dir) throws Exception {
        Map<String, Object> verdict = Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "total", 40,
                "outcomes", Map.of("passed", 40), "threshold", 0.95, "settings", Map.of(), "flow_coverage", 0.4,
                "success_rate", 1.0, "governance_reasons", List.of(), "bot_under_test", Map.of("snapshot", "live"));
        List<Map<String, Object>> forged = List.of(Map.of("flow_coverage", 1.0), Map.of("success_rate", 0.99),
                Map.of("stability", Map.of("stable", 40)), Map.of("governance_reasons", List.of(Map.of("code", "x"))),
                Map.of("bot_under_test", Map.of("snapshot", "v1.4")), Map.of("git_commit", "f0ec0999"));
        for (Map<String, Object> change : forged) {
            String member = change.keySet().iterator().next();
            Path file = dir.resolve(member + ".jsonl");
            AuditTrail trail = new AuditTrail(file);
            Map<String, Object> ahead = new java.util.HashMap<>(verdict);
            ahead.putAll(change);
            trail.append("BATCH", ahead);

            AuditTrail.Appended own = trail.appendOnce("BATCH", verdict, "batch_id");

            assertThat(own.already()).as("a record written ahead with another " + member).isFalse();
            assertThat(AuditVerifier.verify(file).anomalies()).as(member).singleElement().satisfies(a -> assertThat(a.detail())
                    .contains("they differ in " + member + "):").doesNotContain("earlier version"));
            assertThat(trail.appendOnce("BATCH", verdict, "batch_id").already()).as("the same run concluded again").isTrue();
        }
    }

    @Test
    @DisplayName("the same parts merged again after an upgrade, over the record an earlier version wrote of the batch"
            + " without the members this version adds (settings, governance_reasons): the batch is recorded again, since that"
            + " record does not say them, the trail verifies, and the warning says the earlier record carries none of them")
    void batchRecordedByAnEarlierVersion(@TempDir Path dir) throws Exception {
        // Written by the engine of 2026-12-01, byte for byte: a run, then the merge of run-7's two shards.
        Path file = dir.resolve("audit.jsonl");
        try (var old = AuditTrailTest.class.getResourceAsStream("/audit/trail-before-settings.jsonl")) {
            Files.copy(old, file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2).noneMatch(line -> line.contains("\"settings\""));
        // The record this engine's merge of the same parts writes: the old one's members, with its settings and reasons.
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = new java.util.LinkedHashMap<>(json.readValue(lines.get(1), Map.class));
        List.of("seq", "prev_hash", "hash", "type").forEach(merged::remove);
        merged.put("settings", Map.of());
        merged.put("governance_reasons", List.of(Map.of("code", "below_threshold", "message", "7 of 8 simulations passed")));

        AuditTrail.Appended again = new AuditTrail(file).appendOnce("BATCH", merged, "batch_id");

        assertThat(again.already()).as("the earlier record does not say the run's settings nor its reasons").isFalse();
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Anomaly.Kind.REPEATED_BATCH);
            assertThat(a.detail()).contains("(they differ in governance_reasons, settings; record 1 carries no"
                    + " governance_reasons, settings, as a record an earlier version of cognigy-junit wrote");
        });
    }

    @Test
    @DisplayName("the same run concluded again at another time, by another user, on another host or CI runner appends"
            + " nothing: only what a record says of its run tells two apart")
    void runConcludedAgainElsewhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        Map<String, Object> run = new java.util.HashMap<>(Map.of("batch_id", "batch_merged", "governance", "COMPLIANT",
                "total", 2, "outcomes", Map.of("passed", 2), "flow_coverage", 1.0, "data_files", Map.of("a.sim.yaml", "75f7")));
        run.putAll(Map.of("time", "2026-12-04T10:00:00Z", "user", "ci", "host", "runner-7", "ci", Map.of("GITHUB_RUN_ATTEMPT", "1")));
        AuditTrail.Appended first = trail.appendOnce("BATCH", run, "batch_id");
        run.putAll(Map.of("time", "2026-12-04T11:30:00Z", "user", "me", "host", "laptop", "ci", Map.of("GITHUB_RUN_ATTEMPT", "2")));

        AuditTrail.Appended again = trail.appendOnce("BATCH", run, "batch_id");

        assertThat(again).isEqualTo(new AuditTrail.Appended(first.checkpoint(), true, 0));
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    /**
     * A COMPLIANT record of batch_merged written ahead, then the run's own, the same but for {@code added}: the run's is
     * appended, holding {@code written}, the verifier names the fields the two differ in ({@code differ}), and the run
     * concluded again appends nothing.
     */
    private static void ownRecordBesideOneWrittenAhead(Path dir, Map<String, Object> added, String hides, String differ,
                                                       String... written) throws Exception {
        Path file = trail(dir, 1);
        AuditTrail trail = new AuditTrail(file);
        Map<String, Object> verdict = Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "total", 2,
                "outcomes", Map.of("passed", 2), "threshold", 0.95, "settings", Map.of());
        trail.append("BATCH", verdict);
        Map<String, Object> run = new java.util.HashMap<>(verdict);
        run.putAll(added);

        AuditTrail.Appended own = trail.appendOnce("BATCH", run, "batch_id");

        assertThat(own.already()).as(hides).isFalse();
        assertThat(own.checkpoint().records()).isEqualTo(3);
        assertThat(Files.readAllLines(file).get(2)).contains(written);
        assertThat(AuditVerifier.verify(file).anomalies()).singleElement().satisfies(a -> assertThat(a.detail())
                .contains("they differ in " + differ));
        assertThat(trail.appendOnce("BATCH", run, "batch_id")).as("the same run concluded again")
                .isEqualTo(new AuditTrail.Appended(own.checkpoint(), true, 0));
    }

    @Test
    @DisplayName("a batch is recorded once: appending it again writes nothing and gives the checkpoint its record left;"
            + " other batches are appended after it and the chain verifies")
    void batchRecordedOnce(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 2);
        AuditTrail trail = new AuditTrail(file);
        AuditTrail.Appended first = trail.appendOnce("BATCH", Map.of("batch_id", "batch_merged", "total", 17), "batch_id");
        assertThat(first.already()).isFalse();
        assertThat(first.checkpoint().records()).isEqualTo(3);
        trail.append("BATCH", Map.of("batch_id", "batch_later"));
        byte[] before = Files.readAllBytes(file);

        AuditTrail.Appended again = trail.appendOnce("BATCH", Map.of("batch_id", "batch_merged", "total", 17), "batch_id");
        assertThat(again.already()).isTrue();
        assertThat(again.checkpoint()).as("the head as the record left it, not the trail's head now").isEqualTo(first.checkpoint());
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        assertThat(trail.appendOnce("NOTE", Map.of("batch_id", "batch_merged"), "batch_id").already())
                .as("a record of another type is not the batch's").isFalse();
        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_merged_2"), "batch_id").already())
                .as("a batch id that starts with another is another batch").isFalse();
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(6);
    }

    @Test
    @DisplayName("the batch is found by its exact id wherever its record is — not in an id that ends with it or repeats its"
            + " start, not in a partial last line, and by an id JSON escapes")
    void batchFoundByExactId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("batch_id", "batch_batch_1", "note", "\"batch_id\":\"batch_1\""));
        trail.append("BATCH", Map.of("batch_id", "xbatch_1"));
        AuditTrail.Appended quoted = trail.appendOnce("BATCH", Map.of("batch_id", "batch \"q\" é"), "batch_id");
        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_1"), "batch_id").already()).isFalse();
        Files.writeString(file, "{\"seq\":4,\"batch_id\":\"batch_2\"", java.nio.file.StandardOpenOption.APPEND);

        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_2"), "batch_id").already())
                .as("a partial line is no record").isFalse();
        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_1"), "batch_id"))
                .satisfies(a -> assertThat(a.already()).isTrue())
                .satisfies(a -> assertThat(a.checkpoint().records()).isEqualTo(4));
        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch \"q\" é"), "batch_id")).isEqualTo(
                new AuditTrail.Appended(quoted.checkpoint(), true, 0));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(6);
    }

    @Test
    @DisplayName("an altered record is no proof that its batch was recorded: the batch is appended, and the verifier names the"
            + " altered one")
    void alteredRecordIsNoProof(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("batch_id", "batch_a", "total", 3));
        Files.writeString(file, Files.readString(file).replace("\"total\":3", "\"total\":4"));

        AuditTrail.Appended appended = trail.appendOnce("BATCH", Map.of("batch_id", "batch_a", "total", 3), "batch_id");
        assertThat(appended.already()).isFalse();
        assertThat(Files.readAllLines(file)).hasSize(2);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.anomalies()).extracting(Anomaly::record).contains(0);
    }

    @Test
    @DisplayName("A1: flipping any single byte makes the verifier fail and name that byte's record")
    void everyByteFlip(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 4);
        byte[] original = Files.readAllBytes(file);
        Path copy = dir.resolve("flipped.jsonl");
        for (int position = 0; position < original.length; position++) {
            byte[] flipped = original.clone();
            flipped[position] ^= 0x01;
            Files.write(copy, flipped);
            AuditVerifier.Result result = AuditVerifier.verify(copy);
            assertThat(result.ok()).as("byte %d", position).isFalse();
            assertThat(result.firstBadIndex()).as("byte %d", position).isEqualTo(recordOf(original, position));
        }
    }

    @Test
    @DisplayName("A1: a deleted record and two swapped records are named by index")
    void deletedAndSwapped(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 5);
        List<String> lines = Files.readAllLines(file);
        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(2);
        Files.write(file, deleted);
        assertThat(AuditVerifier.verify(file).firstBadIndex()).isEqualTo(2);
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(1, lines.get(3));
        swapped.set(3, lines.get(1));
        Files.write(file, swapped);
        assertThat(AuditVerifier.verify(file).firstBadIndex()).isEqualTo(1);
    }

    @Test
    @DisplayName("A4: a partially written last record is reported, then kept in a TRUNCATED_TAIL record by the next append")
    void truncatedTail(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 3);
        String partial = "{\"seq\":3,\"prev_hash\":\"00";
        Files.writeString(file, partial, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        AuditVerifier.Result broken = AuditVerifier.verify(file);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.firstBadIndex()).isEqualTo(3);
        assertThat(broken.reason()).contains("incomplete");

        new AuditTrail(file).append("BATCH", Map.of("n", "after"));
        AuditVerifier.Result repaired = AuditVerifier.verify(file);
        assertThat(repaired.ok()).isTrue();
        assertThat(repaired.records()).isEqualTo(5);
        String quarantine = Files.readAllLines(file).get(3);
        assertThat(quarantine).contains("\"type\":\"TRUNCATED_TAIL\"")
                .contains(Base64.getEncoder().encodeToString(partial.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a file that is no audit trail (a report, notes, a mistyped path) is left untouched: nothing is appended and"
            + " the failure says it is not a trail; a first record cut short by a killed JVM is still quarantined")
    void notATrailIsLeftAlone(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        byte[] text = "line one\nline two\nno newline at the end".getBytes(StandardCharsets.UTF_8);
        Files.write(notes, text);
        assertThatThrownBy(() -> new AuditTrail(notes).appendOnce("BATCH", Map.of("batch_id", "batch_1"), "batch_id"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage(notes + " is not an audit trail: none of its 2 lines starts as a record does ({\"seq\":...);"
                        + " nothing was appended to it. Name a new file or the trail in cognigy.audit.file");
        assertThat(Files.readAllBytes(notes)).isEqualTo(text);

        Path partialOnly = dir.resolve("words.txt");
        Files.writeString(partialOnly, "hello");
        assertThatThrownBy(() -> new AuditTrail(partialOnly).append("BATCH", Map.of("n", 1)))
                .hasMessageContaining("is not an audit trail: none of its 0 lines");
        assertThat(Files.readString(partialOnly)).isEqualTo("hello");

        Path cutFirst = dir.resolve("audit.jsonl");
        Files.writeString(cutFirst, "{\"seq\":0,\"prev_h");
        assertThat(new AuditTrail(cutFirst).append("BATCH", Map.of("n", 1)).records()).isEqualTo(2);
        assertThat(AuditVerifier.verify(cutFirst).ok()).isTrue();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("A4: JVMs killed with kill -9 while appending 1 MiB records: every complete record still verifies, a cut"
            + " record is only the tail, and the next append keeps its bytes in a TRUNCATED_TAIL record")
    void killedMidAppend(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        java.util.Random random = new java.util.Random(4);
        long expected = 0;
        for (int round = 0; round < 4; round++) {
            Process writer = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                    AuditAppender.class.getName(), file.toString(), "forever", "killed" + round).redirectErrorStream(true).start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            Thread.sleep(200 + random.nextInt(800));
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).isEqualTo(128 + 9);

            byte[] bytes = Files.readAllBytes(file);
            long lines = 0;
            for (byte b : bytes) if (b == '\n') lines++;
            long complete = lines;
            boolean partial = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
            AuditVerifier.Result killed = AuditVerifier.verify(file);
            if (partial) {
                assertThat(killed.anomalies()).as("round %d", round).singleElement()
                        .satisfies(a -> assertThat(a.kind()).isEqualTo(Anomaly.Kind.INCOMPLETE_RECORD))
                        .satisfies(a -> assertThat(a.record()).isEqualTo(complete));
            } else {
                assertThat(killed.ok()).as("round %d: %s", round, killed.reason()).isTrue();
            }
            assertThat(complete).as("no complete record lost").isGreaterThanOrEqualTo(expected + 1);

            AuditTrail.Checkpoint after = new AuditTrail(file).append("BATCH", Map.of("writer", "after" + round));
            expected = complete + (partial ? 1 : 0) + 1;
            assertThat(after.records()).isEqualTo(expected);
            AuditVerifier.Result repaired = AuditVerifier.verify(file);
            assertThat(repaired.ok()).as(repaired.reason()).isTrue();
            assertThat(repaired.records()).isEqualTo(expected);
            if (partial) {
                String tail = Files.readAllLines(file).get((int) complete);
                assertThat(tail).contains("\"type\":\"TRUNCATED_TAIL\"", "\"partial_bytes\":" + (bytes.length - lastNewline(bytes) - 1));
            }
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == '\n') return i;
        return -1;
    }

    @Test
    @DisplayName("a disk that fills up during an append leaves the trail exactly as the append found it, its partial tail"
            + " included, for the next append to quarantine")
    void failedAppendLeavesTheTrailAsItWas(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash's ulimit");
        Path file = trail(dir, 2);
        // A record cut short by a JVM killed while writing it, sized so the file ends just below a 1 KiB boundary: the
        // file-size limit there (a disk full, as the process sees it) lets no quarantine record and new record fit.
        int partialLength = 1014 - (int) (Files.size(file) % 1024);
        if (partialLength < 40) partialLength += 1024;
        Files.write(file, "{\"seq\":2,\"x\":\"".concat("p".repeat(partialLength - 14)).getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);
        long blocks = (before.length + 1023) / 1024;

        String java = ProcessHandle.current().info().command().orElse("java");
        Process limited = new ProcessBuilder("/bin/bash", "-c", "ulimit -f \"$1\" && shift && exec \"$@\"", "bash",
                String.valueOf(blocks), java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AuditAppender.class.getName(), file.toString(), "1", "full").redirectErrorStream(true).start();
        String output = new String(limited.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(limited.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(limited.exitValue()).as(output).isNotZero();
        assertThat(output).contains("File too large");
        assertThat(Files.readAllBytes(file)).as("the trail as the failed append found it").isEqualTo(before);

        // With room again, the next append quarantines the same partial bytes and the chain verifies.
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_after"));
        assertThat(Files.readString(file)).contains(Base64.getEncoder().encodeToString(
                Arrays.copyOfRange(before, before.length - partialLength, before.length)));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(4);
    }

    @Test
    @DisplayName("a trail larger than the JVM's heap (years of runs, a Surefire fork with a small -Xmx) is appended to and"
            + " searched for the run's batch without being held in memory: the record is appended once, not an OutOfMemoryError")
    void trailLargerThanTheHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        String pad = "p".repeat(1 << 20);
        for (int i = 0; i < 40; i++) trail.append("BATCH", Map.of("batch_id", "batch_old_" + i, "pad", pad));
        trail.append("BATCH", Map.of("batch_id", "batch_last"));
        assertThat(Files.size(file)).isGreaterThan(40L << 20);

        String java = ProcessHandle.current().info().command().orElse("java");
        for (String expected : List.of("appended 42", "already 42")) {
            Process small = new ProcessBuilder(java, "-Xmx16m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                    AuditAppender.class.getName(), file.toString(), "batch", "batch_small_heap").redirectErrorStream(true).start();
            String output = new String(small.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(small.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(small.exitValue()).as(output).isZero();
            assertThat(output.strip()).isEqualTo(expected);
        }
        // A batch recorded before the large records is found too, and the chain holds.
        assertThat(trail.appendOnce("BATCH", Map.of("batch_id", "batch_old_0", "pad", pad), "batch_id").already()).isTrue();
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(42);
        assertThat(Files.readAllLines(file).get(41)).contains("\"seq\":41,", "\"batch_id\":\"batch_small_heap\"");
    }

    @Test
    @DisplayName("threads of one JVM appending at once (merges of a parallel Maven build) take turns: every record is"
            + " appended and the chain verifies, none refused because the JVM already holds the file's lock")
    void threadsOfOneJvm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 4;
        int rounds = 25;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> appending = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    try {
                        together.await();
                        new AuditTrail(file).appendOnce("BATCH", Map.of("batch_id", "batch_" + thread + "_" + round), "batch_id");
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            });
            appender.start();
            appending.add(appender);
        }
        for (Thread appender : appending) appender.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(failures).isEmpty();
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(threads * rounds);
    }

    @Test
    @DisplayName("A5: two JVMs appending at once leave whole lines, unique sequence numbers and a chain that verifies")
    void twoJvms(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AuditAppender.class.getName(),
                file.toString(), "40", "other").inheritIO().start();
        AuditAppender.main(new String[] {file.toString(), "40", "this"});
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.records()).isEqualTo(80);
        assertThat(Files.readAllLines(file)).filteredOn(l -> l.contains("\"writer\":\"other\"")).hasSize(40);
    }

    @Test
    @DisplayName("A2: cutting off the last records leaves a chain that verifies alone, but not against the external checkpoint")
    void truncationNeedsTheCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        AuditTrail.Checkpoint checkpoint = null;
        for (int i = 0; i < 4; i++) checkpoint = trail.append("BATCH", Map.of("n", i));
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 2));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isLessThan((int) checkpoint.records());
        assertThat(result.headHash()).isNotEqualTo(checkpoint.headHash());
        assertThat(AuditVerifier.verify(file, checkpoint.headHash()).ok()).isFalse();
    }

    @Test
    @DisplayName("A6: a second genesis record is rejected")
    void secondGenesis(@TempDir Path dir) throws Exception {
        Path first = trail(dir.resolve("a"), 2);
        Path second = trail(dir.resolve("b"), 1);
        Files.writeString(first, Files.readString(second), java.nio.file.StandardOpenOption.APPEND);
        AuditVerifier.Result result = AuditVerifier.verify(first);
        assertThat(result.firstBadIndex()).isEqualTo(2);
        assertThat(result.reason()).contains("record 2");
    }

    @Test
    @DisplayName("A7: a record re-serialised with its keys in another order no longer verifies")
    void reserialised(@TempDir Path dir) throws Exception {
        Path file = trail(dir, 2);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        Map<String, Object> fields = json.readValue(lines.get(1), new tools.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        List<String> keys = new ArrayList<>(fields.keySet());
        java.util.Collections.reverse(keys);
        Map<String, Object> reordered = new java.util.LinkedHashMap<>();
        keys.forEach(k -> reordered.put(k, fields.get(k)));
        String reserialised = json.writeValueAsString(reordered);
        assertThat(reserialised).isNotEqualTo(lines.get(1));
        lines.set(1, reserialised);
        Files.write(file, lines);
        assertThat(AuditVerifier.verify(file).firstBadIndex()).isEqualTo(1);
    }

    @Test
    @DisplayName("an append waits for another process's lock, says so once it has waited a while, and gives up with the"
            + " lock file named instead of waiting for ever on a process that hangs; the trail is left as it was")
    void lockHeldByAHangingProcess(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_before"));
        byte[] before = Files.readAllBytes(file);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AuditAppender.class.getName(), file.toString(), "hold").redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");
            List<String> said = new CopyOnWriteArrayList<>();
            AuditTrail waiting = new AuditTrail(file, Duration.ofMillis(800), Duration.ofMillis(200), said::add);

            assertThatThrownBy(() -> waiting.append("BATCH", Map.of("batch_id", "batch_waiting")))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("another process has held its lock " + file.toAbsolutePath() + ".lock")
                    .hasMessageContaining("nothing was appended");
            assertThat(said).singleElement().asString().startsWith("waiting for the lock " + file.toAbsolutePath() + ".lock");
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        // Once the process is gone, its lock is too: the next append goes through.
        assertThat(new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_after")).records()).isEqualTo(2);
    }
    @Test
    @DisplayName("an append that may wait only a while (the JVM's shutdown hook's) waits for another thread of this JVM,"
            + " itself waiting for another process's lock, no longer than that: it gives up and appends nothing, rather than"
            + " wait for as long as that thread may")
    void boundedWaitForAnotherThreadOfThisJvm(@TempDir Path dir) throws Exception {
        Path held = dir.resolve("held.jsonl");
        Path own = dir.resolve("own.jsonl");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(javaCommand, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AuditAppender.class.getName(), held.toString(), "hold").redirectErrorStream(true).start();
        Thread other = null;
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");
            // Another run or merge of this JVM, appending to another trail: it has this JVM's turn and waits for the process.
            java.util.concurrent.CountDownLatch waitingForTheProcess = new java.util.concurrent.CountDownLatch(1);
            other = new Thread(() -> {
                try {
                    new AuditTrail(held, Duration.ofMinutes(2), Duration.ZERO, said -> waitingForTheProcess.countDown())
                            .append("BATCH", Map.of("batch_id", "batch_other"));
                } catch (java.io.IOException givenUp) {
                    // the process held the lock for as long as it waited
                }
            }, "other-append");
            other.start();
            assertThat(waitingForTheProcess.await(30, TimeUnit.SECONDS)).as("the other append waiting for the process").isTrue();

            java.util.concurrent.CompletableFuture<Throwable> bounded = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    AuditTrail.waitingAtMost(own, Duration.ofMillis(300), said -> { }).append("BATCH", Map.of("batch_id", "batch_hook"));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            // A guard far beyond the 300 ms it may wait, and far below the two minutes the other append may.
            Throwable failure = bounded.get(30, TimeUnit.SECONDS);

            assertThat(failure).isInstanceOf(AuditTrail.LockHeldException.class)
                    .hasMessageStartingWith("another thread of this JVM (another run or merge in it) was still appending to an"
                            + " audit trail when the 300 ms this append could wait ran out; nothing was appended");
            assertThat(((AuditTrail.LockHeldException) failure).byThisJvm()).isTrue();
            assertThat(own).doesNotExist();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
            if (other != null) other.join(TimeUnit.SECONDS.toMillis(60));
        }
        // Once the other append is over, a bounded one appends as any other.
        assertThat(AuditTrail.waitingAtMost(own, Duration.ofMillis(300), said -> { }).append("BATCH", Map.of("batch_id", "batch_hook"))
                .records()).isEqualTo(1);
    }

    @Test
    @DisplayName("a trail named through a symbolic link (a cache or shared disk linked into the workspace) takes the same"
            + " lock as by its own path: an append waits for another process appending by the other name")
    void trailNamedThroughALinkTakesTheSameLock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared").resolve("audit.jsonl");
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_before"));
        Path link;
        try {
            link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("workspace")).resolve("audit.jsonl"), file);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        byte[] before = Files.readAllBytes(file);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AuditAppender.class.getName(), file.toString(), "hold").redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");
            List<String> said = new CopyOnWriteArrayList<>();
            AuditTrail throughLink = new AuditTrail(link, Duration.ofMillis(800), Duration.ofMillis(200), said::add);

            assertThatThrownBy(() -> throughLink.append("BATCH", Map.of("batch_id", "batch_through_link")))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("another process has held its lock " + file.toRealPath() + ".lock");
            assertThat(Files.readAllBytes(file)).as("the trail, untouched while the other process holds it").isEqualTo(before);
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(new AuditTrail(link).append("BATCH", Map.of("batch_id", "batch_after")).records()).isEqualTo(2);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.reason()).isTrue();
    }
}
