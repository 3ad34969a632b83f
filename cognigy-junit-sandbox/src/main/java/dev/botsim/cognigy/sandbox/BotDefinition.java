package dev.botsim.cognigy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A bot the sandbox serves, read from YAML: flows with their intents, example sentences and
 * response templates, entities found by pattern or keyphrase, and a fallback. See docs/sandbox.md.
 *
 * @param bot         the bot's name
 * @param threshold   lowest similarity at which an intent is recognised, else the fallback answers (Cognigy's
 *                    reconfirmation threshold; its confidence threshold is {@link #confidenceThreshold()})
 * @param entities    entities the NLU extracts (served as lexicon slots)
 * @param flows       flows, each reached by its intents
 * @param fallback    what answers when no intent is recognised
 * @param source      where the definition was read from, for messages
 * @param systemSlots Cognigy system slots the REST Endpoint's NLU extracts ({@code NUMBER}, {@code DATE}, ...)
 * @param locale      the locale the bot's endpoint serves, {@code en-US} unless given
 * @param flips       intents the NLU recognises unreliably: each flips to another intent with a probability, seeded
 * @param timeZone    the project's time zone, in which DATE slots are read and written ({@code UTC} unless given): a tz
 *                    database name such as {@code Europe/Berlin}, as a Cognigy project's Timezone setting
 */
public record BotDefinition(String bot, Double threshold, List<Entity> entities, List<Flow> flows, Fallback fallback,
                            String source, @JsonProperty("system_slots") List<String> systemSlots, String locale,
                            List<IntentFlip> flips, @JsonProperty("time_zone") String timeZone) {

    /**
     * A seeded nondeterminism: whenever the NLU recognises {@code intent}, it answers {@code flipsTo} instead with
     * {@code probability}, as a retrained model or an LLM-based classifier wavers between close intents. Each API of
     * the sandbox draws from its own {@code new java.util.Random(seed)}, one {@code nextDouble()} per recognition of
     * the intent, and flips when the draw is below the probability: the n-th recognition flips exactly when the n-th
     * draw of that generator is, whatever the order of the sessions, so runs repeat.
     *
     * @param seed the generator's seed; {@code null} for the sandbox's ({@code SandboxOptions.seed}, 42 by default)
     */
    public record IntentFlip(String intent, @JsonProperty("flips_to") String flipsTo, Double probability, Long seed) {
    }

    /** Cognigy's system slot names, case-sensitive as Cognigy writes them. */
    public static final List<String> SYSTEM_SLOTS = List.of("AGE", "DATE", "DISTANCE", "DURATION", "EMAIL", "MONEY", "NUMBER",
            "PERCENTAGE", "TEMPERATURE", "URL");

    /**
     * An entity, extracted by a regular expression ({@code pattern}) or by a list of keyphrases.
     * A keyphrase found in the text gives the keyphrase as the value.
     */
    public record Entity(String name, String pattern, List<String> keyphrases) {
        public Entity {
            keyphrases = keyphrases == null ? List.of() : List.copyOf(keyphrases);
        }
    }

    /**
     * An intent and the sentences that express it, with what Cognigy does when it scores best. A {@code reject} intent
     * catches sentences the bot should not understand: when it scores best (at or above the threshold), no intent is
     * recognised. A {@code disabled} intent is never recognised: the next intent takes its place. With a
     * {@code confirmation_sentence}, a score from the bot's {@code threshold} (Cognigy's reconfirmation threshold) up to
     * below its {@linkplain BotDefinition#confidenceThreshold() confidence threshold} makes the bot ask the sentence back
     * instead of taking the intent.
     */
    public record Intent(String name, List<String> examples, Boolean reject, Boolean disabled,
                         @JsonProperty("confirmation_sentence") String confirmationSentence) {
        public Intent {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }

        /** An ordinary intent: neither reject nor disabled, without a confirmation sentence. */
        public Intent(String name, List<String> examples) {
            this(name, examples, null, null, null);
        }

        public boolean isReject() {
            return Boolean.TRUE.equals(reject);
        }

        public boolean isDisabled() {
            return Boolean.TRUE.equals(disabled);
        }

        /**
         * As a record writes it, with the settings only when given: a flow's last change time is derived from its
         * definition's text, and an intent written as before must keep the time it had (a replay compares it).
         */
        @Override
        public String toString() {
            return "Intent[name=" + name + ", examples=" + examples + (reject == null ? "" : ", reject=" + reject)
                    + (disabled == null ? "" : ", disabled=" + disabled)
                    + (confirmationSentence == null ? "" : ", confirmationSentence=" + confirmationSentence) + "]";
        }
    }

    /**
     * A flow: reached by its intents, it answers with the first response template whose
     * {@code {entity}} placeholders it can fill. With {@code asks_for}, a turn without that entity
     * makes the flow ask for it, as at a Cognigy Question node: the next turn that contains it continues the flow,
     * and one that does not is asked again, unless {@code question} configures an escalation. {@code name}
     * is its display name, as a tenant names flows ("Order status"); its id unless given. With
     * {@code entered_by_data}, a message no intent matched whose {@code data} holds all these entries
     * reaches the flow: what a tenant's If node on {@code input.data} does for a postback or a
     * "get started" event.
     *
     * @param question the settings of the Question node that asks for {@code asks_for} ({@link Question#defaults()} unless
     *                 given)
     */
    public record Flow(String id, Boolean deployed, List<Intent> intents, List<Response> responses,
                       @JsonProperty("asks_for") String asksFor, String name,
                       @JsonProperty("entered_by_data") Map<String, Object> enteredByData, Question question) {
        public Flow {
            intents = intents == null ? List.of() : List.copyOf(intents);
            responses = responses == null ? List.of() : List.copyOf(responses);
            enteredByData = enteredByData == null ? Map.of() : Map.copyOf(enteredByData);
        }

        /** A flow whose question, if it asks one, has Cognigy's default settings. */
        public Flow(String id, Boolean deployed, List<Intent> intents, List<Response> responses, String asksFor, String name,
                    Map<String, Object> enteredByData) {
            this(id, deployed, intents, responses, asksFor, name, enteredByData, null);
        }

        /** The settings of the flow's Question node: as written, else Cognigy's defaults. */
        public Question questionSettings() {
            return question == null ? Question.defaults() : question;
        }

        /** Whether a message's data holds every entry this flow is entered by (none given: never). */
        public boolean isEnteredBy(Map<String, Object> data) {
            return !enteredByData.isEmpty() && data != null && enteredByData.entrySet().stream()
                    .allMatch(e -> data.containsKey(e.getKey()) && String.valueOf(data.get(e.getKey())).equals(String.valueOf(e.getValue())));
        }

        public boolean isDeployed() {
            return deployed == null || deployed;
        }

        /** The display name: {@code name}, else the id. */
        public String displayName() {
            return name == null || name.isBlank() ? id : name;
        }
    }

    /**
     * A response template with, optionally, the quick replies or buttons a Say node shows with it.
     * In YAML a plain string is a template without either.
     */
    public record Response(String text, @JsonProperty("quick_replies") List<Choice> quickReplies, List<Choice> buttons,
                           List<Card> gallery) {
        public Response {
            quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
            buttons = buttons == null ? List.of() : List.copyOf(buttons);
            gallery = gallery == null ? List.of() : List.copyOf(gallery);
        }

        /** A response with quick replies or buttons and no gallery. */
        public Response(String text, List<Choice> quickReplies, List<Choice> buttons) {
            this(text, quickReplies, buttons, List.of());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Response of(String text) {
            return new Response(text, List.of(), List.of(), List.of());
        }
    }

    /**
     * A card of a gallery (Cognigy's "Gallery" Say node, {@code _gallery.items[]}): its title, subtitle, image and
     * buttons, typed as a response's buttons are.
     */
    public record Card(String title, String subtitle, @JsonProperty("image_url") String imageUrl, List<Choice> buttons) {
        public Card {
            buttons = buttons == null ? List.of() : List.copyOf(buttons);
        }
    }

    /**
     * A quick reply or button: its title, the payload it sends back (the title unless given), and
     * for buttons the type ({@code postback} unless given, {@code web_url} with {@code url},
     * {@code phone_number} with the number as payload).
     */
    public record Choice(String title, String payload, String type, String url) {
        /** The payload sent when chosen: {@code payload}, else the title. */
        public String effectivePayload() {
            return payload != null ? payload : url != null ? null : title;
        }

        /** The button type: {@code type}, else {@code web_url} with a URL, else {@code postback}. */
        public String effectiveType() {
            return type != null ? type : url != null ? "web_url" : "postback";
        }
    }

    /**
     * The settings of a flow's Question node (the one asking for its {@code asks_for} entity), named as Cognigy's Question
     * node names them. By default, as on a tenant, a message that does not carry the entity is not a valid answer: the
     * node asks again, and keeps asking until it gets one.
     *
     * @param repromptMessage        Reprompt Options, Simple Text: said before the question is asked again; none unless given
     * @param repeatQuestion         Repeat Question: the question itself is asked again after a wrong answer ({@code true}
     *                               unless given, as Cognigy's default)
     * @param escalateOnIntents      Escalation - Intents: leave the question when one of these intents is found; off unless given
     * @param escalateOnWrongAnswers Escalation on Wrong Answers: leave or say something after a number of wrong answers; off
     *                               unless given
     */
    public record Question(@JsonProperty("reprompt_message") String repromptMessage,
                           @JsonProperty("repeat_question") Boolean repeatQuestion,
                           @JsonProperty("escalate_on_intents") IntentEscalation escalateOnIntents,
                           @JsonProperty("escalate_on_wrong_answers") WrongAnswerEscalation escalateOnWrongAnswers) {

        /** Cognigy's defaults: no reprompt message, the question repeated, no escalation. */
        public static Question defaults() {
            return new Question(null, null, null, null);
        }

        /** Whether the question is asked again after a wrong answer. */
        public boolean repeatsQuestion() {
            return repeatQuestion == null || repeatQuestion;
        }
    }

    /**
     * What a Question node does when it escalates (Cognigy's escalation actions; a handover to a human agent is not
     * modelled): {@code output_message} says {@code message} and stays at the question; {@code skip_question} gives the
     * asked entity {@code value} and the flow continues; {@code go_to_node} leaves the question for {@code flow};
     * {@code execute_flow_and_return} runs {@code flow} and comes back to the question. The question is asked again
     * after {@code output_message} and {@code execute_flow_and_return} unless {@code prevent_reprompt}.
     */
    public interface Escalation {

        String action();

        String message();

        String flow();

        String value();

        Boolean preventReprompt();

        /** The action, once the definition was validated. */
        default EscalationAction escalationAction() {
            return EscalationAction.named(action()).orElseThrow();
        }

        /** Whether the question is not asked again when this escalation stays at the question or returns to it. */
        default boolean preventsReprompt() {
            return preventReprompt() != null && preventReprompt();
        }
    }

    /** Cognigy's escalation actions the sandbox models, by the names the bot definition uses. */
    public enum EscalationAction {
        OUTPUT_MESSAGE, SKIP_QUESTION, GO_TO_NODE, EXECUTE_FLOW_AND_RETURN;

        /** The name in the bot definition: {@code output_message}, {@code skip_question}, ... */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<EscalationAction> named(String name) {
            return java.util.Arrays.stream(values()).filter(a -> a.yamlName().equals(name)).findFirst();
        }
    }

    /**
     * Escalation - Intents: a message in which the NLU finds one of {@code intents} (Cognigy's Valid Intents) with at least
     * {@code score_threshold} (the bot's {@code threshold} unless given: found at all) escalates, answer or not.
     */
    public record IntentEscalation(List<String> intents, @JsonProperty("score_threshold") Double scoreThreshold, String action,
                                   String message, String flow, String value,
                                   @JsonProperty("prevent_reprompt") Boolean preventReprompt) implements Escalation {
        public IntentEscalation {
            intents = intents == null ? List.of() : List.copyOf(intents);
        }
    }

    /**
     * Escalation on Wrong Answers: the {@code after}-th wrong answer in a row escalates, and every one after it unless
     * {@code only_escalate_once}.
     */
    public record WrongAnswerEscalation(Integer after, @JsonProperty("only_escalate_once") Boolean onlyEscalateOnce, String action,
                                        String message, String flow, String value,
                                        @JsonProperty("prevent_reprompt") Boolean preventReprompt) implements Escalation {

        /** Whether the {@code wrongAnswers}-th wrong answer in a row escalates. */
        public boolean escalatesAt(int wrongAnswers) {
            return onlyEscalateOnce != null && onlyEscalateOnce ? wrongAnswers == after : wrongAnswers >= after;
        }
    }

    /**
     * The flow and answer for utterances no intent matches: on the REST Endpoint, the endpoint's
     * main flow, to which the deployed flows are attached; {@code name} is its display name.
     */
    public record Fallback(String flow, String response, String name) {
        public String displayName() {
            return name == null || name.isBlank() ? flow : name;
        }
    }

    /**
     * A tenant's locale reads a language given as a tag ({@code nluLanguage}: {@code de-DE}, {@code en-US}): a two-letter
     * language, as Cognigy's NLU languages are, then subtags of letters and digits, each after a {@code -}. The engine
     * compares a test's locale with the endpoint's by this language (its {@code support.LanguageTag}, which this mirrors,
     * the sandbox not depending on the engine) and reads no other: a {@code locale} such as {@code Eng} would switch its
     * check off, and any test's locale would go through.
     */
    private static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile("[A-Za-z]{2}(-[A-Za-z0-9]{1,8})*");

    public BotDefinition {
        threshold = threshold == null ? 0.35 : threshold;
        entities = entities == null ? List.of() : List.copyOf(entities);
        flows = flows == null ? List.of() : List.copyOf(flows);
        fallback = fallback == null ? new Fallback("flow_fallback", "Sorry, I did not get that.", null) : fallback;
        systemSlots = systemSlots == null ? List.of() : List.copyOf(systemSlots);
        locale = locale == null || locale.isBlank() ? "en-US" : locale.strip();
        flips = flips == null ? List.of() : List.copyOf(flips);
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.strip();
    }

    /** A definition whose project is in UTC. */
    public BotDefinition(String bot, Double threshold, List<Entity> entities, List<Flow> flows, Fallback fallback,
                         String source, List<String> systemSlots, String locale, List<IntentFlip> flips) {
        this(bot, threshold, entities, flows, fallback, source, systemSlots, locale, flips, null);
    }

    /**
     * The confidence threshold that goes with {@link #threshold()}, as the flows' settings give it
     * ({@code intentThreshold.upper}): Cognigy's default distance above it, at most 1. An intent with a confirmation
     * sentence scoring below it is asked back.
     */
    public double confidenceThreshold() {
        return ManagementApi.confidenceThreshold(threshold());
    }

    /** The project's time zone ({@link #timeZone()}); valid once the definition was read (it is validated). */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timeZone);
    }

    /** A definition without flips: the sandbox answers every sentence the same way, always. */
    public BotDefinition(String bot, Double threshold, List<Entity> entities, List<Flow> flows, Fallback fallback,
                         String source, List<String> systemSlots, String locale) {
        this(bot, threshold, entities, flows, fallback, source, systemSlots, locale, List.of());
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A key written twice would otherwise be replaced silently by its second value.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:Object )?(?:property|field) \"([^\"]*)\"");

    /** Reads a definition from a file. */
    public static BotDefinition load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InvalidBotDefinitionException(file + ": cannot read the bot definition: " + reason(e));
        }
    }

    /** Why a file could not be read, in words: a missing file's exception names only the file. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file (the path is relative to " + Path.of("").toAbsolutePath() + ")";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage();
    }

    /** Reads a definition from the class path ({@code bots/order-bot.yaml}). */
    public static BotDefinition fromClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : BotDefinition.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) throw new InvalidBotDefinitionException("bot definition " + name + " is not on the class path");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new InvalidBotDefinitionException(name + ": cannot read the bot definition: " + e.getMessage());
        }
    }

    /** Parses YAML; {@code sourceName} names the definition in error messages. */
    public static BotDefinition parse(String yaml, String sourceName) {
        BotDefinition parsed;
        try {
            parsed = YAML.readValue(yaml, BotDefinition.class);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? sourceName : sourceName + ":" + at.getLineNr() + ":" + at.getColumnNr();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("invalid");
            java.util.regex.Matcher duplicate = DUPLICATE.matcher(problem);
            if (duplicate.find()) {
                problem = "key '" + duplicate.group(1) + "' is written twice here — the second would replace the first; keep one";
            }
            if (e.getCause() instanceof MarkedYamlEngineException syntax) {
                // The first line of Jackson's message is the scanner's context ("while scanning for the next token"),
                // at the context's position; what is wrong, and where, is the problem and its mark.
                where = syntax.getProblemMark().map(mark -> sourceName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                        .orElse(where);
                problem = "YAML syntax error: " + (syntax.getProblem() == null ? problem : syntax.getProblem().strip())
                        + " — check indentation (spaces, not tabs), quotes, brackets and the ':' after each key";
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                // Records are bound after their properties were read: the location is gone, the key is not.
                where = lineOf(yaml, unknown.getPropertyName() + ":", 1).map(line -> sourceName + ":" + line).orElse(where);
                problem = unknownField(unknown);
            }
            throw new InvalidBotDefinitionException(where + ": " + problem + " — see the bot definition format in docs/sandbox.md");
        }
        if (parsed == null) throw new InvalidBotDefinitionException(sourceName + ": the bot definition is empty");
        parsed = new BotDefinition(parsed.bot(), parsed.threshold(), parsed.entities(), parsed.flows(), parsed.fallback(), sourceName,
                parsed.systemSlots(), parsed.locale(), parsed.flips(), parsed.timeZone());
        parsed.validate(yaml);
        return parsed;
    }

    /** An unknown key in the words of the file: the key it likely stands for, else the keys allowed where it is. */
    private static String unknownField(UnrecognizedPropertyException unknown) {
        String typed = unknown.getPropertyName();
        List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                : unknown.getKnownPropertyIds().stream().map(String::valueOf).filter(k -> !k.equals("source")).sorted().toList();
        String lower = typed.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, typed.length() / 3);
        Optional<String> likely = known.stream()
                .filter(k -> editDistance(lower, k.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.comparingInt((String k) -> editDistance(lower, k.toLowerCase(Locale.ROOT))));
        return "unknown field '" + typed + "'" + likely.map(k -> " — did you mean '" + k + "'?")
                .orElseGet(() -> known.isEmpty() ? "" : " (allowed: " + String.join(", ", known) + ")");
    }

    /** Levenshtein distance. */
    private static int editDistance(String a, String b) {
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

    /** Problems a parser cannot see, each placed at the line of the offending value. */
    private void validate(String yaml) {
        List<String> problems = new ArrayList<>();
        if (bot == null || bot.isBlank()) problems.add(at(yaml, "bot:", 1) + "the definition needs a 'bot' name");
        if (threshold < 0 || threshold > 1) problems.add(at(yaml, "threshold:", 1) + "threshold must be from 0 to 1");
        if (flows.isEmpty()) problems.add(source + ": the bot needs at least one flow under 'flows'");
        Set<String> ids = new HashSet<>();
        Set<String> intents = new HashSet<>();
        Set<String> ordinaryIntents = new HashSet<>();
        for (Flow flow : flows) {
            if (flow.id() == null || flow.id().isBlank()) {
                problems.add(source + ": every flow needs an 'id'");
                continue;
            }
            if (!ids.add(flow.id())) problems.add(at(yaml, "id: " + flow.id(), 2) + "flow id " + flow.id() + " is used twice");
            for (Response response : flow.responses()) {
                if (response == null || response.text() == null || response.text().isBlank()) {
                    problems.add(at(yaml, "id: " + flow.id(), 1) + "a response of flow " + flow.id() + " has no 'text'");
                }
                for (Card card : response == null ? List.<Card>of() : response.gallery()) {
                    if (card == null || card.title() == null || card.title().isBlank()) {
                        problems.add(at(yaml, "id: " + flow.id(), 1) + "a gallery card of flow " + flow.id() + " has no 'title'");
                    }
                }
                for (Choice choice : concat(concat(response == null ? List.of() : response.quickReplies(),
                        response == null ? List.of() : response.buttons()), response == null ? List.of()
                        : response.gallery().stream().filter(java.util.Objects::nonNull).flatMap(c -> c.buttons().stream()).toList())) {
                    if (choice.title() == null || choice.title().isBlank()) {
                        problems.add(at(yaml, "id: " + flow.id(), 1) + "a quick reply or button of flow " + flow.id() + " has no 'title'");
                    }
                }
            }
            for (Intent intent : flow.intents()) {
                if (intent.name() == null || intent.name().isBlank()) problems.add(at(yaml, "id: " + flow.id(), 1) + "an intent of flow " + flow.id() + " has no name");
                else if (!intents.add(intent.name())) problems.add(at(yaml, "name: " + intent.name(), 2) + "intent " + intent.name() + " belongs to two flows");
                if (intent.examples().isEmpty()) problems.add(at(yaml, "name: " + intent.name(), 1) + "intent " + intent.name() + " needs example sentences under 'examples'");
                // A blank example can never be said: Cognigy's NLU does not train on it either.
                if (intent.examples().stream().anyMatch(e -> e == null || e.isBlank())) {
                    problems.add(at(yaml, "name: " + intent.name(), 1) + "intent " + intent.name() + " has an empty example; remove it");
                }
                if (intent.confirmationSentence() != null && intent.confirmationSentence().isBlank()) {
                    problems.add(at(yaml, "name: " + intent.name(), 1) + "intent " + intent.name() + " has an empty"
                            + " confirmation_sentence: write the question the bot asks back, or remove it");
                }
                if (!intent.isReject() && !intent.isDisabled()) ordinaryIntents.add(intent.name());
            }
        }
        Set<String> entityNames = new HashSet<>();
        for (Entity entity : entities) {
            if (entity.name() == null || entity.name().isBlank()) {
                problems.add(source + ": every entity needs a 'name'");
                continue;
            }
            if (!entityNames.add(entity.name())) problems.add(at(yaml, "name: " + entity.name(), 2) + "entity " + entity.name() + " is defined twice");
            // The system slot of that name fills the slot over the entity's own values, so the entity could never be seen.
            if (systemSlots.contains(entity.name())) {
                problems.add(at(yaml, "name: " + entity.name(), 1) + "entity " + entity.name() + " has the name of a system slot"
                        + " listed under 'system_slots', which would fill it instead; name the entity otherwise");
            }
            // An empty keyphrase is found between any two words: the entity would be filled by every message.
            if (entity.keyphrases().stream().anyMatch(k -> k == null || k.isBlank())) {
                problems.add(at(yaml, "name: " + entity.name(), 1) + "entity " + entity.name() + " has an empty keyphrase; remove it");
            }
            if ((entity.pattern() == null) == entity.keyphrases().isEmpty()) {
                problems.add(at(yaml, "name: " + entity.name(), 1) + "entity " + entity.name() + " needs either a 'pattern' or 'keyphrases'");
            }
            if (entity.pattern() != null) {
                try {
                    Pattern.compile(entity.pattern());
                } catch (PatternSyntaxException e) {
                    problems.add(at(yaml, entity.pattern(), 1) + "entity " + entity.name() + " has an invalid pattern: " + e.getDescription());
                }
            }
        }
        for (Flow flow : flows) {
            if (flow.asksFor() != null && !entityNames.contains(flow.asksFor())) {
                problems.add(at(yaml, "asks_for: " + flow.asksFor(), 1) + "flow " + flow.id() + " asks for entity " + flow.asksFor() + ", which is not defined under 'entities'");
            }
            if (flow.question() != null) validateQuestion(yaml, flow, intents, problems);
        }
        for (String slot : systemSlots) {
            if (!SYSTEM_SLOTS.contains(slot)) {
                problems.add(at(yaml, slot, 1) + "system slot " + slot + " is not one of Cognigy's " + String.join(", ", SYSTEM_SLOTS)
                        + " (the names are case-sensitive)");
            }
        }
        if (!LANGUAGE_TAG.matcher(locale).matches()) {
            problems.add(at(yaml, "locale:", 1) + "locale " + locale + " is not a language tag: write the language the endpoint's"
                    + " locale reads, as a tenant gives it in nluLanguage, such as de-DE, en-US or fr-FR: a two-letter language,"
                    + " then optional subtags after '-' (a locale's name, such as German, or a three-letter code, such as Eng, is"
                    + " no language Cognigy's NLU reads, and a tag is written with '-', not '_')");
        }
        try {
            java.time.ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            problems.add(at(yaml, "time_zone:", 1) + "time_zone " + timeZone + " is not a time zone: write a tz database name"
                    + " such as Europe/Berlin or America/New_York, or UTC (as the project's Timezone setting in Cognigy)");
        }
        for (IntentFlip flip : flips) {
            String at = at(yaml, "intent: " + flip.intent(), 1);
            if (flip.intent() == null || !intents.contains(flip.intent())) {
                problems.add(at + "flip of intent " + flip.intent() + ": write 'intent:' with an intent of the bot's flows");
            }
            if (flip.flipsTo() == null || !intents.contains(flip.flipsTo()) || flip.flipsTo().equals(flip.intent())) {
                problems.add(at + "flip of intent " + flip.intent() + ": write 'flips_to:' with another intent of the bot's flows");
            }
            // A reject or disabled intent is never the recognised one: it can neither flip nor be flipped to.
            for (String named : new String[] {flip.intent(), flip.flipsTo()}) {
                if (named != null && intents.contains(named) && !ordinaryIntents.contains(named)) {
                    problems.add(at + "flip of intent " + flip.intent() + ": " + named + " is a reject or disabled intent, which is"
                            + " never recognised; flip an intent the NLU can recognise");
                }
            }
            if (flip.probability() == null || flip.probability() < 0 || flip.probability() > 1) {
                problems.add(at + "flip of intent " + flip.intent() + ": write 'probability:' from 0 to 1");
            }
        }
        if (!problems.isEmpty()) throw new InvalidBotDefinitionException(String.join("\n", problems));
    }

    /** A flow's {@code question:} settings: a question to ask, escalations that can be carried out. */
    private void validateQuestion(String yaml, Flow flow, Set<String> intents, List<String> problems) {
        Question question = flow.question();
        String at = at(yaml, "question:", 1 + (int) flows.stream().takeWhile(f -> f != flow).filter(f -> f.question() != null).count());
        String of = "the question of flow " + flow.id();
        if (flow.asksFor() == null) {
            problems.add(at + of + " has settings but the flow asks nothing: add 'asks_for: <entity>' or remove 'question:'");
        }
        if (question.repromptMessage() != null && question.repromptMessage().isBlank()) {
            problems.add(at + of + ": reprompt_message is empty; write the text or remove it");
        }
        IntentEscalation onIntents = question.escalateOnIntents();
        if (onIntents != null) {
            String where = of + ", escalate_on_intents";
            if (onIntents.intents().isEmpty()) problems.add(at + where + ": list the intents that escalate under 'intents'");
            for (String intent : onIntents.intents()) {
                if (intent == null || !intents.contains(intent)) {
                    problems.add(at + where + ": " + intent + " is not an intent of the bot's flows");
                }
            }
            if (onIntents.scoreThreshold() != null && (onIntents.scoreThreshold() < 0 || onIntents.scoreThreshold() > 1)) {
                problems.add(at + where + ": score_threshold must be from 0 to 1");
            }
            validateEscalation(at, where, onIntents, flow, problems);
        }
        WrongAnswerEscalation onWrongAnswers = question.escalateOnWrongAnswers();
        if (onWrongAnswers != null) {
            String where = of + ", escalate_on_wrong_answers";
            if (onWrongAnswers.after() == null || onWrongAnswers.after() < 1) {
                problems.add(at + where + ": write 'after:' with the number of wrong answers that escalates (1 or more)");
            }
            validateEscalation(at, where, onWrongAnswers, flow, problems);
        }
    }

    /** An escalation's action and what it needs: a message, a value, or a flow it can reach. */
    private void validateEscalation(String at, String where, Escalation escalation, Flow asking, List<String> problems) {
        String allowed = java.util.Arrays.stream(EscalationAction.values()).map(EscalationAction::yamlName)
                .collect(java.util.stream.Collectors.joining(", "));
        Optional<EscalationAction> action = EscalationAction.named(escalation.action());
        if (action.isEmpty()) {
            problems.add(at + where + ": " + (escalation.action() == null ? "write 'action:' with one of "
                    : "action " + escalation.action() + " is not one of ") + allowed + " (a handover to a human agent is not modelled)");
            return;
        }
        switch (action.get()) {
            case OUTPUT_MESSAGE -> {
                if (escalation.message() == null || escalation.message().isBlank()) {
                    problems.add(at + where + ": output_message needs the text to say under 'message'");
                }
            }
            case SKIP_QUESTION -> {
                if (escalation.value() == null || escalation.value().isBlank()) {
                    problems.add(at + where + ": skip_question needs the value the flow continues with under 'value'");
                }
            }
            case GO_TO_NODE, EXECUTE_FLOW_AND_RETURN -> {
                Flow target = escalation.flow() == null ? null : flow(escalation.flow());
                if (target == null) {
                    problems.add(at + where + ": " + action.get().yamlName() + " needs 'flow:' with the id of one of the bot's flows"
                            + (escalation.flow() == null ? "" : " (" + escalation.flow() + " is none)"));
                } else if (!target.isDeployed()) {
                    problems.add(at + where + ": flow " + target.id() + " is not deployed, so nothing can go to it; deploy it or"
                            + " name another");
                } else if (action.get() == EscalationAction.EXECUTE_FLOW_AND_RETURN && target.asksFor() != null) {
                    // The question it returns to would be left waiting behind the executed flow's own question.
                    problems.add(at + where + ": flow " + target.id() + " asks a question of its own (asks_for), so it cannot"
                            + " be executed and returned from; use go_to_node, or a flow that asks nothing");
                } else if (target == asking && action.get() == EscalationAction.GO_TO_NODE) {
                    problems.add(at + where + ": go_to_node to the asking flow itself would only ask again; name another flow");
                }
            }
        }
    }

    /** {@code source:line: } of the n-th line containing {@code needle}, or {@code source: }. */
    private String at(String yaml, String needle, int occurrence) {
        return lineOf(yaml, needle, occurrence).map(line -> source + ":" + line + ": ").orElse(source + ": ");
    }

    private static java.util.Optional<Integer> lineOf(String yaml, String needle, int occurrence) {
        String[] lines = yaml.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle) && ++seen == occurrence) return java.util.Optional.of(i + 1);
        }
        return java.util.Optional.empty();
    }

    private static List<Choice> concat(List<Choice> a, List<Choice> b) {
        List<Choice> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The bot as its REST Endpoint serves it: only deployed flows are attached to the endpoint's
     * main flow, so an undeployed flow's intents are not in the endpoint's NLU model at all.
     */
    BotDefinition servedByEndpoint() {
        return new BotDefinition(bot, threshold, entities, flows.stream().filter(Flow::isDeployed).toList(), fallback, source,
                systemSlots, locale, flips, timeZone);
    }

    /** The display name of a flow id, the fallback's included. */
    public String displayName(String flowId) {
        Flow flow = flow(flowId);
        if (flow != null) return flow.displayName();
        return flowId != null && flowId.equals(fallback.flow()) ? fallback.displayName() : flowId;
    }

    /** The flow an intent belongs to, or {@code null}. */
    Flow flowOf(String intent) {
        return flows.stream().filter(f -> f.intents().stream().anyMatch(i -> i.name().equals(intent))).findFirst().orElse(null);
    }

    /** The flow with this id. */
    public Flow flow(String id) {
        return flows.stream().filter(f -> Objects.equals(f.id(), id)).findFirst().orElse(null);
    }
}
