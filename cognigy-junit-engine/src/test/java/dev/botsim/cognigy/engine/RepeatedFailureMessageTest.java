package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What a repeated test that fell short says: its failure starts with its place, as every failure does, and its record
 * does not, as no other record does (results.json, index.html and the webhook name the place in fields of their own);
 * the failing run's message is in the failure once, not a second time as its cause.
 */
class RepeatedFailureMessageTest {

    private static final BotTurn ESCALATED = TestTurns.turn(0, "flow_escalation", "escalate", 0.9, Map.of(),
            "Connecting you to an agent", null, null);

    @Test
    @DisplayName("a FLAKY case fails with its place on the first line, records its message without it, and carries no"
            + " cause repeating the run's message")
    void flakyCase() {
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("where is my order", 2), ESCALATED);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .selectors(selectClasspathResource("fixtures/failures/flaky.sim.yaml")).execute();

        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("fixtures/failures/flaky.sim.yaml:4 test_flaky_order: FLAKY: 2 of 3 runs passed")
                .contains("\nrun 2 of 3: bot answer differs from the expectation for \"where is my order\" in intent, next_flow\n");
        assertThat(failure.getCause()).as("the run's failure, whose message the failure holds whole").isNull();
        assertThat(failure.getStackTrace()[0].getFileName()).isEqualTo("fixtures/failures/flaky.sim.yaml");
        SimulationRecord record = listener.finished.stream().filter(r -> r.testId().equals("test_flaky_order")).findFirst().orElseThrow();
        assertThat(record.message()).startsWith("FLAKY: 2 of 3 runs passed").doesNotContain("flaky.sim.yaml:4");
    }

    @Test
    @DisplayName("a FLAKY case that meets its ratio says in its report entry how its run that did not pass ended: a"
            + " timeout, not only (none), which reads as the bot recognising nothing")
    void passingFlakyCaseSaysHowItsMissEnded() {
        ScriptedBackend backend = new ScriptedBackend().failing(ScriptedBackend.nthAsking("where is my order", 2),
                new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 30s"));

        EngineExecutionResults results = EngineTestSupport.kit(backend, new RecordingListener())
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPEAT_PASS_RATIO, "0.6")
                .selectors(selectClasspathResource("fixtures/failures/flaky.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(EngineTestSupport.reportEntries(results, "cognigy.stability"))
                .containsExactly("FLAKY: 2 of 3 runs passed (66.6%), 60% required: 1 timeout");
        assertThat(EngineTestSupport.reportEntries(results, "cognigy.stability.intents"))
                .containsExactly("check_order ×2, (none) ×1");
    }
}
