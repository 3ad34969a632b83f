package dev.botsim.cognigy.engine.stability;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;

/** How a repeated test's runs read in its failure message and its report entries. */
public final class StabilityText {

    /** Longest answer text shown in a distribution; longer ones are cut with an ellipsis. */
    static final int TEXT_SHOWN = 80;

    private StabilityText() {
    }

    /**
     * {@code FLAKY: 14 of 20 runs passed (70%), 100% required}. The share is rounded down as finely as the ratio, so one
     * just below the ratio (949 of 999, at 95 %) never reads as meeting it (95.0%).
     */
    public static String headline(Repetitions repetitions) {
        BigDecimal required = BigDecimal.valueOf(repetitions.requiredRatio());
        String share = repetitions.passed() * 100L % repetitions.runs() == 0 ? String.valueOf(repetitions.passed() * 100L / repetitions.runs())
                : Percent.of(repetitions.passed(), repetitions.runs(), 1, required);
        return repetitions.stability() + ": " + repetitions.passed() + " of " + repetitions.runs() + " runs passed (" + share + "%), "
                + Percent.limit(required) + "% required";
    }

    /** The headline and one line per distribution: {@code intents: check_order ×14, escalate ×6}. */
    public static List<String> lines(Repetitions repetitions) {
        List<String> lines = new ArrayList<>();
        lines.add(headline(repetitions));
        lines.add("intents: " + distribution(repetitions.intents()));
        lines.add("flows: " + distribution(repetitions.flows()));
        lines.add("texts: " + distribution(repetitions.texts()));
        return lines;
    }

    /** The report entries of a repeated test: {@code cognigy.stability}, {@code cognigy.stability.intents}, ... */
    public static Map<String, String> reportEntries(Repetitions repetitions) {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("cognigy.stability", headline(repetitions));
        entries.put("cognigy.stability.intents", distribution(repetitions.intents()));
        entries.put("cognigy.stability.flows", distribution(repetitions.flows()));
        entries.put("cognigy.stability.texts", distribution(repetitions.texts()));
        return entries;
    }

    /**
     * The runs of a repeated test that did not pass, by outcome, in the order {@link Outcome} declares them:
     * {@code 2 failed, 1 timeout}.
     */
    public static String misses(Map<Outcome, Integer> byOutcome) {
        List<String> parts = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            int count = byOutcome.getOrDefault(outcome, 0);
            if (count == 0) continue;
            String kind = outcome.name().toLowerCase(java.util.Locale.ROOT);
            // "failed" says what became of the runs; the other kinds name what happened to them, one or several.
            parts.add(count + " " + (outcome == Outcome.FAILED || count == 1 ? kind : kind + "s"));
        }
        return String.join(", ", parts);
    }

    /** {@code check_order ×14, escalate ×6}; texts quoted and cut. */
    public static String distribution(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> shown(e.getKey()) + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String shown(String value) {
        if (value.equals(Repetitions.NONE) || value.equals(Repetitions.NOT_SENT) || value.matches("[\\w.:-]+")) return value;
        // The console, Surefire's report entries and the page show it on one line that it must not rewrite.
        String oneLine = ConsoleText.oneLine(value.replace("\n", " / "));
        return "\"" + (oneLine.length() > TEXT_SHOWN ? oneLine.substring(0, TEXT_SHOWN - 1) + "…" : oneLine) + "\"";
    }

}
