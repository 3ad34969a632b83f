package dev.botsim.cognigy.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subset of Cognigy's management API ({@code /new/v2.0/}) a client needs to resolve the bot
 * behind the REST and Socket Endpoints: project, endpoints, flows with settings, intents with their example sentences and slot fillers,
 * lexicons and their slots (the keyphrase entities; a {@code pattern} entity is a Regex Slot Filler node, listed
 * nowhere), locales, snapshots and their resources, context injection, and (in
 * {@link PlaybooksApi}) Playbooks with their tasks and runs. As a
 * tenant's: {@code X-API-Key} (or {@code ?api_key=}), cursor pagination ({@code limit} 1-100, default
 * 25, {@code next=<nextCursor>}, or {@code skip}), RFC 7807 problems, and 1,000 requests per
 * 5 minutes, beyond them 429 with {@code Retry-After}.
 */
final class ManagementApi {

    static final String PREFIX = "/new/v2.0/";
    static final int REQUESTS_PER_WINDOW = 1000;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Tenant tenant;
    private final RestEndpoint endpoint;
    private final byte[] apiKey;
    private final ObjectMapper json;
    private final RequestWindow budget;
    private final PlaybooksApi playbooks;
    /** The Socket Endpoint's URL token: listed as an endpoint of its own, channel {@code socket}. */
    private final String socketToken;
    private final NluManagement nlu;

    /**
     * @param processingTime how long a training task takes
     * @param playbooks the Playbook and task API
     */
    ManagementApi(Tenant tenant, RestEndpoint endpoint, String socketToken, String apiKey, Clock clock, ObjectMapper json,
            Duration processingTime, PlaybooksApi playbooks) {
        this.socketToken = socketToken;
        this.playbooks = playbooks;
        this.nlu = new NluManagement(tenant, processingTime, clock, json);
        this.tenant = tenant;
        this.endpoint = endpoint;
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.budget = new RequestWindow(REQUESTS_PER_WINDOW, WINDOW, clock);
    }

