package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.audit.Anomaly.Kind;

/** Item 18: every anomaly is named with its record and kind; what cannot be read as a record is never accepted. */
class AuditVerifierTest {

    @TempDir
    Path dir;

    private Path trail(String name, int records) throws Exception {
        Path file = dir.resolve(name);
        AuditTrail trail = new AuditTrail(file);
        for (int i = 0; i < records; i++) trail.append("BATCH", Map.of("batch_id", "batch_" + i, "passed", i));
        return file;
    }

    /** A fresh three-record trail with record 1 edited and the chain recomputed over the edit. */
    private Path forged(String name, UnaryOperator<String> edit) throws Exception {
        Path file = trail(name, 3);
        Forger.forge(file, 1, edit);
        return file;
    }

    @Test
    @DisplayName("a batch recorded a second time with another verdict — a record of its id written ahead of the run, or"
            + " a merge concluded again under another threshold — is a warning naming both records and verdicts; the"
            + " trail still verifies, and a batch concluded again with the same verdict (not appended) says nothing")
    void batchRecordedAgainWithAnotherVerdict() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "total", 19,
                "outcomes", Map.of("passed", 19), "threshold", 0.95));
        trail.append("BATCH", Map.of("batch_id", "batch_other", "governance", "COMPLIANT", "total", 3, "threshold", 0.95));
        Map<String, Object> run = Map.of("batch_id", "batch_merged", "governance", "REVIEW_REQUIRED", "total", 19,
                "outcomes", Map.of("failed", 7, "passed", 12), "threshold", 0.95);
        trail.appendOnce("BATCH", run, "batch_id");
        trail.appendOnce("BATCH", run, "batch_id");

        AuditVerifier.Result result = AuditVerifier.verify(file);

        assertThat(result.records()).isEqualTo(3);
        assertThat(result.ok()).isTrue();
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(2, Kind.REPEATED_BATCH));
        assertThat(result.anomalies().get(0).toString()).startsWith("WARNING at record 2: batch recorded again: a second"
                + " record of batch \"batch_merged\", REVIEW_REQUIRED at threshold 0.95, after record 0, COMPLIANT at"
                + " threshold 0.95 (they differ in governance, outcomes):");
    }

    @Test
    @DisplayName("a second record of a batch differing only in a long member (the data files it read, held by digest"
            + " while the trail is read) is named by it; one differing only in when and where it was written is no"
            + " second account of the run")
    void batchRecordedAgainWithAnotherLongMember() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        Map<String, Object> files = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) files.put("simulations/s" + i + ".sim.yaml", "75f74a92" + i);
        Map<String, Object> verdict = Map.of("batch_id", "batch_merged", "governance", "COMPLIANT", "threshold", 0.95,
                "data_files", files);
        trail.append("BATCH", verdict);
        Map<String, Object> elsewhere = new java.util.HashMap<>(verdict);
        elsewhere.putAll(Map.of("time", "2026-12-04T11:30:00Z", "host", "laptop", "user", "me"));
        trail.append("BATCH", elsewhere);
        Map<String, Object> otherFiles = new java.util.TreeMap<>(files);
        otherFiles.put("simulations/s7.sim.yaml", "0000");
        Map<String, Object> other = new java.util.HashMap<>(verdict);
        other.put("data_files", otherFiles);
        trail.append("BATCH", other);

        AuditVerifier.Result result = AuditVerifier.verify(file);

        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(2, Kind.REPEATED_BATCH));
        assertThat(result.anomalies().get(0).detail()).contains("after record 0, COMPLIANT at threshold 0.95 (they differ in data_files):");
    }

    @Test
    @DisplayName("item 18: a seq that is a string, negative, a fraction or missing is named at its record, and only there")
    void nonNumericSeq() throws Exception {
        List<String> written = List.of("\"1\"", "-1", "1.0", "1e0", "null", "[1]");
        for (String seq : written) {
            Path file = forged("seq" + written.indexOf(seq) + ".jsonl", line -> line.replace("\"seq\":1,", "\"seq\":" + seq + ","));
            AuditVerifier.Result result = AuditVerifier.verify(file);
            assertThat(result.anomalies()).as(seq).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(1, Kind.NON_NUMERIC_SEQ));
        }
        Path missing = forged("no-seq.jsonl", line -> line.replace("\"seq\":1,", ""));
        assertThat(AuditVerifier.verify(missing).anomalies()).extracting(Anomaly::record, Anomaly::kind)
                .containsExactly(tuple(1, Kind.MALFORMED_RECORD), tuple(1, Kind.MALFORMED_RECORD));
    }

    @Test
    @DisplayName("a trail whose line endings were converted to CR LF is broken, and each record says its line ends in CR LF"
            + " and hashes to itself without it, rather than that its content was altered")
    void windowsLineEndings() throws Exception {
        Path file = trail("audit.jsonl", 2);
        Files.writeString(file, Files.readString(file).replace("\n", "\r\n"));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.anomalies()).filteredOn(a -> a.kind() == Kind.BAD_SELF_HASH).extracting(Anomaly::record).containsExactly(0, 1);
        assertThat(result.anomalies()).filteredOn(a -> a.kind() == Kind.BAD_SELF_HASH).allSatisfy(a -> assertThat(a.detail())
                .contains("ends in CR LF", "hashes to its own hash without the CR", "line endings were converted")
                .doesNotContain("its content was altered"));
    }

    @Test
    @DisplayName("a trail converted to CR LF links and checkpoints as written: no record is called changed or a checkpoint"
            + " rewritten for it, and a run appending meanwhile verifies once the line endings are back to LF")
    void windowsLineEndingsAreNoTampering() throws Exception {
        Path file = trail("audit.jsonl", 3);
        String head = AuditVerifier.verify(file).headHash();
        String firstHead = sha256(Files.readAllLines(file).get(0));
        Files.writeString(file, Files.readString(file).replace("\n", "\r\n"));

        AuditVerifier.Result converted = AuditVerifier.verify(file, firstHead);
        assertThat(converted.anomalies()).extracting(Anomaly::record, Anomaly::kind)
                .containsExactly(tuple(0, Kind.BAD_SELF_HASH), tuple(1, Kind.BAD_SELF_HASH), tuple(2, Kind.BAD_SELF_HASH));
        assertThat(converted.expectedHead()).get().extracting(AuditVerifier.ExpectedHead::foundAt).isEqualTo(0);
        assertThat(converted.headHash()).isEqualTo(head);

        // A run on the converted checkout appends; git converts the file back to LF when it is committed.
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_3"));
        assertThat(AuditVerifier.verify(file).anomalies()).extracting(Anomaly::record).containsExactly(0, 1, 2);
        Files.writeString(file, Files.readString(file).replace("\r\n", "\n"));
        AuditVerifier.Result restored = AuditVerifier.verify(file, head);
        assertThat(restored.anomalies()).isEmpty();
        assertThat(restored.records()).isEqualTo(4);
        assertThat(restored.expectedHead()).get().extracting(AuditVerifier.ExpectedHead::foundAt).isEqualTo(2);
    }

    private static String sha256(String line) {
        return dev.botsim.cognigy.engine.support.Sha256.hex(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a run's record cut short by hand, for the next append to quarantine it as a crash, is named with its batch"
            + " and verdict, and not called a crash that is no tampering")
    void recordCutShortIntoQuarantine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("batch_id", "batch_green", "governance", "COMPLIANT"));
        trail.append("BATCH", Map.of("batch_id", "batch_failing", "governance", "REVIEW_REQUIRED", "total", 19));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2)); // its closing brace and newline
        trail.append("BATCH", Map.of("batch_id", "batch_next", "governance", "COMPLIANT"));

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(1, Kind.TRUNCATED_TAIL));
        assertThat(result.warnings().get(0).detail()).contains("the record of \"batch_failing\", cut off after its verdict"
                + " REVIEW_REQUIRED", "cut short by hand", "--expect-head").doesNotContain("not tampering");
    }

    @Test
    @DisplayName("item 18: a record removed is one non-consecutive seq and one broken link at the gap; the records after it are checked and clean")
    void removedRecord() throws Exception {
        Path file = trail("audit.jsonl", 5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(2);
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind)
                .containsExactly(tuple(2, Kind.NON_CONSECUTIVE_SEQ), tuple(2, Kind.BROKEN_LINK));
        assertThat(result.anomalies().get(0).detail()).startsWith("seq 3 where 2 was expected");
        assertThat(result.firstBadIndex()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 18: a duplicated key, a trailing comma, trailing text, single quotes, a raw control character or bytes that are not UTF-8 make a non-JSON record, chain recomputed or not")
    void notReadableAsARecord() throws Exception {
        List<UnaryOperator<String>> edits = List.of(
                line -> line.replace("\"type\":\"BATCH\"", "\"type\":\"BATCH\",\"type\":\"OTHER\""),
                line -> line.substring(0, line.length() - 1) + ",}",
                line -> line + " trailing",
                line -> line.replace("\"batch_1\"", "'batch_1'"),
                line -> line.replace("\"batch_1\"", "\"batch\u0001\""));
        for (int i = 0; i < edits.size(); i++) {
            Path file = forged("edit" + i + ".jsonl", edits.get(i));
            assertThat(AuditVerifier.verify(file).anomalies()).as("edit %d", i).extracting(Anomaly::record, Anomaly::kind)
                    .containsExactly(tuple(1, Kind.NON_JSON_RECORD));
        }
        Path file = trail("bytes.jsonl", 1);
        byte[] bytes = Files.readAllBytes(file);
        byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length);
        broken[broken.length - 3] = (byte) 0xff;
        Files.write(file, broken);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.anomalies()).extracting(Anomaly::kind).containsExactly(Kind.NON_JSON_RECORD);
        assertThat(result.anomalies().get(0).detail()).contains("not UTF-8");
    }

    @Test
    @DisplayName("item 18: a line nested far deeper than any record is a non-JSON record, not a StackOverflowError")
    void deepNesting() throws Exception {
        Path file = trail("audit.jsonl", 1);
        String deep = "{\"seq\":1,\"prev_hash\":\"" + "0".repeat(64) + "\",\"hash\":\"" + "0".repeat(64) + "\",\"x\":"
                + "[".repeat(200_000) + "]".repeat(200_000) + "}\n";
        Files.writeString(file, deep, StandardOpenOption.APPEND);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(1, Kind.NON_JSON_RECORD));
        assertThat(result.anomalies().get(0).detail()).contains("nested deeper than " + RecordJson.MAX_DEPTH);
    }

    @Test
    @DisplayName("item 18: a record's text never splits an anomaly's line: control characters are escaped, long values cut short")
    void oneLinePerAnomaly() throws Exception {
        Path file = forged("audit.jsonl", line -> line.replace("\"seq\":1,", "\"seq\":\"1\\nBROKEN at record 9: forged " + "x".repeat(500) + "\","));
        List<Anomaly> anomalies = AuditVerifier.verify(file).anomalies();
        assertThat(anomalies).extracting(Anomaly::kind).containsExactly(Kind.NON_NUMERIC_SEQ);
        assertThat(anomalies.get(0).toString()).doesNotContain("\n").contains("\\u000a").hasSizeLessThan(200);
    }

    @Test
    @DisplayName("item 18: a hash written with JSON escapes is a malformed record, though it decodes to the digits that verify")
    void escapedHash() throws Exception {
        Path file = trail("audit.jsonl", 2);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String last = lines.get(1);
        int digits = last.indexOf("\"hash\":\"") + 8;
        lines.set(1, last.substring(0, digits) + String.format("\\u%04x", (int) last.charAt(digits)) + last.substring(digits + 1));
        Files.write(file, lines);
        assertThat(AuditVerifier.verify(file).anomalies()).extracting(Anomaly::record, Anomaly::kind)
                .containsExactly(tuple(1, Kind.MALFORMED_RECORD));
    }

    @Test
    @DisplayName("item 18: a quarantined partial write is a warning naming its record and size; the trail still verifies")
    void truncatedTailWarning() throws Exception {
        Path file = trail("audit.jsonl", 3);
        Files.writeString(file, "{\"seq\":3,\"prev", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new AuditTrail(file).append("BATCH", Map.of("n", "after"));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(3, Kind.TRUNCATED_TAIL));
        assertThat(result.warnings().get(0).toString()).startsWith("WARNING at record 3: truncated tail: 14 bytes");
    }

    /** The trail with its last line replaced by {@code edit} of it and left without its newline, as a hand could leave it. */
    private static void lastLineWithoutNewline(Path file, UnaryOperator<String> edit) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(lines.size() - 1, edit.apply(lines.get(lines.size() - 1)));
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("A4/A1: an altered last record whose newline was removed is not laundered into a warning by the next append's"
            + " quarantine: the quarantined record fails its own hash, and the trail is BROKEN at it")
    void alteredRecordQuarantinedIsNoCrash() throws Exception {
        Path file = trail("audit.jsonl", 3);
        lastLineWithoutNewline(file, line -> line.replace("\"passed\":2", "\"passed\":9"));
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_next"));

        AuditVerifier.Result result = AuditVerifier.verify(file);

        assertThat(Files.readAllLines(file).get(2)).contains("\"type\":\"TRUNCATED_TAIL\"");
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBadIndex()).isEqualTo(2);
        assertThat(result.problems()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Kind.BAD_SELF_HASH);
            assertThat(a.toString()).startsWith("BROKEN at record 2: bad self hash: the ").contains("bytes quarantined here are a"
                    + " whole record of type \"BATCH\" for \"batch_2\" without its newline, which no interrupted write leaves, and it"
                    + " does not hash to its own hash: it was altered");
        });
    }

    @Test
    @DisplayName("A4: a last record that only lost its newline, quarantined by the next append, is a warning that says it is a"
            + " whole record, not a crash, and where its content is; a write cut short is still the crash warning")
    void wholeRecordQuarantinedSaysSo() throws Exception {
        Path file = trail("audit.jsonl", 3);
        lastLineWithoutNewline(file, UnaryOperator.identity());
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_next"));

        AuditVerifier.Result result = AuditVerifier.verify(file);

        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).singleElement().satisfies(a -> assertThat(a.toString()).startsWith("WARNING at record 2: truncated"
                + " tail: the ").contains("bytes quarantined here are a whole record of type \"BATCH\" for \"batch_2\" without its"
                + " newline, which no interrupted write leaves: its newline was removed", "check the trail against a checkpoint"));
    }

    @Test
    @DisplayName("item 18: a TRUNCATED_TAIL record whose partial_bytes and partial_base64 disagree is malformed, and still mentioned")
    void truncatedTailThatDisagrees() throws Exception {
        Path file = trail("audit.jsonl", 1);
        Files.writeString(file, "{\"seq\":1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new AuditTrail(file).append("BATCH", Map.of("n", "after"));
        Forger.forge(file, 1, line -> line.replace("\"partial_bytes\":8", "\"partial_bytes\":80"));
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind)
                .containsExactly(tuple(1, Kind.MALFORMED_RECORD), tuple(1, Kind.TRUNCATED_TAIL));
    }

    @Test
    @DisplayName("item 18: the checkpoint an append returns (the webhook's audit_checkpoint) is found by the expected head, with later records after it")
    void checkpointFromAppend() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("n", 0));
        AuditTrail.Checkpoint checkpoint = trail.append("BATCH", Map.of("n", 1));
        trail.append("BATCH", Map.of("n", 2));
        AuditVerifier.Result result = AuditVerifier.verify(file, checkpoint.headHash());
        assertThat(result.ok()).isTrue();
        assertThat(result.expectedHead()).hasValueSatisfying(head -> assertThat(head.foundAt()).isEqualTo(checkpoint.records() - 1));

        Files.write(file, Files.readAllLines(file).subList(0, 1));
        AuditVerifier.Result cut = AuditVerifier.verify(file, checkpoint.headHash());
        assertThat(cut.ok()).isFalse();
        assertThat(cut.firstBadIndex()).isEqualTo(-1);
        assertThat(cut.anomalies()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(Anomaly.WHOLE_TRAIL, Kind.HEAD_MISMATCH));
        assertThat(cut.reason()).startsWith("BROKEN: head mismatch: ");
    }
    @Test
    @DisplayName("a trail of years of hourly runs (20,000 records of a run's size, each of a batch of its own) verifies in a JVM"
            + " with a 16 MB heap, a batch recorded again among them named as before: the verifier keeps of each batch where its"
            + " first record is and a digest of it, not what it says, and reads it again only for a batch recorded again")
    void yearsOfRecordsInASmallHeap() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        YearOfRecords.write(file, 20_000);
        assertThat(Files.size(file)).isGreaterThan(20_000L * 1_200);
        // Record 5's batch again, with another verdict: its first record is read back from the file to say how they differ.
        new AuditTrail(file).appendOnce("BATCH", Map.of("batch_id", YearOfRecords.batch(5), "governance", "REVIEW_REQUIRED"), "batch_id");

        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process small = new ProcessBuilder(javaCommand, "-Xmx16m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AuditCommand.class.getName(), "verify-audit", file.toString()).redirectErrorStream(true).start();
        String output = new String(small.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(small.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(small.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).hasSize(2);
        assertThat(output).startsWith("WARNING at record 20000: batch recorded again: a second record of batch \"batch_000000000005\","
                + " REVIEW_REQUIRED, after record 5, COMPLIANT at threshold 0.95 (they differ in backend, bot, bot_under_test, data_files,"
                + " flow_coverage, git_commit, governance, governance_reasons, outcomes, settings, success_rate, target, threshold,"
                + " total):").contains("OK with 1 warning: 20001 records verify; head hash ");
    }
    @Test
    @DisplayName("a broken link says what it means where it is: the first record not linked to 64 zeros has records missing"
            + " before it, a later one linked to 64 zeros starts a second chain, any other names the record before it")
    void brokenLinkSaysWhichRecordItFailsToFollow() throws Exception {
        String zeros = "\"prev_hash\":\"" + "0".repeat(64) + "\"";
        Path first = trail("first.jsonl", 2);
        List<String> lines = new ArrayList<>(Files.readAllLines(first));
        lines.set(0, lines.get(0).replace(zeros, "\"prev_hash\":\"" + "1".repeat(64) + "\""));
        Files.write(first, lines);
        assertThat(AuditVerifier.verify(first).anomalies()).filteredOn(a -> a.kind() == Kind.BROKEN_LINK)
                .extracting(Anomaly::record, Anomaly::detail)
                .containsExactly(tuple(0, "the first record's prev_hash is not 64 zeros: records before it are missing"),
                        tuple(1, "prev_hash is not the hash of record 0: that record or this one was changed, or records between"
                                + " them were removed, added or moved"));

        Path restarted = trail("restarted.jsonl", 3);
        lines = new ArrayList<>(Files.readAllLines(restarted));
        lines.set(2, lines.get(2).replaceFirst("\"prev_hash\":\"[0-9a-f]{64}\"", zeros));
        Files.write(restarted, lines);
        assertThat(AuditVerifier.verify(restarted).anomalies()).filteredOn(a -> a.kind() == Kind.BROKEN_LINK)
                .extracting(Anomaly::record, Anomaly::detail)
                .containsExactly(tuple(2, "prev_hash is 64 zeros after record 0: a second chain starts here"));

        Path moved = trail("moved.jsonl", 4);
        lines = new ArrayList<>(Files.readAllLines(moved));
        lines.add(1, lines.remove(2));
        Files.write(moved, lines);
        assertThat(AuditVerifier.verify(moved).anomalies()).filteredOn(a -> a.kind() == Kind.BROKEN_LINK)
                .extracting(Anomaly::record, Anomaly::detail).containsExactly(
                        tuple(1, "prev_hash is not the hash of record 0: that record or this one was changed, or records between"
                                + " them were removed, added or moved"),
                        tuple(2, "prev_hash is not the hash of record 1: that record or this one was changed, or records between"
                                + " them were removed, added or moved"),
                        tuple(3, "prev_hash is not the hash of record 2: that record or this one was changed, or records between"
                                + " them were removed, added or moved"));
    }

    @Test
    @DisplayName("a hash in upper-case hex is no hash as the chain writes it: a malformed record quoting it, not a record that"
            + " merely fails to hash to itself")
    void upperCaseHashIsMalformed() throws Exception {
        Path file = trail("audit.jsonl", 2);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        java.util.regex.Matcher hash = java.util.regex.Pattern.compile("\"hash\":\"([0-9a-f]{64})\"").matcher(lines.get(1));
        assertThat(hash.find()).isTrue();
        String upper = hash.group(1).toUpperCase(java.util.Locale.ROOT);
        lines.set(1, lines.get(1).replace(hash.group(1), upper));
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind, Anomaly::detail)
                .containsExactly(tuple(1, Kind.MALFORMED_RECORD, "hash is \"" + upper.substring(0, 40) + "\"… (64 characters), not 64"
                        + " lower-case hex digits"));
    }

    @Test
    @DisplayName("bytes that are not UTF-8 are named by their position in the line, counted from 1")
    void invalidUtf8NamedByItsByte() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.write(file, new byte[] {'{', '"', 's', 'e', 'q', '"', ':', '0', ',', '"', (byte) 0xff, '"', '}', '\n'});
        assertThat(AuditVerifier.verify(file).anomalies()).extracting(Anomaly::record, Anomaly::kind, Anomaly::detail)
                .containsExactly(tuple(0, Kind.NON_JSON_RECORD, "the line is not UTF-8 text: invalid bytes at byte 11"));
    }

    @Test
    @DisplayName("a seq of 40 digits is quoted whole, one of 41 cut short with its length: each beyond any record count")
    void oversizedSeqQuotedUpToFortyCharacters() throws Exception {
        String forty = "1".repeat(40);
        Path whole = forged("forty.jsonl", line -> line.replace("\"seq\":1,", "\"seq\":" + forty + ","));
        assertThat(AuditVerifier.verify(whole).anomalies()).extracting(Anomaly::record, Anomaly::kind, Anomaly::detail)
                .containsExactly(tuple(1, Kind.OVERSIZED_SEQ, "seq " + forty + " is beyond any record count (2^63 - 1 at most)"));
        Path cut = forged("forty-one.jsonl", line -> line.replace("\"seq\":1,", "\"seq\":" + forty + "2,"));
        assertThat(AuditVerifier.verify(cut).anomalies()).extracting(Anomaly::record, Anomaly::kind, Anomaly::detail)
                .containsExactly(tuple(1, Kind.OVERSIZED_SEQ, "seq " + forty + "… (41 characters) is beyond any record count"
                        + " (2^63 - 1 at most)"));
    }

    @Test
    @DisplayName("a trail of one record rotated continues it: the new trail's CONTINUATION names 1 previous record and"
            + " verifies, joined to the archive; the most records a CONTINUATION may name is 2^63 - 1")
    void rotatedOneRecordTrailContinuesIt() throws Exception {
        Path file = trail("audit.jsonl", 1);
        Path archive = dir.resolve("archive/audit-2026.jsonl");
        AuditTrail.Rotated rotated = new AuditTrail(file).rotateTo(archive, java.time.Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(rotated.archived().records()).isEqualTo(1);

        AuditVerifier.Result later = AuditVerifier.verify(file);
        assertThat(later.anomalies()).isEmpty();
        assertThat(later.continues()).hasValueSatisfying(c -> assertThat(c.previousRecords()).isEqualTo(1));
        assertThat(AuditVerifier.joins("audit-2026.jsonl", AuditVerifier.verify(archive), later)).isEmpty();

        Forger.forge(file, 0, line -> line.replace("\"previous_records\":1,", "\"previous_records\":" + Long.MAX_VALUE + ","));
        AuditVerifier.Result largest = AuditVerifier.verify(file);
        assertThat(largest.anomalies()).isEmpty();
        assertThat(largest.continues()).hasValueSatisfying(c -> assertThat(c.previousRecords()).isEqualTo(Long.MAX_VALUE));
    }

    @Test
    @DisplayName("a batch recorded again whose first record lies beyond the verifier's first 64 KiB of reading is read back"
            + " from where it is, and its verdict named")
    void batchRecordedAgainFarIntoTheTrail() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        YearOfRecords.write(file, 100);
        // Record 71 (COMPLIANT) starts some 90 KB in: past the first buffer the verifier reads the trail in.
        assertThat(Files.size(file)).isGreaterThan(100L * 1_200);
        new AuditTrail(file).appendOnce("BATCH", Map.of("batch_id", YearOfRecords.batch(71), "governance", "REVIEW_REQUIRED",
                "threshold", 0.95), "batch_id");
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.anomalies()).extracting(Anomaly::record, Anomaly::kind).containsExactly(tuple(100, Kind.REPEATED_BATCH));
        assertThat(result.anomalies().get(0).detail()).startsWith("a second record of batch \"batch_000000000047\","
                + " REVIEW_REQUIRED at threshold 0.95, after record 71, COMPLIANT at threshold 0.95 (they differ in ");
    }
    @Test
    @DisplayName("a \\u escape without four hex digits, a control character in a string and a stray character after a value"
            + " are each a non-JSON record naming the character where it is, never a verifier that stops")
    void unreadableRecordNamesItsCharacter() throws Exception {
        Map<String, String> edits = Map.of("\\uzz12", "a \\u escape needs four hex digits",
                "\u0001", "a control character inside a string",
                "\";", "expected ',' or '}' after a value, found \";\"");
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            Path file = forged("edit" + edit.getKey().hashCode() + ".jsonl", line -> line.replace("\"batch_1\"", "\"batch_1" + edit.getKey() + "\""));
            String line = Files.readAllLines(file, StandardCharsets.UTF_8).get(1);
            int at = line.indexOf(edit.getKey()) + (edit.getKey().equals("\";") ? 1 : 0);
            assertThat(AuditVerifier.verify(file).anomalies()).as(edit.getValue()).extracting(Anomaly::record, Anomaly::kind, Anomaly::detail)
                    .containsExactly(tuple(1, Kind.NON_JSON_RECORD, edit.getValue() + " at character " + (at + 1)));
        }
    }
}
