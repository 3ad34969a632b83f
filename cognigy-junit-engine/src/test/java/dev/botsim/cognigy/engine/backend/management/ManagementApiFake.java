package dev.botsim.cognigy.engine.backend.management;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Cognigy tenant's management API, {@code /new/v2.0/}, in the shapes Cognigy gives (API reference and
 * {@code @cognigy/rest-api-client} types): one project with a REST endpoint serving "Main Flow", which has the
 * "FAQ" flow attached; a third flow, "Legacy", that nothing attaches; lexicons, locales, a snapshot. Lists are
 * paged by the fake's own page size, so cursors are followed; tests change the model or override a route.
 */
public final class ManagementApiFake extends Dispatcher {

    public static final String KEY = "mgmt-api-key-canary-123";
    public static final String TOKEN = "e5f6a7b8c9d0EndpointTokenCanary";
    public static final String PROJECT = "proj1";
    public static final String MAIN_REF = "3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f";
    public static final String FAQ_REF = "7a2d4e6f-1b3c-4d5e-8f90-a1b2c3d4e5f6";
    public static final String LEGACY_REF = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
    public static final String LOCALE_REF = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";

    private final JsonMapper json = JsonMapper.builder().build();

    /** Items per page the fake gives, at most the {@code limit} asked for. */
    public volatile int pageSize = 100;
    /** The name the fake gives the next page's cursor: {@code nextCursor} as typed, {@code next} as some examples show. */
    public volatile String cursorField = "nextCursor";
    /** Whether pages carry no cursor at all (a route that only pages by {@code skip}). */
    public volatile boolean noCursor;
    /** What the fake adds to every list's {@code total}: a list that announces more than it gives. */
    public volatile int totalSurplus;

    public final Map<String, Object> project = map("_id", PROJECT, "name", "Order Bot", "primaryLocale", LOCALE_REF);
    public final Map<String, Object> endpoint = map("_id", "ep2", "name", "cognigy-junit tests", "URLToken", TOKEN,
            "channel", "rest", "flowId", MAIN_REF, "localeId", LOCALE_REF, "entrypoint", PROJECT, "active", true,
            "nluConnectorId", "cognigy", "useAnalytics", false, "useContactProfiles", false, "maskAnalytics", false);
    public final List<Map<String, Object>> endpoints = new ArrayList<>(List.of(
            map("_id", "ep1", "name", "Webchat", "URLToken", "otherTokenNotOurs1", "channel", "webchat3", "flowId", MAIN_REF,
                    "localeId", LOCALE_REF, "entrypoint", PROJECT, "active", true),
            map("_id", "ep3", "name", "WhatsApp", "URLToken", "otherTokenNotOurs3", "channel", "whatsapp", "flowId", MAIN_REF,
                    "localeId", LOCALE_REF, "entrypoint", PROJECT, "active", true),
            map("_id", "ep2", "name", "cognigy-junit tests", "URLToken", TOKEN, "channel", "rest", "flowId", MAIN_REF,
                    "localeId", LOCALE_REF, "entrypoint", PROJECT, "active", true)));
    public final List<Map<String, Object>> flows = new ArrayList<>(List.of(
            map("_id", "f-main", "referenceId", MAIN_REF, "name", "Main Flow", "isTrainingOutOfDate", false,
                    "lastChanged", 1717243200000L, "lastChangedBy", "u-1"),
            map("_id", "f-faq", "referenceId", FAQ_REF, "name", "FAQ", "isTrainingOutOfDate", false,
                    "lastChanged", 1717329600000L, "lastChangedBy", "u-2"),
            map("_id", "f-legacy", "referenceId", LEGACY_REF, "name", "Legacy", "isTrainingOutOfDate", false)));
    public final Map<String, Map<String, Object>> flowDetails = new ConcurrentHashMap<>(Map.of(
            "f-main", map("_id", "f-main", "referenceId", MAIN_REF, "name", "Main Flow", "attachedFlows", List.of(FAQ_REF),
                    "attachedLexicons", List.of("lex-orders")),
            "f-faq", map("_id", "f-faq", "referenceId", FAQ_REF, "name", "FAQ", "attachedFlows", List.of(),
                    "attachedLexicons", List.of("lex-faq")),
            "f-legacy", map("_id", "f-legacy", "referenceId", LEGACY_REF, "name", "Legacy", "attachedFlows", List.of(),
                    "attachedLexicons", List.of("lex-legacy"))));
    /** {@code systemSlots} of each flow's settings, in the API reference's shape (switches). */
    public final Map<String, Object> systemSlots = new ConcurrentHashMap<>(Map.of(
            "f-main", map("useAgeSlots", false, "useDateSlots", true, "useDistanceSlots", false, "useDurationSlots", false,
                    "useEmailSlots", false, "useMoneySlots", false, "useNumberSlots", true, "usePercentageSlots", false,
                    "useTemperatureSlots", false, "useURLSlots", false),
            "f-faq", map("useEmailSlots", true, "useURLSlots", true, "useNumberSlots", false),
            "f-legacy", map("useMoneySlots", true)));
    public final Map<String, List<Map<String, Object>>> intents = new ConcurrentHashMap<>(Map.of(
            "f-main", List.of(
                    map("_id", "i1", "name", "check_order", "isDisabled", false, "isRejectIntent", false),
                    map("_id", "i2", "name", "old_promo", "isDisabled", true, "isRejectIntent", false),
                    map("_id", "i3", "name", "Reject Intent", "isDisabled", false, "isRejectIntent", true),
                    map("_id", "i4", "name", "greeting", "isDisabled", false, "isRejectIntent", false)),
            "f-faq", List.of(map("_id", "i5", "name", "opening_hours", "isDisabled", false, "isRejectIntent", false)),
            "f-legacy", List.of(map("_id", "i6", "name", "legacy_intent", "isDisabled", false, "isRejectIntent", false))));
    /** Child intents, listed only with {@code includeChildren=true}. */
    public final Map<String, List<Map<String, Object>>> childIntents = new ConcurrentHashMap<>(Map.of(
            "f-main", List.of(map("_id", "i7", "name", "check_order_by_email", "isDisabled", false, "isRejectIntent", false,
                    "parentIntentId", "i1"))));
    /** Example sentences by intent id ({@code GET flows/{flowId}/intents/{intentId}/sentences}); none for an intent not here. */
    public final Map<String, List<Map<String, Object>>> sentences = new ConcurrentHashMap<>();
    public final Map<String, List<Map<String, Object>>> slotFillers = new ConcurrentHashMap<>(Map.of(
            "f-main", List.of(map("_id", "sf1", "name", "order_number")), "f-faq", List.of(), "f-legacy", List.of()));
    public final Map<String, List<Map<String, Object>>> lexiconSlots = new ConcurrentHashMap<>(Map.of(
            "lex-orders", List.of(map("_id", "s1", "name", "order_id"), map("_id", "s2", "name", "Carrier")),
            "lex-faq", List.of(map("_id", "s3", "name", "topic")),
            "lex-legacy", List.of(map("_id", "s4", "name", "legacy_slot"))));
    public final List<Map<String, Object>> locales = new ArrayList<>(List.of(
            map("_id", "loc-de", "referenceId", "d1e2f3a4-0000-4000-8000-000000000001", "name", "de-DE", "primary", false),
            map("_id", "loc-en", "referenceId", LOCALE_REF, "name", "en-US", "primary", true)));

