package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;

/** What the run as a whole must achieve: tolerant governance and a minimum flow coverage. */
class RunPolicyTest {

    private static EngineExecutionResults run(String... parameters) {
        var builder = kit(new ScriptedBackend()).selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        for (int i = 0; i < parameters.length; i += 2) builder.configurationParameter(parameters[i], parameters[i + 1]);
        return builder.execute();
    }

    private static Optional<Throwable> engineFailure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable);
    }

    @Test
    @DisplayName("tolerant mode: a wrong answer is aborted with its reason, and a run at the threshold passes")
    void tolerantAtThreshold() {
        EngineExecutionResults results = run(Constants.GOVERNANCE_MODE, "tolerant", Constants.GOVERNANCE_THRESHOLD, "0.66");
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(0).aborted(1));
        assertThat(results.testEvents().aborted().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage())
                .startsWith("tolerated (cognigy.governance.mode=tolerant)").contains("check_order", "escalate");
        assertThat(engineFailure(results)).isEmpty();
    }

    @Test
    @DisplayName("tolerant mode: below the threshold the run fails at its end, saying by how much")
    void tolerantBelowThreshold() {
        EngineExecutionResults results = run(Constants.GOVERNANCE_MODE, "tolerant");
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(1));
        assertThat(engineFailure(results)).get().isInstanceOf(RunShortfallError.class)
                .extracting(Throwable::getMessage).asString().contains("2 of 3 simulations passed", "threshold of 95 %");
    }

    @Test
    @DisplayName("item 4: tolerant mode at the threshold with an unwritable audit trail: the run fails for the audit record"
            + " only, not as below the threshold")
    void tolerantUnaudited(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path blocker = java.nio.file.Files.writeString(dir.resolve("not-a-directory"), "x");
        EngineExecutionResults results = run(Constants.GOVERNANCE_MODE, "tolerant", Constants.GOVERNANCE_THRESHOLD, "0.66",
                Constants.AUDIT_FILE, blocker.resolve("trail.jsonl").toString());
        assertThat(engineFailure(results)).get().extracting(Throwable::getMessage).asString()
                .contains("could not be written", "UNAUDITED").doesNotContain("below the threshold");
    }

    @Test
    @DisplayName("strict mode (the default) fails the wrong answer itself and not the run")
    void strict() {
        EngineExecutionResults results = run();
        results.testEvents().assertStatistics(stats -> stats.failed(1).aborted(0));
        assertThat(engineFailure(results)).isEmpty();
    }

    @Test
    @DisplayName("a minimum flow coverage not reached fails the run naming the flows never reached; a backend that cannot tell"
            + " the bot's flows marks none of them as not a flow of the bot")
    void coverageMinimum() {
        EngineExecutionResults below = run(Constants.FLOWS, "flow_billing", Constants.COVERAGE_MINIMUM, "0.8");
        assertThat(engineFailure(below)).get().extracting(Throwable::getMessage).asString()
                .contains("2 of 3 expected flows").endsWith("never reached: flow_billing");
        EngineExecutionResults met = run(Constants.FLOWS, "flow_billing", Constants.COVERAGE_MINIMUM, "0.66");
        assertThat(engineFailure(met)).isEmpty();
    }

    @Test
    @DisplayName("a test picked one by one (an IDE's run of one test, Surefire's rerun of a failure) is not held to the suite's"
            + " minimum coverage, and the console says its verdict and coverage are its own, not the suite's")
    void coverageMinimumOfATestPickedOneByOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) {
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8);
        ScriptedBackend backend = new ScriptedBackend();
        EngineExecutionResults one = org.junit.platform.testkit.engine.EngineTestKit.engine(new CognigyTestEngine(
                        new dev.botsim.cognigy.engine.execution.EngineServices(name -> null, config -> backend,
                                java.time.Clock.systemUTC()).withConsole(out)))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.COVERAGE_MINIMUM, "0.8")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                        org.junit.platform.engine.UniqueId.forEngine("cognigy").append("file", "fixtures/standalone/orders.sim.yaml")
                                .append("case", "test_yaml_greeting")))
                .execute();

        one.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(engineFailure(one)).isEmpty();
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .contains("[cognigy] 1 test picked one by one (by unique id, method or line): the verdict and coverage below are"
                        + " its, not the suite's; cognigy.coverage.minimum is not checked")
                .contains("[cognigy] flow coverage: 1 of 2 expected flows (50 %); never reached: flow_order_status");
        // The whole file is still held to it.
        assertThat(engineFailure(run(Constants.COVERAGE_MINIMUM, "0.8"))).isEmpty();
        assertThat(engineFailure(run(Constants.FLOWS, "flow_billing", Constants.COVERAGE_MINIMUM, "0.8"))).isPresent();
    }
}
