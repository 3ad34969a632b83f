package dev.botsim.cognigy.engine.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.platform.engine.reporting.ReportEntry;

/**
 * The engine's report entries, whose values quote what the tenant, a data file or a cassette holds: a flow or snapshot
 * name, a playbook's assertion result, a turn's text, a retry's answer, an approval file's name. Every entry the engine
 * publishes is made here. JUnit's console launcher prints an entry's value
 * as it is and Surefire writes it into its XML report, so each value is written on one line
 * ({@link ConsoleText#oneLine}): a name holding {@code "\n::error::..."} would otherwise start a line of a CI's log that
 * the CI reads as a command. JUnit refuses a blank value, failing the node that publishes it, so a value that is blank
 * is written quoted ({@code " "}), and one that is missing as {@code (none)}.
 */
public final class ReportEntries {

    private ReportEntries() {
    }

    /** One entry, its value written as {@link #value} writes it. */
    public static ReportEntry of(String key, String value) {
        return ReportEntry.from(key, value(value));
    }

    /** One entry of several pairs, in {@code pairs}' order, each value written as {@link #value} writes it. */
    public static ReportEntry of(Map<String, String> pairs) {
        Map<String, String> written = new LinkedHashMap<>();
        pairs.forEach((key, value) -> written.put(key, value(value)));
        return ReportEntry.from(written);
    }

    /** {@code text} on one line; quoted when it is blank, {@code (none)} when it is missing. */
    public static String value(String text) {
        if (text == null) return "(none)";
        String line = ConsoleText.oneLine(text);
        return line.isBlank() ? "\"" + line + "\"" : line;
    }
}
