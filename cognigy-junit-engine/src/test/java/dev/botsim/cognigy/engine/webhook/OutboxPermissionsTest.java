package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox holds payloads about to be signed and sent: readable by its owner alone, whatever the umask. */
class OutboxPermissionsTest {

    @Test
    @DisplayName("item 16: a spooled payload is 0600, unlike the reports")
    void ownerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path spooled = new Outbox(dir, WebhookRun.SECRET, "https://qa.example.com/hooks/cognigy").write(new Outbox.Message("msg_batch_1", Instant.parse("2026-03-01T10:00:00Z"), null,
                "{\"batch_id\":\"batch_1\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spooled))).isEqualTo("rw-------");
    }
}
