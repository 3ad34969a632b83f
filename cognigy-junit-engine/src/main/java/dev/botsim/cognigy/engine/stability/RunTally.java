package dev.botsim.cognigy.engine.stability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Repetitions;

/**
 * Counts what the runs of one repeated test answered, run by run: whether it passed, and the intent, text and flow
 * of its answer. Filled by the test's own thread; not shared.
 */
public final class RunTally {

    private final Map<String, Integer> intents = new LinkedHashMap<>();
    private final Map<String, Integer> texts = new LinkedHashMap<>();
    private final Map<String, Integer> flows = new LinkedHashMap<>();
    private int runs;
    private int passed;
    private int unanswered;
    private int skipped;

    /**
     * One run that sent its message (for a conversation, its last message): the bot's turns in answer to it, empty when
     * none came (an error, a timeout: unanswered), and whether the run passed.
     */
    public void add(List<BotTurn> answer, boolean passedRun) {
        runs++;
        if (passedRun) passed++;
        if (answer.isEmpty()) unanswered++;
        intents.merge(intentOf(answer), 1, Integer::sum);
        texts.merge(textOf(answer), 1, Integer::sum);
        flows.merge(flowOf(answer), 1, Integer::sum);
    }

    /**
     * One run whose message (for a conversation, its last) never reached the bot: an earlier turn of that run of a
     * conversation failed, or the message never left this machine (no connection, the outage breaker open, held back,
     * refused before sending). Counted under {@link Repetitions#NOT_SENT}, not as unanswered: the bot was never asked, so
     * the run is no observation of it. Such a run passes only when the test's own code let the failure pass (a
     * {@code @Conversation} method that caught it).
     */
    public void addNotSent(boolean passedRun) {
        runs++;
        if (passedRun) passed++;
        intents.merge(Repetitions.NOT_SENT, 1, Integer::sum);
        texts.merge(Repetitions.NOT_SENT, 1, Integer::sum);
        flows.merge(Repetitions.NOT_SENT, 1, Integer::sum);
    }

    /** One run the test's own code skipped (an assumption): not a run of the figures, only counted as skipped. */
    public void addSkipped() {
        skipped++;
    }

    /** Runs tallied elsewhere, added as they were counted: an earlier attempt of a test that was rerun. */
    public void addAll(Repetitions earlier) {
        runs += earlier.runs();
        passed += earlier.passed();
        unanswered += earlier.unanswered();
        skipped += earlier.skipped();
        earlier.intents().forEach((k, v) -> intents.merge(k, v, Integer::sum));
        earlier.texts().forEach((k, v) -> texts.merge(k, v, Integer::sum));
        earlier.flows().forEach((k, v) -> flows.merge(k, v, Integer::sum));
    }

    public int runs() {
        return runs;
    }

    public int passed() {
        return passed;
    }

    /** The runs so far, judged against {@code requiredRatio}. */
    public Repetitions result(double requiredRatio) {
        return new Repetitions(runs, passed, requiredRatio, ranked(intents), ranked(texts), ranked(flows), unanswered,
                skipped);
    }

    /** The first intent the answer names: the one the NLU recognised for the message. */
    static String intentOf(List<BotTurn> answer) {
        return answer.stream().map(BotTurn::intent).filter(Objects::nonNull).findFirst().orElse(Repetitions.NONE);
    }

    /** The answer's texts, one output a line. */
    static String textOf(List<BotTurn> answer) {
        List<String> lines = answer.stream().map(BotTurn::text).filter(t -> t != null && !t.isBlank()).toList();
        return lines.isEmpty() ? Repetitions.NONE : String.join("\n", lines);
    }

    /**
     * The flow the answer ended in: the last turn's that names one, by its name, else by its reference id — a REST
     * Endpoint's turn whose report gave only {@code intentFlow} names its flow that way, and {@code next_flow} holds for
     * it, so the runs of a repeated test are told apart by it rather than all counted as {@link Repetitions#NONE}.
     */
    public static String flowOf(List<BotTurn> answer) {
        String flow = Repetitions.NONE;
        for (BotTurn turn : answer) {
            String named = flowOf(turn);
            if (named != null) flow = named;
        }
        return flow;
    }

    /** The flow one turn names, as {@link #flowOf(List)} tallies it: its name, else its reference id; {@code null} for neither. */
    public static String flowOf(BotTurn turn) {
        return turn.flowId() != null ? turn.flowId() : turn.flowReferenceId();
    }

    /** Most frequent first; equal counts in the order first seen. */
    private static Map<String, Integer> ranked(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparing(Map.Entry<String, Integer>::getValue).reversed());
        Map<String, Integer> ranked = new LinkedHashMap<>();
        entries.forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return ranked;
    }
}
