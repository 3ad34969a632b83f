package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.fixture;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.messages;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.Expectation;

class CsvFileTest {

    private static final String CSV = "datafile/orders.sim.csv";

    @Test
    @DisplayName("CSV rows become cases; quoted commas, quotes and newlines are read; lines stay right after them")
    void happyPath() {
        ParsedFile parsed = fixture("orders.sim.csv");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).containsExactly(
                new SimulationCase("test_order_check", "I need to check my recent order", "usr_qa01", null, Map.of(),
                        Expectation.builder().intent("check_order").entities(Map.of("order_id", "ORD_99", "email", "a@b.c"))
                                .nextFlow("flow_order_status").responseContains("order").build(),
                        Set.of("smoke", "orders"), new SourcePosition(CSV, 2, 1)),
                new SimulationCase("test_greeting", "Hello, bot!\nAre you there?", null, null, Map.of(),
                        Expectation.builder().intent("greeting").build(), Set.of(),
                        new SourcePosition(CSV, 3, 1)),
                new SimulationCase("test_escalate", "Transfer me to a \"human\"", "usr_qa02", null, Map.of(),
                        Expectation.builder().intent("escalate").nextFlow("flow_escalation").build(), Set.of(),
                        new SourcePosition(CSV, 5, 1)));
        assertThat(parsed.file().flows()).isEmpty();
        assertThat(parsed.file().conversations()).isEmpty();
    }

    @Test
    @DisplayName("a file saved with Windows line ends (CRLF, as git checks text out on Windows) gives a cell that spans"
            + " lines the same text as the file saved with \\n: the line break is \\n, as in YAML, so the message sent,"
            + " its recording and its approval are one on every machine")
    void windowsLineEndsInsideCells() {
        String unix = "id,utterance,response_contains\ntest_a,\"Grüße\nwo ist meine Bestellung?\",\"ist\nunterwegs\"\n"
                + "test_b,hallo,\"alt\rmac\"\n";
        ParsedFile fromUnix = read("o.sim.csv", unix);
        ParsedFile fromWindows = read("o.sim.csv", unix.replace("\n", "\r\n"));

        assertThat(fromWindows.problems()).isEmpty();
        assertThat(fromWindows.file().cases()).isEqualTo(fromUnix.file().cases());
        assertThat(fromWindows.file().cases().get(0).utterance()).isEqualTo("Grüße\nwo ist meine Bestellung?");
        assertThat(fromWindows.file().cases().get(0).expect().responseContains()).isEqualTo("ist\nunterwegs");
        assertThat(fromWindows.file().cases().get(1).expect().responseContains()).isEqualTo("alt\nmac");
        assertThat(fromWindows.file().cases().get(1).position().line()).isEqualTo(5);
    }

    @Test
    @DisplayName("the optional columns are read, in any order; empty cells mean 'not set'")
    void optionalColumns() {
        ParsedFile parsed = read("o.sim.csv", """
                utterance,id,not_intent,intent_min_score,response_matches,error_code,platform
                hi,test_a,spam,0.7,^Hi,E42,web
                bye,test_b,,,,,
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases().get(0)).satisfies(c -> {
            assertThat(c.expect()).isEqualTo(Expectation.builder().notIntent("spam").intentMinScore(0.7).responseMatches("^Hi")
                    .errorCode("E42").build());
            assertThat(c.platform()).isEqualTo("web");
        });
        assertThat(parsed.file().cases().get(1).expect()).isEqualTo(Expectation.NONE);
        assertThat(parsed.file().cases().get(1).platform()).isNull();
    }

    @Test
    @DisplayName("V1: a problem after a multi-line quoted cell names the row's real line")
    void lineAfterMultiLineCell() {
        ParsedFile parsed = read("m.sim.csv", "id,utterance,intent_min_score\n"
                + "test_a,\"one\ntwo\nthree\",0.5\n"
                + "test_b,fine,1.5\n");

        assertThat(located(parsed)).containsExactly(
                "5:13: 'intent_min_score' 1.5 in the row at line 5 is outside [0, 1] — use a fraction such as 0.8");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");
    }

    @Test
    @DisplayName("item 9: response_contains_any and response_not_contains take texts separated by ';', as entities do;"
            + " an empty one is reported at its cell, and response_length is a YAML/JSON key only")
    void varyingAnswerColumns() {
        ParsedFile parsed = read("v.sim.csv", """
                id,utterance,response_contains_any,response_not_contains
                test_a,where is my order,order number; tracking ,sorry
                test_b,hi,hello;;hi,
                """);
        ParsedFile length = read("l.sim.csv", "id,utterance,response_length\ntest_a,hi,400\n");

        assertThat(located(parsed)).containsExactly(
                "3:11: 'response_contains_any[1]' in the row at line 3 is empty — give it a value or remove it");
        Expectation a = parsed.file().cases().get(0).expect();
        assertThat(a.responseContainsAny()).containsExactly("order number", "tracking");
        assertThat(a.responseNotContains()).containsExactly("sorry");
        assertThat(located(length)).singleElement().asString()
                .startsWith("1:14: unknown column 'response_length' in the header");
    }

    @Test
    @DisplayName("a header separated by ';' or tabs, as spreadsheets in many locales save CSV, is one problem saying so,"
            + " not three about a column named 'id;utterance;intent'")
    void otherSeparator() {
        ParsedFile semicolons = read("s.sim.csv", "id;utterance;intent\ntest_a;hi, there;greet\n");
        ParsedFile tabs = read("t.sim.csv", "ID\tUtterance\ntest_a\thi\n");

        assertThat(located(semicolons)).containsExactly("1:1: the header separates its columns with ';'s, not commas"
                + " — replace each ';' between cells with ',', or save the file as comma-separated CSV in UTF-8 (Excel's"
                + " 'CSV UTF-8 (Comma delimited)', with ',' as the list separator)");
        assertThat(messages(tabs)).containsExactly("the header separates its columns with tabs, not commas — replace each"
                + " tab between cells with ',', or save the file as comma-separated CSV in UTF-8 (Excel's 'CSV UTF-8 (Comma"
                + " delimited)', with ',' as the list separator)");
        assertThat(semicolons.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("V2: an unknown header gets a did-you-mean; a missing required column stops the rows")
    void unknownHeader() {
        ParsedFile parsed = read("h.sim.csv", "id,utterence,Intent,,intent\ntest_a,hi,x,,y\n");

        // The missing utterance column is the misspelt one: told once, at it.
        assertThat(located(parsed)).containsExactly(
                "1:4: unknown column 'utterence' in the header — did you mean 'utterance'?",
                "1:14: unknown column 'Intent' in the header — did you mean 'intent'?",
                "1:21: empty column name in the header — name every column (id,utterance,...) or remove the extra comma");
        assertThat(parsed.file().cases()).isEmpty();
        // A header without the column, and no misspelling of it, is still told the column it lacks.
        assertThat(messages(read("n.sim.csv", "id,question\ntest_a,hi\n"))).contains("the header has no 'utterance' column —"
                + " the first row must name the columns, at least id,utterance");
    }

    @Test
    @DisplayName("Excel's empty columns at the header's end (a column once formatted, left empty) are no problem while"
            + " they stay empty; a row may give their cells or leave them out")
    void excelTrailingEmptyColumns() {
        ParsedFile parsed = read("x.sim.csv", "id,utterance,intent,,,\r\ntest_a,hi,greeting,,,\r\ntest_b,ho,greeting\r\n"
                + "test_c,bye,,\r\n,,,,,\r\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a", "test_b", "test_c");
        assertThat(parsed.file().cases().get(1).expect()).isEqualTo(Expectation.builder().intent("greeting").build());
        // A row still gives every column the header names.
        assertThat(located(read("s.sim.csv", "id,utterance,intent,,\ntest_a,hi\n"))).containsExactly(
                "2:1: the row at line 2 has 2 cells but the header names 3 columns — add the missing cells (leave them"
                        + " empty between commas)");
    }

    @Test
    @DisplayName("an empty column name in the middle of the header is refused, and so is one at its end with a value"
            + " under it: which row and column holds it, and the fix; the rows holding one are left out")
    void unnamedColumnWithValues() {
        ParsedFile parsed = read("x.sim.csv", "id,,utterance,intent,,\ntest_a,,hi,greeting,,note\ntest_b,,ho,,,\n"
                + "test_c,,hey,,,again\ntest_d,,yo,,,more\n");

        assertThat(located(parsed)).containsExactly(
                "1:4: empty column name in the header — name every column (id,utterance,...) or remove the extra comma",
                "2:22: column 6 has no name in the header, but the row at line 2 has 'note' in it (and 2 more rows),"
                        + " which is not read — name the column in the header, or clear its cells");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_b");
    }

    @Test
    @DisplayName("a semicolon-separated header and Excel's 'sep=;' line are still told as such with Excel's empty columns"
            + " at the end")
    void trailingEmptyColumnsWithOtherSeparators() {
        assertThat(located(read("p.sim.csv", "sep=;\nid;utterance;intent;;;\ntest_s;hi;greeting;;;\n"))).containsExactly(
                "1:1: the first line 'sep=;' is Excel's note of the separator, not the header — remove it and save the"
                        + " file as CSV (comma-separated)");
        assertThat(located(read("q.sim.csv", "sep=;,,\nid,utterance,,\ntest_s,hi,,\n"))).containsExactly(
                "1:1: the first line 'sep=;' is Excel's note of the separator, not the header — remove it and save the"
                        + " file as CSV (comma-separated)");
        assertThat(messages(read("r.sim.csv", "id;utterance;intent;;;,,\ntest_s;hi;greeting;;;,,\n"))).containsExactly(
                "the header separates its columns with ';'s, not commas — replace each ';' between cells with ',', or save"
                        + " the file as comma-separated CSV in UTF-8 (Excel's 'CSV UTF-8 (Comma delimited)', with ',' as the list"
                        + " separator)");
    }

    @Test
    @DisplayName("a column of the YAML format says to write the case in YAML; repeat also names cognigy.repeat")
    void yamlOnlyColumns() {
        ParsedFile parsed = read("y.sim.csv", "id,utterance,repeat,quick_replies\ntest_a,hi,5,Track\n");

        assertThat(located(parsed)).containsExactly(
                "1:14: unknown column 'repeat' in the header — a CSV file has no repeat: write the case in a *.sim.yaml file"
                        + " with 'repeat:', or repeat every test of the run with cognigy.repeat",
                "1:21: unknown column 'quick_replies' in the header — 'quick_replies' is for *.sim.yaml and *.sim.json files,"
                        + " which CSV's flat rows of single-turn cases cannot hold: write this case in one of those");
    }

    @Test
    @DisplayName("V3: a repeated column and a repeated id are reported")
    void duplicates() {
        ParsedFile parsed = read("d.sim.csv", "id,utterance,intent,intent\ntest_a,hi,x,y\ntest_a,ho,x,y\ntest_b,ok,x,\n");

        assertThat(located(parsed)).containsExactly(
                "1:21: column 'intent' appears twice in the header — keep one",
                "2:1: id 'test_a' is used 2 times in this file (at 2:1, 3:1) — give each case its own id",
                "3:1: id 'test_a' is used 2 times in this file (at 2:1, 3:1) — give each case its own id");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_b");
    }

    @Test
    @DisplayName("rows with too many or too few cells, and malformed entities, are reported at the cell")
    void cellProblems() {
        ParsedFile parsed = read("c.sim.csv", """
                id,utterance,entities
                test_a,hi, there,a=1
                test_b,hi
                test_c,hi,order_id
                test_d,hi,=x;y=
                test_e,hi,a=1;b=x=y;
                """);

        assertThat(located(parsed)).containsExactly(
                "2:11: entity 'there' in the row at line 2 has no '=' — write entities as name=value pairs separated by"
                        + " ';', e.g. order_id=ORD_99;email=a@b.c",
                "2:18: the row at line 2 has 4 cells but the header has 3 — quote cells that contain commas (\"a, b\")",
                "3:1: the row at line 3 has 2 cells but the header has 3 — add the missing cells (leave them empty"
                        + " between commas)",
                "4:11: entity 'order_id' in the row at line 4 has no '=' — write entities as name=value pairs separated"
                        + " by ';', e.g. order_id=ORD_99;email=a@b.c",
                "5:11: entity '=x' in the row at line 5 needs both a name and a value — write name=value",
                "5:11: entity 'y=' in the row at line 5 needs both a name and a value — write name=value"
        );
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_e");
            assertThat(c.expect().entities()).containsExactly(Map.entry("a", "1"), Map.entry("b", "x=y"));
        });
    }

    @Test
    @DisplayName("a row with a cell too many is left out even when its entities read well: its cells may have shifted,"
            + " so the expectations it would check are not the ones written")
    void rowWithCellTooManyIsLeftOut() {
        ParsedFile parsed = read("c.sim.csv", """
                id,utterance,intent,entities
                test_a,hi,check_order,order_id=007,extra
                test_b,hi,check_order,order_id=007
                """);

        assertThat(located(parsed)).containsExactly(
                "2:36: the row at line 2 has 5 cells but the header has 4 — quote cells that contain commas (\"a, b\")");
        assertThat(parsed.leftOut()).containsExactly(2);
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_b");
            assertThat(c.expect().entities()).containsExactly(Map.entry("order_id", "007"));
        });
    }

    @Test
    @DisplayName("an intent_min_score cell that is no number (70%, a decimal comma) is reported at the cell, not read as"
            + " another score; 1e3 reads as the number it is and is out of range")
    void scoreCellThatIsNoNumber() {
        ParsedFile parsed = read("s.sim.csv", "id,utterance,intent_min_score\ntest_a,hi,70%\ntest_b,hi,\"0,7\"\n"
                + "test_c,hi,1e3\ntest_d,hi,.5\n");

        assertThat(located(parsed)).containsExactly(
                "2:11: 'intent_min_score' in the row at line 2 must be a number between 0 and 1, not the text '70%' —"
                        + " write a number such as 0.8 in the cell",
                "3:11: 'intent_min_score' in the row at line 3 must be a number between 0 and 1, not the text '0,7' —"
                        + " write a number such as 0.8 in the cell",
                "4:11: 'intent_min_score' 1e3 in the row at line 4 is outside [0, 1] — use a fraction such as 0.8");
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("test_d");
            assertThat(c.expect().intentMinScore()).isEqualTo(0.5);
        });
    }

    @Test
    @DisplayName("a mode column says a CSV file has no mode and where NLU cases go")
    void modeColumn() {
        assertThat(located(read("m.sim.csv", "id,utterance,mode\ntest_a,hi,nlu\n"))).containsExactly(
                "1:14: unknown column 'mode' in the header — a CSV file has no mode: its cases go through the run's backend"
                        + " (cognigy.backend); write NLU cases in a *.sim.yaml file with 'mode: nlu' (the import command"
                        + " writes them) or run with cognigy.backend=nlu");
    }

    @Test
    @DisplayName("a quoted cell that starts with a line break in a file saved with Windows line ends reads as the same"
            + " text as with \\n: every line break inside it is \\n")
    void windowsLineEndAtTheStartOfACell() {
        ParsedFile parsed = read("w.sim.csv", "id,utterance,response_contains\r\ntest_a,\"\r\nHallo\r\nWelt\",\"\r\nist\r\nda\"\r\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).singleElement().satisfies(c -> {
            assertThat(c.utterance()).isEqualTo("Hallo\nWelt");
            assertThat(c.expect().responseContains()).isEqualTo("ist\nda");
        });
    }

    @Test
    @DisplayName("an entity named twice in one cell is reported once: both uses stand at the cell, and the same problem at"
            + " the same place twice says nothing more; the row is still left out")
    void entityTwiceInOneCell() {
        ParsedFile parsed = read("c.sim.csv", """
                id,utterance,entities
                test_a,hi,a=1;a=2
                test_b,hi,\u00fc=1;u\u0308=2
                test_c,hi,a=1
                """);

        assertThat(located(parsed)).containsExactly(
                "2:11: key 'a' appears 2 times in the row at line 2 (at 2:11, 2:11) — keep only one",
                "3:11: entity '\u00fc' in the row at line 3 appears 2 times, in spellings that look the same but differ in"
                        + " Unicode form (U+00FC; U+0075 U+0308) (at 3:11, 3:11) — keep only one");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_c");
    }

    @Test
    @DisplayName("V1: an unterminated quote is a syntax error at the quote that opens it, naming the lines it swallowed;"
            + " rows before it are kept")
    void unterminatedQuote() {
        ParsedFile parsed = read("q.sim.csv", "id,utterance\ntest_a,hi\ntest_b,\"open\nstill open\n");

        assertThat(located(parsed)).containsExactly("3:8: CSV syntax error: Missing closing quote for value — the quoted"
                + " cell that starts here is never closed, so the rest of the file (lines 3 to 4) was read into it; check the"
                + " quotes: a quoted cell ends with \" and a \" inside it is written \"\"");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");

        // In the first cell of its row, after spaces, with doubled quotes inside, on the last line: still at its quote.
        assertThat(located(read("f.sim.csv", "id,utterance\ntest_a,\"say \"\"hi\"\"\"\n \"test_b,hi\n"))).containsExactly(
                "3:2: CSV syntax error: Missing closing quote for value — the quoted cell that starts here is never closed,"
                        + " so the rest of the file (line 3) was read into it; check the quotes: a quoted cell ends with \" and"
                        + " a \" inside it is written \"\"");
    }

    @Test
    @DisplayName("tags in a cell are separated by ';' as the items of every other list cell are, or by spaces")
    void tagsSeparatedBySemicolons() {
        ParsedFile parsed = read("g.sim.csv", "id,utterance,tags\ntest_a,hi,smoke;orders\ntest_b,hi,smoke; orders web/v2\n"
                + "test_c,hi,smoke;\n");

        assertThat(located(parsed)).containsExactly(
                "4:11: 'tags[1]' in the row at line 4 is empty — give it a value or remove it");
        assertThat(parsed.file().cases()).extracting(c -> c.tags())
                .containsExactly(Set.of("smoke", "orders"), Set.of("smoke", "orders", "web/v2"));
    }

    @Test
    @DisplayName("Excel's 'sep=;' first line is one problem saying what it is, not three about a header")
    void excelSeparatorLine() {
        ParsedFile semicolon = read("p.sim.csv", "sep=;\nid;utterance;intent\ntest_s;hi;greeting\n");
        ParsedFile comma = read("c.sim.csv", "sep=,\nid,utterance\ntest_a,hi\n");

        assertThat(located(semicolon)).containsExactly("1:1: the first line 'sep=;' is Excel's note of the separator,"
                + " not the header — remove it and save the file as CSV (comma-separated)");
        assertThat(located(comma)).containsExactly("1:1: the first line 'sep=,' is Excel's note of the separator, not the"
                + " header — remove it");
        assertThat(comma.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("Excel's 'sep=<tab>' first line of a tab-separated file is told as such, with the hint to save as CSV:"
            + " it is not the comma's 'sep=,'")
    void excelTabSeparatorLine() {
        assertThat(located(read("t.sim.csv", "sep=\t\nid\tutterance\ntest_a\thi\n"))).containsExactly(
                "1:1: the first line 'sep=\\t' is Excel's note of the separator, not the header — remove it and save the"
                        + " file as CSV (comma-separated)");
        assertThat(located(read("t.sim.csv", "sep=\t,,\nid,utterance,,\ntest_a,hi,,\n"))).containsExactly(
                "1:1: the first line 'sep=\\t' is Excel's note of the separator, not the header — remove it and save the"
                        + " file as CSV (comma-separated)");
    }

    @Test
    @DisplayName("V4/V5: the same validation as YAML applies to CSV cells: ids, users, blank and invisible utterances, tags")
    void cellValidation() {
        ParsedFile parsed = read("v.sim.csv", "id,utterance,user,tags\ntest a,hi,,\ntest_b,\" \",usr_x\u00071,\ntest_c,hi,,a|b ok\ntest_d,\"\u200b\",,\n");

        assertThat(located(parsed)).containsExactly(
                "2:1: id 'test a' in the row at line 2 does not match ^test_[a-zA-Z0-9_]+$ — start it with 'test_',"
                        + " then use only letters, digits and underscores",
                "3:1: the row at line 3 has no utterance — add utterance: <what the user says>, or utterances: [...] for"
                        + " variants",
                "3:12: user 'usr_x\\u00071' in the row at line 3 contains a control character — remove line breaks, tabs"
                        + " and other control characters",
                "4:12: tag 'a|b' in the row at line 4 is not a valid JUnit tag — tags cannot contain whitespace, control"
                        + " characters or any of , ( ) & | !",
                "5:8: 'utterance' in the row at line 5 contains only invisible characters (U+200B ZERO WIDTH SPACE) —"
                        + " write what the user says");
    }

    @Test
    @DisplayName("an empty CSV file and a header without rows are reported")
    void emptyCsv() {
        assertThat(located(read("e.sim.csv", ""))).containsExactly(
                "1:1: the file is empty — start with the header row id,utterance,intent,...");
        assertThat(located(read("e.sim.csv", "id,utterance\n\n"))).containsExactly(
                "1:1: the file has a header but no rows — add one row per case");
    }

    @Test
    @DisplayName("CRLF line endings and blank lines between rows are fine")
    void crlf() {
        ParsedFile parsed = read("w.sim.csv", "id,utterance\r\ntest_a,hi\r\n\r\ntest_b,ho\r\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(c -> c.position().line()).containsExactly(2, 4);
    }
}
