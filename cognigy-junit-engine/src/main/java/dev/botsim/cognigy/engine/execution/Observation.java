package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnResult;

/** What a test saw of the bot while it ran, kept even when it fails so reports can show it. */
public final class Observation {

    private final List<BotTurn> turns = new ArrayList<>();
    private int retries;

    public synchronized void add(TurnResult result) {
        turns.addAll(result.turns());
        retries += result.retries();
    }

    synchronized List<BotTurn> turns() {
        return List.copyOf(turns);
    }

    synchronized int retries() {
        return retries;
    }
}
