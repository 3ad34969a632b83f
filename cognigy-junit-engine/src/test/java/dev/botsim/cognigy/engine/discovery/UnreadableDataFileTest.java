package dev.botsim.cognigy.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A data file the build may not read: its problem says why in the operating system's words and what to do, never the
 * path again as the exception's message is (the problem names the file already). Built from the exceptions the JDK throws,
 * since a test run as root reads every file.
 */
class UnreadableDataFileTest {

    private static final String PATH = "/home/ci/bots/src/test/resources/simulations/orders.sim.yaml";

    @Test
    @DisplayName("permission denied: said so, with the permission to give")
    void permissionDenied() {
        assertThat(DataFiles.cannotRead(new AccessDeniedException(PATH)))
                .isEqualTo("cannot read the file (permission denied) — give the user running the build read permission on"
                        + " it (and on its folders)");
    }

    @Test
    @DisplayName("another failure of the file system: its reason, not its path, and what to check")
    void otherFailures() {
        assertThat(DataFiles.cannotRead(new FileSystemException(PATH, null, "Input/output error")))
                .isEqualTo("cannot read the file (Input/output error) — check that the file is there and readable by the"
                        + " user running the build, or move it out of the folder of data files");
        assertThat(DataFiles.cannotRead(new IOException("Stale file handle"))).startsWith("cannot read the file (Stale file handle) — ")
                .doesNotContain(PATH);
    }
}
