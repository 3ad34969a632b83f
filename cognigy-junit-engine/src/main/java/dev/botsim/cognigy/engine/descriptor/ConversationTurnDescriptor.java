package dev.botsim.cognigy.engine.descriptor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.approval.ApprovalOwner;
import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
import dev.botsim.cognigy.engine.execution.MessageLabel;
import dev.botsim.cognigy.engine.execution.RunScope;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.engine.execution.TestMessage;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.spi.Expectation;

/**
 * One turn of a conversation: a test of its own, run after the turns before it, in their session. A turn
 * selected without the turns before it (an IDE rerunning one failed turn, a line selected) sends them first, in its
 * session, as its setup: they are not tests, and the bot hears the conversation as it was written.
 */
public final class ConversationTurnDescriptor extends CognigyDescriptor
        implements DeclaresExpectations {

    public static final String SEGMENT = "turn";

    private final ConversationCase conversation;
    private final ConversationTurn turn;

    public ConversationTurnDescriptor(UniqueId uniqueId, ConversationCase conversation, ConversationTurn turn,
                                      TestName name, TestSource source) {
        super(uniqueId, name, source, Type.TEST, conversation.tags());
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
        RunScope run = context.run();
        SimulationStep.TestIdentity identity = new SimulationStep.TestIdentity(testId(turn), conversation.id(), turn.number(),
                label(turn), turn.expect(), turn.position().resource(), turn.position().line(), conversation.tags(),
                turn.expect().comparesApprovedAnswer() ? ApprovalOwner.of(this).map(ApprovalOwner::approvalFile).orElse(null) : null);
        try {
            SimulationStep.expectAnswer(run, this, identity, observation -> {
                for (ConversationTurn earlier : conversation.turns()) {
                    if (earlier.number() <= scope.lastTurnSent() || earlier.number() >= turn.number()) continue;
                    SimulationStep.setUp(run, message(earlier, scope), earlier.expect(), describe(earlier));
                    scope.turnSent(earlier.number());
                }
            }, message(turn, scope), result -> { });
        } catch (Exception | AssertionError e) {
            scope.turnFailed(describe(turn));
            throw e;
        } finally {
            scope.turnSent(turn.number());
        }
        return context;
    }

    /** A turn's message in the conversation's session, this one's or an earlier one's sent as its setup. */
    private TestMessage message(ConversationTurn of, ConversationScope scope) {
        Map<String, Object> data = new LinkedHashMap<>(conversation.data());
        data.putAll(of.data());
        // Context is injected once, before the first message; it then persists for the session.
        Map<String, Object> inject = of.number() == 1 ? conversation.injectContext() : Map.of();
        // Every turn of a conversation comes from one user: the conversation's.
        UniqueId user = getParent().map(TestDescriptor::getUniqueId).orElse(getUniqueId());
        UniqueId test = of == turn ? getUniqueId() : user.append(SEGMENT, String.valueOf(of.number()));
        return new TestMessage(test, of.number(), testId(of), of.say(), conversation.userId(), conversation.platform(), data,
                scope.sessionId(), conversation.locale(), inject, user);
    }

    private String testId(ConversationTurn of) {
        return conversation.id() + "#" + of.number();
    }

    private static String label(ConversationTurn of) {
        return MessageLabel.of(of.say(), of.data());
    }

    private static String describe(ConversationTurn of) {
        return "turn " + of.number() + " \"" + label(of) + "\"";
    }
}
