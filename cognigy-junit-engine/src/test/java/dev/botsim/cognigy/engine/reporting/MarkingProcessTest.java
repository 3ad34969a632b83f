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
    @DisplayName("a live process is not taken for gone after the wall clock was stepped (NTP setting a runner's clock back or"
            + " forward): Java's start time of it moves with the clock, its start in ticks since boot does not")
    void clockSteppedSinceTheMark() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux's ticks since boot");
        assertThat(self.startTicks()).isNotNull();
        // The start a JVM started after the clock was set back 5 s reads for this live process.
        for (Duration step : java.util.List.of(Duration.ofSeconds(-5), Duration.ofHours(2))) {
            assertThat(new MarkingProcess(self.pid(), self.started().plus(step), self.host(), self.startTicks()).gone()).as(step.toString())
                    .isFalse();
        }
        // The same pid with another start in ticks: another process, the pid reused.
        assertThat(new MarkingProcess(self.pid(), self.started(), self.host(), self.startTicks() + 1).gone()).isTrue();
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
                + (self.startTicks() == null ? "" : ",\"start_ticks\":" + self.startTicks()) + ",\"later\":{\"a\":1}},\"finished\":null}");

        assertThat(ReportHead.read(results)).hasValueSatisfying(head -> {
            assertThat(head.process()).isEqualTo(self);
            assertThat(head.leftByGoneProcess(dir)).as("alive").isEmpty();
        });
    }
}
