package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.support.WindowsConsole;

/**
 * The {@code verify-audit} command as an auditor runs it: in a JVM of its own, with the engine's
 * classes alone on the class path (no Jackson, no JUnit), judged by its exit code and its lines.
 */
class AuditCommandTest {

    @TempDir
    Path dir;

    /** What one run of the command left: exit code, standard output and standard error. */
    record Run(int exit, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run verifyAudit(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path engineClasses = Path.of(AuditCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // A small heap, as on a CI runner: a trail larger than it is refused after reading 64 MB, not gigabytes.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", engineClasses.toString(), AuditCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path trail(int records) throws Exception {
        return trail(dir.resolve("audit.jsonl"), records);
    }

    private static Path trail(Path file, int records) throws Exception {
        AuditTrail trail = new AuditTrail(file);
        for (int i = 0; i < records; i++) trail.append("BATCH", Map.of("batch_id", "batch_" + i, "passed", i));
        return file;
    }

    /** Hash of the line a record is written on: what the engine prints and the webhook carries as head_hash. */
    private static String lineHash(Path file, int record) throws Exception {
        return Forger.sha256(Files.readAllLines(file, StandardCharsets.UTF_8).get(record));
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.out() + run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("--help prints the usage to standard output with exit 0, a command's own with it; an unknown command is named")
    void helpAndUnknownCommand() throws Exception {
        Run all = verifyAudit("--help");
        assertThat(all.exit()).isZero();
        assertThat(all.err()).isEmpty();
        assertThat(all.out()).contains(AuditCommand.USAGE, AuditCommand.MERGE_USAGE, "import --management-url", "schema [DIR]");
        Run merge = verifyAudit("merge", "-h");
        assertThat(merge.exit()).isZero();
        assertThat(merge.lines()).containsExactly(AuditCommand.MERGE_USAGE);
        Run unknown = verifyAudit("verfy-audit", "trail.jsonl");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("unknown command \"verfy-audit\"; the commands are verify-audit, rotate-audit, merge, import, schema");
        assertNoStackTrace(unknown);
        Run none = verifyAudit();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err().lines().toList()).as("the same usages as --help, in its order, after a line naming the commands")
                .containsExactlyElementsOf(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("name a command: verify-audit, rotate-audit, merge, import, schema"), all.lines().stream()).toList());
    }

    @Test
    @DisplayName("a misspelt command is named with the command meant; --version prints the jar's version on standard output"
            + " with exit 0, as a CI job checks the jar it downloaded")
    void misspeltCommandAndVersion() throws Exception {
        Run misspelt = verifyAudit("mrege", "shards");
        assertThat(misspelt.exit()).isEqualTo(2);
        assertThat(misspelt.err().lines().findFirst()).hasValue("unknown command \"mrege\"; the commands are verify-audit, rotate-audit,"
                + " merge, import, schema — did you mean 'merge'?");
        Run far = verifyAudit("deploy");
        assertThat(far.err().lines().findFirst()).hasValue("unknown command \"deploy\"; the commands are verify-audit, rotate-audit, merge, import, schema");

        Run version = verifyAudit("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.err()).isEmpty();
        // run from the compiled classes, without the jar's manifest: the line says so rather than naming no version
        assertThat(version.out()).isEqualTo("cognigy-junit-engine (version unknown: not run from the engine's jar)\n");
    }

    @Test
    @DisplayName("a refused argument is repeated with a URL's user info and query masked: a misspelt --option=URL holding a"
            + " password or token is never printed whole, by any command")
    void refusedArgumentHoldingAUrl() {
        String url = "https://qa:pw-canary-5e1d@qa.example.com/hook?token=tk-canary-8a2f";
        Map<List<String>, String> said = new java.util.LinkedHashMap<>();
        said.put(List.of("import", "--managment-url=" + url, "--project-id", "p", "--out", "x"),
                "import: unexpected argument '--managment-url=https://****@qa.example.com/hook?****'");
        said.put(List.of("merge", "--Dcognigy.webhook.url=" + url, "shards"),
                "merge: unexpected option --Dcognigy.webhook.url=https://****@qa.example.com/hook?****");
        said.put(List.of("schema", "--out=" + url), "schema: unexpected argument '--out=https://****@qa.example.com/hook?****'");
        said.put(List.of("verify-audit", "--expected-head=" + url, "trail.jsonl"),
                "verify-audit: unexpected argument \"--expected-head=https://****@qa.example.\"… (53 characters)");
        said.put(List.of(url), "unknown command \"https://****@qa.example.com/hook?****\"; the commands are verify-audit, rotate-audit,"
                + " merge, import, schema");
        said.forEach((args, line) -> {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream both = new PrintStream(output, true, StandardCharsets.UTF_8);
            assertThat(AuditCommand.run(args.toArray(String[]::new), both, both)).as(args.toString()).isEqualTo(2);
            String text = output.toString(StandardCharsets.UTF_8);
            assertThat(text.lines().findFirst()).as(args.toString()).hasValue(line);
            assertThat(text).doesNotContain("pw-canary-5e1d", "tk-canary-8a2f");
        });
    }

    @Test
    @DisplayName("a refused --option=value whose name names a credential (--api-key, --client-secret, --shard-key) is repeated"
            + " with its value masked, by any command: the commands read secrets from the environment only")
    void refusedArgumentNamingACredential() {
        String key = "mgmt-api-key-canary-7c3e9a1f";
        Map<List<String>, String> said = new java.util.LinkedHashMap<>();
        said.put(List.of("import", "--api-key=" + key, "--management-url", "https://api.example.com", "--project-id", "p", "--out", "x"),
                "import: unexpected argument '--api-key=****'");
        said.put(List.of("merge", "--Dcognigy.shard-key=" + key, "shards"), "merge: unexpected option --Dcognigy.shard-key=****");
        said.put(List.of("schema", "--client-secret=" + key), "schema: unexpected argument '--client-secret=****'");
        said.put(List.of("verify-audit", "--token=" + key, "trail.jsonl"), "verify-audit: unexpected argument \"--token=****\"");
        said.put(List.of("--password=" + key), "unknown command \"--password=****\"; the commands are verify-audit, rotate-audit,"
                + " merge, import, schema");
        said.forEach((args, line) -> {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream both = new PrintStream(output, true, StandardCharsets.UTF_8);
            assertThat(AuditCommand.run(args.toArray(String[]::new), both, both)).as(args.toString()).isEqualTo(2);
            String text = output.toString(StandardCharsets.UTF_8);
            assertThat(text.lines().findFirst()).as(args.toString()).hasValue(line);
            assertThat(text).doesNotContain(key);
        });
    }

    @Test
    @DisplayName("--expect-head=HASH is read as --expect-head HASH, the form many tools accept")
    void optionWithEquals() throws Exception {
        Path file = trail(2);
        String head = lineHash(file, 0);
        Run run = verifyAudit("verify-audit", "--expect-head=" + head, file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).first().asString().startsWith("CHECKPOINT at record 0: the expected head is in the trail");
    }

    @Test
    @DisplayName("item 18: an untouched trail prints OK with its record count and head hash, exit 0")
    void untouched() throws Exception {
        Path file = trail(3);
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).containsExactly("OK: 3 records verify; head hash " + lineHash(file, 2));
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("an empty trail (every record removed, or its first append failed) is EMPTY, exit 1: no record vouches for any"
            + " run, so it is not OK")
    void emptyTrail() throws Exception {
        Path file = Files.createFile(dir.resolve("audit.jsonl"));
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("EMPTY: " + file + " holds no record")
                .contains("--expect-head").doesNotContain("OK");
        assertNoStackTrace(run);
    }

    @Test
    @DisplayName("item 18: an oversized seq is BROKEN at its record on one line, no stack trace, exit 1")
    void oversizedSeq() throws Exception {
        Path file = trail(3);
        Forger.forge(file, 1, line -> line.replace("\"seq\":1,", "\"seq\":99999999999999999999,"));
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("BROKEN at record 1: oversized seq: ").contains("99999999999999999999");
        assertThat(run.lines().get(1)).startsWith("BROKEN: 1 anomaly in 3 records");
        assertNoStackTrace(run);
    }

    @Test
    @DisplayName("item 18: a record that is not a JSON object is BROKEN even when the chain over it was recomputed")
    void nonJsonRecordWithRecomputedChain() throws Exception {
        Path file = trail(3);
        Forger.forge(file, 1, line -> line.substring(0, line.indexOf(",\"type\"")) + ",this is not json}");
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("BROKEN at record 1: non-JSON record: ");
        assertNoStackTrace(run);
    }

    @Test
    @DisplayName("a file that is no trail at all (a results.json, a part file) is exit 2, not a tampered trail: one line says"
            + " none of its lines is a record; a trail whose every record was altered is still BROKEN")
    void notATrail() throws Exception {
        Path results = dir.resolve("results.json");
        Files.writeString(results, "{\n  \"schema_version\": 1,\n  \"batch_id\": \"batch_1\"\n}\n");
        Run run = verifyAudit("verify-audit", results.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("cannot verify " + results + ": it is not an audit trail — none of its 4 lines is a record")
                .hasLineCount(1);

        Path file = trail(2);
        Forger.forge(file, 0, line -> line.replace("\"type\"", "\"kind\""));
        Run altered = verifyAudit("verify-audit", file.toString());
        assertThat(altered.exit()).isEqualTo(1);
        assertThat(altered.lines().get(0)).startsWith("BROKEN at record 0");
    }

    @Test
    @DisplayName("item 18: a quarantined TRUNCATED_TAIL record is named; an intact chain is OK with a warning, exit 0")
    void truncatedTailIsMentioned() throws Exception {
        Path file = trail(3);
        Files.writeString(file, "{\"seq\":3,\"prev_hash\":\"00", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new AuditTrail(file).append("BATCH", Map.of("n", "after the crash"));
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("WARNING at record 3: truncated tail: 24 bytes");
        assertThat(run.lines().get(1)).isEqualTo("OK with 1 warning: 5 records verify; head hash " + lineHash(file, 4));
    }

    @Test
    @DisplayName("item 18: --expect-head naming the head: the checkpoint is found and nothing was appended after it, exit 0")
    void expectedHeadIsTheHead() throws Exception {
        Path file = trail(3);
        Run run = verifyAudit("verify-audit", file.toString(), "--expect-head", lineHash(file, 2));
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).containsExactly(
                "CHECKPOINT at record 2: the expected head is the trail's head (a checkpoint of 3 records)",
                "OK: 3 records verify; head hash " + lineHash(file, 2));
    }

    @Test
    @DisplayName("a trail the engine wrote before its records gave the verdict's reasons verifies, and so does it with the next"
            + " run's record appended, which gives them (governance_reasons) where the old records have none; the old head is"
            + " found as a checkpoint")
    void recordsWrittenBeforeTheReasonsStillVerify() throws Exception {
        // Written by the engine as it was before governance_reasons (two runs: COMPLIANT, then REVIEW_REQUIRED), byte for byte.
        Path file = dir.resolve("audit.jsonl");
        try (var old = AuditCommandTest.class.getResourceAsStream("/audit/trail-before-governance-reasons.jsonl")) {
            Files.copy(old, file);
        }
        assertThat(Files.readString(file)).doesNotContain("governance_reasons");
        String oldHead = lineHash(file, 1);
        assertThat(verifyAudit("verify-audit", file.toString()).lines()).containsExactly("OK: 2 records verify; head hash " + oldHead);

        // The next run's record, as the run's end appends it: 1 of 2 passed.
        dev.botsim.cognigy.spi.RunInfo run = dev.botsim.cognigy.spi.RunInfo.builder().batchId("batch_after0reasons")
                .started(java.time.Instant.parse("2026-12-03T09:00:00Z")).backend("sandbox").plannedTests(2).build();
        List<dev.botsim.cognigy.spi.SimulationRecord> records = new ArrayList<>();
        for (dev.botsim.cognigy.spi.Outcome outcome : List.of(dev.botsim.cognigy.spi.Outcome.PASSED, dev.botsim.cognigy.spi.Outcome.FAILED)) {
            records.add(dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t_" + outcome + "]")
                    .testId("t_" + outcome).displayName("hello").source("a.sim.yaml").line(3).utterance("hello")
                    .expected(dev.botsim.cognigy.spi.Expectation.NONE).outcome(outcome).duration(java.time.Duration.ZERO).build());
        }
        dev.botsim.cognigy.engine.analysis.RunAnalysis analysis = dev.botsim.cognigy.engine.analysis.RunAnalysis.of(run, records,
                new java.math.BigDecimal("0.95"));
        new AuditTrail(file).appendOnce("BATCH", BatchRecord.of(run, analysis, records, Map.of("a.sim.yaml", "ab".repeat(32)),
                java.time.Instant.parse("2026-12-03T09:00:01Z"), name -> null), "batch_id");

        Run run2 = verifyAudit("verify-audit", file.toString(), "--expect-head", oldHead);
        assertThat(run2.exit()).as(run2.err()).isZero();
        assertThat(run2.lines()).containsExactly(
                "CHECKPOINT at record 1: the expected head is in the trail (a checkpoint of 2 records); 1 record was appended after it",
                "OK: 3 records verify; head hash " + lineHash(file, 2));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(2)).contains("\"governance\":\"REVIEW_REQUIRED\",\"governance_reasons\":[{\"code\":\"below_threshold\","
                + "\"message\":\"1 of 2 simulations passed (50.0 %), below the threshold of 95 % (cognigy.governance.threshold)\"}]");
        assertThat(lines.subList(0, 2)).noneMatch(line -> line.contains("governance_reasons"));
    }

    @Test
    @DisplayName("item 18: --expect-head naming an earlier record: found, and the records appended after it are counted, exit 0")
    void expectedHeadWithLaterRecords() throws Exception {
        Path file = trail(2);
        String checkpoint = lineHash(file, 1);
        new AuditTrail(file).append("BATCH", Map.of("n", 2));
        new AuditTrail(file).append("BATCH", Map.of("n", 3));
        Run run = verifyAudit("verify-audit", "--expect-head", checkpoint.toUpperCase(java.util.Locale.ROOT), file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).containsExactly(
                "CHECKPOINT at record 1: the expected head is in the trail (a checkpoint of 2 records); 2 records were appended after it",
                "OK: 4 records verify; head hash " + lineHash(file, 3));
    }

    @Test
    @DisplayName("item 18: --expect-head not in the trail (cut off, or history rewritten): head mismatch, exit 1")
    void expectedHeadNotFound() throws Exception {
        Path file = trail(4);
        String checkpoint = lineHash(file, 3);
        Files.write(file, Files.readAllLines(file).subList(0, 2));
        Run cutOff = verifyAudit("verify-audit", file.toString(), "--expect-head", checkpoint);
        assertThat(cutOff.exit()).isEqualTo(1);
        assertThat(cutOff.lines()).hasSize(2);
        assertThat(cutOff.lines().get(0)).startsWith("BROKEN: head mismatch: ").contains(checkpoint);
        assertThat(cutOff.lines().get(1)).startsWith("BROKEN: 1 anomaly in 2 records");

        Path rewritten = trail(dir.resolve("rewritten.jsonl"), 4);
        String original = lineHash(rewritten, 2);
        Forger.forge(rewritten, 0, line -> line.replace("\"passed\":0", "\"passed\":1"));
        Run forged = verifyAudit("verify-audit", rewritten.toString(), "--expect-head", original);
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.lines()).first().asString().startsWith("BROKEN: head mismatch: ");
    }

