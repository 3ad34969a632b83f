package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where a problem is reported and what its fix says, at the edges the parsers leave to the reader: escaped quotes, a
 * quote opened after spaces, line ends other than LF, a key under a list item's '- ', the first line, the size limit.
 */
class ProblemPlacesTest {

    private static final String CSV_FIX = "check the quotes: a quoted cell ends with \" and a \" inside it is written \"\"";

    @Test
    @DisplayName("CSV: a quoted cell opened after spaces, with \"\" inside, and never closed is named at its quote")
    void csvQuoteAfterSpacesWithEscapedQuotes() {
        ParsedFile parsed = read("q.sim.csv", "id,utterance\ntest_a,  \"he said \"\"hi\"\", then\ntest_b,bye\n");

        assertThat(located(parsed)).containsExactly("2:10: CSV syntax error: Missing closing quote for value — the quoted"
                + " cell that starts here is never closed, so the rest of the file (lines 2 to 3) was read into it; " + CSV_FIX);
    }

    @Test
    @DisplayName("CSV: a quote inside a cell opens nothing; the cell left open is the later one, its trailing blank lines"
            + " not counted; a cell ending in \"\" then \" is closed")
    void csvQuoteInsideACellAndClosedByEscape() {
        ParsedFile midCell = read("q.sim.csv", "id,utterance\ntest_a,x\"y\ntest_b,\"open\n\n\n");
        ParsedFile crlf = read("q.sim.csv", "id,utterance\r\ntest_a,\"a\"\"\"\r\ntest_b,\"open\r\ntest_c,z\r\n");

        assertThat(located(midCell)).containsExactly("3:8: CSV syntax error: Missing closing quote for value — the quoted"
                + " cell that starts here is never closed, so the rest of the file (line 3) was read into it; " + CSV_FIX);
        assertThat(midCell.file().cases()).hasSize(1);
        assertThat(located(crlf)).containsExactly("3:8: CSV syntax error: Missing closing quote for value — the quoted"
                + " cell that starts here is never closed, so the rest of the file (lines 3 to 4) was read into it; " + CSV_FIX);
        assertThat(crlf.file().cases()).extracting(c -> c.utterance()).containsExactly("a\"");
    }

    @Test
    @DisplayName("JSON: a text left open at the line's end is named where it opens, past an escaped quote or backslash")
    void jsonTextOpenAtLineEnd() {
        ParsedFile escapedQuote = read("j.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"say \\\"hi\n\"}]}\n");
        ParsedFile escapedBackslash = read("j.sim.json",
                "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\\\\\", \"x\": \"a\n\"}]}\n");

        assertThat(located(escapedQuote)).containsExactly("1:51: JSON syntax error: the text that starts at line 1, column 42"
                + " is not closed before the line ends — close it with \", or write a line break inside a text as \\n; the rest"
                + " of the file after line 1 (1 line) was not read");
        assertThat(located(escapedBackslash)).containsExactly("1:57: JSON syntax error: the text that starts at line 1,"
                + " column 55 is not closed before the line ends — close it with \", or write a line break inside a text as"
                + " \\n; the rest of the file after line 1 (1 line) was not read");
    }

    @Test
    @DisplayName("JSON: a comma after the last entry is named at the comma, also across CR line ends and only blank lines after")
    void jsonTrailingComma() {
        ParsedFile lf = read("j.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\",\n  }]}\n\n");
        ParsedFile cr = read("j.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\"}\r,\r]}\r");

        assertThat(located(lf)).containsExactly("1:46: JSON syntax error: a comma after the last entry of an object, before"
                + " its '}' at line 2, column 3 — remove the comma after the last entry (line 1, column 46)");
        assertThat(located(cr)).containsExactly("2:1: JSON syntax error: a comma after the last entry of a list, before its"
                + " ']' at line 3, column 1 — remove the comma after the last entry (line 2, column 1)");
    }

