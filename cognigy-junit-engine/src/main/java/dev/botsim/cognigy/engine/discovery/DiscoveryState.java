package dev.botsim.cognigy.engine.discovery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.config.NamingStrategy;

/**
 * What the resolvers of one discovery request share: the nodes the selectors chose (containers
 * are built whole and pruned to these afterwards), the data files already read, and where
 * problems are reported.
 */
final class DiscoveryState {

    private final Set<UniqueId> selected = new LinkedHashSet<>();
    private final java.util.Map<UniqueId, org.junit.platform.engine.TestDescriptor> resolved = new java.util.HashMap<>();
    /** Per container, its nodes by unique id: built on the first lookup, as containers are built whole. */
    private final java.util.Map<org.junit.platform.engine.TestDescriptor, java.util.Map<UniqueId, org.junit.platform.engine.TestDescriptor>>
            nodesById = new java.util.IdentityHashMap<>();
    private final DiscoveryIssueReporter issues;
    private final DataFiles dataFiles;
    private final NamingStrategy naming;
    private final Mode defaultMode;

    /**
     * @param naming      how tests are named for display
     * @param defaultMode how a class without {@code mode = Mode.NLU} is checked ({@code NLU} under {@code cognigy.backend=nlu})
     */
    DiscoveryState(DiscoveryIssueReporter issues, DataFiles dataFiles, NamingStrategy naming, Mode defaultMode) {
        this.defaultMode = defaultMode;
        this.issues = issues;
        this.dataFiles = dataFiles;
        this.naming = naming;
    }

    NamingStrategy naming() {
        return naming;
    }

    Mode defaultMode() {
        return defaultMode;
    }

    void select(UniqueId uniqueId) {
        selected.add(uniqueId);
    }

    /** Containers are built once, however many selectors lead to them. */
    <T extends org.junit.platform.engine.TestDescriptor> T remember(T container) {
        resolved.put(container.getUniqueId(), container);
        return container;
    }

    java.util.Optional<org.junit.platform.engine.TestDescriptor> resolved(UniqueId uniqueId) {
        return java.util.Optional.ofNullable(resolved.get(uniqueId));
    }

    /**
     * The node of {@code container}'s tree with this unique id, as {@link org.junit.platform.engine.TestDescriptor#findByUniqueId}
     * finds it, from an index of the container built on its first lookup: {@code findByUniqueId} walks the whole
     * container each time, and a rerun selects its tests one unique id each (thousands, for a large file).
     */
    Optional<org.junit.platform.engine.TestDescriptor> find(org.junit.platform.engine.TestDescriptor container, UniqueId uniqueId) {
        java.util.Map<UniqueId, org.junit.platform.engine.TestDescriptor> index = nodesById.computeIfAbsent(container, root -> {
            java.util.Map<UniqueId, org.junit.platform.engine.TestDescriptor> byId = new java.util.HashMap<>();
            root.accept(node -> byId.putIfAbsent(node.getUniqueId(), node));
            return byId;
        });
        return Optional.ofNullable(index.get(uniqueId));
    }

    Set<UniqueId> selected() {
        return selected;
    }

    DataFiles dataFiles() {
        return dataFiles;
    }

    /**
     * Problems are warnings, not errors: JUnit fails a whole engine on error-level issues, and one
     * bad file must not stop the others. The run still goes red through a failing problem test.
     */
    void report(String message, TestSource source) {
        issues.reportIssue(DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING, message).source(source));
    }

    /**
     * A selection that names nothing, said at JUnit's own severity for a unique id it cannot resolve (which it reports
     * too): the engine's failure lists its critical issues, and this one says why and what to do.
     */
    void reportUnresolved(String message, TestSource source) {
        issues.reportIssue(DiscoveryIssue.builder(DiscoveryIssue.Severity.ERROR, message).source(source));
    }

    /**
     * Points out files below a classpath folder of data files that would not run as their author meant: when the folder
     * holds a file {@code kind} picks, each file {@code candidate} picks gets the {@code warning} it has, if any.
     */
    void pointOutUnder(String folder, Predicate<String> kind, Predicate<String> candidate,
                       Function<String, Optional<String>> warning) {
        if (!AnnotatedClassTree.isPlainResourceName(folder) || !ClasspathFolders.mayBeFolder(folder)) return;
        List<String> held = ClasspathFolders.filesUnder(folder);
        if (held.stream().noneMatch(kind)) return;
        String prefix = folder.replaceAll("^/+|/+$", "") + "/";
        held.stream().filter(candidate).map(file -> prefix + file)
                .forEach(resource -> warning.apply(resource).ifPresent(w -> report(w, ClasspathResourceSource.from(resource))));
    }
}
