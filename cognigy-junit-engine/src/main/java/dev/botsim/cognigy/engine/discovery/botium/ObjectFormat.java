package dev.botsim.cognigy.engine.discovery.botium;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.discovery.datafile.Documents.Value;
import dev.botsim.cognigy.engine.discovery.rules.CaseRules;

/**
 * Botium's YAML and JSON format: {@code convos:} a list of {@code { name, description, steps }}, each step a
 * mapping with one sender ({@code me}, {@code bot}, {@code begin}, {@code end}, {@code include}) holding a list of
 * lines, and {@code utterances:} a mapping from a list's name to its utterances. A line is text as in the text
 * format, or an object naming an asserter, logic hook or user input; objects are rewritten as the text line they
 * stand for, so both formats are mapped by the same rules.
 */
final class ObjectFormat {

    /** What one document holds. */
    record Content(List<Convo> convos, List<Convo.UtteranceList> utterances) {
    }

    private final Findings findings;

    ObjectFormat(Findings findings) {
        this.findings = findings;
    }

    Content read(Value root) {
        List<Convo> convos = new ArrayList<>();
        List<Convo.UtteranceList> utterances = new ArrayList<>();
        if (root == null) return new Content(convos, utterances);
        if (!(root.content() instanceof Map<?, ?> fields)) {
            findings.add(root.line(), root.column(), "a Botium file must be a mapping with 'convos:' and/or 'utterances:'"
                    + " — write it as Botium's YAML/JSON format documents");
            return new Content(convos, utterances);
        }
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String key = (String) field.getKey();
            Value value = (Value) field.getValue();
            switch (key) {
                case "convos" -> list(value, "convos").forEach(item -> convo(item).ifPresent(convos::add));
                case "utterances" -> utterances(value, utterances);
                case "partialConvos" -> atKey(value, "partial convos ('partialConvos:') are"
                        + " not supported — write their steps into each convo that includes them");
                case "scriptingMemory" -> atKey(value, "scripting memory"
                        + " ('scriptingMemory:') is not supported — write the values into the convos");
                default -> atKey(value, "unknown key '" + CaseRules.shorten(key) + "' in a Botium file — use"
                        + " 'convos:' and 'utterances:'");
            }
        }
        return new Content(convos, utterances);
    }

    private java.util.Optional<Convo> convo(Value item) {
        if (!(item.content() instanceof Map<?, ?> fields)) {
            findings.add(item.line(), item.column(), "a convo must be a mapping — write it as { name: ..., steps: [ ... ] }");
            return java.util.Optional.empty();
        }
        // A convo a syntax error cut short (its error is reported already) is left out: its steps after the error
        // were never read, and sent without them it would check less than the file says.
        if (item.cutShort()) return java.util.Optional.empty();
        int before = findings.mark();
        String name = null;
        List<Convo.Step> steps = new ArrayList<>();
        boolean hasSteps = false;
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            Value value = (Value) field.getValue();
            switch ((String) field.getKey()) {
                case "name" -> name = value.content() == null ? null : String.valueOf(value.content()).strip();
                case "description" -> {
                    // Describes the convo for people; nothing to send or check.
                }
                case "steps" -> {
                    hasSteps = true;
                    list(value, "steps").forEach(step -> step(step).ifPresent(steps::add));
                }
                default -> atKey(value, "unknown key '" + CaseRules.shorten(String.valueOf(field.getKey())) + "' in a convo"
                        + " — a convo has 'name', 'description' and 'steps'");
            }
        }
        if (!hasSteps) {
            findings.add(item.line(), item.column(), "the convo" + (name == null ? "" : " '" + CaseRules.shorten(name) + "'")
                    + " has no 'steps' — add steps: [ { me: [ hello ] }, { bot: [ ... ] } ]");
        }
        // A convo with a step or line that could not be read is left out, as one with a line that cannot be mapped:
        // run without it, it would check less than it says.
        if (findings.mark() != before) return java.util.Optional.empty();
        return java.util.Optional.of(new Convo(name, item.line(), steps));
    }

    private java.util.Optional<Convo.Step> step(Value item) {
        if (!(item.content() instanceof Map<?, ?> fields) || fields.size() != 1) {
            findings.add(item.line(), item.column(), "a step must be a mapping with one of "
                    + String.join(", ", TextFormat.SENDERS) + " — write it as { me: [ hello ] }");
            return java.util.Optional.empty();
        }
        Map.Entry<?, ?> only = fields.entrySet().iterator().next();
        String sender = (String) only.getKey();
        Value value = (Value) only.getValue();
        if (!TextFormat.SENDERS.contains(sender)) {
            atKey(value, "unknown step '" + CaseRules.shorten(sender) + "' — use one of "
                    + String.join(", ", TextFormat.SENDERS));
            return java.util.Optional.empty();
        }
        List<Convo.Line> lines = new ArrayList<>();
        for (Value line : list(value, sender)) {
            String text = line(line, sender);
            if (text != null && !text.isBlank()) lines.add(new Convo.Line(text, line.line()));
        }
        return java.util.Optional.of(new Convo.Step(sender, null, item.line(), lines));
    }

    /** A line of a {@code sender} step as the text format writes it, or {@code null} after reporting why it is none. */
    private String line(Value item, String sender) {
        Object content = item.content();
        if (content instanceof String || content instanceof Number || content instanceof Boolean) {
            return cutByComment(item, "line") ? null : String.valueOf(content);
        }
        if (content instanceof Map<?, ?> fields) {
            String name = text(fields.get("asserter"));
            if (name == null) name = text(fields.get("logichook"));
            if (name == null) name = text(fields.get("logicHook"));
            if (name == null) name = text(fields.get("userinput"));
            if (name == null) name = text(fields.get("userInput"));
            if (name != null) {
                String prefix = (flag(fields.get("optional")) ? "?" : "") + (flag(fields.get("not")) ? "!" : "");
                return command(prefix, name, fields.get("args"), sender, item);
            }
            if (fields.size() == 1) {
                Map.Entry<?, ?> only = fields.entrySet().iterator().next();
                String key = (String) only.getKey();
                String prefix = "";
                if (key.startsWith("?") || key.startsWith("OPTIONAL_")) {
                    prefix += "?";
                    key = key.startsWith("?") ? key.substring(1) : key.substring("OPTIONAL_".length());
                }
                if (key.startsWith("!") || key.startsWith("NOT_")) {
                    prefix += "!";
                    key = key.startsWith("!") ? key.substring(1) : key.substring("NOT_".length());
                }
                return command(prefix, key, only.getValue(), sender, item);
            }
        }
        findings.add(item.line(), item.column(), "a step's line must be text or { ASSERTER_NAME: [args] } — write it as"
                + " Botium's format documents");
        return null;
    }

    /** The line as the text format writes it, or {@code null} after reporting a name or argument it cannot hold. */
    private String command(String prefix, String name, Object args, String sender, Value item) {
        if (!known(name, sender, item)) return null;
        String written = args(args);
        return written == null ? null : prefix + name + written;
    }

    /**
     * Whether an object line names a logic hook, or a user input in a {@code me} step, or an asserter in any other:
     * Botium refuses any other name there, and read as text it would be sent, or become a check that the answer contains
     * the name.
     */
    private boolean known(String name, String sender, Value item) {
        boolean me = "me".equals(sender);
        if (Asserters.LOGIC_HOOKS.contains(name) || (me ? Asserters.USER_INPUTS : Asserters.ASSERTERS).contains(name)) {
            return true;
        }
        if (me && Asserters.ASSERTERS.contains(name)) {
            findings.add(item.line(), item.column(), "'" + name + "' is an asserter, which checks the bot's answer, in a me"
                    + " step, which sends a message — move it to the bot step after it");
            return false;
        }
        if (Asserters.USER_INPUTS.contains(name)) {
            findings.add(item.line(), item.column(), "'" + name + "' is a user input, which the user sends, in a " + sender
                    + " step — move it to a me step");
            return false;
        }
        findings.add(item.line(), item.column(), "'" + CaseRules.shorten(name) + "' is not one of Botium's asserters, logic hooks or user"
                + " inputs (custom ones registered in botium.json are not supported) — write what it checks with the"
                + " asserters in docs/from-botium.md, or quote the line if it is text");
        return false;
    }

    /**
     * Arguments as the text format writes them: after a space, separated by {@code |} (a {@code |} inside one
     * escaped); {@code null} after reporting an argument that is not text, number or boolean.
     */
    private String args(Object value) {
        if (!(value instanceof Value v) || v.content() == null) return "";
        List<Value> items = new ArrayList<>();
        if (v.content() instanceof List<?> list) {
            list.forEach(i -> items.add((Value) i));
        } else {
            items.add(v);
        }
        List<String> args = new ArrayList<>();
        for (Value arg : items) {
            if (arg.content() instanceof Map || arg.content() instanceof List) {
                findings.add(arg.line(), arg.column(), "an argument must be text, a number or true/false — quote it"
                        + " (for JSON: '{\"key\": \"value\"}')");
                return null;
            }
            if (cutByComment(arg, "argument")) return null;
            args.add(arg.content() == null ? "" : String.valueOf(arg.content()));
        }
        return " " + String.join("|", args.stream().map(a -> a.replace("|", "\\|")).toList());
    }

    private static String text(Object value) {
        return value instanceof Value v && v.content() instanceof String s ? s : null;
    }

    private static boolean flag(Object value) {
        return value instanceof Value v && Boolean.TRUE.equals(v.content());
    }

    private void utterances(Value value, List<Convo.UtteranceList> into) {
        if (!(value.content() instanceof Map<?, ?> lists)) {
            findings.add(value.line(), value.column(), "'utterances' must be a mapping from a list's name to its"
                    + " utterances — write it as { GREETING: [ hi, hello ] }");
            return;
        }
        for (Map.Entry<?, ?> list : lists.entrySet()) {
            List<String> texts = new ArrayList<>();
            for (Value item : list((Value) list.getValue(), "utterances." + list.getKey())) {
                if (item.content() instanceof Map || item.content() instanceof List) {
                    findings.add(item.line(), item.column(), "an utterance must be text — write what the user says");
                } else if (cutByComment(item, "utterance")) {
                    // Reported: the list is read without it, and the file's convos that use the list are not left out
                    // for it, so its problem stands where it is.
                } else if (item.content() != null && !String.valueOf(item.content()).isBlank()) {
                    texts.add(String.valueOf(item.content()).strip());
                }
            }
            into.add(new Convo.UtteranceList(((String) list.getKey()).strip(), texts));
        }
    }

    /**
     * Whether YAML cut the text {@code value} at a {@code #} directly followed by text ({@code Your order #4711 is
     * ready} reads as "Your order"), after reporting it: sent or checked as read, the test would say less than the line
     * and could pass on the wrong answer.
     */
    private boolean cutByComment(Value value, String what) {
        if (value.commentLine() <= 0) return false;
        findings.add(value.commentLine(), value.commentColumn(), CaseRules.cutByComment("the " + what,
                String.valueOf(value.content()), what));
        return true;
    }

    /** The items of a list, or none after reporting that the value is not one. */
    @SuppressWarnings("unchecked")
    private List<Value> list(Value value, String name) {
        if (value.content() instanceof List<?> items) return (List<Value>) items;
        findings.add(value.line(), value.column(), "'" + name + "' must be a list — write it as [ ... ]");
        return List.of();
    }

    /** A problem with the key {@code value} stands under, reported at the key (the value may be lines below it). */
    private void atKey(Value value, String message) {
        if (value.keyLine() > 0) findings.add(value.keyLine(), value.keyColumn(), message);
        else findings.add(value.line(), value.column(), message);
    }
}
