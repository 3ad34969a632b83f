package dev.botsim.cognigy.engine.merge;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Some parts of a run — a CI job's own shard and its reruns, without the other jobs' — counted as the merge will count
 * them once every part is there: each test's result as the merge takes it (a rerun's later result wins), the run's
 * settings, whether JUnit cancelled a whole part (the merge concludes the run INTERRUPTED) and what the merge will
 * refuse in them. For a build that ran one shard and is judged before the run's merge.
 *
 * @param settings   the settings the merge would take from these parts ({@link PartSettings#of})
 * @param parts      how many parts were counted: those of the suite judged
 * @param results    each test's result as the merge takes it, by unique id
 * @param cancelled  whether JUnit cancelled a whole part before all its tests ran
 * @param refusal    why the merge will refuse these parts (settings that differ, a test held twice), if it will
 * @param unfinished the marks of the suite's parts that began and never wrote their results — no part counted is
 *                   their own ({@link BegunMark#ownPart}) or stands for them ({@link BegunMark#standingPart}): the merge
 *                   will refuse the run over each
 */
public record ShardTally(Map<String, String> settings, int parts, Map<String, SimulationRecord> results, boolean cancelled,
                         Optional<String> refusal, List<Path> unfinished) {

    public ShardTally {
        results = Map.copyOf(results);
        unfinished = List.copyOf(unfinished);
    }

    /**
     * The results that failed their own test, by the rule the run's merge exits by ({@link FailedTests}): in strict
     * governance every one that did not pass, in tolerant governance a misconfiguration, timeout, error or invalid input
     * too — each failed its test in the shard's JVM, whose build left it to the merge ({@code testFailureIgnore}).
     */
    public FailedTests failedTests(String runId, boolean tolerant) {
        return FailedTests.of(runId, new TreeMap<>(results).values().stream().toList(), tolerant);
    }

    /** @param parts by where each was read from */
    public static ShardTally of(Map<String, RunPart> parts) {
        return of(parts, List.of(), null);
    }

    /**
     * The parts and marks of {@code suite} among those given, counted as its merge will count them. Where several modules
     * share one report folder, the other modules' parts and marks lie beside this module's: they are their own module's
     * job to judge and its merge's to refuse, as the command's merge of this module leaves a mark of another suite to
     * that suite's merge. A part or mark that says no suite (written by an engine that did not record it; a mark that
     * cannot be read) counts, as the merge counts it.
     *
     * @param parts by where each was read from
     * @param marks the marks of begun parts in the run's folder ({@link RunPart#isBegun})
     * @param suite the suite judged, the module's ({@link RunPart#suite}); {@code null}: every part and mark counts
     */
    public static ShardTally of(Map<String, RunPart> parts, List<Path> marks, String suite) {
        Map<String, RunPart> sorted = new TreeMap<>();
        parts.forEach((where, part) -> {
            if (suite == null || part.suite() == null || suite.equals(part.suite())) sorted.put(where, part);
        });
        List<Path> unfinished = marks.stream().map(mark -> BegunMark.read(mark, true))
                .filter(mark -> suite == null || mark.suite().isEmpty() || suite.equals(mark.suite().get()))
                // As the merge counts it: a mark whose own part was written (its JVM killed before removing the mark), or
                // one a later part stands for, is not unfinished.
                .filter(mark -> mark.ownPart(sorted).isEmpty() && mark.standingPart(sorted).isEmpty()).map(BegunMark::file).toList();
        if (sorted.isEmpty()) return new ShardTally(Map.of(), 0, Map.of(), false, Optional.empty(), unfinished);
        String runId = PartSettings.representative(sorted).runId();
        Optional<String> refusal = PartSettings.differing(runId, sorted);
        Map<String, SimulationRecord> results;
        try {
            results = MergedRun.results(runId, sorted).byTest();
        } catch (MergedRun.MergeRefused e) {
            // Counted as they are, part by part, the later result winning: the refusal is the news.
            results = new TreeMap<>();
            for (RunPart part : sorted.values()) for (SimulationRecord record : part.records()) results.put(record.uniqueId(), record);
            if (refusal.isEmpty()) refusal = Optional.of(e.getMessage());
        }
        return new ShardTally(PartSettings.of(sorted), sorted.size(), results, MergedRun.cancelled(sorted.values()), refusal,
                unfinished);
    }
}
