package dev.botsim.cognigy.engine.backend;

/**
 * A message its cassette records the bot gave no answer to (an error, a timeout), failed again as the recording run
 * failed it ({@code cognigy.replay=replay}): of the recorded failure's kind, and no answer, as it was none then. Unlike
 * {@link NotRecordedException} it is the recording's outcome, so a repeated test counts it as a run that got no answer,
 * and the test's outcome rests on the cassette: the reports count it as replayed, not as live.
 */
public final class ReplayedNoAnswerException extends BackendException {

    private static final long serialVersionUID = 1L;

    public ReplayedNoAnswerException(Kind kind, String message) {
        super(kind, message);
    }
}
