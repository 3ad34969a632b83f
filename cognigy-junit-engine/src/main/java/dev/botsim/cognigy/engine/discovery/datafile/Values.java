package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.ExpectationRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;

/**
 * Reads typed values out of nodes, reporting a wrong type at the value's own position. Every method
 * returns {@code null} (or empty) both for "not given" and for "wrong"; callers tell them apart by
 * the {@link Problems#mark()}.
 *
 * <p>A key written without a value (YAML's {@code key:}, JSON's {@code null}) means one thing per kind of key, the
 * same in both formats and in the JSON Schema: a list or mapping ({@code expect:}, {@code tags:}, {@code data:})
 * is not given — what is left when its entries are commented out; a text or number ({@code user:},
 * {@code intent:}, {@code version:}) is empty and reported — a value forgotten, never a check quietly dropped.
 */
final class Values {

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    /** Any scalar as written ({@code 404} is the text "404"); containers are refused. */
    String text(Node node, String name, Where where) {
        if (node == null || isNull(node) || rejected(node)) {
            return null;
        }
        if (node instanceof Node.Scalar scalar) {
            if (scalar.comment() != null) {
                problems.add(scalar.comment(), CaseRules.cutByComment("'" + name + "'" + where.in(), scalar.text(), "text"));
                return null;
            }
            return scalar.text();
        }
        problems.add(node.loc(), "'" + name + "'" + where.in() + " must be text, not " + node.describe() + " — "
                + (node instanceof Node.Sequence ? "write a single value" : "write the value after the ':'"));
        return null;
    }

    /** Like {@link #text} but an empty value is a mistake, also when none is written: it would check or send nothing. */
    String nonEmptyText(Node node, String name, Where where) {
        String text = node != null && isNull(node) ? "" : text(node, name, where);
        if (text == null) {
            return null;
        }
        Optional<Violation> empty = CaseRules.text(text);
        if (empty.isPresent()) {
            problems.add(node.loc(), empty.get().of("'" + name + "'" + where.in()));
            return null;
        }
        return CaseRules.trim(text);
    }

    /**
     * A text the bot's answer is compared with ({@code response_contains}, an item of {@code response_contains_any} or
     * {@code response_not_contains}, {@code response_matches}): as {@link #nonEmptyText}, and refused when it breaks
     * {@link ExpectationRules#expectedText} as written — spaces quoted at its ends, or only invisible characters.
     */
    String expectedText(Node node, String name, Where where) {
        String text = nonEmptyText(node, name, where);
        if (text == null) {
            return null;
        }
        // Given, so a scalar: its text as written.
        String written = ((Node.Scalar) node).text();
        Optional<Violation> broken = ExpectationRules.expectedText(written, name.startsWith("response_matches"),
                regex -> "response_matches: '" + regex + "'");
        broken.ifPresent(v -> problems.add(node.loc(), v.of("'" + name + "'" + where.in())));
        return broken.isPresent() ? null : text;
    }

    Long integer(Node node, String name, Where where) {
        if (node == null || rejected(node) || noValue(node, name, where)) {
            return null;
        }
        if (node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.INTEGER
                && scalar.value() instanceof Long value) {
            return value;
        }
        problems.add(node.loc(), "'" + name + "'" + where.in() + " must be a whole number, not " + shown(node)
                + " — write it without quotes or decimals");
        return null;
    }

    /** A minimum intent score: a number in [0, 1]. */
    Double fraction(Node node, String name, Where where) {
        if (node == null || rejected(node) || noValue(node, name, where)) {
            return null;
        }
        if (node instanceof Node.Scalar scalar
                && (scalar.kind() == Node.Kind.INTEGER || scalar.kind() == Node.Kind.DECIMAL)) {
            double value = ((Number) scalar.value()).doubleValue();
            Optional<Violation> outside = ExpectationRules.minScore(value);
            if (outside.isEmpty()) {
                return value;
            }
            problems.add(node.loc(), outside.get().of("'" + name + "' " + CaseRules.shorten(scalar.text()) + where.in()));
            return null;
        }
        problems.add(node.loc(), "'" + name + "'" + where.in() + " must be a number between 0 and 1, not "
                + shown(node) + (where.flat() ? " — write a number such as 0.8 in the cell" : " — write it without quotes, e.g. 0.8"));
        return null;
    }

