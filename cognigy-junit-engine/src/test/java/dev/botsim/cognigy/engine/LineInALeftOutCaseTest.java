package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * A line selector (an IDE's "run the test at line N") on a case left out of its file's tests for a problem runs that
 * problem, which fails naming it — never the case above, which nobody chose.
 */
class LineInALeftOutCaseTest {

    private static final String FIRST = "version: 1\ncases:\n  - id: test_one\n    utterance: hello\n    expect: { intent: greeting }\n";
    private static final String LAST = "  - id: test_three\n    utterance: I want a human\n    expect: { intent: escalate }\n";

    private static List<String> at(Path file, int line) {
        return kit(new ScriptedBackend()).selectors(selectFile(file.toFile(), FilePosition.from(line))).discover()
                .getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).toList();
    }

    @Test
    @DisplayName("a line inside a case left out for an unknown field selects its problem, which fails naming it; lines of"
            + " the valid cases around it still select those cases")
    void unknownField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), FIRST
                + "  - id: test_two\n    utterance: where is my order\n    colour: red\n    expect: { intent: check_order }\n"
                + LAST);

        assertThat(at(file, 4)).containsExactly("hello");
        for (int line : new int[] {6, 7, 8, 9}) {
            assertThat(at(file, line)).as("line %d", line).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("invalid: ").contains("orders.sim.yaml:8:5: unknown field 'colour' in cases[1]");
        }
        assertThat(at(file, 11)).containsExactly("I want a human");
        assertThat(at(file, 1)).hasSize(3);

        EngineExecutionResults run = kit(new ScriptedBackend()).selectors(selectFile(file.toFile(), FilePosition.from(7))).execute();
        List<Event> finished = run.testEvents().finished().list();
        assertThat(finished).singleElement().satisfies(event -> {
            TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
            assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(result.getThrowable().orElseThrow().getMessage()).contains("unknown field 'colour'");
        });
    }

    @Test
    @DisplayName("a line inside a case a syntax error (bad indentation) cut short selects the syntax error, not the case above")
    void badIndentation(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), FIRST
                + "  - id: test_two\n    utterance: where is my order\n     expect: { intent: check_order }\n" + LAST);

        assertThat(at(file, 5)).containsExactly("hello");
        for (int line : new int[] {6, 7, 8, 10}) {
            assertThat(at(file, line)).as("line %d", line).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("orders.sim.yaml:8:12: YAML syntax error");
        }
    }

    @Test
    @DisplayName("a line inside a conversation left out for a problem selects that problem, not the case above it")
    void conversationLeftOut(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), FIRST
                + "conversations:\n  - id: test_talk\n    turns:\n      - say: hi\n      - sya: where is my order\n");

        assertThat(at(file, 8)).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("orders.sim.yaml:10:9: unknown field 'sya'");
        assertThat(at(file, 5)).containsExactly("hello");
    }

    @Test
    @DisplayName("a line inside a Botium convo left out for a problem selects that problem, not the convo above it")
    void botiumConvoLeftOut(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.convo.yml"), """
                convos:
                  - name: greeting
                    steps:
                      - me:
                          - hello
                      - bot:
                          - INTENT: greeting
                  - name: picture
                    steps:
                      - me:
                          - show me a picture
                      - bot:
                          - MEDIA picture.png
                  - name: human
                    steps:
                      - me:
                          - I want a human
                      - bot:
                          - INTENT: escalate
                """);

        assertThat(at(file, 5)).containsExactly("hello");
        for (int line : new int[] {8, 11, 13}) {
            assertThat(at(file, line)).as("line %d", line).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("invalid: ").contains("shop.convo.yml:13");
        }
        assertThat(at(file, 17)).containsExactly("I want a human");
    }
}
