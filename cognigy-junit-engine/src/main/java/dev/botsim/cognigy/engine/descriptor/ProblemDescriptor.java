package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.engine.support.ConsoleText;
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

    /** The first line of a failure whose test's name says its problem: why the test fails, without saying it again. */
    public static final String SAID_BY_NAME = "this input could not be turned into tests: the test's name says the problem and the fix";

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
        throw new InvalidSimulationException(failure());
    }

    /**
     * The failure's message: the problem's message, after a first line of its own when the test's name already says the
     * problem ({@code invalid: orders.sim.yaml:4:1: YAML syntax error: … — check …}, {@code invalid: playbooks: …}).
     * Maven's {@code Errors:} summary and Gradle's print a failed test's name and its failure's first line on one line,
     * and the same text twice made that line twice as long to say nothing more; the message still names the file, line
     * and fix on the lines after. A name that says something else (a duplicate test id's, {@code invalid: duplicate
     * test_order}) keeps the message as it is. The results keep the problem's message as it is ({@link #record}).
     */
    private String failure() {
        String first = message.lines().findFirst().orElse("");
        boolean saidByName = !first.isBlank() && getDisplayName().contains(ConsoleText.visible(first));
        return saidByName ? SAID_BY_NAME + "\n" + message : message;
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
