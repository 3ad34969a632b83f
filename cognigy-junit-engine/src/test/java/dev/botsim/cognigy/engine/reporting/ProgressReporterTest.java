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
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

class ProgressReporterTest {

    private final MutableClock clock = new MutableClock();
    private final VirtualTicker ticker = new VirtualTicker();

    private static SimulationRecord record(Outcome outcome) {
        return SimulationRecord.builder().uniqueId("id").testId("test_a").displayName("hi").source("f").line(1).utterance("hi")
                .outcome(outcome).build();
    }

    @Test
    @DisplayName("nothing before one interval has passed; then one line with done, failing, in flight, rate and ETA")
    void pacedLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter progress = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ZERO, ticker, () -> "7 in flight (limit 40 of 64 after 429s)");
        progress.runStarted(RunInfo.builder().batchId("batch_1").started(clock.instant()).backend("sandbox").plannedTests(100).build());
        for (int i = 0; i < 18; i++) progress.simulationFinished(record(Outcome.PASSED));
        progress.simulationFinished(record(Outcome.FAILED));
        progress.simulationFinished(record(Outcome.TIMEOUT));
        assertThat(progress.line(Duration.ofSeconds(4))).isEqualTo("[cognigy] 20/100 done, 2 failing, 7 in flight (limit 40 of 64 after 429s), 5.0/s, ETA 16 s");

        ByteArrayOutputStream paced = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(paced, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5), ticker, () -> "0 in flight");
        reporter.runStarted(RunInfo.builder().batchId("batch_2").started(clock.instant()).backend("sandbox").plannedTests(10).build());
        ticker.advance(Duration.ofSeconds(3));
        reporter.tick();
        assertThat(paced.toString(StandardCharsets.UTF_8)).isEmpty();
        ticker.advance(Duration.ofSeconds(3));
        reporter.tick();
        assertThat(paced.toString(StandardCharsets.UTF_8)).startsWith("[cognigy] 0/10 done").doesNotContain("\r");
        reporter.runFinished(null, List.of());
    }

    @Test
    @DisplayName("the wall clock set back or forward an hour mid-run (NTP) changes nothing: a line comes once an interval has"
            + " passed, with the rate of the time that passed")
    void wallClockSetMidRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5), ticker, () -> "0 in flight");
        reporter.runStarted(RunInfo.builder().batchId("batch_6").started(clock.instant()).backend("sandbox").plannedTests(100).build());
        for (int i = 0; i < 12; i++) reporter.simulationFinished(record(Outcome.PASSED));
        clock.advance(Duration.ofHours(-1));
        ticker.advance(Duration.ofSeconds(6));
        reporter.tick();
        clock.advance(Duration.ofHours(2));
        ticker.advance(Duration.ofSeconds(6));
        reporter.tick();
        reporter.runFinished(null, List.of());

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[cognigy] 12/100 done, 0 failing, 0 in flight, 2.0/s, ETA 44 s",
                "[cognigy] 12/100 done, 0 failing, 0 in flight, 1.0/s, ETA 1 min 28 s");
    }

    @Test
    @DisplayName("the run's end waits for a progress line being printed as it comes, so that no progress line follows the"
            + " console summary the listener after it prints")
    void endWaitsForALineBeingPrinted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.util.concurrent.CountDownLatch ticking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ProgressReporter reporter = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofMillis(1), ticker, () -> {
                    ticking.countDown();
                    // A line being made as the run ends, however the end interrupts the ticker's thread.
                    while (true) {
                        try {
                            release.await();
                            return "0 in flight";
                        } catch (InterruptedException e) {
                            // go on waiting, as a thread inside a console write does
                        }
                    }
                });
        reporter.runStarted(RunInfo.builder().batchId("batch_5").started(clock.instant()).backend("sandbox").plannedTests(3).build());
        ticker.advance(Duration.ofSeconds(1));
        assertThat(ticking.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        Thread end = new Thread(() -> reporter.runFinished(null, List.of()));
        end.start();
        end.join(200);
        assertThat(end.isAlive()).as("the end waits for the line").isTrue();
        release.countDown();
        end.join(10_000);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("[cognigy] 0/3 done");
    }

    @Test
    @DisplayName("item 10: a run paced to a quota says at once how long it takes at the least; an unpaced one says nothing")
    void pacedRunSaysHowLong() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(30), ticker, () -> "0 in flight",
                () -> java.util.Optional.of("1500 messages at most 600 per hour: expect at least 2 h"),
                remaining -> java.util.Optional.empty());
        reporter.runStarted(RunInfo.builder().batchId("batch_3").started(clock.instant()).backend("endpoint").plannedTests(1500).build());
        reporter.runFinished(null, List.of());
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[cognigy] 0/1500 done; 1500 messages at most 600 per hour: expect at least 2 h" + System.lineSeparator());

        ByteArrayOutputStream small = new ByteArrayOutputStream();
        ProgressReporter unpaced = new ProgressReporter(new PrintStream(small, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(30), ticker, () -> "0 in flight", java.util.Optional::empty,
                remaining -> java.util.Optional.empty());
        unpaced.runStarted(RunInfo.builder().batchId("batch_4").started(clock.instant()).backend("endpoint").plannedTests(1500).build());
        unpaced.runFinished(null, List.of());
        assertThat(small.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    @DisplayName("issue 16: while a budget holds requests back the line says so and until when, and the ETA is the"
            + " budget's, not the rate's; once nothing waits, the rate's again")
    void budgetWaitIsHonest() {
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<BudgetWait>> held =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        List<Long> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5), ticker, () -> "29 in flight", java.util.Optional::empty, remaining -> {
                    asked.add(remaining);
                    return held.get();
                });
        reporter.runStarted(RunInfo.builder().batchId("batch_5").started(clock.instant()).backend("nlu").plannedTests(1000).build());
        for (int i = 0; i < 971; i++) reporter.simulationFinished(record(Outcome.PASSED));

        // 971 done in 3 s: the rate alone would say the last 29 take a fraction of a second.
        assertThat(reporter.line(Duration.ofSeconds(3))).isEqualTo("[cognigy] 971/1000 done, 0 failing, 29 in flight, 323.7/s, ETA 0 s");

        held.set(java.util.Optional.of(new BudgetWait("the management API's budget of 1,000 requests per 5 minutes", 29,
                java.time.Instant.parse("2026-11-24T10:05:00Z"), Duration.ofSeconds(297))));
        assertThat(reporter.line(Duration.ofSeconds(3))).isEqualTo("[cognigy] 971/1000 done, 0 failing, 29 in flight, 323.7/s,"
                + " waiting for the management API's budget of 1,000 requests per 5 minutes until 10:05:00 UTC, ETA 4 min 57 s");
        assertThat(asked).as("the budget is asked about the tests still to finish").containsOnly(29L);

        // A slow run whose rate promises a later end than the budget's keeps the later one.
        held.set(java.util.Optional.of(new BudgetWait("the REST Endpoint's budget of 600 requests per hour", 1,
                java.time.Instant.parse("2026-11-24T10:00:10Z"), Duration.ofSeconds(10))));
        assertThat(reporter.line(Duration.ofSeconds(3000))).endsWith("until 10:00:10 UTC, ETA 1 min 30 s");
        reporter.runFinished(null, List.of());
    }
}
