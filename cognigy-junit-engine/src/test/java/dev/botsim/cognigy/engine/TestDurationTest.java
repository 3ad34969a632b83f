package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.SimulationRecord;

/** A test's duration, as the reports give it, counts from its message being sent, also when that was ahead of its body. */
class TestDurationTest {

    @Test
    @DisplayName("tests whose messages went out ahead of them last at least as long as the bot took to answer, not only"
            + " the moment their body waited")
    void startedAheadTestsCountFromTheirMessage() {
        MutableClock clock = new MutableClock();
        ScriptedBackend bot = new ScriptedBackend().answeringAfter(Duration.ofMillis(300), clock);
        RecordingListener listener = new RecordingListener();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, config -> bot, clock)
                        .withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .configurationParameter(Constants.MAX_CONCURRENCY, "8")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(listener.finished.size()));

        assertThat(listener.finished).hasSizeGreaterThan(2)
                .allSatisfy(record -> assertThat(record.duration()).as(record.testId()).isGreaterThanOrEqualTo(Duration.ofMillis(300)));
        assertThat(listener.finished).extracting(SimulationRecord::testId).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "set by {0} h")
    @ValueSource(ints = {-1, 1})
    @DisplayName("a test during which NTP sets the wall clock back or forward an hour lasts the time that passed, measured"
            + " on the run's monotonic time: never a negative duration in the reports, nor one an hour long")
    void wallClockSetMidTest(int hours, @TempDir Path dir) throws Exception {
        Path cases = dir.resolve("a.sim.yaml");
        Files.writeString(cases, "version: 1\ncases:\n  - id: test_one\n    utterance: hello\n  - id: test_two\n    utterance: hi\n");
        // Time passes only as the bot answers, 300 ms an answer; the wall clock is set once the first answer has taken time.
        MutableClock passing = new MutableClock();
        java.time.Instant start = passing.instant();
        Clock wall = new Clock() {
            @Override
            public java.time.Instant instant() {
                java.time.Instant now = passing.instant();
                return now.isAfter(start) ? now.plus(Duration.ofHours(hours)) : now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        ScriptedBackend bot = new ScriptedBackend().answeringAfter(Duration.ofMillis(300), passing);
        RecordingListener listener = new RecordingListener();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, config -> bot, wall)
                        .withNanoTime(() -> Duration.between(start, passing.instant()).toNanos()).withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(selectFile(cases.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(listener.finished).hasSize(2).allSatisfy(record -> assertThat(record.duration()).as(record.testId())
                .isBetween(Duration.ofMillis(300), Duration.ofMillis(600)));
    }

    @Test
    @DisplayName("a test whose answer arrived while tests before it still ran (a conversation, run one test at a time) lasts the"
            + " bot's time, not the wait for its turn")
    void answerWaitingForItsTestIsNotItsDuration(@TempDir Path dir) throws Exception {
        Path conversation = dir.resolve("a.sim.yaml");
        Files.writeString(conversation, "version: 1\nconversations:\n  - id: test_long\n    turns:\n" + "      - say: hello\n".repeat(10));
        // Sent ahead at the run's start, answered 200 ms later, while the conversation's ten turns (2 s) ran first.
        assertThat(twoCasesAfter(conversation, dir, false, 12)).hasSize(2).allSatisfy(record -> assertThat(record.duration())
                .as(record.testId()).isBetween(Duration.ofMillis(200), Duration.ofMillis(1500)));
    }

    /**
     * Runs {@code first}, then two single cases of a second file, against a bot answering in 200 ms, four messages at a
     * time, and gives the records of those two cases.
     */
    private static java.util.List<SimulationRecord> twoCasesAfter(Path first, Path dir, boolean parallel, int tests)
            throws Exception {
        Path cases = dir.resolve("b.sim.yaml");
        Files.writeString(cases, "version: 1\ncases:\n  - id: test_one\n    utterance: hello\n  - id: test_two\n    utterance: hello there\n");
        ScriptedBackend bot = new ScriptedBackend().withDelay(200);
        RecordingListener listener = new RecordingListener();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, config -> bot, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.MAX_CONCURRENCY, "4")
                .configurationParameter(Constants.PARALLEL_ENABLED, String.valueOf(parallel))
                .selectors(selectFile(first.toFile()), selectFile(cases.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests));
        return listener.finished.stream().filter(r -> r.testId().equals("test_one") || r.testId().equals("test_two")).toList();
    }

    @Test
    @DisplayName("a test that began while its message still waited behind max-concurrency others (tests in parallel) lasts from"
            + " the send, not from its start")
    void messageQueuedBehindOthersCountsFromItsSend(@TempDir Path dir) throws Exception {
        Path many = dir.resolve("a.sim.yaml");
        StringBuilder manyCases = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 40; i++) manyCases.append("  - id: test_c").append(i).append("\n    utterance: hello\n");
        Files.writeString(many, manyCases.toString());
        // Queued behind 40 messages, 4 at a time (2 s), and answered 200 ms after being sent.
        assertThat(twoCasesAfter(many, dir, true, 42)).hasSize(2).allSatisfy(record -> assertThat(record.duration())
                .as(record.testId()).isBetween(Duration.ofMillis(200), Duration.ofMillis(1500)));
    }
}
