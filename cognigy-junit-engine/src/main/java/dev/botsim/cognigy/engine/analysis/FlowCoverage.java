package dev.botsim.cognigy.engine.analysis;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.stability.RunTally;
import dev.botsim.cognigy.engine.support.Suggestions;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Which expected flows the run reached: hits per expected flow (turns handled by it), and the ratio
 * of expected flows reached at least once. Flows reached but not expected are listed apart. A test
 * is never failed for not reaching a flow: coverage is a property of the run.
 */
public record FlowCoverage(Map<String, Long> hits, Set<String> unexpected) {

    static FlowCoverage of(Collection<String> expected, List<SimulationRecord> records) {
        Map<String, Long> hits = new LinkedHashMap<>();
        expected.stream().distinct().forEach(flow -> hits.put(flow, 0L));
        Set<String> unexpected = new TreeSet<>();
        Set<String> notDeployed = new TreeSet<>();
        for (SimulationRecord record : records) {
            // By the name a repeated test's other runs are tallied under: the flow's name, else its reference id.
            for (BotTurn turn : record.actual()) {
                String flow = RunTally.flowOf(turn);
                if (neverRan(turn) && flow != null) notDeployed.add(flow);
            }
        }
        for (SimulationRecord record : records) {
            for (BotTurn turn : record.actual()) {
                String flow = neverRan(turn) ? null : reached(turn, hits);
                if (flow != null) hit(hits, unexpected, flow, 1);
            }
            // A repeated test's actual holds one run's turns; each other run counts by the flow its answer ended in, so
            // a flow only the other runs reached is covered, not reported as never reached.
            if (record.repetitions() != null) {
                Map<String, Integer> others = new LinkedHashMap<>(record.repetitions().flows());
                // The shown run was tallied as the others were: by the flow its answer ended in.
                others.computeIfPresent(RunTally.flowOf(record.actual()), (flow, runs) -> runs - 1);
                // Another run is known only by the flow its answer ended in, as the tally names it: counted as the shown
                // run's turn naming that flow was, so a flow expected by its reference id, which that turn names by its
                // name too, is reached by every run ending there rather than listed by its name as not expected.
                Map<String, String> counted = new HashMap<>();
                for (BotTurn turn : record.actual()) {
                    String named = RunTally.flowOf(turn);
                    if (!neverRan(turn) && named != null) counted.put(named, reached(turn, hits));
                }
                // A run's answer names only the flow it ended in, not its error: a flow some turn of the run found not
                // deployed was not deployed for the other runs of the same test either.
                RunAnalysis.answered(others).forEach(flow -> {
                    if (others.get(flow) > 0 && !notDeployed.contains(flow)) {
                        hit(hits, unexpected, counted.getOrDefault(flow, flow), others.get(flow));
                    }
                });
            }
        }
        return new FlowCoverage(java.util.Collections.unmodifiableMap(hits), java.util.Collections.unmodifiableSet(unexpected));
    }

    /**
     * The flow a turn reached, as the expected flows name it: its flow, else its flow's reference id when that is the
     * one expected — a REST Endpoint's turn carries the flow's display name ({@code flowName}) and the reference id of the
     * flow its input was understood in ({@code intentFlow}), and {@code next_flow} holds for either, so a flow expected by
     * its id is reached by a turn that carries it. A turn that reached no expected flow is listed by its flow's name, else
     * by its reference id when the turn named its flow only that way, as a repeated test's other runs are tallied
     * ({@code null} when it names neither: nothing to list).
     */
    private static String reached(BotTurn turn, Map<String, Long> expected) {
        if (turn.flowId() != null && expected.containsKey(turn.flowId())) return turn.flowId();
        if (turn.flowReferenceId() != null && expected.containsKey(turn.flowReferenceId())) return turn.flowReferenceId();
        return RunTally.flowOf(turn);
    }

    /**
     * Whether the turn's flow never ran: the platform named the flow the input was meant for and said it is not deployed
     * ({@code FLOW_NOT_DEPLOYED}). Such a turn reached no flow — counted, it would cover a flow no turn was handled by and
     * pass {@code cognigy.coverage.minimum} for it; it is a misconfiguration, listed as one.
     */
    static boolean neverRan(BotTurn turn) {
        return "FLOW_NOT_DEPLOYED".equals(turn.errorCode());
    }

    private static void hit(Map<String, Long> hits, Set<String> unexpected, String flow, long turns) {
        if (hits.containsKey(flow)) hits.merge(flow, turns, Long::sum);
        else unexpected.add(flow);
    }

    public int expected() {
        return hits.size();
    }

    public int covered() {
        return (int) hits.values().stream().filter(n -> n > 0).count();
    }

    /** Covered ÷ expected; 0 when no flow is expected. */
    public double ratio() {
        return hits.isEmpty() ? 0 : (double) covered() / hits.size();
    }

    /**
     * The flows never reached, as one text: each that is not among {@code botFlows} (a misspelt name in {@code flows:},
     * say) is marked so, with the bot's flow it likely stands for. Nothing is marked when {@code botFlows} is empty: the
     * backend could not tell the bot's flows.
     */
    public String missingText(Set<String> botFlows) {
        return missing().stream().map(flow -> botFlows.isEmpty() || botFlows.contains(flow) ? flow
                        : flow + " (not a flow of the bot" + Suggestions.didYouMean(flow, botFlows) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public Set<String> missing() {
        Set<String> missing = new TreeSet<>();
        hits.forEach((flow, n) -> {
            if (n == 0) missing.add(flow);
        });
        return missing;
    }
}
