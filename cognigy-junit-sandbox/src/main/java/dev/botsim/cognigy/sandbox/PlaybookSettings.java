package dev.botsim.cognigy.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the sandbox's Playbook API behaves beyond a tenant's happy path.
 *
 * @param runIdDelay            how long after a task is {@code done} its {@code data.playbookRunId} appears
 * @param runMissingOnFirstRead whether the first read of each run answers 404 "Playbook run does not exist", as
 *                              Cognigy's CLI users saw right after a successful run (its issue #145)
 * @param seed                  a JSON export of playbooks the project starts with; {@code null}: none
 */
public record PlaybookSettings(Duration runIdDelay, boolean runMissingOnFirstRead, Path seed) {

    public static PlaybookSettings defaults() {
        return new PlaybookSettings(Duration.ZERO, false, null);
    }
}
