package dev.botsim.cognigy.engine.backend.management;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * When each flow of a project was last changed, by flow name: the live project's version, which no id names (a
 * snapshot's id is its own version). What {@code cognigy.replay=auto} compares to tell an edit inside a flow.
 */
public final class LiveProjectFlows {

    private LiveProjectFlows() {
    }

    /** One read of the project's flow list ({@code GET /new/v2.0/flows?projectId=…}, every page). */
    public static SortedMap<String, String> lastChanged(ManagementClient api, String projectId) {
        SortedMap<String, String> changed = new TreeMap<>();
        for (JsonNode flow : api.list("flows", List.of("projectId", projectId))) {
            String time = changed(flow.path("lastChanged"));
            if (time != null) changed.put(flow.path("name").asString(), time);
        }
        return changed;
    }

    /**
     * A list item's {@code lastChanged}: Cognigy gives its resources' times as milliseconds since the epoch, shown
     * here as an ISO instant; text is kept as given; {@code null} when absent.
     */
    static String changed(JsonNode lastChanged) {
        if (lastChanged.isIntegralNumber()) return Instant.ofEpochMilli(lastChanged.longValue()).toString();
        if (lastChanged.isString() && !lastChanged.stringValue().isBlank()) return lastChanged.stringValue().trim();
        return null;
    }
}
