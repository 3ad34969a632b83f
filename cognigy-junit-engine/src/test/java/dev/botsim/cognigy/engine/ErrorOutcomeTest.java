package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.fixtures.ErrorThrowingSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A test that ends with an {@link Error} other than an {@link AssertionError} — a test method's helper class that failed
 * to load, a stack overflow — fails in JUnit and is recorded as it failed: the records every report, the governance
 * verdict, the audit trail and the webhook read must not call it passed while the build is red.
 */
class ErrorOutcomeTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a test method ending with NoClassDefFoundError or ExceptionInInitializerError is recorded as an error"
            + " with the error's message, as JUnit fails it, never as passed")
    void errorOfATestMethodIsRecorded() {
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = kit(new ScriptedBackend(), listener)
                .selectors(selectClass(ErrorThrowingSimulation.class)).execute();

        assertThat(results.testEvents().failed().count()).isEqualTo(2);
        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Tuple.tuple("test_helperNotLoaded", Outcome.ERROR),
                        Tuple.tuple("test_helperNotLoadedMidConversation", Outcome.ERROR));
        assertThat(listener.finished).extracting(SimulationRecord::message).anySatisfy(message -> assertThat(message)
                .contains("Could not initialize class com.example.OrderFixtures"));
        assertThat(listener.summaries).singleElement().satisfies(summary -> assertThat(summary.outcomes().getOrDefault(Outcome.PASSED, 0L)).isZero());
    }

    @Test
    @DisplayName("a data file's response_matches '(.|\\n)*' on an answer of 30,000 characters: the test passes where the"
            + " pattern matches and fails as a mismatch where it does not, each recorded as JUnit reports it")
    void deepPatternOnALongAnswer() throws IOException {
        Path data = Files.writeString(dir.resolve("hours.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hours
                    utterance: opening hours
                    expect: { response_matches: '^Our hours(.|\\n)*else\\?$' }
                  - id: test_sunday
                    utterance: opening hours
                    expect: { response_matches: '^Our hours(.|\\n)*Sunday$' }
                """);
        String hours = "Our hours:\n" + "Monday to Friday 9 to 5. ".repeat(1200) + "Anything else?";
        ScriptedBackend backend = new ScriptedBackend().answering("opening hours",
                TestTurns.turn(0, "flow_hours", "opening_hours", 0.9, java.util.Map.of(), hours, null, null));
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = kit(backend, listener).selectors(selectFile(data.toFile())).execute();

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(results.testEvents().failed().list()).singleElement().satisfies(failed -> assertThat(
                failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected to match the regular expression"));
        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Tuple.tuple("test_hours", Outcome.PASSED), Tuple.tuple("test_sunday", Outcome.FAILED));
    }

    @Test
    @DisplayName("a conversation's turn that ends with an Error is recorded as an error, and the turns after it are skipped"
            + " as after any failed turn, not sent in a session whose earlier turn never got its answer")
    void errorOfAConversationTurnSkipsTheRest() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                conversations:
                  - id: test_order_talk
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order
                        expect: { intent: check_order }
                """);
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.TurnResult send(dev.botsim.cognigy.engine.backend.TurnRequest request) {
                if ("hi".equals(request.text())) throw new NoClassDefFoundError("Could not initialize class com.example.Codec");
                return super.send(request);
            }
        };
        RecordingListener listener = new RecordingListener();

        kit(backend, listener).configurationParameter(dev.botsim.cognigy.engine.config.Constants.PARALLEL_ENABLED, "false")
                .selectors(selectFile(data.toFile())).execute();

        assertThat(backend.requests).extracting(dev.botsim.cognigy.engine.backend.TurnRequest::text)
                .doesNotContain("where is my order");
        assertThat(listener.finished).extracting(SimulationRecord::outcome)
                .containsExactly(Outcome.ERROR, Outcome.SKIPPED);
    }
}
