package dev.botsim.cognigy.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The frames a failure keeps once pointed at its test ({@link FailureTraces}), for traces built frame by frame: the
 * engine's frames ({@code dev.botsim.cognigy.engine.*}), the JDK's and a test class's.
 */
class FailureTraceFramesTest {

    private static final StackTraceElement ENGINE = new StackTraceElement("dev.botsim.cognigy.engine.execution.SimulationStep",
            "expectAnswer", "SimulationStep.java", 120);
    private static final StackTraceElement ENGINE_BELOW = new StackTraceElement("dev.botsim.cognigy.engine.CognigyTestEngine",
            "execute", "CognigyTestEngine.java", 80);
    private static final StackTraceElement JDK = new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 233);
    private static final StackTraceElement THREAD = new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840);

    private static Throwable thrown(String message, StackTraceElement... frames) {
        Throwable t = new AssertionError(message);
        t.setStackTrace(frames);
        return t;
    }

    @Test
    @DisplayName("a data file's test whose line is unknown fails at a frame without a line, not at line 0 of its file")
    void unknownLine() {
        Throwable failure = thrown("x", ENGINE, THREAD);

        FailureTraces.inDataFile(failure, "test_refund", "simulations/orders.sim.yaml", 0);

        assertThat(failure.getStackTrace()).singleElement().satisfies(frame -> {
            assertThat(frame.getLineNumber()).isEqualTo(-1);
            assertThat(frame).hasToString("✽.test_refund(simulations/orders.sim.yaml)");
        });
    }

    @Test
    @DisplayName("a cause keeps the frames its failure has not, whichever of the two has more frames, and the pointing throws"
            + " nothing: a cause from further down keeps its own, one from further up none")
    void causeSharingAllFramesOfOneSide() {
        Throwable fromBelow = thrown("from below", JDK, ENGINE, THREAD);
        Throwable failure = thrown("failure", ENGINE, THREAD);
        failure.initCause(fromBelow);
        FailureTraces.inDataFile(failure, "test_refund", "orders.sim.yaml", 9);
        assertThat(fromBelow.getStackTrace()).containsExactly(JDK);

        Throwable fromAbove = thrown("from above", ENGINE, THREAD);
        Throwable deeper = thrown("failure", JDK, ENGINE, THREAD);
        deeper.initCause(fromAbove);
        FailureTraces.inDataFile(deeper, "test_refund", "orders.sim.yaml", 9);
        assertThat(fromAbove.getStackTrace()).isEmpty();
        assertThat(deeper.getStackTrace()).containsExactly(new StackTraceElement("✽", "test_refund", "orders.sim.yaml", 9));
    }

    @Test
    @DisplayName("a test method's failure the engine found with no frame of the test's class (a JDK frame on top) points at the"
            + " method's first line; its causes, and theirs, lose the engine's frames")
    void methodsFailureAndItsCauses() throws Exception {
        Method method = Orders.class.getDeclaredMethod("refund");
        Throwable deepest = thrown("deepest", JDK, ENGINE, ENGINE_BELOW, THREAD);
        Throwable cause = thrown("cause", ENGINE, JDK, ENGINE_BELOW);
        cause.initCause(deepest);
        Throwable failure = thrown("failure", JDK, ENGINE, THREAD);
        failure.initCause(cause);

        FailureTraces.inMethod(failure, method);

        assertThat(failure.getStackTrace()).singleElement().satisfies(frame -> {
            assertThat(frame.getClassName()).isEqualTo(Orders.class.getName());
            assertThat(frame.getMethodName()).isEqualTo("refund");
            assertThat(frame.getFileName()).isEqualTo("FailureTraceFramesTest.java");
            assertThat(frame.getLineNumber()).isEqualTo(ClassFileLines.of(Orders.class).firstLine(method)).isPositive();
        });
        assertThat(cause.getStackTrace()).containsExactly(JDK);
        assertThat(deepest.getStackTrace()).containsExactly(JDK);
    }

    static class Orders {
        void refund() {
            System.out.println("refund");
        }
    }
}
