package dev.botsim.cognigy.engine.lifecycle;

/**
 * The run as a whole fell short: its governance or coverage target, or an audit record or webhook
 * payload that could not be kept. The message says what, one line per shortfall; the verdict's reasons come in the
 * verdict's order, as the console, the reports and the audit record list them
 * ({@link dev.botsim.cognigy.engine.analysis.RunPolicy#shortfalls}).
 */
public final class RunShortfallError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final boolean payloadLost;

    RunShortfallError(String message) {
        this(message, false);
    }

    /** @param payloadLost whether the run's webhook payload was neither delivered nor kept in the outbox */
    RunShortfallError(String message, boolean payloadLost) {
        super(message);
        this.payloadLost = payloadLost;
        setStackTrace(new StackTraceElement[0]);
    }

    /**
     * Whether the run's webhook payload was neither delivered nor kept in the outbox (nor could be built), among the
     * shortfalls: no later delivery of the outbox sends it, so only the run concluded again gets it to the receiver.
     */
    public boolean payloadLost() {
        return payloadLost;
    }
}
