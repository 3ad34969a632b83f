package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;

import dev.botsim.cognigy.engine.model.SimulationFile;

/** TEMPORARY stub. */
public record ParsedFile(SimulationFile file, List<FileProblem> problems) {
}
