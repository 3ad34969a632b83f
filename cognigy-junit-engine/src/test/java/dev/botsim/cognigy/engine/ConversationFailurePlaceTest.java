package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.fixtures.TranscriptConversation;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/** A {@code @Conversation} method's failure names its place on its first line, as a data file's turn does. */
class ConversationFailurePlaceTest {

    @Test
    @DisplayName("a BotSession expectation that fails names the class#method, the test id and the turn on its first line,"
            + " keeps expected and actual for the IDE's diff, and the record keeps the message as the answer made it")
    void failureNamesMethodTestIdAndTurn() {
        List<SimulationRecord> records = new ArrayList<>();
        SimulationListener capture = new SimulationListener() {
            @Override
            public void runFinished(RunInfo run, List<SimulationRecord> all, RunSummary summary) {
                records.addAll(all);
            }
        };

        EngineExecutionResults results = kit(new ScriptedBackend(), capture)
                .selectors(selectClass(TranscriptConversation.class)).execute();

        Throwable failure = results.testEvents().failed().list().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .reduce((a, b) -> { throw new AssertionError("more than one failure"); }).orElseThrow();
        assertThat(failure.getMessage().lines().findFirst().orElseThrow()).isEqualTo(TranscriptConversation.class.getName()
                + "#greetThenEscalate test_greetThenEscalate#2: bot answer differs from the expectation for \"where is my order\" in intent");
        assertThat(failure).isInstanceOfSatisfying(AssertionFailedError.class, e -> {
            assertThat(e.isExpectedDefined()).isTrue();
            assertThat(e.isActualDefined()).isTrue();
        });
        assertThat(failure.getStackTrace()[0].getMethodName()).isEqualTo("greetThenEscalate");
        assertThat(records).filteredOn(r -> r.testId().equals("test_greetThenEscalate")).singleElement()
                .satisfies(r -> assertThat(r.message()).startsWith("bot answer differs from the expectation"));
    }
}
