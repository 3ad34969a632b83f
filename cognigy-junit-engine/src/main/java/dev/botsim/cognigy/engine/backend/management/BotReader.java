package dev.botsim.cognigy.engine.backend.management;

import static dev.botsim.cognigy.engine.config.Constants.EXPECTED_SNAPSHOT;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_API_KEY_ENV;
import static dev.botsim.cognigy.engine.config.Constants.MANAGEMENT_PROJECT_ID;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.spi.BotUnderTest;
import tools.jackson.databind.JsonNode;

/**
 * Reads the bot under test from the management API. With the endpoint's URL token, the bot is the
 * one that endpoint serves: its flow and the flows attached to it, from the live project or from
 * the snapshot the endpoint serves, in the endpoint's locale; without it, every flow of the project.
 * What makes the endpoint untestable as configured (inactive, of a channel the backend does not speak, another snapshot than
 * expected, a project or key the API refuses) fails here, once, before any test.
 */
final class BotReader {

    /**
     * @param schema    the bot's flows, intents and slots, with the deployment tested
     * @param flowNames display name by reference id, for every flow of the project or snapshot read
     */
    record Read(BotSchema schema, Map<String, String> flowNames) {
    }

    private final ManagementClient api;
    /** The flow list, flows, settings and intents read, kept for the NLU backend's preflight. */
    private final ManagementReads reads;
    private final String projectId;
    private final Optional<Secret> token;
    private final EndpointKind kind;
    private final Optional<String> expectedSnapshot;
    private final List<String> notes = new ArrayList<>();

    BotReader(ManagementClient api, ManagementReads reads, String projectId, Optional<Secret> token, EndpointKind kind,
              Optional<String> expectedSnapshot) {
        this.api = api;
        this.reads = reads;
        this.projectId = projectId;
        this.token = token;
        this.kind = kind;
        this.expectedSnapshot = expectedSnapshot;
    }

    Read read() {
        String project = probe();
        if (token.isEmpty()) return readProject();
        JsonNode endpoint = endpoint(project);
        String endpointName = endpoint.path("name").asString("");
        String snapshotId = servedSnapshot(endpoint);
        String snapshotName = snapshotId == null ? null : api.get("snapshots/" + snapshotId, List.of()).path("name").asString(null);
        checkExpectedSnapshot(endpointName, snapshotId, snapshotName);
        warnings(endpoint, endpointName);
        JsonNode locale = locale(endpoint.path("localeId").asString(null));

        Map<String, Flow> flows = snapshotId == null ? projectFlows() : snapshotFlows(snapshotId);
        String flowReference = endpoint.path("flowId").asString("");
        Flow main = flows.get(flowReference);
        if (main == null) {
            throw new ConfigurationException("the endpoint '" + endpointName + "' serves flow " + flowReference + ", which is not among the "
                    + flows.size() + " flows of " + (snapshotId == null ? "project '" + project + "'" : "snapshot '" + snapshotName + "'")
                    + "; check the endpoint's Flow setting");
        }
        AttachedFlows attachedFlows = AttachedFlows.of(reads.record("flows/" + main.id(), List.of()), main, flows.values());
        Set<String> lexiconIds = new LinkedHashSet<>(ids(attachedFlows.detail().path("attachedLexicons")));
        for (String attached : attachedFlows.unknown()) {
            notes.add("flow '" + main.name() + "' has attached flow " + attached + ", which the flow list does not hold;"
                    + " its intents are not known");
        }
        for (Flow flow : attachedFlows.attached()) {
            // An attached flow's lexicons annotate its own intents' slots: its slots are the bot's too.
            lexiconIds.addAll(ids(reads.record("flows/" + flow.id(), List.of()).path("attachedLexicons")));
        }
        List<Flow> scope = attachedFlows.scope();
        String localeId = locale.path("_id").asString(locale.path("referenceId").asString(null));
        Set<String> intents = new TreeSet<>();
        Set<String> entities = new TreeSet<>();
        for (Flow flow : scope) readFlow(flow, localeId, intents, entities);
        for (String lexicon : lexiconIds) slots(lexicon, entities);

        BotUnderTest bot = BotUnderTest.builder().projectId(projectId).projectName(project).endpointName(endpointName)
                .flowName(main.name()).flowReferenceId(main.referenceId()).locale(servedLanguage(locale))
                .localeReferenceId(endpoint.path("localeId").asString(null)).snapshotId(snapshotId).snapshotName(snapshotName)
                .build();
        // Every flow of the project or snapshot is a flow the conversation may be in: a Go To or Execute Flow node can
        // hand it to any of them, attached or not. Intents are those the endpoint's flow maps: its own and its attached flows'.
        BotSchema schema = new BotSchema(Optional.of(entities), Optional.of(flowNames(flows)), Optional.of(intents), notes)
                .withExactEntityNames().withUnderTest(bot).withFlowsLastChanged(lastChanged(flows))
                .withKnownFlows(known(flows));
        return new Read(schema, names(flows));
    }

