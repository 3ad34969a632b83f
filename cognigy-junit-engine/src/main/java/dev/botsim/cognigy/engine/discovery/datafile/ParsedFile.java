package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;
import java.util.Objects;

import dev.botsim.cognigy.engine.model.SimulationFile;

/**
 * What reading one data file produced.
 *
 * @param file     the valid part of the file: cases and conversations without problems, in file
 *                 order; empty when the file could not be read at all
 * @param problems everything wrong with the file, ordered by line and column; empty when the file is
 *                 valid
 * @param leftOut  the first line of each case, conversation or row left out of {@code file} for a problem, in order:
 *                 where a line selected inside one belongs to its problems, not to the test above it
 */
public record ParsedFile(SimulationFile file, List<FileProblem> problems, List<Integer> leftOut) {

    public ParsedFile {
        Objects.requireNonNull(file, "file");
        problems = List.copyOf(problems);
        leftOut = List.copyOf(leftOut);
    }

    /** A file none of whose parts is known to be left out (it could not be read, or is valid). */
    public ParsedFile(SimulationFile file, List<FileProblem> problems) {
        this(file, problems, List.of());
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }
}
