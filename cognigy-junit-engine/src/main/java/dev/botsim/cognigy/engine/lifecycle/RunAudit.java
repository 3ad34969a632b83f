package dev.botsim.cognigy.engine.lifecycle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.audit.AuditTrail;
import dev.botsim.cognigy.engine.audit.BatchRecord;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;

/**
 * Appends the run's record to the audit trail, when one is configured, and says so on the console. A batch is
 * recorded once: a run concluded again — a split run's same parts merged into another folder — finds its record in
 * the trail, appends nothing and reports the checkpoint that record left, as its first conclusion did.
 * A record that cannot be written is not an exception here but an outcome: the run goes on to its
 * reports and webhook with the verdict UNAUDITED, and fails at its end.
 *
 * @param file        {@code cognigy.audit.file}, or empty
 * @param environment where the record finds who ran it (CI variables)
 */
record RunAudit(Optional<Path> file, Function<String, String> environment, Clock clock, PrintStream out,
                Optional<ShutdownBudget> shutdown) {

    /** The audit of a run's own end, which waits up to two minutes for another process's lock on the trail. */
    RunAudit(Optional<Path> file, Function<String, String> environment, Clock clock, PrintStream out) {
        this(file, environment, clock, out, Optional.empty());
    }

    /**
     * The audit of a run the JVM is shutting down in the middle of: it waits for another process's lock on the trail no
     * longer than what is left of {@code shutdown}, and past it appends nothing rather than append without the lock.
     */
    RunAudit during(ShutdownBudget shutdown) {
        return new RunAudit(file, environment, clock, out, Optional.of(shutdown));
    }

    AuditOutcome append(RunInfo run, RunAnalysis analysis, java.util.List<dev.botsim.cognigy.spi.SimulationRecord> records,
                        Map<String, String> dataFiles) {
        if (file.isEmpty()) return AuditOutcome.NOT_CONFIGURED;
        Path trail = file.get();
        try {
            java.util.function.Consumer<String> waiting = said -> ConsoleText.println(out, "[cognigy] audit: " + said);
            AuditTrail.Appended appended = shutdown.map(budget -> AuditTrail.waitingAtMost(trail, budget.remaining(), waiting))
                    .orElseGet(() -> new AuditTrail(trail, waiting)).appendOnce("BATCH",
                    BatchRecord.of(run, analysis, records, dataFiles, clock.instant(), environment), "batch_id");
            AuditTrail.Checkpoint head = appended.checkpoint();
            if (appended.already()) {
                ConsoleText.println(out, "[cognigy] audit: " + run.batchId() + " is already record " + (head.records() - 1) + " of "
                        + trail.toAbsolutePath() + " (the same run concluded before: the same parts merged again); nothing"
                        + " appended; its head hash " + head.headHash());
            } else {
                // Said where the run is watched, not only by the verifier: a JVM died while appending to this trail.
                if (appended.quarantined() > 0) {
                    ConsoleText.println(out, "[cognigy] WARNING audit: " + appended.quarantined() + " bytes an interrupted write"
                            + " left at the end of " + trail.toAbsolutePath() + " were kept in TRUNCATED_TAIL record "
                            + (head.records() - 2) + " (a JVM killed while appending: docs/audit-trail.md)");
                }
                ConsoleText.println(out, "[cognigy] audit: record " + (head.records() - 1) + " appended to "
                        + trail.toAbsolutePath() + "; head hash " + head.headHash());
            }
            return AuditOutcome.written(new RunSummary.AuditCheckpoint(head.headHash(), head.records()));
        } catch (AuditTrail.LockHeldException e) {
            if (shutdown.isEmpty()) return notWritten(trail, e);
            // A CI runner kills the JVM seconds after SIGTERM. Writing without the lock, beside the other append, would
            // break the chain for every later record: the record is left out, and the run is UNAUDITED.
            if (e.byThisJvm()) {
                return AuditOutcome.notWritten("audit trail " + trail.toAbsolutePath() + ": another thread of this JVM (another"
                        + " run or merge in it) was still appending to an audit trail when the shutdown's "
                        + ShutdownBudget.TOTAL.toSeconds() + " s ran out, and this JVM's appends take turns (two paths may name"
                        + " one trail, whose hash chain an append beside another would break): the interrupted run's record"
                        + " was not appended; the run has no audit record and cannot count as compliant (governance UNAUDITED)");
            }
            return AuditOutcome.notWritten("audit trail " + trail.toAbsolutePath() + " was locked by another process ("
                    + e.lockFile().getFileName() + ") when the shutdown's " + ShutdownBudget.TOTAL.toSeconds() + " s ran out:"
                    + " the interrupted run's record was not appended, since appending without the lock would break the"
                    + " trail's hash chain; the run has no audit record and cannot count as compliant (governance UNAUDITED)");
        } catch (IOException | RuntimeException e) {
            return notWritten(trail, e);
        }
    }

    private static AuditOutcome notWritten(Path trail, Exception e) {
        return AuditOutcome.notWritten("audit trail " + trail.toAbsolutePath() + " could not be written (" + reason(e)
                + "): a run without its audit record cannot count as compliant (governance UNAUDITED)");
    }

    /** Why: the exception's message alone is often just a path, which says nothing of what is wrong with it. */
    private static String reason(Exception e) {
        // The trail's folder is created when missing; a file where a folder of its path should be is in the way.
        if (e instanceof FileAlreadyExistsException inTheWay && inTheWay.getFile() != null) {
            Path at = Path.of(inTheWay.getFile()).toAbsolutePath();
            // A link to nothing (a volume not mounted, a cache restored without its target) is no file in the way.
            if (Files.isSymbolicLink(at) && !Files.exists(at)) return at + " is " + FileFailures.reason(e) + ": create it or remove the link";
            return at + " is a file, not a folder";
        }
        if (e instanceof AccessDeniedException denied && denied.getFile() != null) {
            return "permission denied on " + Path.of(denied.getFile()).toAbsolutePath();
        }
        return FileFailures.reason(e);
    }
}
