package dev.botsim.cognigy.engine.discovery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;

import dev.botsim.cognigy.engine.descriptor.ConversationDescriptor;
import dev.botsim.cognigy.engine.descriptor.ConversationTurnDescriptor;
import dev.botsim.cognigy.engine.descriptor.DataFileDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.descriptor.TestName;
import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.engine.support.ConsoleText;

/** Turns a read data file into its node and the nodes of its cases, conversations, turns and problems. */
final class DataFileTree {

    private DataFileTree() {
    }

    /**
     * @param inheritedTags tags of the class that references the file, which its tests carry too
     */
    static DataFileDescriptor build(UniqueId parent, DataFiles.Loaded loaded, Set<String> inheritedTags,
                                    DiscoveryState state) {
        SimulationFile file = Optional.ofNullable(loaded.parsed().file())
                .orElseGet(() -> new SimulationFile(loaded.resource(), null, List.of(), List.of(), List.of(), null));
        DataFileDescriptor fileNode = new DataFileDescriptor(parent.append(DataFileDescriptor.SEGMENT, loaded.id()),
                file, loaded.path(), loaded.parsed().problems().isEmpty());
        for (SimulationCase c : file.cases()) {
            SimulationCase tagged = withTags(c, inheritedTags);
            fileNode.addChild(new SimulationCaseDescriptor(
                    fileNode.getUniqueId().append(SimulationCaseDescriptor.SEGMENT, c.id()), tagged,
                    TestName.dataCase(state.naming(), c), source(loaded, c.position()), Optional.empty(), file.mode()));
        }
        for (ConversationCase conversation : file.conversations()) {
            ConversationCase tagged = withTags(conversation, inheritedTags);
            ConversationDescriptor node = new ConversationDescriptor(
                    fileNode.getUniqueId().append(ConversationDescriptor.SEGMENT, conversation.id()), tagged,
                    TestName.conversation(state.naming(), conversation), source(loaded, conversation.position()));
            for (ConversationTurn turn : conversation.turns()) {
                node.addChild(new ConversationTurnDescriptor(
                        node.getUniqueId().append(ConversationTurnDescriptor.SEGMENT, String.valueOf(turn.number())),
                        tagged, turn, TestName.turn(state.naming(), conversation, turn), source(loaded, turn.position())));
            }
            fileNode.addChild(node);
        }
        state.dataFiles().leftInTestClasses(loaded)
                .ifPresent(warning -> state.report(ConsoleText.oneLine(warning), ClasspathResourceSource.from(loaded.resource())));
        int index = 0;
        for (FileProblem problem : loaded.parsed().problems()) {
            SourcePosition position = new SourcePosition(loaded.resource(), problem.line(), problem.column());
            TestSource source = source(loaded, position);
            // A file's name may hold a line break or a bidirectional override: the message stays one line as it reads.
            String message = ConsoleText.oneLine(position.toString()) + ": " + problem.message();
            state.report(message, source);
            fileNode.addChild(new ProblemDescriptor(
                    fileNode.getUniqueId().append(ProblemDescriptor.SEGMENT, String.valueOf(++index)),
                    "invalid: " + message, message, source, position));
        }
        return fileNode;
    }

    static TestSource source(DataFiles.Loaded loaded, SourcePosition position) {
        return dev.botsim.cognigy.engine.descriptor.DescriptorSources.of(loaded.path(), position);
    }

    private static SimulationCase withTags(SimulationCase c, Set<String> inherited) {
        if (inherited.isEmpty()) return c;
        return c.withTags(union(c.tags(), inherited));
    }

    private static ConversationCase withTags(ConversationCase c, Set<String> inherited) {
        if (inherited.isEmpty()) return c;
        return c.withTags(union(c.tags(), inherited));
    }

    private static Set<String> union(Set<String> own, Set<String> inherited) {
        Set<String> all = new LinkedHashSet<>(own);
        all.addAll(inherited);
        return all;
    }
}