    /** Without an endpoint to resolve: every flow of the project, with every lexicon of the project. */
    private Read readProject() {
        Map<String, Flow> flows = projectFlows();
        Set<String> intents = new TreeSet<>();
        Set<String> entities = new TreeSet<>();
        for (Flow flow : flows.values()) readFlow(flow, null, intents, entities);
        for (JsonNode lexicon : api.list("lexicons", List.of("projectId", projectId))) slots(lexicon.path("_id").asString(), entities);
        BotSchema schema = new BotSchema(Optional.of(entities), Optional.of(flowNames(flows)), Optional.of(intents), notes)
                .withExactEntityNames().withFlowsLastChanged(lastChanged(flows))
                .withKnownFlows(known(flows));
        return new Read(schema, names(flows));
    }

    /**
     * {@code GET projects/{projectId}} before anything else. Cognigy answers a wrong key or project id with 401 or
     * 403, but also with 400, 404 or 500 (its own command line reads 500 as a bad key and 400 as a bad project id),
     * so any refusal of this one request is a configuration problem, said once.
     */
    private String probe() {
        try {
            return api.get("projects/" + projectId, List.of()).path("name").asString(projectId);
        } catch (ManagementRefusal e) {
            if (!List.of(400, 401, 403, 404, 500).contains(e.status())) throw e;
            throw new ConfigurationException("the management API refused project " + projectId + " to the API key given ("
                    + e.answered() + "). Check " + MANAGEMENT_PROJECT_ID + " (--project-id of import: the project's id, from its"
                    + " URL or settings) and the environment variable " + MANAGEMENT_API_KEY_ENV + " (an API key of a user who can"
                    + " read the project, for the host " + Constants.MANAGEMENT_URL + " or import's --management-url names).");
        }
    }

    /** The endpoint whose URL token the engine sends to: listed by project, matched by token, then read whole. */
    private JsonNode endpoint(String project) {
        List<JsonNode> endpoints = api.list("endpoints", List.of("projectId", projectId));
        JsonNode match = withToken(endpoints, token.orElseThrow().reveal())
                .orElseThrow(() -> new ConfigurationException("no endpoint of project '" + project + "' (" + projectId + ") has the URL"
                        + " token of " + kind.variable() + " (" + endpoints.size() + " endpoints listed). Check that the"
                        + " endpoint URL and " + MANAGEMENT_PROJECT_ID + " (--project-id of import) belong to the same project; the token is not shown."));
        JsonNode endpoint = api.get("endpoints/" + match.path("_id").asString(), List.of());
        String name = endpoint.path("name").asString("");
        if (!endpoint.path("active").asBoolean(true)) {
            throw new ConfigurationException("the endpoint '" + name + "' of project '" + project + "' is not active: Cognigy refuses"
                    + " its messages. Activate it (Deploy > Endpoints > Enable Endpoint) or point " + kind.variable()
                    + " at an active " + kind.shown() + ".");
        }
        String channel = endpoint.path("channel").asString("");
        if (!kind.speaks(channel)) {
            throw new ConfigurationException("the endpoint '" + name + "' of project '" + project + "' is a " + (channel.isBlank()
                    ? "endpoint without a channel" : "'" + channel + "' endpoint") + ", not a " + kind.refusal());
        }
        return endpoint;
    }

    /**
     * The language of the locale the project's endpoint with URL token {@code urlToken} serves; empty when the project
     * lists no such endpoint, or its locale is not listed or gives no language. Unlike the endpoint under test, another
     * locale's is not required to be active or of a channel: the question is only which language its NLU reads.
     */
    Optional<String> localeOf(String urlToken) {
        Optional<JsonNode> listed = withToken(api.list("endpoints", List.of("projectId", projectId)), urlToken);
        if (listed.isEmpty()) return Optional.empty();
        // The list's items may leave the locale out: the endpoint's own record gives it.
        String referenceId = api.get("endpoints/" + listed.get().path("_id").asString(), List.of()).path("localeId").asString(null);
        return listedLocale(referenceId).map(BotReader::servedLanguage);
    }

    /** The endpoint of {@code endpoints} with URL token {@code urlToken}. */
    private static Optional<JsonNode> withToken(List<JsonNode> endpoints, String urlToken) {
        return endpoints.stream().filter(e -> urlToken.equals(e.path("URLToken").asString(null))).findFirst();
    }

