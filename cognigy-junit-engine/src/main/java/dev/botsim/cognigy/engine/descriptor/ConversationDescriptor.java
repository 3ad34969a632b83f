package dev.botsim.cognigy.engine.descriptor;

import java.util.UUID;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.model.ConversationCase;

/**
 * A multi-turn conversation from a data file: its turns are child tests run in order in one bot
 * session, so a failing turn is pinpointed and the turns after it are skipped.
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
        return context.withConversation(new ConversationScope("ses_" + UUID.randomUUID()));
    }
}
