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
 * @param perLocale       whether the threshold holds for each locale's tests as well as for the whole run: a run whose
 *                        tests span locales is {@code COMPLIANT} only when each locale's pass rate meets it
 *                        ({@code cognigy.governance.per-locale})
 */
public record GovernanceSettings(double threshold, boolean tolerant, Optional<Double> coverageMinimum, boolean requireLive,
                                 boolean perLocale) {

    public static GovernanceSettings defaults() {
        return new GovernanceSettings(0.95, false, Optional.empty(), false, false);
    }

    public GovernanceSettings withThreshold(double threshold) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive, perLocale);
    }

    public GovernanceSettings withTolerant(boolean tolerant) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive, perLocale);
    }

    public GovernanceSettings withCoverageMinimum(Optional<Double> coverageMinimum) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive, perLocale);
    }

    public GovernanceSettings withRequireLive(boolean requireLive) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive, perLocale);
    }

    public GovernanceSettings withPerLocale(boolean perLocale) {
        return new GovernanceSettings(threshold, tolerant, coverageMinimum, requireLive, perLocale);
    }
}
