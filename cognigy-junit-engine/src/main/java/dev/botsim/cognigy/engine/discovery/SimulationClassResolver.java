package dev.botsim.cognigy.engine.discovery;

import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.UtteranceVariantsDescriptor;

/**
 * Resolves {@code @BotSimulation} classes from class, method and unique-id selectors. A class is
 * built whole; what the selector chose is recorded and the rest pruned after resolution. A selected class with
 * {@code @Utterance} or {@code @Conversation} methods but no {@code @BotSimulation} becomes a failing test saying so.
 */
final class SimulationClassResolver implements SelectorResolver {

    private final UniqueId engineId;
    private final DiscoveryState state;
    private final java.util.function.Predicate<String> classNameFilter;

    SimulationClassResolver(UniqueId engineId, DiscoveryState state, java.util.function.Predicate<String> classNameFilter) {
        this.engineId = engineId;
        this.state = state;
        this.classNameFilter = classNameFilter;
    }

    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        Class<?> type = selector.getJavaClass();
        List<Method> unannotated = AnnotatedClassTree.withoutBotSimulation(type);
        if (!unannotated.isEmpty()) return unannotated(type, unannotated, context);
        if (!AnnotatedClassTree.isCandidate(type)) return unresolved();
        return classNode(type, context).map(node -> {
            state.select(node.getUniqueId());
            return Resolution.match(Match.exact(node));
        }).orElse(unresolved());
    }

    /**
     * The failing test saying that the class's {@code @Utterance} and {@code @Conversation} methods lack their
     * {@code @BotSimulation}, built once however the class, one of those methods or the test itself is selected.
     */
    private Resolution unannotated(Class<?> type, List<Method> methods, Context context) {
        if (!classNameFilter.test(type.getName())) return unresolved();
        UniqueId id = engineId.append(dev.botsim.cognigy.engine.descriptor.UnannotatedClassDescriptor.SEGMENT, type.getName());
        return state.resolved(id).or(() -> context.addToParent(parent -> Optional.of(state.remember(
                        AnnotatedClassTree.withoutBotSimulation(engineId, type, methods, state)))))
                .map(node -> {
                    state.select(node.getUniqueId());
                    return Resolution.match(Match.exact(node));
                }).orElse(unresolved());
    }

    @Override
    public Resolution resolve(MethodSelector selector, Context context) {
        Class<?> type = selector.getJavaClass();
        // An IDE's run icon on such a method (the annotations are @Testable) shows why nothing of the class runs.
        List<Method> unannotated = AnnotatedClassTree.withoutBotSimulation(type);
        if (unannotated.stream().anyMatch(m -> m.getName().equals(selector.getMethodName()))) {
            return unannotated(type, unannotated, context);
        }
        if (!AnnotatedClassTree.isCandidate(type)) return unresolved();
        return classNode(type, context).flatMap(node -> {
            UniqueId methodId = node.getUniqueId().append(UtteranceVariantsDescriptor.SEGMENT, selector.getMethodName());
            return state.find(node, methodId).map(method -> {
                state.select(methodId);
                return Resolution.match(Match.exact(method));
            });
        }).orElse(unresolved());
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId uniqueId = selector.getUniqueId();
        if (!uniqueId.hasPrefix(engineId) || uniqueId.getSegments().size() < 2) return unresolved();
        UniqueId.Segment first = uniqueId.getSegments().get(1);
        if (dev.botsim.cognigy.engine.descriptor.UnannotatedClassDescriptor.SEGMENT.equals(first.getType())) {
            Optional<Class<?>> type = ReflectionSupport.tryToLoadClass(first.getValue()).toOptional();
            List<Method> unannotated = type.map(AnnotatedClassTree::withoutBotSimulation).orElse(List.of());
            return unannotated.isEmpty() ? unresolved() : unannotated(type.get(), unannotated, context);
        }
        if (!SimulationClassDescriptor.SEGMENT.equals(first.getType())) return unresolved();
        Optional<Class<?>> type = ReflectionSupport.tryToLoadClass(first.getValue()).toOptional();
        if (type.isEmpty() || !AnnotatedClassTree.isCandidate(type.get())) return unresolved();
        return classNode(type.get(), context)
                .flatMap(node -> state.find(node, uniqueId))
                .map(found -> {
                    state.select(uniqueId);
                    return Resolution.match(Match.exact(found));
                }).orElse(unresolved());
    }

    private Optional<SimulationClassDescriptor> classNode(Class<?> type, Context context) {
        if (!classNameFilter.test(type.getName())) return Optional.empty();
        UniqueId id = engineId.append(SimulationClassDescriptor.SEGMENT, type.getName());
        Optional<TestDescriptor> existing = state.resolved(id);
        if (existing.isPresent()) return existing.map(SimulationClassDescriptor.class::cast);
        return context.addToParent(parent -> Optional.of(state.remember(AnnotatedClassTree.build(engineId, type, state))));
    }
}
