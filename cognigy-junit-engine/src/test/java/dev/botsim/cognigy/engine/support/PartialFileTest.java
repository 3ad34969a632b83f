package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written through a partial file survives a power loss: its bytes reach the disk before the rename, and the
 * rename reaches it after. The order of the calls is what can be checked without pulling a plug.
 */
class PartialFileTest {

    private static final byte[] BYTES = "{\"batch_id\":\"batch_1\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("the file's bytes are forced before the move, and its folder after it")
    void forcedBeforeAndAfterTheMove(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("results.json");
        Files.writeString(target, "the earlier run's");
        RecordingDisk disk = new RecordingDisk();

        PartialFile.write(target, BYTES, disk);

        assertThat(disk.calls).containsExactly("force file of " + BYTES.length + " bytes", "move to results.json",
                "force folder " + dir.toAbsolutePath());
        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
        assertThat(leftovers(dir)).containsExactly("results.json");
    }

    @Test
    @DisplayName("a platform that refuses to force a folder (Windows) does not fail the write")
    void folderRefused(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("results.json");
        RecordingDisk refusing = new RecordingDisk() {
            @Override
            public void forceDirectory(Path directory) throws IOException {
                calls.add("force folder refused");
                throw new AccessDeniedException(directory.toString());
            }
        };

        PartialFile.write(target, BYTES, refusing);

        assertThat(refusing.calls).containsExactly("force file of " + BYTES.length + " bytes", "move to results.json",
                "force folder refused");
        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
        assertThat(leftovers(dir)).containsExactly("results.json");
    }

    @Test
    @DisplayName("a partial file written by its caller is moved into place, its folder forced after the move")
    void callerWritten(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("index.html");
        Path partial = PartialFile.create(dir, ".index.", ".html.part");
        Files.write(partial, BYTES);
        RecordingDisk disk = new RecordingDisk();

        assertThat(PartialFile.moveIntoPlace(partial, target, disk)).isEqualTo(target);

        assertThat(disk.calls).containsExactly("move to index.html", "force folder " + dir.toAbsolutePath());
        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
        assertThat(leftovers(dir)).containsExactly("index.html");
    }

    @Test
    @DisplayName("on this platform's own file system, the durable write and move leave the file whole and no partial file")
    void realFileSystem(@TempDir Path dir) throws Exception {
        PartialFile.write(dir.resolve("a.json"), BYTES);
        Path partial = PartialFile.create(dir, ".b.", ".part");
        Files.write(partial, BYTES);
        PartialFile.moveIntoPlace(partial, dir.resolve("b.json"));

        assertThat(Files.readAllBytes(dir.resolve("a.json"))).isEqualTo(BYTES);
        assertThat(Files.readAllBytes(dir.resolve("b.json"))).isEqualTo(BYTES);
        assertThat(leftovers(dir)).containsExactlyInAnyOrder("a.json", "b.json");
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    @Test
    @DisplayName("writing a file removes the partial copies of it that a JVM killed while writing it left an hour or more ago;"
            + " a younger one, another file's, a link and a name of another form are left")
    void abandonedPartialCopiesRemoved(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("bot.schema.json");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1))
                .minusSeconds(60));
        Path killed = Files.write(dir.resolve(".bot.schema.json.zz09.part"), BYTES);
        Files.setLastModifiedTime(killed, old);
        Path young = Files.write(dir.resolve(".bot.schema.json.ab12.part"), BYTES);
        Path another = Files.write(dir.resolve(".cassette.json.zz09.part"), BYTES);
        Files.setLastModifiedTime(another, old);
        Path otherForm = Files.write(dir.resolve(".bot.schema.json.ZZ.part"), BYTES);
        Files.setLastModifiedTime(otherForm, old);
        Path link = Files.createSymbolicLink(dir.resolve(".bot.schema.json.k1.part"), another);

        PartialFile.write(target, BYTES);

        assertThat(leftovers(dir)).containsExactlyInAnyOrder("bot.schema.json", young.getFileName().toString(),
                another.getFileName().toString(), otherForm.getFileName().toString(), link.getFileName().toString());
        assertThat(killed).doesNotExist();
    }

    @Test
    @DisplayName("a partial file its caller wrote and closed is forced before it is moved into place, and its folder after")
    void callerWrittenForced(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("report.html");
        Path partial = PartialFile.create(dir, ".report.", ".html.part");
        Files.write(partial, BYTES);
        RecordingDisk disk = new RecordingDisk();

        assertThat(PartialFile.forceAndMoveIntoPlace(partial, target, disk)).isEqualTo(target);

        assertThat(disk.calls).containsExactly("force file of " + BYTES.length + " bytes", "move to report.html",
                "force folder " + dir.toAbsolutePath());
        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
    }

    @Test
    @DisplayName("removing abandoned partial files names those removed; one last written at the very moment given is left,"
            + " and so is a file named as the prefix and suffix alone")
    void abandonedAtTheBoundary(@TempDir Path dir) throws Exception {
        java.time.Instant before = java.time.Instant.parse("2026-12-01T10:00:00Z");
        Path older = Files.write(dir.resolve(".results.json.k3v.part"), BYTES);
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.from(before.minusMillis(1000)));
        Path atTheMoment = Files.write(dir.resolve(".results.json.a1.part"), BYTES);
        Files.setLastModifiedTime(atTheMoment, java.nio.file.attribute.FileTime.from(before));
        Path noRandomPart = Files.write(dir.resolve(".results.json.part"), BYTES);
        Files.setLastModifiedTime(noRandomPart, java.nio.file.attribute.FileTime.from(before.minusMillis(1000)));

        assertThat(PartialFile.removeAbandoned(dir, ".results.json.", ".part", before)).containsExactly(older);

        assertThat(leftovers(dir)).containsExactlyInAnyOrder(".results.json.a1.part", ".results.json.part");
    }
}
