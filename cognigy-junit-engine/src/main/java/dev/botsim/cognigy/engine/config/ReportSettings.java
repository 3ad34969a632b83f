package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Where and how often the run reports.
 *
 * @param dir              directory of {@code results.json} and {@code index.html} ({@code cognigy.report.dir})
 * @param progressInterval pace of progress lines on long runs; zero turns them off ({@code cognigy.report.progress-interval})
 * @param fragileMargin    lead of the best intent over the runner-up below which the analysis reports an utterance
 *                         as fragile ({@code cognigy.nlu.margin})
 * @param fullStackTraces  whether a failed test's stack trace is left as thrown, the engine's frames included, rather
 *                         than pointed at the test ({@code cognigy.report.full-stack-traces})
 * @param githubActions    when the run writes a GitHub Actions job summary and annotations
 *                         ({@code cognigy.report.github-actions})
 */
public record ReportSettings(Path dir, Duration progressInterval, double fragileMargin, boolean fullStackTraces,
                             GitHubActions githubActions) {

    /** When a run writes a GitHub Actions job summary and annotations, as {@code cognigy.report.github-actions} says. */
    public enum GitHubActions {
        /** Under GitHub Actions: where {@code GITHUB_ACTIONS} is {@code true}. */
        AUTO("auto"),
        /** Wherever the run is. */
        ALWAYS("true"),
        /** Never. */
        NEVER("false");

        private final String id;

        GitHubActions(String id) {
            this.id = id;
        }

        /** The setting's value: {@code auto}, {@code true} or {@code false}. */
        public String id() {
            return id;
        }

        static GitHubActions of(String id) {
            for (GitHubActions value : values()) if (value.id.equals(id)) return value;
            throw new IllegalArgumentException(id);
        }

        static List<String> ids() {
            return Arrays.stream(values()).map(GitHubActions::id).toList();
        }

        /** Whether a run in {@code environment} writes them. */
        public boolean applies(Function<String, String> environment) {
            return switch (this) {
                case ALWAYS -> true;
                case NEVER -> false;
                case AUTO -> "true".equalsIgnoreCase(environment.apply(Constants.GITHUB_ACTIONS_ENV));
            };
        }
    }

    /** Cognigy's scores run from 0 to 1; a lead of a tenth is what one new example sentence commonly moves. */
    public static final double DEFAULT_FRAGILE_MARGIN = 0.1;

    public static ReportSettings defaults() {
        return new ReportSettings(Path.of("target/cognigy-reports"), Duration.ofSeconds(5), DEFAULT_FRAGILE_MARGIN, false,
                GitHubActions.AUTO);
    }

    public ReportSettings withDir(Path dir) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions);
    }

    public ReportSettings withProgressInterval(Duration progressInterval) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions);
    }

    public ReportSettings withFragileMargin(double fragileMargin) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions);
    }

    public ReportSettings withFullStackTraces(boolean fullStackTraces) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions);
    }
}
