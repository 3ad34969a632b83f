package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * {@code cognigy.governance.per-locale}: the threshold held to each locale's tests as to the whole run, by the same rule —
 * however few a locale's tests, with no allowance of its own — and the run's verdict unchanged without it.
 */
class LocalePassRateTest {

    private static final BigDecimal THRESHOLD = new BigDecimal("0.95");

    /** A run that tested the deployment in en-US: tests naming no locale are en-US's. */
    private static final RunInfo RUN = RunInfo.builder().batchId("batch_l").started(Instant.EPOCH).backend("sandbox").plannedTests(1)
            .bot(RunInfo.BotFacts.builder().underTest(dev.botsim.cognigy.spi.BotUnderTest.builder().locale("en-US").build()).build())
            .build();

    private static SimulationRecord test(String id, String locale, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + id + "]").testId(id).displayName(id)
                .source("f.sim.yaml").line(1).utterance("hi").locale(locale).expected(Expectation.builder().build())
                .actual(List.of()).outcome(outcome).duration(Duration.ofMillis(5)).build();
    }

    /** {@code passed} tests of {@code locale} passing, then {@code failed} failing. */
    private static List<SimulationRecord> tests(String locale, int passed, int failed) {
        List<SimulationRecord> tests = new ArrayList<>();
        for (int i = 0; i < passed + failed; i++) {
            tests.add(test(locale + "_" + i, locale, i < passed ? Outcome.PASSED : Outcome.FAILED));
        }
        return tests;
    }

    private static List<SimulationRecord> all(List<List<SimulationRecord>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    @Test
    @DisplayName("950 German tests passing and 50 French failing (95 %): COMPLIANT judged as a whole; per locale REVIEW_REQUIRED,"
            + " naming fr-FR with its pass rate and counts, and each locale's outcomes kept for the reports")
    void aBrokenLocaleBehindAGoodOne() {
        List<SimulationRecord> records = all(List.of(tests("de-DE", 950, 0), tests("fr-FR", 0, 50)));

        RunAnalysis whole = RunAnalysis.of(RUN, records, THRESHOLD, 0.1);
        assertThat(whole.verdict().status()).isEqualTo(Governance.COMPLIANT);
        assertThat(whole.passRates()).as("no per-locale figures without the setting").isEmpty();
        assertThat(whole.localesFallingShort()).isEmpty();

        RunAnalysis perLocale = RunAnalysis.of(RUN, records, THRESHOLD, 0.1, true);
        assertThat(perLocale.verdict().status()).isEqualTo(Governance.REVIEW_REQUIRED);
        assertThat(perLocale.verdict().reasons()).containsExactly(new GovernanceReason("locale_below_threshold",
                "locale fr-FR: 0 of 50 simulations passed (0.0 %), below the threshold of 95 % (cognigy.governance.threshold),"
                        + " which cognigy.governance.per-locale=true applies to each locale's tests as to the whole run"));
        assertThat(perLocale.passRates()).containsOnlyKeys("de-DE", "fr-FR");
        assertThat(perLocale.passRates().get("de-DE").passRate()).isEqualTo(1.0);
        assertThat(perLocale.passRates().get("fr-FR").total()).isEqualTo(50);
        assertThat(perLocale.localesFallingShort()).containsOnlyKeys("fr-FR");
        assertThat(perLocale.summary().governanceReasons()).isEqualTo(perLocale.verdict().reasons());
    }

    @ParameterizedTest(name = "{0} of {1} in fr-FR at {2}: {3}")
    @CsvSource({
            // A locale of few tests is held to the threshold as the whole run is: one failure among 10 is 90 %.
            "9, 10, 0.95, REVIEW_REQUIRED",
            "19, 20, 0.95, COMPLIANT",
            "1, 1, 0.95, COMPLIANT",
            "0, 1, 0.95, REVIEW_REQUIRED",
            "1, 2, 0.5, COMPLIANT",
            // None passed: never compliant, even at a threshold of 0, as a whole run.
            "0, 3, 0, REVIEW_REQUIRED",
            "1, 3, 0, COMPLIANT"})
    @DisplayName("a locale with few tests: the threshold applies exactly as to the whole run, no allowance for its size")
    void fewTests(int passed, int total, String threshold, Governance expected) {
        List<SimulationRecord> records = all(List.of(tests("de-DE", 100, 0), tests("fr-FR", passed, total - passed)));

        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal(threshold), 0.1, true);

        assertThat(analysis.verdict().status()).isEqualTo(expected);
        assertThat(analysis.verdict().reasons()).extracting(GovernanceReason::code)
                .containsExactlyElementsOf(expected == Governance.COMPLIANT ? List.of() : List.of("locale_below_threshold"));
    }

    @Test
    @DisplayName("none of a locale's tests passed at a threshold of 0: the reason says nothing shows the bot works in it")
    void nonePassedAtZero() {
        RunAnalysis analysis = RunAnalysis.of(RUN, all(List.of(tests("de-DE", 3, 0), tests("fr-FR", 0, 2))), BigDecimal.ZERO, 0.1, true);

        assertThat(analysis.verdict().reasons()).extracting(GovernanceReason::message).containsExactly("locale fr-FR: 0 of 2"
                + " simulations passed (0.0 %): none passed, so nothing shows the bot works in fr-FR, REVIEW_REQUIRED even at a"
                + " threshold of 0 % (cognigy.governance.threshold), which cognigy.governance.per-locale=true applies to each"
                + " locale's tests as to the whole run");
    }

    @Test
    @DisplayName("tests naming no locale count as the run's own (the deployment's en-US), a locale in another case or a language"
            + " alone as the locale it names; the run's pass rate reason first, then each locale's in name order")
    void localesNamedAsTheNluFiguresNameThem() {
        List<SimulationRecord> records = new ArrayList<>();
        records.addAll(tests(null, 3, 1));
        records.add(test("en_named", "en-us", Outcome.PASSED));
        records.add(test("en_language", "en", Outcome.PASSED));
        records.addAll(tests("fr-FR", 1, 1));
        records.addAll(tests("de-DE", 2, 0));

        RunAnalysis analysis = RunAnalysis.of(RUN, records, THRESHOLD, 0.1, true);

        assertThat(analysis.passRates()).containsOnlyKeys("de-DE", "en-US", "fr-FR");
        assertThat(analysis.passRates().get("en-US").total()).isEqualTo(6);
        assertThat(analysis.passRates().get("en-US").passed()).isEqualTo(5);
        assertThat(analysis.verdict().reasons()).extracting(GovernanceReason::code)
                .containsExactly("below_threshold", "locale_below_threshold", "locale_below_threshold");
        assertThat(analysis.verdict().reasons().get(1).message()).startsWith("locale en-US: 5 of 6 simulations passed (83.3 %)");
        assertThat(analysis.verdict().reasons().get(2).message()).startsWith("locale fr-FR: 1 of 2 simulations passed (50.0 %)");
    }

    @Test
    @DisplayName("a run without a name for its own locale keys tests naming none as (run's locale)")
    void runsLocaleWithoutAName() {
        RunInfo unnamed = RunInfo.builder().batchId("batch_u").started(Instant.EPOCH).backend("sandbox").plannedTests(1).build();

        RunAnalysis analysis = RunAnalysis.of(unnamed, all(List.of(tests(null, 0, 1), tests("de-DE", 30, 0))), THRESHOLD, 0.1, true);

        assertThat(analysis.passRates()).containsOnlyKeys("(run's locale)", "de-DE");
        assertThat(analysis.verdict().reasons()).extracting(GovernanceReason::message)
                .anyMatch(message -> message.startsWith("locale (run's locale): 0 of 1 simulations passed (0.0 %)"));
    }

    @Test
    @DisplayName("a run of one locale has its figures but no reason of the locale's: the run's own says it; nor has a run of"
            + " which nothing ran one per locale")
    void oneLocaleOrNothingRan() {
        RunAnalysis one = RunAnalysis.of(RUN, tests("de-DE", 1, 1), THRESHOLD, 0.1, true);
        assertThat(one.verdict().reasons()).extracting(GovernanceReason::code).containsExactly("below_threshold");
        assertThat(one.passRates()).containsOnlyKeys("de-DE");
        assertThat(one.localesFallingShort()).isEmpty();

        List<SimulationRecord> skipped = List.of(test("a", "de-DE", Outcome.SKIPPED), test("b", "fr-FR", Outcome.SKIPPED));
        RunAnalysis none = RunAnalysis.of(RUN, skipped, THRESHOLD, 0.1, true);
        assertThat(none.verdict().reasons()).extracting(GovernanceReason::code).containsExactly("nothing_ran");
    }

    @Test
    @DisplayName("a locale whose every test was skipped while others ran is locale_nothing_ran, and the run fails at its end"
            + " for it in strict and tolerant mode alike, as for a run of which nothing ran; a locale below the threshold"
            + " fails it in tolerant mode, its failed tests in strict mode")
    void localeNothingRan() {
        List<SimulationRecord> records = new ArrayList<>(tests("de-DE", 20, 0));
        records.add(test("fr_1", "fr-FR", Outcome.SKIPPED));
        records.add(test("fr_2", "fr-FR", Outcome.SKIPPED));

        RunAnalysis analysis = RunAnalysis.of(RUN, records, THRESHOLD, 0.1, true);

        assertThat(analysis.verdict().status()).isEqualTo(Governance.REVIEW_REQUIRED);
        GovernanceReason reason = analysis.verdict().reasons().get(0);
        assertThat(reason).isEqualTo(new GovernanceReason("locale_nothing_ran", "locale fr-FR: no simulation ran — all its 2 tests"
                + " were skipped (each with its reason in the reports) — so nothing shows the bot works in fr-FR: REVIEW_REQUIRED"
                + " whatever the threshold, as cognigy.governance.per-locale=true applies to each locale's tests as to the whole"
                + " run; run at least one of its simulations"));
        for (boolean tolerant : List.of(false, true)) {
            assertThat(new RunPolicy(tolerant, Optional.empty(), false).shortfalls(analysis, java.util.Set.of()))
                    .containsExactly("governance: " + reason.message());
        }

        RunAnalysis below = RunAnalysis.of(RUN, all(List.of(tests("de-DE", 20, 0), tests("fr-FR", 0, 1))), THRESHOLD, 0.1, true);
        assertThat(new RunPolicy(false, Optional.empty(), false).shortfalls(below, java.util.Set.of())).isEmpty();
        assertThat(new RunPolicy(true, Optional.empty(), false).shortfalls(below, java.util.Set.of())).containsExactly("governance: "
                + below.verdict().reasons().get(0).message() + "; failures were tolerated one by one, not as a whole");
    }
}
