package dev.botsim.cognigy.engine.lifecycle;

import java.util.Optional;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.spi.RunSummary;

/**
 * What became of the run's audit record: written (its checkpoint goes to the listeners and the
 * webhook), not configured, or not written — which makes the run's verdict UNAUDITED everywhere it
 * is reported, since a run without its record cannot count as compliant.
 *
 * @param checkpoint the trail's head after the record, or {@code null} when none was written
 * @param problem    why a configured record could not be written, or {@code null}
 */
record AuditOutcome(RunSummary.AuditCheckpoint checkpoint, String problem) {

    public static final AuditOutcome NOT_CONFIGURED = new AuditOutcome(null, null);

    public static AuditOutcome written(RunSummary.AuditCheckpoint checkpoint) {
        return new AuditOutcome(checkpoint, null);
    }

    /** @param problem one line for the run's failure: which trail, why, and what it means for the verdict */
    public static AuditOutcome notWritten(String problem) {
        return new AuditOutcome(null, problem);
    }

    /** Whether an audit trail is configured and the record could not be written. */
    public boolean failed() {
        return problem != null;
    }

    /** The run's shortfall when the record could not be written: the verdict's reason, in its words. */
    public Optional<String> shortfall() {
        return Optional.ofNullable(problem);
    }

    /** The run's analysis with the verdict this outcome allows, UNAUDITED for the problem when there was one. */
    public RunAnalysis applyTo(RunAnalysis analysis) {
        return failed() ? analysis.unaudited(VerdictReasons.auditNotWritten(problem)) : analysis;
    }
}
