package dev.botsim.cognigy.engine.merge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of a merged run that failed their own test in the JVM that ran them, as one JVM running the whole suite
 * would have failed them: the build goes red for each, whatever the run's verdict. In strict governance (the default)
 * that is every result that did not pass and was not skipped — failed, misconfiguration, timeout, error; in tolerant
 * governance only a failed answer is tolerated (aborted), so a misconfiguration, timeout, error, invalid input or an
 * answer compared with nothing (no approved answer, an approval file that could not be read, checks of a part redacted in
 * a replayed answer's cassette) still fails its test. A skipped result failed nothing (its conversation's earlier failed turn did); a test that failed in
 * its shard and passed on a rerun is PASSED in the merged run, as Surefire's {@code rerunFailingTestsCount} lets the
 * build go by the later result.
 *
 * <p>The verdict is not changed by them: a strict run at 10 of 11 against a threshold of 90 % is COMPLIANT, as one JVM's
 * run is, and its build fails over the failed test — so does the merge, exit 1, with {@link #reason()}.
 *
 * @param runId    the run merged
 * @param failing  how many results failed their test
 * @param total    the results that ran (not skipped)
 * @param tolerant whether the run was judged in tolerant governance
 * @param named    the first of the failing results, each as {@code test_id (outcome, file:line)}
 */
public record FailedTests(String runId, long failing, long total, boolean tolerant, List<String> named) {

    /** What {@code cognigy-merge.json} keeps of them, when they decided the merge's exit code: the {@link #reason()}. */
    static final String FIELD = "tests_failed";

    /** How many failing results the reason names before it counts the rest. */
    private static final int NAMED = 5;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public FailedTests {
        named = List.copyOf(named);
    }

    /** The results of {@code records} that failed their test in the JVM that ran them, judged by the run's mode. */
    static FailedTests of(String runId, List<SimulationRecord> records, boolean tolerant) {
        List<SimulationRecord> failing = records.stream().filter(record -> failsItsTest(record, tolerant)).toList();
        long total = records.stream().filter(record -> record.outcome() != Outcome.SKIPPED).count();
        List<String> named = failing.stream().limit(NAMED).map(FailedTests::describe).toList();
        return new FailedTests(runId, failing.size(), total, tolerant, named);
    }

    /** Whether any result failed its test: the merge then exits 1, as the build of one JVM running the suite fails. */
    public boolean any() {
        return failing > 0;
    }

    /**
     * Why the merge exits 1 though its verdict may be COMPLIANT, in one line: {@code 1 of 11 simulations of run run-42 did
     * not pass (strict governance: each fails its test, as in one JVM running the suite): test_refund (failed,
     * orders.sim.yaml:12)}.
     */
    public String reason() {
        String rule = tolerant ? "tolerant governance tolerates a failed answer only: a misconfiguration, timeout, error,"
                + " invalid input or an answer compared with nothing (no approved answer, checks of a redacted replayed part) fails its test, as in one JVM running the suite"
                : "strict governance: each fails its test, as in one JVM running the suite";
        return failing + " of " + total + " simulations of run " + runId + " did not pass (" + rule + "): " + String.join(", ", named)
                + (failing > named.size() ? " and " + (failing - named.size()) + " more" : "");
    }

    /**
     * Why the merge into {@code outDir} exited 1 over failed tests, as its {@code cognigy-merge.json} keeps it; empty when
     * the folder holds no merge, or one that exited otherwise or for another reason (its verdict, a shortfall). How a
     * caller that runs the merge (the Maven plugin's {@code cognigy:merge}) says why without judging the run again.
     */
    public static Optional<String> recordedIn(Path outDir) {
        Path marker = outDir.resolve(MergeCommand.MARKER);
        if (!Files.isRegularFile(marker)) return Optional.empty();
        try {
            return Optional.ofNullable(JSON.readTree(marker.toFile()).path(FIELD).asString(null));
        } catch (RuntimeException e) {
            return Optional.empty(); // the caller says the merge failed without the reason
        }
    }

    /**
     * Whether {@code record} failed its JUnit test where it ran: in tolerant governance a failed answer was aborted, not
     * failed, unless it stands for invalid input or its answer was compared with nothing (no approved answer for what the
     * test says, an approval file that could not be read, checks that fell on a part of a replayed answer its cassette
     * holds redacted: {@link SimulationRecord#notCompared()}), which are never tolerated.
     */
    static boolean failsItsTest(SimulationRecord record, boolean tolerant) {
        return switch (record.outcome()) {
            case PASSED, SKIPPED -> false;
            case FAILED -> !tolerant || record.invalidInput() || record.notCompared();
            default -> true;
        };
    }

    private static String describe(SimulationRecord record) {
        String where = record.source() == null ? "" : ", " + record.source() + (record.line() > 0 ? ":" + record.line() : "");
        return record.testId() + " (" + record.outcome().name().toLowerCase(Locale.ROOT) + where + ")";
    }
}
