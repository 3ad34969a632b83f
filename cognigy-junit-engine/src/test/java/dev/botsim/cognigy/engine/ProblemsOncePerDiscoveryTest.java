package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.fixtures.OrderBotSimulation;
import dev.botsim.cognigy.engine.fixtures.invalid.FolderWithMisnamedDataFiles;

/**
 * JUnit prints the problems of every discovery, and a build tool may discover more than once (Surefire: its own
 * discovery, then the run's; docs/data-files.md, "How often a problem is shown"). What the engine adds to that must
 * be nothing: each problem once per discovery, however many of its selectors reach the file, and only in a discovery
 * that reaches it — not in one of a class that happens to be discovered beside it.
 */
class ProblemsOncePerDiscoveryTest {

    @Test
    @DisplayName("a misnamed file reached by its class, by its folder and beside an unrelated class is pointed out"
            + " once; the unrelated class discovered alone says nothing of it")
    void misnamedFileOnce() {
        List<String> together = messages(kit(BotiumFilesTest.shopBot()).selectors(
                selectClass(FolderWithMisnamedDataFiles.class), selectClasspathResource("fixtures/misnamed-data"),
                selectClass(OrderBotSimulation.class)).discover());

        assertThat(together).filteredOn(m -> m.contains("misnamed-data/")).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("fixtures/misnamed-data/greetings.yaml: holds cases"),
                m -> assertThat(m).startsWith("fixtures/misnamed-data/hours.sim.yaml.txt: is named like a data file"),
                m -> assertThat(m).startsWith("fixtures/misnamed-data/smoke.csv: holds cases"));
        assertThat(messages(kit(BotiumFilesTest.shopBot()).selectors(selectClass(OrderBotSimulation.class)).discover()))
                .noneMatch(m -> m.contains("misnamed-data"));
    }

    @Test
    @DisplayName("a problem of a data file reached by its folder and by itself is one issue and one invalid test")
    void fileProblemOnce(@TempDir Path root) throws IOException {
        Path file = Files.writeString(root.resolve("orders.sim.yaml"),
                "cases:\n  - id: test_hello\n    utterance: hello\n  - id: test_typo\n    utterence: good evening\n");

        EngineDiscoveryResults results = kit(BotiumFilesTest.shopBot())
                .selectors(selectDirectory(root.toFile()), selectFile(file.toFile())).discover();

        assertThat(messages(results)).filteredOn(m -> m.contains("unknown field 'utterence'")).hasSize(1);
        assertThat(results.getEngineDescriptor().getDescendants().stream().filter(ProblemDescriptor.class::isInstance)
                .map(TestDescriptor::getDisplayName).filter(name -> name.contains("unknown field 'utterence'")))
                .hasSize(1);
    }

    @Test
    @DisplayName("a misspelt utterance is one issue and one invalid test, at the misspelt key, which fails the run as"
            + " before; the case beside it runs")
    void misspeltUtteranceOnce(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("orders.sim.yaml"),
                "cases:\n  - id: test_menu\n    utterance: menu\n  - id: test_typo\n    utterence: good evening\n");

        EngineDiscoveryResults discovered = kit(BotiumFilesTest.shopBot()).selectors(selectDirectory(root.toFile())).discover();
        EngineExecutionResults run = kit(BotiumFilesTest.shopBot()).selectors(selectDirectory(root.toFile())).execute();

        assertThat(messages(discovered)).singleElement().asString()
                .endsWith("orders.sim.yaml:5:5: unknown field 'utterence' in cases[1] — did you mean 'utterance'?");
        assertThat(run.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .singleElement().asString().startsWith("invalid: ").endsWith(":5:5: unknown field 'utterence' in cases[1] —"
                        + " did you mean 'utterance'?");
        assertThat(run.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("menu");
    }

    private static List<String> messages(EngineDiscoveryResults results) {
        return results.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
    }
}
