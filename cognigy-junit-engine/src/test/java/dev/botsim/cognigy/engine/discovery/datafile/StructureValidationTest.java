package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.messages;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.SimulationCase;

/** Syntax, unknown fields, duplicates, types and required fields in YAML and JSON files. */
class StructureValidationTest {

    @Test
    @DisplayName("V1, item 1: a YAML syntax error on line 7 is reported on line 7 and says the rest of the file was not"
            + " read; the cases before it are kept")
    void yamlSyntaxErrorLine() {
        ParsedFile parsed = read("s.sim.yaml", """
                cases:
                  - id: test_first
                    utterance: hello
                  - id: test_second
                    utterance: bye
                    expect:
                      intent: [greeting
                  - id: test_third
                    utterance: x
                """);

        assertThat(parsed.problems()).hasSize(1);
        FileProblem problem = parsed.problems().get(0);
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).startsWith("YAML syntax error: expected ',' or ']'")
                .contains("while parsing a flow sequence at line 7, column 15")
                .endsWith("— check indentation (spaces, not tabs), quotes, brackets and the ':' after each key;"
                        + " the rest of the file after line 8 (1 line) was not read");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
    }

    @Test
    @DisplayName("a key indented one space too little ends the case above it and breaks the list: that case is left out"
            + " with the error, not run without its expectations; the cases before it still run")
    void caseEndingRightBeforeASyntaxErrorIsLeftOut() {
        ParsedFile parsed = read("indent.sim.yaml", """
                cases:
                  - id: test_first
                    utterance: hello
                  - id: test_bad_indent
                    utterance: where is my order ORD_5
                   expect:
                      intent: greeting
                """);

        assertThat(located(parsed)).containsExactly("6:4: YAML syntax error: 'expect' at column 4 does not line up with"
                + " 'utterance' above it (column 5): the keys of one mapping start in the same column — indent 'expect' as"
                + " 'utterance' is (with spaces, not tabs), or start a new list item with '- '; in the parser's words:"
                + " expected <block end>, but found '<block mapping start>' (while parsing a block collection at line 2,"
                + " column 3); the rest of the file after line 6 (1 line) was not read");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
    }

    @Test
    @DisplayName("a key indented more than the key above it, which has a text, is named with both columns, not as the"
            + " parser's 'mapping values are not allowed here'; the case is left out, the cases before it still run")
    void keyIndentedDeeperThanTheKeyAboveIt() {
        ParsedFile parsed = read("deeper.sim.yaml", """
                cases:
                  - id: test_first
                    utterance: hello
                  - id: test_too_deep
                    utterance: where is my order ORD_5
                      expect:
                      intent: check_order
                """);

        assertThat(located(parsed)).containsExactly("6:13: YAML syntax error: 'expect' at column 7 is indented more than"
                + " 'utterance' above it (column 5), so it is read as more of the text of 'utterance', where a key's ':'"
                + " cannot follow — indent 'expect' as 'utterance' is (with spaces, not tabs); in the parser's words:"
                + " mapping values are not allowed here; the rest of the file after line 6 (1 line) was not read");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
    }

    @Test
    @DisplayName("a deeper key under a key with a quoted text keeps the parser's words: nothing says which was meant")
    void deeperKeyUnderQuotedTextKeepsTheParsersWords() {
        ParsedFile parsed = read("quoted.sim.yaml", """
                cases:
                  - id: test_quoted
                    utterance: "hello"
                      expect: x
                """);

        assertThat(messages(parsed)).singleElement().asString().doesNotContain("is indented more than");
    }

    @Test
    @DisplayName("in JSON, a text whose closing quote is missing, so that the next key stands outside quotes, is told with the"
            + " text as read and the key after it, not only as a missing comma")
    void jsonTextMissingItsClosingQuote() {
        ParsedFile parsed = read("quote.sim.json", "{\"cases\": [\n {\"id\": \"test_first\", \"utterance\": \"hello\"},\n"
                + " {\"id\": \"test_quote\", \"utterance\": \"hi, \"expect\": {\"intent\": \"greeting\"}}\n]}\n");

        assertThat(located(parsed)).containsExactly("3:42: JSON syntax error: 'expect' stands outside quotes right after the"
                + " text \"hi, \" (opened at line 3, column 36) — a closing \" is likely missing inside that text, so the quote"
                + " meant to open 'expect' closed it: close the text where it ends (a \" inside a text is written \\\"); in the"
                + " parser's words: Unexpected character ('e' (code 101)): was expecting comma to separate Object entries;"
                + " the rest of the file after line 3 (1 line) was not read");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
    }

    @Test
    @DisplayName("in JSON, a missing comma between two entries keeps the parser's words")
    void jsonMissingCommaKeepsTheParsersWords() {
        ParsedFile parsed = read("comma.sim.json", "{\"cases\": [{\"id\": \"test_a\" \"utterance\": \"hi\"}]}\n");

        assertThat(messages(parsed)).singleElement().asString().startsWith("JSON syntax error: Unexpected character")
                .doesNotContain("stands outside quotes");
    }

    @Test
    @DisplayName("in JSON, a case closed a brace too early, its expectations after it, is left out with the error; the"
            + " cases before it still run")
    void jsonCaseClosedTooEarlyIsLeftOut() {
        ParsedFile parsed = read("early.sim.json", "{\"cases\": [\n {\"id\": \"test_first\", \"utterance\": \"hello\"},\n"
                + " {\"id\": \"test_early\", \"utterance\": \"where is my order\"},\n \"expect\": {\"intent\": \"greeting\"}}\n]}\n");

        assertThat(messages(parsed)).anySatisfy(message -> assertThat(message).startsWith("JSON syntax error"));
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
    }

    @Test
    @DisplayName("a conversation whose last turn ends right before a syntax error is left out with it")
    void conversationEndingRightBeforeASyntaxErrorIsLeftOut() {
        ParsedFile parsed = read("talk.sim.yaml", """
                cases:
                  - id: test_first
                    utterance: hello
                conversations:
                  - id: test_talk
                    turns:
                      - say: hi
                      - say: where is my order
                     expect:
                        intent: check_order
                """);

        assertThat(located(parsed)).singleElement().asString().startsWith("9:6: YAML syntax error:");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_first");
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("item 1: a syntax error says how much of the file after it was not read, in YAML, JSON and CSV;"
            + " trailing blank lines do not count")
    void restNotRead() {
        assertThat(messages(read("r.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi: there\n  - id: test_b\n"
                + "    utterance: hi\n\n\n"))).singleElement().asString()
                .endsWith("; the rest of the file after line 3 (2 lines) was not read");
        assertThat(messages(read("r.sim.json", "{\"cases\": [{\"id\": \"test_a\",\n \"utterance\": \"x\",}\n,{\"id\": \"test_b\","
                + " \"utterance\": \"y\"}]}\n"))).singleElement().asString()
                .endsWith("; the rest of the file after line 2 (1 line) was not read");
        assertThat(messages(read("r.sim.csv", "id,utterance\ntest_a,hi\ntest_b,\"x\"y\ntest_c,hi\ntest_d,hi\n")))
                .singleElement().asString().startsWith("CSV syntax error")
                .endsWith("; the rest of the file after line 3 (2 lines) was not read");
        assertThat(messages(read("end.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi: there\n\n")))
                .singleElement().asString().doesNotContain("was not read");
    }

    @Test
    @DisplayName("V1: a YAML text whose quote is never closed is reported at its quote, naming the lines it swallowed,"
            + " not at the end of the file; cases before it are kept")
    void yamlUnclosedQuote() {
        String head = "cases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n    utterance: ";
        String rest = "hello\n  - id: test_c\n    utterance: bye\n\n";

        ParsedFile doubled = read("q.sim.yaml", head + "\"" + rest);
        ParsedFile single = read("q.sim.yaml", head + "'" + rest);

        assertThat(located(doubled)).containsExactly("5:16: YAML syntax error: the quoted text that starts here is never"
                + " closed, so the rest of the file (lines 5 to 7) was read into it — close it with \" on line 5 (a \""
                + " inside it is written \\\")");
        assertThat(located(single)).containsExactly("5:16: YAML syntax error: the quoted text that starts here is never"
                + " closed, so the rest of the file (lines 5 to 7) was read into it — close it with ' on line 5 (a ' inside"
                + " it is written '')");
        assertThat(doubled.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");
    }

    @Test
    @DisplayName("V1: a YAML text whose quote is closed only by a later text's opening quote is named where the error is"
            + " found, with the line its quote was opened on")
    void yamlQuoteClosedByALaterOne() {
        ParsedFile parsed = read("q.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: "hello
                  - id: test_b
                    utterance: "bye"
                  - id: test_c
                    utterance: see you
                """);

        assertThat(located(parsed)).singleElement().asString().startsWith("5:17: YAML syntax error: expected <block end>")
                .contains("; the quoted text that starts at line 3, column 16 ends only on line 5 — is its closing \""
                        + " missing on line 3?")
                .endsWith("; the rest of the file after line 5 (2 lines) was not read");
        // A text meant to span lines is not suspected: its quote closes on a line of its own text.
        assertThat(messages(read("m.sim.yaml", "cases:\n  - id: test_a\n    utterance: \"two\n      lines\"\n"
                + "    expect: {intent: [x}\n"))).singleElement().asString().doesNotContain("closing");
    }

    @Test
    @DisplayName("V1: a JSON text not closed before its line ends says so, at the line's end, with the column it opens at")
    void jsonTextNotClosedOnItsLine() {
        ParsedFile parsed = read("q.sim.json", "{\"cases\": [\n {\"id\": \"test_a\", \"utterance\": \"hello},\n"
                + " {\"id\": \"test_b\", \"utterance\": \"bye\"}\n]}\n");

        assertThat(located(parsed)).containsExactly("2:40: JSON syntax error: the text that starts at line 2, column 32"
                + " is not closed before the line ends — close it with \", or write a line break inside a text as \\n;"
                + " the rest of the file after line 2 (2 lines) was not read");
    }

    @Test
    @DisplayName("V1: a YAML syntax error names the line of the bad character")
    void yamlTabOnLine7() {
        ParsedFile parsed = read("s.sim.yaml", "version: 1\ncases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n"
                + "    utterance: ok\n\tbad: tab\n");

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.message()).contains("(TAB)").startsWith("YAML syntax error:");
            assertThat(p.toString()).startsWith("s.sim.yaml:7:1: YAML syntax error:");
        });
    }

    @Test
    @DisplayName("V1: a JSON syntax error gives line and column")
    void jsonSyntaxError() {
        ParsedFile parsed = read("s.sim.json", "{\"cases\": [{\"id\": \"test_a\",\n \"utterance\" \"x\"}]}");

        assertThat(located(parsed)).singleElement().asString().startsWith("2:14: JSON syntax error: Unexpected character ('\"'")
                .endsWith("— check commas, quotes and brackets");
    }

    @Test
    @DisplayName("a JSON file that ends inside an object says so without the parser's source description, which names"
            + " nothing")
    void jsonEndsInsideAnObject() {
        ParsedFile parsed = read("e.sim.json", "{\"cases\": [{\"id\": \"test_a\",\n \"utterance\": \"x\"");

        assertThat(messages(parsed)).singleElement().asString()
                .contains("JSON syntax error: Unexpected end-of-input: expected close marker for Object — check commas,"
                        + " quotes and brackets").doesNotContain("Source", "REDACTED", "#UNKNOWN");
    }

    @Test
    @DisplayName("JSON migrated with comments, a zero-padded number or typographic quotes is told in the writer's words,"
            + " not the parser's feature names")
    void jsonAsPeopleWriteIt() {
        assertThat(located(read("c.sim.json", "{\n  // migrated from Botium\n  \"cases\": []\n}\n"))).containsExactly(
                "2:3: JSON syntax error: JSON has no comments ('//' or '/* */') — remove the comment, or write the file as"
                        + " YAML (*.sim.yaml), where '#' starts one; the rest of the file after line 2 (2 lines) was not read");
        assertThat(located(read("z.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\",\n"
                + " \"expect\": {\"entities\": {\"zip\": 01234}}}]}"))).containsExactly(
                "2:34: JSON syntax error: a number cannot start with 0 — write it in quotes (\"007\") to mean the text, or"
                        + " without the leading zeros");
        assertThat(located(read("q.sim.json", "{ \u201ccases\u201d: [] }"))).containsExactly(
                "1:3: JSON syntax error: Unexpected character ('\u201c' (code 8220 / 0x201c)): was expecting double-quote to"
                        + " start property name — check commas, quotes and brackets; typographic quotes such as \u201c"
                        + " \u201d are not JSON's: write the straight quote \"");
    }

    @Test
    @DisplayName("a key with a no-break space (copied from a document) is named with the space written visibly")
    void keyWithANoBreakSpace() {
        assertThat(located(read("n.sim.yaml", "cases:\n  - id: test_a\n    utterance\u00a0: hi\n"))).contains(
                "3:5: unknown field 'utterance\\u00a0' in cases[0] — did you mean 'utterance'?");
    }

    @Test
    @DisplayName("a comma after the last entry of a JSON object or list is named, at the comma, with the fix, whatever"
            + " whitespace lies between it and the closing bracket")
    void jsonTrailingComma() {
        assertThat(located(read("t.sim.json", "{\"cases\": [{\"id\": \"test_a\",\n \"utterance\": \"x\",}]}")))
                .containsExactly("2:18: JSON syntax error: a comma after the last entry of an object, before its '}' at line 2,"
                        + " column 19 — remove the comma after the last entry (line 2, column 18)");
        assertThat(located(read("l.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\",\n"
                + "  \"tags\": [\"a\", \"b\",\r\n\t  \r\n  ]}]}\n")))
                .containsExactly("2:20: JSON syntax error: a comma after the last entry of a list, before its ']' at line 4,"
                        + " column 3 — remove the comma after the last entry (line 2, column 20)");
        assertThat(messages(read("r.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\"},\n\n]}\n"
                + "\n")))
                .singleElement().asString().contains("a list, before its ']' at line 3, column 1")
                .endsWith("(line 1, column 46)");
    }

    @Test
    @DisplayName("V2: an unknown field gets its path, position and a did-you-mean")
    void unknownFieldDidYouMean() {
        ParsedFile parsed = read("u.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                  - id: test_b
                    utterance: hi
                  - id: test_c
                    utterence: hi
                """);

        // One problem, at the misspelt key: that the case has no utterance is what the "did you mean" already says.
        assertThat(located(parsed)).containsExactly(
                "7:5: unknown field 'utterence' in cases[2] — did you mean 'utterance'?");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a", "test_b");
    }

    @Test
    @DisplayName("a misspelt required key, or one another key was written for, is one problem at that key, whichever it"
            + " is: id, utterances, turns, say, cases")
    void misspeltRequiredKeyIsOneProblem() {
        assertThat(located(read("k.sim.yaml", """
                cases:
                  - ids: test_a
                    utterance: hi
                  - id: test_b
                    utterances_: [hi, hello]
                conversations:
                  - id: test_c
                    turn:
                      - say: hi
                  - id: test_d
                    turns:
                      - sya: hi
                  - id: test_e
                    utterance: hi
                """))).containsExactly(
                "2:5: unknown field 'ids' in cases[0] — did you mean 'id'?",
                "5:5: unknown field 'utterances_' in cases[1] — did you mean 'utterances'?",
                "8:5: unknown field 'turn' in conversations[0] — did you mean 'turns'?",
                "12:9: unknown field 'sya' in conversations[1].turns[0] — did you mean 'say'?",
                "14:5: unknown field 'utterance' in conversations[2] — a conversation speaks in turns — write turns: [ { say: ... } ]");
        assertThat(located(read("c.sim.yaml", """
                case:
                  - id: test_a
                    utterance: hi
                """))).containsExactly("1:1: unknown field 'case' — did you mean 'cases'?");
    }

    @Test
    @DisplayName("a case that lacks its utterance is still told so beside an unknown key written for another, and one"
            + " written for it (text:, a misspelling) is the unknown key alone, also beside the utterance")
    void missingUtteranceBesideOtherUnknownKeys() {
        ParsedFile parsed = read("o.sim.yaml", """
                cases:
                  - id: test_a
                    usr: usr_a
                  - id: test_b
                    text: hi
                  - id: test_c
                    utterance: hi
                    utterence: hi
                """);

        assertThat(located(parsed)).containsExactly(
                "2:5: cases[0] has no utterance — add utterance: <what the user says>, or utterances: [...] for variants, or data: {...} for a data-only message (a postback)",
                "3:5: unknown field 'usr' in cases[0] — did you mean 'user'?",
                "5:5: unknown field 'text' in cases[1] — use 'utterance' for the text of a case",
                "8:5: unknown field 'utterence' in cases[2] — did you mean 'utterance'?");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V2: unknown fields are found at every level, with a hint for misplaced keys")
    void unknownFieldsEveryLevel() {
        ParsedFile parsed = read("u.sim.yaml", """
                flowz: [a]
                defaults: { usr: usr_a }
                cases:
                  - id: test_a
                    utterance: hi
                    intent: greet
                    expect: { intnet: greet, entites: { a: b } }
                conversations:
                  - id: test_c
                    turnz: []
                    turns:
                      - say: hi
                        expekt: { intent: x }
                      - utterance: hi
                        say: hi
                """);

        assertThat(located(parsed)).containsExactly(
                "1:1: unknown field 'flowz' — did you mean 'flows'?",
                "2:13: unknown field 'usr' in defaults — did you mean 'user'?",
                "6:5: unknown field 'intent' in cases[0] — move it under 'expect:'",
                "7:15: unknown field 'intnet' in cases[0].expect — did you mean 'intent'?",
                "7:30: unknown field 'entites' in cases[0].expect — did you mean 'entities'?",
                "10:5: unknown field 'turnz' in conversations[0] — did you mean 'turns'?",
                "13:9: unknown field 'expekt' in conversations[0].turns[0] — did you mean 'expect'?",
                "14:9: unknown field 'utterance' in conversations[0].turns[1] — use 'say' for what the user says in a turn");
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("V2: a turn that clicks is told to say the choice's payload, what Webchat sends for a click, and nothing"
            + " more: no missing 'say' beside it")
    void clickInTurn() {
        ParsedFile parsed = read("k.sim.yaml", """
                conversations:
                  - id: test_c
                    turns:
                      - say: hi
                      - click: Open an account
                """);

        assertThat(located(parsed)).containsExactly("5:9: unknown field 'click' in conversations[0].turns[1] — a data"
                + " file's turn says what is sent, and a clicked quick reply or button sends its payload as the message"
                + " text, as Cognigy's Webchat does — write say: <its payload> (BotSession.click clicks by title in a"
                + " @Conversation method)");
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("V2: a name far from every known one lists the allowed names instead of guessing")
    void noGuessForUnrelatedNames() {
        assertThat(messages(read("u.sim.yaml", "cases: [ { id: test_a, utterance: hi, expect: { zzzzzz: 1 } } ]")))
                .containsExactly("unknown field 'zzzzzz' in cases[0].expect — allowed: intent, not_intent,"
                        + " no_intent, intent_min_score, entities, next_flow, response_contains, response_matches, error_code, quick_replies, buttons, response_data, approved, response_contains_any, response_not_contains,"
                        + " response_length");
    }

    @Test
    @DisplayName("V3: a duplicate YAML key is reported at every occurrence")
    void duplicateYamlKey() {
        ParsedFile parsed = read("d.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect:
                      intent: a
                      intent: b
                """);

        assertThat(located(parsed)).containsExactly(
                "5:7: key 'intent' appears 2 times in cases[0].expect (at 5:7, 6:7) — keep only one",
                "6:7: key 'intent' appears 2 times in cases[0].expect (at 5:7, 6:7) — keep only one");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V3: a duplicate JSON key is reported at every occurrence, also in free-form context")
    void duplicateJsonKey() {
        ParsedFile parsed = read("d.sim.json", """
                {"cases": [{"id": "test_a", "utterance": "hi", "context": {"lang": "en", "lang": "de"}}],
                 "cases": []}
                """);

        assertThat(located(parsed)).containsExactly(
                "1:2: key 'cases' appears 2 times (at 1:2, 2:2) — keep only one",
                "1:60: key 'lang' appears 2 times in cases[0].context (at 1:60, 1:74) — keep only one",
                "1:74: key 'lang' appears 2 times in cases[0].context (at 1:60, 1:74) — keep only one",
                "2:2: key 'cases' appears 2 times (at 1:2, 2:2) — keep only one");
    }

    @Test
    @DisplayName("V3: a test id used twice in a file is reported at every use; both cases are left out, others kept")
    void duplicateIds() {
        ParsedFile parsed = read("d.sim.yaml", """
                cases:
                  - id: test_same
                    utterance: one
                  - id: test_other
                    utterance: two
                  - id: test_same
                    utterances: [three, four]
                conversations:
                  - id: test_same
                    turns: [ { say: five } ]
                """);

        String message = "id 'test_same' is used 3 times in this file (at 2:9, 6:9, 9:9) — give each case its own id";
        assertThat(located(parsed)).containsExactly("2:9: " + message, "6:9: " + message, "9:9: " + message);
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_other");
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("V11: trailing garbage after the JSON document is rejected")
    void trailingGarbage() {
        assertThat(located(read("t.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\"}]} garbage")))
                .singleElement().asString()
                .startsWith("1:49: unexpected content after the JSON document (Unrecognized token 'garbage'")
                .endsWith("— remove what follows the document");
        assertThat(located(read("t.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\"}]}\n{}")))
                .containsExactly("2:1: unexpected content after the JSON document — a file holds exactly one JSON object;"
                        + " remove what follows it");
    }

    @Test
    @DisplayName("V11: a second YAML document is rejected")
    void secondYamlDocument() {
        assertThat(located(read("t.sim.yaml", "cases: [ { id: test_a, utterance: x } ]\n---\ncases: []\n")))
                .containsExactly("3:1: a second YAML document starts here — keep one document per file (remove the '---'"
                        + " separator)");
    }

    @Test
    @DisplayName("V11: 3.7 where a whole number is needed is rejected, in YAML and JSON")
    void decimalWhereIntegerNeeded() {
        assertThat(located(read("v.sim.yaml", "version: 3.7\ncases: [ { id: test_a, utterance: x } ]")))
                .containsExactly("1:10: 'version' must be a whole number, not 3.7 — write it without quotes or decimals");
        assertThat(messages(read("v.sim.json", "{\"version\": \"1\", \"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\"}]}")))
                .containsExactly("'version' must be a whole number, not the text '1' — write it without quotes or decimals");
    }

    @Test
    @DisplayName("only version 1 is accepted")
    void version() {
        assertThat(located(read("v.sim.yaml", "version: 2\ncases: [ { id: test_a, utterance: x } ]")))
                .containsExactly("1:10: version 2 is not supported — this engine reads version 1; write 'version: 1'");
        assertThat(read("v.sim.yaml", "version: 1\ncases: [ { id: test_a, utterance: x } ]").problems()).isEmpty();
    }

    @Test
    @DisplayName("a list where text is needed, and text where a list or mapping is needed, are rejected")
    void wrongContainerTypes() {
        ParsedFile parsed = read("w.sim.yaml", """
                bot: [a, b]
                flows: flow_a
                cases:
                  - id: test_a
                    utterance: [hi, there]
                    tags: smoke
                    expect: check_order
                  - id: test_b
                    utterance: ok
                    context: en
                    expect: { entities: [order_id] }
                """);

        assertThat(located(parsed)).containsExactly(
                "1:6: 'bot' must be text, not a list — write a single value",
                "2:8: 'flows' must be a list, not text — write it as [flow_greeting, flow_order_status]",
                "5:16: 'utterance' in cases[0] must be text, not a list — write a single value",
                "6:11: 'tags' in cases[0] must be a list, not text — write it as [smoke, orders]",
                "7:13: 'expect' in cases[0] must be a mapping, not text — write it as a mapping such as"
                        + " { intent: check_order, next_flow: flow_order_status }, or the word approved",
                "10:14: 'context' in cases[1] must be a mapping, not text — write it as { language: en }",
                "11:25: 'entities' in cases[1].expect must be a mapping, not a list — write it as { order_id: ORD_99 }");
    }

    @Test
    @DisplayName("intent_min_score must be a number in [0, 1]; response_matches must compile")
    void scoreAndRegex() {
        ParsedFile parsed = read("r.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    expect: { intent_min_score: 1.5 }
                  - id: test_b
                    utterance: hi
                    expect: { intent_min_score: "0.8" }
                  - id: test_c
                    utterance: hi
                    expect: { response_matches: "order (ORD_\\\\d+" }
                  - id: test_d
                    utterance: hi
                    expect: { intent_min_score: 0, response_matches: "order (ORD_\\\\d+)" }
                """);

        assertThat(located(parsed)).containsExactly(
                "4:33: 'intent_min_score' 1.5 in cases[0].expect is outside [0, 1] — use a fraction such as 0.8",
                "7:33: 'intent_min_score' in cases[1].expect must be a number between 0 and 1, not the text '0.8' —"
                        + " write it without quotes, e.g. 0.8",
                "10:33: 'response_matches' in cases[2].expect is not a valid regular expression (Unclosed group near"
                        + " index 14) — fix the pattern; escape literal characters such as ( [ . ? with \\");
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_d");
            assertThat(c.expect().intentMinScore()).isZero();
            assertThat(c.expect().responseMatches()).isEqualTo("order (ORD_\\d+)");
        });
    }

    @Test
    @DisplayName("missing required fields: id, utterance, turns, say; utterance and utterances together")
    void missingRequired() {
        ParsedFile parsed = read("m.sim.yaml", """
                cases:
                  - utterance: hi
                  - id: test_a
                  - id: test_b
                    utterance: hi
                    utterances: [hi]
                  - id: test_c
                    utterances: []
                  -
                conversations:
                  - id: test_d
                  - id: test_e
                    turns:
                      - expect: { intent: x }
                """);

        assertThat(located(parsed)).containsExactly(
                "2:5: cases[0] has no 'id' — add id: test_<name>",
                "3:5: cases[1] has no utterance — add utterance: <what the user says>, or utterances: [...] for variants, or data: {...} for a data-only message (a postback)",
                "6:5: cases[2] has both 'utterance' and 'utterances' — keep one",
                "8:17: 'utterances' in cases[3] is empty — list at least one utterance",
                "9:4: cases[4] is empty — write it as { id: test_x, utterance: hello }",
                "11:5: conversations[0] has no turns — add turns: with at least one { say: ... }",
                "14:9: conversations[1].turns[0] has no 'say' — add say: <what the user says>, or data: {...} for a"
                        + " data-only message (a postback)");
    }

    @Test
    @DisplayName("a file without cases, an empty file, a JSON file holding only null and a list at the top are each"
            + " reported as what they are")
    void emptyAndWrongRoot() {
        assertThat(located(read("e.sim.yaml", ""))).containsExactly(
                "1:1: the file is empty — add a 'cases:' or 'conversations:' list");
        assertThat(located(read("e.sim.json", "  "))).containsExactly(
                "1:1: the file is empty — add a 'cases:' or 'conversations:' list");
        assertThat(located(read("e.sim.yaml", "bot: x\ncases: []\n"))).containsExactly(
                "1:1: the file defines no cases or conversations — add a 'cases:' list with at least one case");
        assertThat(located(read("n.sim.json", "null"))).containsExactly(
                "1:1: the file holds only null, so no cases or conversations — write a mapping with a 'cases:' list in its"
                        + " place, e.g. { \"cases\": [ { \"id\": \"test_x\", \"utterance\": \"hello\" } ] }");
        assertThat(located(read("e.sim.yaml", "- id: test_a\n  utterance: hi\n"))).containsExactly(
                "1:1: the file must be a mapping with 'cases:' and/or 'conversations:', not a list — put the list under a"
                        + " 'cases:' key");
    }

    @Test
    @DisplayName("tags must be valid JUnit tags")
    void invalidTags() {
        assertThat(located(read("t.sim.yaml", "cases: [ { id: test_a, utterance: hi, tags: [ok, \"a b\", \"x|y\"] } ]")))
                .containsExactly(
                        "1:50: tag 'a b' in cases[0] is not a valid JUnit tag — tags cannot contain whitespace, control"
                                + " characters or any of , ( ) & | !",
                        "1:57: tag 'x|y' in cases[0] is not a valid JUnit tag — tags cannot contain whitespace, control"
                                + " characters or any of , ( ) & | !");
    }

    @Test
    @DisplayName("intent and not_intent naming the same intent contradict each other")
    void contradictoryIntent() {
        assertThat(located(read("c.sim.yaml", "cases: [ { id: test_a, utterance: hi, expect: { intent: a, not_intent: a } } ]")))
                .containsExactly("1:60: 'not_intent' in cases[0].expect equals 'intent' ('a') — a test cannot expect and"
                        + " forbid the same intent; remove one");
    }

    @Test
    @DisplayName("not_intent naming the expected intent in another letter case contradicts it too: the bot's intent fails"
            + " a not_intent written otherwise only in case, so the test could never pass")
    void contradictoryIntentInAnotherCase() {
        assertThat(located(read("c.sim.yaml", "cases: [ { id: test_a, utterance: hi, expect: { intent: check_order,"
                + " not_intent: Check_Order } } ]")))
                .containsExactly("1:70: 'not_intent' in cases[0].expect differs from 'intent' ('check_order') only in letter"
                        + " case, so the intent expected fails it too — a test cannot expect and forbid the same intent; remove one");
    }

    @Test
    @DisplayName("a wrong default is reported; cases still run without it")
    void badDefault() {
        ParsedFile parsed = read("d.sim.yaml", "defaults: { user: \"qa\\n01\", platform: web }\ncases: [ { id: test_a, utterance: hi } ]");

        assertThat(located(parsed)).containsExactly("1:19: user 'qa\\n01' in defaults contains a control character — remove"
                + " line breaks, tabs and other control characters");
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.userId()).isNull();
            assertThat(c.platform()).isEqualTo("web");
        });
    }
}
