package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.ExpectationRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.Expectation;

/**
 * Turns case and conversation nodes into model records. A case with any problem is left out (the
 * rest of the file still runs); its id still counts when looking for duplicates.
 */
final class CaseBinder {

    static final List<String> CASE_KEYS = List.of("id", "utterance", "utterances", "user", "platform", "data", "context",
            "inject_context", "locale", "expect", "tags", "repeat", "external_id");
    static final List<String> CONVERSATION_KEYS = List.of("id", "user", "platform", "data", "context", "inject_context",
            "locale", "tags", "turns", "repeat", "external_id");
    static final List<String> TURN_KEYS = List.of("say", "data", "context", "expect");

    private static final Map<String, Fields.Hint> CASE_HINTS = caseHints();
    private static final Map<String, Fields.Hint> CONVERSATION_HINTS = conversationHints();
    private static final Map<String, Fields.Hint> TURN_HINTS = turnHints();

    private final String resource;
    private final Problems problems;
    private final Values values;
    private final Expectations expectations;
    private final Defaults defaults;
    private final List<Declared> declared = new ArrayList<>();
    private final List<SimulationCase> cases = new ArrayList<>();
    private final List<ConversationCase> conversations = new ArrayList<>();

    /**
     * An id as written, for the duplicate check, and what was bound under it; its external id ({@code external_id:}), as
     * written and where, or {@code null}.
     */
    private record Declared(String id, Loc loc, List<SimulationCase> cases, ConversationCase conversation,
                            ExternalId externalId, Loc entry) {
    }

    /** The expectations NLU scoring checks; every other key of {@code expect:} is refused in {@code mode: nlu}. */
    private static final Set<String> INTENT_KEYS = Set.of("intent", "not_intent", "no_intent", "intent_min_score");
    /** Where a test beyond intents belongs when its file says {@code mode: nlu}. */
    static final String OUT_OF_NLU_FILE = "a file without 'mode: nlu'";
    /** Where it belongs when {@code cognigy.backend=nlu} made its file an NLU file. */
    static final String OUT_OF_NLU_RUN = "a run with another cognigy.backend (cognigy.backend=nlu scores every test of a file"
            + " without 'mode: flow')";

    private final Mode mode;
    private final String elsewhere;

    /**
     * @param mode      the file's {@code mode:}; with {@link Mode#NLU} only single utterances expecting intents bind
     * @param elsewhere where a test the NLU cannot check belongs ({@link #OUT_OF_NLU_FILE}, {@link #OUT_OF_NLU_RUN})
     */
    CaseBinder(String resource, Problems problems, Defaults defaults, Mode mode, String elsewhere) {
        this.mode = mode;
        this.elsewhere = elsewhere;
        this.resource = resource;
        this.problems = problems;
        this.values = new Values(problems);
        this.expectations = new Expectations(values, problems);
        this.defaults = defaults;
    }

    void bindCase(Node item, Where where) {
        bindCase(item, where, true);
    }

    /** A CSV row whose cells were already broken (a cell too many, a bad entity) is checked but left out. */
    void bindRow(Node.Mapping row, Where where, boolean intact) {
        bindCase(row, where, intact);
    }

