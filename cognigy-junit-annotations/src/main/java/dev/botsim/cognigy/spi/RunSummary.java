package dev.botsim.cognigy.spi;

import java.util.Map;

/**
 * The run's figures as the engine computed them, for listeners that report or forward them.
 *
 * @param outcomes        simulations by outcome
 * @param total           simulations that ran (skipped ones left out)
 * @param passRate        passed ÷ total, 0 when nothing ran
 * @param governance      {@code COMPLIANT}, {@code REVIEW_REQUIRED} (below the threshold; tests that could not be built
 *                        count as failed) or {@code UNAUDITED} (the audit record could not be written)
 * @param flowCoverage    expected flows reached ÷ expected flows
 * @param flowHits        turns per expected flow
 * @param intentCoverage  bot intents recognised at least once ÷ bot intents, or {@code NaN} when the bot's intents are unknown
 * @param entityCoverage  bot entities extracted at least once ÷ bot entities, or {@code NaN} when unknown
 * @param audit           the audit trail's head after this run's record, or {@code null} without an audit trail
 */
public record RunSummary(Map<Outcome, Long> outcomes, long total, double passRate, String governance, double flowCoverage,
                         Map<String, Long> flowHits, double intentCoverage, double entityCoverage, AuditCheckpoint audit) {

    public RunSummary {
        outcomes = Map.copyOf(outcomes);
        flowHits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(flowHits));
    }

    public RunSummary(Map<Outcome, Long> outcomes, long total, double passRate, String governance, double flowCoverage,
                      Map<String, Long> flowHits, double intentCoverage, double entityCoverage) {
        this(outcomes, total, passRate, governance, flowCoverage, flowHits, intentCoverage, entityCoverage, null);
    }

    public RunSummary withAudit(AuditCheckpoint checkpoint) {
        return new RunSummary(outcomes, total, passRate, governance, flowCoverage, flowHits, intentCoverage, entityCoverage,
                checkpoint);
    }

    /** The audit trail's head: SHA-256 of its last record and how many records it holds. */
    public record AuditCheckpoint(String headHash, long records) {
    }
}
