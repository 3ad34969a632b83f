package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how often the run reports.
 *
 * @param dir              directory of {@code results.json} and {@code index.html} ({@code cognigy.report.dir})
 * @param progressInterval pace of progress lines on long runs; zero turns them off ({@code cognigy.report.progress-interval})
 * @param fragileMargin    lead of the best intent over the runner-up below which the analysis reports an utterance
 *                         as fragile ({@code cognigy.nlu.margin})
 * @param fullStackTraces  whether a failed test's stack trace is left as thrown, the engine's frames included, rather
 *                         than pointed at the test ({@code cognigy.report.full-stack-traces})
 */
public record ReportSettings(Path dir, Duration progressInterval, double fragileMargin, boolean fullStackTraces) {

    /** Cognigy's scores run from 0 to 1; a lead of a tenth is what one new example sentence commonly moves. */
    public static final double DEFAULT_FRAGILE_MARGIN = 0.1;

    public static ReportSettings defaults() {
        return new ReportSettings(Path.of("target/cognigy-reports"), Duration.ofSeconds(5), DEFAULT_FRAGILE_MARGIN, false);
    }

    public ReportSettings withDir(Path dir) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces);
    }

    public ReportSettings withProgressInterval(Duration progressInterval) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces);
    }

    public ReportSettings withFragileMargin(double fragileMargin) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces);
    }

    public ReportSettings withFullStackTraces(boolean fullStackTraces) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces);
    }
}
