package dev.botsim.cognigy.engine.discovery.datafile;

/** TEMPORARY stub. */
public record FileProblem(String resource, int line, int column, String message) {
}
