package dev.botsim.cognigy.engine.execution;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.RunSummary;

/**
 * What became of the run's audit record: written (its checkpoint goes to the listeners and the
 * webhook), not configured, or not written — which makes the run's verdict UNAUDITED everywhere it
 * is reported, since a run without its record cannot count as compliant.
 *
 * @param checkpoint the trail's head after the record, or {@code null} when none was written
 * @param failed     whether an audit trail is configured and the record could not be written
 */
public record AuditOutcome(RunSummary.AuditCheckpoint checkpoint, boolean failed) {

    public static final AuditOutcome NOT_CONFIGURED = new AuditOutcome(null, false);
    public static final AuditOutcome NOT_WRITTEN = new AuditOutcome(null, true);

    public static AuditOutcome written(RunSummary.AuditCheckpoint checkpoint) {
        return new AuditOutcome(checkpoint, false);
    }

    /** The run's analysis with the verdict this outcome allows. */
    public RunAnalysis applyTo(RunAnalysis analysis) {
        return failed ? analysis.unaudited() : analysis;
    }
}
