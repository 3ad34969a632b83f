package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.ExpectationRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.spi.Expectation;

/** Reads an {@code expect:} mapping (or the expectation columns of a CSV row). */
final class Expectations {

    static final List<String> KEYS = List.of("intent", "not_intent", "no_intent", "intent_min_score", "entities", "next_flow",
            "response_contains", "response_matches", "error_code", "quick_replies", "buttons", "response_data", "approved",
            "response_contains_any", "response_not_contains", "response_length");

    /** The ends of a {@code response_length} range. */
    private static final List<String> LENGTH_KEYS = List.of("min", "max");

    /** {@code expect: approved}: the whole answer is compared with the approved one, nothing else is expected. */
    static final String APPROVED = "approved";

    private static final Map<String, Fields.Hint> HINTS = Map.of(
            "entity", Fields.Hint.meant("entities"),
            "flow", Fields.Hint.meant("next_flow"),
            "response", Fields.Hint.fix("use 'response_contains' (text), 'response_contains_any' (one of several texts) or"
                    + " 'response_matches' (regular expression)"),
            "response_contains_none", Fields.Hint.meant("response_not_contains"),
            "response_length_max", Fields.Hint.insteadOf("response_length", "write response_length: { max: 400 }"),
            "length", Fields.Hint.insteadOf("response_length", "did you mean 'response_length'? e.g. response_length: { min: 10, max: 400 }"),
            "quick_reply", Fields.Hint.meant("quick_replies"),
            "data", Fields.Hint.insteadOf("response_data", "use 'response_data' for data the bot's output must carry"),
            "button", Fields.Hint.meant("buttons"));

    private final Values values;
    private final Problems problems;
    /**
     * One instance per distinct name in the file: intents, flows and entity names repeat in almost
     * every case, and the tests hold their expectations for the whole run (100,000 cases: ~15 MiB).
     */
    private final Map<String, String> names = new HashMap<>();

    Expectations(Values values, Problems problems) {
        this.values = values;
        this.problems = problems;
    }

    /** {@code where} is the owner of the mapping (a case or turn); fields are named below it. */
    Expectation read(Node node, Where owner) {
        if (node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.TEXT && scalar.text().strip().equals(APPROVED)) {
            return Expectation.builder().approved(Expectation.APPROVABLE).build();
        }
        Node.Mapping mapping = values.mapping(node, "expect", owner,
                "a mapping such as { intent: check_order, next_flow: flow_order_status }, or the word approved");
        if (mapping == null) {
            return Expectation.NONE;
        }
        Where where = owner.child("expect");
        Fields fields = Fields.read(mapping, where, KEYS, HINTS, problems);
        String intent = values.nonEmptyText(fields.get("intent"), "intent", where);
        String notIntent = unquoted(fields.get("not_intent"),
                values.nonEmptyText(fields.get("not_intent"), "not_intent", where), "not_intent", where, true);
        ExpectationRules.notIntent(intent, notIntent)
                .ifPresent(v -> problems.add(fields.keyLoc("not_intent"), v.of("'not_intent'" + where.in())));
        Double minScore = values.fraction(fields.get("intent_min_score"), "intent_min_score", where);
        boolean noIntent = noIntent(fields.get("no_intent"), where);
        Optional<Violation> noIntentWith = ExpectationRules.noIntent(noIntent, intent, notIntent, minScore == null ? -1 : minScore);
        noIntentWith.ifPresent(v -> problems.add(fields.keyLoc("no_intent"), v.of("'no_intent'" + where.in())));
        Map<String, String> entities = values.entities(fields.get("entities"), where);
        String nextFlow = values.nonEmptyText(fields.get("next_flow"), "next_flow", where);
        String contains = values.expectedText(fields.get("response_contains"), "response_contains", where);
        String matches = regex(fields.get("response_matches"), where);
        String errorCode = values.nonEmptyText(fields.get("error_code"), "error_code", where);
        List<String> quickReplies = values.titles(fields.get("quick_replies"), "quick_replies", where);
        List<String> buttons = values.titles(fields.get("buttons"), "buttons", where);
        Map<String, Object> responseData = values.expectedData(fields.get("response_data"), "response_data", where);
        List<String> containsAny = phrases(fields.get("response_contains_any"), "response_contains_any", where, false);
        List<String> notContains = phrases(fields.get("response_not_contains"), "response_not_contains", where, true);
        if (!notContains.isEmpty()) {
            ExpectationRules.responseNotContains(contains, containsAny, notContains).ifPresent(
                    v -> problems.add(fields.keyLoc("response_not_contains"), v.of("'response_not_contains'" + where.in())));
        }
        long[] length = length(fields.get("response_length"), where);
        Map<String, String> namedEntities = new LinkedHashMap<>();
        entities.forEach((name, value) -> namedEntities.put(name(name), value));
        return Expectation.builder().intent(name(intent)).notIntent(name(notIntent)).noIntent(noIntent && noIntentWith.isEmpty())
                .intentMinScore(minScore == null ? -1 : minScore).entities(namedEntities).nextFlow(name(nextFlow))
                .responseContains(contains).responseMatches(matches).errorCode(name(errorCode))
                .quickReplies(quickReplies).buttons(buttons).responseData(responseData)
                .approved(approved(fields.get("approved"), where)).responseContainsAny(containsAny)
                .responseNotContains(notContains).responseLength((int) length[0], (int) length[1]).build();
    }

