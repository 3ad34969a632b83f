package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where YAML cut an unquoted scalar short at a {@code #}. In YAML a space and a {@code #} start a comment, also
 * in the middle of a text: {@code utterance: where is my order #ORD_99 please} sends "where is my order", and
 * {@code response_contains: Connecting you #to a robot} checks "Connecting you" — a test that passes on the wrong
 * answer, without a word. A comment written as one ({@code # note}, a space after the {@code #}) is left alone; a
 * {@code #} directly followed by text ({@code #4711}, {@code #ORD_99}) is far more often part of the text.
 */
final class CutByComment {

    /**
     * A {@code #} directly followed by something other than a blank; blanks before it in case the parser's end of the
     * scalar is before them (right after a plain scalar, a {@code #} can only start a comment).
     */
    private static final Pattern CUT = Pattern.compile("^[ \\t]*(#)[^ \\t]");

    private final String[] lines;

    CutByComment(String text) {
        this.lines = text.split("\\r\\n|\\r|\\n", -1);
    }

    /**
     * The position of the {@code #} right after a plain scalar that starts at {@code start} and ends at {@code end}, or
     * {@code null}: when the scalar is quoted, a block ({@code |}, {@code >}) or tagged, or nothing like
     * {@code #text} follows it. A comment ends the scalar, so it can only follow its last line.
     */
    Loc after(Loc start, Loc end) {
        String first = line(start.line());
        int at = index(first, start.column());
        if (at < 0 || at >= first.length() || "\"'|>!&*".indexOf(first.charAt(at)) >= 0) {
            return null;
        }
        String last = line(end.line());
        int from = index(last, end.column());
        if (from < 0 || from > last.length()) {
            return null;
        }
        Matcher cut = CUT.matcher(last.substring(from));
        if (!cut.find()) {
            return null;
        }
        int hash = from + cut.start(1);
        return new Loc(end.line(), end.column() + last.codePointCount(from, hash));
    }

    private String line(int number) {
        return number >= 1 && number <= lines.length ? lines[number - 1] : "";
    }

    /** The index in {@code line} of a 1-based column counted in code points, as the YAML parser counts; -1 if none. */
    private static int index(String line, int column) {
        if (column < 1 || column - 1 > line.codePointCount(0, line.length())) {
            return -1;
        }
        return line.offsetByCodePoints(0, column - 1);
    }
}