    private void bindCase(Node item, Where where, boolean intact) {
        Node.Mapping mapping = entry(item, where, "{ id: test_x, utterance: hello }");
        if (mapping == null) {
            problems.leftOut(item.loc());
            return;
        }
        int before = problems.mark();
        if (!intact) {
            problems.taint();
        }
        Fields fields = Fields.read(mapping, where, CASE_KEYS, CASE_HINTS, problems);
        if (mode == Mode.NLU) refuseBeyondIntents(fields, where);
        Id id = id(fields, mapping, where);
        String user = user(fields.get("user"), where);
        String platform = values.nonEmptyText(fields.get("platform"), "platform", where);
        Map<String, Object> data = values.messageData(fields, where);
        List<Utterance> utterances = utterances(fields, mapping, where, !data.isEmpty());
        Map<String, Object> inject = values.data(fields.get("inject_context"), "inject_context", where);
        String locale = values.locale(fields.get("locale"), where);
        Expectation expect = expectations.read(fields.get("expect"), where);
        Set<String> tags = values.tags(fields.get("tags"), where);
        int repeat = defaults.repeat(repeat(fields.get("repeat"), where, values, problems));
        ExternalId externalId = externalId(fields.get("external_id"), where);
        List<SimulationCase> bound = new ArrayList<>();
        if (problems.mark() == before) {
            for (int i = 0; i < utterances.size(); i++) {
                Utterance utterance = utterances.get(i);
                String caseId = utterance.variant() ? id.text() + "[" + (i + 1) + "]" : id.text();
                bound.add(new SimulationCase(caseId, utterance.text(), defaults.user(user), defaults.platform(platform),
                        nullIfEmpty(defaults.data(data)), expect, nullIfEmpty(defaults.tags(tags)), position(utterance.loc()),
                        defaults.locale(locale), nullIfEmpty(inject), repeat, position(mapping.loc()),
                        externalId == null ? null : externalId.text()));
            }
        }
        if (bound.isEmpty()) problems.leftOut(mapping.loc());
        if (id != null) {
            declared.add(new Declared(id.text(), id.loc(), bound, null, externalId, mapping.loc()));
        }
    }

    void bindConversation(Node item, Where where) {
        Node.Mapping mapping = entry(item, where, "{ id: test_x, turns: [ { say: hi } ] }");
        if (mapping == null) {
            problems.leftOut(item.loc());
            return;
        }
        if (mode == Mode.NLU) {
            problems.add(mapping.loc(), ExpectationRules.intentsOnly("is a conversation", elsewhere).of(where.labelOr("the conversation")));
            problems.leftOut(mapping.loc());
            return;
        }
        int before = problems.mark();
        Fields fields = Fields.read(mapping, where, CONVERSATION_KEYS, CONVERSATION_HINTS, problems);
        Id id = id(fields, mapping, where);
        String user = user(fields.get("user"), where);
        String platform = values.nonEmptyText(fields.get("platform"), "platform", where);
        Map<String, Object> data = defaults.data(values.messageData(fields, where));
        Map<String, Object> inject = values.data(fields.get("inject_context"), "inject_context", where);
        String locale = values.locale(fields.get("locale"), where);
        Set<String> tags = values.tags(fields.get("tags"), where);
        List<ConversationTurn> turns = turns(fields, mapping, where, data);
        int repeat = defaults.repeat(repeat(fields.get("repeat"), where, values, problems));
        ExternalId externalId = externalId(fields.get("external_id"), where);
        ConversationCase bound = null;
        if (problems.mark() == before) {
            bound = new ConversationCase(id.text(), defaults.user(user), defaults.platform(platform), data,
                    defaults.tags(tags), turns, position(mapping.loc()), defaults.locale(locale), inject, repeat,
                    externalId == null ? null : externalId.text());
        }
        if (bound == null) problems.leftOut(mapping.loc());
        if (id != null) {
            declared.add(new Declared(id.text(), id.loc(), List.of(), bound, externalId, mapping.loc()));
        }
    }

