package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
}
