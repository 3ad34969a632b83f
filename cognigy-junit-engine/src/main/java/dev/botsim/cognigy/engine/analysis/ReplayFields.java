package dev.botsim.cognigy.engine.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Where a run's answers came from, as {@code results.json}, the audit record and the webhook payload write it, in one
 * place so the three never name a field differently: {@code replay} with the mode, how many tests were replayed and
 * how many ran live, and the fingerprint of the bot the answers come from.
 */
public final class ReplayFields {

    private ReplayFields() {
    }

    /** The fields in a fixed order, or {@code null} when replay is off (every answer is live). */
    public static Map<String, Object> of(RunInfo run, List<SimulationRecord> records) {
        if (run.replayMode().equals("off")) return null;
        long replayed = records.stream().filter(SimulationRecord::replayed).count();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", run.replayMode());
        fields.put("replayed", replayed);
        fields.put("live", records.size() - replayed);
        fields.put("fingerprint", new TreeMap<>(run.botFingerprint()));
        return fields;
    }

    /** The mode and fingerprint alone, for a record that holds no tests. */
    public static Map<String, Object> of(RunInfo run) {
        if (run.replayMode().equals("off")) return null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", run.replayMode());
        fields.put("fingerprint", new TreeMap<>(run.botFingerprint()));
        return fields;
    }
}
