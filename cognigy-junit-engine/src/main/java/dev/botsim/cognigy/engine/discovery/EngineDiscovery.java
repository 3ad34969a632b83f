package dev.botsim.cognigy.engine.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.descriptor.CognigyEngineDescriptor;
import dev.botsim.cognigy.engine.descriptor.ConversationDescriptor;
import dev.botsim.cognigy.engine.descriptor.ConversationMethodDescriptor;
import dev.botsim.cognigy.engine.descriptor.DataFileDescriptor;
import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationCaseDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.descriptor.TestName;
import dev.botsim.cognigy.engine.discovery.rules.DuplicateTestId;

/**
 * Discovery of the {@code cognigy} engine: resolves the request's selectors into classes, data
 * files and their tests (pruning containers left without tests, as JUnit does), then prunes what
 * was not selected and reports duplicate test ids. Never touches the network.
 */
public final class EngineDiscovery {

    private EngineDiscovery() {
    }

    public static void discover(EngineDiscoveryRequest request, CognigyEngineDescriptor engine) {
        DiscoveryIssueReporter issues = DiscoveryIssueReporter.deduplicating(
                DiscoveryIssueReporter.forwarding(request.getDiscoveryListener(), engine.getUniqueId()));
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(ClassLoader.getSystemClassLoader());
        dev.botsim.cognigy.annotations.Mode defaultMode = EngineConfig.defaultMode(request.getConfigurationParameters());
        DiscoveryState state = new DiscoveryState(issues,
                new DataFiles(EngineConfig.maxFileSize(request.getConfigurationParameters()), defaultMode, loader),
                EngineConfig.namingStrategy(request.getConfigurationParameters()), defaultMode);
        EngineDiscoveryRequestResolver.<CognigyEngineDescriptor>builder()
                .addSelectorResolver(context -> new ContainerResolver(context.getClassNameFilter(), context.getPackageFilter()))
                .addSelectorResolver(context -> new SimulationClassResolver(engine.getUniqueId(), state,
                        context.getClassNameFilter()))
                .addSelectorResolver(context -> new DataFileResolver(engine.getUniqueId(), state))
                // JUnit's pruning, run once every selector is resolved: a container left without tests
                // goes, one holding only a problem test stays. The steps below never empty a container
                // (they keep a selected node's ancestors and replace a test by a problem test), and the
                // launcher prunes again after its own filters.
                .addTestDescriptorVisitor(context -> TestDescriptor::prune)
                .build()
                .resolve(request, engine, issues);
        // Before pruning, over the classes and files as built whole: whether a test's id is taken must not depend on
        // which of its tests were selected, or a rerun of a duplicate alone (Surefire's rerunFailingTestsCount, an
        // IDE) would run it as a valid test and pass. A standalone copy of a class's file is left out: it is dropped
        // below unless pruning takes the file out of its class.
        Set<String> classFiles = resourcesUnderClasses(engine);
        List<ProblemDescriptor> replaced = replaceDuplicateIds(engine, state,
                node -> !(node instanceof DataFileDescriptor file && classFiles.contains(idName(file))));
        pruneToSelection(engine, state.selected());
        dropStandaloneCopiesOfClassFiles(engine);
        // Reported once pruning is done: a duplicate that is not in the run is not this run's problem.
        replaced.stream().filter(problem -> inTree(engine, problem))
                .forEach(problem -> state.report(problem.message(), problem.getSource().orElse(null)));
        replaceDuplicateIds(engine, state, node -> true).forEach(problem -> state.report(problem.message(),
                problem.getSource().orElse(null)));
    }

    private static boolean inTree(TestDescriptor engine, TestDescriptor node) {
        return CognigyEngineDescriptor.standsIn(engine, node);
    }

    /** Containers were built whole; keep the selected nodes, their ancestors and their descendants. */
    private static void pruneToSelection(TestDescriptor engine, Set<UniqueId> selected) {
        // One index instead of findByUniqueId per selection, which walks the whole tree each time.
        Map<UniqueId, TestDescriptor> byId = new HashMap<>();
        engine.accept(node -> byId.put(node.getUniqueId(), node));
        Set<UniqueId> keep = new HashSet<>();
        for (UniqueId id : selected) {
            TestDescriptor node = byId.get(id);
            // A turn of a conversation whose id is taken: the conversation is one failing problem test now.
            for (UniqueId up = id; node == null && up.getSegments().size() > 2; ) {
                up = up.removeLastSegment();
                node = byId.get(up) instanceof ProblemDescriptor problem ? problem : null;
            }
            if (node == null) continue;
            keep.add(node.getUniqueId());
            node.getAncestors().forEach(a -> keep.add(a.getUniqueId()));
            node.getDescendants().forEach(d -> keep.add(d.getUniqueId()));
        }
        for (TestDescriptor node : new ArrayList<>(engine.getDescendants())) {
            if (!keep.contains(node.getUniqueId()) && node.getParent().isPresent()) node.removeFromHierarchy();
        }
    }

    /** A file a selected class runs must not run a second time on its own (as a classpath scan finds it). */
    private static void dropStandaloneCopiesOfClassFiles(TestDescriptor engine) {
        Set<String> underClasses = resourcesUnderClasses(engine);
        for (TestDescriptor child : new ArrayList<>(engine.getChildren())) {
            if (child instanceof DataFileDescriptor file && underClasses.contains(idName(file))) {
                child.removeFromHierarchy();
            }
        }
    }

    /** The data files the engine's classes name, member classes' too, by the name their unique ids give them. */
    private static Set<String> resourcesUnderClasses(TestDescriptor engine) {
        Set<String> underClasses = new HashSet<>();
        engine.accept(node -> {
            if (node instanceof SimulationClassDescriptor) {
                node.getChildren().stream().filter(DataFileDescriptor.class::isInstance)
                        .map(d -> idName((DataFileDescriptor) d)).forEach(underClasses::add);
            }
        });
        return underClasses;
    }

