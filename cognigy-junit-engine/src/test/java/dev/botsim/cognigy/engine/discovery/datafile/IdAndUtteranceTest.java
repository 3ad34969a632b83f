package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.messages;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.model.SimulationCase;

class IdAndUtteranceTest {

    private static ParsedFile caseWithId(String id) {
        return read("i.sim.json", "{\"cases\": [{\"id\": \"" + id + "\", \"utterance\": \"hi\"}]}");
    }

    @ParameterizedTest(name = "V4: id ''{0}'' is rejected")
    @CsvSource(delimiter = '|', textBlock = """
            test_my order      | use only letters, digits and underscores after 'test_' (found ' ' U+0020 SPACE at position 8)
            test_a/b           | use only letters, digits and underscores after 'test_' (found '/' U+002F SOLIDUS at position 7)
            test_..            | use only letters, digits and underscores after 'test_' (found '.' U+002E FULL STOP at position 6)
            test_оrder         | use only letters, digits and underscores after 'test_' (found 'о' U+043E CYRILLIC SMALL LETTER O at position 6)
            test_ordér         | use only letters, digits and underscores after 'test_' (found 'é' U+00E9 LATIN SMALL LETTER E WITH ACUTE at position 9)
            order_check        | start it with 'test_', then use only letters, digits and underscores
            Test_order         | start it with 'test_', then use only letters, digits and underscores
            test_              | add a name after 'test_' using letters, digits and underscores
            ../../etc/passwd   | start it with 'test_', then use only letters, digits and underscores
            """)
    void badIds(String id, String fix) {
        ParsedFile parsed = caseWithId(id);

        assertThat(messages(parsed)).containsExactly(
                "id '" + id + "' in cases[0] does not match ^test_[a-zA-Z0-9_]+$ — " + fix);
        assertThat(parsed.problems().get(0).line()).isEqualTo(1);
        assertThat(parsed.problems().get(0).column()).isEqualTo(19);
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V4: an id longer than 128 characters is rejected with its length")
    void tooLong() {
        String id = "test_" + "a".repeat(124);

        assertThat(messages(caseWithId(id))).containsExactly("id '" + id.substring(0, 57) + "...' in cases[0] is 129"
                + " characters long — use at most 128");
        assertThat(caseWithId("test_" + "a".repeat(123)).problems()).isEmpty();
    }

    @ParameterizedTest(name = "V4: user id ''{0}'' is rejected")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" \"         | user ' ' in cases[0] is empty — give it a value or remove it",
            "a\\tb         | user 'a\\tb' in cases[0] contains a control character — remove line breaks, tabs and other control characters",
            "a\\u0085b     | user 'a\\u0085b' in cases[0] contains a control character — remove line breaks, tabs and other control characters"})
    void badUserIds(String user, String message) {
        ParsedFile parsed = read("u.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\", \"user\": \"" + user + "\"}]}");

        assertThat(messages(parsed)).containsExactly(message);
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V4: a user id longer than 128 characters is rejected with its length")
    void userIdTooLong() {
        String user = "a".repeat(117) + "@example.com";
        ParsedFile parsed = read("u.sim.yaml", "cases: [ { id: test_a, utterance: hi, user: " + user + " } ]");

        assertThat(messages(parsed)).containsExactly("user '" + user.substring(0, 57) + "...' in cases[0] is 129 characters"
                + " long — use at most 128");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @ParameterizedTest(name = "V4: user id ''{0}'' is kept, whatever the backend: the run decides whether its backend takes it")
    @ValueSource(strings = {"usr_QA01", "usr_qa_01", "user01", "usr_", "usr_qа01", "jane.doe@example.com", "CRM-4711"})
    void goodUserIds(String user) {
        ParsedFile parsed = read("u.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\", \"user\": \"" + user + "\"}]}");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases().get(0).userId()).isEqualTo(user);
    }

    @ParameterizedTest(name = "V5: utterance \"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                      | is empty
            '   '                   | is only whitespace
            '\\t\\n'                | is only whitespace
            '\\u200b'               | contains only invisible characters (U+200B ZERO WIDTH SPACE)
            ' \\u200b\\u2060 '      | contains only invisible characters (U+200B ZERO WIDTH SPACE)
            '\\ufeff'               | contains only invisible characters (U+FEFF ZERO WIDTH NO-BREAK SPACE)
            '\\u00a0'               | contains only invisible characters (U+00A0 NO-BREAK SPACE)
            """)
    void emptyUtterances(String jsonEscaped, String why) {
        ParsedFile parsed = read("e.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"" + jsonEscaped + "\"}]}");

        assertThat(located(parsed)).containsExactly("1:42: 'utterance' in cases[0] " + why + " — write what the user says");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V5: empty variants and empty turns are rejected at their own position")
    void emptyVariantsAndTurns() {
        ParsedFile parsed = read("e.sim.yaml", """
                cases:
                  - id: test_v
                    utterances: [fine, "  ", "\\u200b"]
                  - id: test_w
                    utterance:
                conversations:
                  - id: test_c
                    turns: [ { say: hi }, { say: " " } ]
                """);

        assertThat(located(parsed)).containsExactly(
                "3:24: 'utterances[1]' in cases[0] is only whitespace — write what the user says",
                "3:30: 'utterances[2]' in cases[0] contains only invisible characters (U+200B ZERO WIDTH SPACE) — write"
                        + " what the user says",
                "5:15: 'utterance' in cases[1] is empty — write what the user says",
                "8:34: 'say' in conversations[0].turns[1] is only whitespace — write what the user says");
    }

    @Test
    @DisplayName("utterances are trimmed, zero-width characters inside words are kept, numbers are read as text")
    void trimming() {
        ParsedFile parsed = read("t.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: "  where is\\u200bmy order \\t"
                  - id: test_b
                    utterance: 42
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(SimulationCase::utterance)
                .containsExactly("where is\u200bmy order", "42");
    }
}
