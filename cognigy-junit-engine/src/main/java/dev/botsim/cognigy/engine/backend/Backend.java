package dev.botsim.cognigy.engine.backend;

/**
 * A Cognigy environment the engine talks to. The engine never knows which transport is behind it:
 * the simulation API, a REST Endpoint or the in-process sandbox.
 *
 * <p>Implementations are thread-safe: {@link #send} is called from many threads at once. The
 * engine caps how many calls are in flight; implementations need not.
 */
public interface Backend extends AutoCloseable {

    /** Short name for reports: {@code simulation}, {@code endpoint}, {@code sandbox}. */
    String name();

    /**
     * What the bot is known to contain, fetched once per run before any simulation is submitted.
     * Authentication problems surface here, before the first test.
     */
    BotSchema schema();

    /** Sends one user message and blocks until the bot's answer is known or the deadline passes. */
    TurnResult send(TurnRequest request);

    /**
     * Told, before a conversation's first message is sent, the messages its session will send, in order (a data-file
     * conversation's turns up to the last one the run sends): a backend that answers from recordings
     * ({@code cognigy.replay=auto}) decides here to answer every one of them from its recordings or to send every one to
     * the bot, so that no turn is judged on an answer the bot gave in another session. Nothing is sent here.
     *
     * @return why the conversation goes to the bot whole although some of its turns are recorded as they are now (a
     *         later turn changed since it was recorded), for the reports; empty otherwise
     */
    default java.util.Optional<String> conversation(java.util.List<TurnRequest> turns) {
        return java.util.Optional.empty();
    }

    /**
     * What answered in the bot's place, when the answers said so: the project's sandbox, whose every answer carries a
     * header no Cognigy tenant sends, started on its own and configured as if it were a tenant (the embedded sandbox the
     * run starts itself is known from the configuration). Asked at the run's end; empty while every answer is, as far as
     * the backend can tell, a Cognigy's. What {@code cognigy.governance.require-live} refuses, as it refuses replayed
     * answers.
     */
    default java.util.Optional<String> standIn() {
        return java.util.Optional.empty();
    }

    /**
     * What the user must change for the bot to report intent, flow and entities, shown when a test
     * expecting them got none; empty when the backend always reports them.
     */
    default java.util.Optional<String> missingNluDataHint() {
        return java.util.Optional.empty();
    }

    /**
     * Whether an answer in which no turn names an intent or a flow leaves the intent unknown, rather than none: a REST
     * Endpoint whose flow reported nothing (no Code node, or a turn it did not run on, such as one a Question node ends)
     * says nothing of what the NLU recognised, so a {@code not_intent} cannot be said to hold on it. False where such an
     * answer still means that no intent was recognised, or where the backend checks {@code not_intent} itself (generated
     * playbooks: Cognigy's negated intent assertion).
     */
    default boolean intentUnknownWithoutNluData() {
        return false;
    }

    /**
     * The adaptive limit on messages in flight, for backends that have one, so progress lines can
     * show a run slowed down by 429s.
     */
    default java.util.Optional<ConcurrencyLimit.State> concurrency() {
        return java.util.Optional.empty();
    }

    /**
     * What the first progress line should say when the backend paces its messages to a quota and
     * {@code plannedMessages} will take longer than its window (a REST Endpoint in test mode: 600 an hour);
     * empty otherwise.
     */
    default java.util.Optional<String> pacing(long plannedMessages) {
        return java.util.Optional.empty();
    }

    /**
     * What the first progress line should say of a run sending {@code flowMessages} to this backend and scoring
     * {@code nluScores} tests in {@code mode: nlu} with Cognigy's NLU, when a quota sets its pace; empty otherwise. A
     * backend that scores every test itself paces them all alike.
     */
    default java.util.Optional<String> pacing(long flowMessages, long nluScores) {
        return pacing(flowMessages + nluScores);
    }

    /**
     * When a request budget holds the run's requests back now: which, until when, and how long until
     * {@code remainingRequests} more would have gone too (progress lines say the run waits instead of an estimate from
     * its rate); empty when nothing waits.
     */
    default java.util.Optional<dev.botsim.cognigy.engine.transport.BudgetWait> budgetWait(long remainingRequests) {
        return java.util.Optional.empty();
    }

    /**
     * Whether this backend can check intents only ({@code intent}, {@code not_intent}, {@code intent_min_score}) of
     * single-utterance tests, as NLU scoring does: any other test is refused before anything is sent.
     */
    default boolean checksIntentsOnly() {
        return false;
    }

    /**
     * Whether the bot's answers through this backend can carry rich content: quick replies, buttons and output data. Not
     * the simulation API's, whose turns are text only: a test expecting any of them is refused before anything is sent,
     * rather than failing on an empty list as if the bot had offered none.
     */
    default boolean answersRichContent() {
        return true;
    }

    /**
     * The pattern every user id sent through this backend must match, when it takes only some: the simulation API takes
     * only {@code usr_} followed by letters and digits; a REST Endpoint takes any text (an e-mail address, a CRM id), as
     * Cognigy does. A test naming a user id it does not match is refused before anything is sent; empty when any user id
     * that is not empty, at most 128 characters and without control characters (what discovery checks) is taken.
     */
    default java.util.Optional<java.util.regex.Pattern> userIdPattern() {
        return java.util.Optional.empty();
    }

    /**
     * Readies the scoring of the run's {@code mode: nlu} tests, once, before the first test: the flow, locale and
     * threshold resolved and the model's training checked (or trained first). Those tests' requests carry
     * {@code Mode.NLU}; a backend that cannot score them says so here, failing the run before anything is sent.
     */
    default void prepareNluScoring() {
        throw new BackendException(BackendException.Kind.CONFIGURATION, "the run has tests in mode nlu, but the " + name()
                + " backend cannot score sentences with Cognigy's NLU; run them with cognigy.backend=endpoint, simulation,"
                + " sandbox or nlu");
    }

    @Override
    void close();
}
