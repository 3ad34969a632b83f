package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an author wrote that the reader would otherwise take for something else without a word — a test that then
 * checks less than it says, and passes.
 */
class SilentMisreadingTest {

    @Test
    @DisplayName("'expect' indented under a case's 'data' is reported, not sent to the bot")
    void expectUnderCaseData() {
        ParsedFile parsed = read("a.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    data:
                      channel: app
                      expect:
                        intent: check_order
                  - id: test_b
                    utterance: hi
                    context: { expect: { response_contains: hello } }
                  - id: test_c
                    utterance: hi
                    inject_context:
                      expect: { intent: greeting, next_flow: main }
                """);

        assertThat(located(parsed)).containsExactly(
                "6:7: 'expect' under 'data' in cases[0] is data sent to the bot, not an expectation — indent 'expect' as"
                        + " 'data' is",
                "10:16: 'expect' under 'context' in cases[1] is data sent to the bot, not an expectation — indent 'expect'"
                        + " as 'context' is",
                "14:7: 'expect' under 'inject_context' in cases[2] is data sent to the bot, not an expectation — indent"
                        + " 'expect' as 'inject_context' is");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("'expect' indented under a turn's, a conversation's or the defaults' data is reported; JSON alike")
    void expectUnderOtherData() {
        ParsedFile yaml = read("c.sim.yaml", """
                defaults:
                  data:
                    expect: { intent: greeting }
                conversations:
                  - id: test_c
                    data: { expect: { intent: greeting } }
                    turns:
                      - say: hi
                        data:
                          expect:
                            response_contains: hello
                """);
        ParsedFile json = read("j.sim.json", """
                {"cases": [{"id": "test_j", "utterance": "hi", "data": {"a": 1, "expect": {"intent": "greeting"}}}]}
                """);

        assertThat(located(yaml)).containsExactly(
                "3:5: 'expect' under 'data' in defaults is data sent to the bot, not an expectation — write expectations"
                        + " on each case, under its 'expect:'",
                "6:13: 'expect' under 'data' in conversations[0] is data sent to the bot, not an expectation — write"
                        + " expectations on a turn, under its 'expect:'",
                "10:11: 'expect' under 'data' in conversations[0].turns[0] is data sent to the bot, not an expectation —"
                        + " indent 'expect' as 'data' is");
        assertThat(yaml.file().conversations()).isEmpty();
        assertThat(located(json)).containsExactly("1:65: 'expect' under 'data' in cases[0] is data sent to the bot, not"
                + " an expectation — indent 'expect' as 'data' is");
    }

    @Test
    @DisplayName("a data field named 'expect' holding anything but expectations stays data")
    void dataNamedExpect() {
        ParsedFile parsed = read("d.sim.yaml", """
                cases:
                  - id: test_d
                    utterance: hi
                    data: { expect: yes, other: { expect: { intent: x } } }
                  - id: test_e
                    utterance: hi
                    data: { expect: { delivery: tomorrow, intent: greeting } }
                  - id: test_f
                    utterance: hi
                    data: { expect: {} }
                """);

        assertThat(located(parsed)).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.data().get("expect"))
                .containsExactly("yes", Map.of("delivery", "tomorrow", "intent", "greeting"), Map.of());
    }

    @Test
    @DisplayName("' #' followed by text in an unquoted text is reported: YAML would cut the text there")
    void hashCutsText() {
        ParsedFile parsed = read("h.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: where is my order #ORD_99 please
                  - id: test_b
                    utterance: hi
                    expect:
                      response_contains: Connecting you #to a robot
                  - id: test_c
                    utterance: I need
                      to check my order #ORD_1
                  - id: test_d
                    utterance: 🙂 order #7
                conversations:
                  - id: test_e
                    turns:
                      - say: ticket #4711 status
                """);

        assertThat(located(parsed)).containsExactly(
                "3:34: the text after ' #' is a YAML comment, so 'utterance' in cases[0] is 'where is my order' — quote"
                        + " the whole text if '#' belongs to it",
                "7:41: the text after ' #' is a YAML comment, so 'response_contains' in cases[1].expect is 'Connecting"
                        + " you' — quote the whole text if '#' belongs to it",
                "10:25: the text after ' #' is a YAML comment, so 'utterance' in cases[2] is 'I need to check my order' —"
                        + " quote the whole text if '#' belongs to it",
                "12:24: the text after ' #' is a YAML comment, so 'utterance' in cases[3] is '🙂 order' — quote the"
                        + " whole text if '#' belongs to it",
                "16:21: the text after ' #' is a YAML comment, so 'say' in conversations[0].turns[0] is 'ticket' —"
                        + " quote the whole text if '#' belongs to it");
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("a comment written '# note', and a '#' inside quotes or inside a word, are what they look like")
    void commentsAndHashesThatAreFine() {
        ParsedFile parsed = read("f.sim.yaml", """
                cases:
                  - id: test_a # the first case
                    utterance: where is my order # a note
                    expect:
                      response_contains: "order #ORD_99" #note-after-quotes
                      intent: check_order#2
                  - id: test_b
                    utterance: 'ticket #4711 status'
                    data:
                      ref: abc #not-checked-here
                """);

        assertThat(located(parsed)).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.utterance())
                .containsExactly("where is my order", "ticket #4711 status");
        assertThat(parsed.file().cases().get(0).expect().responseContains()).isEqualTo("order #ORD_99");
    }

