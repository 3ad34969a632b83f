package dev.botsim.cognigy.engine.discovery.datafile;

/**
 * Names the part of the file a message is about: {@code cases[2].expect} in YAML and JSON, the row
 * in CSV, where every field is a column of the same row.
 */
record Where(String label, boolean flat) {

    static final Where ROOT = new Where("", false);

    static Where csvRow(int line) {
        return new Where("the row at line " + line, true);
    }

    Where child(String key) {
        if (flat) {
            return this;
        }
        return new Where(label.isEmpty() ? key : label + "." + key, false);
    }

    Where index(int i) {
        return new Where(label + "[" + i + "]", false);
    }

    /** {@code " in cases[2]"}, or nothing at the top level. */
    String in() {
        return label.isEmpty() ? "" : " in " + label;
    }

    String labelOr(String fallback) {
        return label.isEmpty() ? fallback : label;
    }
}