    /**
     * The locales as a tenant lists them: a name of the team's choosing ({@code Deutsch}, {@code English}), the language
     * its NLU reads in {@code nluLanguage}, as Cognigy's API reference gives a locale ({@code "name": "English",
     * "nluLanguage": "en-US"}). The same ids and reference ids as {@link #locales}.
     */
    public void tenantShapedLocales() {
        locales.clear();
        locales.add(map("_id", "loc-de", "referenceId", "d1e2f3a4-0000-4000-8000-000000000001", "name", "Deutsch",
                "nluLanguage", "de-DE", "primary", false));
        locales.add(map("_id", "loc-en", "referenceId", LOCALE_REF, "name", "English", "nluLanguage", "en-US", "primary", true));
    }
    public final Map<String, Map<String, Object>> snapshots = new ConcurrentHashMap<>(Map.of(
            "snap14", map("_id", "snap14", "name", "v1.4", "description", "release 1.4", "createdAt", 1764000000)));
    /** Flow resources of each snapshot; their {@code resourceId} names the snapshot's copies of the flows. */
    public final Map<String, List<Map<String, Object>>> snapshotFlows = new ConcurrentHashMap<>(Map.of(
            "snap14", List.of(
                    map("_id", "r1", "resourceId", "f-main-14", "name", "Main Flow", "type", "flow", "referenceId", MAIN_REF),
                    map("_id", "r2", "resourceId", "f-faq-14", "name", "FAQ", "type", "flow", "referenceId", FAQ_REF))));
    /** Answers given instead of the model's, by path below {@code /new/v2.0/} (without query). */
    public final Map<String, MockResponse> overrides = new ConcurrentHashMap<>();
    public final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    /** Answers given, one each, to the next requests whatever they ask, before the model answers again. */
    public final java.util.Queue<MockResponse> next = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        MockResponse queued = next.poll();
        if (queued != null) return queued;
        String path = request.getUrl().encodedPath();
        if (path.equals("/" + TOKEN)) {
            // The REST endpoint itself, for tests that run the engine: one text output.
            return ok(map("text", "Sure, what is your order number?", "data", map(), "outputStack", List.of(map("text",
                    "Sure, what is your order number?", "data", map(), "traceId", "endpoint-httpIncomingMessage-1",
                    "disableSensitiveLogging", false, "source", "bot")), "userId", "u", "sessionId", "s"));
        }
        if (!path.startsWith("/new/v2.0/")) return problem(404, "Not Found", "no such route");
        String resource = path.substring("/new/v2.0/".length());
        if (!KEY.equals(request.getHeaders().get("X-API-Key"))) return problem(401, "Unauthorized", "Invalid API key");
        MockResponse override = overrides.get(resource);
        if (override != null) return override;
        String[] parts = resource.split("/");
        return switch (parts[0]) {
            case "projects" -> parts[1].equals(PROJECT) ? ok(project) : problem(400, "Bad Request", "Invalid projectId");
            case "endpoints" -> parts.length == 1 ? page(request, endpoints) : parts[1].equals(endpoint.get("_id")) ? ok(endpoint)
                    : endpoints.stream().filter(listed -> parts[1].equals(listed.get("_id"))).findFirst().map(this::ok)
                    .orElseGet(() -> problem(404, "Not Found", "Endpoint not found"));
            case "flows" -> flow(request, parts);
            case "lexicons" -> parts.length == 3 ? page(request, lexiconSlots.getOrDefault(parts[1], List.of()))
                    : page(request, lexiconSlots.keySet().stream().sorted().map(id -> map("_id", id, "name", id)).toList());
            case "locales" -> page(request, locales);
            case "snapshots" -> parts.length == 2 ? (snapshots.containsKey(parts[1]) ? ok(snapshots.get(parts[1]))
                    : problem(404, "Not Found", "Snapshot not found"))
                    : page(request, snapshotFlows.getOrDefault(parts[1], List.of()));
            case "sessions" -> ok(json.readValue(request.getBody().utf8(), Map.class).get("context"));
            default -> problem(404, "Not Found", "no such route");
        };
    }

    private MockResponse flow(RecordedRequest request, String[] parts) {
        if (parts.length == 1) return page(request, flows);
        String id = parts[1];
        if (parts.length == 2) {
            Map<String, Object> detail = flowDetails.get(id.replace("-14", ""));
            return detail == null ? problem(404, "Not Found", "Flow not found") : ok(detail);
        }
        String flow = id.replace("-14", "");
        return switch (parts[2]) {
            case "settings" -> ok(map("intentThreshold", map("lower", 0.4, "upper", 0.5), "systemSlots",
                    systemSlots.getOrDefault(flow, map())));
            case "intents" -> {
                if (parts.length == 5 && parts[4].equals("sentences")) yield page(request, sentences.getOrDefault(parts[3], List.of()));
                List<Map<String, Object>> all = new ArrayList<>(intents.getOrDefault(flow, List.of()));
                if ("true".equals(request.getUrl().queryParameter("includeChildren"))) {
                    all.addAll(childIntents.getOrDefault(flow, List.of()));
                }
                yield page(request, all);
            }
            case "slotfillers" -> page(request, slotFillers.getOrDefault(flow, List.of()));
            default -> problem(404, "Not Found", "no such route");
        };
    }

    /** One page of {@code items}, from the cursor ({@code c<offset>}) or {@code skip} asked for. */
    private MockResponse page(RecordedRequest request, List<Map<String, Object>> items) {
        String cursor = request.getUrl().queryParameter("next");
        String skip = request.getUrl().queryParameter("skip");
        int offset = cursor != null ? Integer.parseInt(cursor.substring(1)) : skip != null ? Integer.parseInt(skip) : 0;
        int limit = Integer.parseInt(request.getUrl().queryParameter("limit") == null ? "25" : request.getUrl().queryParameter("limit"));
        int end = Math.min(items.size(), offset + Math.min(limit, pageSize));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", offset >= items.size() ? List.of() : items.subList(offset, end));
        page.put("total", items.size() + totalSurplus);
        if (!noCursor) {
            page.put(cursorField, end < items.size() ? "c" + end : null);
            page.put(cursorField.equals("next") ? "previous" : "previousCursor", null);
        }
        return ok(page);
    }

    public MockResponse ok(Object body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(json.writeValueAsString(body)).build();
    }

    /** An RFC 7807 problem, as Cognigy gives its errors. */
    public static MockResponse problem(int status, String title, String detail) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/problem+json")
                .body("{\"type\":\"" + title + "\",\"title\":\"" + title + " Error\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\",\"instance\":\"/v2.0/x\",\"code\":1000,\"traceId\":\"api--f84324f4-98eb-4f02-abdd-375a2e6c3c1f\","
                        + "\"details\":{}}").build();
    }

    /** Requests made to a path below {@code /new/v2.0/}, in order. */
    public List<RecordedRequest> to(String resource) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.getUrl().encodedPath().equals("/new/v2.0/" + resource)).toList();
        }
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
