package dev.botsim.cognigy.engine.model;

/**
 * Where something stands in a data file: the resource (classpath-relative, or the path as given when
 * the file is not on the classpath), 1-based line and column (0 when unknown).
 */
public record SourcePosition(String resource, int line, int column) {

    public static SourcePosition of(String resource) {
        return new SourcePosition(resource, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? resource + ":" + line + (column > 0 ? ":" + column : "") : resource;
    }
}
