package dev.botsim.cognigy.engine.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Where a run's answers came from, as {@code results.json}, the audit record and the webhook payload write it, in one
 * place so the three never name or count a field differently: {@code replay} with the mode, how many tests were replayed and
 * how many ran live, and the fingerprint of the bot the answers come from.
 */
public final class ReplayFields {

    private ReplayFields() {
    }

    /** The fields in a fixed order, or {@code null} when replay is off (every answer is live). */
    public static Map<String, Object> of(RunInfo run, List<SimulationRecord> records) {
        if (run.replayMode().equals("off")) return null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", run.replayMode());
        fields.put("replayed", replayed(records));
        fields.put("live", live(run, records));
        long partly = partlyReplayed(records);
        // Only when there are any: the fields of a run without them stay as they were.
        if (partly > 0) fields.put("partly_replayed", partly);
        fields.put("fingerprint", new TreeMap<>(run.botFingerprint()));
        return fields;
    }

    /**
     * Tests answered from a cassette. Of the tests that ran, as every count here: a test skipped (its own assumption, a
     * cancelled run) is in no verdict, whatever it was answered with before it stopped, and counting it would have the
     * counts say more tests rest on cassettes than the verdict judged.
     */
    public static long replayed(List<SimulationRecord> records) {
        return ran(records).filter(SimulationRecord::replayed).count();
    }

    /**
     * Tests with some answers from a cassette and some from the bot: a repeated test run more often than it was recorded,
     * a conversation whose later turns went live in {@code auto}. They count as live, since the bot was asked.
     */
    public static long partlyReplayed(List<SimulationRecord> records) {
        return ran(records).filter(r -> !r.replayed() && r.replayedAnswers() > 0).count();
    }

    /** Tests with any answer from a cassette, wholly or partly replayed: what {@code cognigy.governance.require-live} refuses. */
    public static long withReplayedAnswers(List<SimulationRecord> records) {
        return ran(records).filter(r -> r.replayedAnswers() > 0).count();
    }

    private static java.util.stream.Stream<SimulationRecord> ran(List<SimulationRecord> records) {
        return records.stream().filter(r -> r.outcome() != Outcome.SKIPPED);
    }

    /**
     * Tests whose answer the bot was asked for in this run. Not every test that was not replayed: a test skipped after
     * an earlier turn failed, a problem test (input that could not be read) and one the preflight stopped (an
     * expectation naming what the bot lacks: a misconfiguration without an answer) never reached the bot — in replay
     * mode a run that asked the bot nothing must not say it did. In {@code replay} mode no message goes to the bot: one
     * without a recording fails without asking it. What runs outside the replaying seam (a tenant's own playbooks, run
     * through the management API) still asks it, and is live when it has the bot's answers.
     */
    public static long live(RunInfo run, List<SimulationRecord> records) {
        boolean replayOnly = run.replayMode().equals("replay");
        return records.stream().filter(r -> !r.replayed() && r.outcome() != Outcome.SKIPPED && !r.invalidInput()
                && !(r.outcome() == Outcome.MISCONFIGURATION && r.actual().isEmpty())
                && !(replayOnly && (r.replayedAnswers() > 0 || r.actual().isEmpty()))).count();
    }
}
