package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a simulation data file. The message says what is wrong and how to fix it,
 * in the form {@code <what is wrong> — <what to do>}.
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

    public FileProblem {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(message, "message");
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
