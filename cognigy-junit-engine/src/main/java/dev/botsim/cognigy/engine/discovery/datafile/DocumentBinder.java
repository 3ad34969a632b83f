package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.model.SimulationFile;

/** Binds the root of a YAML or JSON document: version, bot, mode, flows, defaults, then every case. */
final class DocumentBinder {

    static final List<String> ROOT_KEYS = List.of("version", "bot", "mode", "flows", "locale", "repeat", "defaults", "cases",
            "conversations");
    static final List<String> DEFAULTS_KEYS = List.of("user", "platform", "data", "context", "tags");
    static final int VERSION = 1;

    /** An external id names one test in a test-management tool: it is each case's or conversation's own, never shared. */
    static final Fields.Hint EXTERNAL_ID_PER_TEST = Fields.Hint.fix("an external id names one test in your test-management"
            + " tool: set 'external_id' on each case or conversation");

    private static final Map<String, Fields.Hint> ROOT_HINTS = Map.of(
            "tests", Fields.Hint.meant("cases"),
            "case", Fields.Hint.meant("cases"),
            "conversation", Fields.Hint.meant("conversations"),
            "external_id", EXTERNAL_ID_PER_TEST);

    private DocumentBinder() {
    }

    /**
     * @param defaultMode the mode of a file that names none ({@link Mode#NLU} under {@code cognigy.backend=nlu})
     */
    static SimulationFile bind(String resource, String sha256, Node root, Problems problems, Mode defaultMode) {
        if (root == null) {
            if (problems.isEmpty()) {
                problems.add(Loc.START, "the file is empty — add a 'cases:' or 'conversations:' list");
            }
            return empty(resource, sha256);
        }
        if (root instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.NULL) {
            // JSON's null, YAML's null, ~ or a bare ---: a value, but no cases; "not empty" would say the opposite.
            String example = resource.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                    ? "{ \"cases\": [ { \"id\": \"test_x\", \"utterance\": \"hello\" } ] }"
                    : "cases: [ { id: test_x, utterance: hello } ]";
            problems.add(root.loc(), "the file holds only null, so no cases or conversations — write a mapping with a"
                    + " 'cases:' list in its place, e.g. " + example);
            return empty(resource, sha256);
        }
        if (!(root instanceof Node.Mapping mapping)) {
            if (!(root instanceof Node.Rejected)) {
                problems.add(root.loc(), "the file must be a mapping with 'cases:' and/or 'conversations:', not "
                        + root.describe() + " — put the list under a 'cases:' key");
            }
            return empty(resource, sha256);
        }
        Values values = new Values(problems);
        Fields fields = Fields.read(mapping, Where.ROOT, ROOT_KEYS, ROOT_HINTS, problems);
        Node versionNode = fields.get("version");
        Long version = values.integer(versionNode, "version", Where.ROOT);
        if (version != null && version != VERSION) {
            problems.add(versionNode.loc(), "version " + version + " is not supported — this engine reads version "
                    + VERSION + "; write 'version: 1'");
        }
        String bot = values.nonEmptyText(fields.get("bot"), "bot", Where.ROOT);
        List<String> flows = values.texts(fields.get("flows"), "flows", Where.ROOT,
                "[flow_greeting, flow_order_status]");
        String locale = values.locale(fields.get("locale"), Where.ROOT);
        Node modeNode = fields.get("mode");
        Mode mode = modeNode == null ? defaultMode : mode(modeNode, values, problems);
        String elsewhere = modeNode == null ? CaseBinder.OUT_OF_NLU_RUN : CaseBinder.OUT_OF_NLU_FILE;
        Defaults defaults = defaults(fields.get("defaults"), values, problems, locale, mode, elsewhere)
                .withRepeat(CaseBinder.repeat(fields.get("repeat"), Where.ROOT, values, problems));

        CaseBinder binder = new CaseBinder(resource, problems, defaults, mode, elsewhere);
        Node.Sequence cases = values.sequence(fields.get("cases"), "cases", Where.ROOT,
                "a list: cases: [ { id: test_x, utterance: hello } ]");
        if (cases != null) {
            for (int i = 0; i < cases.items().size(); i++) {
                binder.bindCase(cases.items().get(i), Where.ROOT.child("cases").index(i));
            }
        }
        Node.Sequence conversations = values.sequence(fields.get("conversations"), "conversations", Where.ROOT,
                "a list: conversations: [ { id: test_x, turns: [ { say: hi } ] } ]");
        if (conversations != null) {
            for (int i = 0; i < conversations.items().size(); i++) {
                binder.bindConversation(conversations.items().get(i), Where.ROOT.child("conversations").index(i));
            }
        }
        if (mapping.complete() && isEmpty(fields, "cases", cases) && isEmpty(fields, "conversations", conversations)
                && !fields.misspelt("cases", "conversations")) {
            problems.add(mapping.loc(), "the file defines no cases or conversations — add a 'cases:' list with at"
                    + " least one case");
        }
        CaseBinder.Bound bound = binder.finish();
        return new SimulationFile(resource, bot, flows, bound.cases(), bound.conversations(), sha256, mode,
                flowLines(fields.get("flows")));
    }

