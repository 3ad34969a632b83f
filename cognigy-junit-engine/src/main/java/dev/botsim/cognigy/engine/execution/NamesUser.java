package dev.botsim.cognigy.engine.execution;

/**
 * A test that may speak as a user id of its own ({@code user:} of its case, conversation or file, {@code user} of its
 * {@code @Utterance}, {@code @Conversation} or {@code @BotSimulation}), so the run can refuse, before anything is sent,
 * a user id its backend does not take (see {@link PreflightProblem#userId}).
 */
public interface NamesUser {

    /** The user id the test names, or {@code null} when it names none and speaks as the user the run gives it. */
    String namedUser();
}
