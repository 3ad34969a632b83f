package dev.botsim.cognigy.engine.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.support.Sha256;

/**
 * The run id the environment gives every job of a pipeline, and where it came from: {@code COGNIGY_RUN_ID}, then
 * GitHub Actions' run id, then GitLab's pipeline id, then the id of an Azure Pipelines run, then Jenkins' build tag.
 * GitHub's attempt number is no part of it: "Re-run failed jobs" runs a shard, or the merge, under the next attempt
 * while the jobs that passed keep their parts from the first, and one run id for every attempt keeps them one run, as a
 * job retried in a GitLab pipeline stays in its pipeline, and a job of an Azure Pipelines run re-run ("Rerun failed
 * jobs", {@code SYSTEM_JOBATTEMPT} 2) stays in its run ({@code BUILD_BUILDID}). The engine reads it when
 * {@code cognigy.run-id} is not set, and the Maven plugin's {@code prepare-run} in the same order, so a fork that reads
 * the environment itself names the same run as the build.
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

    /** What a run id may not hold, a run of it written {@code -} in a Jenkins build tag. */
    private static final Pattern NOT_IN_FORM = Pattern.compile("[^A-Za-z0-9._-]+");

    /** A Jenkins build tag is cut to this many characters when too long, then its digest's first 12 hex digits follow. */
    private static final int TAG_KEPT = 100 - 13;

    /** @param environment the environment's variables; a blank value counts as none */
    public static Optional<EnvironmentRunId> of(Function<String, String> environment) {
        Function<String, Optional<String>> variable = name -> Optional.ofNullable(environment.apply(name)).map(String::strip)
                .filter(v -> !v.isEmpty());
        return variable.apply(Constants.RUN_ID_ENV).map(id -> new EnvironmentRunId(id, Constants.RUN_ID_ENV))
                .or(() -> variable.apply("GITHUB_RUN_ID").map(run -> new EnvironmentRunId(run, "GITHUB_RUN_ID")))
                .or(() -> variable.apply("CI_PIPELINE_ID").map(id -> new EnvironmentRunId(id, "CI_PIPELINE_ID")))
                .or(() -> azurePipelines(variable))
                .or(() -> jenkins(variable));
    }

    /** The variable GitHub Actions numbers the attempts of a workflow run in, 1 for its first. */
    public static final String GITHUB_ATTEMPT = "GITHUB_RUN_ATTEMPT";

    /** The variable Azure Pipelines numbers the attempts of a job of a run in, 1 for its first ("Rerun failed jobs": 2 and up). */
    public static final String AZURE_PIPELINES_ATTEMPT = "SYSTEM_JOBATTEMPT";

    /**
     * The variable that numbers the attempts of a job in the CI whose run id this environment gives, {@code COGNIGY_RUN_ID}
     * set aside: {@value #GITHUB_ATTEMPT} where {@code GITHUB_RUN_ID} is the CI's run id, {@value #AZURE_PIPELINES_ATTEMPT}
     * where {@code BUILD_BUILDID} is. None where GitLab's or Jenkins' is, or none: GitLab gives a retried job a new job id
     * and no attempt, a Jenkins rebuild is a new build ({@code BUILD_NUMBER}, {@code BUILD_TAG}). So one CI's variable is
     * never read in another's job, where it would be a leftover of no meaning there.
     *
     * @param environment the environment's variables; a blank value counts as none
     */
    public static Optional<String> attemptVariable(Function<String, String> environment) {
        return of(name -> Constants.RUN_ID_ENV.equals(name) ? null : environment.apply(name)).map(EnvironmentRunId::source)
                .flatMap(source -> switch (source) {
                    case "GITHUB_RUN_ID" -> Optional.of(GITHUB_ATTEMPT);
                    case "BUILD_BUILDID" -> Optional.of(AZURE_PIPELINES_ATTEMPT);
                    default -> Optional.empty();
                });
    }

    /**
     * An Azure Pipelines run's id, {@code BUILD_BUILDID}, in every job and stage of the run and every attempt of a job
     * ({@code TF_BUILD} says the agent runs it). None in a classic release or deployment group job
     * ({@code SYSTEM_HOSTTYPE} {@code release}, {@code deployment}): {@code BUILD_BUILDID} there is the artifact's build,
     * the same for every release of it.
     */
    private static Optional<EnvironmentRunId> azurePipelines(Function<String, Optional<String>> variable) {
        if (!variable.apply(Constants.AZURE_PIPELINES_ENV).map("true"::equalsIgnoreCase).orElse(false)) return Optional.empty();
        if (!variable.apply("SYSTEM_HOSTTYPE").map("build"::equalsIgnoreCase).orElse(true)) return Optional.empty();
        return variable.apply("BUILD_BUILDID").map(id -> new EnvironmentRunId(id, "BUILD_BUILDID"));
    }

    /**
     * A Jenkins build's tag, {@code BUILD_TAG} ({@code jenkins-<job>-<build number>}, the same on every agent of the build;
     * else made of {@code JOB_NAME} and {@code BUILD_NUMBER} so), where {@code JENKINS_URL} or {@code JENKINS_HOME} says
     * Jenkins runs it. A job's name may hold what a run id may not — a space, a multibranch job's {@code %2F} —, each run
     * of which is written {@code -}, the tag's first 87 characters at most kept, and the first 12 hex digits of the tag's
     * SHA-256 added; so is a tag longer than 100 characters: a run id every agent of the build works out alike and
     * another build's is not (but where Jenkins' own tag is the same: it writes a folder's {@code /} as {@code -}).
     */
    private static Optional<EnvironmentRunId> jenkins(Function<String, Optional<String>> variable) {
        if (variable.apply("JENKINS_URL").or(() -> variable.apply("JENKINS_HOME")).isEmpty()) return Optional.empty();
        Optional<EnvironmentRunId> tag = variable.apply("BUILD_TAG").map(t -> new EnvironmentRunId(t, "BUILD_TAG"))
                .or(() -> variable.apply("JOB_NAME").flatMap(job -> variable.apply("BUILD_NUMBER")
                        .map(build -> new EnvironmentRunId("jenkins-" + job.replace('/', '-') + "-" + build, "JOB_NAME and BUILD_NUMBER"))));
        return tag.map(t -> new EnvironmentRunId(formed(t.id()), t.source())).filter(t -> FORM.matcher(t.id()).matches());
    }

    /**
     * {@code tag} as it is when a run id may hold it, else written into a run id's characters and followed by its digest:
     * writing alone would make one run of two jobs' builds whose names differ only there — {@code Bot tests} and
     * {@code Bot-tests}, or two names in another script, each {@code -} through and through.
     */
    private static String formed(String tag) {
        if (FORM.matcher(tag).matches()) return tag;
        String id = NOT_IN_FORM.matcher(tag).replaceAll("-");
        return (id.length() <= TAG_KEPT ? id : id.substring(0, TAG_KEPT)) + "-"
                + Sha256.hex(tag.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
