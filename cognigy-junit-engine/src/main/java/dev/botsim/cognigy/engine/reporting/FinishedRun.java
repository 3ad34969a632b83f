package dev.botsim.cognigy.engine.reporting;

import java.util.List;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A run once it is over, as the run's end hands it to the built-in reporters: its records, its
 * analysis as computed once (with the verdict the audit record allows), the audit checkpoint, and
 * where the reports were written.
 *
 * @param audit   the audit trail's head after this run's record, or {@code null}
 * @param reports {@code results.json} and {@code index.html}, or why they were not written
 */
public record FinishedRun(RunInfo info, List<SimulationRecord> records, RunAnalysis analysis,
                          RunSummary.AuditCheckpoint audit, WrittenReports reports) {

    /** The run's figures as {@link dev.botsim.cognigy.spi.SimulationListener}s receive them. */
    RunSummary summary() {
        return analysis.summary().withAudit(audit);
    }
}
