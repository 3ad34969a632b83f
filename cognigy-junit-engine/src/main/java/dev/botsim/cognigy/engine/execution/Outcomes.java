package dev.botsim.cognigy.engine.execution;

import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

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
     * Why a test that ended with {@code failure} was skipped: the reason the engine gave its abort ({@link EngineAbort}), or
     * {@link SimulationRecord.SkipReason#ASSUMPTION} for any other abort, which only the test's own code throws; {@code null}
     * for a test that was not skipped.
     */
    static SimulationRecord.SkipReason skipReason(Throwable failure) {
        if (of(failure) != Outcome.SKIPPED) return null;
        return failure instanceof EngineAbort engine ? engine.reason() : SimulationRecord.SkipReason.ASSUMPTION;
    }

    /**
     * Whether the failure is one the engine explains in its message — a check that failed, the bot or its API not
     * answering, a test aborted — rather than an exception nobody expected, whose stack trace says where it came from.
     */
    public static boolean explained(Throwable failure) {
        return failure instanceof AssertionError || failure instanceof BackendException || failure instanceof TestAbortedException;
    }
}
