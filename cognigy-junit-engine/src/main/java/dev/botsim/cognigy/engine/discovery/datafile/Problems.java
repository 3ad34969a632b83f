package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the problems of one file. A file crafted to produce millions of problems must not cost
 * millions of objects, so only the first {@link #MAX} are kept and the rest are counted.
 */
final class Problems {

    static final int MAX = 200;

    private final String resource;
    private final List<FileProblem> kept = new ArrayList<>();
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
        if (kept.size() < MAX) {
            kept.add(new FileProblem(resource, line, column, message));
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
