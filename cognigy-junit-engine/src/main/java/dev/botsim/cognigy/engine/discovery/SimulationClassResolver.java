package dev.botsim.cognigy.engine.discovery;

import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.IterationSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedClassSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

import dev.botsim.cognigy.engine.descriptor.DataFileDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UnannotatedClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UtteranceVariantsDescriptor;

/**
 * Resolves {@code @BotSimulation} classes from class, method, iteration, nested-class, nested-method and unique-id
 * selectors. A class is built whole; what the selector chose is recorded and the rest pruned after resolution. A selected class with
 * {@code @Utterance} or {@code @Conversation} methods but no {@code @BotSimulation} becomes a failing test saying so.
 *
 * <p>Selecting a class selects the classes declared in it, theirs too, whether or not it is a {@code @BotSimulation}
 * itself: Surefire selects {@code OrderBotTest} and never {@code OrderBotTest$Returns}. Each member class's node stands
 * below its enclosing class's ({@link ClassNodes}). The platform's child selectors
 * ({@code Match.exact(node, childSelectors)}) would resolve them there too, but a class that is no
 * {@code @BotSimulation} has no node to match until one of its member classes gives it one.
 */
final class SimulationClassResolver implements SelectorResolver {

    private final UniqueId engineId;
    private final DiscoveryState state;
    private final java.util.function.Predicate<String> classNameFilter;
    private final ClassNodes classes;

    SimulationClassResolver(UniqueId engineId, DiscoveryState state, java.util.function.Predicate<String> classNameFilter) {
        this.engineId = engineId;
        this.state = state;
        this.classNameFilter = classNameFilter;
        this.classes = new ClassNodes(engineId, state);
    }

