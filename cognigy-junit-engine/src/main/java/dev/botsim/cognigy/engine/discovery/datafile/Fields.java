package dev.botsim.cognigy.engine.discovery.datafile;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.engine.support.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one mapping, checked against the keys allowed there. Unknown keys get a "did you
 * mean"; a key written twice is reported at every occurrence, since either could be the intended one.
 */
final class Fields {

    private final Map<String, Node.Field> byName;

    private Fields(Map<String, Node.Field> byName) {
        this.byName = byName;
    }

    /**
     * @param allowed the keys allowed, in the order they are suggested; {@code null} for free-form
     *                mappings (context, entities) where only duplicates are checked
     * @param hints   fixes for known mistakes ({@code intent} directly in a case), by key
     */
    static Fields read(Node.Mapping mapping, Where where, List<String> allowed, Map<String, String> hints,
                       Problems problems) {
        Map<String, List<Node.Field>> grouped = new LinkedHashMap<>();
        for (Node.Field field : mapping.fields()) {
            grouped.computeIfAbsent(field.name(), k -> new ArrayList<>()).add(field);
        }
        Map<String, Node.Field> byName = new LinkedHashMap<>();
        for (Map.Entry<String, List<Node.Field>> entry : grouped.entrySet()) {
            String name = entry.getKey();
            List<Node.Field> occurrences = entry.getValue();
            if (occurrences.size() > 1) {
                reportDuplicates(name, occurrences, where, problems);
            }
            if (allowed != null && !allowed.contains(name)) {
                String hint = hints.containsKey(name) ? hints.get(name) : Suggestions.hint(name, allowed);
                for (Node.Field field : occurrences) {
                    problems.add(field.keyLoc(), "unknown field '" + name + "'" + where.in() + " — " + hint);
                }
                continue;
            }
            byName.put(name, occurrences.get(0));
        }
        return new Fields(byName);
    }

    private static void reportDuplicates(String name, List<Node.Field> occurrences, Where where, Problems problems) {
        List<String> at = new ArrayList<>();
        for (Node.Field field : occurrences) {
            at.add(field.keyLoc().line() + ":" + field.keyLoc().column());
        }
        Violation repeated = CaseRules.repeated(occurrences.size());
        String message = "key '" + name + "' " + repeated.what() + where.in() + " (at " + String.join(", ", at)
                + ") — " + repeated.fix();
        for (Node.Field field : occurrences) {
            problems.add(field.keyLoc(), message);
        }
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
