package dev.botsim.cognigy.engine.transport;

import java.util.Map;
import java.util.function.UnaryOperator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks a body's secrets as the client that parses it will read them. Masking the text finds a secret as the server
 * wrote it; a JSON answer may write it escaped ({@code \/} for {@code /}, {@code \u002B} for {@code +}, as PHP's
 * {@code json_encode} or .NET's default encoder do), and the parser then hands the secret to the test — into failure
 * messages, reports and cassettes — decoded and whole. So a JSON body that escapes anything has every string (and
 * field name) masked again as decoded; it is written anew only when that masked something.
 */
final class JsonRedaction {

    /** Made when a body first has an escape, not when the first body is read: most answers have none. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private JsonRedaction() {
    }

    /** {@code text} masked by {@code redaction} as written and, when it is JSON with escapes, as its strings decode. */
    static String apply(String text, UnaryOperator<String> redaction) {
        String masked = redaction.apply(text);
        // Without a backslash every string of a JSON text reads as it decodes: masking the text masked them all.
        if (masked.indexOf('\\') < 0) return masked;
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(masked);
        } catch (JacksonException e) {
            return masked; // not JSON: no client reads it as such
        }
        if (tree == null) return masked;
        JsonNode scrubbed = scrub(tree, redaction);
        return scrubbed == tree ? masked : Json.MAPPER.writeValueAsString(scrubbed);
    }

    /** The node with every string masked; the node itself when nothing in it changed. */
    private static JsonNode scrub(JsonNode node, UnaryOperator<String> redaction) {
        if (node.isString()) {
            String value = node.asString();
            String masked = redaction.apply(value);
            return masked.equals(value) ? node : JsonNodeFactory.instance.stringNode(masked);
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = null;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode scrubbed = scrub(element, redaction);
                if (scrubbed != element && out == null) out = array.deepCopy();
                if (out != null) out.set(i, scrubbed);
            }
            return out == null ? node : out;
        }
        if (node instanceof ObjectNode object) {
            boolean changed = false;
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                String name = redaction.apply(property.getKey());
                JsonNode scrubbed = scrub(property.getValue(), redaction);
                changed |= !name.equals(property.getKey()) || scrubbed != property.getValue();
                out.set(name, scrubbed);
            }
            return changed ? out : node;
        }
        return node;
    }
}