    /** Answers {@code method path} (path below {@code /new/v2.0/}) with its query and body. */
    Answer answer(String method, String path, Map<String, String> query, String keyHeader, byte[] body) {
        Optional<Duration> wait = budget.admit();
        if (wait.isPresent()) {
            return problem(429, "Too Many Requests", "more than " + REQUESTS_PER_WINDOW + " requests in 5 minutes", path)
                    .withHeader("Retry-After", RequestWindow.retryAfterSeconds(wait.get()));
        }
        String key = keyHeader != null ? keyHeader : query.get("api_key");
        if (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
            return problem(401, "Unauthorized", "missing or invalid API key", path);
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        try {
            return route(method, parts, query, body, path);
        } catch (BadRequest e) {
            return problem(400, "Bad Request", e.getMessage(), path);
        }
    }

    NluManagement nlu() {
        return nlu;
    }

    private Answer route(String method, String[] p, Map<String, String> query, byte[] body, String path) {
        // NLU first: it answers only the training tasks it started and leaves every other task to the Playbook API.
        Optional<Answer> scored = nlu.answer(method, p, body);
        if (scored.isPresent()) return scored.get();
        if (PlaybooksApi.serves(p)) return playbooks.answer(this, method, p, query, body, path);
        if (method.equals("POST") && p.length == 4 && p[0].equals("sessions") && p[2].equals("context") && p[3].equals("inject")) {
            return inject(p[1], body, path);
        }
        if (!method.equals("GET")) return notFoundResource(method, path);
        return switch (p[0]) {
            case "projects" -> p.length == 2 && p[1].equals(tenant.projectId()) ? Answer.of(200, project())
                    : notFound("project", p.length > 1 ? p[1] : "", path);
            case "endpoints" -> p.length == 1 ? list(query, path, endpoints())
                    : p.length == 2 && p[1].equals(tenant.endpointId()) ? Answer.of(200, endpointDetail(endpointItem()))
                    : p.length == 2 && p[1].equals(tenant.socketEndpointId()) ? Answer.of(200, endpointDetail(socketEndpointItem()))
                    : notFound("endpoint", p[1], path);
            case "flows" -> flows(p, query, path);
            case "lexicons" -> p.length == 1 ? list(query, path, List.of(named(tenant.lexiconId(), tenant.bot().bot() + " lexicon")))
                    : p.length == 3 && p[1].equals(tenant.lexiconId()) && p[2].equals("slots") ? page(query, slots())
                    : notFound("lexicon", p[1], path);
            case "locales" -> p.length == 1 ? list(query, path, List.of(locale())) : notFound("locale", p[1], path);
            case "snapshots" -> snapshots(p, query, path);
            default -> problem(404, "Not Found", "no such resource: GET " + path, path);
        };
    }

    private Answer flows(String[] p, Map<String, String> query, String path) {
        if (p.length == 1) return list(query, path, tenant.flows().stream().map(this::flowItem).toList());
        Optional<Tenant.FlowResource> found = tenant.flowByObjectId(p[1]);
        if (found.isEmpty()) return notFound("flow", p[1], path);
        Tenant.FlowResource flow = found.get();
        if (p.length == 2) return Answer.of(200, flowDetail(flow));
        if (p.length == 3) {
            switch (p[2]) {
                case "settings":
                    return Answer.of(200, settings());
                case "intents":
                    return page(query, flow.intents().stream().map(intent -> (JsonNode) json.createObjectNode()
                            .put("_id", tenant.intentId(intent.name())).put("name", intent.name())
                            .put("isDisabled", intent.isDisabled()).put("isRejectIntent", intent.isReject())).toList());
                case "slotfillers":
                    return page(query, List.of());
                default:
                    break;
            }
        }
        if (p.length == 5 && p[2].equals("intents") && p[4].equals("sentences")) {
            return flow.intents().stream().filter(intent -> tenant.intentId(intent.name()).equals(p[3])).findFirst()
                    .map(intent -> page(query, sentences(intent))).orElseGet(() -> notFound("intent", p[3], path));
        }
        return problem(404, "Not Found", "no such resource: GET " + path, path);
    }

    /**
     * An intent's example sentences, as {@code GET flows/{flowId}/intents/{intentId}/sentences} gives them: the text, the
     * locale's reference id, no annotated slots.
     */
    private List<JsonNode> sentences(BotDefinition.Intent intent) {
        List<JsonNode> items = new java.util.ArrayList<>();
        List<String> examples = intent.examples();
        for (int i = 0; i < examples.size(); i++) {
            ObjectNode sentence = json.createObjectNode().put("_id", tenant.sentenceId(intent.name(), i)).put("text", examples.get(i))
                    .put("localeReference", tenant.localeReferenceId());
            sentence.putArray("slots");
            items.add(sentence);
        }
        return items;
    }

    private Answer snapshots(String[] p, Map<String, String> query, String path) {
        Optional<Tenant.Snapshot> snapshot = tenant.snapshot();
        if (p.length == 1) return list(query, path, snapshot.map(s -> List.of((JsonNode) named(s.id(), s.name()))).orElse(List.of()));
        if (snapshot.isEmpty() || !snapshot.get().id().equals(p[1])) return notFound("snapshot", p[1], path);
        Tenant.Snapshot s = snapshot.get();
        if (p.length == 2) {
            return Answer.of(200, named(s.id(), s.name()).put("description", "served by the sandbox's REST endpoint")
                    .put("createdAt", s.createdAt().getEpochSecond()));
        }
        if (p.length == 3 && p[2].equals("resources")) {
            String type = query.get("resourceType");
            List<JsonNode> flows = type != null && !type.equals("flow") ? List.of() : tenant.flows().stream().map(flow -> (JsonNode) json
                    .createObjectNode().put("_id", tenant.snapshotResourceId(flow)).put("resourceId", flow.objectId())
                    .put("name", flow.name()).put("type", "flow").put("referenceId", flow.referenceId())).toList();
            return page(query, flows);
        }
        return problem(404, "Not Found", "no such resource: GET " + path, path);
    }

    private Answer inject(String sessionId, byte[] body, String path) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("the body is not valid JSON");
        }
        if (request == null || !request.path("context").isObject()) throw new BadRequest("the body needs a 'context' object");
        if (!request.path("userId").isString()) throw new BadRequest("the body needs a 'userId'");
        Map<String, Object> context = json.convertValue(request.path("context"),
                json.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        return Answer.of(200, json.valueToTree(endpoint.injectContext(sessionId, context)));
    }

