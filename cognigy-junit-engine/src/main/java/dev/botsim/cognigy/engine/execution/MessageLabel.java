package dev.botsim.cognigy.engine.execution;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * How a message reads in test names, reports and failure messages. Most messages are text; a data-only message (a
 * postback, a quick-reply payload) has none, and is shown by its data, {@code data {"action":"GET_STARTED"}}, so no
 * name or report reads "null".
 */
public final class MessageLabel {

    private MessageLabel() {
    }

    /** The text, or {@code data <json>} when there is none. */
    public static String of(String text, Map<String, Object> data) {
        if (text != null) return text;
        return "data " + JsonMapper.shared().writeValueAsString(data == null ? Map.of() : data);
    }
}
