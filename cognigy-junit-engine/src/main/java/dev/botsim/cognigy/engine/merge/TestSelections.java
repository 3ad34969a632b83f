package dev.botsim.cognigy.engine.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.shard.RunPart;

/**
 * Refuses shards given different selections of tests ({@link RunPart#selection()}: {@code -Dtest}, {@code -Dgroups}, …).
 * Every shard splits the suite it selected and keeps its share of it; a shard whose job was given a narrower selection
 * keeps its share of fewer tests, and the tests that were its share of the others' suite run in no shard. Nothing in the
 * results shows it — no test is there twice, every shard number is there — so the merged verdict would be reached
 * without them, COMPLIANT as like as not.
 *
 * <p>Only shards are compared: a rerun's part picks its tests one by one, and parts without a shard (Surefire's forks,
 * or jobs deferring with a run id) may each have been given their own tests on purpose, which no count could check. A
 * shard whose part does not record its selection (written before parts recorded it) is not compared.
 */
final class TestSelections {

    private TestSelections() {
    }

    /**
     * @param whole the whole parts, by shard number and then by where each was read from ({@link MergedRun#whole})
     * @throws MergedRun.MergeRefused when the shards that record their selection do not all record the same one, naming
     *                                each selection with its shards and their part files
     */
    static void refuseDiffering(String runId, List<Map.Entry<String, RunPart>> whole) {
        Map<Map<String, String>, List<String>> bySelection = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, RunPart> entry : whole) {
            RunPart part = entry.getValue();
            if (part.shard() == null || part.selection() == null) continue;
            bySelection.computeIfAbsent(part.selection(), k -> new ArrayList<>()).add("shard " + part.shard() + " (" + entry.getKey() + ")");
        }
        if (bySelection.size() < 2) return;
        String found = bySelection.entrySet().stream().map(e -> String.join(", ", e.getValue()) + (e.getValue().size() == 1 ? " was" : " were")
                + " given " + describe(e.getKey())).collect(Collectors.joining("; "));
        throw new MergedRun.MergeRefused("the shards of run " + runId + " selected different tests: " + found + ". Each shard runs its"
                + " share of the tests it selected, so a shard given a narrower selection than the others ran fewer than its share"
                + " of the suite, and the tests it left out ran in no shard: the merged verdict would be reached without them."
                + " Give every shard's job the same selection (the same -Dtest, -Dgroups, includes and excludes files, or none),"
                + " run the shards whose selection differs again with it under run id " + runId + " and merge again");
    }

    /** {@code -Dtest=OrderBotTest -Dgroups=smoke}, or {@code no selection} (every test of the suite). */
    private static String describe(Map<String, String> selection) {
        if (selection.isEmpty()) return "no selection (every test)";
        return new TreeMap<>(selection).entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
