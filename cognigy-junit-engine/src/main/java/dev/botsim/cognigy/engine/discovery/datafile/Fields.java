package dev.botsim.cognigy.engine.discovery.datafile;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Suggestions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of one mapping, checked against the keys allowed there. Unknown keys get a "did you
 * mean"; a key written twice is reported at every occurrence, since either could be the intended one.
 */
final class Fields {

    private final Map<String, Node.Field> byName;
    private final Set<String> misspelt;
    private final boolean merged;

    private Fields(Map<String, Node.Field> byName, Set<String> misspelt, boolean merged) {
        this.byName = byName;
        this.misspelt = misspelt;
        this.merged = merged;
    }

    /**
     * The fix for a known mistake, and the allowed key the mistaken one is written for, if any ({@code text} for
     * {@code utterance}), which then is not also reported missing.
     */
    record Hint(String fix, Optional<String> meant) {

        /** A fix that names no key of the mapping ({@code intent} directly in a case: "move it under 'expect:'"). */
        static Hint fix(String fix) {
            return new Hint(fix, Optional.empty());
        }

        /** A fix for a key written in place of {@code key}. */
        static Hint insteadOf(String key, String fix) {
            return new Hint(fix, Optional.of(key));
        }

        /** Another word for {@code key}, or a misspelling too far from it for a suggestion ({@code case} of {@code cases}). */
        static Hint meant(String key) {
            return insteadOf(key, "did you mean '" + key + "'?");
        }
    }

    /**
     * @param allowed the keys allowed, in the order they are suggested; {@code null} for free-form
     *                mappings (context, entities) where only duplicates are checked
     * @param hints   fixes for known mistakes ({@code intent} directly in a case), by key
     */
    static Fields read(Node.Mapping mapping, Where where, List<String> allowed, Map<String, Hint> hints,
                       Problems problems) {
        Map<String, List<Node.Field>> grouped = new LinkedHashMap<>();
        for (Node.Field field : mapping.fields()) {
            grouped.computeIfAbsent(field.name(), k -> new ArrayList<>()).add(field);
        }
        Map<String, Node.Field> byName = new LinkedHashMap<>();
        Set<String> misspelt = new HashSet<>();
        boolean merged = false;
        for (Map.Entry<String, List<Node.Field>> entry : grouped.entrySet()) {
            String name = entry.getKey();
            List<Node.Field> occurrences = entry.getValue();
            if (mergeKey(name, occurrences)) {
                // Reported where it was read, as what it is: the mapping is invalid, and any key may be missing for it.
                problems.taint();
                merged = true;
                continue;
            }
            if (occurrences.size() > 1) {
                reportDuplicates(name, occurrences, where, problems);
            }
            if (allowed != null && !allowed.contains(name)) {
                Hint hint = hints.containsKey(name) ? hints.get(name)
                        : new Hint(Suggestions.hint(name, allowed), Suggestions.closest(name, allowed));
                hint.meant().ifPresent(misspelt::add);
                for (Node.Field field : occurrences) {
                    problems.add(field.keyLoc(), "unknown field '" + ConsoleText.visible(CaseRules.shorten(name)) + "'" + where.in() + " — "
                            + hint.fix());
                }
                continue;
            }
            byName.put(name, occurrences.get(0));
        }
        return new Fields(byName, Set.copyOf(misspelt), merged);
    }

    /** A YAML merge key ({@code <<: *base}), refused where it was read: its value is a rejected node. */
    private static boolean mergeKey(String name, List<Node.Field> occurrences) {
        return name.equals(TreeReader.MERGE_KEY) && occurrences.stream().allMatch(f -> f.value() instanceof Node.Rejected);
    }

    private static void reportDuplicates(String name, List<Node.Field> occurrences, Where where, Problems problems) {
        List<String> at = new ArrayList<>();
        for (Node.Field field : occurrences) {
            at.add(field.keyLoc().line() + ":" + field.keyLoc().column());
        }
        Violation repeated = CaseRules.repeated(occurrences.size());
        String message = "key '" + ConsoleText.visible(CaseRules.shorten(name)) + "' " + repeated.what() + where.in() + " (at " + String.join(", ", at)
                + ") — " + repeated.fix();
        for (Node.Field field : occurrences) {
            problems.add(field.keyLoc(), message);
        }
    }

    /**
     * Whether an unknown key of the mapping was reported as written for one of {@code names} ({@code utterence:} or
     * {@code text:} for {@code utterance}): its fix says what to write, so that the key it stands for is missing is not
     * news.
     * The mapping is invalid all the same: the misspelling is its problem. A YAML merge key ({@code <<: *base}) stands for
     * any key the mapping lacks: the fields it was to copy are its problem too.
     */
    boolean misspelt(String... names) {
        for (String name : names) {
            if ((merged || misspelt.contains(name)) && !byName.containsKey(name)) return true;
        }
        return false;
    }

    Node get(String name) {
        Node.Field field = byName.get(name);
        return field == null ? null : field.value();
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    Loc keyLoc(String name) {
        return byName.get(name).keyLoc();
    }

    Iterable<Node.Field> all() {
        return byName.values();
    }
}
