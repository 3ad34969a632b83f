package dev.botsim.cognigy.engine.descriptor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.approval.ApprovalOwner;
import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
import dev.botsim.cognigy.engine.execution.MessageLabel;
import dev.botsim.cognigy.engine.execution.NamesUser;
import dev.botsim.cognigy.engine.execution.Repeats;
import dev.botsim.cognigy.engine.execution.RunScope;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.engine.execution.TestMessage;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * One turn of a conversation: a test of its own, run after the turns before it, in their session. A turn
 * selected without the turns before it (an IDE rerunning one failed turn, a line selected) sends them first, in its
 * session, as its setup: they are not tests, and the bot hears the conversation as it was written.
 */
public final class ConversationTurnDescriptor extends SkippableTest
        implements DeclaresExpectations, Repeats, NamesUser {

    public static final String SEGMENT = "turn";

    private final ConversationCase conversation;
    private final ConversationTurn turn;

    public ConversationTurnDescriptor(UniqueId uniqueId, ConversationCase conversation, ConversationTurn turn,
                                      TestName name, TestSource source) {
        super(uniqueId, name, source, conversation.tags());
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

    /** {@code @Disabled}, or an earlier turn of the conversation that failed: the bot is not where this turn expects it. */
    @Override
    Optional<Skipping> skipping(CognigyExecutionContext context) {
        return super.skipping(context).or(() -> context.conversation().failedTurn().map(failed -> new Skipping(
                SimulationRecord.SkipReason.EARLIER_TURN_FAILED, "an earlier turn of conversation " + conversation.id()
                + " failed: " + failed)));
    }

    @Override
    SimulationStep.TestIdentity identity() {
        return new SimulationStep.TestIdentity(testId(turn), conversation.id(), turn.number(), label(turn), turn.expect(),
                turn.position().resource(), turn.position().line(), conversation.tags(),
                turn.expect().comparesApprovedAnswer() ? ApprovalOwner.of(this).map(ApprovalOwner::approvalFile).orElse(null) : null,
                conversation.locale(), conversation.externalId(), data(conversation, turn));
    }

    /** The conversation's: every turn of a conversation comes from one user. */
    @Override
    public String namedUser() {
        return conversation.userId();
    }

    /** Every turn runs as often as its conversation: a repeated conversation repeats whole. */
    @Override
    public int ownRepeat() {
        return conversation.repeat();
    }

    /** This turn's number in its conversation, from 1. */
    int turnNumber() {
        return turn.number();
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        ConversationScope scope = context.conversation();
        RunScope run = context.run();
        SimulationStep.TestIdentity identity = identity();
        UniqueId conversationId = conversationId();
        // The earlier turn being sent as this one's setup: when it fails, it is the turn the later ones are skipped for.
        java.util.concurrent.atomic.AtomicReference<String> settingUp = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            if (scope.runs().isPresent()) {
                scope.runs().get().expectTurn(run, this, identity, turn.number());
                return context;
            }
            SimulationStep.expectAnswer(run, this, identity, observation -> {
                // An unchanged turn sent to the bot again (cognigy.replay=auto): why, beside its live answer.
                scope.sentLive().ifPresent(why -> run.retries().listener().reportingEntryPublished(this,
                        ReportEntries.of("cognigy.replay", why)));
                List<String> sentFirst = new java.util.ArrayList<>();
                for (ConversationTurn earlier : conversation.turns()) {
                    if (earlier.number() <= scope.lastTurnSent() || earlier.number() >= turn.number()) continue;
                    settingUp.set(describe(earlier));
                    SimulationStep.setUp(run, message(conversationId, conversation, earlier, scope.sessionId()),
                            earlier.expect(), describe(earlier));
                    scope.turnSent(earlier.number());
                    sentFirst.add(describe(earlier));
                }
                settingUp.set(null);
                // Selected without them (an IDE's rerun, a line): say that this turn's answer followed them.
                if (!sentFirst.isEmpty()) {
                    // The turns' texts are the data file's: on one line, so none starts a line of the console or a CI's log.
                    run.retries().listener().reportingEntryPublished(this, ReportEntries.of("cognigy.setup",
                            "sent first, in this turn's session, as its setup (their answers held): " + String.join(", ", sentFirst)));
                }
            }, message(conversationId, conversation, turn, scope.sessionId()), result -> { });
        } catch (Exception | Error e) {
            scope.turnFailed(settingUp.get() != null ? settingUp.get() : describe(turn));
            throw e;
        } finally {
            scope.turnSent(turn.number());
        }
        return context;
    }

    @Override
    void pointAtTest(Throwable failure) {
        FailureTraces.inDataFile(failure, testId(turn), turn.position().resource(), turn.position().line());
    }

    /** The conversation's unique id: every turn of a conversation comes from one user, the conversation's. */
    private UniqueId conversationId() {
        return getParent().map(TestDescriptor::getUniqueId).orElse(getUniqueId());
    }

    /**
     * A turn's message in the conversation's session {@code sessionId}: the turn under test's, an earlier one's sent as
     * its setup, or one of a repeated conversation's runs. Its unique id is the turn's test's.
     */
    static TestMessage message(UniqueId conversationId, ConversationCase conversation, ConversationTurn of,
                               String sessionId) {
        Map<String, Object> data = data(conversation, of);
        // Context is injected once, before the first message; it then persists for the session.
        Map<String, Object> inject = of.number() == 1 ? conversation.injectContext() : Map.of();
        return new TestMessage(conversationId.append(SEGMENT, String.valueOf(of.number())), of.number(), testId(conversation, of),
                of.say(), conversation.userId(), conversation.platform(), data, sessionId, conversation.locale(), inject,
                conversationId);
    }

    /** The data a turn's message is sent with: the conversation's, the turn's own merged over it. */
    private static Map<String, Object> data(ConversationCase conversation, ConversationTurn of) {
        Map<String, Object> data = new LinkedHashMap<>(conversation.data());
        data.putAll(of.data());
        return data;
    }

    private String testId(ConversationTurn of) {
        return testId(conversation, of);
    }

    private static String testId(ConversationCase conversation, ConversationTurn of) {
        return conversation.id() + "#" + of.number();
    }

    private static String label(ConversationTurn of) {
        return MessageLabel.of(of.say(), of.data());
    }

    static String describe(ConversationTurn of) {
        return "turn " + of.number() + " \"" + label(of) + "\"";
    }
}
