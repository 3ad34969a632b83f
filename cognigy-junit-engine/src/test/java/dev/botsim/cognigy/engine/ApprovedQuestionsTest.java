package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.ApprovedSimulation;

/**
 * An approved answer is kept with what its test said when it was approved: a variant or a turn is keyed by its
 * position, so after inserting a turn, reordering variants or rewording an utterance the test's message no longer
 * matches the one the answer was approved for, and the test fails naming both instead of comparing the answer —
 * in CI and outside — until {@code cognigy.approve=true} approves it for the new message.
 */
class ApprovedQuestionsTest {

    private static final String BOT = "classpath:bots/order-bot.yaml";
    private static final Map<String, String> CI = Map.of("CI", "true");
    private static final Map<String, String> LOCAL = Map.of();
    private static final Map<String, String> APPROVE = Map.of(Constants.APPROVE, "true");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private EngineExecutionResults run(Map<String, String> environment, Map<String, String> parameters,
                                       DiscoverySelector selector) {
        return EngineTestSupport.sandboxRun(BOT, dir, console, environment, parameters, selector);
    }

    private EngineExecutionResults run(Map<String, String> environment, Map<String, String> parameters) {
        return run(environment, parameters, selectFile(data().toFile()));
    }

    private Path data() {
        return dir.resolve("tests/orders.sim.yaml");
    }

    private void write(String text) throws IOException {
        Files.createDirectories(data().getParent());
        Files.writeString(data(), text);
    }

