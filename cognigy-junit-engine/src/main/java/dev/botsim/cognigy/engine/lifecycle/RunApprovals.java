package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;

import dev.botsim.cognigy.engine.approval.ApprovalOwner;
import dev.botsim.cognigy.engine.approval.Approvals;
import dev.botsim.cognigy.engine.config.ApprovalSettings;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ReportEntries;

/**
 * The run's approved answers at its start (every owner in the test tree, with the tests it declares) and at its end:
 * the files that changed are written, and what happened is said on the console and as report entries of the engine
 * node ({@code cognigy.approval.written}, {@code .deleted}, {@code .stale}, {@code .problem}).
 */
final class RunApprovals {

    private RunApprovals() {
    }

    /** @param redact what {@code cognigy.replay.redact} names, kept out of approval files as out of cassettes */
    static Approvals of(TestDescriptor tests, ApprovalSettings settings, List<String> redact) {
        List<ApprovalOwner> owners = new ArrayList<>();
        tests.accept(node -> {
            if (node instanceof ApprovalOwner owner) owners.add(owner);
        });
        return Approvals.of(settings, owners, redact);
    }

    /** @return a shortfall of the run when an approval file could not be written: the answers its tests approved are lost */
    static Optional<String> finish(Approvals approvals, TestDescriptor engine, EngineExecutionListener listener, PrintStream out) {
        return said(approvals.finish(), engine, listener, out);
    }

    /**
     * As {@link #finish(Approvals, TestDescriptor, EngineExecutionListener, PrintStream)}, for the JVM's shutdown hook:
     * another process's lock on the folder's approval files is waited for no longer than what is left of {@code budget},
     * and past it nothing is written.
     */
    static Optional<String> finishWithin(ShutdownBudget budget, Approvals approvals, TestDescriptor engine,
                                         EngineExecutionListener listener, PrintStream out) {
        return said(approvals.finishWithin(budget.remaining()), engine, listener, out);
    }

    private static Optional<String> said(Approvals.Finished finished, TestDescriptor engine, EngineExecutionListener listener,
                                         PrintStream out) {
        for (Path written : finished.written()) {
            say(engine, listener, out, "written", "wrote " + written + " — review the change and commit it");
        }
        for (Path deleted : finished.deleted()) {
            say(engine, listener, out, "deleted", "deleted " + deleted + ": none of its tests approves an answer any more");
        }
        finished.stale().forEach((file, tests) -> say(engine, listener, out, "stale", tests.size() + " stale "
                + (tests.size() == 1 ? "entry" : "entries") + " in " + file + ": " + String.join(", ", tests)
                + " — their tests no longer exist or no longer approve; remove them, or run with -Dcognigy.approve=true"));
        finished.problems().forEach(problem -> say(engine, listener, out, "problem", problem));
        finished.unwritten().forEach(problem -> say(engine, listener, out, "problem", problem));
        return finished.unwritten().isEmpty() ? Optional.empty()
                : Optional.of("approved answers were not saved: " + String.join("; ", finished.unwritten()));
    }

    private static void say(TestDescriptor engine, EngineExecutionListener listener, PrintStream out, String kind, String line) {
        ConsoleText.println(out, "[cognigy] approvals: " + line);
        listener.reportingEntryPublished(engine, ReportEntries.of("cognigy.approval." + kind, line));
    }
}
