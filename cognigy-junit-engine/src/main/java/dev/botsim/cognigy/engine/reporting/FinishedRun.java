package dev.botsim.cognigy.engine.reporting;

import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A run once it is over, as the run's end hands it to the built-in reporters: its records, its
 * analysis as computed once (with the verdict the audit record allows), the audit checkpoint, and
 * where the reports were written.
 *
 * @param audit              the audit trail's head after this run's record, or {@code null}
 * @param reports            {@code results.json} and {@code index.html}, or why they were not written
 * @param coverageShortfall  why the run's flow coverage falls short of {@code cognigy.coverage.minimum}, in the words of
 *                           the run's failure, as the run's end decided it: empty when the minimum is met or not set, and
 *                           when the run is not held to it (tests picked one by one, a run stopped early, a part of a
 *                           split run, whose merge holds the whole run to it)
 */
public record FinishedRun(RunInfo info, List<SimulationRecord> records, RunAnalysis analysis,
                          RunSummary.AuditCheckpoint audit, WrittenReports reports, Optional<String> coverageShortfall) {

    /** A run not held to a minimum coverage: a part of a split run, a run stopped early. */
    public FinishedRun(RunInfo info, List<SimulationRecord> records, RunAnalysis analysis, RunSummary.AuditCheckpoint audit,
                       WrittenReports reports) {
        this(info, records, analysis, audit, reports, Optional.empty());
    }

    /** The run's figures as {@link dev.botsim.cognigy.spi.SimulationListener}s receive them. */
    RunSummary summary() {
        return analysis.summary().withAudit(audit);
    }
}
