package dev.botsim.cognigy.spi;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.botsim.cognigy.annotations.BotTurn;

/**
 * One finished test of the run, as listeners see it.
 *
 * @param uniqueId       JUnit unique id of the test
 * @param testId         the case id ({@code test_order_check}, {@code test_variants[2]}, {@code test_conv#3})
 * @param displayName    what the IDE and Surefire show
 * @param source         data file (classpath-relative) or class the test comes from
 * @param line           line in the data file, or 0
 * @param tags           tags of the test
 * @param utterance      the message sent, or {@code null} for programmatic conversations
 * @param expected       what was expected
 * @param actual         the bot's turns, empty when none were received
 * @param outcome        how it ended
 * @param message        why it did not pass, or {@code null}
 * @param duration       wall time of the test
 * @param attempts       HTTP attempts beyond the first (retries), for reports
 */
public record SimulationRecord(String uniqueId, String testId, String displayName, String source, int line,
                               Set<String> tags, String utterance, Expectation expected, List<BotTurn> actual,
                               Outcome outcome, String message, Duration duration, int attempts) {

    public SimulationRecord {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        actual = actual == null ? List.of() : List.copyOf(actual);
        expected = expected == null ? Expectation.NONE : expected;
    }
}
