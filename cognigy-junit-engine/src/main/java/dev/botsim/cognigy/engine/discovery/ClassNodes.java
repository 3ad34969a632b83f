package dev.botsim.cognigy.engine.discovery;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.descriptor.EnclosingClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UnannotatedClassDescriptor;

/**
 * The nodes of the classes selected so far, a member class's below the node of the class declaring it, as JUnit Jupiter
 * nests a {@code @Nested} class: {@code [class:…OrderBotTest]/[class:…OrderBotTest$Returns]}. A class selected itself
 * (an IDE) and through its enclosing class (Surefire) is one node and runs once.
 *
 * <p>A class's own tests are built, and their problems reported, once the class, a method or test of it, or a class
 * enclosing it is selected; a class enclosing a selected member class otherwise gets only its node, to hold the
 * member's: running {@code OrderBotTest$Returns} from the IDE says nothing of {@code OrderBotTest$Tracking}. A class
 * without {@code @BotSimulation} gets a node ({@link EnclosingClassDescriptor}) when a member class of it has one:
 * Surefire runs a class it selected only when a node of the tree has that class as its source.
 */
final class ClassNodes {

    private final UniqueId engine;
    /** Where each class's {@code [class:…]} node is remembered, holding its own tests or only its member classes'. */
    private final DiscoveryState state;
    /** The nodes of each class whose own tests are built. */
    private final Map<Class<?>, List<TestDescriptor>> own = new HashMap<>();

    ClassNodes(UniqueId engine, DiscoveryState state) {
        this.engine = engine;
        this.state = state;
    }

    /**
     * The nodes that selecting {@code type} selects, its member classes' below them: its own, and the node holding only
     * its member classes' for a class without {@code @BotSimulation}. Empty when neither it nor a member class of it has
     * a test or a problem.
     *
     * @param addToEngine adds a top-level class's node to the engine
     */
    List<TestDescriptor> whole(Class<?> type, Consumer<TestDescriptor> addToEngine) {
        List<TestDescriptor> nodes = new ArrayList<>(own(type, addToEngine));
        MemberClasses.declared(type).forEach(member -> whole(member, addToEngine));
        state.resolved(SimulationClassDescriptor.idOf(engine, type)).filter(node -> !nodes.contains(node)).ifPresent(nodes::add);
        return nodes;
    }

    /**
     * The nodes of {@code type}'s own tests, built once: its {@code @BotSimulation} class's node, and the node of the
     * failing test saying that its {@code @Utterance} or {@code @Conversation} methods lack {@code @BotSimulation}.
     */
    List<TestDescriptor> own(Class<?> type, Consumer<TestDescriptor> addToEngine) {
        List<TestDescriptor> built = own.get(type);
        if (built != null) return built;
        List<TestDescriptor> nodes = new ArrayList<>();
        List<Method> unannotated = AnnotatedClassTree.withoutBotSimulation(type);
        if (!unannotated.isEmpty()) {
            UnannotatedClassDescriptor node = AnnotatedClassTree.withoutBotSimulation(parentId(type), type, unannotated, state);
            putBelowDeclaring(type, node, addToEngine);
            nodes.add(node);
        }
        if (AnnotatedClassTree.isCandidate(type)) {
            SimulationClassDescriptor node = (SimulationClassDescriptor) classNode(type, addToEngine);
            if (!node.testsBuilt()) {
                // Its member classes' nodes, when one was selected first, come after its own tests, as they do otherwise.
                List<TestDescriptor> members = List.copyOf(node.getChildren());
                members.forEach(node::removeChild);
                AnnotatedClassTree.build(node, state);
                members.forEach(node::addMemberClass);
            }
            nodes.add(node);
        }
        own.put(type, List.copyOf(nodes));
        return own.get(type);
    }

    /** The {@code [class:…]} node of {@code type}, made without its own tests, below its declaring class's, when missing. */
    private TestDescriptor classNode(Class<?> type, Consumer<TestDescriptor> addToEngine) {
        Optional<TestDescriptor> existing = state.resolved(SimulationClassDescriptor.idOf(engine, type));
        if (existing.isPresent()) return existing.get();
        TestDescriptor node = state.remember(AnnotatedClassTree.isCandidate(type)
                ? new SimulationClassDescriptor(SimulationClassDescriptor.idOf(engine, type), type)
                : new EnclosingClassDescriptor(parentId(type), type));
        putBelowDeclaring(type, node, addToEngine);
        return node;
    }

    /** The engine's id, or that of the node of the class declaring {@code type}. */
    private UniqueId parentId(Class<?> type) {
        return type.getDeclaringClass() == null ? engine : SimulationClassDescriptor.idOf(engine, type.getDeclaringClass());
    }

    private void putBelowDeclaring(Class<?> type, TestDescriptor node, Consumer<TestDescriptor> addToEngine) {
        Class<?> declaring = type.getDeclaringClass();
        if (declaring == null) {
            addToEngine.accept(node);
        } else if (classNode(declaring, addToEngine) instanceof SimulationClassDescriptor enclosing) {
            enclosing.addMemberClass(node);
        } else {
            classNode(declaring, addToEngine).addChild(node);
        }
    }
}
