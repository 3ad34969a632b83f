package dev.botsim.cognigy.engine.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

import dev.botsim.cognigy.engine.generated.GeneratedSuite;
import dev.botsim.cognigy.engine.generated.PlaybookCompiler;
import dev.botsim.cognigy.engine.descriptor.ConversationDescriptor;
import dev.botsim.cognigy.engine.descriptor.ConversationMethodDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.descriptor.TestName;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;

/**
 * The test tree under {@code cognigy.playbooks.mode=generated}: discovered as usual, then each case and conversation
 * compiled into a playbook. One that cannot be is replaced at discovery by a failing problem test naming the file,
 * line and expectation — never run, so never passed on what no playbook checks. At the run's start the same
 * compilation gives the backend its playbooks, and the {@code @Conversation} methods it replays turn by turn. Tests in
 * {@code mode: nlu} are left to the NLU, as beside any backend.
 */
public final class GeneratedPlaybookTree {

    private GeneratedPlaybookTree() {
    }

    /** Replaces every case or conversation that no playbook can run with a problem test, reporting each. */
    public static void refuse(TestDescriptor engine, EngineDiscoveryRequest request) {
        for (TestDescriptor node : List.copyOf(engine.getDescendants())) {
            Optional<PlaybookCompiler.Compiled> compiled = compile(node);
            if (compiled.isEmpty() || !compiled.get().refused()) continue;
            String message = String.join("\n", compiled.get().refusals());
            request.getDiscoveryListener().issueEncountered(engine.getUniqueId(), DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING,
                    message).source(node.getSource()).build());
            String name = "invalid: " + compiled.get().refusals().get(0);
            TestDescriptor parent = node.getParent().orElseThrow();
            ProblemDescriptor problem = new ProblemDescriptor(node.getUniqueId(), new TestName(name, name), message,
                    node.getSource().orElse(null), where(node));
            node.removeFromHierarchy();
            parent.addChild(problem);
        }
    }

    /** The run's playbooks, by the test ids their messages carry. */
    public static GeneratedSuite suite(TestDescriptor engine) {
        GeneratedSuite suite = new GeneratedSuite();
        for (TestDescriptor node : engine.getDescendants()) {
            compile(node).filter(c -> !c.refused()).ifPresent(c -> suite.add(c.playbook()));
            // Its turns are known only as the method sends them: each is replayed with the turns before it.
            if (node instanceof ConversationMethodDescriptor c) suite.addConversationMethod(c.testId());
        }
        return suite;
    }

    private static Optional<PlaybookCompiler.Compiled> compile(TestDescriptor node) {
        // A test in mode nlu is scored by the NLU beside the playbooks, as beside every other backend: no playbook.
        if (node instanceof SimulationCaseDescriptor c && !c.scoredByNlu()) return Optional.of(compile(c.simulation()));
        if (node instanceof ConversationDescriptor c) return Optional.of(compile(c.conversation()));
        return Optional.empty();
    }

    private static PlaybookCompiler.Compiled compile(SimulationCase c) {
        String where = c.position().toString();
        return PlaybookCompiler.compile(c.id(), where, new PlaybookCompiler.Extras(c.locale(), !c.injectContext().isEmpty()),
                List.of(new PlaybookCompiler.Message(c.id(), c.utterance(), c.data(), c.expect(), where)));
    }

    private static PlaybookCompiler.Compiled compile(ConversationCase c) {
        List<PlaybookCompiler.Message> messages = new ArrayList<>();
        for (ConversationTurn turn : c.turns()) {
            // As the conversation's turns send it: the conversation's data, each turn's own merged over it.
            Map<String, Object> data = new LinkedHashMap<>(c.data());
            data.putAll(turn.data());
            messages.add(new PlaybookCompiler.Message(c.id() + "#" + turn.number(), turn.say(), data, turn.expect(),
                    turn.position().toString()));
        }
        return PlaybookCompiler.compile(c.id(), c.position().toString(),
                new PlaybookCompiler.Extras(c.locale(), !c.injectContext().isEmpty()), messages);
    }

    private static SourcePosition where(TestDescriptor node) {
        if (node instanceof SimulationCaseDescriptor c) return c.simulation().position();
        if (node instanceof ConversationDescriptor c) return c.conversation().position();
        if (node.getSource().orElse(null) instanceof MethodSource m) return SourcePosition.of(m.getClassName() + "#" + m.getMethodName());
        return SourcePosition.of(node.getUniqueId().toString());
    }
}
