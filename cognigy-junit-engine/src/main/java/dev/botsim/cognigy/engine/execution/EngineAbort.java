package dev.botsim.cognigy.engine.execution;

import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A test the engine aborted for a reason of its own — the run was cancelled, the wait for the bot interrupted, a turn's
 * setup abandoned — carrying the {@link SimulationRecord.SkipReason} its record says, so the record need not be told by
 * the message's wording. A {@link TestAbortedException} of any other kind is the test's own code's: an assumption
 * ({@link Outcomes#skipReason}).
 */
final class EngineAbort extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    private final SimulationRecord.SkipReason reason;

    EngineAbort(SimulationRecord.SkipReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    EngineAbort(SimulationRecord.SkipReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    SimulationRecord.SkipReason reason() {
        return reason;
    }
}
