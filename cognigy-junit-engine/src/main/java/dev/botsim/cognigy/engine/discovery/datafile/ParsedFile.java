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
 */
public record ParsedFile(SimulationFile file, List<FileProblem> problems) {

    public ParsedFile {
        Objects.requireNonNull(file, "file");
        problems = List.copyOf(problems);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }
}