    /**
     * Reports ids used more than once in the file (at every use: either could be the one to rename)
     * and returns what is left, in file order.
     */
    Bound finish() {
        Map<String, List<Declared>> byId = new LinkedHashMap<>();
        for (Declared d : declared) {
            byId.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<String, List<Declared>> entry : byId.entrySet()) {
            List<Declared> uses = entry.getValue();
            if (uses.size() < 2) {
                continue;
            }
            List<String> at = new ArrayList<>();
            uses.forEach(d -> at.add(d.loc().line() + ":" + d.loc().column()));
            String message = CaseRules.idUsedMoreThanOnce("file", at).of("id '" + entry.getKey() + "'");
            for (Declared d : uses) {
                problems.add(d.loc(), message);
            }
        }
        Set<Declared> sharingExternalId = reportExternalIdsUsedMoreThanOnce();
        for (Declared d : declared) {
            if (byId.get(d.id()).size() == 1 && !sharingExternalId.contains(d)) {
                cases.addAll(d.cases());
                if (d.conversation() != null) {
                    conversations.add(d.conversation());
                }
            } else {
                problems.leftOut(d.entry());
            }
        }
        return new Bound(cases, conversations);
    }

    record Bound(List<SimulationCase> cases, List<ConversationCase> conversations) {
    }

    /**
     * Reports an external id given to more than one case or conversation of the file, at every use — the tool would take
     * their results for one test's — and returns those uses, which are left out, as cases sharing a test id are.
     */
    private Set<Declared> reportExternalIdsUsedMoreThanOnce() {
        Map<String, List<Declared>> byExternalId = new LinkedHashMap<>();
        for (Declared d : declared) {
            if (d.externalId() != null) byExternalId.computeIfAbsent(d.externalId().text(), k -> new ArrayList<>()).add(d);
        }
        Set<Declared> sharing = new java.util.HashSet<>();
        for (Map.Entry<String, List<Declared>> entry : byExternalId.entrySet()) {
            List<Declared> uses = entry.getValue();
            if (uses.size() < 2) continue;
            List<String> at = new ArrayList<>();
            uses.forEach(d -> at.add(d.externalId().loc().line() + ":" + d.externalId().loc().column()));
            String message = CaseRules.externalIdUsedMoreThanOnce("file", at)
                    .of("external_id '" + CaseRules.shorten(entry.getKey()) + "'");
            for (Declared d : uses) {
                problems.add(d.externalId().loc(), message);
            }
            sharing.addAll(uses);
        }
        return sharing;
    }

    private Node.Mapping entry(Node item, Where where, String example) {
        // Cut short by a syntax error, or refused while parsing: reported already, and its missing
        // parts are not news.
        if (item instanceof Node.Rejected || Values.incomplete(item)) {
            return null;
        }
        if (item instanceof Node.Mapping mapping) {
            return mapping;
        }
        if (Values.absent(item)) {
            problems.add(item.loc(), where.label() + " is empty — write it as " + example);
            return null;
        }
        problems.add(item.loc(), where.label() + " must be a mapping, not " + item.describe() + " — write it as "
                + example);
        return null;
    }

    private record Id(String text, Loc loc) {
    }

    private Id id(Fields fields, Node.Mapping mapping, Where where) {
        Node node = fields.get("id");
        // An unknown key written for it (ids:) was reported with the key to write: that the id is missing is no news.
        if (fields.misspelt("id")) return null;
        if (node == null || Values.absent(node)) {
            problems.add(node == null ? mapping.loc() : node.loc(), where.labelOr("the case")
                    + " has no 'id' — add id: test_<name>");
            return null;
        }
        String text = values.text(node, "id", where);
        if (text == null) {
            return null;
        }
        Optional<Violation> invalid = CaseRules.testId(text);
        if (invalid.isPresent()) {
            problems.add(node.loc(), invalid.get().of("id '" + CaseRules.shorten(text) + "'" + where.in()));
            return null;
        }
        return new Id(text, node.loc());
    }

    /** An external id as written and where it stands. */
    private record ExternalId(String text, Loc loc) {
    }

