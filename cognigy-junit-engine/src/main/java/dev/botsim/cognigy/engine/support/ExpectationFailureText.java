package dev.botsim.cognigy.engine.support;

/**
 * How a failure of a test's declared expectation begins. The reports know by it that a failure is the declared
 * expectation's, which they show field by field as expected against actual; any other failure (a test method's own
 * assertion, a turn of a conversation whose expectations the record does not hold) is shown by its message.
 */
public final class ExpectationFailureText {

    /** The words a failed declared expectation's message starts with, after the test's place and id. */
    public static final String DIFFERS = "bot answer differs from the expectation for ";

    private ExpectationFailureText() {
    }

    /** Whether the message is that of a failed declared expectation. */
    public static boolean isExpectationFailure(String message) {
        return message != null && message.contains(DIFFERS);
    }
}
