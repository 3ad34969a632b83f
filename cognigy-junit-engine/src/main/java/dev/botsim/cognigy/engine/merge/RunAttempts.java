package dev.botsim.cognigy.engine.merge;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run ids that are attempts of one GitHub Actions workflow run, {@code GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT}: a workflow that
 * names the attempt in {@code COGNIGY_RUN_ID} puts a job re-run there ("Re-run failed jobs", or the merge job re-run on
 * its own) under a new run id, while the jobs that passed keep their parts under the first. Such parts are refused as of
 * different runs, and no merge of that workflow run can conclude them: the refusal says why and what to set instead, the
 * workflow run's id alone, which a re-run job keeps (the engine's default there).
 */
final class RunAttempts {

    private static final Pattern GITHUB_DEFAULT = Pattern.compile("([0-9]+)-([0-9]+)");

    private RunAttempts() {
    }

    /**
     * Why these run ids differ and what to do, when they are two or more attempts of one GitHub Actions workflow run
     * ({@code 7001-1}, {@code 7001-2}); empty for any other ids.
     */
    static Optional<String> of(Collection<String> runIds) {
        Set<String> workflowRuns = new TreeSet<>();
        Set<String> ids = new TreeSet<>(runIds);
        for (String id : ids) {
            Matcher matcher = GITHUB_DEFAULT.matcher(id.strip());
            if (!matcher.matches()) return Optional.empty();
            workflowRuns.add(matcher.group(1));
        }
        if (ids.size() < 2 || workflowRuns.size() != 1) return Optional.empty();
        String workflowRun = workflowRuns.iterator().next();
        return Optional.of("run ids " + String.join(", ", ids) + " look like attempts of one GitHub Actions workflow run, "
                + workflowRun + " (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT): a job re-run there (Re-run failed"
                + " jobs, or the merge job on its own) takes the next attempt and so a new run id, while the jobs not re-run keep"
                + " their parts under the earlier one, and no merge can conclude them together. Set COGNIGY_RUN_ID: ${{"
                + " github.run_id }} in the workflow's env, for every shard job and the merge (-Dcognigy.run-id=${{ github.run_id"
                + " }}), or leave it unset, the engine then taking GITHUB_RUN_ID, so that a re-run job belongs to the same run"
                + " (docs/ci.md, GitHub Actions); for this workflow run, re-run"
                + " all its jobs, every shard then writing its part under one new attempt");
    }
}