    Node.Mapping mapping(Node node, String name, Where where, String example) {
        if (node == null || absent(node)) {
            return null;
        }
        if (node instanceof Node.Mapping mapping) {
            return mapping;
        }
        if (rejected(node)) {
            return null;
        }
        problems.add(node.loc(), "'" + name + "'" + where.in() + " must be a mapping, not " + node.describe()
                + " — write it as " + example);
        return null;
    }

    Node.Sequence sequence(Node node, String name, Where where, String example) {
        if (node == null || absent(node)) {
            return null;
        }
        if (node instanceof Node.Sequence sequence) {
            return sequence;
        }
        if (rejected(node)) {
            return null;
        }
        problems.add(node.loc(), "'" + name + "'" + where.in() + " must be a list, not " + node.describe()
                + " — write it as " + example);
        return null;
    }

    /** Non-empty texts of a list, each reported at its own position. */
    List<String> texts(Node node, String name, Where where, String example) {
        return texts(node, name, where, example, false);
    }

    /** @param expected whether the texts are compared with the answer ({@link #expectedText}) */
    List<String> texts(Node node, String name, Where where, String example, boolean expected) {
        Node.Sequence sequence = sequence(node, name, where, example);
        if (sequence == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            Node item = sequence.items().get(i);
            String itemName = name + "[" + i + "]";
            String text = expected ? expectedText(item, itemName, where) : nonEmptyText(item, itemName, where);
            if (text != null) {
                result.add(text);
            }
        }
        return result;
    }

    /** Tags become JUnit tags, so they follow JUnit's rules ({@link CaseRules#tag}). */
    Set<String> tags(Node node, Where where) {
        Set<String> tags = new LinkedHashSet<>();
        Node.Sequence sequence = sequence(node, "tags", where, "[smoke, orders]");
        if (sequence == null) {
            return tags;
        }
        for (int i = 0; i < sequence.items().size(); i++) {
            Node item = sequence.items().get(i);
            String tag = nonEmptyText(item, "tags[" + i + "]", where);
            if (tag == null) {
                continue;
            }
            Optional<Violation> invalid = CaseRules.tag(tag);
            if (invalid.isEmpty()) {
                tags.add(tag);
            } else {
                problems.add(item.loc(), invalid.get().of("tag '" + CaseRules.shorten(tag) + "'" + where.in()));
            }
        }
        return tags;
    }

    /** Entity names to expected values, compared as text. */
    Map<String, String> entities(Node node, Where where) {
        Map<String, String> entities = new LinkedHashMap<>();
        Node.Mapping mapping = mapping(node, "entities", where, "{ order_id: ORD_99 }");
        if (mapping == null) {
            return entities;
        }
        if (mapping.fields().isEmpty() && mapping.complete()) {
            // Not "the bot finds no entities": an empty mapping would check nothing, and the test pass whatever the bot found.
            problems.add(mapping.loc(), "'entities'" + where.in() + " is empty, which checks nothing (not that the bot finds"
                    + " no entities) — name the entities the bot must find, e.g. { order_id: ORD_99 }, or remove it");
            return entities;
        }
        Where inside = where.child("entities");
        Iterable<Node.Field> fields = Fields.read(mapping, inside, null, Map.of(), problems).all();
        if (sameEntityInTwoForms(fields, inside)) {
            return entities;
        }
        for (Node.Field field : fields) {
            Optional<Violation> unnamed = ExpectationRules.entityName(field.name());
            if (unnamed.isPresent()) {
                problems.add(field.keyLoc(), unnamed.get().of("entity" + inside.in()));
                continue;
            }
            String value = absent(field.value()) ? "" : text(field.value(), field.name(), inside);
            if (value == null) {
                continue;
            }
            Optional<Violation> noValue = ExpectationRules.entityValue(field.name(), value);
            if (noValue.isPresent()) {
                // An empty value is pointed at by its name, a value that is wrong at itself.
                problems.add(value.isBlank() ? field.keyLoc() : field.value().loc(), noValue.get().of("entity '" + CaseRules.shorten(field.name()) + "'" + inside.in()));
                continue;
            }
            entities.put(field.name(), value);
        }
        return entities;
    }

