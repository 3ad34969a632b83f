package dev.botsim.cognigy.engine.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import tools.jackson.core.JsonPointer;

/**
 * Replaces what {@code cognigy.replay.redact} names before a request or answer is written or compared: a JSON pointer
 * into the entry ({@code /request/data/email}, {@code /answer/turns/0/slots/EMAIL}), or a slot name ({@code EMAIL}: that
 * key of the request's data, that slot of every turn of the answer, and that key wherever the turns' outputs' data
 * hold it, as the REST Endpoint's Code node reports the slots there).
 *
 * <p>A value of the answer becomes {@code <redacted>}. A value of the request becomes {@code <redacted sha256:…>}, a
 * digest of it: the request is what tells a test's recording from the test as it is now, and a request whose redacted
 * text changed must not be answered with the recording of the old one. The digest shows no value; it confirms a guessed
 * one, and a request's values are those of the test's own source (a data file, an annotation), committed beside it.
 *
 * <p>Approval files follow the same list ({@link #applyDigested}), every value there a digest, since an approval compares
 * the bot's answer too. In {@code support}, outside the layers: record and replay writes cassettes by it, approvals
 * their files.
 */
public record Redaction(List<String> targets) {

    public static final String REDACTED = "<redacted>";

    /**
     * Set apart from any other use of SHA-256 on the same text. It says "request" since cassettes digested requests only;
     * approval files digest answers by it too, and a change would make every digest recorded before differ.
     */
    private static final String DIGESTED_AS = "cognigy-junit redacted request value\n";

    private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("<redacted sha256:[0-9a-f]{16}>");

    public Redaction {
        targets = List.copyOf(targets);
    }

    /**
     * The request and answer with every target replaced; the arguments are left as they are. A value two targets name (a
     * slot name and a pointer at the same field) is digested once: a digest of its digest would differ from the recording
     * made while one target named it, and from the digest every report writes for the value.
     */
    public Map<String, Object> apply(Map<String, Object> entry) {
        return apply(entry, value -> REDACTED, value -> isDigest(value) ? value : digested(value));
    }

    /**
     * The same for an entry as a cassette holds it, recorded perhaps before a target named one of its values: what
     * {@link #apply} writes of the value now, so the entry reads as a recording made now would and its request compares
     * equal to the test's redacted the same way. A request's value an earlier version wrote as {@code <redacted>} alone
     * stays so: its value is gone, and a digest of the placeholder would pass for one of a value.
     */
    public Map<String, Object> applyRecorded(Map<String, Object> entry) {
        return apply(entry, value -> REDACTED, value -> isDigest(value) || REDACTED.equals(value) ? value : digested(value));
    }

