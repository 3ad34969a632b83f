package dev.botsim.cognigy.engine.descriptor;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;

/**
 * A test that only fails, standing for input that could not be turned into tests (a data file with
 * a syntax error, an annotated method with a wrong signature). Besides the discovery issue, it keeps
 * the problem in the run's results, so CI goes red instead of silently running fewer tests.
 */
public final class ProblemDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "problem";

    private final String message;

    public ProblemDescriptor(UniqueId uniqueId, String displayName, String message, TestSource source) {
        super(uniqueId, displayName, source, Type.TEST, java.util.List.of());
        this.message = message;
    }


    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        throw new InvalidSimulationException(message);
    }

    /** The input is invalid; the message says where and how to fix it. */
    public static final class InvalidSimulationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidSimulationException(String message) {
            super(message, null, false, false);
        }
    }
}
