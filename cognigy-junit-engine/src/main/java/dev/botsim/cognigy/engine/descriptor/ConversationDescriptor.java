package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.UUID;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.ConversationRuns;
import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.model.ConversationCase;

/**
 * A multi-turn conversation from a data file: its turns are child tests run in order in one bot
 * session, so a failing turn is pinpointed and the turns after it are skipped. A repeated conversation
 * ({@code repeat:}, {@code cognigy.repeat}) runs whole, each run in a session of its own, and each turn test is
 * judged by its turn across the runs ({@link ConversationRuns}).
 */
public final class ConversationDescriptor extends CognigyDescriptor {

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
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        ConversationScope once = new ConversationScope("ses_" + UUID.randomUUID());
        int runs = context.started() ? context.run().repeat().runsFor(conversation.repeat()) : 1;
        if (runs > 1) {
            // Repeated whole: every run sends the turns from the first to the last one selected, earlier ones included.
            int last = getChildren().stream().filter(ConversationTurnDescriptor.class::isInstance)
                    .mapToInt(child -> ((ConversationTurnDescriptor) child).turnNumber()).max().orElse(0);
            List<ConversationRuns.PlannedTurn> planned = conversation.turns().stream().filter(t -> t.number() <= last)
                    .map(t -> new ConversationRuns.PlannedTurn(ConversationTurnDescriptor.message(getUniqueId(), conversation,
                            t, once.sessionId()), t.expect(), ConversationTurnDescriptor.describe(t))).toList();
            return context.withConversation(ConversationRuns.start(context.run(), planned, runs).map(once::repeated)
                    .orElse(once));
        }
        return context.withConversation(once);
    }

    @Override
    public void after(CognigyExecutionContext context) {
        // Turns skipped after a failed one are not awaited: their runs need not send them.
        context.conversation().runs().ifPresent(ConversationRuns::stop);
    }
}
