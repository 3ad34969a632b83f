package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.engine.support.Secret;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cassette edited by hand, damaged or hostile: whatever a value holds in place of another (a number for a text, a
 * list for an object, nothing), wherever the file is cut short, whatever Unicode it holds, reading it, replaying its
 * entries, recording into it and listing it never throw; each fault is a problem naming the file, line, column and fix.
 */
class HostileCassetteTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "endpoint"));

    static Map<String, Object> rich() {
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("index", 0); turn.put("flow", "Main"); turn.put("flow_reference_id", "r"); turn.put("intent", "i");
        turn.put("score", 0.9); turn.put("slots", new LinkedHashMap<>(Map.of("EMAIL", "a@b.c", "n", 3)));
        turn.put("text", "hello"); turn.put("output_texts", new ArrayList<>(List.of("hello")));
        turn.put("error_code", "e"); turn.put("error_message", "m");
        turn.put("quick_replies", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("title", "t", "payload", "p")))));
        turn.put("buttons", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("title", "t", "payload", "p", "type", "postback")))));
        turn.put("card_buttons", new ArrayList<>());
        turn.put("outputs", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("data", new LinkedHashMap<>(Map.of("x", 1)))))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "completed"); answer.put("failure", "f"); answer.put("turns", new ArrayList<>(List.of(turn)));
        answer.put("flow_caveat", "c");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("text", "hi"); request.put("data", new LinkedHashMap<>(Map.of("EMAIL", "a@b.c"))); request.put("platform", "web");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("test", "[file:orders.sim.yaml]/[case:test_a]"); entry.put("turn", 1); entry.put("request", request);
        entry.put("answer", answer);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cassette", 1); root.put("recorded_against", new LinkedHashMap<>(Map.of("backend", "endpoint")));
        root.put("exchanges", new ArrayList<>(List.of(entry)));
        return root;
    }

    static Map<String, Object> unanswered() {
        Map<String, Object> root = rich();
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) ((List<Object>) root.get("exchanges")).get(0);
        entry.put("answer", new LinkedHashMap<>(Map.of("unanswered", new LinkedHashMap<>(Map.of("kind", "timeout", "message", "m")))));
        return root;
    }

    /** Every path to a value in the tree. */
    static void paths(Object node, List<Object> at, List<List<Object>> out) {
        out.add(new ArrayList<>(at));
        if (node instanceof Map<?, ?> m) for (Object k : m.keySet()) { at.add(k); paths(m.get(k), at, out); at.remove(at.size() - 1); }
        if (node instanceof List<?> l) for (int i = 0; i < l.size(); i++) { at.add(i); paths(l.get(i), at, out); at.remove(at.size() - 1); }
    }

    @SuppressWarnings("unchecked")
    static Object deepCopy(Object o) { return JSON.readValue(JSON.writeValueAsString(o), Object.class); }

    @SuppressWarnings("unchecked")
    static void set(Object root, List<Object> path, Object value) {
        Object at = root;
        for (int i = 0; i < path.size() - 1; i++) at = at instanceof Map<?, ?> m ? m.get(path.get(i)) : ((List<?>) at).get((Integer) path.get(i));
        Object last = path.get(path.size() - 1);
        if (at instanceof Map<?, ?> m) ((Map<Object, Object>) m).put(last, value); else ((List<Object>) at).set((Integer) last, value);
    }

    @Test
    @DisplayName("every value of an entry replaced by one of another type is a positioned problem or read, never a throw")
    void everyWrongTypeIsAProblemNotAThrow(@TempDir Path dir) throws Exception {
        int cases = 0;
        for (Map<String, Object> base : List.of(rich(), unanswered())) {
            List<List<Object>> paths = new ArrayList<>();
            paths(base, new ArrayList<>(), paths);
            for (List<Object> path : paths) {
                if (path.isEmpty()) continue;
                for (Object bad : java.util.Arrays.asList(null, 1, 1.5, -1, "x", "", true, List.of(), Map.of(), java.util.Arrays.asList((Object) null),
                        99999999999L, Map.of("k", List.of(Map.of())))) {
                    Object copy = deepCopy(base);
                    set(copy, path, bad);
                    Path file = dir.resolve("c.cassette.json");
                    Files.writeString(file, JSON.writeValueAsString(copy));
                    cases++;
                    String where = path + " = " + bad;
                    CassetteFile.Loaded loaded;
                    try {
                        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of("EMAIL", "/answer/turns/0/text")),
                                Secrets.none().withManagementApiKey(Secret.of("a@b.c-secret")));
                        loaded = cassettes.cassette(file);
                        for (Exchange e : loaded.exchanges().values()) {
                            if (e.unanswered()) e.noAnswer(); else e.replayed(new TurnRequest("r", "t", 1, "u", "web", "hi", Map.of(), null, "k", null, Map.of(), null, "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_a]"));
                        }
                        cassettes.record(file, loaded.exchanges().values().stream().findFirst().orElse(
                                new Exchange("[file:orders.sim.yaml]/[case:test_a]", 1, Map.of("text", "t"), Map.of("status", "completed", "turns", List.of()), 0)));
                        cassettes.write(BOT);
                        cassettes.problems();
                        cassettes.leftOver(java.util.Set.of());
                    } catch (Throwable t) {
                        throw new AssertionError(where, t);
                    }
                    for (String p : loaded.problems()) assertThat(p).as(where).matches("(?s).*c\\.cassette\\.json:\\d+:\\d+: .* — .*");
                }
            }
        }
        assertThat(cases).isGreaterThan(500);
    }

    @Test
    @DisplayName("a cassette cut short at any byte, inside a character too, is a positioned problem, never silently empty")
    void truncatedAtEveryByte(@TempDir Path dir) throws Exception {
        byte[] whole = CassetteFile.text(BOT, List.of(new Exchange("[file:o]/[case:test_é😀]", 1, Map.of("text", "héllo 😀"),
                Map.of("status", "completed", "turns", List.of(Map.of("text", "ünïcode 😀", "slots", Map.of("k", "v")))), 0)))
                .getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("t.cassette.json");
        int unreadable = 0;
        // Up to the closing brace: the final line end alone missing leaves the whole document.
        for (int n = 0; n < whole.length - 1; n++) {
            Files.write(file, java.util.Arrays.copyOf(whole, n));
            CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "t.cassette.json");
            assertThat(loaded.exchanges()).as("at " + n).isEmpty();
            for (String p : loaded.problems()) assertThat(p).as("at " + n).matches("(?s)t\\.cassette\\.json:\\d+:\\d+: .* — .*");
            if (loaded.unreadable()) unreadable++;
        }
        assertThat(unreadable).isEqualTo(whole.length - 1);
    }

    @Test
    @DisplayName("lone surrogates, controls, bidirectional overrides, byte order marks, numbers beyond any type and trailing"
            + " text are read or told at their place, and a test id quoted is on one line")
    void unicodeOddities(@TempDir Path dir) throws Exception {
        String[] texts = {"{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[{\"test\":\"[file:o]/[case:\\ud800]\",\"turn\":1,\"request\":{\"text\":\"\\udfff\"},\"answer\":{\"status\":\"completed\",\"turns\":[{\"slots\":{\"\\ud83d\":\"x\"}}]}}]}",
                "{\"cassette\":1,\"recorded_against\":{\"\\ud83d\":\"\\u0000\"},\"exchanges\":[]}",
                "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[{\"test\":\"\\u202e\\u0000\\n\",\"turn\":1}]}",
                "\uFEFF\uFEFF{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[]}",
                "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[],\"exchanges\":[]}",
                "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[{\"test\":\"a\",\"turn\":1,\"request\":{},\"answer\":{\"status\":\"completed\",\"turns\":[]}},{\"test\":\"a\",\"turn\":1,\"request\":{},\"answer\":{\"status\":\"failed\",\"turns\":[]}}]}",
                "{\"cassette\":1e400,\"recorded_against\":{},\"exchanges\":[]}",
                "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[{\"test\":\"a\",\"turn\":2147483648,\"request\":{},\"answer\":{}}]}",
                "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[{\"test\":\"a\",\"turn\":1,\"request\":{},\"answer\":{\"status\":\"completed\",\"turns\":[{\"score\":1e400,\"index\":1e30}]}}]}",
                "[1,2,3]", "", "   ", "\u0000", "nul", "{\"cassette\":1}garbage", "{\"cassette\":1,\"recorded_against\":{},\"exchanges\":[]}\n{}"};
        int i = 0;
        for (String text : texts) {
            Path file = dir.resolve("u" + i++ + ".cassette.json");
            Files.writeString(file, text);
            Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
            CassetteFile.Loaded loaded = cassettes.cassette(file);
            for (String p : cassettes.problems()) {
                assertThat(p).as(text).matches("(?s)\\S*u\\d+\\.cassette\\.json:\\d+:\\d+: .* — .*").doesNotContain("\n", "\u202e", "\u0000");
            }
            assertThat(loaded.exchanges().isEmpty()).as(text).isEqualTo(!cassettes.problems().isEmpty() || !text.contains("turns"));
            cassettes.leftOver(java.util.Set.of()).notInRun().values().forEach(ids -> assertThat(String.join(", ", ids))
                    .doesNotContain("\n", "\u202e"));
        }
    }
}
