package dev.botsim.cognigy.engine.backend;

/**
 * A message the run may not send to the bot ({@code cognigy.replay=replay}) and no recording answers, or whose
 * recording cannot be read. It is not an answer of the bot: a repeated test does not count it as one of its runs, but
 * fails with it, so a test repeated more often than it was recorded never passes on the runs it has.
 */
public final class NotRecordedException extends BackendException {

    private static final long serialVersionUID = 1L;

    public NotRecordedException(String message) {
        super(Kind.REJECTED, message);
    }
}
