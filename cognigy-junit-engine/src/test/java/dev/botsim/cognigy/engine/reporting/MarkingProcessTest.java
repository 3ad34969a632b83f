package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process a mark of a run under way names, and when a later run takes it for gone: only a process of this host whose
 * pid no live process has, or has with another start — never a live one, nor another host's it cannot look at.
 */
class MarkingProcessTest {

    private final MarkingProcess self = MarkingProcess.current();

    @Test
    @DisplayName("this JVM, alive, is not gone")
    void alive() {
        assertThat(self.started()).as("the OS says when this JVM started").isNotNull();
        assertThat(self.gone()).isFalse();
    }

    @Test
    @DisplayName("a pid now another process's, started at another time, is gone: the pid was reused")
    void pidReused() {
        assertThat(new MarkingProcess(self.pid(), self.started().minus(Duration.ofHours(1)), self.host()).gone()).isTrue();
    }

    @Test
    @DisplayName("another host's process cannot be told gone, whatever this host has at its pid")
    void anotherHost() {
        assertThat(new MarkingProcess(self.pid(), self.started().minus(Duration.ofHours(1)), "another-host-" + self.host()).gone())
                .isFalse();
    }

    @Test
    @DisplayName("the mark's results.json names the process, and the folder's head reads it back as written")
    void readBack(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        Files.writeString(results, "{\"schema_version\":1,\"batch_id\":\"batch_x\",\"running\":true,\"process\":{\"pid\":"
                + self.pid() + ",\"started\":\"" + self.started() + "\",\"host\":" + (self.host() == null ? "null" : "\"" + self.host() + "\"")
                + ",\"later\":{\"a\":1}},\"finished\":null}");

        assertThat(ReportHead.read(results)).hasValueSatisfying(head -> {
            assertThat(head.process()).isEqualTo(self);
            assertThat(head.leftByGoneProcess(dir)).as("alive").isEmpty();
        });
    }
}