    @Test
    @DisplayName("spaces written inside quotes at the ends of an expected text are reported, not dropped")
    void spacesAroundExpectedText() {
        ParsedFile yaml = read("s.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      response_contains: " hell "
                      response_contains_any: [hello, 'order ']
                      response_not_contains: "\tsorry"
                      response_matches: " h.ll"
                  - id: test_b
                    utterance: hi
                    expect:
                      response_contains: |
                        Hello!
                      response_not_contains: [sorry, error]
                """);
        ParsedFile json = read("s.sim.json", """
                {"cases": [{"id": "test_j", "utterance": "hi", "expect": {"response_contains": "order #1 "}}]}
                """);

        assertThat(located(yaml)).containsExactly(
                "5:26: 'response_contains' in cases[0].expect ' hell ' starts or ends with spaces, which are not compared"
                        + " — remove them, or to match a whole word use response_matches: '\\bhell\\b'",
                "6:38: 'response_contains_any[1]' in cases[0].expect 'order ' starts or ends with spaces, which are not"
                        + " compared — remove them, or to match a whole word use response_matches: '\\border\\b'",
                "7:30: 'response_not_contains' in cases[0].expect '\\tsorry' starts or ends with spaces, which are not"
                        + " compared — remove them, or to match a whole word use response_matches: '\\bsorry\\b'",
                "8:25: 'response_matches' in cases[0].expect ' h.ll' starts or ends with spaces, which are not compared"
                        + " — remove them, or write \\s where a space must be");
        assertThat(yaml.file().cases()).singleElement()
                .satisfies(c -> assertThat(c.expect().responseContains()).isEqualTo("Hello!"));
        assertThat(located(json)).containsExactly("1:80: 'response_contains' in cases[0].expect 'order #1 ' starts or"
                + " ends with spaces, which are not compared — remove them, or to match a whole word use"
                + " a regular expression with \\b at the word's ends");
    }

    @Test
    @DisplayName("an expected text of only invisible characters is refused, as an utterance of them is")
    void invisibleExpectedText() {
        ParsedFile parsed = read("i.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      response_contains: "\u00a0"
                      response_not_contains: ["\u200b", sorry]
                """);

        assertThat(located(parsed)).containsExactly(
                "5:26: 'response_contains' in cases[0].expect contains only invisible characters (U+00A0 NO-BREAK SPACE)"
                        + " — give it a value or remove it",
                "6:31: 'response_not_contains[0]' in cases[0].expect contains only invisible characters (U+200B ZERO"
                        + " WIDTH SPACE) — give it a value or remove it");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("YAML's .inf and .nan are reported where written: JSON cannot carry them, so a bot would get a text or nothing")
    void infinityAndNotANumber() {
        ParsedFile parsed = read("n.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    data: { amount: .inf, floor: -.inf }
                  - id: test_b
                    utterance: hi
                    context: { ratio: .nan }
                  - id: test_c
                    utterance: hi
                    data: { amount: ".inf", limit: 1e3, floor: -.Inf }
                """);

        assertThat(located(parsed)).containsExactly(
                "4:21: '.inf' is YAML's infinity, which JSON cannot carry to the bot — quote it (\".inf\") to send the"
                        + " text, or write a number",
                "4:34: '-.inf' is YAML's infinity, which JSON cannot carry to the bot — quote it (\"-.inf\") to send"
                        + " the text, or write a number",
                "7:23: '.nan' is YAML's not-a-number, which JSON cannot carry to the bot — quote it (\".nan\") to send"
                        + " the text, or write a number");
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_c");
            assertThat(c.data()).containsEntry("amount", ".inf").containsEntry("floor", "-.Inf");
        });
    }

    @Test
    @DisplayName("a forbidden text or intent in typographic quotes (macOS smart quotes, German „…“) is refused: the check"
            + " would pass whatever the bot said")
    void forbiddenTextInTypographicQuotes() {
        ParsedFile parsed = read("q.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      response_not_contains: “sorry”
                  - id: test_b
                    utterance: hi
                    expect: { not_intent: “escalate”, response_not_contains: [error, „sorry“] }
                  - id: test_c
                    utterance: hi
                    expect:
                      response_contains: “order”
                      response_not_contains: [say “sorry” now, 'say "hi" now']
                """);

        assertThat(located(parsed)).containsExactly(
                "5:30: 'response_not_contains' in cases[0].expect is “sorry” with the quotes as part of the text"
                        + " (typographic quotes are never taken for quotes around it), so an answer"
                        + " saying sorry without them passes the check — write it without the quotes: sorry",
                "8:27: 'not_intent' in cases[1].expect is “escalate” with the quotes as part of the intent's name"
                        + " (typographic quotes are never taken for quotes around it), so the check"
                        + " passes even when the bot recognises escalate — write it without the quotes: escalate",
                "8:70: 'response_not_contains[1]' in cases[1].expect is „sorry“ with the quotes as part of the text"
                        + " (typographic quotes are never taken for quotes around it), so an answer"
                        + " saying sorry without them passes the check — write it without the quotes: sorry");
        // A required text in quotes fails its test visibly; quotes inside a text are the text's.
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_c");
            assertThat(c.expect().responseContains()).isEqualTo("“order”");
            assertThat(c.expect().responseNotContains()).containsExactly("say “sorry” now", "say \"hi\" now");
        });
    }

    @Test
    @DisplayName("a forbidden text that begins and ends with a quote but holds quotes inside too (a JSON fragment) is"
            + " the text as written, not a text wrapped in quotes: it is read, and its check can fail")
    void forbiddenTextWithQuotesInsideAndAtItsEnds() {
        ParsedFile parsed = read("j.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: where is my order
                    expect:
                      response_not_contains: ['"status":"error"', '“no” or “yes”']
                """);

        assertThat(located(parsed)).isEmpty();
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> assertThat(c.expect().responseNotContains())
                .containsExactly("\"status\":\"error\"", "“no” or “yes”"));
    }

    @Test
    @DisplayName("a CSV cell typed \"sorry\" in a spreadsheet (saved as \"\"\"sorry\"\"\") is refused as a forbidden"
            + " text or intent: its quotes would be part of it")
    void forbiddenTextQuotedInASpreadsheetCell() {
        byte[] excel = ("id,utterance,intent,not_intent,response_not_contains\r\n"
                + "test_a,where is my order,check_order,,\"\"\"sorry\"\"\"\r\n"
                + "test_b,hi,greeting,\"\"\"escalate\"\"\",\"error;'sorry'\"\r\n"
                + "test_c,hi,greeting,,\"I said \"\"no\"\"\"\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        ParsedFile parsed = Reading.READER.read("smoke.sim.csv", excel);

        assertThat(located(parsed)).containsExactly(
                "2:39: 'response_not_contains[0]' in the row at line 2 is \"sorry\" with the quotes as part of the text, so"
                        + " an answer saying sorry without them passes the check — write it without the quotes: sorry",
                "3:20: 'not_intent' in the row at line 3 is \"escalate\" with the quotes as part of the intent's name, so"
                        + " the check passes even when the bot recognises escalate — write it without the quotes: escalate",
                "3:35: 'response_not_contains[1]' in the row at line 3 is 'sorry' with the quotes as part of the text, so"
                        + " an answer saying sorry without them passes the check — write it without the quotes: sorry");
        assertThat(parsed.file().cases()).singleElement().satisfies(c ->
                assertThat(c.expect().responseNotContains()).containsExactly("I said \"no\""));
    }
}
