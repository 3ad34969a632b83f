package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data-file formats, told apart by the name's suffix only: content sniffing would be a guess.
 * The one place that knows the suffixes; scans, selectors and {@code @BotSimulation(data)} folders
 * ask {@link SimulationFileReader#isSimulationFile}.
 */
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

    /** The suffixes as users write them: {@code *.sim.yaml, *.sim.yml, *.sim.json or *.sim.csv}. */
    static String patterns() {
        List<String> all = new ArrayList<>();
        for (Format format : values()) {
            for (String suffix : format.suffixes) {
                all.add("*" + suffix);
            }
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    /** The format a name's suffix (ignoring case) gives, if any. */
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
