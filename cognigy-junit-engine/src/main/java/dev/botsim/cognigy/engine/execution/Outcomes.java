package dev.botsim.cognigy.engine.execution;

import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.spi.Outcome;

/** Which outcome category a test's failure belongs to. */
public final class Outcomes {

    private Outcomes() {
    }

    static Outcome of(Throwable failure) {
        if (failure == null) return Outcome.PASSED;
        if (failure instanceof BotMisconfigurationError) return Outcome.MISCONFIGURATION;
        if (failure instanceof BackendException b) {
            return b.kind() == BackendException.Kind.TIMEOUT ? Outcome.TIMEOUT : Outcome.ERROR;
        }
        if (failure instanceof TestAbortedException) return Outcome.SKIPPED;
        if (failure instanceof AssertionError) return Outcome.FAILED;
        return Outcome.ERROR;
    }

    /**
     * Whether the failure is one the engine explains in its message — a check that failed, the bot or its API not
     * answering, a test aborted — rather than an exception nobody expected, whose stack trace says where it came from.
     */
    public static boolean explained(Throwable failure) {
        return failure instanceof AssertionError || failure instanceof BackendException || failure instanceof TestAbortedException;
    }
}