    /**
     * The same with the answer's targets digested too, as the request's are, and a value that is a digest already kept:
     * what an approval file holds, which compares the bot's answer by it and reads its own digests back.
     */
    public Map<String, Object> applyDigested(Map<String, Object> entry) {
        UnaryOperator<Object> digested = value -> isDigest(value) ? value : digested(value);
        return apply(entry, digested, digested);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apply(Map<String, Object> entry, UnaryOperator<Object> answered, UnaryOperator<Object> requested) {
        Map<String, Object> out = (Map<String, Object>) copy(entry);
        for (String target : targets) {
            if (target.startsWith("/")) {
                pointer(out, target, target.equals("/request") || target.startsWith("/request/") ? requested : answered);
                withoutOutputTexts(out, tokens(target));
            } else {
                slot(out, target, answered, requested);
            }
        }
        return out;
    }

    /**
     * The values the targets name in {@code entry}, each as a text a report may hold it in and its digest (as
     * {@link #applyDigested} writes it), in the order the entry holds them: {@code ann@example.com} for a slot
     * {@code email}. A named map or list gives each value in it (a slot's parts, every key of {@code /request/data}), each
     * with its own digest, since a report writes them one by one ({@code entities={date={start=…}}}); {@code null}, an
     * empty text and a value that is a digest already give none. The entry is left as it is.
     */
    public Map<String, String> named(Map<String, Object> entry) {
        Map<String, String> named = new LinkedHashMap<>();
        // Nothing to name: no copy of the entry to walk, on every message of a run that redacts nothing.
        if (targets.isEmpty()) return named;
        differing(entry, applyDigested(entry), named);
        return named;
    }

    /**
     * Collects into {@code named} every value of {@code clear} that {@code redacted} holds as a digest, or leaves out: a
     * turn's outputs' texts, left out with its text ({@link #withoutOutputTexts}), say its text's parts.
     */
    private static void differing(Object clear, Object redacted, Map<String, String> named) {
        if (isDigest(redacted) && !isDigest(clear)) {
            values(clear, named);
        } else if (clear instanceof Map<?, ?> c && redacted instanceof Map<?, ?> r) {
            c.forEach((key, value) -> {
                if (r.containsKey(key)) differing(value, r.get(key), named);
                else values(value, named);
            });
        } else if (clear instanceof List<?> c && redacted instanceof List<?> r && c.size() == r.size()) {
            for (int i = 0; i < c.size(); i++) differing(c.get(i), r.get(i), named);
        }
    }

    /** Every value in {@code value} (itself, when it is no map or list) with its digest. */
    private static void values(Object value, Map<String, String> named) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> values(v, named));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> values(v, named));
        } else if (value != null && !isDigest(value)) {
            String text = String.valueOf(value);
            if (!text.isEmpty()) named.putIfAbsent(text, digested(value));
        }
    }

    /**
     * {@code <redacted sha256:…>}: the first 16 hex digits of the value's SHA-256 (a map or list as its keys sorted),
     * enough to tell two messages of one test apart.
     */
    public static String digested(Object value) {
        String text = value instanceof String s ? s : String.valueOf(SortedJson.sortedValue(value));
        return "<redacted sha256:" + Sha256.hex((DIGESTED_AS + text).getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ">";
    }

    /** Whether {@code value} is a digest {@link #digested} wrote. */
    public static boolean isDigest(Object value) {
        return value instanceof String text && DIGEST.matcher(text).matches();
    }

    /** The tokens of a JSON pointer ({@code /answer/turns/0/slots/a~1b}: answer, turns, 0, slots, a/b), as Jackson reads it. */
    public static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        for (JsonPointer at = JsonPointer.compile(pointer); !at.matches(); at = at.tail()) tokens.add(at.getMatchingProperty());
        return tokens;
    }

    /** The JSON pointer of {@code tokens}, each escaped by Jackson ({@link #tokens} reads it back). */
    public static String pointer(List<String> tokens) {
        JsonPointer pointer = JsonPointer.empty();
        for (String token : tokens) pointer = pointer.appendProperty(token);
        return pointer.toString();
    }

    /**
     * A turn's text named ({@code /answer/turns/0/text}) takes its outputs' texts ({@code output_texts}) with it: they
     * say the same, line by line. Left out, they are the redacted text's lines again when the entry is read.
     */
    @SuppressWarnings("unchecked")
    private static void withoutOutputTexts(Map<String, Object> entry, List<String> tokens) {
        if (tokens.size() != 4 || !tokens.get(0).equals("answer") || !tokens.get(1).equals("turns") || !tokens.get(3).equals("text")) {
            return;
        }
        if (entry.get("answer") instanceof Map<?, ?> answer && answer.get("turns") instanceof List<?> turns
                && tokens.get(2).matches("\\d{1,9}") && Integer.parseInt(tokens.get(2)) < turns.size()
                && turns.get(Integer.parseInt(tokens.get(2))) instanceof Map<?, ?> turn) {
            ((Map<String, Object>) turn).remove("output_texts");
        }
    }

    /** Whether a recorded request holds a redacted value without its digest: recorded before requests kept one. */
    public static boolean withoutDigest(Object value) {
        if (value instanceof Map<?, ?> map) return map.values().stream().anyMatch(Redaction::withoutDigest);
        if (value instanceof List<?> list) return list.stream().anyMatch(Redaction::withoutDigest);
        return REDACTED.equals(value);
    }

    @SuppressWarnings("unchecked")
    private static void pointer(Object root, String pointer, UnaryOperator<Object> redacted) {
        List<String> tokens = tokens(pointer);
        Object at = root;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            if (at instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (!map.containsKey(token)) return;
                if (last) map.put(token, redacted.apply(map.get(token))); else at = map.get(token);
            } else if (at instanceof List<?> l && token.matches("\\d{1,9}") && Integer.parseInt(token) < l.size()) {
                List<Object> list = (List<Object>) l;
                int index = Integer.parseInt(token);
                if (last) list.set(index, redacted.apply(list.get(index))); else at = list.get(index);
            } else {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void slot(Map<String, Object> entry, String name, UnaryOperator<Object> answered,
                             UnaryOperator<Object> requested) {
        if (entry.get("request") instanceof Map<?, ?> request && request.get("data") instanceof Map<?, ?> data
                && data.containsKey(name)) {
            ((Map<String, Object>) data).put(name, requested.apply(data.get(name)));
        }
        if (entry.get("answer") instanceof Map<?, ?> answer && answer.get("turns") instanceof List<?> turns) {
            for (Object turn : turns) {
                if (turn instanceof Map<?, ?> t && t.get("slots") instanceof Map<?, ?> slots && slots.containsKey(name)) {
                    ((Map<String, Object>) slots).put(name, answered.apply(slots.get(name)));
                }
                // The outputs' data hold the slots again where the REST Endpoint's Code node reports them (its
                // cognigy.endpoint.data.slots pointer, /slots by default, or wherever a flow copies them).
                if (turn instanceof Map<?, ?> t && t.get("outputs") instanceof List<?> outputs) everywhere(outputs, name, answered);
            }
        }
    }

    /** Replaces the value of every key {@code name} at any depth of {@code value}. */
    @SuppressWarnings("unchecked")
    private static void everywhere(Object value, String name, UnaryOperator<Object> redacted) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.containsKey(name)) map.put(name, redacted.apply(map.get(name)));
            map.values().forEach(v -> everywhere(v, name, redacted));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> everywhere(v, name, redacted));
        }
    }

    /** A deep, mutable copy, so redaction can change it. */
    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object one : l) out.add(copy(one));
            return out;
        }
        return value;
    }
}
