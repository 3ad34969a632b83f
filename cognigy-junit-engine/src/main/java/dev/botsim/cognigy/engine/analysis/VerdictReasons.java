package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.GovernanceReason;

/**
 * Every reason a verdict can fall short of COMPLIANT, each made once here with its code and message: the verdict holds
 * them ({@link GovernanceVerdict#reasons()}), and the console, the run's failure, {@code results.json}, {@code index.html},
 * the audit record, the webhook payload and listeners all take them from there, so no report names a reason another
 * words differently. A message is the reason in words with its figures and what to do; the run's failure puts its label
 * before it ({@code governance: }) where the run fails for it.
 */
public final class VerdictReasons {

    /** REVIEW_REQUIRED: the pass rate is below {@code cognigy.governance.threshold}, with at least one test passed. */
    public static final String BELOW_THRESHOLD = "below_threshold";
    /** REVIEW_REQUIRED: tests ran and none passed, whatever the threshold. */
    public static final String NONE_PASSED = "none_passed";
    /** REVIEW_REQUIRED: no test ran (every one skipped, or none reported). */
    public static final String NOTHING_RAN = "nothing_ran";
    /**
     * REVIEW_REQUIRED: under {@code cognigy.governance.per-locale}, one locale's tests ran and their pass rate is below
     * {@code cognigy.governance.threshold} (or none of them passed), whatever the whole run's; one reason per such locale.
     */
    public static final String LOCALE_BELOW_THRESHOLD = "locale_below_threshold";
    /**
     * REVIEW_REQUIRED: under {@code cognigy.governance.per-locale}, every test of one locale was skipped while other
     * locales' tests ran; one reason per such locale.
     */
    public static final String LOCALE_NOTHING_RAN = "locale_nothing_ran";
    /** REVIEW_REQUIRED: a test stands for input that could not be turned into tests (a problem test). */
    public static final String INVALID_INPUT = "invalid_input";
    /**
     * REVIEW_REQUIRED: a test's answer was compared with nothing — no approved answer for what it says, an approval file
     * that could not be read, or checks of a part its replayed answer's cassette holds redacted
     * ({@link dev.botsim.cognigy.spi.SimulationRecord#notCompared()}).
     */
    public static final String NOT_COMPARED = "not_compared";
    /** REVIEW_REQUIRED: under {@code cognigy.governance.require-live}, answers were replayed from cassettes. */
    public static final String REPLAYED_FROM_CASSETTES = "replayed_from_cassettes";
    /** REVIEW_REQUIRED: under {@code cognigy.governance.require-live}, the sandbox answered in the bot's place. */
    public static final String ANSWERED_BY_STAND_IN = "answered_by_stand_in";
    /** UNAUDITED: {@code cognigy.audit.file} is set and the run's record could not be written. */
    public static final String AUDIT_NOT_WRITTEN = "audit_not_written";
    /** INTERRUPTED: the JVM was shut down before all the run's tests reported. */
    public static final String INTERRUPTED = "interrupted";
    /** INTERRUPTED: JUnit cancelled the run before all its tests reported. */
    public static final String CANCELLED = "cancelled";
    /** DEFERRED: one part of a split run, whose verdict the merge gives. */
    public static final String DEFERRED = "deferred";

    /** Every code, in the order of the verdict table (docs/reports.md). */
    public static final List<String> CODES = List.of(BELOW_THRESHOLD, NONE_PASSED, NOTHING_RAN, LOCALE_BELOW_THRESHOLD,
            LOCALE_NOTHING_RAN, INVALID_INPUT, NOT_COMPARED, REPLAYED_FROM_CASSETTES,
            ANSWERED_BY_STAND_IN, AUDIT_NOT_WRITTEN, INTERRUPTED, CANCELLED, DEFERRED);

    private VerdictReasons() {
    }

