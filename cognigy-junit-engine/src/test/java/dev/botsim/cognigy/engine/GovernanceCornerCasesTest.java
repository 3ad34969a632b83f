package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.DisabledSimulation;
import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The governance verdict at its edges — nothing ran, nothing passed, a pass rate just below the threshold — as the
 * console, the reports and the audit record give it, and whether the build fails: one JVM and a merged run of the same
 * tests must fail alike, since a CI gate reads the build's status and an auditor the verdict.
 */
class GovernanceCornerCasesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** One run as its consumers saw it. */
    private record Seen(EngineExecutionResults results, String console, JsonNode resultsJson, String html, List<String> audit) {

        Optional<Throwable> engineFailure() {
            return results.containerEvents().failed().stream().findFirst()
                    .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable);
        }
    }

    private Seen run(String name, Map<String, String> settings, DiscoverySelector... selectors) throws Exception {
        Path reports = dir.resolve(name + "/reports");
        Path audit = dir.resolve(name + "/audit.jsonl");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ScriptedBackend backend = new ScriptedBackend();
        EngineServices services = new EngineServices(variable -> null, config -> backend, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.AUDIT_FILE, audit.toString())
                .selectors(selectors);
        settings.forEach(kit::configurationParameter);
        EngineExecutionResults results = kit.execute();
        Path json = reports.resolve("results.json");
        return new Seen(results, console.toString(StandardCharsets.UTF_8),
                Files.exists(json) ? JSON.readTree(json.toFile()) : JSON.missingNode(),
                Files.exists(reports.resolve("index.html")) ? Files.readString(reports.resolve("index.html")) : "",
                Files.exists(audit) ? Files.readAllLines(audit) : List.of());
    }

    private static int merge(Path parts, Path out) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return MergeCommand.run(List.of("--out", out.toString(), parts.toString()), variable -> null, Clock.systemUTC(), print, print);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path suite(int passing, int failing) throws Exception {
        return EngineTestSupport.passingAndFailingSuite(dir, passing, failing);
    }

    @Test
    @DisplayName("a run in which every test was skipped (a class left out with @Disabled) is REVIEW_REQUIRED everywhere and"
            + " fails at its end, as the merge of the same run as a deferred part exits 1: the build's status agrees with the verdict")
    void nothingRanFailsTheBuildAsTheMergeDoes() throws Exception {
        Seen seen = run("single", Map.of(), selectClass(DisabledSimulation.WholeClass.class));

        assertThat(seen.results().testEvents().skipped().count()).isGreaterThanOrEqualTo(3);
        assertThat(seen.console()).contains("0 simulations, 0 passed", "governance: REVIEW_REQUIRED");
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(seen.html()).contains("REVIEW_REQUIRED");
        assertThat(seen.audit()).singleElement().asString().contains("\"governance\":\"REVIEW_REQUIRED\"");
        assertThat(seen.engineFailure()).as("the run's end fails, as a merge of it does").get()
                .isInstanceOf(RunShortfallError.class).extracting(Throwable::getMessage).asString()
                .contains("no simulation ran", "skipped", "REVIEW_REQUIRED");

        Seen part = run("forked", Map.of(Constants.RUN_ID, "run-7", Constants.RUN_DEFER, "true"),
                selectClass(DisabledSimulation.WholeClass.class));
        assertThat(part.engineFailure()).as("a part defers its verdict").isEmpty();
        assertThat(merge(dir.resolve("forked/reports"), dir.resolve("merged"))).isEqualTo(1);
    }

    @Test
    @DisplayName("tolerant mode at threshold 0: a run none of whose tests passed is REVIEW_REQUIRED and fails at its end,"
            + " as its merge would; one passing test makes it COMPLIANT and green")
    void tolerantNothingPassedAtThresholdZero() throws Exception {
        Map<String, String> tolerantZero = Map.of(Constants.GOVERNANCE_MODE, "tolerant", Constants.GOVERNANCE_THRESHOLD, "0");

        Seen none = run("none", tolerantZero, selectFile(suite(0, 2).toFile()));
        none.results().testEvents().assertStatistics(stats -> stats.started(2).aborted(2).failed(0));
        assertThat(none.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(none.engineFailure()).get().extracting(Throwable::getMessage).asString()
                .contains("none of 2 simulations passed", "REVIEW_REQUIRED");

        Seen one = run("one", tolerantZero, selectFile(suite(1, 2).toFile()));
        assertThat(one.resultsJson().path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(one.engineFailure()).isEmpty();
    }

    @Test
    @DisplayName("113 of 119 (94.96 %) at the default threshold of 95 % is REVIEW_REQUIRED, and neither the console nor"
            + " index.html shows its pass rate as 95.0 %: the rate shown is never one the run did not reach")
    void passRateJustBelowTheThresholdIsNotShownAsMeetingIt() throws Exception {
        Seen seen = run("below", Map.of(), selectFile(suite(113, 6).toFile()));

        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(seen.console()).contains("119 simulations, 113 passed, 6 failed (94.9 %)",
                "governance: REVIEW_REQUIRED (threshold 95 %)").doesNotContain("95.0 %");
        assertThat(seen.html()).contains("94.9 %").doesNotContain("95.0 %");
    }

    @Test
    @DisplayName("a threshold finer than a tenth of a percent: the pass rate is shown as finely, so 2 of 3 (66.67 %) does not"
            + " read as meeting 66.7 %")
    void passRateAsFineAsTheThreshold() throws Exception {
        Seen seen = run("fine", Map.of(Constants.GOVERNANCE_THRESHOLD, "0.6667"), selectFile(suite(2, 1).toFile()));

        assertThat(seen.console()).contains("3 simulations, 2 passed, 1 failed (66.66 %)",
                "governance: REVIEW_REQUIRED (threshold 66.67 %)");
        assertThat(seen.html()).contains("66.66 %");
    }

    @Test
    @DisplayName("tolerant mode just below the threshold: 968 of 1,019 (94.996 %) fails the run, and its shortfall does not"
            + " call it '95.00 %, below the threshold of 95 %'")
    void tolerantShortfallJustBelow() throws Exception {
        Seen seen = run("tolerant", Map.of(Constants.GOVERNANCE_MODE, "tolerant"), selectFile(suite(968, 51).toFile()));

        assertThat(seen.engineFailure()).get().extracting(Throwable::getMessage).asString()
                .contains("968 of 1019 simulations passed (94.9 %), below the threshold of 95 %");
    }

    @Test
    @DisplayName("flow coverage just below the minimum (2 of 3 flows, 66.66 % of 66.7 %) is not shown as meeting it")
    void coverageJustBelowTheMinimum() throws Exception {
        Path data = file("flows.sim.yaml", """
                flows: [flow_greeting, flow_order_status, flow_billing]
                cases:
                  - id: test_hello
                    utterance: hello
                  - id: test_order
                    utterance: where is my order ORD_99
                """);
        Seen seen = run("coverage", Map.of(Constants.COVERAGE_MINIMUM, "0.667"), selectFile(data.toFile()));

        assertThat(seen.engineFailure()).get().extracting(Throwable::getMessage).asString()
                .contains("2 of 3 expected flows reached (66.6 %), below the minimum of 66.7 %");
    }

    @Test
    @DisplayName("cognigy.coverage.minimum with no expected flow: the run fails saying no flow is expected and where to name"
            + " them, not '0 of 0 expected flows reached; never reached: '")
    void coverageMinimumWithoutExpectedFlows() throws Exception {
        Path data = file("noflows.sim.yaml", """
                cases:
                  - id: test_hello
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Seen seen = run("noflows", Map.of(Constants.COVERAGE_MINIMUM, "0.8"), selectFile(data.toFile()));

        assertThat(seen.engineFailure()).get().extracting(Throwable::getMessage).asString()
                .contains("cognigy.coverage.minimum", "no flow", "flows:", "cognigy.flows")
                .doesNotContain("never reached: \n").doesNotEndWith("never reached: ");
    }
}
