package dev.botsim.cognigy.engine.support;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Plain values written through a mapper's generator as tokens: a request body field by field, a report's maps and
 * lists. Building a tree and serializing it, or handing the value to the mapper, writes the same bytes, but a mapper's
 * first {@code valueToTree} or {@code writeValueAsBytes} sets up its whole serializer machinery: 25-35 ms in a fresh
 * JVM, paid by the run's first message while every other thread of the first wave waits for the same class
 * initialisation. Text, numbers, booleans, null, and lists and maps of them — what data files, annotations and the
 * run's analysis hold — are written as tokens; anything else goes to the mapper as before.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** One JSON object whose fields {@code fields} writes. */
    public static byte[] object(ObjectMapper mapper, Consumer<JsonGenerator> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.writeStartObject();
            fields.accept(generator);
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    /** {@code value} as JSON: what the mapper writes for it. */
    public static void write(JsonGenerator generator, Object value) {
        if (value == null) generator.writeNull();
        else if (value instanceof String text) generator.writeString(text);
        else if (value instanceof Boolean flag) generator.writeBoolean(flag);
        else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) generator.writeNumber(number);
        else if (value instanceof Float number) generator.writeNumber(number);
        else if (value instanceof BigDecimal number) generator.writeNumber(number);
        else if (value instanceof BigInteger number) generator.writeNumber(number);
        else if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            generator.writeStartObject();
            map.forEach((key, item) -> {
                generator.writeName((String) key);
                write(generator, item);
            });
            generator.writeEndObject();
        } else if (value instanceof java.util.Collection<?> items) {
            generator.writeStartArray();
            items.forEach(item -> write(generator, item));
            generator.writeEndArray();
        } else {
            generator.writePOJO(value);
        }
    }
}