    /** The data file's approval file, named by the data file's path from the working directory. */
    private Path approvalFile() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("approved"))) {
            return files.filter(p -> p.toString().endsWith("orders.sim.yaml.approved.yaml")).findFirst().orElseThrow();
        }
    }

    /** The failure of a test, found by its id as the first line of a failure names it ({@code … test_x[2]: …}). */
    private static Throwable failure(EngineExecutionResults results, String testId) {
        return results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .filter(t -> String.valueOf(t.getMessage()).contains(" " + testId + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed test " + testId + " among "
                        + results.testEvents().failed().stream().map(Event::getTestDescriptor).toList()));
    }

    private static List<String> entries(EngineExecutionResults results, String key) {
        return EngineTestSupport.reportEntries(results, key);
    }

    private Map<String, String> approvals() {
        return EngineTestSupport.approvalsIn(dir.resolve("reports/results.json"));
    }

    private static final String TWO_TURNS = """
            version: 1
            conversations:
              - id: test_conv
                turns:
                  - say: hi
                    expect: approved
                  - say: hello
                    expect: { approved: [intent, next_flow] }
            """;

    @Test
    @DisplayName("a turn inserted into an approved conversation: in CI the shifted turn fails naming the text it was"
            + " approved for and the text it says now, though the bot's answer is the same; the old turn fails as missing")
    void insertedTurnFailsInCi() throws IOException {
        write(TWO_TURNS);
        run(LOCAL, Map.of()).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        String approved = Files.readString(approvalFile());
        assertThat(approved).contains("test_conv#1:\n  said: hi\n  intent: greeting", "test_conv#2:\n  said: hello\n");

        // A new turn 2 whose answer is the same greeting as the old turn 2's.
        write(TWO_TURNS.replace("  - say: hello\n", "  - say: hey\n        expect: { approved: [intent, next_flow] }\n"
                + "      - say: hello\n"));
        EngineExecutionResults ci = run(CI, Map.of());

        ci.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1).skipped(1));
        assertThat(failure(ci, "test_conv#2")).hasMessageContaining("test_conv#2: approved for \"hello\", this test now says"
                        + " \"hey\" — re-approve with -Dcognigy.approve=true, review the diff and commit")
                .hasMessageNotContaining("differs from the approved answer");
        assertThat(approvals()).containsEntry("test_conv#2", "missing");
        assertThat(Files.readString(approvalFile())).isEqualTo(approved);

        EngineExecutionResults approving = run(CI, APPROVE);

        approving.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(entries(approving, "cognigy.approval")).contains("approved (cognigy.approve=true) for \"hey\", where"
                + " \"hello\" was approved before: the bot's answer was written to " + approvalFile() + "; review the change");
        assertThat(approvals()).containsEntry("test_conv#2", "accepted").containsEntry("test_conv#3", "newly_approved");
        assertThat(Files.readString(approvalFile())).contains("test_conv#2:\n  said: hey\n", "test_conv#3:\n  said: hello\n");
        run(CI, Map.of()).testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    }

    @Test
    @DisplayName("two variants swapped: outside CI each fails naming the text its answer was approved for, not as an"
            + " answer that differs; cognigy.approve=true rewrites them, and the next run passes")
    void swappedVariantsFail() throws IOException {
        write("""
                version: 1
                cases:
                  - id: test_x
                    utterances: [hi, I want a human]
                    expect: approved
                """);
        run(LOCAL, Map.of()).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        write("""
                version: 1
                cases:
                  - id: test_x
                    utterances: [I want a human, hi]
                    expect: approved
                """);

        EngineExecutionResults swapped = run(LOCAL, Map.of());

        swapped.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        assertThat(failure(swapped, "test_x[1]")).hasMessageContaining("test_x[1]: approved for \"hi\", this test now says"
                + " \"I want a human\"").hasMessageNotContaining("differs from the approved answer");
        assertThat(failure(swapped, "test_x[2]")).hasMessageContaining("test_x[2]: approved for \"I want a human\", this"
                + " test now says \"hi\"").hasMessageNotContaining("differs from the approved answer");
        assertThat(approvals()).containsEntry("test_x[1]", "missing").containsEntry("test_x[2]", "missing");

        run(LOCAL, APPROVE).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        String approved = Files.readString(approvalFile());
        assertThat(approved.indexOf("said: I want a human")).isLessThan(approved.indexOf("said: hi"));
        assertThat(approved).contains("test_x[1]:\n  said: I want a human\n  intent: escalate");
        run(CI, Map.of()).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    @DisplayName("an utterance reworded under the same id fails outside CI too, though the bot's answer is the same:"
            + " a changed question is reviewed like a changed answer")
    void rewordedUtteranceFails() throws IOException {
        write("version: 1\ncases:\n  - id: test_greeting\n    utterance: hello\n    expect: approved\n");
        run(LOCAL, Map.of()).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        String approved = Files.readString(approvalFile());
        write("version: 1\ncases:\n  - id: test_greeting\n    utterance: good morning\n    expect: approved\n");

        EngineExecutionResults reworded = run(LOCAL, Map.of());

        reworded.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(failure(reworded, "test_greeting")).hasMessageContaining("approved for \"hello\", this test now says"
                + " \"good morning\"");
        assertThat(Files.readString(approvalFile())).isEqualTo(approved);
    }

    @Test
    @DisplayName("a data-only message is said as its data: other data at the same id fails naming both")
    void dataOnlyMessage() throws IOException {
        // The sandbox's REST Endpoint takes data without text.
        Map<String, String> endpoint = Map.of(Constants.BACKEND, "endpoint");
        write("version: 1\ncases:\n  - id: test_start\n    data: { action: GET_STARTED }\n    expect: approved\n");
        run(LOCAL, endpoint).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(approvalFile())).contains("test_start:\n  said: \"data {\\\"action\\\":\\\"GET_STARTED\\\"}\"\n");
        write("version: 1\ncases:\n  - id: test_start\n    data: { action: RESTART }\n    expect: approved\n");

        EngineExecutionResults changed = run(CI, endpoint);

        assertThat(failure(changed, "test_start")).hasMessageContaining("approved for \"data {\"action\":\"GET_STARTED\"}\","
                + " this test now says \"data {\"action\":\"RESTART\"}\"");
    }

    @Test
    @DisplayName("an entry without 'said' (written by hand, or by an earlier version) is compared as before, by its key;"
            + " cognigy.approve=true adds what the test says without calling the answer changed")
    void entryWithoutSaidIsComparedByKey() throws IOException {
        write("version: 1\ncases:\n  - id: test_greeting\n    utterance: hello\n    expect: { approved: [intent] }\n");
        Files.createDirectories(dir.resolve("approved"));
        run(LOCAL, Map.of());
        Path file = approvalFile();
        Files.writeString(file, "test_greeting:\n  intent: greeting\n");

        run(CI, Map.of()).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(approvals()).containsEntry("test_greeting", "compared");
        Files.writeString(file, "test_greeting:\n  intent: escalate\n");
        assertThat(failure(run(CI, Map.of()), "test_greeting")).hasMessageContaining("differs from the approved answer for \"hello\"");
        Files.writeString(file, "test_greeting:\n  intent: greeting\n");

        EngineExecutionResults approving = run(LOCAL, APPROVE);

        approving.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(approvals()).containsEntry("test_greeting", "compared");
        assertThat(entries(approving, "cognigy.approval")).isEmpty();
        assertThat(Files.readString(file)).endsWith("test_greeting:\n  said: hello\n  intent: greeting\n");
    }

    @Test
    @DisplayName("a repeated conversation with an inserted turn: in CI the shifted turn fails as not approved for its"
            + " text, under no stability verdict")
    void repeatedConversation() throws IOException {
        String repeated = TWO_TURNS.replace("  - id: test_conv\n", "  - id: test_conv\n    repeat: 3\n");
        write(repeated);
        run(LOCAL, Map.of()).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        write(repeated.replace("  - say: hello\n", "  - say: hey\n        expect: { approved: [intent, next_flow] }\n"
                + "      - say: hello\n"));

        EngineExecutionResults ci = run(CI, Map.of());

        assertThat(failure(ci, "test_conv#2")).hasMessageContaining("approved for \"hello\", this test now says \"hey\"")
                .hasMessageContaining("its 3 runs:");
        assertThat(approvals()).containsEntry("test_conv#2", "missing");
    }

    @Test
    @DisplayName("@Utterance variants: each entry holds its text; an entry approved for the other variant's text fails")
    void annotatedVariants() throws IOException {
        run(LOCAL, Map.of(), selectClass(ApprovedSimulation.class)).testEvents().assertStatistics(stats -> stats.succeeded(3));
        Path file = dir.resolve("approved/dev/botsim/cognigy/engine/fixtures/ApprovedSimulation.approved.yaml");
        String approved = Files.readString(file);
        assertThat(approved).contains("test_greetings[1]:\n  said: hello\n", "test_greetings[2]:\n  said: good morning\n",
                "test_agent:\n  said: I want a human\n");
        // As the file would read had the method said {"good morning", "hello"} when it was approved.
        Files.writeString(file, approved.replace("said: hello", "said: HELLO").replace("said: good morning", "said: hello")
                .replace("said: HELLO", "said: good morning"));

        EngineExecutionResults swapped = run(LOCAL, Map.of(), selectClass(ApprovedSimulation.class));

        swapped.testEvents().assertStatistics(stats -> stats.started(3).failed(2).succeeded(1));
        assertThat(failure(swapped, "test_greetings[1]"))
                .hasMessageContaining("approved for \"good morning\", this test now says \"hello\"");
        assertThat(failure(swapped, "test_greetings[2]"))
                .hasMessageContaining("approved for \"hello\", this test now says \"good morning\"");
    }
}