    /**
     * The case's or conversation's {@code external_id:}, or {@code null} when it is not given or breaks the rule
     * (reported at the value). A number is taken as written ({@code 4711}), as an id a tool numbers.
     */
    private ExternalId externalId(Node node, Where where) {
        String text = node != null && Values.isNull(node) ? "" : values.text(node, "external_id", where);
        if (text == null) return null;
        Optional<Violation> invalid = CaseRules.externalId(text);
        if (invalid.isPresent()) {
            String subject = text.isBlank() ? "'external_id'" : "external_id '" + CaseRules.shorten(text) + "'";
            problems.add(node.loc(), invalid.get().of(subject + where.in()));
            return null;
        }
        return new ExternalId(text, node.loc());
    }

    private String user(Node node, Where where) {
        return user(node, where, values, problems);
    }

    /**
     * A user id as written, or {@code null} when it is not given or breaks the rules every backend keeps (reported).
     * Whether the run's backend takes it (the simulation API takes only {@code usr_...}) is decided by the run, for the
     * tests it runs: a file holding a REST Endpoint's user id is read alike whatever the backend.
     */
    static String user(Node node, Where where, Values values, Problems problems) {
        if (node != null && Values.isNull(node)) {
            // written without a value: empty, as every text key (see Values)
            problems.add(node.loc(), CaseRules.text("").orElseThrow().of("'user'" + where.in()));
            return null;
        }
        String user = values.text(node, "user", where);
        if (user == null) {
            return null;
        }
        Optional<Violation> invalid = CaseRules.userId(user);
        invalid.ifPresent(v -> problems.add(node.loc(), v.of("user '" + CaseRules.shorten(user) + "'" + where.in())));
        return invalid.isPresent() ? null : user;
    }

    /** A {@code repeat:} as written, or 0 when it is not given or breaks the rule (reported). */
    static int repeat(Node node, Where where, Values values, Problems problems) {
        Long times = values.integer(node, "repeat", where);
        if (times == null) return 0;
        Optional<Violation> invalid = CaseRules.repeat(times);
        invalid.ifPresent(v -> problems.add(node.loc(), v.of("'repeat'" + where.in())));
        return invalid.isPresent() ? 0 : times.intValue();
    }

    private record Utterance(String text, Loc loc, boolean variant) {
    }

    /** @param dataOnly whether the case sends data, so it needs no text */
    private List<Utterance> utterances(Fields fields, Node.Mapping mapping, Where where, boolean dataOnly) {
        List<Utterance> result = new ArrayList<>();
        if (fields.has("utterance") && fields.has("utterances")) {
            problems.add(fields.keyLoc("utterances"), where.labelOr("the case")
                    + " has both 'utterance' and 'utterances' — keep one");
            return result;
        }
        if (fields.has("utterance")) {
            Node node = fields.get("utterance");
            String text = message(node, "utterance", where);
            if (text != null) {
                result.add(new Utterance(text, mapping.loc(), false));
            }
            return result;
        }
        if (!fields.has("utterances")) {
            if (dataOnly) {
                // A postback or quick-reply payload: data without text.
                result.add(new Utterance(null, mapping.loc(), false));
                return result;
            }
            // An unknown key written for it (utterence:, text:) was reported with the key to write; the case is left
            // out for it.
            if (fields.misspelt("utterance", "utterances")) return result;
            problems.add(mapping.loc(), where.labelOr("the case") + " has no utterance — add utterance: <what the user"
                    + " says>, or utterances: [...] for variants" + (where.flat() ? ""
                    : ", or data: {...} for a data-only message (a postback)"));
            return result;
        }
        Node.Sequence list = values.sequence(fields.get("utterances"), "utterances", where,
                "[where is my order, track my package]");
        if (list == null) {
            if (Values.absent(fields.get("utterances"))) {
                problems.add(fields.get("utterances").loc(), CaseRules.noUtterance().of("'utterances'" + where.in()));
            }
            return result;
        }
        if (list.items().isEmpty()) {
            problems.add(list.loc(), CaseRules.noUtterance().of("'utterances'" + where.in()));
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String text = message(item, "utterances[" + i + "]", where);
            if (text != null) {
                result.add(new Utterance(text, item.loc(), true));
            }
        }
        return result;
    }

