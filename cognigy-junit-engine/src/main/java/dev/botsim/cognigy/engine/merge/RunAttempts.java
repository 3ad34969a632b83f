package dev.botsim.cognigy.engine.merge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.EnvironmentRunId;
import dev.botsim.cognigy.engine.shard.RunPart;

/**
 * Run ids that are attempts of one GitHub Actions workflow run, {@code GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT}, or of jobs of one
 * Azure Pipelines run, {@code BUILD_BUILDID-SYSTEM_JOBATTEMPT}: a workflow that
 * names the attempt in {@code COGNIGY_RUN_ID} puts a job re-run there ("Re-run failed jobs", or the merge job re-run on
 * its own) under a new run id, while the jobs that passed keep their parts under the first. Such parts are refused as of
 * different runs, and no merge of that workflow run can conclude them: the refusal says why and what to set instead, the
 * workflow run's id alone, which a re-run job keeps (the engine's default there).
 *
 * <p>Under that one run id, a job re-run takes the next attempt ({@code GITHUB_RUN_ATTEMPT}, Azure's {@code SYSTEM_JOBATTEMPT},
 * {@link RunPart#attempt()}) and its part replaces the earlier attempt's: the merge then holds only the last attempt's results of that shard. Which parts
 * ran in an attempt above 1 is the merged run's ({@link #later}), said on the console ({@link #line}) and in
 * {@code results.json}, the audit record and the webhook payload ({@code rerun_attempts}), so a shard re-run until it
 * passed does not read as one that passed at once. The verdict is the results', as before.
 */
final class RunAttempts {

    private static final Pattern GITHUB_DEFAULT = Pattern.compile("([0-9]+)-([0-9]+)");

    private RunAttempts() {
    }

    /**
     * An attempt a JVM said it ran in, and the variable it read it from ({@link RunPart#attemptOf()}).
     *
     * @param attempt  the attempt, at least 1
     * @param variable {@value RunPart#ATTEMPT_ENV} or {@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT}
     */
    record Said(int attempt, String variable) {
    }

    /**
     * Why these run ids differ and what to do, when they are two or more attempts of one GitHub Actions workflow run
     * ({@code 7001-1}, {@code 7001-2}), or of jobs of one Azure Pipelines run ({@code 812-1}, {@code 812-2}), in the terms of
     * the CI whose attempts the JVMs said; empty for any other ids.
     *
     * <p>The shape alone is no proof: {@code 20261204-1} and {@code 20261204-2} may be a team's own numbering of two
     * nightly runs on a CI that numbers no attempts. So the ids are taken for GitHub's only when the JVMs that used them
     * say so: at least one of them ran in a numbered attempt ({@value RunPart#ATTEMPT_ENV}, or
     * {@value EnvironmentRunId#AZURE_PIPELINES_ATTEMPT}), every attempt said is the one its run id ends in, and all were
     * said by one CI. Anything else is left to the plain refusal, which is true whatever the ids mean.
     *
     * @param attemptsSaid each run id with the attempts the JVMs that used it ran in, as they said them: a part's
     *                     {@link RunPart#attempt()}, the merging JVM's own for the run id it was told to merge; the
     *                     unknown ones left out
     */
    static Optional<String> of(Map<String, ? extends Collection<Said>> attemptsSaid) {
        Set<String> workflowRuns = new TreeSet<>();
        Set<String> ids = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        for (Map.Entry<String, ? extends Collection<Said>> entry : attemptsSaid.entrySet()) {
            String id = entry.getKey().strip();
            Matcher matcher = GITHUB_DEFAULT.matcher(id);
            if (!matcher.matches()) return Optional.empty();
            for (Said said : entry.getValue()) {
                if (said == null) continue;
                if (!matcher.group(2).equals(String.valueOf(said.attempt()))) return Optional.empty();
                variables.add(said.variable());
            }
            workflowRuns.add(matcher.group(1));
            ids.add(id);
        }
        if (variables.size() != 1 || ids.size() < 2 || workflowRuns.size() != 1) return Optional.empty();
        String workflowRun = workflowRuns.iterator().next();
        if (variables.contains(EnvironmentRunId.AZURE_PIPELINES_ATTEMPT)) {
            return Optional.of("run ids " + String.join(", ", ids) + " look like attempts of jobs of one Azure Pipelines run, "
                    + workflowRun + " (BUILD_BUILDID-SYSTEM_JOBATTEMPT): a job re-run there (Rerun failed jobs) takes the next"
                    + " attempt and so a new run id, while the jobs not re-run keep their parts under the earlier one, and no merge"
                    + " can conclude them together. Leave COGNIGY_RUN_ID unset, the engine then taking BUILD_BUILDID, or set it to"
                    + " $(Build.BuildId) for every shard job and the merge (-Dcognigy.run-id=$(Build.BuildId)), so that a re-run"
                    + " job belongs to the same run (docs/ci.md, Azure Pipelines); for this run, run the pipeline again: each job"
                    + " numbers its attempts on its own, so no re-run puts all of them under one attempt");
        }
        return Optional.of("run ids " + String.join(", ", ids) + " look like attempts of one GitHub Actions workflow run, "
                + workflowRun + " (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT): a job re-run there (Re-run failed"
                + " jobs, or the merge job on its own) takes the next attempt and so a new run id, while the jobs not re-run keep"
                + " their parts under the earlier one, and no merge can conclude them together. Set COGNIGY_RUN_ID: ${{"
                + " github.run_id }} in the workflow's env, for every shard job and the merge (-Dcognigy.run-id=${{ github.run_id"
                + " }}), or leave it unset, the engine then taking GITHUB_RUN_ID, so that a re-run job belongs to the same run"
                + " (docs/ci.md, GitHub Actions); for this workflow run, re-run"
                + " all its jobs, every shard then writing its part under one new attempt");
    }

