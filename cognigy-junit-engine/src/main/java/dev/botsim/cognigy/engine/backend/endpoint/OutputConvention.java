package dev.botsim.cognigy.engine.backend.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.botsim.cognigy.engine.config.BackendSettings;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Where in an output's {@code data} a flow reports what the REST Endpoint itself does not return:
 * intent, score, flow, slots and errors. The defaults follow the Code node users add to their flow:
 * <pre>{@code api.output(null, {intent: input.intent, intentScore: input.intentScore,
 *     intentFlow: input.intentFlow, flowName: input.flowName, slots: input.slots, state: input.state});}</pre>
 */
public record OutputConvention(JsonPointer intent, JsonPointer intentScore, JsonPointer flow, JsonPointer slots,
                               JsonPointer errorCode, JsonPointer errorMessage) {

    static final OutputConvention CODE_NODE = of(BackendSettings.EndpointData.defaults());

    /** The convention the configuration names ({@code cognigy.endpoint.data.*}). */
    public static OutputConvention of(BackendSettings.EndpointData data) {
        return new OutputConvention(JsonPointer.compile(data.intent()), JsonPointer.compile(data.intentScore()),
                JsonPointer.compile(data.flow()), JsonPointer.compile(data.slots()), JsonPointer.compile(data.errorCode()),
                JsonPointer.compile(data.errorMessage()));
    }

    /** The snippet shown to users whose flow reports none of it. */
    static final String SNIPPET = """
            Add a Code node at the end of each flow (or of a flow they all pass through) with:
                api.output(null, {
                    intent: input.intent, intentScore: input.intentScore, intentFlow: input.intentFlow,
                    flowName: input.flowName, slots: input.slots, state: input.state
                });
            cognigy-junit reads intent, score, flow and slots from that output's data.""";

    /** Whether this output's data carries any of the convention's fields. */
    boolean reports(JsonNode data) {
        return present(data, intent) || present(data, flow) || present(data, errorCode);
    }

    String intent(JsonNode data) {
        return text(data, intent);
    }

    double intentScore(JsonNode data) {
        JsonNode node = data.at(intentScore);
        return node.isNumber() ? node.doubleValue() : Double.NaN;
    }

    String flow(JsonNode data) {
        return text(data, flow);
    }

    String errorCode(JsonNode data) {
        return text(data, errorCode);
    }

    String errorMessage(JsonNode data) {
        return text(data, errorMessage);
    }

    /**
     * Slots as entity values. Cognigy gives a slot as a list of matches, each an object with a
     * {@code value} (lexicon slots) — the first match's value is the entity's value; scalars are
     * taken as they are.
     */
    Map<String, Object> entities(JsonNode data) {
        Map<String, Object> entities = new LinkedHashMap<>();
        JsonNode all = data.at(slots);
        if (!all.isObject()) return entities;
        for (Map.Entry<String, JsonNode> slot : all.properties()) {
            JsonNode value = slot.getValue();
            if (value.isArray()) value = value.isEmpty() ? null : value.get(0);
            if (value != null && value.isObject()) {
                value = value.has("value") ? value.get("value") : value.get("keyphrase");
            }
            if (value != null && !value.isNull() && value.isValueNode()) entities.put(slot.getKey(), value.asString());
        }
        return entities;
    }

    private static boolean present(JsonNode data, JsonPointer pointer) {
        JsonNode node = data.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    private static String text(JsonNode data, JsonPointer pointer) {
        JsonNode node = data.at(pointer);
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }
}
