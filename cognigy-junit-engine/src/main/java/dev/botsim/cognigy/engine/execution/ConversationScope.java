package dev.botsim.cognigy.engine.execution;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One conversation's session: its id, shared by the turns, the last turn sent in it, and the first turn that
 * failed, after which the remaining turns are skipped (they would only repeat the failure). A repeated conversation
 * also has its whole runs, which its turn tests await instead of sending their messages themselves.
 *
 * <p>Under {@code cognigy.replay=auto} a conversation is replayed whole or sent whole, decided before its first turn
 * ({@link #planned}): when it goes to the bot although some of its turns are recorded as they are now, it says why.
 */
public final class ConversationScope {

    private final String sessionId;
    private final AtomicReference<String> failedTurn = new AtomicReference<>();
    private final AtomicInteger lastTurnSent = new AtomicInteger();
    private final ConversationRuns runs;
    private final String sentLive;

    public ConversationScope(String sessionId) {
        this(sessionId, null, null);
    }

    private ConversationScope(String sessionId, ConversationRuns runs, String sentLive) {
        this.sessionId = sessionId;
        this.runs = runs;
        this.sentLive = sentLive;
    }

    /** The same session, run as often as {@code runs} says. */
    public ConversationScope repeated(ConversationRuns runs) {
        return new ConversationScope(sessionId, runs, sentLive);
    }

    /**
     * The same session, once the backend was told the messages {@code turns} it will send, in order: replayed whole or
     * sent whole ({@code cognigy.replay=auto}).
     */
    public ConversationScope planned(RunScope run, java.util.List<TestMessage> turns) {
        return new ConversationScope(sessionId, runs, run.dispatcher().conversation(turns, run.requests()).orElse(null));
    }

    /**
     * Why the conversation went to the bot from its first turn although some of its turns are recorded as they are now
     * ({@code sent live: turn 3 changed since it was recorded …}); empty when it did not.
     */
    public Optional<String> sentLive() {
        return Optional.ofNullable(sentLive);
    }

    /** The conversation's whole runs when it is repeated; empty when it runs once. */
    public Optional<ConversationRuns> runs() {
        return Optional.ofNullable(runs);
    }

    public String sessionId() {
        return sessionId;
    }

    /** The number of the last turn sent in this session, 0 before the first. */
    public int lastTurnSent() {
        return lastTurnSent.get();
    }

    public void turnSent(int number) {
        lastTurnSent.accumulateAndGet(number, Math::max);
    }

    public void turnFailed(String description) {
        failedTurn.compareAndSet(null, description);
    }

    public Optional<String> failedTurn() {
        return Optional.ofNullable(failedTurn.get());
    }
}
