package dev.botsim.cognigy.engine.discovery.datafile;

import java.io.IOException;
import java.io.InputStream;

/** TEMPORARY stub: replaced by the real reader. */
public final class SimulationFileReader {
    public SimulationFileReader(long maxBytes) {
    }

    public ParsedFile read(String resourceName, InputStream in) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
