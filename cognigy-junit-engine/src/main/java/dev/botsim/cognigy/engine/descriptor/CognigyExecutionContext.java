package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

import dev.botsim.cognigy.engine.execution.ConversationScope;
import dev.botsim.cognigy.engine.execution.RunScope;
import dev.botsim.cognigy.engine.lifecycle.RunLifecycle;

/**
 * What a node sees while it runs: the run's lifecycle (which the engine node drives), what the
 * tests share once the run has started and, inside a conversation, the conversation's session.
 */
public final class CognigyExecutionContext implements EngineExecutionContext {

    private final RunLifecycle lifecycle;
    private final RunScope run;
    private final ConversationScope conversation;

    public CognigyExecutionContext(RunLifecycle lifecycle) {
        this(lifecycle, null, null);
    }

    private CognigyExecutionContext(RunLifecycle lifecycle, RunScope run, ConversationScope conversation) {
        this.lifecycle = lifecycle;
        this.run = run;
        this.conversation = conversation;
    }

    RunLifecycle lifecycle() {
        return lifecycle;
    }

    /** Whether the run has started: a run that selected no test, or could not start, has none. */
    boolean started() {
        return run != null;
    }

    RunScope run() {
        if (run == null) throw new IllegalStateException("the run has not started");
        return run;
    }

    ConversationScope conversation() {
        if (conversation == null) throw new IllegalStateException("not inside a conversation");
        return conversation;
    }

    /** @param run what the tests share, or {@code null} when there is nothing to run */
    CognigyExecutionContext withRun(RunScope run) {
        return new CognigyExecutionContext(lifecycle, run, conversation);
    }

    CognigyExecutionContext withConversation(ConversationScope conversation) {
        return new CognigyExecutionContext(lifecycle, run, conversation);
    }
}