    /** Text a user sends: required, not blank, not invisible; trimmed. */
    private String message(Node node, String name, Where where) {
        String text = values.text(node, name, where);
        if (text == null && Values.isNull(node)) {
            text = "";
        }
        if (text == null) {
            return null;
        }
        Optional<Violation> empty = CaseRules.utterance(text);
        if (empty.isPresent()) {
            problems.add(node.loc(), empty.get().of("'" + name + "'" + where.in()));
            return null;
        }
        return CaseRules.trim(text);
    }

    private List<ConversationTurn> turns(Fields fields, Node.Mapping mapping, Where where,
                                         Map<String, Object> conversationData) {
        List<ConversationTurn> turns = new ArrayList<>();
        if (!fields.has("turns") || Values.absent(fields.get("turns"))) {
            if (fields.misspelt("turns")) return turns;
            problems.add(fields.has("turns") ? fields.get("turns").loc() : mapping.loc(), where.labelOr("the conversation")
                    + " has no turns — add turns: with at least one { say: ... }");
            return turns;
        }
        Node.Sequence list = values.sequence(fields.get("turns"), "turns", where, "[ { say: hi }, { say: bye } ]");
        if (list == null) {
            return turns;
        }
        if (list.items().isEmpty()) {
            problems.add(list.loc(), "'turns'" + where.in() + " is empty — add at least one { say: ... }");
        }
        for (int i = 0; i < list.items().size(); i++) {
            Where turnWhere = where.child("turns").index(i);
            Node.Mapping turn = entry(list.items().get(i), turnWhere, "{ say: hi, expect: { intent: greeting } }");
            if (turn == null) {
                continue;
            }
            Fields turnFields = Fields.read(turn, turnWhere, TURN_KEYS, TURN_HINTS, problems);
            String say = null;
            Map<String, Object> own = values.messageData(turnFields, turnWhere);
            if (turnFields.has("say")) {
                say = message(turnFields.get("say"), "say", turnWhere);
            } else if (own.isEmpty() && !turnFields.misspelt("say")) {
                problems.add(turn.loc(), turnWhere.label() + " has no 'say' — add say: <what the user says>, or data:"
                        + " {...} for a data-only message (a postback)");
            }
            Map<String, Object> data = new LinkedHashMap<>(conversationData);
            data.putAll(own);
            Expectation expect = expectations.read(turnFields.get("expect"), turnWhere);
            turns.add(new ConversationTurn(i + 1, say, data, expect, position(turn.loc())));
        }
        return turns;
    }

    /**
     * SimulationCase copies a map or set it is given and uses one shared empty one for {@code null}:
     * most cases have neither context nor tags, and a copy of nothing still costs ~90 bytes a case.
     */
    private static <T extends java.util.Map<?, ?>> T nullIfEmpty(T map) {
        return map == null || map.isEmpty() ? null : map;
    }

    private static <T extends java.util.Collection<?>> T nullIfEmpty(T collection) {
        return collection == null || collection.isEmpty() ? null : collection;
    }

    private SourcePosition position(Loc loc) {
        return new SourcePosition(resource, loc.line(), loc.column());
    }

    private static Map<String, Fields.Hint> caseHints() {
        Map<String, Fields.Hint> hints = new LinkedHashMap<>();
        for (String key : Expectations.KEYS) {
            hints.put(key, Fields.Hint.fix("move it under 'expect:'"));
        }
        hints.put("say", Fields.Hint.insteadOf("utterance", "use 'utterance' for the text of a case ('say' is for conversation turns)"));
        hints.put("text", Fields.Hint.insteadOf("utterance", "use 'utterance' for the text of a case"));
        hints.put("turns", Fields.Hint.fix("a case with turns is a conversation — move it under 'conversations:'"));
        return Map.copyOf(hints);
    }