    @Test
    @DisplayName("JSON: the case before a stray key that broke the list is left out with it, also when it is the list's first")
    void jsonStrayKeyLeavesOutTheFirstCase() {
        ParsedFile parsed = read("j.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\"}, \"expect\": {}]}");

        assertThat(parsed.file().cases()).isEmpty();
        assertThat(located(parsed)).hasSize(2).last().asString().startsWith("1:57: JSON syntax error");
    }

    @Test
    @DisplayName("YAML: the quote left open is found past an escaped \\\" and a commented-out quote, and named at its line")
    void yamlQuoteClosedByALaterOne() {
        ParsedFile doubleQuoted = read("y.sim.yaml",
                "cases:\n  - id: test_a\n    utterance: \"it's \\\" open\n  - id: test_b\n    utterance: \"closed\"\n");
        ParsedFile singleQuoted = read("y.sim.yaml", "cases:\n  - id: test_a\n    utterance: 'it''s open\n"
                + "  # a note with \"quote\n  - id: test_b\n    utterance: 'closed'\n");

        assertThat(located(doubleQuoted)).containsExactly("5:17: YAML syntax error: expected <block end>, but found"
                + " '<scalar>' (while parsing a block mapping at line 2, column 5) — check indentation (spaces, not tabs),"
                + " quotes, brackets and the ':' after each key; the quoted text that starts at line 3, column 16 ends only"
                + " on line 5 — is its closing \" missing on line 3?");
        assertThat(located(singleQuoted)).containsExactly("6:17: YAML syntax error: expected <block end>, but found"
                + " '<scalar>' (while parsing a block mapping at line 2, column 5) — check indentation (spaces, not tabs),"
                + " quotes, brackets and the ':' after each key; the quoted text that starts at line 3, column 16 ends only"
                + " on line 6 — is its closing ' missing on line 3?");
    }

    @Test
    @DisplayName("YAML: the quote left open is named with CR line ends (classic Mac OS) as with LF, a comment before it too")
    void yamlQuoteClosedByALaterOneWithCrLineEnds() {
        String lf = "cases:\n  - id: test_a # it's \"x\n    utterance: \"open\n  - id: test_b\n    utterance: \"closed\"\n";

        assertThat(located(read("y.sim.yaml", lf.replace("\n", "\r")))).isEqualTo(located(read("y.sim.yaml", lf)))
                .singleElement().asString().startsWith("5:17: YAML syntax error: expected <block end>")
                .endsWith("; the quoted text that starts at line 3, column 16 ends only on line 5 — is its closing \" missing on"
                        + " line 3?");
    }

