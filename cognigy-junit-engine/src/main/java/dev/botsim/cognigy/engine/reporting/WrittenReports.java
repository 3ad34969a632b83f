package dev.botsim.cognigy.engine.reporting;

import java.nio.file.Path;

/**
 * Where the run's reports went: the page and {@code results.json}, or why they could not be
 * written (a run goes on without them: reports never change a result).
 *
 * @param page    {@code index.html}, or {@code null} when not written
 * @param results {@code results.json}, or {@code null} when not written
 * @param problem why they were not written, or {@code null}
 * @param replaced the earlier run of this JVM whose reports these replaced in the same folder ({@code batch_… (24
 *                 simulations)}), or {@code null}
 * @param underWay the run under way in another process whose mark the folder holds, when these were written below it,
 *                 in {@code previous/}, as the last run that finished ({@code run batch_… (process 4711 on ci-7)}); or
 *                 {@code null}
 */
public record WrittenReports(Path page, Path results, String problem, String replaced, String underWay) {

    public WrittenReports(Path page, Path results, String problem, String replaced) {
        this(page, results, problem, replaced, null);
    }

    static WrittenReports written(Path page, Path results) {
        return new WrittenReports(page, results, null, null);
    }

    static WrittenReports notWritten(String problem) {
        return new WrittenReports(null, null, problem, null);
    }

    WrittenReports replacing(String earlierRun) {
        return new WrittenReports(page, results, problem, earlierRun, underWay);
    }

    /** Written below the folder, in {@code previous/}, beside the mark of {@code run}, under way in another process. */
    WrittenReports besideRunUnderWay(String run) {
        return new WrittenReports(page, results, problem, replaced, run);
    }

    /**
     * For the console, after the results line: the earlier run of this JVM whose reports these replaced, since a
     * second run of the engine in one JVM (a JUnit suite beside the test classes, a Surefire fork given several classes)
     * leaves only the last run's reports, which need not show what failed the build.
     */
    java.util.Optional<String> replacedWarning() {
        if (replaced == null) return java.util.Optional.empty();
        return java.util.Optional.of("[cognigy] WARNING: these reports replace those of run " + replaced + ", which this JVM wrote to "
                + page.getParent().toAbsolutePath() + " before: the engine ran more than once in this JVM (a JUnit @Suite beside"
                + " test classes, Surefire forks given several classes each), each run with its own reports and verdict, and"
                + " only the last run's reports are left. Give a suite its own cognigy.report.dir (@ConfigurationParameter),"
                + " or make the forks one run (docs/ci.md, \"Surefire forks\")");
    }

    /** For the console: where to find them, or why there is nothing to find. */
    String describe() {
        if (problem != null) return "not written (" + problem + ")";
        return page.toAbsolutePath() + " and " + results.getFileName() + (underWay == null ? "" : ", kept there as the last run"
                + " that finished: the folder holds the mark of " + underWay + ", under way in another process since this run"
                + " began, and its mark links them until it ends");
    }
}