    /**
     * Reports names that differ only in Unicode form ({@code "ü"} composed and decomposed): the expectation holds them
     * composed, as the bot's slots arrive, so they are one entity and one of the two values would be lost. Names written
     * the same twice are reported by {@link Fields} already.
     */
    private boolean sameEntityInTwoForms(Iterable<Node.Field> fields, Where inside) {
        Map<String, List<Node.Field>> byEntity = new LinkedHashMap<>();
        fields.forEach(f -> byEntity.computeIfAbsent(ExpectationRules.entityKey(f.name()), k -> new ArrayList<>()).add(f));
        boolean found = false;
        for (List<Node.Field> uses : byEntity.values()) {
            if (uses.size() < 2) continue;
            found = true;
            Violation repeated = ExpectationRules.entityRepeated(uses.stream().map(Node.Field::name).toList());
            String at = uses.stream().map(f -> f.keyLoc().line() + ":" + f.keyLoc().column())
                    .collect(java.util.stream.Collectors.joining(", "));
            // One message at every use, as for a key written twice: either could be the one to keep.
            String message = "entity '" + CaseRules.shorten(uses.get(0).name()) + "'" + inside.in() + " " + repeated.what()
                    + " (at " + at + ") — " + repeated.fix();
            uses.forEach(use -> problems.add(use.keyLoc(), message));
        }
        return found;
    }

    /**
     * The data a message carries (Cognigy's {@code input.data}): {@code data:}, or {@code context:}, the name it
     * had before it was named after what Cognigy does with it. Both at once is a mistake: which one wins would be
     * a guess.
     */
    Map<String, Object> messageData(Fields fields, Where where) {
        if (fields.has("data") && fields.has("context")) {
            problems.add(fields.keyLoc("context"), where.labelOr("the file") + " has both 'data' and 'context' — keep"
                    + " one ('context' is the older name of 'data': the data sent with each message)");
            return Map.of();
        }
        return fields.has("context") ? data(fields.get("context"), "context", where)
                : data(fields.get("data"), "data", where);
    }

    /**
     * Free-form JSON-like data sent to the bot ({@code data:}, {@code context:}, {@code inject_context:}); any value is
     * allowed, duplicate keys are not, and an expectation indented into it is refused (see {@link #expectIndentedInto}).
     */
    Map<String, Object> data(Node node, String name, Where where) {
        Node.Mapping mapping = mapping(node, name, where, "{ language: en }");
        if (mapping == null || expectIndentedInto(mapping, name, where)) {
            return Map.of();
        }
        return plainMap(mapping, where.child(name));
    }

