package dev.botsim.cognigy.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a whole run must achieve beyond its single tests: in tolerant mode a pass rate at the
 * governance threshold, a minimum flow coverage when one is set, and the bot's own answers when
 * {@code cognigy.governance.require-live} asks for them. A run in one JVM and a merged run are held
 * to the same policy, so where a suite was split never changes whether the build fails.
 *
 * @param requireLive whether a run with any answer replayed from a cassette falls short
 */
public record RunPolicy(boolean tolerant, Optional<Double> coverageMinimum, boolean requireLive) {

    /**
     * Why the run falls short, one reason per line; empty when it does not.
     *
     * @param replayed how many of the run's tests were answered from a cassette, wholly or partly
     */
    public List<String> shortfalls(RunAnalysis analysis, long replayed) {
        List<String> reasons = new ArrayList<>();
        // Not a reason a failed test already gives: every test may have passed, on answers the bot gave when recorded.
        if (requireLive && replayed > 0) {
            reasons.add("governance: " + replayed + " of " + analysis.verdict().total() + " simulations were answered from"
                    + " cassettes, wholly or partly, and cognigy.governance.require-live=true asks for the bot's own answers (REVIEW_REQUIRED);"
                    + " run with cognigy.replay=off or record");
        }
        // The pass rate itself: an audit record that could not be written is a shortfall of its own, reported where it happens.
        if (tolerant && !analysis.verdict().meetsThreshold()) {
            reasons.add(String.format(Locale.ROOT, "governance: %d of %d simulations passed (%.2f %%), below the threshold of %s %%"
                            + " (cognigy.governance.threshold); failures were tolerated one by one, not as a whole",
                    analysis.verdict().passed(), analysis.verdict().total(), analysis.passRate() * 100,
                    analysis.verdict().threshold().movePointRight(2).stripTrailingZeros().toPlainString()));
        }
        coverageMinimum.ifPresent(minimum -> {
            FlowCoverage coverage = analysis.coverage();
            if (coverage.ratio() < minimum) {
                reasons.add(String.format(Locale.ROOT, "flow coverage: %d of %d expected flows reached (%.0f %%), below the minimum"
                                + " of %.0f %% (cognigy.coverage.minimum); never reached: %s", coverage.covered(), coverage.expected(),
                        coverage.ratio() * 100, minimum * 100, String.join(", ", coverage.missing())));
            }
        });
        return reasons;
    }
}
