package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Suggestions;
import dev.botsim.cognigy.spi.Expectation;

/**
 * Why a test cannot pass against this bot, found from the bot's schema before anything is sent:
 * its expectations name entities or a {@code next_flow} the bot does not have (each with the likely name, when one is close). What the schema
 * does not know (no entity list, no flow list) is not checked here; the answer decides. Or why the run's backend cannot
 * take the test at all: what it expects ({@link #richContent}, {@link #beyondIntents}), the user it speaks as
 * ({@link #userId}).
 *
 * @param code    {@code UNKNOWN_ENTITY} when an entity is unknown, {@code UNKNOWN_FLOW} when a flow is, or what the
 *                backend refuses: {@code TEXT_ONLY_ANSWERS}, {@code NLU_INTENTS_ONLY}, {@code USER_ID_NOT_TAKEN}
 * @param message one line naming what is unknown and the fix
 */
public record PreflightProblem(String code, String message) {

    public static Optional<PreflightProblem> of(BotSchema schema, List<Expectation> expectations) {
        List<String> entities = unknownEntities(schema, expectations);
        // One line, whatever the names the bot gave its flows and entities hold: they are quoted as the console quotes them.
        return unknownNames(schema, expectations).map(unknown -> new PreflightProblem(entities.isEmpty() ? "UNKNOWN_FLOW"
                : "UNKNOWN_ENTITY", ConsoleText.oneLine(unknown + "; fix the expectation or the bot's schema. Nothing was"
                + " submitted for this test.")));
    }

    private static List<String> unknownEntities(BotSchema schema, List<Expectation> expectations) {
        List<String> entities = new ArrayList<>();
        for (Expectation e : expectations) {
            for (String entity : e.entities().keySet()) {
                if (!schema.knowsEntity(entity) && !entities.contains(entity)) entities.add(entity);
            }
        }
        return entities;
    }

    /**
     * The entities and {@code next_flow}s the expectations name that the bot's schema does not have, each with the
     * likely name and the known ones ({@code the bot has no flow flow_greting — did you mean 'flow_greeting'? (known
     * flows: …)}), and for entities how to name one the schema's source cannot list
     * ({@link BotSchema#unlistedEntities()}); empty when the schema knows them all or does not list them.
     */
    static Optional<String> unknownNames(BotSchema schema, List<Expectation> expectations) {
        List<String> entities = unknownEntities(schema, expectations);
        List<String> flows = new ArrayList<>();
        for (Expectation e : expectations) {
            if (e.nextFlow() != null && !schema.knowsFlow(e.nextFlow()) && !flows.contains(e.nextFlow())) flows.add(e.nextFlow());
        }
        if (entities.isEmpty() && flows.isEmpty()) return Optional.empty();
        List<String> unknown = new ArrayList<>();
        if (!entities.isEmpty()) {
            Set<String> all = schema.entities().orElse(Set.of());
            unknown.add("the bot has no entit" + (entities.size() == 1 ? "y " : "ies ")
                    + String.join(", ", entities.stream().map(e -> e + Suggestions.didYouMean(e, all)).toList())
                    + " (known entities: " + known(schema.entities()) + ")"
                    + schema.unlistedEntities().map(fix -> "; " + fix).orElse(""));
        }
        if (!flows.isEmpty()) {
            Set<String> all = schema.flowNamesAndIds();
            StringBuilder text = new StringBuilder("the bot has no flow").append(flows.size() == 1 ? " " : "s ");
            text.append(String.join(", ", flows.stream().map(f -> f + Suggestions.didYouMean(f, all)).toList()));
            unknown.add(text.append(" (known flows: ").append(known(schema.flowLabels())).append(')').toString());
        }
        return Optional.of(String.join("; ", unknown));
    }

