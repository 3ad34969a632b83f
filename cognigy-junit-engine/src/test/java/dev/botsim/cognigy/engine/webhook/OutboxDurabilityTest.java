package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.support.RecordingDisk;

/**
 * A spooled payload survives a power loss right after the run wrote it: its bytes reach the disk before the rename,
 * and the rename reaches it after. The order of the calls is what can be checked without pulling a plug.
 */
class OutboxDurabilityTest {

    private static final String URL = "https://qa.example.com/hooks/cognigy";

    private static final Outbox.Message MESSAGE = new Outbox.Message("msg_batch_1", Instant.parse("2026-03-01T10:00:00Z"), null,
            "{\"batch_id\":\"batch_1\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    @DisplayName("a spooled payload is forced before it is moved into place, and the outbox folder after")
    void forcedBeforeAndAfterTheMove(@TempDir Path dir) throws Exception {
        RecordingDisk disk = new RecordingDisk();
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL, disk);

        Path spooled = outbox.write(MESSAGE);

        assertThat(disk.calls).containsExactly("force file of " + Files.size(spooled) + " bytes", "move to msg_batch_1.json",
                "force folder " + dir.toAbsolutePath());
        assertThat(disk.movedFrom).singleElement().asString().matches("msg_batch_1\\.[0-9]+\\.tmp");
        assertThat(outbox.read().entries()).extracting(Outbox.Entry::id).containsExactly("msg_batch_1");
    }

    @Test
    @DisplayName("a platform that refuses to force a folder (Windows) still spools the payload")
    void folderRefused(@TempDir Path dir) throws Exception {
        RecordingDisk refusing = new RecordingDisk() {
            @Override
            public void forceDirectory(Path directory) throws IOException {
                calls.add("force folder refused");
                throw new AccessDeniedException(directory.toString());
            }
        };
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL, refusing);

        Path spooled = outbox.write(MESSAGE);

        assertThat(refusing.calls).last().isEqualTo("force folder refused");
        Outbox.Entry entry = outbox.read().entries().get(0);
        assertThat(entry.file()).isEqualTo(spooled);
        assertThat(outbox.load(entry).message().body()).isEqualTo(MESSAGE.body());
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("msg_batch_1.json");
        }
    }
}