    private static Map<String, Fields.Hint> conversationHints() {
        Map<String, Fields.Hint> hints = new LinkedHashMap<>();
        for (String key : Expectations.KEYS) {
            hints.put(key, Fields.Hint.fix("put expectations on each turn, under turns[n].expect"));
        }
        hints.put("expect", Fields.Hint.fix("put expectations on each turn, under turns[n].expect"));
        hints.put("utterance", Fields.Hint.insteadOf("turns", "a conversation speaks in turns — write turns: [ { say: ... } ]"));
        hints.put("utterances", Fields.Hint.insteadOf("turns", "a conversation speaks in turns — write turns: [ { say: ... } ]"));
        return Map.copyOf(hints);
    }

    private static Map<String, Fields.Hint> turnHints() {
        Map<String, Fields.Hint> hints = new LinkedHashMap<>();
        for (String key : Expectations.KEYS) {
            hints.put(key, Fields.Hint.fix("move it under 'expect:'"));
        }
        hints.put("utterance", Fields.Hint.insteadOf("say", "use 'say' for what the user says in a turn"));
        hints.put("text", Fields.Hint.insteadOf("say", "use 'say' for what the user says in a turn"));
        hints.put("user", Fields.Hint.fix("set 'user' on the conversation, not on a turn"));
        hints.put("inject_context", Fields.Hint.fix("set 'inject_context' on the conversation: it is injected once, before the first turn"));
        hints.put("locale", Fields.Hint.fix("set 'locale' on the conversation or at the top of the file, not on a turn"));
        hints.put("external_id", Fields.Hint.fix("set 'external_id' on the conversation: its turns are one test in your"
                + " test-management tool, and each carries the conversation's"));
        // Clicking is BotSession.click's: a file names what is sent, and a clicked choice sends its payload as text.
        hints.put("click", Fields.Hint.insteadOf("say", "a data file's turn says what is sent, and a clicked quick reply or"
                + " button sends its payload as the message text, as Cognigy's Webchat does — write say: <its payload>"
                + " (BotSession.click clicks by title in a @Conversation method)"));
        return Map.copyOf(hints);
    }

    /**
     * In {@code mode: nlu} a case is one sentence scored for intents: what the NLU never sees (message data, context to
     * inject) and what it cannot check (entities, flows, responses) is refused where it is written.
     */
    private void refuseBeyondIntents(Fields fields, Where where) {
        refuseMessageData(fields, where, problems, elsewhere);
        if (fields.has("inject_context")) {
            problems.add(fields.keyLoc("inject_context"), ExpectationRules.intentsOnly("is context for a flow",
                    elsewhere).of("'inject_context'" + where.in()));
        }
        if (fields.get("expect") instanceof Node.Scalar scalar && Expectations.APPROVED.equals(scalar.text().strip())) {
            problems.add(scalar.loc(), ExpectationRules.intentsOnly("is an approved answer", elsewhere)
                    .of("'expect: approved'" + where.in()));
        }
        if (fields.get("expect") instanceof Node.Mapping expect) {
            Where expectWhere = where.child("expect");
            for (Node.Field field : expect.fields()) {
                if (Expectations.KEYS.contains(field.name()) && !INTENT_KEYS.contains(field.name())) {
                    problems.add(field.keyLoc(), ExpectationRules.intentsOnly("is not an intent", elsewhere)
                            .of("'" + field.name() + "'" + expectWhere.in()));
                }
            }
        }
    }

    /** Message data ({@code data:}, {@code context:}) reaches a flow, never the NLU's score: refused in {@code mode: nlu}. */
    static void refuseMessageData(Fields fields, Where where, Problems problems, String elsewhere) {
        for (String key : List.of("data", "context")) {
            if (fields.has(key)) {
                problems.add(fields.keyLoc(key), ExpectationRules.intentsOnly("is data for a flow", elsewhere)
                        .of("'" + key + "'" + where.in()));
            }
        }
    }
}
