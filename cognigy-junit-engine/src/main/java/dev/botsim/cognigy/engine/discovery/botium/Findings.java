package dev.botsim.cognigy.engine.discovery.botium;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;

/** The problems of one Botium file, in the data files' form ({@code <what is wrong> — <what to do>}). */
final class Findings {

    /** As for data files: a file crafted to produce millions of problems must not cost millions of objects. */
    static final int MAX = 200;

    private final String resource;
    private final List<FileProblem> kept = new ArrayList<>();
    private int count;

    Findings(String resource) {
        this.resource = resource;
    }

    void add(int line, String message) {
        add(line, 0, message);
    }

    void add(int line, int column, String message) {
        count++;
        if (kept.size() < MAX) kept.add(new FileProblem(resource, line, column, message));
    }

    void addAll(List<FileProblem> problems) {
        problems.forEach(p -> add(p.line(), p.column(), p.message()));
    }

    /** A counter that grows with every problem: compare two marks to see whether a part was clean. */
    int mark() {
        return count;
    }

    List<FileProblem> sorted() {
        List<FileProblem> result = new ArrayList<>(kept);
        Collections.sort(result);
        if (count > kept.size()) {
            FileProblem last = result.get(result.size() - 1);
            result.add(new FileProblem(resource, last.line(), last.column(),
                    (count - kept.size()) + " more problems not shown — fix the ones above first"));
        }
        return result;
    }
}
