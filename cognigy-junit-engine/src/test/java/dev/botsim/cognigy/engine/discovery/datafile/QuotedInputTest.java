package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.discovery.botium.BotiumReader;

/**
 * What a problem quotes of the file is the user's text, which may be a page long or hold a terminal's escape codes: a
 * problem shows it cut short and with its control characters written visibly, on one line, and still says the fix.
 */
class QuotedInputTest {

    private static final Pattern RAW = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F\\u0085\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");
    private static final String LONG = "x".repeat(5_000);

    private static void readable(List<FileProblem> problems) {
        assertThat(problems).isNotEmpty().allSatisfy(p -> {
            assertThat(p.message()).hasSizeLessThan(400).contains(" — ");
            assertThat(RAW.matcher(p.message()).find()).as("raw control characters in %s", p.message()).isFalse();
        });
    }

    @Test
    @DisplayName("a CSV header cell of 5,000 characters is quoted by its beginning in 'unknown column', with the fix")
    void longCsvColumn() {
        ParsedFile parsed = read("h.sim.csv", "id,utterance," + LONG + "\ntest_a,hi,x\n");

        readable(parsed.problems());
        assertThat(located(parsed)).singleElement().asString()
                .startsWith("1:14: unknown column 'xxxxxxxxxx").contains("...' in the header — ");
    }

    @Test
    @DisplayName("a CSV tag and an entity holding a terminal's escape code are quoted with it written visibly")
    void escapeCodesInCsvCells() {
        ParsedFile parsed = read("t.sim.csv", "id,utterance,tags,entities\ntest_a,hi,smoke\u001b[31m,order\u001b[0m\n");

        readable(parsed.problems());
        assertThat(located(parsed)).anySatisfy(m -> assertThat(m).contains("tag 'smoke\\u001b[31m'"))
                .anySatisfy(m -> assertThat(m).contains("entity 'order\\u001b[0m'"));
    }

    @Test
    @DisplayName("a long CSV entity without '=' and a long text where a number belongs are quoted by their beginning")
    void longValues() {
        readable(read("e.sim.csv", "id,utterance,entities\ntest_a,hi," + LONG + "\n").problems());
        readable(read("v.sim.yaml", "version: " + "\uD83D\uDE00".repeat(3_000) + "\ncases: [ { id: test_a, utterance: hi } ]\n")
                .problems());
    }

    @Test
    @DisplayName("a JSON syntax error at a line separator or a right-to-left override names the character visibly")
    void jsonSyntaxErrorAtAnInvisibleCharacter() {
        ParsedFile separator = read("s.sim.json", "{\"cases\"\u2028: []}");
        ParsedFile override = read("o.sim.json", "{\"cases\": [a\u202Eb]}");

        readable(separator.problems());
        readable(override.problems());
        assertThat(located(separator)).singleElement().asString().contains("\\u2028");
        assertThat(located(override)).singleElement().asString().contains("\\u202e");
    }

    @Test
    @DisplayName("a Botium convo naming an asserter of 5,000 characters or an escape code is told so, quoted short")
    void botiumAsserterName() throws IOException {
        String convo = "{\"convos\": [{\"name\": \"c\\u001b[2J\", \"steps\": [{\"me\": [\"hi\"]}, {\"bot\": [{\"asserter\": \""
                + LONG + "\", \"args\": [\"a\"]}]}]}], \"x\\u001b[2J\": 1}";

        ParsedFile parsed = new BotiumReader(1 << 20).read("c.convo.json",
                new ByteArrayInputStream(convo.getBytes(StandardCharsets.UTF_8)), Optional.empty(), Optional.empty());

        readable(parsed.problems());
    }

    @Test
    @DisplayName("whatever a message was given, a problem is one line of bounded length that keeps its end, the fix")
    void anyMessageIsOneBoundedLine() {
        FileProblem problem = new FileProblem("f.sim.yaml", 1, 1, "a '" + LONG + "\n\u001b[2J' — do this");

        assertThat(problem.message()).hasSizeLessThan(1_100).endsWith("\\u001b[2J' — do this").doesNotContain("\n")
                .contains("characters cut");
    }
}
