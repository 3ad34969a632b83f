package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects the problems of one file. A file crafted to produce millions of problems must not cost
 * millions of objects, so only the first {@link #MAX} are kept and the rest are counted.
 */
final class Problems {

    static final int MAX = 200;

    private final String resource;
    private final List<FileProblem> kept = new ArrayList<>();
    private final Set<FileProblem> said = new HashSet<>();
    private final TreeSet<Integer> leftOut = new TreeSet<>();
    private int dropped;
    private int silent;

    Problems(String resource) {
        this.resource = resource;
    }

    String resource() {
        return resource;
    }

    void add(Loc loc, String message) {
        add(loc.line(), loc.column(), message);
    }

    void add(int line, int column, String message) {
        FileProblem problem = new FileProblem(resource, line, column, message);
        if (!said.add(problem)) {
            // Said already, at the same place: a CSV cell holds several values at one position, so a problem reported
            // at each of two entities in it ("at 3:11, 3:11") would read twice. It still counts for the mark.
            silent++;
        } else if (kept.size() < MAX) {
            kept.add(problem);
        } else {
            dropped++;
        }
    }

    /**
     * Records that something is invalid whose problem was already reported elsewhere (for example a
     * YAML alias found while building the tree), so the case containing it is still left out.
     */
    void taint() {
        silent++;
    }

    /** A counter that grows with every problem: compare two marks to see whether a part was clean. */
    int mark() {
        return kept.size() + dropped + silent;
    }

    /**
     * Records that the case, conversation or row beginning at {@code entry} is left out of the file's tests for a problem,
     * so a line selected inside it finds the problem rather than the test before it.
     */
    void leftOut(Loc entry) {
        if (entry.line() > 0) leftOut.add(entry.line());
    }

    /** The first lines of the parts left out for a problem, in order. */
    List<Integer> leftOut() {
        return List.copyOf(leftOut);
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    List<FileProblem> sorted() {
        List<FileProblem> result = new ArrayList<>(kept);
        Collections.sort(result);
        if (dropped > 0) {
            FileProblem last = result.get(result.size() - 1);
            result.add(new FileProblem(resource, last.line(), last.column(),
                    dropped + " more problems not shown — fix the ones above first"));
        }
        return result;
    }
}
