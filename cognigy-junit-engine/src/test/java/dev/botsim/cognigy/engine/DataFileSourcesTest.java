package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * What stands where a data file is expected: a file is read, anything else with a data file's name is one problem
 * test naming it and what to do, never an exception or a wait.
 */
class DataFileSourcesTest {

    @TempDir
    Path root;
    private final ScriptedBackend backend = new ScriptedBackend();

    private static String case_(String id, String utterance) {
        return "cases:\n  - id: " + id + "\n    utterance: " + utterance + "\n";
    }

    @Test
    @DisplayName("cognigy.discovery.max-file-size at the highest value it accepts, 2147483647, reads files as a smaller limit does")
    void largestFileSizeLimit() throws Exception {
        Path file = Files.writeString(root.resolve("orders.sim.yaml"), case_("test_largest_limit", "hi"));

        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .configurationParameter(Constants.DISCOVERY_MAX_FILE_SIZE, String.valueOf(Integer.MAX_VALUE))
                .selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }

    @Test
    @DisplayName("a folder on the class path named like a data file is one problem test saying to rename it, not 'Is a directory'")
    void folderNamedLikeADataFile() throws Exception {
        Files.createDirectories(root.resolve("sims/orders.sim.yaml"));
        Files.writeString(root.resolve("sims/orders.sim.yaml/inner.sim.yaml"), case_("test_inner", "hi"));

        List<String> problems = onClassPath(() -> EngineTestSupport.kit(backend)
                .selectors(selectClasspathResource("sims/orders.sim.yaml")).execute());

        assertThat(problems).containsExactly("sims/orders.sim.yaml: is a folder, not a file, and was not read — rename it:"
                + " a name that ends like a data file's (*.sim.yaml, *.sim.json, *.sim.csv, ...) is read as a data file");
    }

    @Test
    @DisplayName("a named pipe among the data files is one problem test; it is never opened, which would wait for a writer for ever")
    void namedPipe() throws Exception {
        Path folder = Files.createDirectories(root.resolve("sims"));
        Files.writeString(folder.resolve("good.sim.yaml"), case_("test_good", "hi"));
        assumeTrue(new ProcessBuilder("mkfifo", folder.resolve("pipe.sim.yaml").toString()).start().waitFor() == 0,
                "mkfifo is available");

        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> onClassPath(
                () -> EngineTestSupport.kit(backend).selectors(selectClasspathResource("sims")).execute()));

        assertThat(problems).containsExactly("sims/pipe.sim.yaml: is not a regular file (a named pipe, socket or device) and"
                + " was not read — replace it with a data file, or move it out of the folder of data files");
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }

    @Test
    @DisplayName("a data file whose name holds a line break or a right-to-left override is named with them written visibly"
            + " in its discovery warning and its failure, each one line before the problem")
    void fileNameWithControlCharacters() throws Exception {
        Path folder = Files.createDirectories(root.resolve("sims"));
        Path broken;
        try {
            broken = Files.writeString(folder.resolve("new\nline\u202Eyaml.sim.yaml"), "cases:\n  - id: test_a\n    utterance: [\n");
        } catch (java.nio.file.InvalidPathException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system refuses such a name: " + e);
            return;
        }
        Files.writeString(folder.resolve("good.sim.yaml"), case_("test_good", "hi"));

        EngineExecutionResults results = EngineTestSupport.kit(backend).selectors(selectFile(broken.toFile()),
                selectFile(folder.resolve("good.sim.yaml").toFile())).execute();

        List<String> failures = EngineTestSupport.failureMessages(results);
        assertThat(failures).singleElement().satisfies(message -> assertThat(message)
                .contains("new\\nline\\u202eyaml.sim.yaml:4:1: YAML syntax error").doesNotContain("\n", "\u202E"));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }

    @Test
    @DisplayName("in a selected folder, a symbolic link named like a data file that leads to no file (its target gone, or a"
            + " loop of links) and a named pipe are one problem test each, not left out in silence; selected by path too")
    void linksToNothingAndPipesInAFolder() throws Exception {
        Path folder = Files.createDirectories(root.resolve("sims"));
        Files.writeString(folder.resolve("good.sim.yaml"), case_("test_good", "hi"));
        Path gone = Files.createSymbolicLink(folder.resolve("gone.sim.yaml"), Path.of("moved-away.sim.yaml"));
        Files.createSymbolicLink(folder.resolve("loop-a.sim.yaml"), Path.of("loop-b.sim.yaml"));
        Files.createSymbolicLink(folder.resolve("loop-b.sim.yaml"), Path.of("loop-a.sim.yaml"));
        boolean pipe = new ProcessBuilder("mkfifo", folder.resolve("pipe.sim.csv").toString()).start().waitFor() == 0;

        EngineExecutionResults inFolder = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> EngineTestSupport.kit(backend)
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory(folder.toFile())).execute());
        EngineExecutionResults byPath = EngineTestSupport.kit(new ScriptedBackend()).selectors(selectFile(gone.toString())).execute();

        String shown = folder.toString();
        List<String> expected = new java.util.ArrayList<>(List.of(
                shown + "/gone.sim.yaml: is a symbolic link to moved-away.sim.yaml, which leads to no file, and was not read"
                        + " — point the link at a data file, or remove it",
                shown + "/loop-a.sim.yaml: is a symbolic link to loop-b.sim.yaml, which leads to no file, and was not read"
                        + " — point the link at a data file, or remove it",
                shown + "/loop-b.sim.yaml: is a symbolic link to loop-a.sim.yaml, which leads to no file, and was not read"
                        + " — point the link at a data file, or remove it"));
        if (pipe) expected.add(shown + "/pipe.sim.csv: is not a regular file (a named pipe, socket or device) and was not read"
                + " — replace it with a data file, or move it out of the folder of data files");
        assertThat(EngineTestSupport.failureMessages(inFolder)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
        assertThat(EngineTestSupport.failureMessages(byPath)).containsExactly(expected.get(0));
    }

    @Test
    @DisplayName("on the class path, a symbolic link named like a data file that leads to no file is said to be one, not"
            + " 'not on the class path — did you mean' its own name")
    void linkToNothingOnTheClassPath() throws Exception {
        Path folder = Files.createDirectories(root.resolve("sims"));
        Files.writeString(folder.resolve("good.sim.yaml"), case_("test_good", "hi"));
        Files.createSymbolicLink(folder.resolve("gone.sim.yaml"), Path.of("moved-away.sim.yaml"));
        String expected = "sims/gone.sim.yaml: is a symbolic link to moved-away.sim.yaml, which leads to no file, and was not"
                + " read — point the link at a data file, or remove it";

        List<String> inFolder = onClassPath(() -> EngineTestSupport.kit(backend).selectors(selectClasspathResource("sims")).execute());
        List<String> named = onClassPath(() -> EngineTestSupport.kit(new ScriptedBackend())
                .selectors(selectClasspathResource("sims/gone.sim.yaml")).execute());

        assertThat(inFolder).containsExactly(expected);
        assertThat(named).containsExactly(expected);
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }

    /** Runs with {@link #root} on the class path; the messages of the failed problem tests. */
    private List<String> onClassPath(Supplier<EngineExecutionResults> run) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return run.get().testEvents().failed().stream()
                    .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("invalid: "))
                    .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                    .map(EngineTestSupport::problem)
                    .toList();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
