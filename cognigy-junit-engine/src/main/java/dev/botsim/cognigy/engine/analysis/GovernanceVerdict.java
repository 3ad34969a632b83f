package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;

/**
 * Whether a run meets the pass-rate threshold. COMPLIANT iff {@code passed >= threshold × total},
 * computed exactly in decimal — 1,899 of 2,000 (94.95 %) is not 95 % — and a run with no tests is
 * never compliant. The denominator is every simulation that ran: skipped ones are left out.
 */
public record GovernanceVerdict(Status status, long passed, long total, BigDecimal threshold) {

    public enum Status { COMPLIANT, REVIEW_REQUIRED }

    public static GovernanceVerdict of(long passed, long total, BigDecimal threshold) {
        boolean compliant = total > 0
                && BigDecimal.valueOf(passed).compareTo(threshold.multiply(BigDecimal.valueOf(total))) >= 0;
        return new GovernanceVerdict(compliant ? Status.COMPLIANT : Status.REVIEW_REQUIRED, passed, total, threshold);
    }
}
