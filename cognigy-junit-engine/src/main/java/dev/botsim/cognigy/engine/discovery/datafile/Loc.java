package dev.botsim.cognigy.engine.discovery.datafile;

import tools.jackson.core.TokenStreamLocation;

/** A 1-based line and column in the decoded text; 0 when unknown. */
record Loc(int line, int column) {

    static final Loc UNKNOWN = new Loc(0, 0);
    static final Loc START = new Loc(1, 1);

    static Loc of(TokenStreamLocation location) {
        if (location == null) {
            return UNKNOWN;
        }
        return new Loc(Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0));
    }

    @Override
    public String toString() {
        return "line " + line;
    }
}
