package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;

import org.apiguardian.api.API;

/**
 * One reason the run's {@link Governance} verdict is not {@link Governance#COMPLIANT}: what a verdict says in one word,
 * said why. A COMPLIANT run has none; every other verdict has at least one, and lists every one that holds (an
 * UNAUDITED run whose pass rate is also below the threshold has both). Every report carries the same list, in the same
 * order: {@code governance.reasons} in {@code results.json}, {@code governance_reasons} in the audit record and the
 * webhook payload, {@link RunSummary#governanceReasons()} for listeners.
 *
 * <p>The codes, each a stable snake_case name a tool may branch on (a later version may add codes, so a tool needs a
 * default branch):
 * <ul>
 *   <li>{@code below_threshold}, {@code none_passed}, {@code nothing_ran}, {@code invalid_input}, {@code not_compared},
 *       {@code replayed_from_cassettes}, {@code answered_by_stand_in}, {@code locale_below_threshold},
 *       {@code locale_nothing_ran}: {@link Governance#REVIEW_REQUIRED} — the pass rate is below
 *       {@code cognigy.governance.threshold}; no test passed; no test ran (every one skipped); a test stands for input
 *       that could not be read; a test's answer was compared with nothing
 *       ({@link SimulationRecord#notCompared()}); under {@code cognigy.governance.require-live}, answers were replayed from cassettes;
 *       the sandbox answered in the bot's place ({@link RunInfo#standIn()}); under
 *       {@code cognigy.governance.per-locale}, one locale's tests passed below the threshold, or every test of one
 *       locale was skipped while others ran (one reason per such locale, naming it);</li>
 *   <li>{@code audit_not_written}: {@link Governance#UNAUDITED};</li>
 *   <li>{@code interrupted} (the JVM was shut down during the run) and {@code cancelled} (JUnit cancelled it):
 *       {@link Governance#INTERRUPTED};</li>
 *   <li>{@code deferred}: {@link Governance#DEFERRED}, one part of a split run.</li>
 * </ul>
 *
 * @param code    what kind of reason, for tools: one of the codes above
 * @param message the reason in words, with its figures and what to do, for people: the line the console prints under
 *                the verdict, and — where the run fails for it — the line of the run's failure after its label
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record GovernanceReason(String code, String message) {

    public GovernanceReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
