package dev.botsim.cognigy.engine.lifecycle;

/**
 * The run could not start (credentials refused, a scope missing, the server failing or
 * unreachable): one line saying why — followed by the retries made before giving up, when the request was repeated —
 * without stack trace, cause or suppressed exceptions.
 */
public final class RunNotStartedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunNotStartedException(String reason) {
        super("the run did not start: " + reason, null, false, false);
    }
}
