package dev.botsim.cognigy.engine.discovery;

import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
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
    private final DiscoveryIssueReporter issues;
    private final DataFiles dataFiles;
    private final boolean anyUserId;
    private final NamingStrategy naming;
    private final Mode defaultMode;

    /**
     * @param anyUserId   whether a user id may be any text, as a REST Endpoint takes it
     * @param naming      how tests are named for display
     * @param defaultMode how a class without {@code mode = Mode.NLU} is checked ({@code NLU} under {@code cognigy.backend=nlu})
     */
    DiscoveryState(DiscoveryIssueReporter issues, DataFiles dataFiles, boolean anyUserId, NamingStrategy naming, Mode defaultMode) {
        this.defaultMode = defaultMode;
        this.issues = issues;
        this.dataFiles = dataFiles;
        this.anyUserId = anyUserId;
        this.naming = naming;
    }

    NamingStrategy naming() {
        return naming;
    }

    Mode defaultMode() {
        return defaultMode;
    }

    boolean anyUserId() {
        return anyUserId;
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
}
