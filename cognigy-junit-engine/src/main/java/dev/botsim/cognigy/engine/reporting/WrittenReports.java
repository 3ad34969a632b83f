package dev.botsim.cognigy.engine.reporting;

import java.nio.file.Path;

/**
 * Where the run's reports went: the page and {@code results.json}, or why they could not be
 * written (a run goes on without them: reports never change a result).
 *
 * @param page    {@code index.html}, or {@code null} when not written
 * @param results {@code results.json}, or {@code null} when not written
 * @param problem why they were not written, or {@code null}
 */
public record WrittenReports(Path page, Path results, String problem) {

    static WrittenReports written(Path page, Path results) {
        return new WrittenReports(page, results, null);
    }

    static WrittenReports notWritten(String problem) {
        return new WrittenReports(null, null, problem);
    }

    /** For the console: where to find them, or why there is nothing to find. */
    String describe() {
        return problem == null ? page.toAbsolutePath() + " and " + results.getFileName() : "not written (" + problem + ")";
    }
}
