package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

/**
 * A line of a data file, as an IDE's gutter or {@code --select-file=...?line=N} chooses it, selects exactly the tests a
 * user clicking that line expects: the case, variant, conversation or turn written there, the whole file above the
 * first case, and nothing — said so — past the file's end (the empty line an
 * editor shows after the final line break is the file's last).
 */
class LinesOfADataFileTest {

    private static final String YAML = """
            version: 1
            cases:
              - id: test_greeting
                utterance: hello
                expect: { intent: greeting }

              - id: test_variants
                utterances:
                  - where is my order
                  - track my package
                expect: { intent: check_order }
              - id: test_inline
                utterances: [hi there, good morning]
                expect: { intent: greeting }
            conversations:
              - id: test_talk
                turns:
                  - say: hi
                    expect: { intent: greeting }
                  - say: I want a human
                    expect: { intent: escalate }
            """;
    private static final List<String> YAML_TESTS = List.of("test_greeting", "test_variants[1]", "test_variants[2]",
            "test_inline[1]", "test_inline[2]", "test_talk/1", "test_talk/2");

    private static EngineDiscoveryResults discover(DiscoverySelector selector) {
        return kit(new ScriptedBackend()).selectors(selector).discover();
    }

    /** The tests a selector picks, each named by its id below the file: {@code test_a}, {@code test_b[2]}, {@code test_talk/1}. */
    private static List<String> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(d -> d.getUniqueId().getSegments().stream().skip(2).map(UniqueId.Segment::getValue)
                        .collect(Collectors.joining("/")))
                .toList();
    }

    private static List<String> at(Path file, int line) {
        EngineDiscoveryResults results = discover(selectFile(file.toFile(), FilePosition.from(line)));
        assertThat(results.getDiscoveryIssues()).as("issues at line %d", line).isEmpty();
        return tests(results);
    }

    @Test
    @DisplayName("a YAML file: each line of a case selects it — first, body, blank line after it — a line above the first"
            + " case the whole file, a line of one variant that variant, the case's other lines all its variants")
    void yamlCases(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), YAML);

        assertThat(at(file, 1)).as("version line").containsExactlyElementsOf(YAML_TESTS);
        assertThat(at(file, 2)).as("cases: line").containsExactlyElementsOf(YAML_TESTS);
        for (int line : new int[] {3, 4, 5, 6}) {
            assertThat(at(file, line)).as("line %d", line).containsExactly("test_greeting");
        }
        for (int line : new int[] {7, 8, 11}) {
            assertThat(at(file, line)).as("line %d", line).containsExactly("test_variants[1]", "test_variants[2]");
        }
        assertThat(at(file, 9)).as("first variant's line").containsExactly("test_variants[1]");
        assertThat(at(file, 10)).as("second variant's line").containsExactly("test_variants[2]");
        for (int line : new int[] {12, 13, 14}) {
            assertThat(at(file, line)).as("variants written on one line, line %d", line)
                    .containsExactly("test_inline[1]", "test_inline[2]");
        }
    }

    @Test
    @DisplayName("a YAML conversation: its id and turns: lines select every turn, a turn's say: and expect: lines that turn,"
            + " the last line the last turn")
    void yamlConversation(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), YAML);

        assertThat(at(file, 16)).containsExactly("test_talk/1", "test_talk/2");
        assertThat(at(file, 17)).containsExactly("test_talk/1", "test_talk/2");
        assertThat(at(file, 18)).containsExactly("test_talk/1");
        assertThat(at(file, 19)).containsExactly("test_talk/1");
        assertThat(at(file, 20)).containsExactly("test_talk/2");
        assertThat(at(file, 21)).containsExactly("test_talk/2");
    }

    @Test
    @DisplayName("a line past the file's end selects nothing and says the file has no such line and how many it has, for a"
            + " file on disk and on the class path alike; the last line still selects the last test")
    void pastTheEnd(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), YAML);

        assertThat(at(file, 21)).containsExactly("test_talk/2");
        assertThat(at(file, 22)).as("the empty line an editor shows after the final line break").containsExactly("test_talk/2");
        for (int line : new int[] {23, 24, 500}) {
            EngineDiscoveryResults results = discover(selectFile(file.toFile(), FilePosition.from(line)));
            assertThat(tests(results)).as("line %d", line).isEmpty();
            assertThat(results.getDiscoveryIssues()).as("line %d", line).singleElement().satisfies(issue -> {
                assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
                assertThat(issue.message()).contains("orders.sim.yaml has no line " + line + " (it has 22)",
                        "select the file, or a line of the test as the file is now");
            });
        }

        String orders = "fixtures/standalone/orders.sim.yaml";
        EngineDiscoveryResults beyond = discover(selectClasspathResource(orders, FilePosition.from(10_000)));
        assertThat(tests(beyond)).isEmpty();
        assertThat(beyond.getDiscoveryIssues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains(orders + " has no line 10000"));
    }

    @Test
    @DisplayName("a CSV file: the header selects every row's test, a row (and a blank line after it) its own, each line of"
            + " a row whose quoted cell spans two lines that row, a line past the end nothing")
    void csvRows(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("smoke.sim.csv"),
                "id,utterance,intent\ntest_a,hello,greeting\n\ntest_b,\"where is\nmy order\",check_order\ntest_c,bye,goodbye\n");

        assertThat(at(file, 1)).containsExactly("test_a", "test_b", "test_c");
        assertThat(at(file, 2)).containsExactly("test_a");
        assertThat(at(file, 3)).containsExactly("test_a");
        assertThat(at(file, 4)).containsExactly("test_b");
        assertThat(at(file, 5)).containsExactly("test_b");
        assertThat(at(file, 6)).containsExactly("test_c");
        assertThat(at(file, 7)).containsExactly("test_c");
        EngineDiscoveryResults beyond = discover(selectFile(file.toFile(), FilePosition.from(8)));
        assertThat(tests(beyond)).isEmpty();
        assertThat(beyond.getDiscoveryIssues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("smoke.sim.csv has no line 8 (it has 7)"));
    }

    @Test
    @DisplayName("a JSON file: lines above the first case select the file, a case's opening brace to its closing one the"
            + " case, a list of utterances on one line every variant, the closing brackets the last case")
    void jsonCases(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.json"), """
                {
                  "version": 1,
                  "cases": [
                    {
                      "id": "test_greeting",
                      "utterance": "hello",
                      "expect": { "intent": "greeting" }
                    },
                    {
                      "id": "test_order",
                      "utterances": ["where is my order", "track my package"],
                      "expect": { "intent": "check_order" }
                    }
                  ]
                }
                """);

        for (int line : new int[] {1, 2, 3}) {
            assertThat(at(file, line)).as("line %d", line).containsExactly("test_greeting", "test_order[1]", "test_order[2]");
        }
        for (int line : new int[] {4, 5, 8}) {
            assertThat(at(file, line)).as("line %d", line).containsExactly("test_greeting");
        }
        for (int line : new int[] {9, 11, 13, 15}) {
            assertThat(at(file, line)).as("line %d", line).containsExactly("test_order[1]", "test_order[2]");
        }
    }

    @Test
    @DisplayName("two cases left out for problems: a line of each selects its own problem only, never the other's, nor the"
            + " valid case between them")
    void twoLeftOutCases(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_one
                    utterance: hello
                    colour: red
                    expect: { intent: greeting }
                  - id: test_two
                    utterance: where is my order
                    expect: { intent: check_order }
                  - id: test_three
                    utterance: I want a human
                    expect: { intent: escalate }
                    shape: round
                """);

        for (int line : new int[] {3, 4, 5, 6}) {
            assertThat(names(file, line)).as("line %d", line).singleElement().asString()
                    .startsWith("invalid: ").contains("unknown field 'colour'");
        }
        assertThat(names(file, 8)).containsExactly("where is my order");
        for (int line : new int[] {10, 11, 12, 13}) {
            assertThat(names(file, line)).as("line %d", line).singleElement().asString()
                    .startsWith("invalid: ").contains("unknown field 'shape'");
        }
    }

    @Test
    @DisplayName("a case left out for a problem on its first line (an id that is no test id) right after another left out:"
            + " a line of each selects its own problem only")
    void problemOnALeftOutCasesFirstLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_one
                    utterance: hello
                    colour: red
                  - id: test two
                    utterance: where is my order
                  - id: test_three
                    utterance: I want a human
                """);

        for (int line : new int[] {3, 4, 5}) {
            assertThat(names(file, line)).as("line %d", line).singleElement().asString()
                    .startsWith("invalid: ").contains("unknown field 'colour'");
        }
        for (int line : new int[] {6, 7}) {
            assertThat(names(file, line)).as("line %d", line).singleElement().asString()
                    .startsWith("invalid: ").contains("orders.sim.yaml:6:9: id 'test two' in cases[1] does not match");
        }
        assertThat(names(file, 8)).containsExactly("I want a human");
    }

    private static List<String> names(Path file, int line) {
        return discover(selectFile(file.toFile(), FilePosition.from(line))).getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).map(TestDescriptor::getDisplayName).toList();
    }
}