    static GovernanceReason belowThreshold(long passed, long total, BigDecimal threshold) {
        // Rounded down as finely as the threshold: a pass rate just below it never reads as meeting it.
        return new GovernanceReason(BELOW_THRESHOLD, String.format(Locale.ROOT, "%d of %d simulations passed (%s %%), below the"
                        + " threshold of %s %% (%s)", passed, total, Percent.of(passed, total, 1, threshold), Percent.limit(threshold),
                Constants.GOVERNANCE_THRESHOLD));
    }

    static GovernanceReason nonePassed(long total, BigDecimal threshold) {
        // A run of one test (an IDE's run of a test) is said as one: "none of 1 simulations" read as a slip.
        return new GovernanceReason(NONE_PASSED, String.format(Locale.ROOT, "%s, so nothing shows the bot works: REVIEW_REQUIRED"
                + " even at a threshold of %s %% (%s)", total == 1 ? "its one simulation did not pass" : "none of " + total
                + " simulations passed", Percent.limit(threshold), Constants.GOVERNANCE_THRESHOLD));
    }

    /** @param skipped the run's skipped tests, each with its reason in the reports */
    static GovernanceReason nothingRan(long skipped) {
        String which = skipped == 0 ? "none reported a result"
                : (skipped == 1 ? "its 1 test was" : "all its " + skipped + " tests were") + " skipped (each with its reason in the"
                + " reports: @Disabled, an assumption that did not hold)";
        return new GovernanceReason(NOTHING_RAN, "no simulation ran — " + which + " — so nothing shows the bot works:"
                + " REVIEW_REQUIRED, whatever the threshold; run at least one simulation");
    }

    /** What {@code cognigy.governance.per-locale} does, as a locale's reason ends with it. */
    private static final String PER_LOCALE = Constants.GOVERNANCE_PER_LOCALE + "=true applies to each locale's tests as to the"
            + " whole run";

    /**
     * @param locale the locale as the reports name it ({@code fr-FR}; {@value LocaleNlu#RUN_LOCALE} for tests naming none
     *               when the run does not know its own locale's name)
     * @param total  the locale's tests that ran, of which {@code passed} passed: fewer than the threshold asks, or none
     */
    static GovernanceReason localeBelowThreshold(String locale, long passed, long total, BigDecimal threshold) {
        // Rounded down as finely as the threshold, as the run's pass rate is.
        String figures = String.format(Locale.ROOT, "locale %s: %d of %d simulations passed (%s %%)", locale, passed, total,
                Percent.of(passed, total, 1, threshold));
        // At a threshold of 0 only a locale with none passed falls short: nothing shows the bot works in it.
        String why = GovernanceVerdict.meets(passed, total, threshold)
                ? ": none passed, so nothing shows the bot works in " + locale + ", REVIEW_REQUIRED even at a threshold of "
                + Percent.limit(threshold) + " % (" + Constants.GOVERNANCE_THRESHOLD + ")"
                : ", below the threshold of " + Percent.limit(threshold) + " % (" + Constants.GOVERNANCE_THRESHOLD + ")";
        return new GovernanceReason(LOCALE_BELOW_THRESHOLD, figures + why + ", which " + PER_LOCALE);
    }

    /** @param skipped the locale's tests, every one of them skipped, each with its reason in the reports */
    static GovernanceReason localeNothingRan(String locale, long skipped) {
        return new GovernanceReason(LOCALE_NOTHING_RAN, "locale " + locale + ": no simulation ran — "
                + (skipped == 1 ? "its 1 test was" : "all its " + skipped + " tests were") + " skipped (each with its reason in"
                + " the reports) — so nothing shows the bot works in " + locale + ": REVIEW_REQUIRED whatever the threshold, as "
                + PER_LOCALE + "; run at least one of its simulations");
    }

    static GovernanceReason invalidInput(long tests) {
        return new GovernanceReason(INVALID_INPUT, tests + (tests == 1 ? " test stands" : " tests stand") + " for invalid input"
                + " (see the failed 'invalid:' tests): input that could not be turned into tests may have held any number of"
                + " them, so the run is REVIEW_REQUIRED whatever its pass rate; fix the input");
    }