    private ObjectNode project() {
        return named(tenant.projectId(), tenant.bot().bot());
    }

    private List<JsonNode> endpoints() {
        return List.of(endpointItem(), socketEndpointItem());
    }

    private ObjectNode endpointItem() {
        ObjectNode item = named(tenant.endpointId(), tenant.bot().bot() + " REST endpoint");
        item.put("URLToken", tenant.urlToken());
        item.put("channel", "rest");
        item.put("flowId", tenant.mainFlow().referenceId());
        item.put("localeId", tenant.localeReferenceId());
        item.put("entrypoint", tenant.entrypoint());
        item.put("active", true);
        return item;
    }

    /** The Socket Endpoint: the same flow, locale and snapshot as the REST Endpoint, its own id, URL token and channel. */
    private ObjectNode socketEndpointItem() {
        ObjectNode item = endpointItem();
        item.put("_id", tenant.socketEndpointId());
        item.put("name", tenant.bot().bot() + " Socket endpoint");
        item.put("URLToken", socketToken);
        item.put("channel", "socket");
        return item;
    }

    private ObjectNode endpointDetail(ObjectNode item) {
        ObjectNode detail = item;
        // The built-in Cognigy NLU: no NLU connector of the project's own.
        detail.putNull("nluConnectorId");
        detail.put("useAnalytics", false);
        detail.put("useContactProfiles", false);
        detail.put("maskAnalytics", false);
        return detail;
    }

    private JsonNode flowItem(Tenant.FlowResource flow) {
        return changed(named(flow.objectId(), flow.name()).put("referenceId", flow.referenceId()), flow)
                .put("isTrainingOutOfDate", nlu.outOfDate(flow));
    }

    /** As Cognigy's resources carry it: {@code lastChanged} in milliseconds since the epoch, and who changed it. */
    private static ObjectNode changed(ObjectNode resource, Tenant.FlowResource flow) {
        return resource.put("lastChanged", flow.lastChanged()).put("lastChangedBy", "sandbox");
    }

    private ObjectNode flowDetail(Tenant.FlowResource flow) {
        ObjectNode detail = changed(named(flow.objectId(), flow.name()).put("referenceId", flow.referenceId()), flow);
        ArrayNode attached = detail.putArray("attachedFlows");
        if (flow.equals(tenant.mainFlow())) {
            tenant.flows().stream().filter(f -> f != flow && f.attached()).forEach(f -> attached.add(f.referenceId()));
        }
        detail.putArray("attachedLexicons").add(tenant.lexiconId());
        return detail;
    }

    private static final java.util.Map<String, String> SYSTEM_SLOT_SWITCHES = switches();

