package dev.botsim.cognigy.engine.execution;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One conversation's session: its id, shared by the turns, the last turn sent in it, and the first turn that
 * failed, after which the remaining turns are skipped (they would only repeat the failure). A repeated conversation
 * also has its whole runs, which its turn tests await instead of sending their messages themselves.
 */
public final class ConversationScope {

    private final String sessionId;
    private final AtomicReference<String> failedTurn = new AtomicReference<>();
    private final AtomicInteger lastTurnSent = new AtomicInteger();
    private final ConversationRuns runs;

    public ConversationScope(String sessionId) {
        this(sessionId, null);
    }

    private ConversationScope(String sessionId, ConversationRuns runs) {
        this.sessionId = sessionId;
        this.runs = runs;
    }

    /** The same session, run as often as {@code runs} says. */
    public ConversationScope repeated(ConversationRuns runs) {
        return new ConversationScope(sessionId, runs);
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
