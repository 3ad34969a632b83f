package dev.botsim.cognigy.engine.lifecycle;

/**
 * The run as a whole fell short: its governance or coverage target, or an audit record or webhook
 * payload that could not be kept. The message says what, one line per shortfall; the verdict's reasons come in the
 * verdict's order, as the console, the reports and the audit record list them
 * ({@link dev.botsim.cognigy.engine.analysis.RunPolicy#shortfalls}).
 */
public final class RunShortfallError extends AssertionError {

    private static final long serialVersionUID = 1L;

    RunShortfallError(String message) {
        super(message);
        setStackTrace(new StackTraceElement[0]);
    }
}
