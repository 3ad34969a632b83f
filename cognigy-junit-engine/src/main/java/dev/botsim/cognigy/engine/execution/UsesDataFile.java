package dev.botsim.cognigy.engine.execution;

/** A container run from a data file, whose hash the audit trail records. */
public interface UsesDataFile {

    String resource();

    /** Hex SHA-256 of the file's bytes. */
    String sha256();
}
