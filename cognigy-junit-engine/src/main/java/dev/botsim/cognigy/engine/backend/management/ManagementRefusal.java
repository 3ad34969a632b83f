package dev.botsim.cognigy.engine.backend.management;

import dev.botsim.cognigy.engine.backend.BackendException;

/**
 * The management API answered a request with an error status: the status, and what its RFC 7807
 * problem body said, for callers that give a status a meaning of their own (the project probe).
 */
public final class ManagementRefusal extends BackendException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String answered;

    /** @param answered what the API answered, for messages of their own: {@code HTTP 404 on GET /path: detail (traceId ...)} */
    ManagementRefusal(Kind kind, int status, String answered, String message) {
        super(kind, message);
        this.status = status;
        this.answered = answered;
    }

    public int status() {
        return status;
    }

    public String answered() {
        return answered;
    }
}
