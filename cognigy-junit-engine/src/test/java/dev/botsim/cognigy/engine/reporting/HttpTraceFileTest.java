package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's HTTP trace file: a line per exchange, and a disk that fails it is one warning, never the run's failure. */
class HttpTraceFileTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    @DisplayName("each line is written and flushed as it comes, over an earlier run's trace")
    void linesWritten() throws Exception {
        Files.writeString(folder.resolve(HttpTraceFile.FILE), "{\"earlier\":true}\n");
        try (HttpTraceFile trace = HttpTraceFile.open(folder, out)) {
            trace.write("{\"a\":1}");
            assertThat(Files.readString(folder.resolve(HttpTraceFile.FILE))).as("flushed at once").isEqualTo("{\"a\":1}\n");
            trace.write("{\"b\":2}");
        }
        assertThat(Files.readString(folder.resolve(HttpTraceFile.FILE))).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    @DisplayName("a disk that fills up mid-run is one warning naming the file and the system's reason; later lines are dropped")
    void fullDiskIsOneWarning() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "a Linux /dev/full, whose every write fails as a full disk's");
        Path file = Files.createSymbolicLink(folder.resolve(HttpTraceFile.FILE), full);
        try (HttpTraceFile trace = HttpTraceFile.open(folder, out)) {
            for (int i = 0; i < 3; i++) trace.write("{\"exchange\":" + i + "}");
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("[cognigy] WARNING cognigy.http.trace=true, but " + file
                + " cannot be written: No space left on device; make " + folder.toAbsolutePath() + " writable (its permissions, a"
                + " read-only file system, a full disk), or point cognigy.report.dir at a folder that is; the run goes on without its"
                + " HTTP trace" + System.lineSeparator());
    }

    @Test
    @DisplayName("a file where the report folder should be is named with the fix in one sentence, as every writer says it")
    void fileWhereTheFolderShouldBe() throws Exception {
        Path file = Files.writeString(folder.resolve("reports"), "a file, not a folder");
        try (HttpTraceFile trace = HttpTraceFile.open(file.resolve("partial"), out)) {
            trace.write("{\"a\":1}");
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("[cognigy] WARNING cognigy.http.trace=true, but "
                + file.resolve("partial").resolve(HttpTraceFile.FILE) + " cannot be written: " + file + " is a file where its"
                + " folder should be; remove or rename that file, or point cognigy.report.dir at another folder; the run goes on"
                + " without its HTTP trace" + System.lineSeparator());
        assertThat(file).hasContent("a file, not a folder");
    }
}
