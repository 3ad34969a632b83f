package dev.botsim.cognigy.engine.analysis;

import java.util.Set;
import java.util.TreeSet;

/**
 * How much of what the bot knows (its intents, or its entities) the run exercised. Unknown when the
 * backend does not describe the bot: then the ratio is {@code NaN}.
 */
public record SchemaCoverage(Set<String> known, Set<String> seen) {

    public SchemaCoverage {
        known = Set.copyOf(known);
        seen = Set.copyOf(seen);
    }

    public boolean isKnown() {
        return !known.isEmpty();
    }

    public int covered() {
        return (int) known.stream().filter(seen::contains).count();
    }

    public double ratio() {
        return known.isEmpty() ? Double.NaN : (double) covered() / known.size();
    }

    public Set<String> missing() {
        Set<String> missing = new TreeSet<>(known);
        missing.removeAll(seen);
        return missing;
    }
}
