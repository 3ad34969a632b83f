package dev.botsim.cognigy.engine.discovery.botium;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.discovery.rules.ExpectationRules;
import dev.botsim.cognigy.engine.discovery.rules.Violation;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.engine.support.BotiumPattern;
import dev.botsim.cognigy.engine.support.BotiumText;
import dev.botsim.cognigy.spi.Expectation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps Botium convos onto cases and conversations: a convo with one {@code #me} is a case, one with several a
 * conversation; a {@code #me} that says an utterance list's name stands for each of its utterances (every
 * combination, as Botium expands them). A convo with anything that cannot be mapped is reported and left out, as
 * a data file's case with a problem is; the others still run.
 */
final class ConvoBinder {

    /** Expanding lists in several turns multiplies; beyond this many tests a convo is surely a slip. */
    static final int MAX_VARIANTS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern JSON_DATA_PATH = Pattern.compile("^\\$\\.data((?:\\.[A-Za-z0-9_-]+)+)$");

    /**
     * Whitespace within one output. The answer Botium's texts are matched in holds its outputs, each with its whitespace
     * collapsed to one space, apart by a line separator (U+2028) where the outputs are known: a line's end for {@code ^},
     * {@code $} and {@code .}, but no {@code \s}, so this never matches the break between two of them, as Botium compares
     * each message whole. Where only the turns' lines are known (a cassette recorded before the outputs' texts were), they
     * are apart by a line break, which this matches as it did then ({@code execution.BotiumMatch#matchedOutputs}).
     */
    private static final String SPACE_WITHIN = "\\s+";

    /** Whitespace of a text looked for anywhere in the answer: the break between two outputs too. */
    private static final String ANY_SPACE = "[\\s\\v]+";

    private final String resource;
    private final Findings findings;
    private final Function<String, Optional<List<String>>> utterances;
    private final Optional<String> unread;
    private final Set<String> ids = new HashSet<>();
    private final List<SimulationCase> cases = new ArrayList<>();
    private final List<ConversationCase> conversations = new ArrayList<>();

    /**
     * @param utterances the utterance list of a name, where this file's convos can see it
     * @param unread     the utterances files where this file's convos look for lists that could not be read, and why
     */
    ConvoBinder(String resource, Findings findings, Function<String, Optional<List<String>>> utterances,
                Optional<String> unread) {
        this.resource = resource;
        this.findings = findings;
        this.utterances = utterances;
        this.unread = unread;
    }

    List<SimulationCase> cases() {
        return cases;
    }

    List<ConversationCase> conversations() {
        return conversations;
    }

    /** A line of a step that names an asserter, logic hook or user input. */
    private record Command(String name, List<String> args, boolean not, boolean optional, int line) {
    }

    /** What a turn sends and what its answer must show, while the steps are read. */
    private static final class Turn {
        final int line;
        List<String> says = new ArrayList<>();
        Map<String, Object> data;
        final Draft expect = new Draft();

        Turn(int line, Map<String, Object> data) {
            this.line = line;
            this.data = data;
        }
    }

    /** An expectation being collected from one or more {@code #bot} steps. */
    private static final class Draft {
        String intent;
        String notIntent;
        /** The lines of the INTENT and !INTENT that set them, 0 before. */
        int intentLine;
        int notIntentLine;
        double minScore = -1;
        final Map<String, String> entities = new LinkedHashMap<>();
        /** Each entity's name as first written, by the name it is known by. */
        final Map<String, String> entityNames = new LinkedHashMap<>();
        final List<String> buttons = new ArrayList<>();
        final Map<String, Object> data = new LinkedHashMap<>();
        final List<Condition> conditions = new ArrayList<>();
    }

    /**
     * A condition on the answer's text.
     *
     * @param body     a regular expression that, after {@code ^} in a look-ahead, holds for a matching text
     * @param negated  the text must not match
     * @param contains the plain text to look for (ignoring case), when the condition is only that
     */
    private record Condition(String body, boolean negated, String contains) {
    }

    void bind(Convo convo, String fallbackName) {
        int before = findings.mark();
        String name = convo.name() == null || convo.name().isBlank() ? fallbackName : convo.name();
        String id = id(name);
        Map<String, Object> sticky = new LinkedHashMap<>();
        Map<String, Object> conversationData = new LinkedHashMap<>();
        List<Turn> turns = new ArrayList<>();
        // What the #bot steps after the latest #me add to; a #me that could not be read (reported already) gets a
        // draft of its own, so its #bot steps are still checked for problems but neither reported as coming before
        // any #me nor added to the turn before it.
        Draft answer = null;
        for (Convo.Step step : convo.steps()) {
            // After #include the word names the partial convo (Botium's '#include LOGIN'), not a channel.
            if (step.channel() != null && !"include".equals(step.sender())) {
                findings.add(step.line(), "'#" + step.sender() + " " + step.channel() + "' names a channel, which is not"
                        + " supported — write '#" + step.sender() + "'; the channel is set once for the run");
            }
            switch (step.sender()) {
                case "begin" -> begin(step, sticky, conversationData);
                case "me" -> {
                    Optional<Turn> turn = me(step, sticky);
                    turn.ifPresent(turns::add);
                    answer = turn.map(t -> t.expect).orElseGet(Draft::new);
                }
                case "bot" -> {
                    if (answer == null) {
                        findings.add(step.line(), "a #bot step before the first #me — every test here starts with a"
                                + " message to the bot, so a greeting it sends unasked cannot be checked; start with a #me"
                                + " (e.g. UPDATE_CUSTOM SET_COGNIGY_CONTEXT|action|GET_STARTED for a data-only message)"
                                + " or remove the #bot step");
                    } else {
                        bot(step, answer);
                    }
                }
                case "end" -> end(step);
                default -> findings.add(step.line(), "'#include" + (step.channel() == null ? "" : " " + step.channel())
                        + "' includes a partial convo, which is not read — write its steps into this convo");
            }
        }
        if (turns.isEmpty() && findings.mark() == before) {
            findings.add(convo.line(), "the convo '" + shorten(name) + "' has no #me step — add #me and what the user says");
        }
        List<Expectation> expectations = new ArrayList<>();
        for (Turn turn : turns) {
            expectations.add(expectation(turn.expect, turn.line));
        }
        long variants = 1;
        for (Turn turn : turns) {
            variants = Math.min(variants * Math.max(turn.says.size(), 1), MAX_VARIANTS + 1L);
        }
        if (variants > MAX_VARIANTS) {
            findings.add(convo.line(), "the convo '" + shorten(name) + "' expands to more than " + MAX_VARIANTS
                    + " tests (its utterance lists multiply) — split it, or shorten the lists");
        }
        if (findings.mark() != before || turns.isEmpty()) return;
        emit(id, convo.line(), turns, expectations, conversationData, (int) variants);
    }

    /** Adds the case(s) or conversation(s), one per combination of the turns' utterances. */
    private void emit(String id, int line, List<Turn> turns, List<Expectation> expectations,
                      Map<String, Object> conversationData, int variants) {
        int[] index = new int[turns.size()];
        for (int v = 0; v < variants; v++) {
            String variantId = variants > 1 ? id + "[" + (v + 1) + "]" : id;
            if (turns.size() == 1) {
                Turn turn = turns.get(0);
                String say = turn.says.isEmpty() ? null : turn.says.get(index[0]);
                cases.add(new SimulationCase(variantId, say, null, null, turn.data, expectations.get(0), null,
                        position(turn.line), null, null, 0, position(line)));
            } else {
                List<ConversationTurn> sent = new ArrayList<>();
                for (int t = 0; t < turns.size(); t++) {
                    Turn turn = turns.get(t);
                    String say = turn.says.isEmpty() ? null : turn.says.get(index[t]);
                    sent.add(new ConversationTurn(t + 1, say, turn.data, expectations.get(t), position(turn.line)));
                }
                conversations.add(new ConversationCase(variantId, null, null, conversationData, null, sent, position(line)));
            }
            // The last turn's utterances vary fastest, the first turn's slowest, as Botium expands them.
            for (int t = turns.size() - 1; t >= 0; t--) {
                int size = Math.max(turns.get(t).says.size(), 1);
                if (++index[t] < size) break;
                index[t] = 0;
            }
        }
    }

    private void begin(Convo.Step step, Map<String, Object> sticky, Map<String, Object> conversationData) {
        for (Convo.Line line : step.lines()) {
            Optional<Command> command = command(line, "begin");
            if (command.isEmpty()) {
                findings.add(line.line(), "text in a #begin step — #begin holds logic hooks only; move the text to a #me"
                        + " or #bot step");
            } else if ("UPDATE_CUSTOM".equals(command.get().name())) {
                updateCustom(command.get()).ifPresent(data -> {
                    sticky.putAll(data);
                    conversationData.putAll(data);
                });
            } else {
                hook(command.get(), "begin");
            }
        }
    }

    private void end(Convo.Step step) {
        for (Convo.Line line : step.lines()) {
            Optional<Command> command = command(line, "end");
            if (command.isPresent() && Asserters.LOGIC_HOOKS.contains(command.get().name())) {
                hook(command.get(), "end");
            } else {
                findings.add(line.line(), "'" + shorten(line.text().strip()) + "' in a #end step — checks at the end of"
                        + " a convo are not supported; move them to the last #bot step");
            }
        }
    }

    private Optional<Turn> me(Convo.Step step, Map<String, Object> sticky) {
        int before = findings.mark();
        List<String> text = new ArrayList<>();
        String button = null;
        Map<String, Object> own = new LinkedHashMap<>();
        for (Convo.Line line : step.lines()) {
            Optional<Command> found = command(line, "me");
            if (found.isEmpty()) {
                text.add(line.text().strip());
                continue;
            }
            Command command = found.get();
            switch (command.name()) {
                case "BUTTON" -> {
                    if (command.args().isEmpty() || command.args().size() > 2 || command.args().get(0).isBlank()) {
                        findings.add(command.line(), "BUTTON needs the payload and, optionally, the title: BUTTON"
                                + " <payload>|<title> — write the payload the button sends");
                    } else {
                        // Botium sends the payload as the message's text, as Cognigy's webchat does.
                        button = command.args().get(0);
                    }
                }
                case "MEDIA", "FORM" -> findings.add(command.line(), command.name() + " sends "
                        + ("MEDIA".equals(command.name()) ? "media" : "a form") + ", which is not supported — send"
                        + " text, or data with UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>");
                case "UPDATE_CUSTOM" -> updateCustom(command).ifPresent(own::putAll);
                default -> hook(command, "me");
            }
        }
        String said = text.isEmpty() ? null : String.join("\n", text).strip();
        if (said != null && button != null) {
            findings.add(step.line(), "the #me step has both text and a BUTTON — keep one; a button sends its payload as"
                    + " the text");
        }
        if (said != null && said.startsWith("{") && isJson(said)) {
            findings.add(step.line(), "a #me step that sends JSON is not supported — send the values as data with"
                    + " UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>");
        }
        sticky.putAll(own);
        Turn turn = new Turn(step.line(), new LinkedHashMap<>(sticky));
        String message = button != null ? button : said;
        if (message != null) {
            turn.says = says(message, step.line());
        } else if (own.isEmpty() && findings.mark() == before) {
            findings.add(step.line(), "the #me step says nothing — write what the user says below '#me', or send data"
                    + " with UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>");
        }
        return findings.mark() == before ? Optional.of(turn) : Optional.empty();
    }

    /** What a {@code #me} sends: its text, or each utterance of the list it names (with its arguments filled in). */
    private List<String> says(String message, int line) {
        List<String> result = new ArrayList<>();
        Optional<List<String>> list = utterances.apply(message);
        List<String> args = List.of();
        String name = message;
        if (list.isEmpty() && message.contains(" ")) {
            // Botium's "NAME arg1 arg2": a list's utterances with %s filled in from the words after its name.
            String[] words = message.split("\\s+");
            list = utterances.apply(words[0]);
            args = List.of(words).subList(1, words.length);
            name = words[0];
        }
        if (list.isEmpty() && unread.isPresent()) {
            // Botium looks the line, then its first word, up as a list's name: with a list file unread, either may name
            // one of its lists, which would go out as the text and make a wrong test that may even pass.
            mayNameUnreadList(line, "the #me text '" + shorten(message) + "'", "sent as text");
            return result;
        }
        if (list.isEmpty()) {
            checkUtterance(message, line, "the #me text");
            result.add(message);
            return result;
        }
        if (list.get().isEmpty()) {
            findings.add(line, "the utterance list '" + shorten(name) + "' has no utterances — add one per line below its name");
        }
        for (String utterance : list.get()) {
            String filled = fill(utterance, args);
            if (checkUtterance(filled, line, "an utterance of the list '" + shorten(name) + "'")) result.add(filled);
        }
        return result;
    }

    private void mayNameUnreadList(int line, String what, String misuse) {
        findings.add(line, what + " names no utterance list that was read, but may name one in " + unread.orElseThrow()
                + ", which could not be read, and a list's name " + misuse + " makes a wrong test — fix that file (split"
                + " it if it is too large) so its lists are read, or move it out of this folder if these convos use none"
                + " of its lists");
    }

    private boolean checkUtterance(String text, int line, String what) {
        Optional<Violation> empty = CaseRules.utterance(text);
        empty.ifPresent(v -> findings.add(line, v.of(what)));
        return empty.isEmpty();
    }

    private static String fill(String utterance, List<String> args) {
        String filled = utterance;
        for (String arg : args) {
            int at = filled.indexOf("%s");
            if (at < 0) break;
            filled = filled.substring(0, at) + arg + filled.substring(at + 2);
        }
        return filled;
    }

    private void bot(Convo.Step step, Draft draft) {
        List<Convo.Line> text = new ArrayList<>();
        for (Convo.Line line : step.lines()) {
            Optional<Command> command = command(line, "bot");
            if (command.isEmpty()) {
                text.add(line);
            } else if (Asserters.LOGIC_HOOKS.contains(command.get().name())) {
                if ("UPDATE_CUSTOM".equals(command.get().name())) {
                    findings.add(command.get().line(), "UPDATE_CUSTOM in a #bot step — it changes the next message the"
                            + " user sends; move it to that #me step");
                } else {
                    hook(command.get(), "bot");
                }
            } else {
                asserter(command.get(), draft);
            }
        }
        if (!text.isEmpty()) botText(text, draft);
    }

    /** Botium's default matching: the text, {@code *} standing for anything, is looked for in the answer, ignoring case. */
    private void botText(List<Convo.Line> lines, Draft draft) {
        int line = lines.get(0).line();
        String text = String.join("\n", lines.stream().map(l -> l.text().strip()).toList());
        boolean optional = false;
        boolean not = false;
        if (text.startsWith("?") && !text.startsWith("??")) {
            optional = true;
            text = text.substring(1);
        } else if (text.startsWith("??")) {
            text = text.substring(1);
        }
        if (text.startsWith("!") && !text.startsWith("!!")) {
            not = true;
            text = text.substring(1);
        } else if (text.startsWith("!!")) {
            text = text.substring(1);
        }
        if (optional) {
            findings.add(line, "an optional bot message ('?') is not supported — every answer is checked; remove the"
                    + " '?' or the step");
            return;
        }
        if (text.startsWith("{") && isJson(text)) {
            findings.add(line, "a #bot step that expects JSON is not supported — check the output's data with JSON_PATH"
                    + " $.data.<key>|<value>");
            return;
        }
        Optional<List<String>> list = utterances.apply(text);
        if (list.isEmpty() && unread.isPresent() && !text.contains("\n")) {
            // A #bot line naming a list accepts any of its utterances; with the list's file unread its name would be
            // looked for as text: a check that fails for no fault of the bot, or, negated, passes whatever it says.
            mayNameUnreadList(line, "the #bot text '" + shorten(text) + "'", "looked for as text");
            return;
        }
        List<String> alternatives = list.orElse(List.of(text));
        if (list.isEmpty() && !text.contains("*") && !not && !text.contains("\n")) {
            draft.conditions.add(new Condition(".*?(?iu:" + Pattern.quote(text) + ")", false, text));
            return;
        }
        String any = String.join("|", alternatives.stream().map(ConvoBinder::lines).toList());
        draft.conditions.add(new Condition(".*?(?iu:" + any + ")", not, null));
    }

    private void asserter(Command command, Draft draft) {
        if (command.optional()) {
            findings.add(command.line(), "an optional asserter ('?" + command.name() + "') is not supported — every"
                    + " check of a test holds; remove the '?' or the line");
            return;
        }
        String unsupported = Asserters.UNSUPPORTED.get(command.name());
        if (unsupported != null) {
            findings.add(command.line(), command.name() + " " + unsupported);
            return;
        }
        List<String> args = command.args();
        switch (command.name()) {
            case "INTENT" -> {
                if (args.size() != 1 || args.get(0).isBlank()) {
                    findings.add(command.line(), "INTENT needs one intent name — write INTENT <name>");
                } else if (command.not()) {
                    if (draft.notIntent == null) draft.notIntentLine = command.line();
                    draft.notIntent = same(draft.notIntent, args.get(0), "!INTENT", command.line());
                } else {
                    if (draft.intent == null) draft.intentLine = command.line();
                    draft.intent = same(draft.intent, args.get(0), "INTENT", command.line());
                }
            }
            case "INTENT_CONFIDENCE" -> confidence(command, draft);
            case "ENTITY_CONTENT" -> {
                if (command.not() || args.size() != 2 || args.get(0).isBlank() || args.get(1).isBlank()) {
                    findings.add(command.line(), (command.not() ? "!ENTITY_CONTENT is not supported" : "ENTITY_CONTENT"
                            + " needs one entity and one value") + " — write ENTITY_CONTENT <name>|<value>, one line per"
                            + " entity");
                } else if (draft.entities.containsKey(ExpectationRules.entityKey(args.get(0)))) {
                    findings.add(command.line(), ExpectationRules.entityRepeated(List.of(
                            draft.entityNames.get(ExpectationRules.entityKey(args.get(0))), args.get(0)))
                            .of("the entity '" + shorten(args.get(0)) + "'"));
                } else {
                    // Kept by the name the entity is known by (composed), so "ü" in two Unicode forms is one entity.
                    draft.entities.put(ExpectationRules.entityKey(args.get(0)), args.get(1));
                    draft.entityNames.put(ExpectationRules.entityKey(args.get(0)), args.get(0));
                }
            }
            case "BUTTONS" -> {
                if (command.not() || args.isEmpty() || args.stream().anyMatch(String::isBlank)) {
                    findings.add(command.line(), (command.not() ? "!BUTTONS is not supported" : "BUTTONS needs the"
                            + " titles") + " — write BUTTONS <title>|<title>, the titles the bot must offer");
                } else {
                    draft.buttons.addAll(args);
                }
            }
            case "JSON_PATH" -> jsonPath(command, draft);
            default -> text(command, draft);
        }
    }

    private String same(String before, String value, String name, int line) {
        if (before != null && !before.equals(value)) {
            findings.add(line, name + " '" + shorten(value) + "' after " + name + " '" + shorten(before) + "' for the same message — keep"
                    + " one");
        }
        return before == null ? value : before;
    }

    private void confidence(Command command, Draft draft) {
        List<String> args = command.args();
        Integer percent = null;
        try {
            percent = args.size() == 1 ? Integer.valueOf(args.get(0).strip()) : null;
        } catch (NumberFormatException e) {
            percent = null;
        }
        if (command.not() || percent == null || percent < 0 || percent > 100) {
            findings.add(command.line(), "INTENT_CONFIDENCE needs a whole percentage from 0 to 100 — write"
                    + " INTENT_CONFIDENCE 80 for a score of at least 0.8");
            return;
        }
        draft.minScore = percent / 100.0;
    }

    /** {@code $.data.a.b|value}: some output's data holds {@code {a: {b: value}}}. */
    private void jsonPath(Command command, Draft draft) {
        List<String> args = command.args();
        var path = args.isEmpty() ? null : JSON_DATA_PATH.matcher(args.get(0).strip());
        if (command.not() || args.size() != 2 || !path.matches()) {
            findings.add(command.line(), "JSON_PATH is supported as $.data.<key>[.<key>...]|<value>, which checks the"
                    + " data of the bot's outputs — " + (command.not() ? "remove the '!'" : args.size() != 2
                    ? "give the value the path must hold" : "start the path with $.data. and name keys with dots"));
            return;
        }
        String[] keys = path.group(1).substring(1).split("\\.");
        Map<String, Object> into = draft.data;
        for (int i = 0; i < keys.length - 1; i++) {
            Object next = into.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                findings.add(command.line(), "JSON_PATH " + args.get(0) + " goes below a value an earlier JSON_PATH"
                        + " set — keep one");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) next;
            into = map;
        }
        into.put(keys[keys.length - 1], jsonValue(args.get(1)));
    }

    /** The text asserters: every one becomes a condition on the answer's text (all of a step's conditions hold). */
    private void text(Command command, Draft draft) {
        String name = command.name();
        boolean ignoreCase = name.endsWith("_IC");
        String base = ignoreCase ? name.substring(0, name.length() - 3) : name;
        boolean all = base.endsWith("_ALL");
        if (command.args().isEmpty() || command.args().stream().anyMatch(String::isBlank)) {
            findings.add(command.line(), name + " needs at least one text — write " + name + " <text>|<text>");
            return;
        }
        List<String> pieces = new ArrayList<>();
        for (String arg : command.args()) {
            Optional<List<String>> list = utterances.apply(arg);
            if (list.isEmpty() && unread.isPresent()) {
                // An argument may name a list, as a #bot text may: with a list file unread, its name would be looked for
                // as text, a check that fails whatever the bot says or, negated, passes whatever it says.
                mayNameUnreadList(command.line(), "the " + (command.not() ? "!" : "") + name + " text '" + shorten(arg)
                        + "'", "looked for as text");
                return;
            }
            List<String> alternatives = list.orElse(List.of(arg));
            List<String> patterns = new ArrayList<>();
            for (String alternative : alternatives) {
                String pattern;
                if (base.startsWith("TEXT_CONTAINS")) {
                    pattern = quote(alternative, ANY_SPACE);
                } else if (base.startsWith("TEXT_WILDCARDEXACT")) {
                    // A whole output: its * stands for anything within that output, never across to the next.
                    pattern = "(?m:(?-s:^" + wildcard(alternative, ".", SPACE_WITHIN) + "$))";
                } else if (base.startsWith("TEXT_WILDCARD")) {
                    pattern = wildcard(alternative, ".", ANY_SPACE);
                } else if (base.startsWith("TEXT_REGEXP")) {
                    Optional<Violation> broken = ExpectationRules.responseMatches(alternative);
                    if (broken.isPresent()) {
                        findings.add(command.line(), broken.get().of(name + " '" + shorten(alternative) + "'"));
                        return;
                    }
                    // Botium tests each bot message on its own: where the outputs are known the pattern is searched
                    // in each of them alone (BotiumPattern), so nothing of it reaches from one output into the next.
                    // Searched in the answer's lines (outputs known only so), ^ and $ stand for the start and end of
                    // a line and '.' does not reach into the next.
                    pattern = BotiumPattern.perOutput((ignoreCase ? "(?iu:" : "(?:") + "(?m:(?-s:" + alternative + ")))");
                } else {
                    // TEXT, TEXT_EQUALS: the whole of an output (a line of the joined answer).
                    pattern = "(?m:^" + quote(alternative, SPACE_WITHIN) + "$)";
                }
                patterns.add(pattern);
            }
            // A list's name stands for its utterances: with _ALL each of them must match, as Botium checks them.
            if (all) pieces.addAll(patterns);
            else pieces.add(String.join("|", patterns));
        }
        String flags = ignoreCase ? "(?iu:" : "(?:";
        if (all && !command.not()) {
            pieces.forEach(p -> draft.conditions.add(new Condition(".*?" + flags + p + ")", false, null)));
        } else if (all) {
            StringBuilder every = new StringBuilder();
            pieces.forEach(p -> every.append("(?=.*?").append(flags).append(p).append("))"));
            draft.conditions.add(new Condition(every.toString(), true, null));
        } else {
            draft.conditions.add(new Condition(".*?" + flags + String.join("|", pieces) + ")", command.not(), null));
        }
    }

    private Expectation expectation(Draft draft, int line) {
        Expectation.Builder builder = Expectation.builder().intent(draft.intent).notIntent(draft.notIntent)
                .intentMinScore(draft.minScore).entities(draft.entities).buttons(draft.buttons).responseData(draft.data)
                .matching(Expectation.Matching.BOTIUM);
        // At the later of the two lines, the one that made them clash (they may be in two #bot steps of the message).
        ExpectationRules.notIntent(draft.intent, draft.notIntent)
                .ifPresent(v -> findings.add(Math.max(draft.intentLine, draft.notIntentLine), v.of("!INTENT")));
        List<Condition> conditions = draft.conditions;
        if (conditions.size() == 1 && conditions.get(0).contains() != null) {
            return builder.responseContains(conditions.get(0).contains()).build();
        }
        if (conditions.isEmpty()) return builder.build();
        StringBuilder regex = new StringBuilder("(?s)^");
        for (Condition c : conditions) {
            regex.append(c.negated() ? "(?!" : "(?=").append(c.body()).append(')');
        }
        ExpectationRules.responseMatches(regex.toString())
                .ifPresent(v -> findings.add(line, v.of("the text checks of this step, together,")));
        return builder.responseMatches(regex.toString()).build();
    }

    private void hook(Command command, String sender) {
        if (Asserters.TIMING_ONLY.contains(command.name())) return;
        String unsupported = Asserters.UNSUPPORTED.get(command.name());
        findings.add(command.line(), command.name() + " " + (unsupported != null ? unsupported
                : "is not supported in a #" + sender + " step — remove it"));
    }

    /**
     * {@code UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>} (or {@code |<JSON object>}): what Botium's Cognigy
     * connector sends as the message's data. It keeps sending it with every later message, and so do the tests
     * read here.
     */
    private Optional<Map<String, Object>> updateCustom(Command command) {
        List<String> args = command.args();
        if (args.isEmpty() || !"SET_COGNIGY_CONTEXT".equals(args.get(0))) {
            findings.add(command.line(), "UPDATE_CUSTOM" + (args.isEmpty() ? "" : " " + args.get(0)) + " is supported"
                    + " only as UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>, the data Botium's Cognigy connector sends"
                    + " — write the value that way, or remove the line");
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (args.size() == 3 && !args.get(1).isBlank()) {
            data.put(args.get(1), jsonValue(args.get(2)));
            return Optional.of(data);
        }
        if (args.size() == 2 && jsonValue(args.get(1)) instanceof Map<?, ?> object) {
            object.forEach((k, v) -> data.put(String.valueOf(k), v));
            return Optional.of(data);
        }
        findings.add(command.line(), "UPDATE_CUSTOM SET_COGNIGY_CONTEXT needs a key and a value — write"
                + " UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>");
        return Optional.empty();
    }

    /** A line naming an asserter, logic hook or user input valid for the sender, as Botium tells them from text. */
    private Optional<Command> command(Convo.Line line, String sender) {
        String text = line.text().strip();
        boolean optional = false;
        boolean not = false;
        if (text.startsWith("?") && !text.startsWith("??")) {
            optional = true;
            text = text.substring(1);
        }
        if (text.startsWith("!") && !text.startsWith("!!")) {
            not = true;
            text = text.substring(1);
        }
        String name = text.split(" ", 2)[0];
        boolean known = (!"me".equals(sender) && Asserters.ASSERTERS.contains(name))
                || ("me".equals(sender) && Asserters.USER_INPUTS.contains(name))
                || Asserters.LOGIC_HOOKS.contains(name);
        if (!known) return Optional.empty();
        String rest = text.length() > name.length() ? text.substring(name.length() + 1) : "";
        return Optional.of(new Command(name, args(rest), not, optional, line.line()));
    }

    /** Botium's arguments: separated by {@code |}, a {@code \|} standing for a {@code |} inside one; trimmed. */
    private static List<String> args(String text) {
        if (text.isBlank()) return List.of();
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '|') {
                current.append('|');
                i++;
            } else if (c == '|') {
                args.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        args.add(current.toString().strip());
        return args;
    }

    /**
     * Botium's wildcard text as a regular expression: {@code *} stands for any run of {@code any} (any character, or
     * any but a line's end where the text is a whole output), the rest literally, its whitespace as {@code space}. Each text
     * between two wildcards is matched where it first occurs, never tried again further on: taking the first
     * occurrence always leaves the most room for the rest, and plain {@code .*} between them would make a text with
     * a few wildcards take minutes to fail on an answer of a few hundred characters.
     */
    private static String wildcard(String text, String any, String space) {
        String[] parts = text.split("\\*", -1);
        StringBuilder regex = new StringBuilder(quote(parts[0], space));
        for (int i = 1; i < parts.length; i++) {
            // The last text may have to end where the answer or line does (TEXT_WILDCARDEXACT), so it may move.
            if (i == parts.length - 1) regex.append(any).append('*').append(quote(parts[i], space));
            else if (!parts[i].isEmpty()) regex.append("(?>").append(any).append("*?").append(quote(parts[i], space)).append(')');
        }
        return regex.toString();
    }

    /**
     * A text of several lines as Botium matches it: it compares texts with their whitespace collapsed to one space
     * (its default {@code SCRIPTING_NORMALIZE_TEXT}), so the lines match an answer that has them on one line as well
     * as one that breaks them; each line is a {@link #wildcard} text.
     */
    private static String lines(String text) {
        return String.join(ANY_SPACE, java.util.Arrays.stream(text.split("\n")).map(line -> wildcard(line, ".", ANY_SPACE)).toList());
    }

    /**
     * A text to find as written, but for its whitespace: Botium compares texts with every run of whitespace as one
     * space, so a space between two words matches {@code space}, {@link #ANY_SPACE} or {@link #SPACE_WITHIN}. Its
     * whitespace is what Botium collapses in the answer ({@code BotiumText.WHITESPACE}): taken literally, a line
     * separator in a whole output's text matched only the break between two outputs, never the one output it is
     * whitespace of.
     */
    private static String quote(String part, String space) {
        return java.util.Arrays.stream(BotiumText.WHITESPACE.split(part, -1)).map(w -> w.isEmpty() ? "" : Pattern.quote(w))
                .collect(java.util.stream.Collectors.joining(space));
    }

    /** A value as Botium reads it: JSON when it is JSON ({@code 7}, {@code true}, {@code {"a":1}}), else the text. */
    private static Object jsonValue(String text) {
        try {
            Object value = JSON.readValue(text, Object.class);
            return value == null ? text : value;
        } catch (JacksonException e) {
            return text;
        }
    }

    private static boolean isJson(String text) {
        return jsonValue(text) instanceof Map;
    }

    /**
     * A test id from the convo's name: {@code test_} and its letters and digits, the rest as underscores
     * ({@code Order status: happy path} is {@code test_Order_status_happy_path}); a name used twice in the file gets
     * {@code _2}, {@code _3}. A name with none of those letters and digits is {@code test_convo_} and eight hex digits
     * that only that name gives.
     */
    private String id(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        // A name without Latin letters or digits (Приветствие, 挨拶) keeps an id of its own: convos in several files
        // named so would otherwise all be test_convo, and be reported as one id used many times.
        if (slug.isEmpty()) slug = "convo_" + java.util.HexFormat.of().toHexDigits(name.strip().hashCode());
        int room = CaseRules.MAX_ID_LENGTH - "test_".length() - 12;
        if (slug.length() > room) slug = slug.substring(0, room);
        String id = "test_" + slug;
        String unique = id;
        for (int n = 2; !ids.add(unique); n++) {
            unique = id + "_" + n;
        }
        return unique;
    }

    private SourcePosition position(int line) {
        return new SourcePosition(resource, line, 0);
    }

    private static String shorten(String text) {
        return CaseRules.shorten(text);
    }
}
