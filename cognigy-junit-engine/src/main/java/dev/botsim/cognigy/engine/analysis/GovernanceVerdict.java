package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.GovernanceReason;

/**
 * Whether a run meets the pass-rate threshold. COMPLIANT iff {@code passed >= threshold × total},
 * computed exactly in decimal — 1,899 of 2,000 (94.95 %) is not 95 % — and a run with no tests, or in
 * which no test passed (all skipped, errored or timed out), is never compliant, even at threshold 0.
 * The denominator is every test that ran, including those standing for invalid input (problem tests,
 * which fail): skipped ones are left out. A run whose audit record could not be
 * written is {@link Governance#UNAUDITED}, whatever its pass rate. A run with any test standing for
 * invalid input is never compliant either, whatever the threshold: a file that could not be read may
 * have held any number of cases, so its one failing test says nothing about how many would have passed. Nor is a run
 * with a test whose answer was compared with nothing (no approved answer for what it says, an approval file that could
 * not be read, checks of a part its replayed answer's cassette holds redacted): counted as failed, it says nothing of the bot either, and only a review makes it a test again.
 * Under {@code cognigy.governance.per-locale}, a run whose tests span locales is compliant only when each locale's tests
 * meet the threshold by the same rule ({@link LocalePassRate}). The status is the listener SPI's own
 * {@link Governance}: one enum, whose names every report carries.
 *
 * <p>The verdict says why where it is decided: each step that keeps it from COMPLIANT adds its reason
 * ({@link VerdictReasons}), the step that decided the status first, so every report takes the same reasons from here.
 *
 * @param reasons why the status is not COMPLIANT: empty exactly when it is
 */
public record GovernanceVerdict(Governance status, long passed, long total, BigDecimal threshold, long invalidInputs,
                                List<GovernanceReason> reasons) {

    public GovernanceVerdict {
        reasons = List.copyOf(reasons);
        // A verdict without its reason is the gap this model closes: none may be made.
        if ((status == Governance.COMPLIANT) != reasons.isEmpty()) {
            throw new IllegalArgumentException(status + " with reasons " + reasons);
        }
    }

    /**
     * @param invalidInputs tests standing for invalid input, counted in {@code total} as failed
     * @param skipped       tests skipped, left out of {@code total}: what a run of which nothing ran says it did
     */
    static GovernanceVerdict of(long passed, long total, BigDecimal threshold, long invalidInputs, long skipped) {
        return of(passed, total, threshold, invalidInputs, 0, skipped);
    }

    /**
     * @param notCompared tests that failed with their answer compared with nothing (no approved answer for what they
     *                    say, an approval file that could not be read, checks of a redacted replayed part), counted in {@code total} as failed: such a run
     *                    is never compliant either, since those tests say nothing of the bot
     */
    static GovernanceVerdict of(long passed, long total, BigDecimal threshold, long invalidInputs, long notCompared,
                                long skipped) {
        return of(passed, total, threshold, invalidInputs, notCompared, skipped, List.of());
    }

    /**
     * @param locales why locales fall short of the threshold that {@code cognigy.governance.per-locale} holds each
     *                locale's tests to ({@link LocalePassRate#shortfalls}), in name order: after the run's own pass
     *                rate's reason, since they are reasons of the same kind, a share of tests against the threshold
     */
    static GovernanceVerdict of(long passed, long total, BigDecimal threshold, long invalidInputs, long notCompared,
                                long skipped, List<GovernanceReason> locales) {
        List<GovernanceReason> reasons = new ArrayList<>();
        // One pass-rate reason at most, the one that says most: nothing ran, then none passed (never compliant, even at a
        // threshold of 0: nothing was shown to work), then how many did.
        if (total == 0) {
            reasons.add(VerdictReasons.nothingRan(skipped));
        } else if (passed == 0) {
            reasons.add(VerdictReasons.nonePassed(total, threshold));
        } else if (!meets(passed, total, threshold)) {
            reasons.add(VerdictReasons.belowThreshold(passed, total, threshold));
        }
        reasons.addAll(locales);
        if (invalidInputs > 0) reasons.add(VerdictReasons.invalidInput(invalidInputs));
        if (notCompared > 0) reasons.add(VerdictReasons.notCompared(notCompared));
        return new GovernanceVerdict(reasons.isEmpty() ? Governance.COMPLIANT : Governance.REVIEW_REQUIRED, passed, total, threshold,
                invalidInputs, reasons);
    }

    /** The reason with this code, if the verdict has it. */
    public Optional<GovernanceReason> reason(String code) {
        return reasons.stream().filter(reason -> reason.code().equals(code)).findFirst();
    }

    /** This verdict once the run's audit record failed to be written, for {@code reason}. */
    GovernanceVerdict unaudited(GovernanceReason reason) {
        return new GovernanceVerdict(Governance.UNAUDITED, passed, total, threshold, invalidInputs, first(reason));
    }

    /**
     * This verdict when {@code cognigy.governance.require-live} asks for the bot's own answers: REVIEW_REQUIRED at best
     * when any was replayed or a stand-in's, each said.
     *
     * @param replayed how many of the run's tests were answered from a cassette, wholly or partly
     * @param standIn  what answered in the bot's place, if anything
     */
    GovernanceVerdict liveRequired(long replayed, Optional<String> standIn) {
        List<GovernanceReason> more = new ArrayList<>(reasons);
        if (replayed > 0) more.add(VerdictReasons.replayedFromCassettes(replayed, total));
        standIn.map(VerdictReasons::answeredByStandIn).ifPresent(more::add);
        if (more.size() == reasons.size()) return this;
        Governance lowered = status == Governance.COMPLIANT ? Governance.REVIEW_REQUIRED : status;
        return new GovernanceVerdict(lowered, passed, total, threshold, invalidInputs, more);
    }

    /** This verdict when the run was stopped before all its tests had reported, for {@code reason}. */
    GovernanceVerdict interrupted(GovernanceReason reason) {
        return new GovernanceVerdict(Governance.INTERRUPTED, passed, total, threshold, invalidInputs, first(reason));
    }

    /**
     * This verdict for one part of a split run, whose verdict the merge gives: the part's own figures, kept, and
     * {@code reason} alone — what would hold against the part's few tests says nothing of the run.
     */
    GovernanceVerdict deferred(GovernanceReason reason) {
        return new GovernanceVerdict(Governance.DEFERRED, passed, total, threshold, invalidInputs, List.of(reason));
    }

    /** The reasons with {@code reason}, which decided the status, before the others that still hold. */
    private List<GovernanceReason> first(GovernanceReason reason) {
        List<GovernanceReason> all = new ArrayList<>();
        all.add(reason);
        all.addAll(reasons);
        return all;
    }

    /**
     * Whether {@code part} of {@code whole} reaches the ratio {@code limit}, compared exactly in decimal; never for a
     * {@code whole} of 0. The pass rate against the threshold, and the flow coverage against its minimum.
     */
    static boolean meets(long part, long whole, BigDecimal limit) {
        return whole > 0 && BigDecimal.valueOf(part).compareTo(limit.multiply(BigDecimal.valueOf(whole))) >= 0;
    }
}
