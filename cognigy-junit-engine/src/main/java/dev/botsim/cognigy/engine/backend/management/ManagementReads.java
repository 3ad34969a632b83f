package dev.botsim.cognigy.engine.backend.management;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * The management API's answers to the reads the bot's schema made, for a reader that comes after it in the same run
 * (the NLU backend's preflight) to take instead of asking again: the flow list, a flow, its settings, its intents. A
 * read is taken only when it is the same request, path and query alike: the intents the schema lists in the
 * endpoint's locale ({@code preferredLocaleId}) are not the list asked without one. Every other read goes to the API,
 * and its answer is kept too. The schema itself always asks the API and keeps the answer, so reading it anew reads anew.
 */
public final class ManagementReads {

    private final ManagementClient api;
    private final Map<String, JsonNode> resources = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> lists = new ConcurrentHashMap<>();

    ManagementReads(ManagementClient api) {
        this.api = api;
    }

    /** Nothing read yet: every read goes to {@code api}. */
    public static ManagementReads of(ManagementClient api) {
        return new ManagementReads(api);
    }

    /** {@code GET resource}: the answer kept for the same request, else the API's. */
    public JsonNode get(String resource, List<String> query) {
        JsonNode kept = resources.get(key(resource, query));
        return kept != null ? kept : record(resource, query);
    }

    /** Every item of a list resource: the items kept for the same request, else the API's. */
    public List<JsonNode> list(String resource, List<String> query) {
        List<JsonNode> kept = lists.get(key(resource, query));
        return kept != null ? kept : recordList(resource, query);
    }

    /** The schema's own reads: always the API's answer, kept for those after it. */
    JsonNode record(String resource, List<String> query) {
        JsonNode answer = api.get(resource, query);
        resources.put(key(resource, query), answer);
        return answer;
    }

    List<JsonNode> recordList(String resource, List<String> query) {
        List<JsonNode> items = List.copyOf(api.list(resource, query));
        lists.put(key(resource, query), items);
        return items;
    }

    private static String key(String resource, List<String> query) {
        return resource + "?" + String.join("&", query);
    }
}
