package dev.botsim.cognigy.engine.execution;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * What a node sees while it runs: the request, the run (once the engine node has started it) and,
 * inside a conversation, the conversation's session.
 */
public final class CognigyExecutionContext implements EngineExecutionContext {

    private final ExecutionRequest request;
    private final EngineServices services;
    private final SimulationRun run;
    private final ConversationScope conversation;

    public CognigyExecutionContext(ExecutionRequest request, EngineServices services) {
        this(request, services, null, null);
    }

    private CognigyExecutionContext(ExecutionRequest request, EngineServices services, SimulationRun run,
                                    ConversationScope conversation) {
        this.request = request;
        this.services = services;
        this.run = run;
        this.conversation = conversation;
    }

    public ExecutionRequest request() {
        return request;
    }

    public EngineServices services() {
        return services;
    }

    /** Whether the engine node started the run: not when its start failed. */
    public boolean hasRun() {
        return run != null;
    }

    public SimulationRun run() {
        if (run == null) throw new IllegalStateException("the run has not started");
        return run;
    }

    public ConversationScope conversation() {
        if (conversation == null) throw new IllegalStateException("not inside a conversation");
        return conversation;
    }

    public CognigyExecutionContext withRun(SimulationRun run) {
        return new CognigyExecutionContext(request, services, run, conversation);
    }

    public CognigyExecutionContext withConversation(ConversationScope conversation) {
        return new CognigyExecutionContext(request, services, run, conversation);
    }
}
