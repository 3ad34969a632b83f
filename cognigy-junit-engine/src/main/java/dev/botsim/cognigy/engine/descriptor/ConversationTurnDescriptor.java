package dev.botsim.cognigy.engine.descriptor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
import dev.botsim.cognigy.engine.execution.MessageLabel;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.engine.execution.TestMessage;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.spi.Expectation;

/** One turn of a conversation: a test of its own, run after the turns before it, in their session. */
public final class ConversationTurnDescriptor extends CognigyDescriptor
        implements DeclaresExpectations {

    public static final String SEGMENT = "turn";

    private final ConversationCase conversation;
    private final ConversationTurn turn;

    public ConversationTurnDescriptor(UniqueId uniqueId, ConversationCase conversation, ConversationTurn turn,
                                      TestSource source) {
        super(uniqueId, MessageLabel.of(turn.say(), turn.data()), source, Type.TEST, conversation.tags());
        this.conversation = conversation;
        this.turn = turn;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.SAME_THREAD;
    }

    @Override
    public List<Expectation> declaredExpectations() {
        return List.of(turn.expect());
    }

    @Override
    public SkipResult shouldBeSkipped(CognigyExecutionContext context) {
        return context.conversation().failedTurn()
                .map(failed -> SkipResult.skip("an earlier turn of conversation " + conversation.id() + " failed: " + failed))
                .orElse(SkipResult.doNotSkip());
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        ConversationScope scope = context.conversation();
        String testId = conversation.id() + "#" + turn.number();
        Map<String, Object> data = new LinkedHashMap<>(conversation.data());
        data.putAll(turn.data());
        SimulationStep.TestIdentity identity = new SimulationStep.TestIdentity(testId, conversation.id(), turn.number(),
                getDisplayName(), turn.expect(), turn.position().resource(), turn.position().line(), conversation.tags());
        // Context is injected once, before the first message; it then persists for the session.
        Map<String, Object> inject = turn.number() == 1 ? conversation.injectContext() : Map.of();
        // Every turn of a conversation comes from one user: the conversation's.
        UniqueId user = getParent().map(TestDescriptor::getUniqueId).orElse(getUniqueId());
        try {
            SimulationStep.expectAnswer(context.run(), this, identity, new TestMessage(getUniqueId(), turn.number(), testId,
                    turn.say(), conversation.userId(), conversation.platform(), data, scope.sessionId(), conversation.locale(),
                    inject, user), result -> { });
        } catch (Exception | AssertionError e) {
            scope.turnFailed("turn " + turn.number() + " \"" + getDisplayName() + "\"");
            throw e;
        }
        return context;
    }
}