    /** The snapshot the endpoint serves ({@code entrypoint}), or {@code null} when it serves the live project. */
    private String servedSnapshot(JsonNode endpoint) {
        String entrypoint = endpoint.path("entrypoint").asString("");
        return entrypoint.isBlank() || entrypoint.equals(projectId) ? null : entrypoint;
    }

    private void checkExpectedSnapshot(String endpointName, String snapshotId, String snapshotName) {
        if (expectedSnapshot.isEmpty()) return;
        String expected = expectedSnapshot.get();
        if (snapshotId != null && (expected.equals(snapshotId) || expected.equals(snapshotName))) return;
        String served = snapshotId == null ? "the live project" : "snapshot '" + snapshotName + "' (" + snapshotId + ")";
        throw new ConfigurationException(EXPECTED_SNAPSHOT + "=" + expected + ", but the endpoint '" + endpointName + "' serves "
                + served + ". Point the endpoint at snapshot '" + expected + "' or change " + EXPECTED_SNAPSHOT + "; no test was run.");
    }

    /**
     * What makes answers incomplete or the run leave traces: said in the run's summary, not failed. An endpoint
     * whose NLU connector is "No NLU" runs no intent mapping, so intents and slots are always null. Cognigy names
     * its built-in connectors by a word rather than an id ({@code "cognigy"} for Cognigy NLU); a connector id read
     * as "no NLU" ({@code noNlu}, {@code no-nlu}, {@code none}, any case) is taken for it. A custom connector (an id)
     * is not looked up.
     */
    private void warnings(JsonNode endpoint, String name) {
        String connector = endpoint.path("nluConnectorId").asString("").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (connector.equals("nonlu") || connector.equals("none")) {
            notes.add("the endpoint '" + name + "' uses the No NLU connector: Cognigy maps no intents and fills no slots, so"
                    + " intent and entity expectations cannot pass");
        }
        if (endpoint.path("useAnalytics").asBoolean(false)) {
            notes.add("the endpoint '" + name + "' collects analytics: test traffic lands in Insights and the Intent Trainer"
                    + " (turn Collect Analytics off on a dedicated test endpoint)");
        }
    }

    /**
     * The language the endpoint's locale is in, what a test's {@code locale:} is compared with: its {@code nluLanguage}
     * (a tag, {@code en-US}), else its name. A Cognigy locale's name is free text ({@code English}): taken for the
     * language, it would be no tag, and a test in another language would go to this endpoint unrefused.
     */
    private static String servedLanguage(JsonNode locale) {
        if (locale.isMissingNode()) return null;
        String tag = ProjectResources.locale(locale).tag();
        return tag.isBlank() ? null : tag;
    }

