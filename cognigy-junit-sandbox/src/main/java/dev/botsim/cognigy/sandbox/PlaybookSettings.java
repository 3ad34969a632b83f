package dev.botsim.cognigy.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the sandbox's Playbook API behaves beyond a tenant's happy path.
 *
 * @param runIdDelay            how long after a task is {@code done} its {@code data.playbookRunId} appears
 * @param runMissingOnFirstRead whether the first read of each run answers 404 "Playbook run does not exist", as
 *                              Cognigy's CLI users saw right after a successful run (its issue #145)
 * @param seed                  a JSON export of playbooks the project starts with; {@code null}: none
 * @param stepAnswerTimes       how long the bot takes to answer a playbook step, by the step's text: a step whose time is
 *                              beyond its playbook's {@code timeout} times out ({@code timeout: true}), and every step's
 *                              time, up to that timeout, adds to its execution's
 */
public record PlaybookSettings(Duration runIdDelay, boolean runMissingOnFirstRead, Path seed, Map<String, Duration> stepAnswerTimes) {

    public PlaybookSettings {
        stepAnswerTimes = Map.copyOf(stepAnswerTimes);
    }

    /** Settings under which the bot answers every step within the execution's processing time. */
    public PlaybookSettings(Duration runIdDelay, boolean runMissingOnFirstRead, Path seed) {
        this(runIdDelay, runMissingOnFirstRead, seed, Map.of());
    }

    public static PlaybookSettings defaults() {
        return new PlaybookSettings(Duration.ZERO, false, null);
    }

    /** How long the bot takes to answer a step of this text; {@link Duration#ZERO} unless one was given. */
    Duration answerTime(String stepText) {
        return stepText == null ? Duration.ZERO : stepAnswerTimes.getOrDefault(stepText, Duration.ZERO);
    }
}
