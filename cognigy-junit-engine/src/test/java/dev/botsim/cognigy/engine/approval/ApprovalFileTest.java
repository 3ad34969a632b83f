package dev.botsim.cognigy.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.support.AwkwardTexts;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.Expectation;

/** The approval file's format: what is written reads back the same, in a stable order, and a broken file says where. */
class ApprovalFileTest {

    private static ApprovedAnswer answer(String intent, String flow, String text, Map<String, Object> entities) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("entities", entities);
        fields.put("text", text);
        fields.put("next_flow", flow);
        fields.put("intent", intent);
        return new ApprovedAnswer(fields);
    }

    @Test
    @DisplayName("round trip: awkward text (line breaks, quotes, a colon, a leading dash, numbers and booleans as text),"
            + " null fields, multi-valued and nested slots read back equal")
    void roundTrip() {
        Map<String, Object> slots = new LinkedHashMap<>();
        slots.put("order_id", "ORD_99");
        slots.put("NUMBER", List.of(100, 143));
        slots.put("DATE", Map.of("year", 2025, "month", 3));
        slots.put("flag", true);
        Map<String, ApprovedAnswer> answers = new LinkedHashMap<>();
        answers.put("test_a", answer("check_order", "flow_order_status", "Line one: \"quoted\"\n- line two\n\n  indented  ", slots));
        answers.put("test_b", answer(null, null, "", Map.of()));
        answers.put("test_c#1", answer("yes", "no", "123", Map.of("x", "null")));
        answers.put("test_d", new ApprovedAnswer(Map.of("intent", "greeting")));

        String text = ApprovalFile.write("simulations/orders.sim.yaml", answers);
        ApprovalFile.Read read = ApprovalFile.read(text);

        assertThat(read.problem()).isEmpty();
        assertThat(read.answers()).isEqualTo(answers);
        assertThat(ApprovalFile.write("simulations/orders.sim.yaml", read.answers())).isEqualTo(text);
    }

    @Test
    @DisplayName("an approval file checked out with CR LF line ends (git's core.autocrlf on Windows) reads the same answers"
            + " as with LF: a multi-line answer (a literal block), a folded quoted text and what was said keep their \\n, and"
            + " an answer holding a CR of its own keeps it, so one commit's approvals judge alike on Windows and Linux")
    void windowsLineEnds() {
        Map<String, ApprovedAnswer> answers = new LinkedHashMap<>();
        answers.put("test_a", new ApprovedAnswer("Wo ist\nmeine Bestellung?", Map.of("text", "Zeile eins\nZeile zwei\n\n  eingerückt")));
        answers.put("test_b", answer("greeting", null, "Hallo\r\nWelt", Map.of("note", "a\nb")));
        String lf = ApprovalFile.write("simulations/orders.sim.yaml", answers);
        assertThat(lf).contains("|-");

        ApprovalFile.Read crlf = ApprovalFile.read(lf.replace("\n", "\r\n"));

        assertThat(crlf.problem()).isEmpty();
        assertThat(crlf.answers()).isEqualTo(answers).isEqualTo(ApprovalFile.read(lf).answers());
        // Folded by hand over two lines in double quotes, as an editor on Windows saves it.
        ApprovalFile.Read folded = ApprovalFile.read("test_c:\r\n  said: hi\r\n  text: \"eins\r\n    zwei\"\r\n");
        assertThat(folded.problem()).isEmpty();
        assertThat(folded.answers().get("test_c").fields()).containsEntry("text", "eins zwei");
    }

    @Test
    @DisplayName("every text reads back exactly as written, wherever it stands (what the test said, each field, a slot's"
            + " name and value, a multi-valued slot, a test's id): line breaks of every kind (a"
            + " lone \\r at the end, NEL, U+2028), spaces and tabs at either end, controls, YAML syntax, a BOM, emoji,"
            + " long lines")
    void everyTextRoundTrips() {
        List<String> lost = new ArrayList<>();
        for (String text : AwkwardTexts.all()) {
            Map<String, Object> slots = new LinkedHashMap<>();
            slots.put("name_" + text, text);
            slots.put("many", List.of(text, "other", Map.of("nested_" + text, text)));
            Map<String, ApprovedAnswer> answers = new LinkedHashMap<>();
            // Blank is no message a test can send (a test's text is trimmed and must not be blank): 'said' stays text.
            answers.put("test_a", new ApprovedAnswer(text.isBlank() ? "hi" : text, Map.of("intent", text, "next_flow", text,
                    "text", text, "entities", slots)));
            // A test's id comes from a UTF-8 file or a Java name: never half a surrogate pair, which no file holds (an
            // answer's text cut inside an emoji is held as U+FFFD on both sides of the comparison instead).
            if (text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                answers.put("test_" + text, new ApprovedAnswer(Map.of("text", "key")));
            }
            roundTrip(text, "simulations/orders.sim.yaml", answers).ifPresent(lost::add);
        }
        assertThat(lost).as("texts that did not read back as written").isEmpty();
    }

    @Test
    @DisplayName("the subject named in the header stays one comment line whatever its name holds (a line break of any kind,"
            + " a control character): the file reads back")
    void subjectStaysAComment() {
        List<String> lost = new ArrayList<>();
        Map<String, ApprovedAnswer> answers = Map.of("test_a", new ApprovedAnswer("hi", Map.of("text", "Hello")));
        for (String text : AwkwardTexts.all()) roundTrip(text, "simulations/" + text + ".sim.yaml", answers).ifPresent(lost::add);
        assertThat(lost).as("subjects whose file did not read back").isEmpty();
    }

    @Test
    @DisplayName("an emoji at any place of the file reads back, across the YAML reader's 1,024-character buffers too")
    void emojiAcrossTheReadersBuffers() {
        List<String> lost = new ArrayList<>();
        for (String text : AwkwardTexts.emojiAtEveryPlace()) {
            roundTrip(text, "x", Map.of("test_a", new ApprovedAnswer(Map.of("text", text)))).ifPresent(lost::add);
        }
        assertThat(lost).as("texts that did not read back as written").isEmpty();
    }

    /** What went wrong when {@code answers} were written and read back, naming {@code text}; empty when nothing did. */
    private static java.util.Optional<String> roundTrip(String text, String subject, Map<String, ApprovedAnswer> answers) {
        try {
            ApprovalFile.Read read = ApprovalFile.read(ApprovalFile.write(subject, answers));
            if (read.problem().isEmpty() && read.answers().equals(answers)) return java.util.Optional.empty();
            return java.util.Optional.of(AwkwardTexts.shown(text) + " -> " + read.problem().map(ApprovalFile.Problem::message)
                    .orElseGet(() -> ConsoleText.visible(String.valueOf(read.answers()))));
        } catch (RuntimeException e) {
            return java.util.Optional.of(AwkwardTexts.shown(text) + " -> " + e);
        }
    }

    @Test
    @DisplayName("what a test said is written first in its entry and reads back as the same text, however it looks;"
            + " an entry without it reads as one that does not say")
    void saidRoundTrip() {
        Map<String, ApprovedAnswer> answers = new LinkedHashMap<>();
        List<String> said = List.of("hi", "null", "true", "123", "~", "data {\"action\":\"GO\"}", "a: b", "# not a comment",
                "- dash", "  spaced  ", "two\nlines", "'quoted'");
        for (int i = 0; i < said.size(); i++) {
            answers.put("test_x[" + (i + 1) + "]", new ApprovedAnswer(said.get(i), Map.of("intent", "greeting")));
        }
        answers.put("test_old", new ApprovedAnswer(Map.of("intent", "greeting")));

        String text = ApprovalFile.write("x", answers);
        ApprovalFile.Read read = ApprovalFile.read(text);

        assertThat(read.problem()).isEmpty();
        assertThat(read.answers()).isEqualTo(answers);
        assertThat(text).contains("test_x[1]:\n  said: hi\n  intent: greeting\n", "test_old:\n  intent: greeting\n");
        assertThat(read.answers().get("test_old").said()).isNull();
        assertThat(ApprovalFile.write("x", read.answers())).isEqualTo(text);
    }

    @Test
    @DisplayName("stable order: tests by id with numbers compared as numbers, fields in a fixed order, slots by name;"
            + " the same answers in any order give the same bytes")
    void stableOrder() {
        Map<String, ApprovedAnswer> forwards = new LinkedHashMap<>();
        Map<String, ApprovedAnswer> backwards = new LinkedHashMap<>();
        List<String> ids = List.of("test_b", "test_a[10]", "test_a[2]", "test_conv#10", "test_conv#9", "test_a[1]");
        Map<String, Object> slots = new LinkedHashMap<>();
        slots.put("zip", "1");
        slots.put("amount", "2");
        for (String id : ids) forwards.put(id, answer("i", "f", "t", slots));
        for (int i = ids.size() - 1; i >= 0; i--) backwards.put(ids.get(i), answer("i", "f", "t", Map.of("amount", "2", "zip", "1")));


        String text = ApprovalFile.write("x", forwards);

        assertThat(ApprovalFile.write("x", backwards)).isEqualTo(text);
        assertThat(text.lines().filter(l -> !l.startsWith(" ") && !l.startsWith("#")).toList())
                .containsExactly("test_a[1]:", "test_a[2]:", "test_a[10]:", "test_b:", "test_conv#9:", "test_conv#10:");
        String first = text.substring(text.indexOf("test_a[1]:"), text.indexOf("test_a[2]:"));
        assertThat(first).containsSubsequence("intent: i", "next_flow: f", "text: t", "entities:", "amount:", "zip:");
        assertThat(text).startsWith("# Approved answers of x (cognigy-junit)").doesNotContain("---");
    }

    @Test
    @DisplayName("an answer holds the fields the verifier compares: first intent, last flow, all text, slots — only those approved")
    void fromResult() {
        BotTurn first = TestTurns.turn(0, "flow_a", "check_order", 0.9, Map.of("order_id", "ORD_1"), "Looking.", null, null);
        BotTurn second = TestTurns.turn(1, "flow_b", null, 0, Map.of(), "Found it.", null, null);
        SimulationResult result = new SimulationResult("test_x", "where", "sim_1", List.of(first, second));

        ApprovedAnswer all = ApprovedAnswer.of(result, Expectation.APPROVABLE);
        ApprovedAnswer some = ApprovedAnswer.of(result, List.of("next_flow", "intent"));

        assertThat(all.fields()).containsExactly(Map.entry("intent", "check_order"), Map.entry("next_flow", "flow_b"),
                Map.entry("text", "Looking.\nFound it."), Map.entry("entities", Map.of("order_id", "ORD_1")));
        assertThat(some.fields()).containsOnlyKeys("intent", "next_flow");
        assertThat(all.differences(some, List.of("intent", "next_flow"))).isEmpty();
        assertThat(some.differences(all, Expectation.APPROVABLE)).extracting(ApprovedAnswer.Difference::describe)
                .containsExactly("text: not in the approved answer yet, the bot answered \"Looking.\\nFound it.\"",
                        "entities: not in the approved answer yet, the bot answered {order_id=ORD_1}");
    }

    /** What stands in for a token or a customer's data that an approved answer holds: it must appear in no problem. */
    private static final String CANARY = "tok9f8e7d6c5bcanary";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a number tag on a text      | 'test_a:\\n  said: hi\\n  text: !!int 0x%s\\n'          | 3 | 9  | a value its tag (!!int, !!float, !!binary) does not fit: remove the tag, or put the value in quotes
            a binary tag on a text      | 'test_a:\\n  said: hi\\n  text: !!binary %s!!\\n'        | 3 | 9  | a value its tag (!!int, !!float, !!binary) does not fit: remove the tag, or put the value in quotes
            a tag handle twice          | '%%TAG !%1$s! tag:a.example,2000:\\n%%TAG !%1$s! tag:b.example,2000:\\n---\\ntest_a:\\n  said: hi\\n' | 2 | 1 | a %TAG directive YAML cannot read
            an undefined tag handle     | 'test_a:\\n  said: hi\\n  text: !%s!x y\\n'             | 3 | 9  | a tag (!...) YAML cannot read: put a text beginning with ! in quotes
            a quote never closed        | 'test_a:\\n  said: hi\\n  text: "%s\\n  intent: x\\n'   | 3 | 9  | the file ends inside a value: a closing quote missing, or the file cut short?
            a colon inside a plain text | 'test_a:\\n  said: hi\\n  text: %s: is it\\n'          | 3 | 28 | a colon and a space inside a text not in quotes, or a line indented unlike its neighbours
            a tab for indentation       | 'test_a:\\n\\tsaid: %s\\n'                              | 2 | 1  | a tab where YAML takes spaces only: indent with spaces
            a text beginning with @     | 'test_a:\\n  said: hi\\n  text: @%s\\n'                 | 3 | 9  | a character no plain text can begin with (such as @ or `): put the text in quotes
            an unknown escape           | 'test_a:\\n  said: hi\\n  text: "%s\\\\q"\\n'           | 3 | 30 | a backslash escape YAML does not know, in a text in double quotes
            """)
    @DisplayName("a file that is not YAML is a problem at its line and column, saying what kind of error and the fix, and"
            + " quoting nothing of the file: the parser's own message repeats the text an approved answer holds")
    void syntaxErrorQuotesNothing(String what, String text, int line, int column, String kind) {
        String file = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\").formatted(CANARY, CANARY);
        assertThat(ApprovalFile.read(file).problem()).as(what).hasValueSatisfying(p -> {
            assertThat(p.message()).isEqualTo("is not valid YAML (" + kind + ") — fix the YAML there, or run its tests with"
                    + " -Dcognigy.approve=true to record the bot's current answers").doesNotContain(CANARY);
            assertThat(List.of(p.line(), p.column())).containsExactly(line, column);
        });
    }

    @Test
    @DisplayName("an empty approval file (no bytes, only blank lines, only a byte order mark) is a problem at line 1, not a"
            + " file without answers: the engine writes {} for that; a file of comments and {} holds no answers")
    void emptyFileIsAProblem() {
        for (String empty : List.of("", "\n\n", "  \r\n", "\uFEFF")) {
            assertThat(ApprovalFile.read(empty).problem()).as("%s", empty.codePoints().boxed().toList())
                    .hasValueSatisfying(p -> {
                        assertThat(p.line()).isEqualTo(1);
                        assertThat(p.message()).startsWith("is empty, which no approval the engine writes is")
                                .contains("git checkout", "-Dcognigy.approve=true");
                    });
        }
        assertThat(ApprovalFile.read("# approved answers of orders.sim.yaml\n{}\n").problem()).isEmpty();
        assertThat(ApprovalFile.read("# approved answers of orders.sim.yaml\n{}\n").answers()).isEmpty();
    }

    @Test
    @DisplayName("an approval file of its header comments alone (cut short after them) is a problem at line 1 too, not a"
            + " file without answers")
    void headerAloneIsAProblem() {
        String header = ApprovalFile.write("orders.sim.yaml", Map.of());
        String cut = header.substring(0, header.lastIndexOf("{}"));
        assertThat(ApprovalFile.read(cut).problem()).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).startsWith("holds only comments, which no approval the engine writes is")
                    .contains("git checkout", "-Dcognigy.approve=true");
        });
        assertThat(ApprovalFile.read(header).problem()).isEmpty();
    }

    @Test
    @DisplayName("a broken file is a problem at its line: merge conflict, syntax error, a test twice, an unknown field, a wrong shape")
    void problemsHaveLines() {
        assertThat(ApprovalFile.read("test_a:\n  intent: x\n<<<<<<< HEAD\ntest_b:\n  intent: y\n=======\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("merge conflict marker '<<<<<<<'", "-Dcognigy.approve=true");
                });
        assertThat(ApprovalFile.read("test_a:\n  intent: x\n  text: [unclosed\n").problem())
                .hasValueSatisfying(p -> assertThat(p.message()).startsWith("is not valid YAML"));
        assertThat(ApprovalFile.read("test_a:\n  intent: x\ntest_b:\n  intent: y\ntest_a:\n  intent: z\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.message()).contains("test_a appears twice (lines 1 and 5)");
                });
        assertThat(ApprovalFile.read("test_a:\n  intent: x\n  txt: hello\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("unknown field 'txt'", "said, intent, next_flow, text, entities");
                });
        // A 'said' left empty would make the entry one compared by its key alone: it must be text.
        assertThat(ApprovalFile.read("test_a:\n  said:\n  intent: x\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.message()).isEqualTo("'said' of test_a must be the text the test said — write that text"
                            + " there, or remove the line: the next -Dcognigy.approve=true writes it");
                });
        // Quoted empty or blank text is no message a test sends either: it names no message the answer was approved for.
        for (String empty : List.of("''", "\"\"", "'  '")) {
            assertThat(ApprovalFile.read("test_a:\n  said: " + empty + "\n  intent: x\n").problem())
                    .as(empty).hasValueSatisfying(p -> {
                        assertThat(p.line()).isEqualTo(2);
                        assertThat(p.message()).isEqualTo("'said' of test_a must be the text the test said — write that text"
                                + " there, or remove the line: the next -Dcognigy.approve=true writes it");
                    });
        }
        assertThat(ApprovalFile.read("test_a:\n  said: [hi]\n").problem())
                .hasValueSatisfying(p -> assertThat(p.message()).contains("'said' of test_a must be the text"));
        assertThat(ApprovalFile.read("test_a:\n  said: hi\n  said: hello\n").problem())
                .hasValueSatisfying(p -> assertThat(p.message()).contains("'said' of test_a appears twice (lines 2 and 3)"));
        assertThat(ApprovalFile.read("- test_a\n").problem()).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(1));
        assertThat(ApprovalFile.read("test_a: yes\n").problem())
                .hasValueSatisfying(p -> assertThat(p.message()).contains("is not a mapping of fields"));
        // Both sides of a conflict kept, markers deleted: YAML would keep the later value without a word.
        assertThat(ApprovalFile.read("test_a:\n  intent: x\n  text: Hello!\n  text: Hi there!\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).isEqualTo("'text' of test_a appears twice (lines 3 and 4), as a merge may leave it"
                            + " — keep one");
                });
        assertThat(ApprovalFile.read("test_a:\n  entities:\n    order_id: ORD_1\n    order_id: ORD_2\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).contains("'entities' of test_a names 'order_id' twice (lines 3 and 4)");
                });
        assertThat(ApprovalFile.read("test_a:\n  intent: x\n---\ntest_b:\n  intent: y\n").problem())
                .hasValueSatisfying(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).contains("second YAML document");
                });
        assertThat(ApprovalFile.read("---\ntest_a:\n  intent: x\n...\n").problem()).isEmpty();
        assertThat(ApprovalFile.read("# only a comment\n{}\n").answers()).isEmpty();
    }

    @Test
    @DisplayName("an approval file stays inside the approval folder, whatever path its data file was selected by")
    void paths() {
        assertThat(ApprovalFile.forDataFile("simulations/orders.sim.yaml")).isEqualTo("simulations/orders.sim.yaml.approved.yaml");
        assertThat(ApprovalFile.forDataFile("../outside/./x.sim.csv")).isEqualTo("_up_/outside/x.sim.csv.approved.yaml");
        assertThat(ApprovalFile.forDataFile("/abs/x.sim.json")).isEqualTo("abs/x.sim.json.approved.yaml");
        assertThat(ApprovalFile.forDataFile("C:/other/x.sim.json")).isEqualTo("C_/other/x.sim.json.approved.yaml");
        assertThat(ApprovalFile.forClass("com.example.OrderBotTest")).isEqualTo("com/example/OrderBotTest.approved.yaml");
    }
}