    /**
     * {@code no_intent: true}; {@code false} checks nothing and is refused, as is any value but a boolean (CSV's
     * {@code true}/{@code false} cells arrive as booleans).
     */
    private boolean noIntent(Node node, Where where) {
        if (node == null || node instanceof Node.Rejected || Values.incomplete(node)) {
            return false;
        }
        if (node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.BOOLEAN) {
            if (Boolean.TRUE.equals(scalar.value())) return true;
            problems.add(node.loc(), ExpectationRules.noIntentFalse().of("'no_intent'" + where.in()));
            return false;
        }
        problems.add(node.loc(), "'no_intent'" + where.in() + " must be true, not " + (Values.isNull(node) ? "empty"
                : node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.TEXT ? "the text '" + CaseRules.shorten(scalar.text()) + "'"
                : node.describe()) + (where.flat() ? " — write TRUE in the cell, or leave it empty"
                : " — write no_intent: true, without quotes, or remove it"));
        return false;
    }

    /**
     * Texts compared with the answer: a non-empty list of non-empty texts, or — where {@code oneWillDo} — a single text
     * ({@code response_not_contains: sorry}).
     */
    private List<String> phrases(Node node, String name, Where where, boolean oneWillDo) {
        if (node == null || Values.absent(node)) {
            return List.of();
        }
        if (oneWillDo && node instanceof Node.Scalar) {
            String text = unquoted(node, values.expectedText(node, name, where), name, where, false);
            return text == null ? List.of() : List.of(text);
        }
        String example = oneWillDo ? "sorry, or a list such as [sorry, error]" : "[order number, tracking]";
        Node.Sequence list = values.sequence(node, name, where, example);
        if (list == null) {
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(list.loc(), "'" + name + "'" + where.in() + " is empty — list at least one text, or remove it");
            return List.of();
        }
        List<String> texts = values.texts(list, name, where, example, true);
        if (oneWillDo) {
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof Node.Scalar item && item.kind() == Node.Kind.TEXT) {
                    unquoted(item, CaseRules.trim(item.text()), name + "[" + i + "]", where, false);
                }
            }
        }
        return texts;
    }

    /**
     * {@code text}, or {@code null} after reporting it, when it is what a check forbids written inside quotes that are
     * part of it ({@link ExpectationRules#forbiddenInQuotes}): the check would pass whatever the bot said.
     */
    private String unquoted(Node node, String text, String name, Where where, boolean intent) {
        if (text == null) return null;
        Optional<Violation> quoted = ExpectationRules.forbiddenInQuotes(text, intent);
        quoted.ifPresent(v -> problems.add(node.loc(), v.of("'" + name + "'" + where.in())));
        return quoted.isPresent() ? null : text;
    }

    /** {@code response_length: { min: 10, max: 400 }}: the range's ends, -1 for an open end or one that breaks a rule. */
    private long[] length(Node node, Where where) {
        long[] range = {-1, -1};
        Node.Mapping mapping = values.mapping(node, "response_length", where, "{ min: 10, max: 400 } (either end may be left out)");
        if (mapping == null) {
            return range;
        }
        Where inside = where.child("response_length");
        Fields ends = Fields.read(mapping, inside, LENGTH_KEYS, Map.of(
                "minimum", Fields.Hint.meant("min"), "maximum", Fields.Hint.meant("max")), problems);
        for (int i = 0; i < LENGTH_KEYS.size(); i++) {
            String end = LENGTH_KEYS.get(i);
            Long characters = values.integer(ends.get(end), end, inside);
            if (characters == null) continue;
            Optional<Violation> broken = ExpectationRules.responseLengthBound(characters);
            broken.ifPresent(v -> problems.add(ends.get(end).loc(), v.of("'" + end + "'" + inside.in())));
            if (broken.isEmpty()) range[i] = characters;
        }
        ExpectationRules.responseLengthRange(range[0], range[1])
                .ifPresent(v -> problems.add(ends.get("max").loc(), v.of("'max'" + inside.in())));
        // Only when max is not written: a max that breaks its own rule is reported already.
        if (!ends.has("max")) {
            ExpectationRules.responseLengthChecksSomething(range[0], range[1])
                    .ifPresent(v -> problems.add(ends.get("min").loc(), v.of("'min'" + inside.in())));
        }
        if (!ends.has("min") && !ends.has("max") && mapping.fields().isEmpty()) {
            problems.add(mapping.loc(), "'response_length'" + where.in() + " is empty — give min, max or both, e.g."
                    + " { min: 10, max: 400 }, or remove it");
        }
        return range;
    }

    /**
     * {@code approved: true} (every field), {@code false} (none) or a list of fields ({@code [intent, entities]}) for an
     * answer whose other fields vary.
     */
    private List<String> approved(Node node, Where where) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.BOOLEAN) {
            return Boolean.TRUE.equals(scalar.value()) ? Expectation.APPROVABLE : List.of();
        }
        if (node instanceof Node.Sequence list) {
            List<String> fields = new java.util.ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                String field = values.nonEmptyText(list.items().get(i), "approved[" + i + "]", where);
                if (field == null) return List.of();
                fields.add(field);
            }
            Optional<Violation> broken = ExpectationRules.approvedFields(fields);
            broken.ifPresent(v -> problems.add(node.loc(), v.of("'approved'" + where.in())));
            return broken.isPresent() ? List.of() : fields;
        }
        if (!(node instanceof Node.Rejected) && !Values.incomplete(node)) {
            problems.add(node.loc(), "'approved'" + where.in() + " must be true, false or a list of fields, not "
                    + node.describe() + " — write approved: true, or approved: [intent, next_flow, entities] when the text varies");
        }
        return List.of();
    }

    private String name(String text) {
        return text == null ? null : names.computeIfAbsent(text, k -> k);
    }

    private String regex(Node node, Where where) {
        String pattern = values.expectedText(node, "response_matches", where);
        if (pattern == null) {
            return null;
        }
        Optional<Violation> broken = ExpectationRules.responseMatches(pattern);
        broken.ifPresent(v -> problems.add(node.loc(), v.of("'response_matches'" + where.in())));
        return broken.isPresent() ? null : pattern;
    }
}
