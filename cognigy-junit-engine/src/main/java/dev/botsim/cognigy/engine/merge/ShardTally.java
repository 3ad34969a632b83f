package dev.botsim.cognigy.engine.merge;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Some parts of a run — a CI job's own shard and its reruns, without the other jobs' — counted as the merge will count
 * them once every part is there: each test's result as the merge takes it (a rerun's later result wins), the run's
 * settings, whether JUnit cancelled a whole part (the merge concludes the run INTERRUPTED) and what the merge will
 * refuse in them. For a build that ran one shard and is judged before the run's merge.
 *
 * @param settings the settings the merge would take from these parts ({@link PartSettings#of})
 * @param total    the tests that ran (not skipped)
 * @param failing  those whose result is not PASSED
 * @param cancelled whether JUnit cancelled a whole part before all its tests ran
 * @param refusal  why the merge will refuse these parts (settings that differ, a test held twice), if it will
 */
public record ShardTally(Map<String, String> settings, long total, long failing, boolean cancelled, Optional<String> refusal) {

    /** @param parts by where each was read from */
    public static ShardTally of(Map<String, RunPart> parts) {
        if (parts.isEmpty()) return new ShardTally(Map.of(), 0, 0, false, Optional.empty());
        Map<String, RunPart> sorted = new TreeMap<>(parts);
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
        long total = results.values().stream().filter(r -> r.outcome() != Outcome.SKIPPED).count();
        long failing = results.values().stream().filter(r -> r.outcome() != Outcome.PASSED && r.outcome() != Outcome.SKIPPED).count();
        return new ShardTally(PartSettings.of(sorted), total, failing, MergedRun.cancelled(sorted.values()), refusal);
    }
}
