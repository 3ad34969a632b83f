package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how often the run reports.
 *
 * @param dir              directory of {@code results.json} and {@code index.html} ({@code cognigy.report.dir})
 * @param progressInterval pace of progress lines on long runs; zero turns them off ({@code cognigy.report.progress-interval})
 */
public record ReportSettings(Path dir, Duration progressInterval) {

    public static ReportSettings defaults() {
        return new ReportSettings(Path.of("target/cognigy-reports"), Duration.ofSeconds(5));
    }

    public ReportSettings withDir(Path dir) {
        return new ReportSettings(dir, progressInterval);
    }

    public ReportSettings withProgressInterval(Duration progressInterval) {
        return new ReportSettings(dir, progressInterval);
    }
}