    /**
     * Whether {@code expect:} was written one level too deep, under data sent to the bot: it would be sent as data and
     * the case would run with no expectation — a test passing whatever the bot answers. Only an {@code expect} holding
     * expectation keys counts: a data field of that name holding anything else is the bot's business.
     */
    private boolean expectIndentedInto(Node.Mapping mapping, String name, Where where) {
        for (Node.Field field : mapping.fields()) {
            if ("expect".equals(field.name()) && field.value() instanceof Node.Mapping expect
                    && !expect.fields().isEmpty()
                    && expect.fields().stream().allMatch(f -> Expectations.KEYS.contains(f.name()))) {
                String fix = where.label().equals("defaults") ? "write expectations on each case, under its 'expect:'"
                        : where.label().matches("conversations\\[\\d+]") ? "write expectations on a turn, under its 'expect:'"
                        : "indent 'expect' as '" + name + "' is";
                problems.add(field.keyLoc(), "'expect' under '" + name + "'" + where.in() + " is data sent to the bot,"
                        + " not an expectation — " + fix);
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plainMap(Node.Mapping mapping, Where where) {
        return (Map<String, Object>) plain(mapping, where);
    }

    /** A locale tag ({@code en-US}, {@code de}), or {@code null} when not given or not a tag (reported). */
    String locale(Node node, Where where) {
        String locale = nonEmptyText(node, "locale", where);
        if (locale == null) {
            return null;
        }
        Optional<Violation> invalid = CaseRules.locale(locale);
        invalid.ifPresent(v -> problems.add(node.loc(), v.of("locale '" + CaseRules.shorten(locale) + "'" + where.in())));
        return invalid.isPresent() ? null : locale;
    }

    /** Titles of quick replies or buttons: a non-empty list of non-empty texts. */
    List<String> titles(Node node, String name, Where where) {
        Node.Sequence list = sequence(node, name, where, "[Yes, No]");
        if (list == null) {
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(list.loc(), "'" + name + "'" + where.in() + " is empty — list at least one title, or remove it");
            return List.of();
        }
        return texts(list, name, where, "[Yes, No]");
    }

    /** Expected output data: a non-empty mapping of any JSON-like values. */
    Map<String, Object> expectedData(Node node, String name, Where where) {
        Node.Mapping mapping = mapping(node, name, where, "{ language: en }");
        Map<String, Object> data = mapping == null ? Map.of() : plainMap(mapping, where.child(name));
        if (data.isEmpty() && node instanceof Node.Mapping) {
            problems.add(node.loc(), "'" + name + "'" + where.in() + " is empty — write the keys the bot's output data"
                    + " must hold, e.g. { action: GET_STARTED }");
        }
        return data;
    }

    private Object plain(Node node, Where where) {
        if (node instanceof Node.Mapping mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Node.Field field : Fields.read(mapping, where, null, Map.of(), problems).all()) {
                map.put(field.name(), plain(field.value(), where.child(field.name())));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node instanceof Node.Sequence sequence) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < sequence.items().size(); i++) {
                list.add(plain(sequence.items().get(i), where.index(i)));
            }
            return Collections.unmodifiableList(list);
        }
        if (node instanceof Node.Scalar scalar) {
            return scalar.value();
        }
        rejected(node);
        return null;
    }

    /**
     * Rejected nodes, and containers a syntax error cut short, were reported already: they only make
     * the enclosing case invalid.
     */
    private boolean rejected(Node node) {
        if (node instanceof Node.Rejected || incomplete(node)) {
            problems.taint();
            return true;
        }
        return false;
    }

    static boolean incomplete(Node node) {
        return node instanceof Node.Mapping mapping && !mapping.complete()
                || node instanceof Node.Sequence sequence && !sequence.complete();
    }

    /** A number key written without a value, reported as empty. */
    private boolean noValue(Node node, String name, Where where) {
        if (!isNull(node)) {
            return false;
        }
        problems.add(node.loc(), CaseRules.text("").orElseThrow().of("'" + name + "'" + where.in()));
        return true;
    }

    static boolean isNull(Node node) {
        return node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.NULL;
    }

    /** Written without a value: where a list or mapping is expected, not given (see the class comment). */
    static boolean absent(Node node) {
        return isNull(node);
    }

    private static String shown(Node node) {
        if (node instanceof Node.Scalar scalar) {
            return scalar.kind() == Node.Kind.TEXT ? "the text '" + CaseRules.shorten(scalar.text()) + "'" : CaseRules.shorten(scalar.text());
        }
        return node.describe();
    }
}
