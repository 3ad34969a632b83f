package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * The run's figures as the engine computed them, for listeners that report or forward them.
 *
 * <p>Read it through its accessors; build it with {@link #builder()}, which gives a component added later a
 * default. The canonical constructor changes with the components.
 *
 * @param outcomes        simulations by outcome, in {@link Outcome} order
 * @param total           simulations that ran (skipped ones left out)
 * @param passRate        passed ÷ total, 0 when nothing ran
 * @param governance      the verdict; its {@link Governance#name() name} is what the reports carry
 * @param flowCoverage    expected flows reached ÷ expected flows
 * @param flowHits        turns per expected flow
 * @param intentCoverage  bot intents recognised at least once ÷ bot intents, or {@code NaN} when the bot's intents are unknown
 * @param entityCoverage  bot entities extracted at least once ÷ bot entities, or {@code NaN} when unknown
 * @param audit           the audit trail's head after this run's record, or {@code null} without an audit trail
 * @param stability       tests that ran more than once ({@code cognigy.repeat}), by their {@link Stability}; empty when
 *                        none did
 * @param governanceReasons why the verdict is not {@link Governance#COMPLIANT}, each reason once, as every report
 *                        carries them: empty for a COMPLIANT run, never empty for another run the engine concluded
 * @param byLocale        the NLU figures per locale, by the locale's name in name order, when the run's NLU tests (those
 *                        expecting an intent or none, or carrying a margin) span more than one locale: a project's
 *                        locales are models of their own under the same intent names, so a weak locale does not hide
 *                        behind a strong one; empty when they span one locale or none
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunSummary(Map<Outcome, Long> outcomes, long total, double passRate, Governance governance, double flowCoverage,
                         Map<String, Long> flowHits, double intentCoverage, double entityCoverage, AuditCheckpoint audit,
                         Map<Stability, Long> stability, List<GovernanceReason> governanceReasons,
                         Map<String, NluFigures> byLocale) {

    @API(status = INTERNAL, since = "0.1")
    public RunSummary {
        Objects.requireNonNull(governance, "governance");
        outcomes = outcomes == null ? Map.of() : inOutcomeOrder(outcomes);
        flowHits = flowHits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(flowHits));
        stability = stability == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stability));
        governanceReasons = governanceReasons == null ? List.of() : List.copyOf(governanceReasons);
        byLocale = byLocale == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(byLocale));
    }

    private static Map<Outcome, Long> inOutcomeOrder(Map<Outcome, Long> outcomes) {
        EnumMap<Outcome, Long> ordered = new EnumMap<>(Outcome.class);
        outcomes.forEach((outcome, n) -> ordered.put(Objects.requireNonNull(outcome, "outcome"), Objects.requireNonNull(n, "count")));
        return Collections.unmodifiableMap(ordered);
    }

    /**
     * Figures to fill in; {@link Builder#build()} needs at least the verdict. Not set are: no outcomes, 0 for the
     * counts and ratios, {@code NaN} for intent and entity coverage (unknown), no audit checkpoint, no governance
     * reasons, no figures per locale.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these figures, to change some of them. */
    public Builder toBuilder() {
        return new Builder().outcomes(outcomes).total(total).passRate(passRate).governance(governance)
                .flowCoverage(flowCoverage).flowHits(flowHits).intentCoverage(intentCoverage).entityCoverage(entityCoverage)
                .audit(audit).stability(stability).governanceReasons(governanceReasons).byLocale(byLocale);
    }

    /** These figures with the audit trail's head after this run's record. */
    public RunSummary withAudit(AuditCheckpoint checkpoint) {
        return toBuilder().audit(checkpoint).build();
    }

    /**
     * The audit trail's head: SHA-256 of its last record and how many records it holds.
     *
     * @param headHash the SHA-256 of the trail's last record, 64 lower-case hex digits
     * @param records  how many records the trail holds
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record AuditCheckpoint(String headHash, long records) {
    }

    /** Collects a {@link RunSummary}'s components. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private Map<Outcome, Long> outcomes = Map.of();
        private long total;
        private double passRate;
        private Governance governance;
        private double flowCoverage;
        private Map<String, Long> flowHits = Map.of();
        private double intentCoverage = Double.NaN;
        private double entityCoverage = Double.NaN;
        private AuditCheckpoint audit;
        private Map<Stability, Long> stability = Map.of();
        private List<GovernanceReason> governanceReasons = List.of();
        private Map<String, NluFigures> byLocale = Map.of();

        private Builder() {
        }

        public Builder outcomes(Map<Outcome, Long> outcomes) {
            this.outcomes = outcomes;
            return this;
        }

        public Builder total(long total) {
            this.total = total;
            return this;
        }

        public Builder passRate(double passRate) {
            this.passRate = passRate;
            return this;
        }

        public Builder governance(Governance governance) {
            this.governance = governance;
            return this;
        }

        public Builder flowCoverage(double flowCoverage) {
            this.flowCoverage = flowCoverage;
            return this;
        }

        /** Turns per expected flow, in the order given. */
        public Builder flowHits(Map<String, Long> flowHits) {
            this.flowHits = flowHits;
            return this;
        }

        public Builder intentCoverage(double intentCoverage) {
            this.intentCoverage = intentCoverage;
            return this;
        }

        public Builder entityCoverage(double entityCoverage) {
            this.entityCoverage = entityCoverage;
            return this;
        }

        public Builder audit(AuditCheckpoint audit) {
            this.audit = audit;
            return this;
        }

        /** Repeated tests by stability verdict, in {@link Stability} order; empty (the default) when none ran twice. */
        public Builder stability(Map<Stability, Long> stability) {
            this.stability = stability;
            return this;
        }

        /** Why the verdict is not COMPLIANT, in the order the reports give them; empty (the default) for a COMPLIANT run. */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder governanceReasons(List<GovernanceReason> governanceReasons) {
            this.governanceReasons = governanceReasons;
            return this;
        }

        /**
         * The NLU figures per locale, in the order given; empty (the default) when the run's NLU tests span one locale or
         * none.
         */
        public Builder byLocale(Map<String, NluFigures> byLocale) {
            this.byLocale = byLocale;
            return this;
        }

        /** @throws NullPointerException without a verdict */
        public RunSummary build() {
            return new RunSummary(outcomes, total, passRate, governance, flowCoverage, flowHits, intentCoverage,
                    entityCoverage, audit, stability, governanceReasons, byLocale);
        }
    }
}
