package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mark of a run between its audit record and its payload's spooling, as another process left it: a process still
 * running is still concluding its run and is left alone; a process gone stopped in between, and is named once.
 */
class OutboxConcludingMarkTest {

    private static final String URL = "https://qa.example.com/hooks/cognigy";

    @Test
    @DisplayName("a mark of a process gone is a stopped run's, named once; one of a process still running is left alone")
    void marksOfOtherProcesses(@TempDir Path dir) throws Exception {
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL);
        ProcessHandle running = ProcessHandle.current().parent().orElseThrow();
        Files.writeString(dir.resolve("msg_batch_running.concluding"), running.pid() + " "
                + running.info().startInstant().map(Object::toString).orElse("-") + "\n", StandardCharsets.UTF_8);
        Process ended = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ended.waitFor();
        Files.writeString(dir.resolve("msg_batch_killed.concluding"), ended.pid() + " -\n", StandardCharsets.UTF_8);
        // The same id, now another process's (started at another time): the run that wrote the mark is gone.
        Files.writeString(dir.resolve("msg_batch_reused.concluding"), running.pid() + " 2001-01-01T00:00:00Z\n", StandardCharsets.UTF_8);

        assertThat(outbox.stoppedBeforeSpooling()).containsExactly("batch_killed", "batch_reused");
        assertThat(dir.resolve("msg_batch_running.concluding")).exists();
        assertThat(outbox.stoppedBeforeSpooling()).isEmpty();
    }

    @Test
    @DisplayName("a run of this JVM between its mark and its payload is left alone; once it leaves without its payload, it is named")
    void marksOfThisJvm(@TempDir Path dir) throws Exception {
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL);
        outbox.concluding("batch_here");
        assertThat(outbox.stoppedBeforeSpooling()).isEmpty();
        outbox.leftConcluding("batch_here");
        assertThat(outbox.stoppedBeforeSpooling()).containsExactly("batch_here");

        outbox.concluding("batch_spooled");
        outbox.concluded("batch_spooled");
        assertThat(dir.resolve("msg_batch_spooled.concluding")).doesNotExist();
        assertThat(outbox.stoppedBeforeSpooling()).isEmpty();
    }
}
