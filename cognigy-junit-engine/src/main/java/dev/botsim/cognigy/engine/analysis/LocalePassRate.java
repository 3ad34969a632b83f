package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The outcomes of one locale's tests, which {@code cognigy.governance.per-locale} holds to the threshold as the whole run
 * is held to it: a bot's locales are bots of their own under one project, and 50 French tests all failing must not pass
 * behind 950 German ones. A test's locale is named as {@link LocaleNlu} names it — its {@code locale:} in its usual case, a
 * test naming none under the run's own, a language alone under the run's one locale of that language — so the pass rates
 * and the NLU figures of a locale are of the same tests.
 *
 * @param outcomes how many of the locale's tests ended in each outcome, every outcome present
 */
public record LocalePassRate(Map<Outcome, Long> outcomes) {

    public LocalePassRate {
        Map<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) all.put(o, outcomes.getOrDefault(o, 0L));
        outcomes = Collections.unmodifiableMap(all);
    }

    /** The locale's tests that passed. */
    public long passed() {
        return outcomes.get(Outcome.PASSED);
    }

    /** The locale's tests that ran: every one but those skipped, the denominator of its pass rate as of the run's. */
    public long total() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum() - skipped();
    }

    public long skipped() {
        return outcomes.get(Outcome.SKIPPED);
    }

    /** Passed ÷ ran, 0 when none ran, as the run's pass rate. */
    public double passRate() {
        return total() == 0 ? 0 : (double) passed() / total();
    }

    /** Whether the locale meets {@code threshold} as a whole run must: at least one test ran and passed, and enough passed. */
    boolean meets(BigDecimal threshold) {
        return passed() > 0 && GovernanceVerdict.meets(passed(), total(), threshold);
    }

    /**
     * Every locale of the run's tests by name, in name order, skipped tests included (a locale whose every test was skipped
     * is one the run did not show working).
     */
    static Map<String, LocalePassRate> of(RunInfo run, List<SimulationRecord> records) {
        Map<SimulationRecord, String> keys = LocaleNlu.keys(records, LocaleNlu.runLocale(run));
        Map<String, Map<Outcome, Long>> counts = new TreeMap<>();
        for (SimulationRecord record : records) {
            counts.computeIfAbsent(keys.get(record), k -> new EnumMap<>(Outcome.class)).merge(record.outcome(), 1L, Long::sum);
        }
        Map<String, LocalePassRate> rates = new TreeMap<>();
        counts.forEach((locale, outcomes) -> rates.put(locale, new LocalePassRate(outcomes)));
        return Collections.unmodifiableMap(rates);
    }

    /**
     * Why each locale that does not meet {@code threshold} keeps the run from COMPLIANT, in name order; none when the run's
     * tests are of one locale — its pass rate is the run's, whose own reason says it — or when none of the run's tests ran,
     * which the run's {@code nothing_ran} says for every locale at once.
     */
    static List<GovernanceReason> shortfalls(Map<String, LocalePassRate> rates, BigDecimal threshold) {
        List<GovernanceReason> reasons = new ArrayList<>();
        if (rates.size() < 2 || rates.values().stream().allMatch(rate -> rate.total() == 0)) return reasons;
        rates.forEach((locale, rate) -> rate.shortfall(locale, threshold).ifPresent(reasons::add));
        return reasons;
    }

    private Optional<GovernanceReason> shortfall(String locale, BigDecimal threshold) {
        if (meets(threshold)) return Optional.empty();
        if (total() == 0) return Optional.of(VerdictReasons.localeNothingRan(locale, skipped()));
        return Optional.of(VerdictReasons.localeBelowThreshold(locale, passed(), total(), threshold));
    }
}
