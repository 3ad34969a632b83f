package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

class ProgressReporterTest {

    private final MutableClock clock = new MutableClock();

    private static SimulationRecord record(Outcome outcome) {
        return SimulationRecord.builder().uniqueId("id").testId("test_a").displayName("hi").source("f").line(1).utterance("hi")
                .outcome(outcome).build();
    }

    @Test
    @DisplayName("nothing before one interval has passed; then one line with done, failing, in flight, rate and ETA")
    void pacedLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter progress = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ZERO, clock, () -> "7 in flight (limit 40 of 64 after 429s)");
        progress.runStarted(RunInfo.builder().batchId("batch_1").started(clock.instant()).backend("sandbox").plannedTests(100).build());
        for (int i = 0; i < 18; i++) progress.simulationFinished(record(Outcome.PASSED));
        progress.simulationFinished(record(Outcome.FAILED));
        progress.simulationFinished(record(Outcome.TIMEOUT));
        assertThat(progress.line(Duration.ofSeconds(4))).isEqualTo("[cognigy] 20/100 done, 2 failing, 7 in flight (limit 40 of 64 after 429s), 5.0/s, ETA 16 s");

        ByteArrayOutputStream paced = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(paced, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5), clock, () -> "0 in flight");
        reporter.runStarted(RunInfo.builder().batchId("batch_2").started(clock.instant()).backend("sandbox").plannedTests(10).build());
        clock.advance(Duration.ofSeconds(3));
        reporter.tick();
        assertThat(paced.toString(StandardCharsets.UTF_8)).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        reporter.tick();
        assertThat(paced.toString(StandardCharsets.UTF_8)).startsWith("[cognigy] 0/10 done").doesNotContain("\r");
        reporter.runFinished(null, List.of());
    }

    @Test
    @DisplayName("item 10: a run paced to a quota says at once how long it takes at the least; an unpaced one says nothing")
    void pacedRunSaysHowLong() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(30), clock, () -> "0 in flight",
                planned -> planned > 600 ? java.util.Optional.of(planned + " messages at most 600 per hour: expect at least 2 h")
                        : java.util.Optional.empty());
        reporter.runStarted(RunInfo.builder().batchId("batch_3").started(clock.instant()).backend("endpoint").plannedTests(1500).build());
        reporter.runFinished(null, List.of());
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[cognigy] 0/1500 done; 1500 messages at most 600 per hour: expect at least 2 h" + System.lineSeparator());

        ByteArrayOutputStream small = new ByteArrayOutputStream();
        ProgressReporter unpaced = new ProgressReporter(new PrintStream(small, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(30), clock, () -> "0 in flight", planned -> java.util.Optional.empty());
        unpaced.runStarted(RunInfo.builder().batchId("batch_4").started(clock.instant()).backend("endpoint").plannedTests(1500).build());
        unpaced.runFinished(null, List.of());
        assertThat(small.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
