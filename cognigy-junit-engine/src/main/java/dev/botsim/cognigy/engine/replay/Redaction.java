package dev.botsim.cognigy.engine.replay;

import java.util.List;
import java.util.Map;

/**
 * Replaces what {@code cognigy.replay.redact} names before a request or answer is written or compared: a JSON pointer
 * into the entry ({@code /request/data/email}, {@code /answer/turns/0/slots/EMAIL}), or a slot name ({@code EMAIL}: that
 * key of the request's data, that slot of every turn of the answer, and that key wherever the turns' outputs' data
 * hold it, as the REST Endpoint's Code node reports the slots there).
 */
record Redaction(List<String> targets) {

    static final String REDACTED = "<redacted>";

    Redaction {
        targets = List.copyOf(targets);
    }

    /** The request and answer with every target replaced; the arguments are left as they are. */
    @SuppressWarnings("unchecked")
    Map<String, Object> apply(Map<String, Object> entry) {
        Map<String, Object> out = (Map<String, Object>) JsonValues.copy(entry);
        for (String target : targets) {
            if (target.startsWith("/")) {
                pointer(out, target);
            } else {
                slot(out, target);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void pointer(Object root, String pointer) {
        String[] tokens = pointer.substring(1).split("/", -1);
        Object at = root;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].replace("~1", "/").replace("~0", "~");
            boolean last = i == tokens.length - 1;
            if (at instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (!map.containsKey(token)) return;
                if (last) map.put(token, REDACTED); else at = map.get(token);
            } else if (at instanceof List<?> l && token.matches("\\d{1,9}") && Integer.parseInt(token) < l.size()) {
                List<Object> list = (List<Object>) l;
                if (last) list.set(Integer.parseInt(token), REDACTED); else at = list.get(Integer.parseInt(token));
            } else {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void slot(Map<String, Object> entry, String name) {
        if (entry.get("request") instanceof Map<?, ?> request && request.get("data") instanceof Map<?, ?> data
                && data.containsKey(name)) {
            ((Map<String, Object>) data).put(name, REDACTED);
        }
        if (entry.get("answer") instanceof Map<?, ?> answer && answer.get("turns") instanceof List<?> turns) {
            for (Object turn : turns) {
                if (turn instanceof Map<?, ?> t && t.get("slots") instanceof Map<?, ?> slots && slots.containsKey(name)) {
                    ((Map<String, Object>) slots).put(name, REDACTED);
                }
                // The outputs' data hold the slots again where the REST Endpoint's Code node reports them (its
                // cognigy.endpoint.data.slots pointer, /slots by default, or wherever a flow copies them).
                if (turn instanceof Map<?, ?> t && t.get("outputs") instanceof List<?> outputs) everywhere(outputs, name);
            }
        }
    }

    /** Replaces the value of every key {@code name} at any depth of {@code value}. */
    @SuppressWarnings("unchecked")
    private static void everywhere(Object value, String name) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.containsKey(name)) map.put(name, REDACTED);
            map.values().forEach(v -> everywhere(v, name));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> everywhere(v, name));
        }
    }
}
