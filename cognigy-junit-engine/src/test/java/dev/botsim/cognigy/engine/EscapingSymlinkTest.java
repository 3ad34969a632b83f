package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.TurnRequest;

/**
 * Item 17 (V10): a data file is read only when it really lies inside the folder it was found in. A
 * symbolic link — to a file or a folder — that resolves outside it becomes a failing problem test
 * naming the link and the fix, and what it points at is never read; a link that stays inside is
 * fine.
 */
class EscapingSymlinkTest {

    @TempDir
    Path base;
    private Path root;
    private Path outside;
    private final ScriptedBackend backend = new ScriptedBackend();

    /**
     * <pre>
     * outside/secret.sim.yaml              a valid file whose case must never run
     * outside/folder/other.sim.yaml        likewise
     * root/simulations/good.sim.yaml       an ordinary file
     * root/simulations/escape.sim.yaml     -> outside/secret.sim.yaml (absolute link)
     * root/simulations/relative.sim.yaml   -> ../../outside/secret.sim.yaml (relative link)
     * root/simulations/inside.sim.yaml     -> ../data/orders.yaml (a link that stays inside)
     * root/linked-out                      -> outside/folder (a folder link out)
     * root/linked-in                       -> simulations (a folder link that stays inside)
     * </pre>
     */
    @BeforeEach
    void layout() throws Exception {
        outside = Files.createDirectories(base.resolve("outside"));
        root = Files.createDirectories(base.resolve("root"));
        Files.writeString(outside.resolve("secret.sim.yaml"), case_("test_outside_secret", "leaked secret"));
        Files.createDirectories(outside.resolve("folder"));
        Files.writeString(outside.resolve("folder/other.sim.yaml"), case_("test_outside_folder", "leaked folder"));
        Path simulations = Files.createDirectories(root.resolve("simulations"));
        Files.writeString(simulations.resolve("good.sim.yaml"), case_("test_good", "hi"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/orders.yaml"), case_("test_inside", "hello"));
        Files.createSymbolicLink(simulations.resolve("escape.sim.yaml"), outside.resolve("secret.sim.yaml"));
        Files.createSymbolicLink(simulations.resolve("relative.sim.yaml"), Path.of("../../outside/secret.sim.yaml"));
        Files.createSymbolicLink(simulations.resolve("inside.sim.yaml"), Path.of("../data/orders.yaml"));
        Files.createSymbolicLink(root.resolve("linked-out"), outside.resolve("folder"));
        Files.createSymbolicLink(root.resolve("linked-in"), Path.of("simulations"));
    }

    private static String case_(String id, String utterance) {
        return "version: 1\ncases:\n  - id: " + id + "\n    utterance: " + utterance + "\n";
    }

    @Test
    @DisplayName("item 17: in a selected folder, links to files and folders outside it are problem tests naming the link and the fix; what they point at is never read")
    void directory() {
        EngineExecutionResults results = EngineTestSupport.kit(backend).selectors(selectDirectory(root.toFile())).execute();

        assertThat(texts()).containsExactlyInAnyOrder("hi", "hello");
        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(2).failed(3));
        Map<String, String> problems = problems(results);
        assertThat(problems).containsOnlyKeys(root.resolve("simulations/escape.sim.yaml").toString(),
                root.resolve("simulations/relative.sim.yaml").toString(), root.resolve("linked-out").toString());
        assertThat(problems.values()).allSatisfy(message -> assertThat(message)
                .contains("symbolic link", "outside " + root, "not read", "inside it")
                .doesNotContain("\n"));
        assertThat(problems.get(root.resolve("linked-out").toString())).contains("folder");
        assertThat(allTestIds(results)).noneMatch(id -> id.contains("test_outside"));
    }

    @Test
    @DisplayName("item 17: each escaping link is a discovery issue naming the link, with a file source")
    void discoveryIssues() {
        List<DiscoveryIssue> issues = EngineTestSupport.kit(backend).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues();
        assertThat(issues).extracting(issue -> issue.message().split(": ", 2)[0]).containsExactlyInAnyOrder(
                root.resolve("linked-out").toString(), root.resolve("simulations/escape.sim.yaml").toString(),
                root.resolve("simulations/relative.sim.yaml").toString());
        assertThat(issues).allSatisfy(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.source()).get().isInstanceOf(FileSource.class);
        });
    }

    @Test
    @DisplayName("item 17: a file selected by path (as the console launcher does) that links out of its folder is a problem test, never read")
    void fileSelector() {
        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .selectors(selectFile(root.resolve("simulations/escape.sim.yaml").toString()),
                        selectFile(root.resolve("simulations/good.sim.yaml").toString())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(texts()).containsExactly("hi");
        assertThat(problems(results)).containsOnlyKeys(root.resolve("simulations/escape.sim.yaml").toString());
    }

    @Test
    @DisplayName("item 17: a classpath resource that resolves outside its classpath root, through a file or a folder link, is a problem test, never read")
    void classpathResource() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            EngineExecutionResults results = EngineTestSupport.kit(backend).selectors(
                    selectClasspathResource("simulations/escape.sim.yaml"),
                    selectClasspathResource("linked-out/other.sim.yaml"),
                    selectClasspathResource("simulations/inside.sim.yaml"),
                    selectClasspathResource("simulations/good.sim.yaml")).execute();

            results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
            assertThat(texts()).containsExactlyInAnyOrder("hi", "hello");
            assertThat(problems(results)).containsOnlyKeys("simulations/escape.sim.yaml", "linked-out/other.sim.yaml")
                    .allSatisfy((name, message) -> assertThat(message).contains("symbolic link", "outside " + root, "not read"));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    @DisplayName("item 17: scanning a classpath root reports its escaping file links and never reads them")
    void classpathRootScan() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            EngineExecutionResults results = EngineTestSupport.kit(backend)
                    .selectors(selectClasspathRoots(java.util.Set.of(root))).execute();

            assertThat(texts()).containsExactlyInAnyOrder("hi", "hello");
            assertThat(problems(results)).containsOnlyKeys("simulations/escape.sim.yaml", "simulations/relative.sim.yaml");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private List<String> texts() {
        return backend.requests.stream().map(TurnRequest::text).toList();
    }

    /** Failed problem tests by the file they name: the part of "invalid: file: message" before the message. */
    private static Map<String, String> problems(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(Event::getTestDescriptor)
                .filter(d -> d.getDisplayName().startsWith("invalid: "))
                .collect(Collectors.toMap(d -> d.getDisplayName().substring("invalid: ".length()).split(": ", 2)[0],
                        d -> EngineTestSupport.problem(failure(results, d).getMessage())));
    }

    private static Throwable failure(EngineExecutionResults results, TestDescriptor descriptor) {
        return results.testEvents().failed().stream().filter(e -> e.getTestDescriptor().equals(descriptor)).findFirst()
                .orElseThrow().getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static List<String> allTestIds(EngineExecutionResults results) {
        return results.allEvents().stream().map(e -> e.getTestDescriptor().getUniqueId().toString()).distinct().toList();
    }
}