    /**
     * The line each expected flow is written on, by the flow as {@code flows:} reads it: where a flow that is not the
     * bot's is pointed out once the run knows the bot's flows.
     */
    private static Map<String, Integer> flowLines(Node flows) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        if (flows instanceof Node.Sequence sequence) {
            for (Node item : sequence.items()) {
                if (item instanceof Node.Scalar scalar && scalar.kind() == Node.Kind.TEXT && scalar.text() != null
                        && scalar.loc().line() > 0) {
                    lines.putIfAbsent(CaseRules.trim(scalar.text()), scalar.loc().line());
                }
            }
        }
        return lines;
    }

    /** {@code mode: flow} (the default: the run's backend) or {@code mode: nlu} (scored by Cognigy's NLU). */
    private static Mode mode(Node node, Values values, Problems problems) {
        String mode = values.nonEmptyText(node, "mode", Where.ROOT);
        if (mode == null) return Mode.FLOW;
        return switch (mode) {
            case "flow" -> Mode.FLOW;
            case "nlu" -> Mode.NLU;
            default -> {
                problems.add(node.loc(), "mode '" + CaseRules.shorten(mode) + "' is not a mode — write 'mode: nlu' to score the cases with"
                        + " Cognigy's NLU, or 'mode: flow' (the default) to run them through cognigy.backend");
                yield Mode.FLOW;
            }
        };
    }

    /** Absent, null or []: but not a wrong value, which is reported already. */
    private static boolean isEmpty(Fields fields, String name, Node.Sequence list) {
        Node node = fields.get(name);
        return node == null || Values.absent(node) || (list != null && list.items().isEmpty());
    }

    /** A default that is wrong is reported and ignored; the cases are still checked on their own. */
    private static Defaults defaults(Node node, Values values, Problems problems, String locale, Mode mode,
                                     String elsewhere) {
        Node.Mapping mapping = values.mapping(node, "defaults", Where.ROOT, "{ user: usr_qa01, tags: [smoke] }");
        if (mapping == null) {
            return new Defaults(null, null, Map.of(), Set.of(), locale, 0);
        }
        Where where = Where.ROOT.child("defaults");
        Fields fields = Fields.read(mapping, where, DEFAULTS_KEYS, Map.of("external_id", EXTERNAL_ID_PER_TEST), problems);
        if (mode == Mode.NLU) CaseBinder.refuseMessageData(fields, where, problems, elsewhere);
        String user = CaseBinder.user(fields.get("user"), where, values, problems);
        String platform = values.nonEmptyText(fields.get("platform"), "platform", where);
        Map<String, Object> data = values.messageData(fields, where);
        Set<String> tags = values.tags(fields.get("tags"), where);
        return new Defaults(user, platform, data, tags, locale, 0);
    }

    static SimulationFile empty(String resource, String sha256) {
        return new SimulationFile(resource, null, List.of(), List.of(), List.of(), sha256);
    }
}