    /** The endpoint's locale from the project's locales, by reference id; empty when it is not listed. */
    private JsonNode locale(String referenceId) {
        if (referenceId == null) return tools.jackson.databind.node.MissingNode.getInstance();
        Optional<JsonNode> listed = listedLocale(referenceId);
        if (listed.isPresent()) return listed.get();
        notes.add("the endpoint's locale " + referenceId + " is not among the project's locales; intents are read in the"
                + " flows' default locale");
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /** The project's locale with reference id {@code referenceId}; empty when it is {@code null} or not listed. */
    private Optional<JsonNode> listedLocale(String referenceId) {
        if (referenceId == null) return Optional.empty();
        return api.list("locales", List.of("projectId", projectId)).stream()
                .filter(locale -> referenceId.equals(locale.path("referenceId").asString(null))).findFirst();
    }

    /**
     * The flows' display names. A flow item without a name (absent, null, blank) is no flow a turn or {@code next_flow}
     * names: read as "", it was a flow named "" (or blank) in the preflight's and the unknown flow warning's list of the
     * bot's flows. Left out, as {@link #known} leaves it out.
     */
    private static Set<String> flowNames(Map<String, Flow> flows) {
        Set<String> names = new TreeSet<>();
        flows.values().forEach(f -> {
            if (named(f)) names.add(f.name());
        });
        return names;
    }

    private static boolean named(Flow flow) {
        return flow.name() != null && !flow.name().isBlank();
    }

    /**
     * Each flow by its display name — what the answers name it by, through the flow list — and its reference id (what
     * {@code input.intentFlow} gives) and {@code _id}: a {@code next_flow} may be written as any of them.
     */
    private static List<BotSchema.KnownFlow> known(Map<String, Flow> flows) {
        return flows.values().stream().filter(BotReader::named)
                .map(f -> new BotSchema.KnownFlow(f.name(), f.name(), List.of(f.referenceId(), f.id()))).toList();
    }

    private Map<String, Flow> projectFlows() {
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (JsonNode flow : reads.recordList("flows", List.of("projectId", projectId))) {
            Flow read = new Flow(flow.path("_id").asString(), flow.path("referenceId").asString(""), flow.path("name").asString(),
                    flow.path("isTrainingOutOfDate").asBoolean(false), ProjectResources.changed(flow.path("lastChanged")));
            flows.put(read.referenceId().isEmpty() ? read.id() : read.referenceId(), read);
        }
        return flows;
    }

    /**
     * A snapshot's flows, from its resources of type flow: {@code resourceId} is the id the flow resources of the
     * snapshot are read by ({@code _id} when the item has none), {@code referenceId} what the endpoint's
     * {@code flowId} names.
     */
    private Map<String, Flow> snapshotFlows(String snapshotId) {
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (JsonNode resource : api.list("snapshots/" + snapshotId + "/resources", List.of("resourceType", "flow"))) {
            if (!resource.path("type").asString("flow").equals("flow")) continue;
            String id = resource.path("resourceId").asString(resource.path("_id").asString());
            Flow read = new Flow(id, resource.path("referenceId").asString(""), resource.path("name").asString(), false, null);
            flows.put(read.referenceId().isEmpty() ? read.id() : read.referenceId(), read);
        }
        return flows;
    }

    /** A flow's enabled intents (children included) and its system slots and slot fillers. */
    private void readFlow(Flow flow, String localeId, Set<String> intents, Set<String> entities) {
        List<String> query = new ArrayList<>(List.of("includeChildren", "true"));
        if (localeId != null) query.addAll(List.of("preferredLocaleId", localeId));
        for (JsonNode intent : reads.recordList("flows/" + flow.id() + "/intents", query)) {
            // A disabled intent is never mapped, and the reject intent's mapping is no intent at all.
            if (intent.path("isDisabled").asBoolean(false) || intent.path("isRejectIntent").asBoolean(false)) continue;
            // An item without a name (absent, null, blank) names no intent a turn can be mapped to: read as "", it was an
            // intent named "" in the preflight and the intent figures. Left out, as a flow without a name is (known).
            String name = intent.path("name").asString("");
            if (!name.isBlank()) intents.add(name);
        }
        entities.addAll(systemSlots(flow));
        try {
            api.list("flows/" + flow.id() + "/slotfillers", List.of()).forEach(filler -> addSlot(filler, entities));
        } catch (ManagementRefusal e) {
            notes.add("slot fillers of flow '" + flow.name() + "' unknown (" + e.answered() + ")");
        }
    }

    /**
     * The system slots the flow's settings enable, none when they enable none; all ten, said in the notes, when the
     * settings cannot be read or hold no {@code systemSlots} (an expectation on a slot the flow does not fill then
     * fails on the answer, not before sending).
     */
    private List<String> systemSlots(Flow flow) {
        String why;
        try {
            JsonNode settings = reads.record("flows/" + flow.id() + "/settings", List.of()).path("systemSlots");
            if (settings.isObject() || settings.isArray()) return SystemSlots.enabled(settings);
            why = "its settings hold no systemSlots";
        } catch (ManagementRefusal e) {
            why = e.answered();
        }
        notes.add("system slots of flow '" + flow.name() + "' unknown (" + why + "); all ten are taken as enabled");
        return SystemSlots.ALL;
    }

    private void slots(String lexiconId, Set<String> entities) {
        api.list("lexicons/" + lexiconId + "/slots", List.of()).forEach(slot -> addSlot(slot, entities));
    }

    /**
     * A slot filler's or lexicon slot's name among the entities. An item without a name (absent, null, blank) names no
     * slot an answer fills: read as "", it was an entity named "" in the preflight's known entities. Left out, as an
     * intent or flow without a name is.
     */
    private static void addSlot(JsonNode slot, Set<String> entities) {
        String name = slot.path("name").asString("");
        if (!name.isBlank()) entities.add(name);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> {
            if (id.isString()) ids.add(id.stringValue());
            else if (id.path("_id").isString()) ids.add(id.path("_id").stringValue());
        });
        return ids;
    }

    /**
     * When each flow was last changed, by name: the live project's version, which no id names. Read from the flow list
     * the schema reads anyway, so it costs no request. A flow of a snapshot has none: the snapshot's id is its version.
     */
    private static Map<String, String> lastChanged(Map<String, Flow> flows) {
        return ProjectResources.lastChanged(flows.values());
    }

    private static Map<String, String> names(Map<String, Flow> flows) {
        Map<String, String> names = new LinkedHashMap<>();
        flows.values().forEach(f -> {
            // A flow without a name leaves a turn named as its answer names it, not "".
            if (!f.referenceId().isEmpty() && named(f)) names.put(f.referenceId(), f.name());
        });
        return names;
    }
}