    /**
     * The class, with its member classes. The launcher's class-name filter judges the selected class, not the member
     * classes it brings: those come with the class the filter let through, as Jupiter's {@code @Nested} classes do
     * (the console launcher's default {@code --include-classname} pattern takes {@code OrderBotTest}, not
     * {@code OrderBotTest$Returns}; Surefire's, made from its excludes, leaves out every {@code *$*}).
     */
    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        Class<?> type = selector.getJavaClass();
        if (!classNameFilter.test(type.getName())) return unresolved();
        return selected(classes.whole(type, toEngine(context)));
    }

    @Override
    public Resolution resolve(MethodSelector selector, Context context) {
        Class<?> type = selector.getJavaClass();
        if (!classNameFilter.test(type.getName())) return unresolved();
        return method(type, selector.getMethodName(), context);
    }

    /**
     * A member class named with its enclosing classes, as a tool may select a member class
     * ({@code --select nested-class:}): the class as its unique id selects it, below its enclosing classes' nodes, with its
     * own member classes. The launcher's class-name filter judges the outermost class, as for a unique id.
     */
    @Override
    public Resolution resolve(NestedClassSelector selector, Context context) {
        Class<?> type = selector.getNestedClass();
        if (!classNameFilter.test(MemberClasses.topLevel(type).getName())) return unresolved();
        return selected(classes.whole(type, toEngine(context)));
    }

    /** A method of a member class named with its enclosing classes ({@code --select nested-method:}): as its method selector. */
    @Override
    public Resolution resolve(NestedMethodSelector selector, Context context) {
        Class<?> type = selector.getNestedClass();
        if (!classNameFilter.test(MemberClasses.topLevel(type).getName())) return unresolved();
        return method(type, selector.getMethodName(), context);
    }

    /**
     * The test or tests of method {@code name} of {@code type}. A method the class does not have at all, as an IDE's
     * rerun of a method renamed since the run selects it, is reported: selecting nothing in silence would pass.
     */
    private Resolution method(Class<?> type, String name, Context context) {
        List<TestDescriptor> own = classes.own(type, toEngine(context));
        // An IDE's run icon on such a method (the annotations are @Testable) shows why nothing of the class runs.
        if (AnnotatedClassTree.withoutBotSimulation(type).stream().anyMatch(m -> m.getName().equals(name))) {
            return selected(own.stream().filter(UnannotatedClassDescriptor.class::isInstance).toList());
        }
        UniqueId methodId = SimulationClassDescriptor.idOf(engineId, type).append(UtteranceVariantsDescriptor.SEGMENT, name);
        List<TestDescriptor> classNodes = own.stream().filter(SimulationClassDescriptor.class::isInstance).toList();
        List<TestDescriptor> found = classNodes.stream().flatMap(node -> state.find(node, methodId).stream()).toList();
        // A method of another engine's (a Jupiter @Test beside the simulations) is no concern of this one.
        if (found.isEmpty() && !classNodes.isEmpty() && !hasMethod(type, name)) {
            state.reportUnresolved(MissingSelections.noSuchMethod(type.getName(), name), classNodes.get(0).getSource().orElse(null));
        }
        return selected(found);
    }

    /** Whether {@code type} declares or inherits a method named {@code name}, {@code Object}'s included. */
    private static boolean hasMethod(Class<?> type, String name) {
        return java.util.Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(name))
                || !ReflectionSupport.findMethods(type, m -> m.getName().equals(name), HierarchyTraversalMode.BOTTOM_UP).isEmpty();
    }

    /**
     * Texts of an {@code @Utterance} method, as JUnit's iteration selector picks a parameterized test's invocations
     * ({@code --select-iteration method:com.example.OrderBotTest#variants[0..1]}), counted from 0: the method's n-th
     * text is its test {@code [utterance:n+1]}, and a method with one text is its iteration 0. An index beyond the texts
     * is reported with how many there are, since it selects nothing.
     */
    @Override
    public Resolution resolve(IterationSelector selector, Context context) {
        if (!(selector.getParentSelector() instanceof MethodSelector method)) return unresolved();
        Class<?> type = method.getJavaClass();
        if (!classNameFilter.test(type.getName())) return unresolved();
        UniqueId methodId = SimulationClassDescriptor.idOf(engineId, type)
                .append(UtteranceVariantsDescriptor.SEGMENT, method.getMethodName());
        Optional<TestDescriptor> node = classes.own(type, toEngine(context)).stream()
                .filter(SimulationClassDescriptor.class::isInstance).flatMap(n -> state.find(n, methodId).stream()).findFirst();
        if (node.isEmpty()) return unresolved();
        List<TestDescriptor> texts = node.get().isTest() ? List.of(node.get())
                : node.get() instanceof UtteranceVariantsDescriptor ? List.copyOf(node.get().getChildren()) : List.of();
        if (texts.isEmpty()) return unresolved();
        List<Integer> beyond = selector.getIterationIndices().stream().filter(i -> i >= texts.size()).toList();
        if (!beyond.isEmpty()) {
            state.report(type.getName() + "#" + method.getMethodName() + " has " + texts.size() + (texts.size() == 1 ? " text" : " texts")
                    + ", iterations 0 to " + (texts.size() - 1) + ": iteration " + beyond.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + " selects none of them", node.get().getSource().orElse(null));
        }
        return selected(selector.getIterationIndices().stream().filter(i -> i < texts.size()).map(texts::get).toList());
    }

    /**
     * A class's node or one below it. A member class's id names its enclosing classes' first,
     * {@code [class:…OrderBotTest]/[class:…OrderBotTest$Returns]/[method:…]}; an id of a member class alone, as an
     * engine before member classes were nested wrote it, selects nothing.
     */
    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId uniqueId = selector.getUniqueId();
        if (!uniqueId.hasPrefix(engineId)) return unresolved();
        List<UniqueId.Segment> segments = uniqueId.getSegments();
        Class<?> type = null;
        int next = 1;
        for (; next < segments.size() && segments.get(next).getType().equals(SimulationClassDescriptor.SEGMENT); next++) {
            Optional<Class<?>> declared = declaredIn(type, segments.get(next).getValue());
            if (declared.isEmpty()) return unresolved();
            type = declared.get();
        }
        boolean unannotated = next < segments.size() && segments.get(next).getType().equals(UnannotatedClassDescriptor.SEGMENT);
        if (unannotated) {
            Optional<Class<?>> declared = declaredIn(type, segments.get(next).getValue());
            if (declared.isEmpty()) return unresolved();
            type = declared.get();
            next++;
        }
        if (type == null || !classNameFilter.test(MemberClasses.topLevel(type).getName())) return unresolved();
        Consumer<TestDescriptor> toEngine = toEngine(context);
        // A class's node is the class whole, member classes too; a node below it needs the class's own tests only.
        List<TestDescriptor> nodes = next == segments.size() && !unannotated ? classes.whole(type, toEngine) : classes.own(type, toEngine);
        List<TestDescriptor> found = nodes.stream().flatMap(node -> state.find(node, uniqueId).stream()).limit(1).toList();
        if (found.isEmpty() && !nodes.isEmpty() && MissingSelections.namesProblem(uniqueId)) {
            // A failed problem test rerun after its problem was fixed: what held it (the class, or a data file it names)
            // runs whole, where "renamed or removed" would fail the run.
            Optional<TestDescriptor> holder = Optional.empty();
            for (UniqueId up = uniqueId.removeLastSegment(); holder.isEmpty() && up.getSegments().size() >= next; up = up.removeLastSegment()) {
                UniqueId id = up;
                holder = nodes.stream().flatMap(node -> state.find(node, id).stream()).findFirst();
            }
            if (holder.isPresent()) {
                boolean inFile = holder.get() instanceof DataFileDescriptor;
                state.report(MissingSelections.problemFixed(type.getName(), uniqueId,
                        inFile ? "its file " + ((DataFileDescriptor) holder.get()).file().resource() : "the class",
                        inFile ? ", with the case or conversation the problem left out" : "", "the class"),
                        holder.get().getSource().orElse(null));
                return selected(holder.stream().toList());
            }
        }
        if (found.isEmpty() && !nodes.isEmpty()) {
            // A test the class no longer has, as an IDE's rerun of a list made before the class or its files changed selects it.
            state.reportUnresolved(MissingSelections.notInClass(type.getName(), uniqueId, next - 1),
                    nodes.get(0).getSource().orElse(null));
        }
        return selected(found);
    }

    /** The class named {@code name}, declared in {@code declaring}, or a top-level class when {@code declaring} is null. */
    private static Optional<Class<?>> declaredIn(Class<?> declaring, String name) {
        return ReflectionSupport.tryToLoadClass(name).toOptional().filter(type -> type.getDeclaringClass() == declaring);
    }

    private static Consumer<TestDescriptor> toEngine(Context context) {
        return node -> context.addToParent(parent -> Optional.of(node));
    }

    private Resolution selected(List<TestDescriptor> nodes) {
        Set<Match> matches = new LinkedHashSet<>();
        for (TestDescriptor node : nodes) {
            state.select(node.getUniqueId());
            matches.add(Match.exact(node));
        }
        return matches.isEmpty() ? unresolved() : Resolution.matches(matches);
    }
}
