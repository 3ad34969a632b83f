package dev.botsim.cognigy.engine.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.support.Redaction;

/**
 * The values {@code cognigy.replay.redact} named so far in a run's HTTP trace, found in a text in one pass over it. A run
 * names more values with every test (each test's e-mail address, say), and each is redacted in every later exchange: a
 * replacement per value would read every string of every exchange as many times as values were named, so a trace's cost
 * would grow with the square of the run. Indexed by their first characters, the values are looked up at each position of
 * the text instead: only where a value's first {@value #SHORTEST} characters stand is any compared, and then only the values
 * beginning with them — all of them where the values share their beginning (phone numbers with their country code, a
 * country's IBANs), so such values still cost in proportion to their number wherever one of them stands.
 *
 * <p>Every character of every occurrence of every value is redacted: values that overlap or stand side by side become one
 * {@code <redacted>}, so no part of either is left, whichever is longer.
 */
final class RedactedValues {

    /**
     * The shortest value redacted, and the length of the index's keys: a value of a character or two would redact letters
     * of every word.
     */
    static final int SHORTEST = 3;

    /** The values by their first {@link #SHORTEST} characters, longest first. */
    private final Map<String, List<String>> byStart;

    private RedactedValues(Map<String, List<String>> byStart) {
        this.byStart = byStart;
    }

    static RedactedValues of(Collection<String> named) {
        Map<String, List<String>> byStart = new HashMap<>();
        for (String value : named) {
            if (value.length() < SHORTEST || value.equals(Redaction.REDACTED)) continue;
            byStart.computeIfAbsent(value.substring(0, SHORTEST), start -> new ArrayList<>()).add(value);
        }
        byStart.values().forEach(values -> values.sort((a, b) -> b.length() - a.length()));
        return new RedactedValues(byStart);
    }

    /** {@code text} with every run of characters the values cover written {@code <redacted>}. */
    String redact(String text) {
        if (byStart.isEmpty() || text.length() < SHORTEST) return text;
        StringBuilder out = null;
        int copied = 0;
        int at = 0;
        while (at <= text.length() - SHORTEST) {
            int end = endOfValueAt(text, at);
            if (end < 0) {
                at++;
                continue;
            }
            // The run goes on as long as a value begins inside it, or right after it, and ends beyond it.
            for (int inside = at + 1; inside <= end && inside <= text.length() - SHORTEST; inside++) {
                end = Math.max(end, endOfValueAt(text, inside));
            }
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, copied, at).append(Redaction.REDACTED);
            copied = end;
            at = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Where the longest value beginning at {@code at} ends; -1 when none begins there. */
    private int endOfValueAt(String text, int at) {
        List<String> values = byStart.get(text.substring(at, at + SHORTEST));
        if (values == null) return -1;
        for (String value : values) if (text.startsWith(value, at)) return at + value.length();
        return -1;
    }
}
