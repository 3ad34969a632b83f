package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail kept for years on a long-lived CI runner: rotated ({@code rotate-audit}) so that appends, which read the whole
 * trail, stay quick, and verified afterwards as one chain with its archive ({@code verify-audit ARCHIVE TRAIL}).
 */
class AuditRotationTest {

    @TempDir
    Path dir;

    private static final Clock NEW_YEAR = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** What one command left: exit code, standard output and standard error. */
    private record Said(int exit, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Said command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = args[0].equals("rotate-audit") ? AuditCommand.rotate(List.of(args).subList(1, args.length), NEW_YEAR, o, e)
                : AuditCommand.run(args, o, e);
        return new Said(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a year of hourly runs' trail (8,760 records) is rotated: the archive holds its bytes as they were, the trail"
            + " starts again with one CONTINUATION record naming the archive's head and record count, later runs append after"
            + " it, and the two verify as one chain — a checkpoint from before the rotation is found in the archive")
    void rotatedTrailVerifiesAsOneChain() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        String head = YearOfRecords.write(trail, 8_760);
        String checkpointBefore = Forger.sha256(Files.readAllLines(trail).get(8_000));
        byte[] year = Files.readAllBytes(trail);
        Path archive = dir.resolve("archive").resolve("audit-2026.jsonl");

        Said rotated = command("rotate-audit", trail.toString(), archive.toString());

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.lines()).hasSize(1);
        assertThat(rotated.out()).startsWith("ROTATED: " + trail + " (8760 records, head hash " + head + ") is archived as " + archive
                + "; audit.jsonl starts again with record 0, a CONTINUATION naming that head").contains("verify-audit " + archive + " " + trail);
        assertThat(Files.readAllBytes(archive)).as("the archive is the trail as it was").isEqualTo(year);
        assertThat(Files.readAllLines(trail)).singleElement().asString().startsWith("{\"seq\":0,\"prev_hash\":\"" + "0".repeat(64) + "\",")
                .contains("\"type\":\"CONTINUATION\",\"time\":\"2027-01-01T00:00:00Z\",\"previous_trail\":\"archive/audit-2026.jsonl\","
                        + "\"previous_records\":8760,\"previous_head\":\"" + head + "\"}");

        // The next runs append to the new trail, reading one record rather than a year of them.
        AuditTrail.Checkpoint after = new AuditTrail(trail).appendOnce("BATCH", Map.of("batch_id", "batch_2027_first", "governance",
                "COMPLIANT"), "batch_id").checkpoint();
        assertThat(after.records()).isEqualTo(2L);
        assertThat(Files.size(trail)).isLessThan(1_000);

        Said alone = command("verify-audit", trail.toString());
        assertThat(alone.exit()).isZero();
        assertThat(alone.lines()).containsExactly("CONTINUES: record 0 continues the trail archived as \"archive/audit-2026.jsonl\" (8760"
                + " records, head hash " + head + "); verify the two together to check that they join, and to find a checkpoint taken"
                + " before the rotation: verify-audit archive/audit-2026.jsonl " + trail,
                "OK: 2 records verify; head hash " + after.headHash());

