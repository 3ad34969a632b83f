package dev.botsim.cognigy.engine.backend;

/**
 * The thread waiting for the bot was interrupted — the run was cancelled — so the request was
 * abandoned. Not a {@link BackendException}: nothing failed, and an abandoned request must be
 * neither retried nor reported as a transport failure. The thread's interrupt flag stays set.
 */
public final class BackendInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendInterruptedException(String message) {
        // No stack trace: this is how a cancelled run's requests are meant to end, not a fault to debug.
        super(message, null, false, false);
    }
}
