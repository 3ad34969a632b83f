package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * A repeated test with an approved answer compares every run with it: one approved answer per test (the first run's,
 * when none was approved yet or {@code cognigy.approve=true} accepts anew), and a run whose answer differs fails.
 */
class RepeatedApprovalsTest {

    @TempDir
    Path dir;

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return listener.finished.stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "cognigy.approve={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("the second of three runs answers in other words: it differs from the approved answer the first run"
            + " wrote, so the case and the conversation's turn are FLAKY and fail; the file holds the first run's answer")
    void everyRunCompared(boolean approve) throws Exception {
        BotTurn reworded = new BotTurn(0, "flow_order_status", "check_order", 0.93, Map.of(), "Which order do you mean?",
                null, null);
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("where is my order", 2), reworded)
                .answering(ScriptedBackend.nthAsking("track my package", 2), reworded);
        RecordingListener listener = new RecordingListener();

        // One message at a time: the runs go out in their order, so run 2 is the second to ask.
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.APPROVE_DIR, dir.toString())
                .configurationParameter(Constants.APPROVE, String.valueOf(approve))
                .selectors(selectClasspathResource("fixtures/repeat/approved.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        for (String test : new String[] {"test_order_status", "test_greet_then_order#2"}) {
            SimulationRecord repeated = record(listener, test);
            assertThat(repeated.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(repeated.repetitions().stability()).isEqualTo(Stability.FLAKY);
            assertThat(repeated.repetitions().passed()).isEqualTo(2);
            assertThat(repeated.message()).contains("run 2 of 3: bot answer differs from the approved answer",
                    "Which order do you mean?");
        }
        String approved = Files.readString(dir.resolve("fixtures/repeat/approved.sim.yaml.approved.yaml"));
        assertThat(approved).contains("test_order_status:", "test_greet_then_order#2:", "Sure, what is your order number?")
                .doesNotContain("Which order do you mean?");
    }
}
