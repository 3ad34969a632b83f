package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.TestSource;

import dev.botsim.cognigy.engine.model.SourcePosition;

/**
 * Where the playbooks of an export file stand in it, by the playbook's name (unique in an export): the sources of
 * their nodes, so that an IDE goes from a failing step to the step as written. {@link #NONE} for playbooks read from a
 * tenant: they are written in Cognigy, and there is no file to open.
 */
public record PlaybookSources(Map<String, Located> byName) {

    public static final PlaybookSources NONE = new PlaybookSources(Map.of());

    /** @param byName in the file's order, which {@link #at} keeps */
    public PlaybookSources {
        byName = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byName));
    }

    /**
     * Where a playbook or step is written: the source an IDE opens, and the export and line as a failure's stack frame
     * names them, as a data file's case's position is named ({@link FailureTraces#inDataFile}).
     */
    public record Place(TestSource source, SourcePosition position) {
    }

    /** A playbook's place and its steps', in step order. */
    public record Located(Place playbook, List<Place> steps) {
        public Located {
            steps = List.copyOf(steps);
        }
    }

    /** The source of the playbook named {@code name}, if the file holds it. */
    Optional<TestSource> playbook(String name) {
        return Optional.ofNullable(byName.get(name)).map(located -> located.playbook().source());
    }

    /**
     * The place of the playbook's step {@code index} (from 0), if the file holds it. A playbook whose steps differ in
     * number from the file's (the playbook was changed at the sandbox after it was seeded) gets none for its steps: a
     * step's place could then be another step's.
     */
    Optional<Place> step(String name, int index, int steps) {
        Located located = byName.get(name);
        if (located == null || located.steps().size() != steps) return Optional.empty();
        return Optional.of(located.steps().get(index));
    }

    /**
     * The playbooks and steps standing at {@code line}: those beginning on the last line at or before it where any
     * begins, as a data file's line picks its tests — several beginning on one line (a minified export, written on one
     * line) are picked together, in the file's order; none before the first playbook.
     *
     * @return each playbook's name and step's index (from 0), or {@code -1} for the playbook's own lines
     */
    List<Map.Entry<String, Integer>> at(int line) {
        List<Map.Entry<String, Integer>> best = new java.util.ArrayList<>();
        int bestLine = 0;
        for (Map.Entry<String, Located> playbook : byName.entrySet()) {
            List<Place> places = new java.util.ArrayList<>();
            places.add(playbook.getValue().playbook());
            places.addAll(playbook.getValue().steps());
            for (int i = 0; i < places.size(); i++) {
                int begins = places.get(i).position().line();
                if (begins <= 0 || begins > line || begins < bestLine) continue;
                if (begins > bestLine) {
                    bestLine = begins;
                    best.clear();
                }
                best.add(Map.entry(playbook.getKey(), i - 1));
            }
        }
        return List.copyOf(best);
    }
}
