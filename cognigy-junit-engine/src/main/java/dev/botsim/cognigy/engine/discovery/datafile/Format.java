package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.Locale;
import java.util.Optional;

/** The data-file formats, told apart by the name's suffix only: content sniffing would be a guess. */
enum Format {
    YAML("YAML", ".sim.yaml", ".sim.yml"),
    JSON("JSON", ".sim.json"),
    CSV("CSV", ".sim.csv");

    private final String label;
    private final String[] suffixes;

    Format(String label, String... suffixes) {
        this.label = label;
        this.suffixes = suffixes;
    }

    String label() {
        return label;
    }

    static Optional<Format> of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Format format : values()) {
            for (String suffix : format.suffixes) {
                if (lower.endsWith(suffix)) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }
}
