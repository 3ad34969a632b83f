package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.fixtures.WaveringSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * Checks for answers whose wording varies, end to end against the sandbox's wavering bot: a generative-style answer
 * tested without pinning its wording stays STABLE over 20 runs while its text varies; and {@code @Utterance(repeat)}
 * runs the method as often as it says.
 */
class VaryingAnswersEngineTest {

    private static EngineTestKit.Builder engine(RecordingListener listener) {
        return WaveringBot.engine("sandbox", listener);
    }

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return WaveringBot.record(listener, testId);
    }

    private static String failure(EngineExecutionResults results, String testId) {
        Event failed = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(testId)).findFirst().orElseThrow();
        return failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
    }

    @Test
    @DisplayName("item 9: response_contains_any, response_not_contains and response_length hold for both wordings of a"
            + " wavering answer (STABLE over 20 runs while its text varies) and fail, with expected and actual, where"
            + " the answer breaks them")
    void dataFile() {
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine(listener).selectors(selectClasspathResource("e2e/varying-answers.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        Repetitions either = record(listener, "test_either_wording").repetitions();
        assertThat(either.stability()).isEqualTo(Stability.STABLE);
        assertThat(either.passed()).isEqualTo(20);
        assertThat(either.texts()).as("the wording varied, and every wording passed")
                .containsOnlyKeys("Sure, what is your order number?", "Connecting you to a human agent now.");

        assertThat(record(listener, "test_forbidden_text").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failure(results, "test_forbidden_text")).contains("[response] expected to contain none of"
                + " [\"Sorry\", \"error\"] (ignoring case and typography) but contained [\"Sorry\"]: \"Sorry, I did not get that.");
        assertThat(failure(results, "test_too_long")).contains("[response length] expected at most 20 characters but was 57"
                + " characters: \"Hello! I can check your order or connect you to an agent.\"")
                .doesNotContain("contained none");
    }

    @Test
    @DisplayName("item 7: @Utterance(repeat = 20) runs the method 20 times in fresh sessions: FLAKY with the seed's"
            + " distribution, the body run after each run whose expectations held, one JUnit test")
    void annotatedRepeat() {
        Random draws = new Random(7);
        int flips = 0;
        for (int i = 0; i < 20; i++) if (draws.nextDouble() < 0.3) flips++;
        assertThat(flips).as("the seed must make the case waver for this test to mean anything").isBetween(1, 19);
        WaveringSimulation.WAVERING_BODIES.set(0);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine(listener).selectors(selectMethod(WaveringSimulation.class, "wavering",
                "dev.botsim.cognigy.annotations.SimulationResult")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Repetitions repetitions = record(listener, "test_wavering").repetitions();
        assertThat(repetitions.runs()).isEqualTo(20);
        assertThat(repetitions.stability()).isEqualTo(Stability.FLAKY);
        assertThat(repetitions.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 20 - flips, "escalate", flips));
        assertThat(WaveringSimulation.WAVERING_BODIES.get()).isEqualTo(20 - flips);
        assertThat(failure(results, "wavering")).contains("FLAKY: " + (20 - flips) + " of 20 runs passed");
    }

    @Test
    @DisplayName("item 9: @ExpectResponse on a repeated @Utterance passes every run of the wavering answer")
    void annotatedChecks() {
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine(listener).selectors(selectMethod(WaveringSimulation.class, "eitherWording"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        SimulationRecord record = record(listener, "test_eitherWording");
        assertThat(record.repetitions().stability()).isEqualTo(Stability.STABLE);
        assertThat(record.repetitions().runs()).isEqualTo(20);
        assertThat(record.expected().responseContainsAny()).isEqualTo(List.of("order number", "human agent"));
        assertThat(record.expected().responseNotContains()).isEqualTo(List.of("sorry"));
        assertThat(record.expected().responseMaxLength()).isEqualTo(60);
    }
}
