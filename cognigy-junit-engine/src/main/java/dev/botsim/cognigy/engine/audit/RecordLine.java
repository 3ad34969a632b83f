package dev.botsim.cognigy.engine.audit;

import java.io.StringWriter;

import dev.botsim.cognigy.engine.support.InteroperableJsonGenerator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's record, or one of its members, as one line of JSON any reader takes: half an emoji from the bot as U+FFFD,
 * where Java's UTF-8 would write {@code ?} — another text, hashed as such — and an infinite figure as {@code null}, not
 * the text {@code "Infinity"}. The line is made once; its UTF-8 bytes are both hashed and written. A class of its own,
 * loaded only when a run appends: the engine's jar runs {@code verify-audit} and {@code rotate-audit} without the JSON
 * library beside it.
 */
final class RecordLine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordLine() {
    }

    static String of(Object record) {
        StringWriter line = new StringWriter();
        try (JsonGenerator out = new InteroperableJsonGenerator(JSON.createGenerator(line))) {
            JSON.writeValue(out, record);
        }
        return line.toString();
    }
}
