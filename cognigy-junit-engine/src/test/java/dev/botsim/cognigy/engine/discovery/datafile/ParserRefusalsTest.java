package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the parsers refuse before they read a value — a control character in YAML, a key or a number past the readers'
 * limits, a NUL byte — is said where it stands, in the file's words, with the fix, and never in the parser's API names.
 */
class ParserRefusalsTest {

    @Test
    @DisplayName("a control character in a YAML file (ESC, BEL) is reported at its line and column and named by its code,"
            + " not at 1:1 as 'special characters are not allowed'; columns count an emoji before it as one character")
    void controlCharacterInYaml() {
        ParsedFile esc = read("e.sim.yaml", "cases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n    utterance: h\u001bo\n");
        ParsedFile bel = read("b.sim.yaml", "cases:\r\n  - id: test_\uD83D\uDE00\uD83D\uDE00\r\n    utterance: \u0007\r\n");

        assertThat(located(esc)).containsExactly("5:17: YAML syntax error: the control character U+001B is not allowed in"
                + " YAML, quoted or not — remove it (most editors do not show it); to send it to the bot, write it as \\u001b"
                + " inside a double-quoted text");
        assertThat(located(bel)).containsExactly("3:16: YAML syntax error: the control character U+0007 is not allowed in"
                + " YAML, quoted or not — remove it (most editors do not show it); to send it to the bot, write it as \\u0007"
                + " inside a double-quoted text");
        assertThat(esc.file().cases()).isEmpty();
    }

    @Test
    @DisplayName("a noncharacter YAML refuses (U+FFFE) is named a character, not a control character, with its escape")
    void nonCharacterInYaml() {
        ParsedFile text = read("f.sim.yaml", "cases:\n  - id: test_a\n    utterance: h\uFFFEo\n");

        assertThat(located(text)).containsExactly("3:17: YAML syntax error: the character U+FFFE is not allowed in YAML,"
                + " quoted or not — remove it (most editors do not show it); to send it to the bot, write it as \\ufffe"
                + " inside a double-quoted text");
    }

    @Test
    @DisplayName("a key of 1,500 characters or a number of 1,500 digits is said as such with the fix, without the parser's"
            + " API names (StreamReadConstraints.getMaxNameLength())")
    void keyAndNumberPastTheLimits() {
        String key = "k".repeat(1_500);
        ParsedFile longKey = read("k.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\", \"" + key + "\": 1}]}");
        ParsedFile longNumber = read("n.sim.yaml", "cases: [{id: test_a, utterance: hi, repeat: " + "9".repeat(1_500) + "}]");

        assertThat(located(longKey)).singleElement().asString().endsWith(": a key of 1500 characters, more than the 1000 a key"
                + " may have — shorten it; a text belongs after the key's ':', as its value");
        assertThat(located(longNumber)).singleElement().asString().endsWith(": a number of 1500 characters, more than the 100"
                + " a number may have — write it in quotes to mean the text, or shorten it");
    }

    @Test
    @DisplayName("a YAML file with CR line ends (classic Mac OS) that ends cut short is reported where it ends, as with LF"
            + " or CR LF: on the line after its last, not past the end of its last line")
    void yamlEndingInALoneCr() {
        String unclosed = "cases:\n  - id: test_a\n    utterance: hi\n    expect: { intent: x \n";
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            assertThat(located(read("f.sim.yaml", unclosed.replace("\n", eol)))).as(eol.replace("\r", "CR").replace("\n", "LF"))
                    .containsExactly("5:1: YAML syntax error: expected ',' or '}', but got <stream end> (while parsing a flow"
                            + " mapping at line 4, column 13) — check indentation (spaces, not tabs), quotes, brackets and the"
                            + " ':' after each key");
            assertThat(located(read("d.sim.yaml", "---" + eol))).as(eol.replace("\r", "CR").replace("\n", "LF"))
                    .containsExactly("2:1: the file holds only null, so no cases or conversations — write a mapping with a"
                            + " 'cases:' list in its place, e.g. cases: [ { id: test_x, utterance: hello } ]");
        }
    }

    @Test
    @DisplayName("a NUL byte or invalid UTF-8 in a file with CR line ends (classic Mac OS, some exports) is reported at its"
            + " line, as with LF or CR LF, not on line 1")
    void badBytesWithCrLineEnds() {
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            String head = String.join(eol, "cases:", "  - id: test_a", "    utterance: h");
            byte[] nul = (head + "\u0000i" + eol).getBytes(StandardCharsets.UTF_8);
            byte[] invalid = (head + "\u00ffi" + eol).getBytes(StandardCharsets.ISO_8859_1);

            assertThat(located(Reading.READER.read("n.sim.yaml", nul))).as("NUL, %s", eol.replace("\r", "CR").replace("\n", "LF"))
                    .singleElement().asString().startsWith("3:17: NUL byte at byte offset");
            assertThat(located(Reading.READER.read("u.sim.yaml", invalid))).as("0xFF, %s", eol.replace("\r", "CR").replace("\n", "LF"))
                    .singleElement().asString().startsWith("3:17: invalid UTF-8 at byte offset");
        }
    }
}
