package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.GovernanceReason;

/**
 * What a whole run must achieve beyond its single tests: a simulation that ran (a run of skipped tests is
 * REVIEW_REQUIRED, and no failed test says so), in tolerant mode a pass rate at the governance threshold, a
 * minimum flow coverage when one is set, and the bot's own answers when
 * {@code cognigy.governance.require-live} asks for them: none replayed from a cassette, none given by the sandbox in
 * its place. A run in one JVM and a merged run are held to the same policy, so where a suite was split never changes
 * whether the build fails.
 *
 * @param requireLive whether a run with any answer replayed from a cassette, or answered by a stand-in, falls short
 */
public record RunPolicy(boolean tolerant, Optional<Double> coverageMinimum, boolean requireLive) {

    /**
     * What makes a run the bot's, for a run answered by a stand-in: said where the run starts and where it ends, so the
     * two never name different settings.
     */
    public static final String BOTS_COGNIGY = "point the run at the bot's Cognigy: its REST Endpoint in the environment variable "
            + Constants.ENDPOINT_URL_ENV + " (" + Constants.BACKEND + "=endpoint) or its Socket Endpoint in " + Constants.SOCKET_URL_ENV
            + " (" + Constants.BACKEND + "=socket), or the simulation API's " + Constants.BASE_URL
            + ", " + Constants.CLIENT_ID + " and " + Constants.CLIENT_SECRET_ENV + " (" + Constants.BACKEND + "=simulation), or, for nlu"
            + " and playbooks, the management API's " + Constants.MANAGEMENT_URL + ", " + Constants.MANAGEMENT_PROJECT_ID + " and "
            + Constants.MANAGEMENT_API_KEY_ENV + " — in CI, check that the variable is set for the job and spelt so"
            + " (docs/replay.md#honest-reports)";

    /** The label of a shortfall of the verdict's, before its reason's message. */
    private static final String GOVERNANCE = "governance: ";

    /**
     * Whether the run's answers are not all the bot's as it is now, when the policy requires them to be: some replayed
     * from a cassette, or the run answered by a stand-in. Such a run is {@code REVIEW_REQUIRED} at best.
     *
     * @param replayed how many of the run's tests were answered from a cassette, wholly or partly
     * @param standIn  what answered in the bot's place ({@link dev.botsim.cognigy.spi.RunInfo#standIn()}), if anything
     */
    public boolean refusesAnswers(long replayed, Optional<String> standIn) {
        return requireLive && (replayed > 0 || standIn.isPresent());
    }

    /**
     * The run's analysis as this policy judges its answers: under {@code require-live}, with a reason for answers replayed
     * and for a stand-in's ({@link RunAnalysis#liveRequired}); else as it is.
     */
    public RunAnalysis judgeAnswers(RunAnalysis analysis, long replayed, Optional<String> standIn) {
        return refusesAnswers(replayed, standIn) ? analysis.liveRequired(replayed, standIn) : analysis;
    }

    /**
     * Why the run falls short, one reason per line; empty when it does not. The verdict's own reasons that no failed test
     * gives, each in the verdict's words, in the verdict's order ({@link GovernanceVerdict#reasons()}: the one that decided
     * its status first), so the run's failure lists them as the console, the reports and the audit record do; then the
     * flow coverage, which is no reason of the verdict's.
     *
     * @param botFlows the bot's flows ({@link dev.botsim.cognigy.spi.RunInfo.BotFacts#flows()}), empty when the backend
     *                 could not tell them: see {@link #coverageShortfall(RunAnalysis, Set)}
     */
    public List<String> shortfalls(RunAnalysis analysis, Set<String> botFlows) {
        List<String> reasons = new ArrayList<>();
        GovernanceVerdict verdict = analysis.verdict();
        verdict.reasons().forEach(reason -> shortfall(reason, verdict.status()).ifPresent(reasons::add));
        coverageShortfall(analysis, botFlows).ifPresent(reasons::add);
        return reasons;
    }

    /**
     * Why the run's flow coverage falls short of the minimum this policy holds it to ({@code cognigy.coverage.minimum}),
     * in the words of the run's failure; empty when it does not, or when the run is held to none. The one decision the
     * run's failure and the reports that say why the build failed (the job summary) both show. The flows never reached
     * are listed as the console's coverage line lists them ({@link FlowCoverage#missingText}): one that is not among
     * {@code botFlows} (a misspelt name) is marked so, none when the bot's flows are unknown ({@code botFlows} empty).
     */
    public Optional<String> coverageShortfall(RunAnalysis analysis, Set<String> botFlows) {
        return coverageMinimum.flatMap(minimum -> coverageShortfall(analysis.coverage(), BigDecimal.valueOf(minimum), botFlows));
    }

    /** The line of the run's failure a reason of the verdict's is, if the run fails for it. */
    private Optional<String> shortfall(GovernanceReason reason, Governance status) {
        return switch (reason.code()) {
            // An audit record that could not be written: its problem says what it means for the verdict, unlabelled.
            case VerdictReasons.AUDIT_NOT_WRITTEN -> Optional.of(reason.message());
            // Not a reason a failed test already gives: every test may have passed, on answers the bot gave when recorded;
            // nor is the next (a CI variable unset, the sandbox the default). Both are reasons only under require-live.
            case VerdictReasons.REPLAYED_FROM_CASSETTES, VerdictReasons.ANSWERED_BY_STAND_IN -> Optional.of(GOVERNANCE + reason.message());
            // No failed test gives this reason either, in any mode: a run of skipped tests would pass the build as
            // REVIEW_REQUIRED, where a merge of the same run exits 1. A run stopped before its tests reported is
            // INTERRUPTED, and says so itself.
            // Nor for a locale whose every test was skipped while others' ran (cognigy.governance.per-locale).
            case VerdictReasons.NOTHING_RAN, VerdictReasons.LOCALE_NOTHING_RAN -> status == Governance.INTERRUPTED ? Optional.empty()
                    : Optional.of(GOVERNANCE + reason.message());
            // The pass rate itself, the run's or a locale's, whose failed tests were tolerated one by one; in strict mode
            // they failed the build.
            case VerdictReasons.NONE_PASSED, VerdictReasons.BELOW_THRESHOLD, VerdictReasons.LOCALE_BELOW_THRESHOLD -> tolerant
                    ? Optional.of(GOVERNANCE + reason.message() + "; failures were tolerated one by one, not as a whole")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Why the run's flow coverage falls short of {@code minimum}, compared exactly in decimal as the pass rate is. */
    private static Optional<String> coverageShortfall(FlowCoverage coverage, BigDecimal minimum, Set<String> botFlows) {
        if (coverage.expected() == 0) {
            // 0 of 0 is no coverage to compare: the minimum can only be about flows the run was told to expect.
            return minimum.signum() == 0 ? Optional.empty() : Optional.of("flow coverage: cognigy.coverage.minimum="
                    + minimum.toPlainString() + " is set, but the run expects no flow to reach: name the flows in the data"
                    + " files' flows:, @BotSimulation(flows = …) or cognigy.flows");
        }
        if (GovernanceVerdict.meets(coverage.covered(), coverage.expected(), minimum)) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "flow coverage: %d of %d expected flows reached (%s %%), below the minimum"
                        + " of %s %% (cognigy.coverage.minimum); never reached: %s", coverage.covered(), coverage.expected(),
                Percent.of(coverage.covered(), coverage.expected(), 0, minimum), Percent.limit(minimum),
                coverage.missingText(botFlows)));
    }
}
