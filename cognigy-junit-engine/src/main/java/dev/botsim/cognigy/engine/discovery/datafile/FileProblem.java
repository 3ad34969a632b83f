package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.Comparator;
import java.util.Objects;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * One problem found in a simulation data file. The message says what is wrong and how to fix it,
 * in the form {@code <what is wrong> — <what to do>}. It is one line of bounded length, whatever it quotes of the
 * file: a message that quotes a value of a hostile or broken file whole (a header cell of a megabyte, a terminal's
 * escape code) is written on one line with those characters visible ({@link ConsoleText#oneLine}) and, past
 * {@link #LONGEST} characters, cut in its middle, so its beginning (what is wrong) and its end (the fix) stay. The places
 * that quote a value cut it short themselves ({@code CaseRules.shorten}); this holds for one that does not.
 *
 * @param resource the file as it was named to the reader
 * @param line     1-based line, or 0 when the problem concerns the whole file (e.g. its size)
 * @param column   1-based column (counted in characters), or 0 when unknown
 * @param message  what is wrong and how to fix it
 */
public record FileProblem(String resource, int line, int column, String message) implements Comparable<FileProblem> {

    private static final Comparator<FileProblem> ORDER = Comparator.comparingInt(FileProblem::line)
            .thenComparingInt(FileProblem::column)
            .thenComparing(FileProblem::message);

    /** The longest message kept whole, in characters: several times the longest the engine writes itself. */
    static final int LONGEST = 1_000;

    public FileProblem {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(message, "message");
        message = readable(message);
    }

    /** {@code message} on one line, its control characters visible, cut in its middle when longer than {@link #LONGEST}. */
    private static String readable(String message) {
        String line = ConsoleText.oneLine(message);
        int length = line.codePointCount(0, line.length());
        if (length <= LONGEST) return line;
        int head = line.offsetByCodePoints(0, LONGEST * 6 / 10);
        int tail = line.offsetByCodePoints(line.length(), -(LONGEST * 3 / 10));
        return line.substring(0, head) + "… (" + (length - LONGEST * 9 / 10) + " characters cut) …" + line.substring(tail);
    }

    /** By line, then column, then message: the order problems are reported in. */
    @Override
    public int compareTo(FileProblem other) {
        return ORDER.compare(this, other);
    }

    /** {@code resource:line:column: message}, the form compilers use, so IDE consoles link it. */
    @Override
    public String toString() {
        if (line <= 0) {
            return resource + ": " + message;
        }
        return resource + ":" + line + ":" + (column > 0 ? column : 1) + ": " + message;
    }
}