    private static java.util.Map<String, String> switches() {
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (String name : List.of("AGE", "DATE", "DISTANCE", "DURATION", "EMAIL", "MONEY", "NUMBER", "PERCENTAGE",
                "TEMPERATURE")) {
            keys.put(name, "use" + name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT) + "Slots");
        }
        keys.put("URL", "useURLSlots");
        return keys;
    }

    private ObjectNode settings() {
        ObjectNode settings = json.createObjectNode();
        double threshold = tenant.bot().threshold();
        settings.putObject("intentThreshold").put("lower", threshold).put("upper", confidenceThreshold(threshold));
        // As Cognigy's API reference gives them: one switch per system slot, all ten present.
        ObjectNode slots = settings.putObject("systemSlots");
        SYSTEM_SLOT_SWITCHES.forEach((name, key) -> slots.put(key, tenant.bot().systemSlots().contains(name)));
        return settings;
    }

    /** How far Cognigy's default confidence threshold (0.4) stands above its default reconfirmation threshold (0.2). */
    private static final double CONFIDENCE_ABOVE_RECONFIRMATION = 0.2;

    /**
     * The flow's confidence threshold ({@code intentThreshold.upper}) for a reconfirmation threshold ({@code lower}), the
     * bot's {@code threshold}: that much above it, as Cognigy's defaults are, and at most 1. Between the two a tenant
     * recognises an intent without a confirmation sentence and asks one with a sentence back, and so does the sandbox's
     * NLU; and with the two apart, a client that took {@code upper} for the threshold below which no intent is
     * recognised would see fewer intents here, as it would against a tenant, instead of the same ones. Rounded to 3
     * decimals, as scores are.
     */
    static double confidenceThreshold(double reconfirmation) {
        return Math.min(1.0, Math.round((reconfirmation + CONFIDENCE_ABOVE_RECONFIRMATION) * 1000) / 1000.0);
    }

    /**
     * The lexicon's slots: the keyphrase entities. A {@code pattern} entity is what a Regex Slot Filler node in the flow
     * is on a tenant: it fills {@code input.slots}, but no lexicon holds it and the API lists it nowhere.
     */
    private List<JsonNode> slots() {
        return tenant.bot().entities().stream().filter(e -> e.pattern() == null)
                .map(e -> (JsonNode) named(tenant.slotId(e.name()), e.name())).toList();
    }

    /**
     * The one locale, as a tenant's list gives it: its {@code name} is what the project calls it, free text, and the
     * language its NLU reads is a field of its own, {@code nluLanguage} (Cognigy's API reference: {@code "name":
     * "English", "nluLanguage": "en-US"}). So the name is the language's English name ({@code English (United States)}),
     * never the tag: a client that took the name for the language would read no tag here, as on a tenant.
     */
    private ObjectNode locale() {
        String tag = tenant.bot().locale();
        return named(tenant.localeId(), localeName(tag)).put("referenceId", tenant.localeReferenceId()).put("nluLanguage", tag)
                .put("primary", true);
    }

    /** The English name of a language tag ({@code English (United States)} for {@code en-US}); the tag quoted for one Java does not know. */
    static String localeName(String tag) {
        String name = java.util.Locale.forLanguageTag(tag).getDisplayName(java.util.Locale.ENGLISH);
        return name.isBlank() || name.equalsIgnoreCase(tag) ? "Locale " + tag : name;
    }

    private ObjectNode named(String id, String name) {
        return json.createObjectNode().put("_id", id).put("name", name);
    }

    /** A project's list: {@code projectId} is required and must be the sandbox's project. */
    Answer list(Map<String, String> query, String path, List<JsonNode> items) {
        String projectId = query.get("projectId");
        if (projectId == null || projectId.isBlank()) throw new BadRequest("the query parameter projectId is required");
        if (!projectId.equals(tenant.projectId())) return notFound("project", projectId, path);
        return page(query, items);
    }

    /** One page: {@code limit} 1-100 (25 by default), from {@code next} (a cursor this API gave) or {@code skip}. */
    Answer page(Map<String, String> query, List<JsonNode> items) {
        int limit = number(query, "limit", 25);
        if (limit < 1 || limit > 100) throw new BadRequest("limit must be from 1 to 100");
        int offset = query.containsKey("next") ? cursor(query.get("next")) : number(query, "skip", 0);
        if (offset < 0) throw new BadRequest("skip must not be negative");
        ObjectNode page = json.createObjectNode();
        ArrayNode list = page.putArray("items");
        items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size())).forEach(list::add);
        page.put("total", items.size());
        page.put("nextCursor", offset + limit < items.size() ? encode(offset + limit) : null);
        page.put("previousCursor", offset > 0 ? encode(Math.max(0, offset - limit)) : null);
        return Answer.of(200, page);
    }

    private static int number(Map<String, String> query, String name, int otherwise) {
        String value = query.get(name);
        if (value == null) return otherwise;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a number");
        }
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int cursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith("offset:")) throw new BadRequest("next is not a cursor this API gave");
            return Integer.parseInt(decoded.substring("offset:".length()));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("next is not a cursor this API gave");
        }
    }

    /** 404 for a path this API does not have. */
    Answer notFoundResource(String method, String path) {
        return problem(404, "Not Found", "no such resource: " + method + " " + path, path);
    }

    Answer notFound(String what, String id, String path) {
        return problem(404, "Not Found", "no " + what + " with id " + id, path);
    }

    /** An RFC 7807 problem, as Cognigy writes them: with a {@code traceId} for support. */
    Answer problem(int status, String title, String detail, String path) {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", path);
        problem.put("code", 1000);
        problem.put("traceId", "api--" + UUID.randomUUID());
        problem.putObject("details");
        return Answer.of(status, problem);
    }

    /** A request this API refuses with 400. */
    static final class BadRequest extends IllegalArgumentException {
        BadRequest(String message) {
            super(message);
        }
    }
}
