package dev.botsim.cognigy.engine.backend.nlu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.management.AttachedFlows;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ProjectResources;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.spi.BotUnderTest;
import tools.jackson.databind.JsonNode;

/**
 * A bot's intents and their example sentences, read through the management API as Cognigy's NLU is trained on them:
 * the flow (named, or the REST endpoint's), the flows attached to it, and one locale (named, the endpoint's, or the
 * project's primary one). Disabled and reject intents are left out: no sentence is meant to reach them; so is an item
 * without a name, which names no intent to expect.
 *
 * <p>Routes: {@code GET flows?projectId=}, {@code GET flows/{id}} ({@code attachedFlows}),
 * {@code GET flows/{id}/intents?includeChildren=true}, {@code GET flows/{id}/intents/{intentId}/sentences} (items
 * {@code {text, localeReference}}), {@code GET locales?projectId=}.
 *
 * @param flowName   the flow read, for the files' header
 * @param localeName the locale read
 * @param intents    each intent's sentences in the locale, by intent name, in the flows' order (the flow's own, then its
 *                   attached flows' in {@code attachedFlows}' order, as {@link AttachedFlows} reads them); an intent in
 *                   several flows has its sentences together
 * @param nameless   the intents left out for having no name, and their example sentences in the locale: what the
 *                   import says it did not turn into cases
 */
public record TrainingData(String flowName, String localeName, Map<String, List<String>> intents, Nameless nameless) {

    /**
     * Intents without a name (absent, {@code null}, blank), which no case can expect, and their example sentences in
     * the locale read.
     */
    public record Nameless(int intents, int sentences) {
    }

    private record Locale(String referenceId, String name) {
    }

    /**
     * @param flow   a flow's name, reference id or id; empty for the endpoint's ({@code settings} has its URL token)
     * @param locale a locale's name or reference id; empty for the endpoint's, else the project's primary locale
     * @throws BackendException with one line (never the key) when the API refuses or cannot be reached, or names no
     *                          such flow or locale
     */
    public static TrainingData read(ManagementApiSchema.Settings settings, Optional<String> flow, Optional<String> locale) {
        try (ManagementClient api = ManagementClient.open(settings)) {
            Optional<BotUnderTest> endpoint = flow.isPresent() && locale.isPresent() || settings.endpointToken().isEmpty()
                    ? Optional.empty() : new ManagementApiSchema(settings, api).schema().underTest();
            List<Flow> flows = ProjectResources.flows(api, settings.projectId());
            Flow main = flow(flows, flow, endpoint);
            Locale chosen = locale(api, settings.projectId(), locale, endpoint);
            Map<String, List<String>> intents = new LinkedHashMap<>();
            int namelessIntents = 0;
            int namelessSentences = 0;
            for (Flow f : AttachedFlows.read(api, main, flows).scope()) {
                for (JsonNode intent : api.list("flows/" + f.id() + "/intents", List.of("includeChildren", "true"))) {
                    if (intent.path("isDisabled").asBoolean(false) || intent.path("isRejectIntent").asBoolean(false)) continue;
                    String name = intent.path("name").asString("");
                    String id = intent.path("_id").asString("");
                    // An item without a name (absent, null, blank) is no intent a sentence is mapped to: read as "", import
                    // wrote a file of cases expecting intent "". Left out, as the bot's intents leave it out, and counted
                    // with its sentences, so what is left out is said.
                    if (name.isBlank()) {
                        namelessIntents++;
                        if (!id.isEmpty()) namelessSentences += sentences(api, f, id, chosen, new ArrayList<>());
                        continue;
                    }
                    sentences(api, f, id, chosen, intents.computeIfAbsent(name, k -> new ArrayList<>()));
                }
            }
            return new TrainingData(main.name(), chosen.name(), intents, new Nameless(namelessIntents, namelessSentences));
        }
    }

    /** Adds the intent's example sentences in {@code locale} (or of no locale) to {@code sentences}; how many it added. */
    private static int sentences(ManagementClient api, Flow flow, String intentId, Locale locale, List<String> sentences) {
        int added = 0;
        for (JsonNode sentence : api.list("flows/" + flow.id() + "/intents/" + intentId + "/sentences", List.of())) {
            String reference = sentence.path("localeReference").asString(null);
            String text = sentence.path("text").asString("").strip();
            if ((reference == null || reference.equals(locale.referenceId())) && !text.isEmpty() && !sentences.contains(text)) {
                sentences.add(text);
                added++;
            }
        }
        return added;
    }

    private static Flow flow(List<Flow> flows, Optional<String> wanted, Optional<BotUnderTest> endpoint) {
        if (wanted.isPresent()) {
            String name = wanted.get();
            return flows.stream().filter(f -> name.equals(f.referenceId()) || name.equals(f.name()) || name.equals(f.id()))
                    .findFirst().orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED, "no flow '" + name
                            + "' in the project (flows: " + ProjectResources.listedFlows(flows) + "); give --flow a flow's name or reference id"));
        }
        String reference = endpoint.map(BotUnderTest::flowReferenceId).orElseThrow(() -> new BackendException(
                BackendException.Kind.REJECTED, "which flow? give --flow <name or reference id>, or set COGNIGY_ENDPOINT_URL"
                + " to read the flow of that REST endpoint"));
        return flows.stream().filter(f -> reference.equals(f.referenceId())).findFirst().orElseThrow(() -> new BackendException(
                BackendException.Kind.REJECTED, "the endpoint's flow " + reference + " is not among the project's flows; give --flow"));
    }

    private static Locale locale(ManagementClient api, String projectId, Optional<String> wanted, Optional<BotUnderTest> endpoint) {
        List<ProjectResources.Locale> locales = api.list("locales", List.of("projectId", projectId)).stream()
                .map(ProjectResources::locale).toList();
        if (wanted.isPresent()) {
            String name = wanted.get();
            Optional<ProjectResources.Locale> named;
            try {
                // As the NLU backend finds a test's locale: a language alone (de) is the one locale reading it (Deutsch,
                // de-DE), so the import reads the sentences the tests it writes will be scored in.
                named = LocaleNames.find(locales, name);
            } catch (ProjectResources.AmbiguousLocale | LocaleNames.Ambiguous e) {
                throw new BackendException(BackendException.Kind.REJECTED, "--locale " + name + " " + e.getMessage());
            }
            return named.map(TrainingData::of).orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED, "no locale '"
                    + name + "' in the project (locales: " + ProjectResources.listed(locales)
                    + "); give --locale a locale's name, language or reference id"));
        }
        Optional<String> fromEndpoint = endpoint.map(BotUnderTest::localeReferenceId);
        if (fromEndpoint.isPresent()) {
            return locales.stream().filter(l -> l.referenceId().equals(fromEndpoint.get())).findFirst().map(TrainingData::of)
                    .orElse(new Locale(fromEndpoint.get(), fromEndpoint.get()));
        }
        return ProjectResources.primary(locales).or(() -> locales.stream().findFirst()).map(TrainingData::of)
                .orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED, "the project has no locale"));
    }

    private static Locale of(ProjectResources.Locale locale) {
        return new Locale(locale.referenceId(), locale.tag());
    }
}
