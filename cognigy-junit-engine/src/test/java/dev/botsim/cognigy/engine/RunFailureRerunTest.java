package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * A run whose engine node failed — the run as a whole fell short: tolerant governance below its threshold, coverage
 * below its minimum, a record not kept — rerun as Surefire's {@code rerunFailingTestsCount} reruns it: every failed node
 * without a class source by its unique id, the engine's own among them, in a new discovery of the same JVM.
 */
class RunFailureRerunTest {

    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");

    @TempDir
    Path dir;

    private EngineExecutionResults run(org.junit.platform.engine.DiscoverySelector... selectors) {
        return EngineTestSupport.sandboxRun("classpath:bots/order-bot.yaml", dir, OutputStream.nullOutputStream(), Map.of(),
                Map.of(Constants.GOVERNANCE_MODE, "tolerant"), selectors);
    }

    private static TestExecutionResult engineResult(EngineExecutionResults results) {
        return results.containerEvents().finished().filter(e -> e.getTestDescriptor().getUniqueId().equals(ENGINE))
                .findFirst().orElseThrow().getRequiredPayload(TestExecutionResult.class);
    }

    @Test
    @DisplayName("a rerun selecting the failed engine node beside the failed tests is a rerun: its reports go to partial/ and"
            + " the suite's stay, and the engine node fails again, since a rerun of some tests cannot judge the run as a whole")
    void engineBesideTests() throws Exception {
        Path suite = EngineTestSupport.passingAndFailingSuite(Files.createDirectories(dir.resolve("suite")), 3, 1);
        EngineExecutionResults first = run(selectFile(suite.toString()));
        assertThat(engineResult(first).getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        String suiteResults = Files.readString(dir.resolve("reports/results.json"));

        UniqueId failed = first.testEvents().aborted().stream().map(e -> e.getTestDescriptor().getUniqueId()).findFirst().orElseThrow();
        EngineExecutionResults rerun = run(selectUniqueId(ENGINE), selectUniqueId(failed));

        assertThat(Files.readString(dir.resolve("reports/results.json"))).isEqualTo(suiteResults);
        assertThat(dir.resolve("reports/partial/results.json")).exists();
        assertThat(engineResult(rerun).getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(engineResult(rerun).getThrowable().orElseThrow().getMessage())
                .contains("the run as a whole failed", "cannot be judged by a rerun of some of its tests", "run the suite again");
    }

    @Test
    @DisplayName("a rerun selecting only the failed engine node runs no test, keeps the suite's reports and fails again saying why")
    void engineAlone() throws Exception {
        Path suite = EngineTestSupport.passingAndFailingSuite(Files.createDirectories(dir.resolve("suite")), 3, 1);
        run(selectFile(suite.toString()));
        String suiteResults = Files.readString(dir.resolve("reports/results.json"));

        EngineExecutionResults rerun = run(selectUniqueId(ENGINE));

        assertThat(Files.readString(dir.resolve("reports/results.json"))).isEqualTo(suiteResults);
        rerun.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(engineResult(rerun).getThrowable().orElseThrow().getMessage())
                .contains("the run as a whole failed", "run the suite again");
    }

    /** A class whose data file is not on the class path (a failing test with the class as its source) and a method that fails. */
    @BotSimulation(bot = "order-bot", data = "fixtures/nowhere/missing.sim.yaml")
    static class ClassProblemAndFailure {

        @Utterance(value = "hello", intent = "check_order", id = "test_rerun_wrong")
        void wrong() {
        }

        @Utterance(value = "hello", intent = "greeting", id = "test_rerun_right")
        void right() {
        }
    }

    @Test
    @DisplayName("a rerun as Surefire builds it for a failed test whose source is its class (a problem of the class's"
            + " input): the class selected beside the other failed tests' unique ids, a filter keeping the failed nodes —"
            + " is a rerun: its reports go to partial/ and the suite's stay")
    void classBesideTests() throws Exception {
        EngineExecutionResults first = EngineTestSupport.sandboxRun("classpath:bots/order-bot.yaml", dir, OutputStream.nullOutputStream(),
                Map.of(), Map.of(), selectClass(ClassProblemAndFailure.class));
        first.testEvents().assertStatistics(stats -> stats.started(3).failed(2).succeeded(1));
        String suiteResults = Files.readString(dir.resolve("reports/results.json"));
        java.util.Set<UniqueId> failed = new java.util.HashSet<>(first.testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getUniqueId()).toList());
        UniqueId method = first.testEvents().failed().stream().map(e -> e.getTestDescriptor())
                .filter(d -> d.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance).isPresent())
                .findFirst().orElseThrow().getUniqueId();

        EngineExecutionResults rerun = EngineTestSupport.sandboxKit("classpath:bots/order-bot.yaml", dir, OutputStream.nullOutputStream(),
                        Map.of(), Map.of())
                .selectors(selectClass(ClassProblemAndFailure.class), selectUniqueId(method))
                .filters((org.junit.platform.launcher.PostDiscoveryFilter) node -> org.junit.platform.engine.FilterResult.includedIf(
                        failed.stream().anyMatch(id -> id.hasPrefix(node.getUniqueId()) || node.getUniqueId().hasPrefix(id))))
                .execute();

        rerun.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        assertThat(Files.readString(dir.resolve("reports/results.json"))).isEqualTo(suiteResults);
        assertThat(dir.resolve("reports/partial/results.json")).exists();
    }
}
