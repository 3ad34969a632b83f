package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Redaction}: what {@code cognigy.replay.redact} replaces in a cassette's entry and an approval file. */
class RedactionTest {

    /** A cassette entry: the request sent and the REST Endpoint's answer, as its turns are recorded. */
    private static Map<String, Object> entry() {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("email", "ann@example.com"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("text", "my mail is ann@example.com");
        request.put("data", data);
        Map<String, Object> outputData = new LinkedHashMap<>();
        outputData.put("slots", new LinkedHashMap<>(Map.of("email", "ann@example.com")));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("text", "Thanks");
        output.put("data", outputData);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("intent", "give_mail");
        first.put("slots", new LinkedHashMap<>(Map.of("email", "ann@example.com")));
        first.put("outputs", new ArrayList<>(List.of(output)));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("intent", "confirm");
        second.put("slots", new LinkedHashMap<>(Map.of("other", "kept")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("turns", new ArrayList<>(List.of(first, second)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("request", request);
        entry.put("answer", answer);
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> entry, String pointer) {
        Object at = entry;
        for (String token : Redaction.tokens(pointer)) {
            at = at instanceof Map<?, ?> m ? m.get(token) : ((List<Object>) at).get(Integer.parseInt(token));
        }
        return at;
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("a turn's text named by its pointer takes the outputs' texts with it (they say the same, line by line);"
            + " another pointer leaves them")
    void textTakesTheOutputsTexts() {
        Map<String, Object> entry = entry();
        Map<String, Object> turn = (Map<String, Object>) at(entry, "/answer/turns/0");
        turn.put("text", "Your IBAN\nDE89 3704");
        turn.put("output_texts", new ArrayList<>(List.of("Your IBAN\nDE89 3704")));

        Map<String, Object> redacted = new Redaction(List.of("/answer/turns/0/text")).apply(entry);

        assertThat(at(redacted, "/answer/turns/0/text")).isEqualTo(Redaction.REDACTED);
        assertThat((Map<String, Object>) at(redacted, "/answer/turns/0")).doesNotContainKey("output_texts");
        assertThat(redacted.toString()).doesNotContain("DE89");
        assertThat(at(entry, "/answer/turns/0/output_texts")).isEqualTo(List.of("Your IBAN\nDE89 3704"));
        assertThat(at(new Redaction(List.of("/answer/turns/0/intent", "/answer/turns/1/text")).apply(entry),
                "/answer/turns/0/output_texts")).isEqualTo(List.of("Your IBAN\nDE89 3704"));
    }

    @Test
    @DisplayName("a slot name redacts that key of the request's data as its digest, that slot of every turn and that key at"
            + " any depth of the outputs' data as <redacted>; the entry given is left as it was")
    void slotName() {
        Map<String, Object> entry = entry();
        Map<String, Object> redacted = new Redaction(List.of("email")).apply(entry);

        assertThat(at(redacted, "/request/data/email")).isEqualTo(Redaction.digested("ann@example.com"));
        assertThat(at(redacted, "/answer/turns/0/slots/email")).isEqualTo(Redaction.REDACTED);
        assertThat(at(redacted, "/answer/turns/0/outputs/0/data/slots/email")).isEqualTo(Redaction.REDACTED);
        assertThat(at(redacted, "/answer/turns/1/slots/other")).isEqualTo("kept");
        assertThat(at(redacted, "/request/text")).isEqualTo("my mail is ann@example.com");
        assertThat(entry).isEqualTo(entry());
    }

    @Test
    @DisplayName("a pointer at the request digests the value, one at the answer writes <redacted>; a pointer at the whole"
            + " request digests it whole")
    void pointers() {
        Map<String, Object> redacted = new Redaction(List.of("/request/text", "/answer/turns/1/intent")).apply(entry());

        assertThat(at(redacted, "/request/text")).isEqualTo(Redaction.digested("my mail is ann@example.com"));
        assertThat(at(redacted, "/answer/turns/1/intent")).isEqualTo(Redaction.REDACTED);
        assertThat(at(redacted, "/answer/turns/0/intent")).isEqualTo("give_mail");

        Map<String, Object> whole = new Redaction(List.of("/request")).apply(entry());
        assertThat(whole.get("request")).isEqualTo(Redaction.digested(entry().get("request")));
    }

    @Test
    @DisplayName("a pointer past what the entry holds (a turn it does not have, no index, a missing key, into a text)"
            + " changes nothing")
    void pointerPastTheEntry() {
        for (String pointer : List.of("/answer/turns/2/intent", "/answer/turns/x/intent", "/answer/turns/-1/intent",
                "/answer/nothing/0", "/request/text/0", "/answer/turns/2")) {
            assertThat(new Redaction(List.of(pointer)).apply(entry())).as(pointer).isEqualTo(entry());
        }
    }

    @Test
    @DisplayName("a digest is <redacted sha256:> and 16 hex digits, the same for a map whatever order its keys are in, and"
            + " another for another value")
    void digest() {
        String digest = Redaction.digested("ann@example.com");
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);

        assertThat(digest).matches("<redacted sha256:[0-9a-f]{16}>");
        assertThat(Redaction.isDigest(digest)).isTrue();
        assertThat(Redaction.isDigest(digest + " ")).isFalse();
        assertThat(Redaction.isDigest(Redaction.REDACTED)).isFalse();
        assertThat(Redaction.isDigest(42)).isFalse();
        assertThat(Redaction.digested(ab)).isEqualTo(Redaction.digested(ba)).isNotEqualTo(Redaction.digested(Map.of("a", 1)));
        assertThat(Redaction.digested("bob@example.com")).isNotEqualTo(digest);
    }

    @Test
    @DisplayName("an entry as a cassette holds it is redacted as a recording made now: a value in clear (recorded before a"
            + " target named it) as its digest or <redacted>, a digest kept, and a request's <redacted> alone, an earlier"
            + " version's, kept rather than digested as if it were the value")
    void recordedEntry() {
        Map<String, Object> entry = entry();
        Map<String, Object> data = castMap(at(entry, "/request/data"));
        data.put("phone", Redaction.REDACTED);
        data.put("iban", Redaction.digested("DE89"));

        Map<String, Object> redacted = new Redaction(List.of("email", "phone", "iban")).applyRecorded(entry);

        assertThat(at(redacted, "/request/data/email")).isEqualTo(Redaction.digested("ann@example.com"));
        assertThat(at(redacted, "/request/data/phone")).isEqualTo(Redaction.REDACTED);
        assertThat(at(redacted, "/request/data/iban")).isEqualTo(Redaction.digested("DE89"));
        assertThat(at(redacted, "/answer/turns/0/slots/email")).isEqualTo(Redaction.REDACTED);
        assertThat(new Redaction(List.of("phone")).apply(entry)).extracting(e -> at(e, "/request/data/phone"))
                .isEqualTo(Redaction.digested(Redaction.REDACTED));
    }

    @Test
    @DisplayName("an approval file's redaction digests the answer too, and keeps a value that is a digest already")
    void digestedForApprovals() {
        Map<String, Object> entry = entry();
        Map<String, Object> answerTurn = castMap(at(entry, "/answer/turns/1"));
        answerTurn.put("slots", new LinkedHashMap<>(Map.of("email", Redaction.digested("earlier"))));

        Map<String, Object> redacted = new Redaction(List.of("email")).applyDigested(entry);

        assertThat(at(redacted, "/answer/turns/0/slots/email")).isEqualTo(Redaction.digested("ann@example.com"));
        assertThat(at(redacted, "/answer/turns/1/slots/email")).isEqualTo(Redaction.digested("earlier"));
        assertThat(at(redacted, "/request/data/email")).isEqualTo(Redaction.digested("ann@example.com"));
    }

    @Test
    @DisplayName("the values named, each once with its digest, a map's values one by one; null, empty and digests name"
            + " none")
    void named() {
        Map<String, Object> entry = entry();
        Map<String, Object> turn = castMap(at(entry, "/answer/turns/1"));
        Map<String, Object> date = new LinkedHashMap<>();
        date.put("start", "2026-12-25");
        date.put("end", "");
        date.put("none", null);
        date.put("alternatives", List.of("2026-12-26", ""));
        turn.put("slots", new LinkedHashMap<>(Map.of("email", date)));

        assertThat(new Redaction(List.of("email")).named(entry)).containsExactly(
                Map.entry("ann@example.com", Redaction.digested("ann@example.com")),
                Map.entry("2026-12-25", Redaction.digested("2026-12-25")),
                Map.entry("2026-12-26", Redaction.digested("2026-12-26")));
        assertThat(new Redaction(List.of("nothing")).named(entry)).isEmpty();
    }

    @Test
    @DisplayName("a recorded request holding <redacted> without a digest, at any depth, is one recorded before digests")
    void withoutDigest() {
        assertThat(Redaction.withoutDigest(Map.of("data", List.of(Map.of("email", Redaction.REDACTED))))).isTrue();
        assertThat(Redaction.withoutDigest(Map.of("data", List.of(Map.of("email", Redaction.digested("x")))))).isFalse();
        assertThat(Redaction.withoutDigest("plain")).isFalse();
    }

    @Test
    @DisplayName("a pointer's tokens are read and written back with ~1 for / and ~0 for ~")
    void tokens() {
        assertThat(Redaction.tokens("/answer/turns/0/slots/a~1b~0c")).containsExactly("answer", "turns", "0", "slots", "a/b~c");
        assertThat(Redaction.pointer(List.of("answer", "slots", "a/b~c"))).isEqualTo("/answer/slots/a~1b~0c");
        assertThat(Redaction.tokens("")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
