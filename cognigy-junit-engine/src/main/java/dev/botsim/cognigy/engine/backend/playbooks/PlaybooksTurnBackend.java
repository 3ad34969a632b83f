package dev.botsim.cognigy.engine.backend.playbooks;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/**
 * The run's turn backend under {@code cognigy.backend=playbooks}: in mode {@code existing} the tree holds
 * playbooks only, which Cognigy runs whole, so no single turn is ever sent; the run's start and end go
 * on as for any backend.
 */
public final class PlaybooksTurnBackend implements Backend {

    @Override
    public String name() {
        return "playbooks";
    }

    @Override
    public BotSchema schema() {
        return BotSchema.UNKNOWN;
    }

    @Override
    public TurnResult send(TurnRequest request) {
        throw new UnsupportedOperationException("cognigy.backend=playbooks runs Cognigy Playbooks, not single turns");
    }

    @Override
    public void close() {
    }
}
