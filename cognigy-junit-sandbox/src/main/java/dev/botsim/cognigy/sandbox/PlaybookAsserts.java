package dev.botsim.cognigy.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Cognigy's Playbook assertions, evaluated as its documentation describes them: case-sensitive,
 * except {@code assertText} with {@code fuzzy}; {@code partial} data matches when every given key has
 * the given value (recursively), checked against the user input's data when the bot's outputs carry none;
 * {@code negate} inverts the result. {@code actual} is what the step observed for that assertion's type.
 */
final class PlaybookAsserts {

    /**
     * What one step of a run observed: the bot's outputs (their texts, and the data of those that carry any), what its
     * NLU and state held after the message, and the step's own {@code input.data}.
     */
    record Observed(List<String> texts, List<JsonNode> data, String intent, List<String> slots, String state, JsonNode context,
                    JsonNode input) {
    }

    /** An evaluated assertion: passed (after {@code negate}) and the observation it compared. */
    record Result(boolean passed, JsonNode actual) {
    }

    private PlaybookAsserts() {
    }

    /** Why an assertion of this type with these params is refused, or null when it is valid. */
    static String invalid(String type, JsonNode params) {
        if (!Playbooks.ASSERT_TYPES.contains(type)) {
            return "type must be one of assertText, assertData, assertState, assertContext, assertIntent, assertSlot, not '" + type + "'";
        }
        if (!params.isObject()) return "params must be an object";
        String required = switch (type) {
            case "assertText" -> params.path("text").isString() ? null : "text";
            case "assertData", "assertContext" -> params.path("data").isObject() ? null : "data";
            case "assertState" -> params.path("state").isString() ? null : "state";
            case "assertIntent" -> params.path("intent").isString() ? null : "intent";
            default -> params.path("slot").isString() ? null : "slot";
        };
        if (required != null) return type + " needs params." + required;
        for (String flag : List.of("negate", "fuzzy", "partial")) {
            if (params.has(flag) && !params.get(flag).isBoolean()) return "params." + flag + " must be true or false";
        }
        return null;
    }

    static boolean negate(JsonNode params) {
        return params.path("negate").asBoolean(false);
    }

    static Result evaluate(String type, JsonNode params, Observed seen, ObjectMapper json) {
        boolean holds;
        JsonNode actual;
        switch (type) {
            case "assertText" -> {
                String expected = params.path("text").stringValue();
                boolean fuzzy = params.path("fuzzy").asBoolean(false);
                holds = seen.texts().stream().anyMatch(text -> fuzzy
                        ? text.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT))
                        : text.equals(expected));
                ArrayNode texts = json.createArrayNode();
                seen.texts().forEach(texts::add);
                actual = texts;
            }
            case "assertData" -> {
                boolean partial = params.path("partial").asBoolean(false);
                // "If the AI Agent's response doesn't include any data fields, the Assertion checks data fields in the
                // user input": a step whose outputs carry no data is checked against its own data.
                List<JsonNode> checked = seen.data().isEmpty() ? List.of(seen.input()) : seen.data();
                holds = checked.stream().anyMatch(data -> matches(params.path("data"), data, partial));
                actual = json.valueToTree(checked);
            }
            case "assertContext" -> {
                holds = matches(params.path("data"), seen.context(), params.path("partial").asBoolean(false));
                actual = seen.context();
            }
            case "assertState" -> {
                holds = params.path("state").stringValue().equals(seen.state());
                actual = json.getNodeFactory().stringNode(seen.state());
            }
            case "assertIntent" -> {
                holds = params.path("intent").stringValue().equals(seen.intent());
                actual = seen.intent() == null ? json.getNodeFactory().nullNode() : json.getNodeFactory().stringNode(seen.intent());
            }
            default -> {
                holds = seen.slots().contains(params.path("slot").stringValue());
                actual = json.valueToTree(seen.slots());
            }
        }
        return new Result(holds != negate(params), actual);
    }

    /** {@code expected} equals {@code actual}, or with {@code partial} every key of it has its value in {@code actual}. */
    private static boolean matches(JsonNode expected, JsonNode actual, boolean partial) {
        if (!partial) return expected.equals(actual);
        if (expected.isObject()) {
            if (!actual.isObject()) return false;
            for (Map.Entry<String, JsonNode> entry : expected.properties()) {
                if (!actual.has(entry.getKey()) || !matches(entry.getValue(), actual.get(entry.getKey()), true)) return false;
            }
            return true;
        }
        return expected.equals(actual);
    }
}
