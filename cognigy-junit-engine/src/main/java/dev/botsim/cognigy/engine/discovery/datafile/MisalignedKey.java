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
