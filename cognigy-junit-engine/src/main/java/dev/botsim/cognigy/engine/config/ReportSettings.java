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
 * @param azurePipelines   when the run uploads an Azure Pipelines summary and logs its failing tests as issues
 *                         ({@code cognigy.report.azure-pipelines})
 */
public record ReportSettings(Path dir, Duration progressInterval, double fragileMargin, boolean fullStackTraces,
                             CiReport githubActions, CiReport azurePipelines) {

    /**
     * When a run writes what a CI shows beside its log — GitHub Actions' job summary and annotations
     * ({@code cognigy.report.github-actions}), Azure Pipelines' summary and issues ({@code cognigy.report.azure-pipelines}).
     */
    public enum CiReport {
        /** Under that CI: where the variable it sets in every job is {@code true}, in any case. */
        AUTO("auto"),
        /** Wherever the run is. */
        ALWAYS("true"),
        /** Never. */
        NEVER("false");

        private final String id;

        CiReport(String id) {
            this.id = id;
        }

        /** The setting's value: {@code auto}, {@code true} or {@code false}. */
        public String id() {
            return id;
        }

        static CiReport of(String id) {
            for (CiReport value : values()) if (value.id.equals(id)) return value;
            throw new IllegalArgumentException(id);
        }

        static List<String> ids() {
            return Arrays.stream(values()).map(CiReport::id).toList();
        }

        /** Whether a run in {@code environment} writes it, {@code variable} naming the CI under {@link #AUTO}. */
        boolean applies(Function<String, String> environment, String variable) {
            return switch (this) {
                case ALWAYS -> true;
                case NEVER -> false;
                case AUTO -> "true".equalsIgnoreCase(environment.apply(variable));
            };
        }
    }

    /** Whether a run in {@code environment} writes the GitHub Actions job summary and annotations. */
    public boolean githubActionsApply(Function<String, String> environment) {
        return githubActions.applies(environment, Constants.GITHUB_ACTIONS_ENV);
    }

    /** Whether a run in {@code environment} uploads the Azure Pipelines summary and logs its issues. */
    public boolean azurePipelinesApply(Function<String, String> environment) {
        return azurePipelines.applies(environment, Constants.AZURE_PIPELINES_ENV);
    }

    /** Cognigy's scores run from 0 to 1; a lead of a tenth is what one new example sentence commonly moves. */
    public static final double DEFAULT_FRAGILE_MARGIN = 0.1;

    public static ReportSettings defaults() {
        return new ReportSettings(Path.of("target/cognigy-reports"), Duration.ofSeconds(5), DEFAULT_FRAGILE_MARGIN, false,
                CiReport.AUTO, CiReport.AUTO);
    }

    public ReportSettings withDir(Path dir) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions, azurePipelines);
    }

    public ReportSettings withProgressInterval(Duration progressInterval) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions, azurePipelines);
    }

    public ReportSettings withFragileMargin(double fragileMargin) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions, azurePipelines);
    }

    public ReportSettings withFullStackTraces(boolean fullStackTraces) {
        return new ReportSettings(dir, progressInterval, fragileMargin, fullStackTraces, githubActions, azurePipelines);
    }
}
