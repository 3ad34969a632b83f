package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.fixtures.OwnAssertionFailures;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A test method's own assertion on the bot's answer fails as a declared expectation does: its first line names the
 * test and what failed, the assertion's message follows, then what the bot said. Thrown as it was, AssertJ's message
 * began with an empty line and Maven's summary read {@code OwnAssertionFailures.textHasGoodbye:19 Expecting actual: ...}
 * with nothing of the answer, and a plain {@link AssertionError} was not even placed while an
 * {@link AssertionFailedError} was.
 */
class OwnAssertionFailureTest {

    private static final String CLASS = OwnAssertionFailures.class.getName();

    private static Throwable failure(String method, String parameterTypes, RecordingListener listener) {
        EngineExecutionResults results = kit(new ScriptedBackend(), listener)
                .selectors(selectMethod(CLASS + "#" + method + "(" + parameterTypes + ")")).execute();
        return results.testEvents().failed().list().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .reduce((a, b) -> { throw new AssertionError("more than one failure"); }).orElseThrow();
    }

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return listener.finished.stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("a plain AssertionError (AssertJ's contains) is placed, says what failed on its first line and ends with"
            + " the exchange; the trace points at the assertion's line; the record keeps the assertion's message")
    void plainAssertionError() {
        RecordingListener listener = new RecordingListener();

        Throwable failure = failure("textHasGoodbye", "dev.botsim.cognigy.annotations.SimulationResult", listener);

        assertThat(failure.getMessage().lines().findFirst().orElseThrow()).isEqualTo(CLASS + "#textHasGoodbye test_textHasGoodbye:"
                + " the method's own assertion failed on the bot's answer to \"hello there\"");
        assertThat(failure.getMessage()).contains("Expecting actual:\n  \"Hello! How can I help?\"\nto contain:\n  \"Goodbye\"")
                .endsWith("\nuser: \"hello there\"\nbot #0 flow=flow_greeting intent=greeting (0.93) text=\"Hello! How can I help?\"");
        assertThat(failure.getClass()).isEqualTo(AssertionError.class);
        assertThat(failure.getStackTrace()[0].getClassName()).isEqualTo(CLASS);
        assertThat(failure.getStackTrace()[0].getMethodName()).isEqualTo("textHasGoodbye");
        assertThat(failure.getCause()).isNull();
        assertThat(record(listener, "test_textHasGoodbye").message()).startsWith("\nExpecting actual:").doesNotContain("user: ");
    }

    @Test
    @DisplayName("an assertion's message quoting an answer with characters XML 1.0 forbids (U+FFFF, a NUL, an escape) shows"
            + " them as escapes, line by line, as the engine's own failures do: Surefire copies the message into TEST-*.xml,"
            + " and one such character made the whole class's report unreadable to CI")
    void assertionMessageOfAnAnswerXmlCannotHold() {
        ScriptedBackend backend = new ScriptedBackend().answering("ring the bell",
                TestTurns.turn(0, "flow_bell", "bell", 0.9, java.util.Map.of(),
                        "Ding\u0007 dong\u001b[31m red\u0000 nul \uffff", null, null));
        EngineExecutionResults results = kit(backend, new RecordingListener())
                .selectors(selectMethod(CLASS + "#bellAnswer(dev.botsim.cognigy.annotations.SimulationResult)")).execute();
        Throwable failure = results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();

        assertThat(failure.getMessage()).contains("\nexpected: \"ding\"\n", "\\uffff")
                .doesNotContain("\uFFFF", "\u0000", "\u0007", "\u001b");
        assertThat(failure.getMessage().codePoints().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    @DisplayName("an AssertionFailedError (AssertJ's isEqualTo) is said the same way and keeps expected and actual for the IDE's diff")
    void assertionFailedError() {
        Throwable failure = failure("intentIsOrder", "dev.botsim.cognigy.annotations.SimulationResult", new RecordingListener());

        assertThat(failure.getMessage()).startsWith(CLASS + "#intentIsOrder test_intentIsOrder: the method's own assertion failed"
                + " on the bot's answer to \"hi\"\nexpected: \"check_order\"\n but was: \"greeting\"\nuser: \"hi\"\nbot #0 ");
        assertThat(failure).isInstanceOfSatisfying(AssertionFailedError.class, e -> {
            // AssertJ gives them as it shows them, quoted.
            assertThat(e.getExpected().getStringRepresentation()).contains("check_order");
            assertThat(e.getActual().getStringRepresentation()).contains("greeting");
        });
    }

    @Test
    @DisplayName("a @Conversation method's own assertion says how many messages were sent and ends with the whole"
            + " conversation so far, each message before its answer")
    void conversation() {
        Throwable failure = failure("orderNumberAsked", "dev.botsim.cognigy.annotations.BotSession", new RecordingListener());

        assertThat(failure.getMessage().lines().findFirst().orElseThrow()).isEqualTo(CLASS + "#orderNumberAsked test_orderNumberAsked:"
                + " the method's own assertion failed after 2 messages of the conversation");
        assertThat(failure.getMessage()).endsWith("\nuser: \"hi\"\nbot #0 flow=flow_greeting intent=greeting (0.93)"
                + " text=\"Hello! How can I help?\"\nuser: \"where is my order\"\nbot #0 flow=flow_order_status"
                + " intent=check_order (0.93) text=\"Sure, what is your order number?\"");
        assertThat(failure.getStackTrace()[0].getMethodName()).isEqualTo("orderNumberAsked");
    }
}
