package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;

/**
 * Whether a run meets the pass-rate threshold. COMPLIANT iff {@code passed >= threshold × total},
 * computed exactly in decimal — 1,899 of 2,000 (94.95 %) is not 95 % — and a run with no tests is
 * never compliant. The denominator is every test that ran, including those standing for invalid
 * input (problem tests, which fail): skipped ones are left out. A run whose audit record could not be
 * written is {@link Status#UNAUDITED}, whatever its pass rate.
 */
public record GovernanceVerdict(Status status, long passed, long total, BigDecimal threshold) {

    public enum Status {
        /** The pass rate meets the threshold (and the audit record, when one is configured, was written). */
        COMPLIANT,
        /** The pass rate is below the threshold, or nothing ran. */
        REVIEW_REQUIRED,
        /** The audit record could not be written: without it the run cannot count as compliant. */
        UNAUDITED
    }

    public static GovernanceVerdict of(long passed, long total, BigDecimal threshold) {
        return new GovernanceVerdict(meets(passed, total, threshold) ? Status.COMPLIANT : Status.REVIEW_REQUIRED, passed,
                total, threshold);
    }

    /** Whether the pass rate alone meets the threshold, whatever became of the audit record. */
    public boolean meetsThreshold() {
        return meets(passed, total, threshold);
    }

    /** This verdict once the run's audit record failed to be written. */
    public GovernanceVerdict unaudited() {
        return new GovernanceVerdict(Status.UNAUDITED, passed, total, threshold);
    }

    private static boolean meets(long passed, long total, BigDecimal threshold) {
        return total > 0 && BigDecimal.valueOf(passed).compareTo(threshold.multiply(BigDecimal.valueOf(total))) >= 0;
    }
}