    @Test
    @DisplayName("YAML: a key one column off is named against the key above it, past blank and comment lines, under a"
            + " list item's '- ' (with extra spaces), with CR line ends")
    void misalignedKey() {
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n   utterance: hi\n"))).containsExactly(
                "3:4: YAML syntax error: 'utterance' at column 4 does not line up with 'id' above it (column 5): the keys of"
                        + " one mapping start in the same column — indent 'utterance' as 'id' is (with spaces, not tabs), or"
                        + " start a new list item with '- '; in the parser's words: expected <block end>, but found '<block"
                        + " mapping start>' (while parsing a block collection at line 2, column 3)");
        assertThat(located(read("y.sim.yaml", "cases:\n  -   id: test_a\n     utterance: hi\n"))).singleElement().asString()
                .startsWith("3:6: YAML syntax error: 'utterance' at column 6 does not line up with 'id' above it (column 7)");
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi\n\n  # note\n   expect:\n      intent: x\n")))
                .singleElement().asString()
                .startsWith("6:4: YAML syntax error: 'expect' at column 4 does not line up with 'utterance' above it (column 5)")
                .endsWith("; the rest of the file after line 6 (1 line) was not read");
        assertThat(located(read("y.sim.yaml", "cases:\r  - id: test_a\r    utterance: hi\r   expect:\r      intent: x\r")))
                .singleElement().asString()
                .startsWith("4:4: YAML syntax error: 'expect' at column 4 does not line up with 'utterance' above it (column 5)");
    }

    @Test
    @DisplayName("YAML: in a document whose first key is indented, a key indented less is named against the key above it,"
            + " not called content after the document to be removed; the file is not said to have no cases")
    void keyLessIndentedThanAnIndentedDocument() {
        ParsedFile parsed = read("y.sim.yaml", "  version: 1\n cases:\n   - id: test_a\n     utterance: hi\n");

        assertThat(located(parsed)).containsExactly("2:2: YAML syntax error: 'cases' at column 2 does not line up with"
                + " 'version' above it (column 3): the keys of one mapping start in the same column — indent 'cases' as"
                + " 'version' is (with spaces, not tabs), or start a new list item with '- '; in the parser's words: expected"
                + " '<document start>', but found '<block mapping start>'; the rest of the file after line 2 (2 lines) was"
                + " not read");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("YAML: a quoted key is left to the parser's words, not explained against a key it was not compared with")
    void quotedKeyKeepsTheParsersWords() {
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi\n   \"expect\": x\n"))).containsExactly(
                "4:4: YAML syntax error: expected <block end>, but found '<block mapping start>' (while parsing a block"
                        + " collection at line 2, column 3) — check indentation (spaces, not tabs), quotes, brackets and the"
                        + " ':' after each key");
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n    \"utterance\": hi\n   expect: x\n")))
                .singleElement().asString().startsWith("4:4: YAML syntax error: expected <block end>");
    }

    @Test
    @DisplayName("YAML: a '#' that cut a text is placed in characters, after a non-ASCII one; a control character where it is")
    void placesInCharacters() {
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n    utterance: where #ORD_99\n  - id: test_b\n"
                + "    utterance: \u00e9 #x\n"))).containsExactly(
                "3:22: the text after ' #' is a YAML comment, so 'utterance' in cases[0] is 'where' — quote the whole text if"
                        + " '#' belongs to it",
                "5:18: the text after ' #' is a YAML comment, so 'utterance' in cases[1] is '\u00e9' — quote the whole text if"
                        + " '#' belongs to it");
        assertThat(located(read("y.sim.yaml", "cases:\n  - id: test_a\n    utterance: \"a\u0007b\"\n  - id: test_b\n")))
                .containsExactly("3:18: YAML syntax error: the control character U+0007 is not allowed in YAML, quoted or"
                        + " not — remove it (most editors do not show it); to send it to the bot, write it as \\u0007 inside a"
                        + " double-quoted text; the rest of the file after line 3 (1 line) was not read");
    }

    @Test
    @DisplayName("a file of exactly two bytes that are a UTF-16 byte order mark is named UTF-16, either byte order")
    void utf16MarkAlone() {
        for (byte[] bytes : new byte[][] {{(byte) 0xFF, (byte) 0xFE}, {(byte) 0xFE, (byte) 0xFF}}) {
            assertThat(located(Reading.READER.read("u.sim.csv", bytes))).containsExactly("1:1: the file starts with a UTF-16"
                    + " byte order mark (byte offset 0) — save it as UTF-8 (Excel's 'Unicode Text' writes UTF-16: choose"
                    + " 'CSV UTF-8 (Comma delimited)')");
        }
    }

    @Test
    @DisplayName("a stream of exactly the limit is read; a limit below 1 is refused when the reader is made")
    void sizeLimit() throws IOException {
        byte[] bytes = "cases: [ { id: test_a, utterance: hi } ]\n".getBytes(StandardCharsets.UTF_8);
        SimulationFileReader exact = new SimulationFileReader(bytes.length);

        ParsedFile parsed = exact.read("s.sim.yaml", new ByteArrayInputStream(bytes));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).hasSize(1);
        assertThat(new SimulationFileReader(1).read("s.sim.yaml", new ByteArrayInputStream(bytes)).problems())
                .extracting(FileProblem::toString).singleElement().asString()
                .startsWith("s.sim.yaml: the file is larger than the limit of 1 bytes");
        assertThatThrownBy(() -> new SimulationFileReader(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be between 1 and 2147483646: 0");
    }
}
