package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;

import dev.botsim.cognigy.spi.Governance;

/**
 * Whether a run meets the pass-rate threshold. COMPLIANT iff {@code passed >= threshold × total},
 * computed exactly in decimal — 1,899 of 2,000 (94.95 %) is not 95 % — and a run with no tests, or in
 * which no test passed (all skipped, errored or timed out), is never compliant, even at threshold 0.
 * The denominator is every test that ran, including those standing for invalid input (problem tests,
 * which fail): skipped ones are left out. A run whose audit record could not be
 * written is {@link Governance#UNAUDITED}, whatever its pass rate. A run with any test standing for
 * invalid input is never compliant either, whatever the threshold: a file that could not be read may
 * have held any number of cases, so its one failing test says nothing about how many would have passed. The status is the listener SPI's own
 * {@link Governance}: one enum, whose names every report carries.
 */
public record GovernanceVerdict(Governance status, long passed, long total, BigDecimal threshold, long invalidInputs) {

    /** @param invalidInputs tests standing for invalid input, counted in {@code total} as failed */
    static GovernanceVerdict of(long passed, long total, BigDecimal threshold, long invalidInputs) {
        boolean compliant = invalidInputs == 0 && passRateMet(passed, total, threshold);
        return new GovernanceVerdict(compliant ? Governance.COMPLIANT : Governance.REVIEW_REQUIRED, passed, total, threshold,
                invalidInputs);
    }

    /**
     * Whether the pass rate alone makes the run compliant, whatever became of the audit record: at the threshold, with at
     * least one test passed.
     */
    boolean passRateMet() {
        return passRateMet(passed, total, threshold);
    }

    /** Whether no test ran: every one was skipped, or there was none. */
    boolean nothingRan() {
        return total == 0;
    }

    private static boolean passRateMet(long passed, long total, BigDecimal threshold) {
        // Nothing passed: nothing was shown to work, whatever threshold was set (0 included).
        return passed > 0 && meets(passed, total, threshold);
    }

    /** This verdict once the run's audit record failed to be written. */
    GovernanceVerdict unaudited() {
        return new GovernanceVerdict(Governance.UNAUDITED, passed, total, threshold, invalidInputs);
    }

    /**
     * This verdict when the run's answers were replayed or a stand-in's, and {@code cognigy.governance.require-live} asks
     * for the bot's own.
     */
    GovernanceVerdict liveRequired() {
        return status == Governance.COMPLIANT
                ? new GovernanceVerdict(Governance.REVIEW_REQUIRED, passed, total, threshold, invalidInputs) : this;
    }

    /** This verdict when the run was stopped before all its tests had reported. */
    GovernanceVerdict interrupted() {
        return new GovernanceVerdict(Governance.INTERRUPTED, passed, total, threshold, invalidInputs);
    }

    /** This verdict for one part of a split run, whose verdict the merge gives: the part's own figures, kept. */
    GovernanceVerdict deferred() {
        return new GovernanceVerdict(Governance.DEFERRED, passed, total, threshold, invalidInputs);
    }

    /**
     * Whether {@code part} of {@code whole} reaches the ratio {@code limit}, compared exactly in decimal; never for a
     * {@code whole} of 0. The pass rate against the threshold, and the flow coverage against its minimum.
     */
    static boolean meets(long part, long whole, BigDecimal limit) {
        return whole > 0 && BigDecimal.valueOf(part).compareTo(limit.multiply(BigDecimal.valueOf(whole))) >= 0;
    }
}
