package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML key that lines up with no key above it, in words. The parser says {@code expected <block end>, but found
 * '<block mapping start>'} when a key is indented less than the keys of its own mapping but more than its parent's:
 * true, and of no help to someone who indented {@code expect:} one space too little. The key and the one above it are
 * named with their columns instead.
 */
final class MisalignedKey {

    /** A key as a line starts it: a plain word before its ':' (a quoted or complex key is left to the parser's words). */
    private static final Pattern KEY = Pattern.compile("([A-Za-z_][\\w.-]*)\\s*:(?:\\s|$)");

    private MisalignedKey() {
    }

    /**
     * @param stoppedAt where the parser stopped: the start of the misaligned key
     * @return the explanation and its fix, or empty when the lines there are not a key under a key
     */
    static Optional<String> explain(String text, Loc stoppedAt) {
        List<String> lines = text.lines().toList();
        if (stoppedAt.line() < 2 || stoppedAt.line() > lines.size()) return Optional.empty();
        Optional<Key> key = keyAt(lines.get(stoppedAt.line() - 1));
        if (key.isEmpty() || key.get().column() != stoppedAt.column()) return Optional.empty();
        for (int i = stoppedAt.line() - 2; i >= 0; i--) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            Optional<Key> above = keyAt(line);
            if (above.isEmpty() || above.get().column() == key.get().column()) return Optional.empty();
            return Optional.of("'" + key.get().name() + "' at column " + key.get().column() + " does not line up with '"
                    + above.get().name() + "' above it (column " + above.get().column() + "): the keys of one mapping start in"
                    + " the same column — indent '" + key.get().name() + "' as '" + above.get().name() + "' is (with spaces,"
                    + " not tabs), or start a new list item with '- '");
        }
        return Optional.empty();
    }

    /**
     * A key indented more than the key above it, which has a plain text on its line: YAML reads the deeper line as more of
     * that text, and the parser stops at its ':' with {@code mapping values are not allowed here}, true, and of no help to
     * someone who indented {@code expect:} two spaces too far.
     *
     * @param stoppedAt where the parser stopped: the ':' after the over-indented key
     * @return the explanation and its fix, or empty when the lines there are not a key under a key with a text
     */
    static Optional<String> explainDeeper(String text, Loc stoppedAt) {
        List<String> lines = text.lines().toList();
        if (stoppedAt.line() < 2 || stoppedAt.line() > lines.size()) return Optional.empty();
        String line = lines.get(stoppedAt.line() - 1);
        Optional<Key> key = keyAt(line);
        if (key.isEmpty() || line.indexOf(':', key.get().column() - 1) != stoppedAt.column() - 1) return Optional.empty();
        for (int i = stoppedAt.line() - 2; i >= 0; i--) {
            String above = lines.get(i);
            if (above.isBlank() || above.stripLeading().startsWith("#")) continue;
            Optional<Key> aboveKey = keyAt(above);
            if (aboveKey.isEmpty() || aboveKey.get().column() >= key.get().column()) return Optional.empty();
            String value = above.substring(above.indexOf(':', aboveKey.get().column() - 1) + 1).strip();
            // Only a plain text runs on into the next line; a quoted, block, flow or empty value does not.
            if (value.isEmpty() || "\"'|>[{&*!#".indexOf(value.charAt(0)) >= 0) return Optional.empty();
            return Optional.of("'" + key.get().name() + "' at column " + key.get().column() + " is indented more than '"
                    + aboveKey.get().name() + "' above it (column " + aboveKey.get().column() + "), so it is read as more of"
                    + " the text of '" + aboveKey.get().name() + "', where a key's ':' cannot follow — indent '"
                    + key.get().name() + "' as '" + aboveKey.get().name() + "' is (with spaces, not tabs)");
        }
        return Optional.empty();
    }

    /** The key a line starts with, past its indentation and a list item's {@code - }; its column 1-based. */
    private static Optional<Key> keyAt(String line) {
        int start = 0;
        while (start < line.length() && line.charAt(start) == ' ') start++;
        if (line.startsWith("- ", start)) {
            start += 2;
            while (start < line.length() && line.charAt(start) == ' ') start++;
        }
        Matcher key = KEY.matcher(line).region(start, line.length());
        return key.lookingAt() ? Optional.of(new Key(key.group(1), start + 1)) : Optional.empty();
    }

    private record Key(String name, int column) {
    }
}