        Said together = command("verify-audit", archive.toString(), trail.toString(), "--expect-head", checkpointBefore);
        assertThat(together.exit()).as(together.out()).isZero();
        assertThat(together.lines()).containsExactly(
                archive + ": CHECKPOINT at record 8000: the expected head is in the trail (a checkpoint of 8001 records); 761 records"
                        + " were appended after it, 2 of them in the trails after this one",
                "OK: 2 trails, 8762 records verify as one chain; head hash " + after.headHash());
    }

    @Test
    @DisplayName("trails that do not join are BROKEN at the later one's record 0, saying why: the archive appended to or cut"
            + " short after the rotation, the trails named newest first, a checkpoint in neither")
    void trailsThatDoNotJoin() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        YearOfRecords.write(trail, 50);
        Path archive = dir.resolve("audit-2026.jsonl");
        assertThat(command("rotate-audit", trail.toString(), archive.toString()).exit()).isZero();
        new AuditTrail(trail).append("BATCH", Map.of("batch_id", "batch_after"));

        Path cut = dir.resolve("cut.jsonl");
        List<String> lines = Files.readAllLines(archive);
        Files.write(cut, lines.subList(0, 49));
        Said shortened = command("verify-audit", cut.toString(), trail.toString());
        assertThat(shortened.exit()).isEqualTo(1);
        assertThat(shortened.lines()).first().asString().startsWith(trail + ": BROKEN at record 0: broken continuation: record 0"
                + " continues a trail of 50 records whose head hash is ").contains(", but " + cut + " has 49 records, head hash ",
                ": it was changed, cut short or appended to after the rotation, or it is not the trail this one continues");
        assertThat(shortened.lines()).last().asString().startsWith("BROKEN: 1 anomaly in 2 trails of 51 records; head hash ");

        new AuditTrail(archive).append("BATCH", Map.of("batch_id", "batch_late"));
        Said appended = command("verify-audit", archive.toString(), trail.toString());
        assertThat(appended.exit()).isEqualTo(1);
        assertThat(appended.out()).contains(", but " + archive + " has 51 records, head hash ");

        Said reversed = command("verify-audit", trail.toString(), archive.toString());
        assertThat(reversed.exit()).isEqualTo(1);
        assertThat(reversed.out()).contains(archive + ": BROKEN at record 0: broken continuation: record 0 is no CONTINUATION record:"
                + " this trail does not continue " + trail + "; name the trails oldest first");

        Said nowhere = command("verify-audit", cut.toString(), trail.toString(), "--expect-head", "ab".repeat(32));
        assertThat(nowhere.out()).contains("BROKEN: head mismatch: none of the 51 records of the 2 trails hashes to the expected head "
                + "ab".repeat(32));
    }

    @Test
    @DisplayName("runs of another JVM appending while the trail is rotated lose no record: each lands in the archive before"
            + " its head is taken or in the new trail after its CONTINUATION, and the two verify as one chain")
    void appendsDuringTheRotation() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        new AuditTrail(trail).append("BATCH", Map.of("writer", "first", "n", -1));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AuditAppender.class.getName(),
                trail.toString(), "200", "other").redirectErrorStream(true).start();
        // Rotated while the other JVM appends: its first records are in, its last are not yet.
        while (Files.readAllLines(trail).size() < 20 && other.isAlive()) Thread.onSpinWait();
        Path archive = dir.resolve("audit-2026.jsonl");
        Said rotated = command("rotate-audit", trail.toString(), archive.toString());
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();
        assertThat(rotated.exit()).as(rotated.err()).isZero();

        Said together = command("verify-audit", archive.toString(), trail.toString());
        assertThat(together.exit()).as(together.out()).isZero();
        assertThat(together.out()).contains("OK: 2 trails, 202 records verify as one chain");
        List<String> numbers = new ArrayList<>();
        for (Path file : List.of(archive, trail)) {
            Files.readAllLines(file).stream().filter(l -> l.contains("\"writer\":\"other\""))
                    .map(l -> l.replaceFirst(".*\"n\":(\\d+).*", "$1")).forEach(numbers::add);
        }
        assertThat(numbers).containsExactlyElementsOf(Stream.iterate(0, n -> n + 1).limit(200).map(String::valueOf).toList());
    }

    @Test
    @DisplayName("a rotation is refused, the trail left as it was, when the archive exists (never written over), is a"
            + " folder, or there is nothing to rotate: no trail, an empty one, a file that is no trail; the usage names the archive")
    void refusals() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        YearOfRecords.write(trail, 3);
        byte[] before = Files.readAllBytes(trail);
        Path taken = Files.writeString(dir.resolve("taken.jsonl"), "someone's notes\n");

        Said exists = command("rotate-audit", trail.toString(), taken.toString());
        assertThat(exists.exit()).isEqualTo(2);
        assertThat(exists.err()).isEqualTo("cannot rotate " + trail + ": " + taken + " exists and is not this trail: an archive is"
                + " never written over; name a new file; the trail is as it was\n");
        assertThat(Files.readString(taken)).isEqualTo("someone's notes\n");

        Said folder = command("rotate-audit", trail.toString(), dir.toString());
        assertThat(folder.err()).startsWith("cannot rotate " + trail + ": " + dir + " is a folder: name the file the archived trail is"
                + " to be, e.g. " + dir.resolve("audit.jsonl"));
        Said fileInTheWay = command("rotate-audit", trail.toString(), taken.resolve("2026/audit.jsonl").toString());
        assertThat(fileInTheWay.exit()).isEqualTo(2);
        assertThat(fileInTheWay.err()).isEqualTo("cannot rotate " + trail + ": " + taken + " is a file where its folder should be;"
                + " remove or rename that file, or point ARCHIVE at another folder; the trail is as it was\n");
        Said missing = command("rotate-audit", dir.resolve("nothing.jsonl").toString(), dir.resolve("a.jsonl").toString());
        assertThat(missing.err()).contains("there is no audit trail at " + dir.resolve("nothing.jsonl") + ": nothing to rotate");
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThat(command("rotate-audit", empty.toString(), dir.resolve("b.jsonl").toString()).err()).contains("holds no record: nothing to rotate");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "line one\nline two\n");
        assertThat(command("rotate-audit", notes.toString(), dir.resolve("c.jsonl").toString()).err())
                .contains(notes + " is not an audit trail: none of its 2 lines starts as a record does");
        Said usage = command("rotate-audit", trail.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err().lines().toList()).containsExactly("rotate-audit: name the file to archive the trail as, e.g. audit-"
                + java.time.Year.now(ZoneOffset.UTC) + ".jsonl", AuditCommand.ROTATE_USAGE);

        assertThat(Files.readAllBytes(trail)).isEqualTo(before);
        assertThat(Files.readString(notes)).isEqualTo("line one\nline two\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("audit.jsonl", "audit.jsonl.lock",
                    "taken.jsonl", "empty.jsonl", "empty.jsonl.lock", "notes.txt", "notes.txt.lock");
        }
    }

    @Test
    @DisplayName("a rotation killed after it linked the archive and before it started the trail again is completed by the"
            + " same command: the archive that is the trail itself is taken as its archive, not refused, and the partial new"
            + " trail it left is removed")
    void interruptedRotationIsCompleted() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        String head = YearOfRecords.write(trail, 10);
        Path archive = dir.resolve("audit-2026.jsonl");
        Files.createLink(archive, trail);
        Path leftOver = Files.writeString(dir.resolve(".audit.jsonl.k3j9x.part"), "{\"seq\":0,\"prev_ha");
        Files.setLastModifiedTime(leftOver, java.nio.file.attribute.FileTime.from(NEW_YEAR.instant().minus(java.time.Duration.ofHours(3))));

        Said rotated = command("rotate-audit", trail.toString(), archive.toString());

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(leftOver).as("the partial new trail the killed rotation left").doesNotExist();
        assertThat(Files.isSameFile(archive, trail)).isFalse();
        assertThat(AuditVerifier.verify(archive).headHash()).isEqualTo(head);
        assertThat(command("verify-audit", archive.toString(), trail.toString()).out()).contains("OK: 2 trails, 11 records verify as one chain");
    }

    @Test
    @DisplayName("a partial last line that a killed run left is quarantined into the archive's last record before it is"
            + " archived, as an append would: the archive ends whole, and says so")
    void partialTailIsQuarantinedFirst() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        YearOfRecords.write(trail, 5);
        String partial = "{\"seq\":5,\"prev_hash\":\"cut";
        Files.writeString(trail, partial, StandardOpenOption.APPEND);
        Path archive = dir.resolve("audit-2026.jsonl");

        Said rotated = command("rotate-audit", trail.toString(), archive.toString());

        assertThat(rotated.exit()).isZero();
        assertThat(rotated.lines()).first().isEqualTo("QUARANTINED: " + partial.length() + " bytes that an interrupted write left at the trail's end were kept"
                + " in a TRUNCATED_TAIL record, the archived trail's last, as an append keeps them");
        assertThat(rotated.lines().get(1)).contains("(6 records, head hash ");
        Said together = command("verify-audit", archive.toString(), trail.toString());
        assertThat(together.exit()).isZero();
        assertThat(together.out()).contains(archive + ": WARNING at record 5: truncated tail: " + partial.length() + " bytes", "OK with 1 warning: 2 trails,"
                + " 7 records verify as one chain");
    }

    @Test
    @DisplayName("a CONTINUATION record anywhere but record 0, or one that does not name the trail it continues as a rotation"
            + " writes it, is malformed: it is never taken as the start of a trail")
    void continuationOnlyAsRecordZero() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        YearOfRecords.write(trail, 3);
        Forger.forge(trail, 1, line -> line.replace("\"type\":\"BATCH\"", "\"type\":\"CONTINUATION\""));
        assertThat(command("verify-audit", trail.toString()).out()).startsWith("BROKEN at record 1: malformed record: a CONTINUATION"
                + " record starts a trail that continues an archived one (rotate-audit), and is only ever its record 0");

        Path odd = dir.resolve("odd.jsonl");
        YearOfRecords.write(odd, 2);
        Forger.forge(odd, 0, line -> line.replace("\"type\":\"BATCH\"", "\"type\":\"CONTINUATION\",\"previous_records\":0"));
        assertThat(command("verify-audit", odd.toString()).out()).startsWith("BROKEN at record 0: malformed record: a CONTINUATION"
                + " record names the trail it continues as previous_trail, its record count (a whole number from 1) as"
                + " previous_records and its head as previous_head (64 lower-case hex digits); this one does not");
    }

    @Test
    @DisplayName("the engine's jar alone, without its dependencies, rotates a trail as it verifies one: the rotation's records"
            + " are written with the JDK only, as an append would write them")
    void rotatesWithTheJdkOnly() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        YearOfRecords.write(trail, 4);
        Files.writeString(trail, "{\"seq\":4,\"x\":\"\u00e9\\n", StandardOpenOption.APPEND);
        Path engineClasses = Path.of(AuditCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        Path archive = dir.resolve("audit \"2026\".jsonl");
        Process process = new ProcessBuilder(java, "-cp", engineClasses.toString(), AuditCommand.class.getName(), "rotate-audit",
                trail.toString(), archive.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).startsWith("QUARANTINED: ").contains("ROTATED: ");
        // The same records as the appender (with the JSON library) writes for the same content.
        Path appended = dir.resolve("appended.jsonl");
        Files.write(appended, Files.readAllLines(archive).subList(0, 4));
        Files.writeString(appended, "{\"seq\":4,\"x\":\"\u00e9\\n", StandardOpenOption.APPEND);
        new AuditTrail(appended).append("CONTINUATION", Map.of("previous_trail", "audit \"2026\".jsonl"));
        assertThat(Files.readAllLines(archive).get(4)).isEqualTo(Files.readAllLines(appended).get(4));
        assertThat(Files.readString(trail)).contains("\"previous_trail\":\"audit \\\"2026\\\".jsonl\"");
        assertThat(command("verify-audit", archive.toString(), trail.toString()).out()).contains("OK with 1 warning: 2 trails, 6 records");
    }
    @Test
    @DisplayName("a rotation gives this JVM's turn at the trail back: another thread of the JVM (the next module's run in a"
            + " parallel build) appends right after it, continuing the new trail")
    void rotationReleasesThisJvmsTurn() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        new AuditTrail(file).append("BATCH", Map.of("batch_id", "batch_before"));
        new AuditTrail(file).rotateTo(dir.resolve("audit-2026.jsonl"), Instant.parse("2026-12-05T10:00:00Z"));
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            AuditTrail.Checkpoint after = other.submit(() -> AuditTrail.waitingAtMost(file, java.time.Duration.ofSeconds(10), waiting -> { })
                    .append("BATCH", Map.of("batch_id", "batch_after"))).get(60, TimeUnit.SECONDS);
            assertThat(after.records()).isEqualTo(2L);
        } finally {
            other.shutdownNow();
        }
        assertThat(AuditVerifier.verify(file).anomalies()).isEmpty();
    }
}
