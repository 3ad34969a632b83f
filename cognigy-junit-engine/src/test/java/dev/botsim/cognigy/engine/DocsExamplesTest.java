package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.DocumentedDataFile.Kind;
import dev.botsim.cognigy.engine.support.MarkdownBlocks;
import dev.botsim.cognigy.engine.support.MarkdownBlocks.Block;

/**
 * The data files README.md and docs/*.md show are files a user copies: each is read as the engine reads it, and a
 * problem fails here naming the page and line to fix. A block is such an example when its info string names the file
 * it is, {@code ```yaml file=orders.sim.yaml} (GitHub shows the language only); a YAML, JSON or CSV block that looks
 * like a simulation file and names none fails too, so no example escapes the check by being left unmarked.
 */
class DocsExamplesTest {

    /** A YAML simulation file's top-level lists, or a case or conversation of one. */
    private static final Pattern YAML_DATA = Pattern.compile("(?m)^(cases|conversations|convos):|^\\s*- id: test_");

    private static final Pattern JSON_DATA = Pattern.compile("\"(cases|conversations|convos)\"\\s*:");

    private static final Set<String> DATA_LANGUAGES = Set.of("yaml", "yml", "json", "csv");

    private static List<DocumentedDataFile> examples() {
        return MarkdownBlocks.all().stream().flatMap(block -> DocumentedDataFile.of(block).stream()).toList();
    }

    @TestFactory
    @DisplayName("every data file the docs show reads without a problem: simulation files by discovery, bot definitions"
            + " by the sandbox, playbook exports by a sandbox seeded with them, approval files by the approvals")
    Stream<DynamicTest> everyExampleReads(@TempDir Path dir) {
        List<DocumentedDataFile> examples = examples();
        // A reader of the pages that stopped finding examples must not pass by checking none.
        assertThat(examples).extracting(DocumentedDataFile::kind).filteredOn(Kind.SIMULATION::equals).hasSizeGreaterThanOrEqualTo(10);
        assertThat(examples).extracting(DocumentedDataFile::kind).contains(Kind.BOT_DEFINITION, Kind.APPROVAL_FILE,
                Kind.PLAYBOOK_EXPORT);
        assertThat(examples).extracting(example -> example.block().page()).contains("README.md", "docs/data-files.md");

        int[] n = {0};
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
            Path own = Files.createDirectories(dir.resolve("example-" + ++n[0]));
            assertThat(example.problems(own)).as("%s, as a user's copy of it reads", example).isEmpty();
        }));
    }

    @Test
    @DisplayName("a YAML, JSON or CSV block that looks like a simulation file names the file it is, so it is checked")
    void everyDataFileLookingBlockIsChecked() {
        List<String> unnamed = MarkdownBlocks.all().stream()
                .filter(block -> block.file().isEmpty() && looksLikeSimulationFile(block)).map(Block::where).toList();

        assertThat(unnamed).as("blocks that look like a simulation file but name none: give each the file it is, as in"
                + " ```yaml file=orders.sim.yaml, whole (a fragment under the lists it belongs to)").isEmpty();
    }

    @Test
    @DisplayName("an example broken in a page fails, naming the page's line and column and the engine's own message")
    void aBrokenExampleFailsAtItsPlace(@TempDir Path dir) throws IOException {
        List<Block> blocks = MarkdownBlocks.of("docs/broken.md", List.of("# Broken", "", "```yaml file=orders.sim.yaml",
                "version: 1", "cases:", "  - id: test_order_check", "    utterence: where is my order", "```"));

        List<String> problems = DocumentedDataFile.of(blocks.get(0)).orElseThrow().problems(dir);

        assertThat(problems).contains("docs/broken.md:7:5: unknown field 'utterence' in cases[0] — did you mean 'utterance'?");
    }

    @Test
    @DisplayName("a broken bot definition and an approval file the engine would write otherwise fail at their place too")
    void otherBrokenExamplesFailAtTheirPlace(@TempDir Path dir) throws IOException {
        Block bot = MarkdownBlocks.of("docs/broken.md", List.of("```yaml file=shop.bot.yaml", "bot: shop", "flows:",
                "  - id: flow_a", "    intnts: []", "```")).get(0);
        Block approvals = MarkdownBlocks.of("docs/broken.md", List.of("```yaml file=approved/orders.sim.yaml.approved.yaml",
                "test_a:", "  said: hi", "  intent: greeting", "```")).get(0);

        assertThat(DocumentedDataFile.of(bot).orElseThrow().problems(dir)).singleElement().asString()
                .startsWith("docs/broken.md:5: unknown field 'intnts'");
        assertThat(DocumentedDataFile.of(approvals).orElseThrow().problems(dir)).singleElement().asString()
                .startsWith("docs/broken.md:2: the engine writes this approval file differently from here on: # Approved answers"
                        + " of orders.sim.yaml");
    }

    @Test
    @DisplayName("a block is taken for a simulation file by its lists or a test id, not by being YAML or JSON")
    void whatLooksLikeASimulationFile() {
        List<Block> blocks = MarkdownBlocks.of("docs/t.md", List.of("```yaml", "cases:", "  - id: test_a", "```",
                "```yaml", "  - id: test_b", "    utterance: hi", "```", "```json", "{\"conversations\": []}", "```",
                "```csv", "id,utterance", "test_c,hi", "```", "```yaml", "jobs:", "  test: {}", "```",
                "```json", "{\"results\": [{\"test_id\": \"test_a\"}]}", "```"));

        assertThat(blocks).extracting(DocsExamplesTest::looksLikeSimulationFile).containsExactly(true, true, true, true, false, false);
    }

    private static boolean looksLikeSimulationFile(Block block) {
        String language = block.language().toLowerCase(java.util.Locale.ROOT);
        if (!DATA_LANGUAGES.contains(language)) return false;
        return switch (language) {
            case "json" -> JSON_DATA.matcher(block.text()).find();
            case "csv" -> block.text().lines().findFirst().map(header -> List.of(header.split(",")).contains("utterance")).orElse(false);
            default -> YAML_DATA.matcher(block.text()).find();
        };
    }
}
