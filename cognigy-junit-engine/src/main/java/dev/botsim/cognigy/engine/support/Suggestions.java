package dev.botsim.cognigy.engine.support;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** "Did you mean" for misspelt names: the closest known name within a small edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The known name closest to {@code typed}, ignoring case, if it is close enough to be a likely
     * typo: beyond about a third of the word the "suggestion" is a different word.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        return closest(typed, known, likelyTypo(typed));
    }

    /** How many letters a typo of {@code typed} may differ by: about a third of it, at least two. */
    private static int likelyTypo(String typed) {
        return Math.max(2, typed.length() / 3);
    }

    private static Optional<String> closest(String typed, Collection<String> known, int limit) {
        String lower = typed.toLowerCase(Locale.ROOT);
        return known.stream()
                .map(k -> new Candidate(k, distance(lower, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance <= limit)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    /** {@code " — did you mean 'x'?"} or the empty string. */
    public static String didYouMean(String typed, Collection<String> known) {
        return didYouMean(typed, known, likelyTypo(typed));
    }

    /**
     * The same for a setting of a few values, some of which are known by other words too ({@code rest} and
     * {@code rest-endpoint} for {@code endpoint}): the value {@code typed} is another word for, or a typo of, else the
     * known value it is a typo of. Case, {@code _} and spaces for {@code -} are no difference ({@code REST_ENDPOINT}).
     *
     * @param aliases other words for values of {@code known}, each to the value it means, lower case with {@code -}
     */
    public static String didYouMean(String typed, Collection<String> known, Map<String, String> aliases) {
        String word = typed.trim().toLowerCase(Locale.ROOT).replaceAll("[_\\s]+", "-");
        Map<String, String> meaning = new HashMap<>(aliases);
        known.forEach(k -> meaning.put(k, k));
        return closest(word, meaning.keySet()).map(meaning::get).map(k -> " — did you mean '" + k + "'?").orElse("");
    }

    /**
     * The same for names too long for a third of them to be a typo — a path, where one misspelt folder or suffix is a
     * few letters: within {@code maxEdits} letters only.
     */
    public static String didYouMean(String typed, Collection<String> known, int maxEdits) {
        return closest(typed, known, maxEdits).map(k -> " — did you mean '" + k + "'?").orElse("");
    }

    /** The fix part of an unknown-name message: the likely name, else every allowed one. */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> "did you mean '" + s + "'?")
                .orElseGet(() -> "allowed: " + String.join(", ", known));
    }

    /** Levenshtein distance, two rows of memory. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private record Candidate(String name, int distance) {
    }
}
