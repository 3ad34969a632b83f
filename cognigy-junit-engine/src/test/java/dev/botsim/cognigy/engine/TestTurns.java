package dev.botsim.cognigy.engine;

import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotTurn;

/** Turns for tests that need only a turn's first components: no choices, output data or flow reference id. */
public final class TestTurns {

    private TestTurns() {
    }

    /** A turn without choices, output data or flow reference id; each line of {@code text} is one output. */
    public static BotTurn turn(int turnIndex, String flowId, String intent, double intentScore, Map<String, Object> entities,
                               String text, String errorCode, String errorMessage) {
        return new BotTurn(turnIndex, flowId, intent, intentScore, entities, text, errorCode, errorMessage, null, List.of(),
                List.of(), List.of());
    }
}
