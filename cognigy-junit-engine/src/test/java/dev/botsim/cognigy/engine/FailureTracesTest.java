package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;

/**
 * A failed test's stack trace says where the test is: Maven's output, Surefire's reports and IDEs show it, and the
 * engine's frames from the check that failed down to the thread that ran it are nothing a user can act on.
 */
class FailureTracesTest {

    @TempDir
    Path folder;

    /** Answers as {@link ScriptedBackend} does; "break" fails in the transport, with an I/O error as its cause. */
    private final ScriptedBackend bot = new ScriptedBackend() {
        @Override
        public TurnResult send(TurnRequest request) {
            if ("crash".equals(request.text())) throw new IllegalStateException("a state nobody expected");
            if (!"break".equals(request.text())) return super.send(request);
            try (java.net.Socket unconnected = new java.net.Socket()) {
                unconnected.getInputStream();
                throw new AssertionError("an unconnected socket gave a stream");
            } catch (IOException e) {
                throw new BackendException(BackendException.Kind.TRANSPORT, "the connection broke", e);
            }
        }
    };

    private Path dataFile() throws IOException {
        return Files.writeString(folder.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_greeting
                    utterance: hi
                    expect: { intent: greeting }
                  - id: test_refund
                    utterance: hi
                    expect: { intent: refund }
                  - id: test_broken
                    utterance: break
                    expect: { intent: greeting }
                  - id: test_crash
                    utterance: crash
                    expect: { intent: greeting }
                conversations:
                  - id: test_hi_then_order
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order ORD_99
                        expect: { intent: cancel_order }
                """);
    }

    private Throwable failure(EngineTestKit.Builder kit, String displayNamePart, DiscoverySelector selector) {
        return kit.selectors(selector).execute().testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getLegacyReportingName().contains(displayNamePart)).findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private Throwable failure(String displayNamePart, DiscoverySelector selector) {
        return failure(kit(bot), displayNamePart, selector);
    }

    @Test
    @DisplayName("a data file's test fails at one frame naming the test, its file and its line")
    void dataFileTest() throws IOException {
        Path file = dataFile();
        String resource = file.toString();
        Throwable failure = failure("test_refund", selectFile(file.toFile()));

        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("✽", "test_refund", resource, 6));
        assertThat(traceOf(failure)).contains("\tat ✽.test_refund(" + resource + ":6)");
    }

    @Test
    @DisplayName("a data file whose name holds a line break (git allows one; a pull request can bring it) fails at one frame"
            + " whose file is written on one line: Maven prints a frame a line, and the name cannot start a line of its own"
            + " a CI reads as a command; neither can it in the failure's message")
    void dataFileNamedWithALineBreak() throws IOException {
        Path file;
        try {
            file = Files.move(dataFile(), folder.resolve("orders\n::error title=x::forged.sim.yaml"));
        } catch (java.nio.file.InvalidPathException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no line break in a file name here: " + e);
            return;
        }
        Throwable failure = failure("test_refund", selectFile(file.toFile()));

        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("✽", "test_refund",
                file.toString().replace("\n", "\\n"), 6));
        assertThat(traceOf(failure).lines()).noneMatch(line -> line.strip().startsWith("::"));
    }

    @Test
    @DisplayName("a data-file conversation's turn fails at the turn's line")
    void conversationTurn() throws IOException {
        Path file = dataFile();
        Throwable failure = failure("test_hi_then_order", selectFile(file.toFile()));

        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("✽", "test_hi_then_order#2", file.toString(), 20));
    }

    @Test
    @DisplayName("a cause keeps its own frames, without the engine's and without those it shares with the failure")
    void causeKept() throws IOException {
        Path file = dataFile();
        Throwable failure = failure("test_broken", selectFile(file.toFile()));

        assertThat(failure).isInstanceOf(BackendException.class).hasMessageContaining("the connection broke");
        assertThat(failure.getStackTrace()).containsExactly(new StackTraceElement("✽", "test_broken", file.toString(), 9));
        Throwable cause = failure.getCause();
        assertThat(cause).isInstanceOf(java.net.SocketException.class);
        assertThat(cause.getStackTrace()).isNotEmpty().allSatisfy(frame -> assertThat(frame.getClassName())
                .startsWith("java.net.").doesNotStartWith("dev.botsim.cognigy.engine."));
        assertThat(cause.getStackTrace()[0].getClassName()).isEqualTo("java.net.Socket");
    }

    @Test
    @DisplayName("an exception nobody expected keeps the trace that says where it came from: only explained failures are pointed")
    void unexpectedExceptionKeepsItsTrace() throws IOException {
        Throwable failure = failure("test_crash", selectFile(dataFile().toFile()));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("a state nobody expected");
        assertThat(failure.getStackTrace()).extracting(StackTraceElement::getClassName)
                .contains("dev.botsim.cognigy.engine.execution.Dispatcher").doesNotContain("✽");
    }

    @Test
    @DisplayName("cognigy.report.full-stack-traces=true leaves the trace as thrown, the engine's frames included")
    void fullStackTraces() throws IOException {
        Throwable failure = failure(kit(bot).configurationParameter(Constants.FULL_STACK_TRACES, "true"), "test_refund",
                selectFile(dataFile().toFile()));

        assertThat(failure.getStackTrace()[0].getClassName()).isEqualTo("dev.botsim.cognigy.engine.execution.ExpectationVerifier");
        assertThat(failure.getStackTrace()).extracting(StackTraceElement::getClassName).contains("java.lang.Thread");
    }

    @Test
    @DisplayName("an @Utterance method whose declared expectation fails: one frame, the method's, at its first line in its source file")
    void declaredExpectation() throws IOException {
        Throwable failure = failure("declared", selectMethod(Methods.class, "declared"));

        int firstLine = markedLine("declared()");
        assertThat(firstLine).isPositive();
        assertThat(failure.getStackTrace()).containsExactly(
                new StackTraceElement(Methods.class.getName(), "declared", "FailureTracesTest.java", firstLine));
        assertThat(traceOf(failure)).contains("\tat " + Methods.class.getName() + ".declared(FailureTracesTest.java:" + firstLine + ")");
    }

    @Test
    @DisplayName("an @Utterance method's own assertion: the method's frames, nothing below them")
    void methodBody() {
        Throwable failure = failure("body", selectMethod(Methods.class, "body", SimulationResult.class.getName()));

        assertThat(failure.getStackTrace()[0]).satisfies(top -> {
            assertThat(top.getClassName()).isEqualTo(Methods.class.getName());
            assertThat(top.getMethodName()).isEqualTo("body");
        });
        assertThat(failure.getStackTrace()).hasSize(1);
    }

    @Test
    @DisplayName("a @Conversation method: the line that said what failed, without the engine's frames above it")
    void conversationMethod() {
        Throwable failure = failure("conversation", selectMethod(Methods.class, "conversation", BotSession.class.getName()));

        List<StackTraceElement> frames = Arrays.asList(failure.getStackTrace());
        assertThat(frames).extracting(StackTraceElement::getClassName).containsOnly(Methods.class.getName());
        assertThat(frames).extracting(StackTraceElement::getMethodName).containsExactly("helper", "conversation");
        assertThat(frames.get(1).getLineNumber()).isPositive();
    }

    /** The line of this file that ends in the comment {@code //@line <key>}. */
    private static int markedLine(String key) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/botsim/cognigy/engine/FailureTracesTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("//@line " + key)) return i + 1;
        }
        throw new AssertionError("no line marked " + key);
    }

    private static String traceOf(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    @BotSimulation
    static class Methods {

        @Utterance(value = "hi", intent = "refund")
        void declared() {
        } //@line declared()

        @Utterance("hi")
        void body(SimulationResult result) {
            assertThat(result.intent()).isEqualTo("refund");
        }

        @dev.botsim.cognigy.annotations.Conversation
        void conversation(BotSession session) {
            session.say("hi").expectIntent("greeting");
            helper(session);
        }

        private static void helper(BotSession session) {
            session.say("where is my order ORD_99").expectIntent("cancel_order");
        }
    }
}