    @Test
    @DisplayName("item 18: every anomaly is named on its own line with its record and kind, not only the first, exit 1")
    void everyAnomalyNamed() throws Exception {
        Path file = trail(7);
        Forger.forge(file, 4, line -> line.replace("\"seq\":4,", "\"seq\":\"four\","));
        Forger.forge(file, 6, line -> line.replace("\"seq\":6,", "\"seq\":9,"));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("batch_1", "batch_X"));
        Files.write(file, lines);
        Run run = verifyAudit("verify-audit", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).hasSize(5);
        assertThat(run.lines().get(0)).startsWith("BROKEN at record 1: bad self hash: ");
        assertThat(run.lines().get(1)).startsWith("BROKEN at record 2: broken link: ");
        assertThat(run.lines().get(2)).startsWith("BROKEN at record 4: non-numeric seq: ");
        assertThat(run.lines().get(3)).startsWith("BROKEN at record 6: non-consecutive seq: ");
        assertThat(run.lines().get(4)).startsWith("BROKEN: 4 anomalies in 7 records");
        assertNoStackTrace(run);
    }

    @Test
    @DisplayName("item 18: wrong use exits 2 with a line naming the problem and the usage with --expect-head; an unreadable file too")
    void wrongUse() throws Exception {
        Path file = trail(1);
        Run badHash = verifyAudit("verify-audit", file.toString(), "--expect-head", "abc");
        assertThat(badHash.exit()).isEqualTo(2);
        assertThat(badHash.out()).isEmpty();
        assertThat(badHash.err().lines().toList()).hasSize(2);
        assertThat(badHash.err()).contains("--expect-head").contains("64 hex digits");

        Run noFile = verifyAudit("verify-audit");
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).startsWith("verify-audit: name the audit trail file (the file cognigy.audit.file names)\nusage: ")
                .contains("verify-audit FILE... [--expect-head HASH]");

        Run folder = verifyAudit("verify-audit", dir.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.out()).isEmpty();
        assertThat(folder.err()).isEqualTo("cannot read " + dir + ": it is a folder; name the audit trail file in it (the file"
                + " cognigy.audit.file names)\n");

        Run missing = verifyAudit("verify-audit", dir.resolve("missing.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines().toList()).hasSize(1).first().asString().startsWith("cannot read ");
        assertNoStackTrace(missing);
    }

    @Test
    @DisplayName("a device named as the trail (/dev/zero) is one line, exit 2, saying it is no file: it was read until the heap"
            + " was full and called too large, with the advice to give the JVM more memory")
    void deviceNamedAsTheTrail() throws Exception {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        Run run = verifyAudit("verify-audit", zero.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cannot read /dev/zero: it is no file but a device, pipe or socket; name the audit trail"
                + " file (the file cognigy.audit.file names)" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    @DisplayName("a failure of several lines (a file named with a line break in its name) is printed line by line, each ended"
            + " by the platform's line separator — CRLF on Windows — as merge prints its own, not with one println whose"
            + " inner lines end in LF")
    void failureOfSeveralLinesEndsEachInThePlatformsSeparator() {
        WindowsConsole err = new WindowsConsole();
        WindowsConsole out = new WindowsConsole();
        String missing = dir.resolve("audit") + "\nold.jsonl";

        int code = AuditCommand.run(new String[] {"verify-audit", missing}, out, err);

        assertThat(code).isEqualTo(2);
        assertThat(out.text()).isEmpty();
        assertThat(err.hasBareLineFeed()).as("a line ended by LF alone in %s", err.text()).isFalse();
        assertThat(err.text()).startsWith("cannot read " + dir.resolve("audit") + "\r\nold.jsonl: ").endsWith("\r\n");
    }

    @Test
    @DisplayName("a trail too large to read into memory is exit 2 with one line naming it, its size and the fix, never a stack trace or a verdict")
    void trailTooLargeToRead() throws Exception {
        Path huge = dir.resolve("huge.jsonl");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: more than any array holds, without the disk space
        }
        Run run = verifyAudit("verify-audit", huge.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("cannot read " + huge + ": it is too large to read into memory (3221225472 bytes)")
                .contains("-Xmx").doesNotContain("Exception", "\tat ").hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }
    /** The command run in this JVM, as {@code main} runs it without exiting. */
    private static Run inThisJvm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the verdict line and exit code: a trail with an altered record is BROKEN with its count of anomalies and"
            + " records and exit 1; a sound one-record trail is OK with exit 0; trails named together none of which holds the"
            + " expected head are BROKEN with exit 1")
    void verdictAndExitCode() throws Exception {
        Path altered = trail(dir.resolve("altered.jsonl"), 3);
        List<String> lines = new ArrayList<>(Files.readAllLines(altered, StandardCharsets.UTF_8));
        lines.set(1, lines.get(1).replace("\"batch_1\"", "\"batch_X\""));
        Files.write(altered, lines, StandardCharsets.UTF_8);
        Run broken = inThisJvm("verify-audit", altered.toString());
        assertThat(broken.exit()).as(broken.out()).isEqualTo(1);
        assertThat(broken.lines()).last().isEqualTo("BROKEN: 2 anomalies in 3 records; head hash " + lineHash(altered, 2));

        Path sound = trail(dir.resolve("sound.jsonl"), 1);
        Run ok = inThisJvm("verify-audit", sound.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.lines()).containsExactly("OK: 1 record verifies; head hash " + lineHash(sound, 0));

        Path current = trail(dir.resolve("audit.jsonl"), 2);
        Path archive = dir.resolve("audit-2026.jsonl");
        new AuditTrail(current).rotateTo(archive, java.time.Instant.parse("2026-12-05T10:00:00Z"));
        Run together = inThisJvm("verify-audit", archive.toString(), current.toString());
        assertThat(together.exit()).as(together.out()).isZero();
        assertThat(together.lines()).last().isEqualTo("OK: 2 trails, 3 records verify as one chain; head hash " + lineHash(current, 0));
        Run elsewhere = inThisJvm("verify-audit", archive.toString(), current.toString(), "--expect-head", "f".repeat(64));
        assertThat(elsewhere.exit()).as(elsewhere.out()).isEqualTo(1);
        assertThat(elsewhere.lines()).last().isEqualTo("BROKEN: 1 anomaly in 2 trails of 3 records; head hash " + lineHash(current, 0));
    }
}
