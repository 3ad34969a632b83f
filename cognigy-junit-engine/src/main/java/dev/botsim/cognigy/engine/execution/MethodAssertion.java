package dev.botsim.cognigy.engine.execution;

import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * A test method's own assertion that failed on what the bot said ({@code assertThat(result.intentScore())...} in an
 * {@code @Utterance} method, {@code assertThat(bot.say(..).result().text())...} in a {@code @Conversation}), as the
 * test's failure says it. Thrown as it is, it began with AssertJ's empty line and named neither the test nor the
 * answer: {@code Expecting actual: 1.0 to be less than: 0.5} in Maven's summary, with nothing of what the bot said. The
 * failure says where the test is and what failed on its first line, as a failed declared expectation does, the
 * assertion's message next, and then the bot's turns the assertion was made on.
 *
 * <p>Only {@link AssertionFailedError} (its expected and actual kept for the IDE's diff) and a plain
 * {@link AssertionError} are said so; another kind (a soft assertion's list of failures, which IDEs show one by one)
 * stays as the method threw it. The record keeps the assertion's message as it was: the reports show the answer beside it.
 */
final class MethodAssertion {

    private MethodAssertion() {
    }

    /**
     * @param place      where the test is, {@link SimulationStep#place}
     * @param what       what failed, on one line: {@code the method's own assertion failed on the bot's answer to "hi"}
     * @param transcript what was said, {@link Transcript}
     * @return the failure to throw in place of {@code e}
     */
    static AssertionError explained(AssertionError e, String place, String what, String transcript) {
        if (e.getClass() != AssertionError.class && e.getClass() != AssertionFailedError.class) return e;
        // Line by line as the engine's own failures show text: an answer AssertJ quotes may hold what a terminal acts on or
        // XML 1.0 forbids (Surefire copies the message into TEST-*.xml, which one such character makes unreadable).
        String said = e.getMessage() == null || e.getMessage().isBlank() ? ""
                : "\n" + e.getMessage().strip().lines().map(ConsoleText::oneLine).collect(java.util.stream.Collectors.joining("\n"));
        String message = place + what + said + "\n" + transcript;
        return e instanceof AssertionFailedError failed ? SimulationStep.withMessage(failed, message)
                : SimulationStep.inPlaceOf(new AssertionError(message, e.getCause()), e);
    }
}
