package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.fixtures.SkippingRunsSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * A repeated test whose own code skips a run (an assumption that does not hold) leaves that run out and is judged by
 * the others, as JUnit judges a {@code @RepeatedTest}: a skipped run does not hide the runs that failed.
 */
class SkippedRunsEngineTest {

    @BeforeEach
    void resetCounters() {
        SkippingRunsSimulation.FAILS_THEN_SKIPS.set(0);
        SkippingRunsSimulation.CONVERSATION.set(0);
    }

    @Test
    @DisplayName("an @Utterance run skipped by the method's assumption is not counted; the run that failed before it still fails the test")
    void skippedRunIsLeftOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) {
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = WaveringBot.engine("sandbox", listener)
                .configurationParameter(dev.botsim.cognigy.engine.config.Constants.REPORT_DIR, reports.toString())
                .selectors(selectMethod(SkippingRunsSimulation.class, "failsThenSkips")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).aborted(0));
        SimulationRecord record = WaveringBot.record(listener, "test_failsThenSkips");
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
        Repetitions repetitions = record.repetitions();
        assertThat(repetitions.runs()).isEqualTo(4);
        assertThat(repetitions.passed()).isEqualTo(3);
        assertThat(repetitions.stability()).isEqualTo(Stability.FLAKY);
        assertThat(repetitions.skipped()).isEqualTo(1);
        assertThat(record.message()).contains("FLAKY: 3 of 4 runs passed", "1 of 5 runs skipped by the test itself, not"
                + " counted: Assumption failed: not this time", "run 2 of 5: run 2 does not hold");
        assertThat(SkippingRunsSimulation.FAILS_THEN_SKIPS).hasValue(5);
        // The reports say it too, beside the runs counted (a method selected alone writes them to partial/).
        tools.jackson.databind.JsonNode json = new tools.jackson.databind.ObjectMapper().readTree(reports.resolve("partial/results.json").toFile());
        assertThat(json.path("results").get(0).path("repetitions").path("runs").asInt()).isEqualTo(4);
        assertThat(json.path("results").get(0).path("repetitions").path("skipped").asInt()).isEqualTo(1);
        assertThat(json.path("stability").path("tests").get(0).path("skipped").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a repeated test whose every run skipped itself is skipped, as a test run once, under no stability verdict;"
            + " its skip reason is ASSUMPTION")
    void everyRunSkipped() {
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = WaveringBot.engine("sandbox", listener)
                .selectors(selectMethod(SkippingRunsSimulation.class, "alwaysSkips")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        SimulationRecord record = WaveringBot.record(listener, "test_alwaysSkips");
        assertThat(record.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(record.repetitions()).isNull();
        assertThat(record.message()).contains("never applies");
        assertThat(record.skipReason()).as("the test's own assumption").isEqualTo(SimulationRecord.SkipReason.ASSUMPTION);
    }

    @Test
    @DisplayName("a @Conversation run skipped by the method's assumption is left out; the other runs pass the test STABLE")
    void conversationRunSkipped() {
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = WaveringBot.engine("sandbox", listener)
                .selectors(selectMethod(SkippingRunsSimulation.class, "conversationSkipsOnce",
                        "dev.botsim.cognigy.annotations.BotSession")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        SimulationRecord record = WaveringBot.record(listener, "test_conversationSkipsOnce");
        assertThat(record.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(record.repetitions().runs()).isEqualTo(2);
        assertThat(record.repetitions().skipped()).isEqualTo(1);
        assertThat(record.repetitions().stability()).isEqualTo(Stability.STABLE);
    }
}
