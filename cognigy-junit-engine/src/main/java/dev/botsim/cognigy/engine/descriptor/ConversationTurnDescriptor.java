package dev.botsim.cognigy.engine.descriptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
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
        super(uniqueId, turn.say(), source, Type.TEST, conversation.tags());
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
        Map<String, Object> data = new HashMap<>(conversation.context());
        data.putAll(turn.context());
        SimulationStep.TestIdentity identity = new SimulationStep.TestIdentity(testId, conversation.id(), turn.number(),
                turn.say(), turn.expect(), turn.position().resource(), turn.position().line(), conversation.tags());
        try {
            SimulationStep.expectAnswer(context.run(), this, identity, new TestMessage(getUniqueId(), turn.number(), testId,
                    turn.say(), conversation.userId(), conversation.platform(), data, scope.sessionId(), null), result -> { });
        } catch (Exception | AssertionError e) {
            scope.turnFailed("turn " + turn.number() + " \"" + turn.say() + "\"");
            throw e;
        }
        return context;
    }
}
