package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The job summary's file as a disk that fills up while the summary is appended leaves it. */
class GitHubActionsReportFileTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a disk that fills up half-way through the job summary leaves the step's summary as the earlier steps wrote"
            + " it, not half a table, and one warning line says why")
    void diskFullLeavesTheEarlierSummary() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash's ulimit");
        Path sized = dir.resolve("sized.md");
        fork(sized, null);
        long whole = Files.size(sized);
        String earlier = "## Build\n\n" + "the build step's own summary line\n".repeat(200);
        Path summary = Files.writeString(dir.resolve("summary.md"), earlier);
        long limit = (Files.size(summary) + whole / 2 + 1023) / 1024;
        assumeTrue(limit * 1024 < Files.size(summary) + whole, "the limit must cut the summary short");

        String said = fork(summary, limit);

        assertThat(Files.readString(summary)).as("the earlier steps' summary, and nothing of half this one").isEqualTo(earlier);
        assertThat(said.lines().filter(line -> line.startsWith("[cognigy] WARNING the GitHub Actions job summary could not be written")))
                .singleElement().asString().contains("File too large");
    }

    /** Appends a run's summary to {@code file} in a JVM of its own, under a file-size limit of {@code blocks} KiB when given. */
    private static String fork(Path file, Long blocks) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of("/bin/bash", "-c", "ulimit -f \"$1\" && shift && exec \"$@\"", "bash",
                blocks == null ? "unlimited" : String.valueOf(blocks), java, "-XX:-UsePerfData", "-cp",
                System.getProperty("java.class.path"), JobSummaryMain.class.getName(), file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
