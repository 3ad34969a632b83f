package dev.botsim.cognigy.engine.lifecycle;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.platform.engine.ExecutionRequest;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What discovery and the launcher's selection tell a run beyond its test tree: how its tests were selected, the invalid
 * input a filter left out of it, how many other tests a filter took out, what stood in for the bot in the sessions discovery opened, and whether it reruns the
 * failure of a run as a whole. Made once per execution by the engine, from {@link #whole()} and the withers, so that each
 * fact is named where it is given rather than placed by position.
 *
 * @param partial           whether the run's tests were picked one by one (by unique id or method, as an IDE or Surefire
 *                          reruns them) rather than by class, file or folder: its reports go to
 *                          {@link RunLifecycle#PARTIAL_REPORTS}, and it is not held to the suite's minimum coverage
 * @param leftOut           the results of tests standing for invalid input that a launcher's filter took out of the tree
 *                          after discovery: recorded as the run starts, so its results and verdict count them, and named
 *                          at its end, where they fail the run
 * @param discoveredStandIn what answered in the bot's place the tests discovery opened a session for (mode
 *                          {@code existing}'s playbooks, run through the management API discovery listed them at, while
 *                          the run's turn backend sends nothing), if anything: a sandbox configured as the tenant, told by
 *                          its header; asked when the run starts and ends, as discovery may learn it late
 * @param rerunOfRunFailure whether the selection reruns the failure of a run as a whole (the engine's node, selected by
 *                          its unique id beside the failed tests, as Surefire's {@code rerunFailingTestsCount} does): the
 *                          run ends failed saying so, whatever its own tests do
 * @param filteredOut       how many of the tests discovery found (its own selection and shard applied) a launcher's filter
 *                          took out of the tree after discovery (tags, method names), beside the invalid input in
 *                          {@code leftOut}: the run says so before its verdict, which is of the tests that ran
 *                          ({@link dev.botsim.cognigy.spi.RunInfo#filteredOut()}); its verdict and folder stay a whole run's
 */
public record RunSelection(boolean partial, List<SimulationRecord> leftOut, Supplier<Optional<String>> discoveredStandIn,
                           boolean rerunOfRunFailure, long filteredOut) {

    public RunSelection {
        leftOut = List.copyOf(leftOut);
        Objects.requireNonNull(discoveredStandIn, "discoveredStandIn");
        if (filteredOut < 0) throw new IllegalArgumentException("filteredOut < 0: " + filteredOut);
    }

    /** A whole run: its tests selected by class, file or folder, nothing left out, no stand-in discovered, no rerun. */
    public static RunSelection whole() {
        return new RunSelection(false, List.of(), Optional::empty, false, 0);
    }

    /** The same, its tests picked one by one ({@code true}) or not. */
    public RunSelection withPartial(boolean partial) {
        return new RunSelection(partial, leftOut, discoveredStandIn, rerunOfRunFailure, filteredOut);
    }

    /** The same, with {@code leftOut} as the invalid input a launcher's filter left out. */
    public RunSelection withLeftOut(List<SimulationRecord> leftOut) {
        return new RunSelection(partial, leftOut, discoveredStandIn, rerunOfRunFailure, filteredOut);
    }

    /** The same, asking {@code discoveredStandIn} what answered in the bot's place for discovery's sessions. */
    public RunSelection withDiscoveredStandIn(Supplier<Optional<String>> discoveredStandIn) {
        return new RunSelection(partial, leftOut, discoveredStandIn, rerunOfRunFailure, filteredOut);
    }

    /** The same, rerunning the failure of a run as a whole ({@code true}) or not. */
    public RunSelection withRerunOfRunFailure(boolean rerunOfRunFailure) {
        return new RunSelection(partial, leftOut, discoveredStandIn, rerunOfRunFailure, filteredOut);
    }

    /** The same, with {@code filteredOut} tests taken out of the tree by a filter of the launcher after discovery. */
    public RunSelection withFilteredOut(long filteredOut) {
        return new RunSelection(partial, leftOut, discoveredStandIn, rerunOfRunFailure, filteredOut);
    }

    /** The results of the invalid input a launcher's filter left out, as the run records them: failed, saying why. */
    List<SimulationRecord> leftOutRecords() {
        return leftOut.stream().map(problem -> problem.toBuilder().message(problem.message() + " [left out of this run by a"
                + " filter of the launcher, so JUnit ran no test for it; counted as failed]").build()).toList();
    }

    /** Why invalid input a launcher's filter left out fails the run, naming each test that stands for it. */
    String leftOutProblems() {
        StringBuilder text = new StringBuilder("invalid input: " + leftOut.size() + (leftOut.size() == 1 ? " test stands" : " tests stand")
                + " for input that could not be read, and a filter of the launcher (a tag filter: Surefire's groups, Gradle's"
                + " includeTags, --include-tag) left " + (leftOut.size() == 1 ? "it" : "them") + " out of this run, so no"
                + " failed test shows " + (leftOut.size() == 1 ? "it" : "them") + "; "
                + (leftOut.size() == 1 ? "it counts" : "they count") + " as failed in the results and the verdict. Fix the input:");
        // A problem's message names its file and line (or class), as its test's name would.
        leftOut.forEach(problem -> text.append("\n  ").append(ConsoleText.oneLine(problem.message())));
        return text.toString();
    }

    /** The folder a whole run's reports go to: the partial folder below the report directory when its tests were picked one by one. */
    Path reportFolder(EngineConfig config) {
        return partial ? config.reportDir().resolve(RunLifecycle.PARTIAL_REPORTS) : config.reportDir();
    }

    /**
     * Where a whole run's reports go, marked at its start too: a run of tests picked one by one writes to the partial folder
     * and names no earlier whole run it replaced.
     */
    ReportWriter reports(EngineConfig config, ExecutionRequest request) {
        return partial ? ReportWriter.of(reportFolder(config), request) : ReportWriter.ofWholeRun(reportFolder(config), request);
    }
}
