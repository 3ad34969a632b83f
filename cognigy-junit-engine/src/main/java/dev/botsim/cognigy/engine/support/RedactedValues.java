package dev.botsim.cognigy.engine.support;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The values {@code cognigy.replay.redact} named so far in a run's HTTP trace, found in a text in one pass over it. A run
 * names more values with every test (each test's e-mail address, say), and each is redacted in every later exchange: a
 * replacement per value would read every string of every exchange as many times as values were named, so a trace's cost
 * would grow with the square of the run. Indexed by their first {@value #SHORTEST} characters and then by their length,
 * the values are looked up at each position of the text instead: where a value's beginning stands, one look-up per length
 * of the values beginning so — values that share their beginning (phone numbers with their country code, a country's
 * IBANs) have few lengths among them, however many they are.
 *
 * <p>One index serves the whole run, and values are added to it as exchanges name them, from the threads of the tests
 * running at once: made afresh for each exchange from every value named so far, the index alone would again cost the
 * square of the run. Each occurrence in a text is redacted whole, by the values there when the scan reaches it: a value
 * another thread adds while a text is being redacted may cover its later occurrences only. The exchange that names a
 * value adds it before its own line is redacted, so every occurrence of it there is.
 *
 * <p>Every character of every occurrence of every value is redacted: values that overlap or stand side by side become one
 * {@code <redacted>}, so no part of either is left, whichever is longer.
 */
public final class RedactedValues {

    /**
     * The shortest value redacted, and the length of the index's keys: a value of a character or two would redact letters
     * of every word.
     */
    static final int SHORTEST = 3;

    /** The values by their first {@link #SHORTEST} characters, and those by their length, longest first. */
    private final ConcurrentMap<String, NavigableMap<Integer, Set<String>>> byStart = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    private RedactedValues() {
    }

    /** An index of {@code named}, to which more values may be added. */
    public static RedactedValues of(Collection<String> named) {
        RedactedValues values = new RedactedValues();
        values.addAll(named);
        return values;
    }

    /** Redacts {@code named} too from now on; a value of fewer than {@value #SHORTEST} characters is left out. */
    public void addAll(Collection<String> named) {
        for (String value : named) {
            if (value.length() < SHORTEST || value.equals(Redaction.REDACTED)) continue;
            boolean added = byStart.computeIfAbsent(value.substring(0, SHORTEST),
                            start -> new ConcurrentSkipListMap<Integer, Set<String>>(Comparator.reverseOrder()))
                    .computeIfAbsent(value.length(), length -> ConcurrentHashMap.newKeySet()).add(value);
            if (added) size.incrementAndGet();
        }
    }

    /** How many values are redacted. */
    public int size() {
        return size.get();
    }

    /** {@code text} with every run of characters the values cover written {@code <redacted>}. */
    public String redact(String text) {
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
        NavigableMap<Integer, Set<String>> byLength = byStart.get(text.substring(at, at + SHORTEST));
        if (byLength == null) return -1;
        for (Map.Entry<Integer, Set<String>> values : byLength.entrySet()) {
            int end = at + values.getKey();
            if (end <= text.length() && values.getValue().contains(text.substring(at, end))) return end;
        }
        return -1;
    }
}
