package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;

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
            + Constants.ENDPOINT_URL_ENV + " (" + Constants.BACKEND + "=endpoint), or the simulation API's " + Constants.BASE_URL
            + ", " + Constants.CLIENT_ID + " and " + Constants.CLIENT_SECRET_ENV + " (" + Constants.BACKEND + "=simulation), or, for nlu"
            + " and playbooks, the management API's " + Constants.MANAGEMENT_URL + ", " + Constants.MANAGEMENT_PROJECT_ID + " and "
            + Constants.MANAGEMENT_API_KEY_ENV + " — in CI, check that the variable is set for the job and spelt so"
            + " (docs/replay.md#honest-reports)";

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
     * Why the run falls short, one reason per line; empty when it does not.
     *
     * @param replayed how many of the run's tests were answered from a cassette, wholly or partly
     * @param standIn  what answered in the bot's place, if anything
     */
    public List<String> shortfalls(RunAnalysis analysis, long replayed, Optional<String> standIn) {
        List<String> reasons = new ArrayList<>();
        GovernanceVerdict verdict = analysis.verdict();
        // Not a reason a failed test already gives: every test may have passed, on answers the bot gave when recorded.
        if (requireLive && replayed > 0) {
            reasons.add("governance: " + replayed + " of " + verdict.total() + " simulations were answered from"
                    + " cassettes, wholly or partly, and cognigy.governance.require-live=true asks for the bot's own answers (REVIEW_REQUIRED);"
                    + " run with cognigy.replay=off or record");
        }
        // Nor this one: every test may have passed, on a stand-in's answers (a CI variable unset, the sandbox the default).
        if (requireLive && standIn.isPresent()) {
            reasons.add(standInShortfall(standIn.get()));
        }
        // No failed test gives this reason either, in any mode: a run of skipped tests would pass the build as REVIEW_REQUIRED,
        // where a merge of the same run exits 1. A run stopped before its tests reported is INTERRUPTED, and says so itself.
        if (verdict.nothingRan() && verdict.status() != Governance.INTERRUPTED) {
            long skipped = analysis.outcomes().get(Outcome.SKIPPED);
            String which = skipped == 0 ? "none reported a result"
                    : (skipped == 1 ? "its 1 test was" : "all its " + skipped + " tests were") + " skipped (each with its reason in the"
                    + " reports: @Disabled, an assumption that did not hold)";
            reasons.add("governance: no simulation ran — " + which + " — so nothing shows the bot works: REVIEW_REQUIRED,"
                    + " whatever the threshold; run at least one simulation");
        } else if (tolerant && !verdict.passRateMet()) {
            // The pass rate itself: an audit record that could not be written is a shortfall of its own, reported where it happens.
            reasons.add(verdict.passed() == 0
                    ? String.format(Locale.ROOT, "governance: none of %d simulations passed, so nothing shows the bot works:"
                            + " REVIEW_REQUIRED even at a threshold of %s %% (cognigy.governance.threshold); failures were tolerated"
                            + " one by one, not as a whole", verdict.total(), Percent.limit(verdict.threshold()))
                    : String.format(Locale.ROOT, "governance: %d of %d simulations passed (%s %%), below the threshold of %s %%"
                            + " (cognigy.governance.threshold); failures were tolerated one by one, not as a whole",
                    verdict.passed(), verdict.total(), Percent.of(verdict.passed(), verdict.total(), 1, verdict.threshold()),
                    Percent.limit(verdict.threshold())));
        }
        coverageMinimum.ifPresent(minimum -> coverageShortfall(analysis.coverage(), BigDecimal.valueOf(minimum))
                .ifPresent(reasons::add));
        return reasons;
    }

    /** Why a run answered by {@code standIn} is not the bot's, and what makes it so. */
    static String standInShortfall(String standIn) {
        return "governance: the run's answers came from " + standIn + ", a local stand-in for Cognigy, not from the bot, and "
                + Constants.GOVERNANCE_REQUIRE_LIVE + "=true asks for the bot's own answers (REVIEW_REQUIRED); " + BOTS_COGNIGY;
    }

    /** Why the run's flow coverage falls short of {@code minimum}, compared exactly in decimal as the pass rate is. */
    private static Optional<String> coverageShortfall(FlowCoverage coverage, BigDecimal minimum) {
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
                String.join(", ", coverage.missing())));
    }
}
