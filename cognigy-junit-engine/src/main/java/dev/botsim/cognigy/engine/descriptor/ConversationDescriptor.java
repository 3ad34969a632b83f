package dev.botsim.cognigy.engine.descriptor;

import java.util.Set;
import java.util.UUID;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.model.ConversationCase;

/**
 * A multi-turn conversation from a data file: its turns are child tests run in order in one bot
 * session, so a failing turn is pinpointed and the turns after it are skipped.
 */
public final class ConversationDescriptor extends AbstractTestDescriptor implements Node<CognigyExecutionContext> {

    public static final String SEGMENT = "conversation";

    private final ConversationCase conversation;
    private final Set<TestTag> tags;

    public ConversationDescriptor(UniqueId uniqueId, ConversationCase conversation, TestSource source) {
        super(uniqueId, conversation.id(), source);
        this.conversation = conversation;
        this.tags = DescriptorSources.tags(conversation.tags());
    }

    public ConversationCase conversation() {
        return conversation;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        return context.withConversation(new ConversationScope("ses_" + UUID.randomUUID()));
    }
}
