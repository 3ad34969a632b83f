package dev.botsim.cognigy.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * How the run's repeated tests ({@code cognigy.repeat}, {@code repeat:}) fared, those that ran to their end (not an
 * aborted one): how many were STABLE, FLAKY and BROKEN, each of them with its distribution (flaky first: they are
 * what the section is for), and per expected intent the share of answered runs that recognised it.
 *
 * @param counts  repeated tests by verdict, every verdict present
 * @param tests   repeated tests, FLAKY first, then BROKEN, then STABLE; within a verdict the lowest share of passed
 *                runs first, then by test id
 * @param intents per intent expected by a repeated test, in name order
 */
public record StabilityAnalysis(Map<Stability, Long> counts, List<RepeatedTest> tests, Map<String, IntentStability> intents) {

    /** A test that ran more than once, as the report shows it. */
    public record RepeatedTest(String testId, String source, int line, String utterance, String expectedIntent,
                               Outcome outcome, Repetitions repetitions) {
        public Stability stability() {
            return repetitions.stability();
        }
    }

    /**
     * How steadily an intent is recognised across the runs of the repeated tests expecting it. A run that got no answer
     * (an error, a timeout) or never sent the message recognised nothing, right or wrong: it is no observation of the
     * NLU, and is left out of {@code runs} as the confusion matrix and intent F1 leave it out; the runs without an answer
     * are counted apart.
     *
     * @param tests      repeated tests expecting it
     * @param runs       their runs that got an answer
     * @param recognised runs whose answer's intent was it
     * @param unanswered their runs that sent the message and got no answer, not in {@code runs}
     */
    public record IntentStability(long tests, long runs, long recognised, long unanswered) {
        /**
         * recognised ÷ runs, or {@code null} when no run got an answer: a rate of 0 would say the NLU never recognised the
         * intent, which no run showed.
         */
        public Double rate() {
            return runs == 0 ? null : (double) recognised / runs;
        }
    }

    private static final List<Stability> ORDER = List.of(Stability.FLAKY, Stability.BROKEN, Stability.STABLE);

    public StabilityAnalysis {
        counts = java.util.Collections.unmodifiableMap(new EnumMap<>(counts));
        tests = List.copyOf(tests);
        intents = java.util.Collections.unmodifiableMap(new TreeMap<>(intents));
    }

    public static StabilityAnalysis of(List<SimulationRecord> records) {
        Map<Stability, Long> counts = new EnumMap<>(Stability.class);
        for (Stability s : Stability.values()) counts.put(s, 0L);
        List<RepeatedTest> tests = new ArrayList<>();
        Map<String, long[]> byIntent = new TreeMap<>();
        for (SimulationRecord record : records) {
            Repetitions repetitions = record.repetitions();
            // A test aborted midway (a cancelled run) was never judged: the runs it made are not its measure.
            if (repetitions == null || record.outcome() == Outcome.SKIPPED) continue;
            counts.merge(repetitions.stability(), 1L, Long::sum);
            String expected = record.expected().intent();
            tests.add(new RepeatedTest(record.testId(), record.source(), record.line(), record.utterance(), expected,
                    record.outcome(), repetitions));
            if (expected != null) {
                long[] figures = byIntent.computeIfAbsent(expected, k -> new long[4]);
                figures[0]++;
                // A run that never sent the message, or got no answer to it, recognised nothing, right or wrong: not a run
                // of the intent, as it is no observation in the confusion matrix (RunAnalysis).
                figures[1] += repetitions.sent() - repetitions.unanswered();
                figures[2] += repetitions.intents().getOrDefault(expected, 0);
                figures[3] += repetitions.unanswered();
            }
        }
        tests.sort(Comparator.comparing((RepeatedTest t) -> ORDER.indexOf(t.stability()))
                .thenComparingDouble(t -> (double) t.repetitions().passed() / t.repetitions().runs())
                .thenComparing(RepeatedTest::testId));
        Map<String, IntentStability> intents = new TreeMap<>();
        byIntent.forEach((intent, f) -> intents.put(intent, new IntentStability(f[0], f[1], f[2], f[3])));
        return new StabilityAnalysis(counts, tests, intents);
    }

    /** Whether any test ran more than once: without, reports leave the section out. */
    public boolean any() {
        return !tests.isEmpty();
    }
}