    /**
     * What a data file's unique id names it by: its classpath resource, also when it was selected by its path in the
     * module's resource folder (whose messages name it by that path), so the file a class names and its copy selected
     * by path are one file.
     */
    private static String idName(DataFileDescriptor file) {
        return file.getUniqueId().getLastSegment().getValue();
    }

    /**
     * Test ids identify results in reports, the audit trail and the QA platform: they must be unique
     * in the run. The first keeps its id; every later one becomes a failing problem test naming all
     * places. Only the engine's children that {@code among} accepts are looked at.
     *
     * <p>First is by the unique id of the class or data file at the top of the tree, then in the order its tests
     * were built: not the order the classes were selected in (Surefire's, the file system's), so the same suite
     * names the same later use on every machine, and a run split across JVMs, whose merge sees the uses of different
     * classes or files only, names the one a single JVM names.
     *
     * @return the problem tests that replaced the later uses, for the caller to report
     */
    private static List<ProblemDescriptor> replaceDuplicateIds(TestDescriptor engine, DiscoveryState state,
                                                               java.util.function.Predicate<TestDescriptor> among) {
        Map<String, List<TestDescriptor>> byId = new LinkedHashMap<>();
        List<TestDescriptor> tops = new ArrayList<>(engine.getChildren());
        tops.removeIf(among.negate());
        tops.sort(java.util.Comparator.comparing(top -> top.getUniqueId().toString()));
        for (TestDescriptor child : tops) {
            child.accept(node -> testId(node).ifPresent(id -> byId.computeIfAbsent(id, k -> new ArrayList<>()).add(node)));
        }
        List<ProblemDescriptor> replaced = new ArrayList<>();
        byId.forEach((id, nodes) -> {
            if (nodes.size() < 2) return;
            DuplicateTestId duplicate = DuplicateTestId.of(id, nodes.stream().map(EngineDiscovery::place).toList(),
                    nodes.stream().map(EngineDiscovery::classOf).toList());
            for (int i = 1; i < nodes.size(); i++) {
                TestDescriptor later = nodes.get(i);
                TestDescriptor parent = later.getParent().orElseThrow();
                // Each later use is a test of its own: its long name says which (its place, as the message names it,
                // so two later uses never share one), as the display name alone cannot.
                ProblemDescriptor problem = new ProblemDescriptor(later.getUniqueId(),
                        TestName.of(state.naming(), duplicate.name(), duplicate.longName(i)), duplicate.message(),
                        later.getSource().orElse(null), where(later));
                later.removeFromHierarchy();
                parent.addChild(problem);
                replaced.add(problem);
            }
        });
        return replaced;
    }

    private static Optional<String> testId(TestDescriptor node) {
        if (node instanceof SimulationCaseDescriptor c) return Optional.of(c.simulation().id());
        if (node instanceof ConversationDescriptor c) return Optional.of(c.conversation().id());
        if (node instanceof ConversationMethodDescriptor c) return Optional.of(c.testId());
        return Optional.empty();
    }

    /** Where the replaced test was, as its own result would have named it. */
    private static dev.botsim.cognigy.engine.model.SourcePosition where(TestDescriptor node) {
        if (node instanceof SimulationCaseDescriptor c) return c.simulation().position();
        if (node instanceof ConversationDescriptor c) return c.conversation().position();
        if (node.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource m) {
            return dev.botsim.cognigy.engine.model.SourcePosition.of(m.getClassName());
        }
        return dev.botsim.cognigy.engine.model.SourcePosition.of(place(node));
    }

    /** The class a node belongs to, when it belongs to one. */
    private static Optional<String> classOf(TestDescriptor node) {
        return nearest(node, SimulationClassDescriptor.class).map(c -> c.testClass().getName());
    }

    /**
     * The file and line, or the class and method, of a node. A data file is named as the engine names it (its
     * classpath name, or its path from the working directory): its file name alone would not tell two folders apart.
     */
    private static String place(TestDescriptor node) {
        Optional<String> file = nearest(node, DataFileDescriptor.class).map(f -> f.file().resource());
        return node.getSource().map(source -> file.filter(f -> source instanceof org.junit.platform.engine.support.descriptor.FileSource)
                .map(f -> f + ((org.junit.platform.engine.support.descriptor.FileSource) source).getPosition()
                        .map(p -> ":" + p.getLine()).orElse(""))
                .orElseGet(() -> describe(source))).orElse(node.getUniqueId().toString());
    }

    /** {@code node} itself or its closest ancestor of {@code type}. */
    private static <T extends TestDescriptor> Optional<T> nearest(TestDescriptor node, Class<T> type) {
        for (Optional<TestDescriptor> up = Optional.of(node); up.isPresent(); up = up.get().getParent()) {
            if (type.isInstance(up.get())) return Optional.of(type.cast(up.get()));
        }
        return Optional.empty();
    }

    private static String describe(org.junit.platform.engine.TestSource source) {
        if (source instanceof org.junit.platform.engine.support.descriptor.FileSource f) {
            return f.getFile().getName() + f.getPosition().map(p -> ":" + p.getLine()).orElse("");
        }
        if (source instanceof org.junit.platform.engine.support.descriptor.ClasspathResourceSource r) {
            return r.getClasspathResourceName() + r.getPosition().map(p -> ":" + p.getLine()).orElse("");
        }
        if (source instanceof org.junit.platform.engine.support.descriptor.MethodSource m) {
            return m.getClassName() + "#" + m.getMethodName();
        }
        return source.toString();
    }
}
