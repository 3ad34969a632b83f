package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a folder names the same lock file before it is made and after, and through a link to a folder above it:"
            + " a run that finds the folder and one about to make it take turns")
    void sameLockFileBeforeAndAfterTheFolderIsMade() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("real")).resolve("approvals");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Path before = FolderLock.lockFile(folder, "cognigy-test-");
        Path viaLinkBefore = FolderLock.lockFile(link.resolve("approvals"), "cognigy-test-");
        Files.createDirectories(folder);
        Path after = FolderLock.lockFile(folder, "cognigy-test-");

        assertThat(after).isEqualTo(before);
        assertThat(viaLinkBefore).isEqualTo(before);
        assertThat(FolderLock.lockFile(link.resolve("approvals"), "cognigy-test-")).isEqualTo(before);
        assertThat(FolderLock.lockFile(dir.resolve("real").resolve("cassettes"), "cognigy-test-")).isNotEqualTo(before);
        assertThat(before.getFileName().toString()).startsWith("cognigy-test-").endsWith(".lock");
        assertThat(before.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }
}
