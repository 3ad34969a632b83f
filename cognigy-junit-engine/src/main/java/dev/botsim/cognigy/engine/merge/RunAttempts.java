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

import dev.botsim.cognigy.engine.shard.RunPart;

/**
 * Run ids that are attempts of one GitHub Actions workflow run, {@code GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT}: a workflow that
 * names the attempt in {@code COGNIGY_RUN_ID} puts a job re-run there ("Re-run failed jobs", or the merge job re-run on
 * its own) under a new run id, while the jobs that passed keep their parts under the first. Such parts are refused as of
 * different runs, and no merge of that workflow run can conclude them: the refusal says why and what to set instead, the
 * workflow run's id alone, which a re-run job keeps (the engine's default there).
 *
 * <p>Under that one run id, a job re-run takes the next attempt ({@code GITHUB_RUN_ATTEMPT}, {@link RunPart#attempt()}) and
 * its part replaces the earlier attempt's: the merge then holds only the last attempt's results of that shard. Which parts
 * ran in an attempt above 1 is the merged run's ({@link #later}), said on the console ({@link #line}) and in
 * {@code results.json}, the audit record and the webhook payload ({@code rerun_attempts}), so a shard re-run until it
 * passed does not read as one that passed at once. The verdict is the results', as before.
 */
final class RunAttempts {

    private static final Pattern GITHUB_DEFAULT = Pattern.compile("([0-9]+)-([0-9]+)");

    private RunAttempts() {
    }

    /**
     * Why these run ids differ and what to do, when they are two or more attempts of one GitHub Actions workflow run
     * ({@code 7001-1}, {@code 7001-2}); empty for any other ids.
     *
     * <p>The shape alone is no proof: {@code 20261204-1} and {@code 20261204-2} may be a team's own numbering of two
     * nightly runs on a CI that numbers no attempts. So the ids are taken for GitHub's only when the JVMs that used them
     * say so: at least one of them ran in a numbered attempt ({@value RunPart#ATTEMPT_ENV}), and every attempt said
     * is the one its run id ends in. Anything else is left to the plain refusal, which is true whatever the ids mean.
     *
     * @param attemptsSaid each run id with the attempts the JVMs that used it ran in, as they said them: a part's
     *                     {@link RunPart#attempt()}, the merging JVM's own for the run id it was told to merge; the
     *                     unknown ones left out
     */
    static Optional<String> of(Map<String, ? extends Collection<Integer>> attemptsSaid) {
        Set<String> workflowRuns = new TreeSet<>();
        Set<String> ids = new TreeSet<>();
        boolean anySaid = false;
        for (Map.Entry<String, ? extends Collection<Integer>> entry : attemptsSaid.entrySet()) {
            String id = entry.getKey().strip();
            Matcher matcher = GITHUB_DEFAULT.matcher(id);
            if (!matcher.matches()) return Optional.empty();
            for (Integer said : entry.getValue()) {
                if (said == null) continue;
                if (!matcher.group(2).equals(String.valueOf(said))) return Optional.empty();
                anySaid = true;
            }
            workflowRuns.add(matcher.group(1));
            ids.add(id);
        }
        if (!anySaid || ids.size() < 2 || workflowRuns.size() != 1) return Optional.empty();
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

    /** Each run id of these parts with the attempts its parts said they ran in ({@link #of}). */
    static Map<String, List<Integer>> saidBy(Collection<RunPart> parts) {
        Map<String, List<Integer>> said = new TreeMap<>();
        for (RunPart part : parts) {
            List<Integer> attempts = said.computeIfAbsent(part.runId(), id -> new ArrayList<>());
            if (part.attempt() != null) attempts.add(part.attempt());
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
        return Optional.of("[cognigy] " + String.join(", ", each) + " of the workflow run: the results of " + (one ? "its" : "their")
                + " earlier attempts are not in this run (docs/ci.md)");
    }
}
