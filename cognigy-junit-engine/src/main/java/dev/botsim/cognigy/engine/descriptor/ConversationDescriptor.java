package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.ConversationRuns;
import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.NamesLocale;
import dev.botsim.cognigy.engine.model.ConversationCase;

/**
 * A multi-turn conversation from a data file: its turns are child tests run in order in one bot
 * session, so a failing turn is pinpointed and the turns after it are skipped. A repeated conversation
 * ({@code repeat:}, {@code cognigy.repeat}) runs whole, each run in a session of its own, and each turn test is
 * judged by its turn across the runs ({@link ConversationRuns}).
 */
public final class ConversationDescriptor extends CognigyDescriptor implements NamesLocale {

    public static final String SEGMENT = "conversation";

    private final ConversationCase conversation;

    public ConversationDescriptor(UniqueId uniqueId, ConversationCase conversation, TestName name, TestSource source) {
        super(uniqueId, name, source, Type.CONTAINER, conversation.tags());
        this.conversation = conversation;
    }

    public ConversationCase conversation() {
        return conversation;
    }

    @Override
    public String namedLocale() {
        return conversation().locale();
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        ConversationScope once = new ConversationScope("ses_" + UUID.randomUUID());
        if (!context.started()) return context.withConversation(once);
        int runs = context.run().repeat().runsFor(conversation.repeat());
        // Every run sends the turns from the first to the last one selected, earlier ones included (as setup).
        int last = getChildren().stream().filter(ConversationTurnDescriptor.class::isInstance)
                .mapToInt(child -> ((ConversationTurnDescriptor) child).turnNumber()).max().orElse(0);
        List<ConversationRuns.PlannedTurn> planned = conversation.turns().stream().filter(t -> t.number() <= last)
                .map(t -> new ConversationRuns.PlannedTurn(ConversationTurnDescriptor.message(getUniqueId(), conversation,
                        t, once.sessionId()), t.expect(), ConversationTurnDescriptor.describe(t))).toList();
        if (runs > 1) {
            // Repeated whole: each run is told to the backend before its first turn, in its own session.
            Optional<ConversationRuns> repeated = ConversationRuns.start(context.run(), planned, runs);
            if (repeated.isPresent()) return context.withConversation(once.repeated(repeated.get()));
        }
        // Replayed whole or sent whole (cognigy.replay=auto): no turn is judged on an answer from another session.
        return context.withConversation(once.planned(context.run(),
                planned.stream().map(ConversationRuns.PlannedTurn::message).toList()));
    }

    @Override
    public void after(CognigyExecutionContext context) {
        // Turns skipped after a failed one are not awaited: their runs need not send them.
        context.conversation().runs().ifPresent(ConversationRuns::stop);
    }
}
