package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mark of a run between its audit record and its payload's spooling: held by a process still running, it is left
 * alone; once that process is killed (SIGKILL), or a run of this JVM leaves it without its payload, it is a stopped
 * run's, named once.
 */
class OutboxConcludingMarkTest {

    private static final String URL = "https://qa.example.com/hooks/cognigy";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a mark another process holds is left alone; killed with SIGKILL, its run is named once")
    void markOfAnotherProcess(@TempDir Path dir) throws Exception {
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL);
        Path mark = dir.resolve("msg_batch_killed.concluding");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldsAMark.class.getName(),
                mark.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("held");
            assertThat(outbox.stoppedBeforeSpooling()).isEmpty();
            assertThat(mark).exists();
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
        assertThat(outbox.stoppedBeforeSpooling()).containsExactly("batch_killed");
        assertThat(mark).doesNotExist();
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
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(outbox.stoppedBeforeSpooling()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run of this JVM between its mark and its payload keeps its lock while another engine of this JVM looks"
            + " at the outbox by another path to the same folder: another process still finds the mark held")
    void markSeenByAnotherPathOfThisJvm(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("outbox"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), folder);
        Outbox running = new Outbox(folder, WebhookRun.SECRET, URL);
        Outbox delivering = new Outbox(link, WebhookRun.SECRET, URL);
        running.concluding("batch_here");
        try {
            assertThat(delivering.stoppedBeforeSpooling()).isEmpty();
            assertThat(lockAsAnotherProcessSees(folder.resolve("msg_batch_here.concluding"))).isEqualTo("held");
        } finally {
            running.leftConcluding("batch_here");
        }
        assertThat(delivering.stoppedBeforeSpooling()).containsExactly("batch_here");
    }

    @Test
    @DisplayName("a mark left beside its run's payload (the run stopped just after writing it ahead, or its mark could not be"
            + " taken away) is removed without a word: nothing was lost, and the payload goes out")
    void markBesideItsPayload(@TempDir Path dir) throws Exception {
        Outbox outbox = new Outbox(dir, WebhookRun.SECRET, URL);
        outbox.concluding("batch_spooled");
        Files.writeString(dir.resolve("msg_batch_spooled.json"), "{}");
        outbox.concluding("batch_unaudited");
        Files.writeString(dir.resolve("msg_batch_unaudited" + Webhook.UNAUDITED_SUFFIX + ".json"), "{}");
        outbox.concluding("batch_lost");
        outbox.leftConcluding("batch_spooled");
        outbox.leftConcluding("batch_unaudited");
        outbox.leftConcluding("batch_lost");

        assertThat(outbox.stoppedBeforeSpooling()).containsExactly("batch_lost");
        assertThat(dir.resolve("msg_batch_spooled.concluding")).doesNotExist();
        assertThat(dir.resolve("msg_batch_unaudited.concluding")).doesNotExist();
        assertThat(dir.resolve("msg_batch_spooled.json")).exists();
    }

    private static String lockAsAnotherProcessSees(Path mark) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TriesAMark.class.getName(),
                mark.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            return said.readLine();
        } finally {
            probe.waitFor();
        }
    }
}
