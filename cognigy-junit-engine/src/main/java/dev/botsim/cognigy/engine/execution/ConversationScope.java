package dev.botsim.cognigy.engine.execution;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One conversation's session: its id, shared by the turns, the last turn sent in it, and the first turn that
 * failed, after which the remaining turns are skipped (they would only repeat the failure).
 */
public final class ConversationScope {

    private final String sessionId;
    private final AtomicReference<String> failedTurn = new AtomicReference<>();
    private final AtomicInteger lastTurnSent = new AtomicInteger();

    public ConversationScope(String sessionId) {
        this.sessionId = sessionId;
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
