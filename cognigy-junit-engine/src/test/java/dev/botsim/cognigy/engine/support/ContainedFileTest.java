package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ContainedFile}: a cassette or approval file read only when it lies in its folder and is not too large. */
class ContainedFileTest {

    @Test
    @DisplayName("a file in the folder of at most the limit is read whole; one byte more is too large, and nothing is said"
            + " of its bytes")
    void limit(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.cassette.json"), "{\"a\":1}");

        assertThat(ContainedFile.read(file, dir, 7)).isInstanceOfSatisfying(ContainedFile.Bytes.class,
                read -> assertThat(new String(read.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
        assertThat(ContainedFile.read(file, dir, 6)).isEqualTo(new ContainedFile.TooLarge(6));
    }

    @Test
    @DisplayName("a link in the folder to a file outside it is not read: its real path is named")
    void linkOutside(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("cassettes"));
        Path credentials = Files.writeString(dir.resolve("credentials"), "token=ghp_secret");
        Path link = folder.resolve("orders.cassette.json");
        try {
            Files.createSymbolicLink(link, credentials);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }

        assertThat(ContainedFile.read(link, folder, 1000)).isEqualTo(new ContainedFile.Outside(credentials.toRealPath()));
    }

    @Test
    @DisplayName("nothing there, or a folder, is missing; a limit that cannot be read one byte past is refused")
    void missing(@TempDir Path dir) throws IOException {
        assertThat(ContainedFile.read(dir.resolve("none.json"), dir, 10)).isInstanceOf(ContainedFile.Missing.class);
        Path folder = Files.createDirectory(dir.resolve("folder.json"));
        assertThat(ContainedFile.read(folder, dir, 10)).isInstanceOf(ContainedFile.Missing.class);
        assertThatThrownBy(() -> ContainedFile.read(dir.resolve("none.json"), dir, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainedFile.read(dir.resolve("none.json"), dir, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a size is said in MiB or KiB when it is a whole number of them, else in bytes")
    void size() {
        assertThat(ContainedFile.size(64L << 20)).isEqualTo("64 MiB");
        assertThat(ContainedFile.size(1 << 20)).isEqualTo("1 MiB");
        assertThat(ContainedFile.size(512 << 10)).isEqualTo("512 KiB");
        assertThat(ContainedFile.size(1024)).isEqualTo("1 KiB");
        assertThat(ContainedFile.size((1 << 20) + 1024)).isEqualTo("1025 KiB");
        assertThat(ContainedFile.size(1023)).isEqualTo("1023 bytes");
        assertThat(ContainedFile.size(1025)).isEqualTo("1025 bytes");
        assertThat(ContainedFile.size(0)).isEqualTo("0 bytes");
    }
}
