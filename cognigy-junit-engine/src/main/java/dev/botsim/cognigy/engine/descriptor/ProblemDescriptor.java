package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A test that only fails, standing for input that could not be turned into tests (a data file with
 * a syntax error, an unknown key, a duplicate test id, an annotated method with a wrong signature).
 * Besides the discovery issue, it keeps the problem in the run's results: it is recorded as a FAILED
 * result, so the totals, the governance verdict, the reports, the audit record and the webhook all
 * count it, and CI goes red instead of silently running fewer tests.
 */
public final class ProblemDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "problem";

    private final String message;
    private final SourcePosition where;

    /** @param where the data file and line, or the class (or {@code Class#method}), the problem is in */
    public ProblemDescriptor(UniqueId uniqueId, String displayName, String message, TestSource source, SourcePosition where) {
        this(uniqueId, new TestName(displayName, displayName), message, source, where);
    }

    /** @param name a long name of its own, where the display name alone would not be unique in the run */
    public ProblemDescriptor(UniqueId uniqueId, TestName name, String message, TestSource source, SourcePosition where) {
        super(uniqueId, name, source, Type.TEST, List.of());
        this.message = message;
        this.where = where;
    }

    /** What is wrong with the input, and the fix. */
    public String message() {
        return message;
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        context.run().ledger().record(record(message));
        throw new InvalidSimulationException(message);
    }

    /**
     * Its result: FAILED, standing for invalid input, with {@code message}. The unique id is the test id: the broken
     * input may not have an id of its own, and a duplicate's id is the very one taken, while reports and the QA platform
     * need a different id for every result.
     */
    public SimulationRecord record(String message) {
        return SimulationRecord.builder().uniqueId(getUniqueId().toString()).testId(getUniqueId().toString())
                .displayName(getDisplayName()).source(where.resource()).line(where.line())
                .outcome(Outcome.FAILED).invalidInput(true).message(message).build();
    }

    /** The input is invalid; the message says where and how to fix it. */
    static final class InvalidSimulationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidSimulationException(String message) {
            super(message, null, false, false);
        }
    }
}