    /**
     * Why a backend whose answers are text only (the simulation API's) refuses a test: it expects quick replies, buttons
     * or output data, which such an answer never carries; empty when it expects none of them.
     */
    public static Optional<PreflightProblem> richContent(List<Expectation> expectations, String backend) {
        List<String> rich = new ArrayList<>();
        for (Expectation e : expectations) addRichContent(e, rich);
        if (rich.isEmpty()) return Optional.empty();
        return Optional.of(new PreflightProblem("TEXT_ONLY_ANSWERS", "this test expects " + String.join(", ",
                rich.stream().distinct().toList()) + ", but the " + backend + " backend's answers are text only (the simulation"
                + " API's turns carry no quick replies, buttons or output data); run it with cognigy.backend=endpoint, a REST"
                + " Endpoint (with cognigy.sandbox.bot, the sandbox's own), or through Playbooks. Nothing was submitted for"
                + " this test."));
    }

    /**
     * Why a backend that takes only some user ids (the simulation API's {@code usr_...}) refuses a test: the user id it
     * names does not match {@code pattern}; empty when it names none or one that matches.
     *
     * @param user    the user id the test names, or {@code null}
     * @param pattern the user ids the backend takes
     * @param backend the backend's name, as reports show it
     */
    public static Optional<PreflightProblem> userId(String user, java.util.regex.Pattern pattern, String backend) {
        if (user == null || pattern.matcher(user).matches()) return Optional.empty();
        return Optional.of(new PreflightProblem("USER_ID_NOT_TAKEN", ConsoleText.oneLine("user '" + user + "' does not match "
                + pattern.pattern() + ", the user ids the " + backend + " backend takes; run this test with"
                + " cognigy.backend=endpoint (a REST Endpoint takes any text, such as an e-mail address or a CRM id), or give"
                + " it a usr_... user (letters and digits after usr_). Nothing was submitted for this test.")));
    }

    /**
     * Why a backend that checks intents only (the {@code nlu} backend) refuses a test: it is a conversation's turn
     * ({@code singleUtterance} false) or expects more than {@code intent}, {@code not_intent} and
     * {@code intent_min_score}; empty when it can be checked.
     */
    public static Optional<PreflightProblem> beyondIntents(List<Expectation> expectations, boolean singleUtterance) {
        if (!singleUtterance) {
            return Optional.of(new PreflightProblem("NLU_INTENTS_ONLY", "the nlu backend checks intents only: it scores single"
                    + " sentences and runs no conversation; run conversations with cognigy.backend=endpoint. Nothing was submitted"
                    + " for this test."));
        }
        List<String> beyond = new ArrayList<>();
        for (Expectation rest : expectations) {
            if (!rest.entities().isEmpty()) beyond.add("entities");
            if (rest.nextFlow() != null) beyond.add("next_flow");
            if (rest.responseContains() != null) beyond.add("response_contains");
            if (rest.responseMatches() != null) beyond.add("response_matches");
            if (!rest.responseContainsAny().isEmpty()) beyond.add("response_contains_any");
            if (!rest.responseNotContains().isEmpty()) beyond.add("response_not_contains");
            if (rest.checksResponseLength()) beyond.add("response_length");
            if (rest.errorCode() != null) beyond.add("error_code");
            addRichContent(rest, beyond);
            if (rest.comparesApprovedAnswer()) beyond.add("approved");
        }
        if (beyond.isEmpty()) return Optional.empty();
        return Optional.of(new PreflightProblem("NLU_INTENTS_ONLY", "the nlu backend checks intents only (intent, not_intent, no_intent,"
                + " intent_min_score), but this test expects " + String.join(", ", beyond.stream().distinct().toList())
                + "; move it to a suite run with cognigy.backend=endpoint. Nothing was submitted for this test."));
    }

    private static String known(Optional<Set<String>> names) {
        String all = names.map(n -> String.join(", ", new TreeSet<>(n))).orElse("");
        return all.isEmpty() ? "none" : all;
    }

    BotMisconfigurationError error() {
        return new BotMisconfigurationError(code, message);
    }

    /** The rich content an expectation checks — quick replies, buttons, output data — by its data-file key. */
    private static void addRichContent(Expectation e, List<String> into) {
        if (!e.quickReplies().isEmpty()) into.add("quick_replies");
        if (!e.buttons().isEmpty()) into.add("buttons");
        if (!e.responseData().isEmpty()) into.add("response_data");
    }
}