    /** Each run id of these parts with the attempts its parts said they ran in ({@link #of}). */
    static Map<String, List<Said>> saidBy(Collection<RunPart> parts) {
        Map<String, List<Said>> said = new TreeMap<>();
        for (RunPart part : parts) {
            List<Said> attempts = said.computeIfAbsent(part.runId(), id -> new ArrayList<>());
            if (part.attempt() != null) attempts.add(new Said(part.attempt(), part.attemptOf()));
        }
        return said;
    }

    /**
     * The attempt each part ran in, for the parts that ran in an attempt above 1, by shard ({@code 2/4}), else by the part's
     * batch id (a Surefire fork, a rerun of tests picked one by one); of two parts under one key, the later attempt. Parts
     * that do not say their attempt (written before parts recorded it, or by a CI that numbers none) are left out: unknown.
     */
    static Map<String, Integer> later(Collection<RunPart> parts) {
        Map<String, Integer> later = new TreeMap<>();
        for (RunPart part : parts) {
            if (part.attempt() == null || part.attempt() <= 1) continue;
            later.merge(key(part), part.attempt(), Math::max);
        }
        return later;
    }

    /**
     * Whether two parts of one shard are two attempts of its job, as a CI that numbers them said: both say an attempt, of
     * one CI, and they differ. Parts of forks (no shard) are not taken so: the forks of two jobs may hold one test only when
     * the jobs split nothing.
     */
    static boolean ofOneJob(RunPart one, RunPart other) {
        return one.shard() != null && one.shard().equals(other.shard()) && one.attempt() != null && other.attempt() != null
                && one.attemptOf().equals(other.attemptOf()) && !one.attempt().equals(other.attempt());
    }

    private static String key(RunPart part) {
        return part.shard() != null ? part.shard() : part.info().batchId();
    }

    /**
     * The merge's console line when a part ran in a later attempt ({@link #later}): which, in which attempt, and that the
     * earlier attempts' results are not in the run; empty when none did.
     */
    static Optional<String> line(Map<String, Integer> later) {
        if (later.isEmpty()) return Optional.empty();
        List<String> each = later.entrySet().stream().map(e -> (e.getKey().matches("[0-9]+/[0-9]+") ? "shard " : "the part of batch ")
                + e.getKey() + " ran in attempt " + e.getValue()).toList();
        boolean one = each.size() == 1;
        return Optional.of("[cognigy] " + String.join(", ", each) + " of its job: the results of " + (one ? "its" : "their")
                + " earlier attempts are not in this run (docs/ci.md)");
    }
}
