package dev.botsim.cognigy.spi;

import java.util.Map;

/**
 * What a test expects of the bot's answer to one message. {@code null} (or an empty map, or a
 * negative score) means the field is not checked.
 *
 * @param intent           expected intent
 * @param notIntent        intent that must not be recognised
 * @param intentMinScore   lowest acceptable score, or a negative number
 * @param entities         expected entities by name, values compared as text
 * @param nextFlow         flow the conversation must end in
 * @param responseContains text the bot's answer must contain, ignoring case
 * @param responseMatches  regular expression the bot's answer must match (find)
 * @param errorCode        error code a turn must carry (negative tests)
 */
public record Expectation(String intent, String notIntent, double intentMinScore, Map<String, String> entities,
                          String nextFlow, String responseContains, String responseMatches, String errorCode) {

    public static final Expectation NONE = new Expectation(null, null, -1, Map.of(), null, null, null, null);

    public Expectation {
        entities = entities == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entities));
    }

    /** Whether any field is checked. */
    public boolean isEmpty() {
        return intent == null && notIntent == null && intentMinScore < 0 && entities.isEmpty() && nextFlow == null
                && responseContains == null && responseMatches == null && errorCode == null;
    }
}
