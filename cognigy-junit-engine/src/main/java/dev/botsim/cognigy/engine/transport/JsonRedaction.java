package dev.botsim.cognigy.engine.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
public final class JsonRedaction {

    /**
     * Made when a body first has an escape, not when the first body is read: most answers have none. The run's HTTP trace
     * ({@link TracedExchanges}) reads bodies by it too.
     */
    static final class Json {
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
            // A byte order mark, which a parser reading the body's bytes skips, is no part of the JSON text.
            tree = Json.MAPPER.readTree(masked.startsWith("\uFEFF") ? masked.substring(1) : masked);
        } catch (JacksonException e) {
            return masked; // not JSON: no client reads it as such
        }
        if (tree == null) return masked;
        JsonNode scrubbed = scrub(tree, redaction);
        return scrubbed == tree ? masked : Json.MAPPER.writeValueAsString(scrubbed);
    }

    /**
     * {@code tree} with every string (and field name) masked by {@code redaction}; {@code tree} itself when nothing in it
     * changed. For a JSON text a client parses out of an answer's string, after the answer was masked: a REST Endpoint's
     * {@code data} sent as a JSON text ({@code "{\"flowName\":\"ut\\u002d…\"}"}) writes its escapes twice, and only
     * the second parse decodes them.
     */
    public static JsonNode masked(JsonNode tree, UnaryOperator<String> redaction) {
        return scrub(tree, redaction);
    }

    /**
     * The encoding Jackson reads a JSON body's bytes in (RFC 4627's detection, as its byte parser does it): UTF-32 or
     * UTF-16 when a byte order mark or the zero bytes of the first characters say so, else UTF-8.
     */
    static Charset encodingOf(byte[] bytes) {
        if (bytes.length >= 4) {
            int quad = (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
            if (quad == 0x0000FEFF || quad >>> 8 == 0) return Charset.forName("UTF-32BE");
            if (quad == 0xFFFE0000 || (quad & 0x00FFFFFF) == 0) return Charset.forName("UTF-32LE");
        }
        if (bytes.length >= 2) {
            int pair = (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
            if (pair == 0xFEFF || (pair & 0xFF00) == 0) return StandardCharsets.UTF_16BE;
            if (pair == 0xFFFE || (pair & 0x00FF) == 0) return StandardCharsets.UTF_16LE;
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * {@code array} with {@code scrub} applied to each element, copied only once an element changes: the array itself when
     * none did, so an answer with nothing to mask is written as it came.
     */
    static JsonNode scrubElements(ArrayNode array, UnaryOperator<JsonNode> scrub) {
        ArrayNode out = null;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            JsonNode scrubbed = scrub.apply(element);
            if (scrubbed != element && out == null) out = array.deepCopy();
            if (out != null) out.set(i, scrubbed);
        }
        return out == null ? array : out;
    }

    /** Whether {@code bytes} are well-formed text in {@code charset}. */
    static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The node with every string masked; the node itself when nothing in it changed. */
    private static JsonNode scrub(JsonNode node, UnaryOperator<String> redaction) {
        if (node.isString()) {
            String value = node.asString();
            String masked = redaction.apply(value);
            return masked.equals(value) ? node : JsonNodeFactory.instance.stringNode(masked);
        }
        if (node instanceof ArrayNode array) return scrubElements(array, element -> scrub(element, redaction));
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
