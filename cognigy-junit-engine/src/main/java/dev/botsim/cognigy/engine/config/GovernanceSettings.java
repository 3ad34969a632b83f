package dev.botsim.cognigy.engine.config;

import java.util.Optional;

/**
 * What the run as a whole must achieve.
 *
 * @param threshold       pass rate a run needs to be COMPLIANT, 0 to 1 ({@code cognigy.governance.threshold})
 * @param tolerant        whether answers that differ from expectations abort their tests and only a pass
 *                        rate below the threshold fails the run ({@code cognigy.governance.mode=tolerant})
 * @param coverageMinimum lowest flow coverage the run must reach; not checked when empty ({@code cognigy.coverage.minimum})
 * @param requireLive     whether the verdict must come from the bot's own answers: a run with any answer replayed or
 *                        given by a stand-in is {@code REVIEW_REQUIRED} at best ({@code cognigy.governance.require-live})
 */
public record GovernanceSettings(double threshold, boolean tolerant, Optional<Double> coverageMinimum, boolean requireLive) {

    public static GovernanceSettings defaults() {
        return new GovernanceSettings(0.95, false, Optional.empty(), false);
    }

    public GovernanceSettings withThreshold(double threshold) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive);
    }

    public GovernanceSettings withTolerant(boolean tolerant) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive);
    }

    public GovernanceSettings withCoverageMinimum(Optional<Double> coverageMinimum) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive);
    }

    public GovernanceSettings withRequireLive(boolean requireLive) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive);
    }
}
