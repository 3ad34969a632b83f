package dev.botsim.cognigy.engine.shard;

import java.util.List;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.IterationSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.discovery.UriSelector;

import dev.botsim.cognigy.engine.support.SelectorUris;

/**
 * Whether a discovery request picks tests one by one — a test's unique id (how Surefire's
 * {@code rerunFailingTestsCount} and IDEs rerun a test), a method or texts of it, a line of a data file — rather than whole classes,
 * files, folders or packages. A run of tests picked one by one is a rerun or a look at a few tests, never the suite:
 * its reports must not replace the suite's, and with a run id its results replace earlier ones of the same tests.
 */
public final class SelectionScope {

    /**
     * The segment of a class's node, the descriptors' {@code SimulationClassDescriptor.SEGMENT}, not imported: the
     * descriptors reach this package through the lifecycle, and packages must not depend on each other in a cycle.
     */
    private static final String CLASS_SEGMENT = "class";

    private SelectionScope() {
    }

    public static boolean oneByOne(EngineDiscoveryRequest request) {
        return oneByOne(request, s -> false);
    }

    /**
     * The same, where the engine's own unique id selects no test (every mode but the project's own playbooks): selecting
     * it is the rerun of the run's own failure ({@link #rerunsRunFailure}), beside the tests picked one by one or alone.
     */
    public static boolean oneByOne(EngineDiscoveryRequest request, UniqueId engineId) {
        return oneByOne(request, s -> selectsNode(s, engineId));
    }

    /**
     * Every selector picks tests, or is one that counts as picking them here. A class selected beside tests picked by
     * unique id is a rerun too: Surefire's {@code rerunFailingTestsCount} reruns a failed node whose source is its class
     * (a test standing for a problem of the class's input) by selecting the class, with a filter that keeps the failed
     * nodes, and the other failed tests by their unique ids. A whole suite is never selected so.
     */
    private static boolean oneByOne(EngineDiscoveryRequest request, java.util.function.Predicate<DiscoverySelector> counts) {
        List<DiscoverySelector> selectors = request.getSelectorsByType(DiscoverySelector.class);
        boolean testsById = selectors.stream().anyMatch(s -> s instanceof UniqueIdSelector && picksTests(s));
        return !selectors.isEmpty() && selectors.stream()
                .allMatch(s -> picksTests(s) || counts.test(s) || (testsById && s instanceof ClassSelector));
    }

    /**
     * Whether the request selects the engine's node by its unique id. Surefire's {@code rerunFailingTestsCount} reruns
     * every failed node without a class source by its unique id, the engine's too when the run as a whole fell short
     * (tolerant governance below its threshold, coverage below its minimum, a record not kept); an IDE rerunning the
     * failed nodes does the same.
     */
    public static boolean rerunsRunFailure(EngineDiscoveryRequest request, UniqueId engineId) {
        return request.getSelectorsByType(DiscoverySelector.class).stream().anyMatch(s -> selectsNode(s, engineId));
    }

    private static boolean selectsNode(DiscoverySelector selector, UniqueId node) {
        return selector instanceof UniqueIdSelector id && id.getUniqueId().equals(node);
    }

    private static boolean picksTests(DiscoverySelector selector) {
        if (selector instanceof UniqueIdSelector id) return picksTests(id.getUniqueId());
        if (selector instanceof MethodSelector || selector instanceof NestedMethodSelector || selector instanceof IterationSelector) {
            return true;
        }
        if (selector instanceof FileSelector file) return file.getPosition().isPresent();
        if (selector instanceof ClasspathResourceSelector resource) return resource.getPosition().isPresent();
        // A URI picks what the file or classpath-resource selector it names would: a line, or a whole file or folder.
        if (selector instanceof UriSelector uri) return SelectorUris.selector(uri.getUri()).map(SelectionScope::picksTests).orElse(false);
        return false;
    }

    /**
     * [engine:cognigy]/[class:…] or /[file:…] is a whole class or file, and so is a member class's
     * [class:…]/[class:…$Returns] below its enclosing classes; anything below it is one test or conversation.
     */
    private static boolean picksTests(UniqueId id) {
        List<UniqueId.Segment> below = id.getSegments().subList(1, id.getSegments().size());
        int classes = 0;
        while (classes < below.size() && below.get(classes).getType().equals(CLASS_SEGMENT)) classes++;
        return classes == 0 ? below.size() > 1 : classes < below.size();
    }
}
