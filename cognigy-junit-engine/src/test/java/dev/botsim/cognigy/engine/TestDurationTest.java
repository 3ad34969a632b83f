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

    @Test
    @DisplayName("a test whose answer arrived while tests before it still ran (a conversation, run one test at a time) lasts the"
            + " bot's time, not the wait for its turn")
    void answerWaitingForItsTestIsNotItsDuration(@TempDir Path dir) throws Exception {
        Path conversation = dir.resolve("a.sim.yaml");
        Files.writeString(conversation, "version: 1\nconversations:\n  - id: test_long\n    turns:\n" + "      - say: hello\n".repeat(10));
        Path cases = dir.resolve("b.sim.yaml");
        Files.writeString(cases, "version: 1\ncases:\n  - id: test_one\n    utterance: hello\n  - id: test_two\n    utterance: hello there\n");
        ScriptedBackend bot = new ScriptedBackend().withDelay(200);
        RecordingListener listener = new RecordingListener();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, config -> bot, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.MAX_CONCURRENCY, "4")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(selectFile(conversation.toFile()), selectFile(cases.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.started(12).succeeded(12));

        // Sent ahead at the run's start, answered 200 ms later, while the conversation's ten turns (2 s) ran first.
        assertThat(listener.finished).filteredOn(r -> !r.testId().startsWith("test_long")).hasSize(2)
                .allSatisfy(record -> assertThat(record.duration()).as(record.testId())
                        .isBetween(Duration.ofMillis(200), Duration.ofMillis(1500)));
    }

    @Test
    @DisplayName("a test that began while its message still waited behind max-concurrency others (tests in parallel) lasts from"
            + " the send, not from its start")
    void messageQueuedBehindOthersCountsFromItsSend(@TempDir Path dir) throws Exception {
        Path many = dir.resolve("a.sim.yaml");
        StringBuilder manyCases = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 40; i++) manyCases.append("  - id: test_c").append(i).append("\n    utterance: hello\n");
        Files.writeString(many, manyCases.toString());
        Path cases = dir.resolve("b.sim.yaml");
        Files.writeString(cases, "version: 1\ncases:\n  - id: test_one\n    utterance: hello\n  - id: test_two\n    utterance: hello there\n");
        ScriptedBackend bot = new ScriptedBackend().withDelay(200);
        RecordingListener listener = new RecordingListener();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, config -> bot, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.MAX_CONCURRENCY, "4")
                .selectors(selectFile(many.toFile()), selectFile(cases.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.started(42).succeeded(42));

        // Queued behind 40 messages, 4 at a time (2 s), and answered 200 ms after being sent.
        assertThat(listener.finished).filteredOn(r -> !r.testId().startsWith("test_c")).hasSize(2)
                .allSatisfy(record -> assertThat(record.duration()).as(record.testId())
                        .isBetween(Duration.ofMillis(200), Duration.ofMillis(1500)));
    }
}
