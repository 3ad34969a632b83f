package dev.botsim.cognigy.engine.merge;

import dev.botsim.cognigy.engine.stability.RunTally;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A rerun's result in place of a test's earlier one. The later result wins — its outcome is the test's, as Surefire's
 * {@code rerunFailingTestsCount} judges it — and it is marked as a rerun. Both attempts are kept as the test's
 * repetitions, so the stability section shows what a rerun hides: a test that failed and passed on rerun is FLAKY, one
 * that failed twice BROKEN.
 */
final class Rerun {

    private Rerun() {
    }

    /**
     * @param earlier       the test's result so far, or {@code null} when the rerun ran a test no whole part ran
     * @param requiredRatio the run's {@code cognigy.repeat.pass-ratio}, for attempts that carry no ratio of their own
     * @return the test's result: the rerun's, marked; or the earlier one unchanged when the rerun skipped the test
     */
    static SimulationRecord replacing(SimulationRecord earlier, SimulationRecord later, double requiredRatio) {
        SimulationRecord.Builder marked = later.toBuilder().rerun(true);
        // A skipped test never ran (an earlier turn failed, or the run was cancelled): it was no attempt. The rerun's
        // result stands where there was none before; a rerun that skipped the test leaves an earlier result standing:
        // a failure is not undone by not running the test again.
        if (earlier == null || earlier.outcome() == Outcome.SKIPPED) return marked.build();
        if (later.outcome() == Outcome.SKIPPED) return earlier;
        RunTally attempts = new RunTally();
        add(attempts, earlier);
        add(attempts, later);
        double ratio = later.repetitions() != null ? later.repetitions().requiredRatio()
                : earlier.repetitions() != null ? earlier.repetitions().requiredRatio() : requiredRatio;
        return marked.repetitions(attempts.result(ratio)).build();
    }

    private static void add(RunTally attempts, SimulationRecord attempt) {
        if (attempt.repetitions() != null) attempts.addAll(attempt.repetitions());
        else attempts.add(attempt.actual(), attempt.outcome() == Outcome.PASSED);
    }
}
