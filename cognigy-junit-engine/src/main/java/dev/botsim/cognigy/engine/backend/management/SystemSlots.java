package dev.botsim.cognigy.engine.backend.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Cognigy's system-defined slots: the ten names it fills {@code input.slots} with (case-sensitive,
 * as Cognigy names them), and which of them a flow's settings enable.
 */
final class SystemSlots {

    /** Every system slot Cognigy documents. */
    static final List<String> ALL = List.of("AGE", "DATE", "DISTANCE", "DURATION", "EMAIL", "MONEY", "NUMBER", "PERCENTAGE",
            "TEMPERATURE", "URL");

    private SystemSlots() {
    }

    /**
     * The slots {@code systemSlots} of {@code GET flows/{id}/settings} enables. Cognigy's API reference gives an
     * object of switches ({@code {"useDateSlots": true, "useURLSlots": false, ...}}); a list of names
     * ({@code ["NUMBER", "DATE"]}) is read too. Names not among the ten are ignored.
     */
    static List<String> enabled(JsonNode systemSlots) {
        List<String> enabled = new ArrayList<>();
        if (systemSlots.isArray()) {
            systemSlots.forEach(name -> {
                if (name.isString() && ALL.contains(name.stringValue())) enabled.add(name.stringValue());
            });
        } else if (systemSlots.isObject()) {
            for (Map.Entry<String, JsonNode> e : systemSlots.properties()) {
                String key = e.getKey();
                if (!key.startsWith("use") || !key.endsWith("Slots") || !e.getValue().asBoolean(false)) continue;
                String name = key.substring(3, key.length() - 5).toUpperCase(Locale.ROOT);
                if (ALL.contains(name)) enabled.add(name);
            }
        }
        return enabled;
    }
}
