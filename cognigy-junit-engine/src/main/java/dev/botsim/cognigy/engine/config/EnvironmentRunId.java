package dev.botsim.cognigy.engine.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The run id the environment gives every job of a pipeline, and where it came from: {@code COGNIGY_RUN_ID}, then
 * GitHub Actions' run id, then GitLab's pipeline id. GitHub's attempt number is no part of it: "Re-run failed jobs" runs a
 * shard, or the merge, under the next attempt while the jobs that passed keep their parts from the first, and one run id
 * for every attempt keeps them one run, as a job retried in a GitLab pipeline stays in its pipeline. The engine
 * reads it when {@code cognigy.run-id} is not set, and the Maven plugin's {@code prepare-run} in the same order, so a
 * fork that reads the environment itself names the same run as the build.
 *
 * @param id     the run id
 * @param source the variables it came from, for a log line
 */
public record EnvironmentRunId(String id, String source) {

    /**
     * What a run id may be: it names a folder and the webhook id. {@code .} and {@code ..} are no folder of their own: the
     * run's parts would go into the report folder itself, or beside it.
     */
    public static final Pattern FORM = Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}");

    /** @param environment the environment's variables; a blank value counts as none */
    public static Optional<EnvironmentRunId> of(Function<String, String> environment) {
        Function<String, Optional<String>> variable = name -> Optional.ofNullable(environment.apply(name)).map(String::strip)
                .filter(v -> !v.isEmpty());
        return variable.apply(Constants.RUN_ID_ENV).map(id -> new EnvironmentRunId(id, Constants.RUN_ID_ENV))
                .or(() -> variable.apply("GITHUB_RUN_ID").map(run -> new EnvironmentRunId(run, "GITHUB_RUN_ID")))
                .or(() -> variable.apply("CI_PIPELINE_ID").map(id -> new EnvironmentRunId(id, "CI_PIPELINE_ID")));
    }
}
