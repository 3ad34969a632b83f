package dev.botsim.cognigy.engine.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.Redaction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code cognigy.replay.redact} names in an approved answer, by the rule cassettes follow ({@link Redaction}), so
 * that personal data a user keeps out of cassettes stays out of approval files too. Every value it names is written as
 * its digest ({@code <redacted sha256:…>}), the bot's answer and the approved one alike, so the two still compare: the
 * same value passes, a changed one fails, and neither is shown.
 *
 * <p>The approved answer is seen as a cassette entry of one turn: its {@code said} is the request's text, or, for a
 * data-only message ({@code data {...}}), its data; its {@code intent}, {@code next_flow}, {@code text} and
 * {@code entities} are that turn's {@code intent}, {@code flow}, {@code text} and {@code slots}. The fields join every
 * turn of the answer, so a pointer at any turn ({@code /answer/turns/2/text}) names the whole field; a pointer at a whole
 * turn, the turns or the answer names every field; {@code /request} names what the test said. Parts an approval file
 * does not hold (a request's platform, locale and injected context, a turn's score, buttons and outputs) are not in it
 * to redact. Entities stay a mapping of slot names: a pointer at all the slots names each slot's value.
 */
record ApprovalRedaction(List<String> targets) {

    static final ApprovalRedaction NONE = new ApprovalRedaction(List.of());

    /** Each approved field and the part of a cassette's turn it is made of. */
    private static final Map<String, String> PARTS = parts();

    /** A data-only message's {@code said}: {@code data} and its data as JSON, as names and reports show it. */
    private static final String DATA = "data ";

    ApprovalRedaction {
        targets = List.copyOf(targets);
    }

    private static Map<String, String> parts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("intent", "intent");
        parts.put("next_flow", "flow");
        parts.put("text", "text");
        parts.put("entities", "slots");
        return parts;
    }

    /** The answer with every value the targets name as its digest; the answer itself when they name none. */
    @SuppressWarnings("unchecked")
    ApprovedAnswer apply(ApprovedAnswer answer) {
        if (targets.isEmpty()) return answer;
        Optional<Map<String, Object>> data = dataOf(answer.said());
        Map<String, Object> request = new LinkedHashMap<>();
        if (data.isPresent()) request.put("data", data.get());
        else if (answer.said() != null) request.put("text", ComposedText.of(answer.said()));
        Map<String, Object> turn = new LinkedHashMap<>();
        PARTS.forEach((field, part) -> {
            if (answer.fields().get(field) != null) turn.put(part, answer.fields().get(field));
        });
        Map<String, Object> entry = Map.of("request", request, "answer", Map.of("turns", List.of(turn)));

        Map<String, Object> out = new Redaction(mapped(turn)).applyDigested(entry);

        Map<String, Object> kept = (Map<String, Object>) out.get("request");
        Map<String, Object> keptTurn = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) out.get("answer"))
                .get("turns")).get(0);
        Map<String, Object> fields = new LinkedHashMap<>(answer.fields());
        PARTS.forEach((field, part) -> {
            if (keptTurn.containsKey(part)) fields.put(field, keptTurn.get(part));
        });
        return new ApprovedAnswer(said(answer.said(), request, kept), fields);
    }

    /** What the test said as its approval file holds it: {@code said} itself when no target names it. */
    String said(String said) {
        return said == null ? null : apply(new ApprovedAnswer(said, Map.of())).said();
    }

    /** The targets as they apply to an answer of one turn whose slots are {@code turn}'s. */
    private List<String> mapped(Map<String, Object> turn) {
        List<String> mapped = new ArrayList<>();
        for (String target : targets) {
            if (!target.startsWith("/")) {
                mapped.add(target);
                continue;
            }
            List<String> tokens = Redaction.tokens(target);
            if (tokens.equals(List.of("request"))) {
                mapped.add("/request/text");
                mapped.add("/request/data");
            } else if (tokens.get(0).equals("request")) {
                mapped.add(target);
            } else if (tokens.get(0).equals("answer")) {
                answerPointer(tokens, turn, mapped);
            }
        }
        return mapped;
    }

    /** {@code /answer/turns/<n>/<part>…} as {@code /answer/turns/0/<part>…}; the answer, its turns or a turn as every part. */
    private static void answerPointer(List<String> tokens, Map<String, Object> turn, List<String> mapped) {
        boolean turns = tokens.size() >= 2 && tokens.get(1).equals("turns");
        if (tokens.size() >= 2 && !turns) return; // the answer's status or failure: no approval holds them
        if (tokens.size() >= 3 && !tokens.get(2).matches("\\d{1,9}")) return;
        List<String> rest = tokens.size() > 3 ? tokens.subList(3, tokens.size()) : List.of();
        if (rest.isEmpty()) {
            for (String part : PARTS.values()) {
                if (!part.equals("slots")) mapped.add(Redaction.pointer(List.of("answer", "turns", "0", part)));
            }
        }
        if (rest.isEmpty() || rest.equals(List.of("slots"))) {
            // Each slot's value: the entities stay a mapping by name, which a review reads and the file's reader expects.
            if (turn.get("slots") instanceof Map<?, ?> slots) {
                slots.keySet().forEach(name -> mapped.add(Redaction.pointer(List.of("answer", "turns", "0", "slots",
                        String.valueOf(name)))));
            }
            return;
        }
        List<String> one = new ArrayList<>(List.of("answer", "turns", "0"));
        one.addAll(rest);
        mapped.add(Redaction.pointer(one));
    }

    /** {@code said} after redaction: as it was when nothing of it was named, its text's digest, or its data's. */
    private static String said(String said, Map<String, Object> request, Map<String, Object> kept) {
        if (Objects.equals(request, kept)) return said;
        if (kept.containsKey("text")) return (String) kept.get("text");
        Object data = kept.get("data");
        return DATA + (data instanceof String digest ? digest : JsonMapper.shared().writeValueAsString(data));
    }

    /**
     * The data of a data-only message's {@code said} ({@code data {"email":"ann@example.com"}}), which a slot name or a
     * {@code /request/data} pointer names as it names a cassette's request data; empty for a text.
     */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> dataOf(String said) {
        if (said == null || !said.startsWith(DATA + "{")) return Optional.empty();
        try {
            return Optional.of(JsonMapper.shared().readValue(said.substring(DATA.length()), Map.class));
        } catch (JacksonException e) {
            return Optional.empty(); // a text that only begins like data
        }
    }
}