    static GovernanceReason notCompared(long tests) {
        return new GovernanceReason(NOT_COMPARED, tests + (tests == 1 ? " test's answer was" : " tests' answers were") + " compared"
                + " with nothing (no approved answer for what the test says, an approval file that could not be read, or a check of"
                + " a part its replayed answer's cassette holds redacted: see the failed tests), so the run is REVIEW_REQUIRED"
                + " whatever its pass rate; approve the answers locally or with " + Constants.APPROVE + "=true, review the approval"
                + " files and commit them; record a test whose checks read a redacted part again, with what it checks left out of "
                + Constants.REPLAY_REDACT);
    }

    /** @param total the run's tests that ran, of which {@code replayed} were answered from cassettes, wholly or partly */
    static GovernanceReason replayedFromCassettes(long replayed, long total) {
        return new GovernanceReason(REPLAYED_FROM_CASSETTES, replayed + " of " + total + " simulations were answered from cassettes,"
                + " wholly or partly, and " + Constants.GOVERNANCE_REQUIRE_LIVE + "=true asks for the bot's own answers"
                + " (REVIEW_REQUIRED); run with " + Constants.REPLAY + "=off or record");
    }

    /** @param standIn what answered in the bot's place ({@link dev.botsim.cognigy.spi.RunInfo#standIn()}) */
    static GovernanceReason answeredByStandIn(String standIn) {
        return new GovernanceReason(ANSWERED_BY_STAND_IN, "the run's answers came from " + standIn + ", a local stand-in for Cognigy,"
                + " not from the bot, and " + Constants.GOVERNANCE_REQUIRE_LIVE + "=true asks for the bot's own answers"
                + " (REVIEW_REQUIRED); " + RunPolicy.BOTS_COGNIGY);
    }

    /** @param problem which trail could not be written, why, and what that means for the verdict */
    public static GovernanceReason auditNotWritten(String problem) {
        return new GovernanceReason(AUDIT_NOT_WRITTEN, problem);
    }

    /** The JVM shut down with {@code reported} of the run's {@code planned} tests reported. */
    public static GovernanceReason interrupted(long reported, long planned) {
        return new GovernanceReason(INTERRUPTED, "the JVM was shut down (a CI job's timeout, Ctrl-C, an IDE's stop button) with "
                + reported + " of " + planned + " tests reported: the tests it never got to are in none of the results, so the"
                + " run is INTERRUPTED whatever their pass rate");
    }

    /** JUnit cancelled the run with {@code reported} of its {@code planned} tests reported. */
    public static GovernanceReason cancelled(long reported, long planned) {
        return new GovernanceReason(CANCELLED, "JUnit cancelled the run (Surefire's skipAfterFailureCount, the console"
                + " launcher's --fail-fast; in a split run, any shard or fork) with " + reported + " of " + planned + " tests"
                + " reported: the tests it never got to are in none of the results, so the run is INTERRUPTED whatever their"
                + " pass rate");
    }

    /** @param part which part of a split run this JVM ran ({@code run 4711, shard 1/2}), or {@code null} */
    public static GovernanceReason deferred(String part) {
        return new GovernanceReason(DEFERRED, "this JVM ran one part of a split run" + (part == null ? "" : " (" + part + ")")
                + ": its figures are that part's alone, and merge gives the run's verdict over every part");
    }

    /**
     * The reasons as {@code results.json}, the audit record and the webhook payload write them, in one place so the three
     * never shape them differently: in order, each {@code {"code": …, "message": …}}.
     */
    public static List<Map<String, String>> fields(List<GovernanceReason> reasons) {
        return reasons.stream().map(reason -> {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("code", reason.code());
            fields.put("message", reason.message());
            return fields;
        }).toList();
    }
}
