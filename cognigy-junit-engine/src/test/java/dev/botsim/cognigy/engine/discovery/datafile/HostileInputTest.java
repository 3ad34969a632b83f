package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.located;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.messages;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding (V7), size and bombs (V8), object-creating YAML tags (V9). */
class HostileInputTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(5);
    private static final byte[] VALID = "cases: [ { id: test_a, utterance: hi } ]\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    @DisplayName("V7: invalid UTF-8 is rejected with its byte offset, line and column")
    void invalidUtf8() {
        byte[] bytes = concat("cases:\n  - id: test_ä\n    utterance: ".getBytes(StandardCharsets.UTF_8),
                new byte[] {'h', (byte) 0xC3, '(', '\n'});

        ParsedFile parsed = Reading.READER.read("bad.sim.yaml", bytes);

        assertThat(located(parsed)).containsExactly(
                "3:17: invalid UTF-8 at byte offset 39 (byte 0xC3) — save the file as UTF-8");
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(parsed.file().sha256()).hasSize(64);
    }

    @Test
    @DisplayName("V7: a CSV saved by Excel as Windows-1252 ('CSV (Comma delimited)') is named so, with the character its"
            + " byte is there")
    void windows1252() {
        byte[] excel = "id,utterance\r\ntest_a,Gr\u00fc\u00dfe aus M\u00fcnchen\r\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));

        ParsedFile parsed = Reading.READER.read("greetings.sim.csv", excel);

        assertThat(located(parsed)).containsExactly("2:10: invalid UTF-8 at byte offset 23 (byte 0xFC) — the file looks"
                + " saved as Windows-1252 ('ANSI', as Excel's 'CSV (Comma delimited)' and older Notepad save it), where that"
                + " byte is '\u00fc': save the file as UTF-8");
    }

    @Test
    @DisplayName("V7: a UTF-8 byte order mark (Excel's 'CSV UTF-8', an editor's 'UTF-8 with BOM' on Windows) is no part of"
            + " the text: a YAML, JSON or CSV file with one and CR LF line ends reads as the file without them, its problems"
            + " at the same line and column, an invalid byte on its first line too")
    void utf8Bom() {
        String yaml = "cases:\n  - id: test_a\n    utterance: |\n      Grüße\n      an alle\n  - id: test_b\n    utterance: hi\n"
                + "    expect:\n      intnt: greeting\n";
        String json = "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"Grüße\"},\n  {\"id\": \"test_b\", \"utterance\": \"hi\","
                + " \"expect\": {\"intnt\": \"greeting\"}}]}\n";
        String csv = "id,utterance,intent,bogus\ntest_a,\"Grüße\nan alle\",greeting,\n";
        for (String[] file : new String[][] {{"b.sim.yaml", yaml}, {"b.sim.json", json}, {"b.sim.csv", csv}}) {
            ParsedFile plain = read(file[0], file[1]);
            ParsedFile excel = Reading.READER.read(file[0], concat(BOM, file[1].replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));

            assertThat(located(excel)).as(file[0]).isEqualTo(located(plain)).hasSize(1);
            assertThat(excel.file().cases()).as(file[0]).isEqualTo(plain.file().cases()).isNotEmpty();
        }
        ParsedFile latin = Reading.READER.read("l.sim.csv", concat(BOM, "id,utter\u00e4nce\n".getBytes(
                java.nio.charset.Charset.forName("windows-1252"))));
        assertThat(located(latin)).containsExactly("1:9: invalid UTF-8 at byte offset 11 (byte 0xE4) — the file looks"
                + " saved as Windows-1252 ('ANSI', as Excel's 'CSV (Comma delimited)' and older Notepad save it), where that"
                + " byte is '\u00e4': save the file as UTF-8");
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    @DisplayName("V7: UTF-16 with and without a byte order mark is rejected")
    void utf16() {
        ParsedFile withBom = Reading.READER.read("u.sim.yaml", "cases: []".getBytes(StandardCharsets.UTF_16));
        ParsedFile littleEndian = Reading.READER.read("u.sim.json", "{\"cases\": []}".getBytes(StandardCharsets.UTF_16LE));

        assertThat(messages(withBom)).containsExactly(
                "the file starts with a UTF-16 byte order mark (byte offset 0) — save it as UTF-8 (Excel's 'Unicode Text'"
                        + " writes UTF-16: choose 'CSV UTF-8 (Comma delimited)')");
        assertThat(messages(littleEndian)).containsExactly(
                "NUL byte at byte offset 1 — the file looks like UTF-16 or binary data; save it as UTF-8 text");
    }

    @Test
    @DisplayName("V8: a file over the size limit is rejected before parsing")
    void oversizedBytes() {
        SimulationFileReader reader = new SimulationFileReader(64);
        byte[] bytes = ("cases: [ { id: test_a, utterance: " + "x".repeat(100) + " } ]").getBytes(StandardCharsets.UTF_8);

        ParsedFile parsed = reader.read("big.sim.yaml", bytes);

        assertThat(parsed.problems()).singleElement().hasToString(
                "big.sim.yaml: the file has 138 bytes, more than the limit of 64 — split it into several .sim files, or"
                        + " raise the limit with cognigy.discovery.max-file-size");
        assertThat(parsed.file().cases()).isEmpty();
        assertThat(reader.read("ok.sim.yaml", VALID).problems()).isEmpty();
    }

    @Test
    @DisplayName("V8: an endless stream is cut at the limit; nothing beyond limit + 1 bytes is read")
    void endlessStream() {
        AtomicLong consumed = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                consumed.incrementAndGet();
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                consumed.addAndGet(len);
                return len;
            }
        };

        ParsedFile parsed = assertTimeoutPreemptively(HANG_GUARD,
                () -> new SimulationFileReader(1000).read("endless.sim.yaml", endless));

        assertThat(messages(parsed)).containsExactly(
                "the file is larger than the limit of 1000 bytes — split it into several .sim files, or raise the limit"
                        + " with cognigy.discovery.max-file-size");
        assertThat(consumed.get()).isEqualTo(1001);
        assertThat(parsed.file().sha256()).isNull();
    }

    @Test
    @DisplayName("V8: a default-sized reader accepts 1 MiB and rejects one byte more")
    void defaultLimit() {
        byte[] exactly = new byte[SimulationFileReader.DEFAULT_MAX_BYTES];
        java.util.Arrays.fill(exactly, (byte) '#');
        System.arraycopy(VALID, 0, exactly, 0, VALID.length);
        exactly[VALID.length] = '\n';

        assertThat(Reading.READER.read("max.sim.yaml", exactly).problems()).isEmpty();
        assertThat(messages(Reading.READER.read("max.sim.yaml", concat(exactly, new byte[] {'#'})))).containsExactly(
                "the file has 1048577 bytes, more than the limit of 1048576 — split it into several .sim files, or raise"
                        + " the limit with cognigy.discovery.max-file-size");
    }

    @Test
    @DisplayName("V8: billion laughs is rejected (aliases are never expanded)")
    void billionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        yaml.append("cases: [ { id: test_a, utterance: *i } ]\n");

        ParsedFile parsed = assertTimeoutPreemptively(HANG_GUARD, () -> read("bomb.sim.yaml", yaml.toString()));

        assertThat(parsed.problems()).filteredOn(p -> p.message().startsWith("YAML alias")).hasSize(73);
        assertThat(located(parsed)).contains(
                "2:8: YAML alias '*a' is not supported — write the value out in full",
                "10:35: YAML alias '*i' is not supported — write the value out in full");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @ParameterizedTest(name = "V8: 10k-deep nesting in {0} is rejected without StackOverflowError")
    @ValueSource(strings = {"deep.sim.yaml", "deep.sim.json"})
    void deepNesting(String name) {
        String deep = "{\"cases\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        ParsedFile parsed = assertTimeoutPreemptively(HANG_GUARD, () -> read(name, deep));

        assertThat(messages(parsed)).containsExactly(
                "nesting deeper than 64 levels — simulation files need only a few levels; flatten the data");
        assertThat(parsed.problems().get(0).line()).isEqualTo(1);
    }

    @Test
    @DisplayName("V8: nesting up to the limit in context is read")
    void nestingWithinLimit() {
        String context = "{\"k\": ".repeat(58) + "1" + "}".repeat(58);
        ParsedFile parsed = read("n.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"x\", \"context\": "
                + context + "}]}");

        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    @DisplayName("V9: !!javax.script.ScriptEngineManager and other object tags are rejected; nothing inside is read")
    void objectTags() {
        ParsedFile parsed = read("tag.sim.yaml", """
                cases:
                  - id: test_a
                    utterance: hi
                    context: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]
                  - id: test_b
                    utterance: !local hi
                  - id: test_c
                    utterance: !!str plain tags are fine
                """);

        assertThat(located(parsed)).containsExactly(
                "4:14: YAML tag '!!javax.script.ScriptEngineManager' is not allowed — remove it; simulation files hold"
                        + " only text, numbers, true/false, lists and mappings",
                "6:16: YAML tag '!local' is not allowed — remove it; simulation files hold only text, numbers, true/false,"
                        + " lists and mappings");
        assertThat(parsed.file().cases()).singleElement()
                .satisfies(c -> assertThat(c.utterance()).isEqualTo("plain tags are fine"));
    }

    @Test
    @DisplayName("V7: an emoji at any place of a YAML file is read, across the YAML reader's 1,024-character windows too")
    void emojiAcrossTheYamlReadersWindows() {
        java.util.List<String> failed = new java.util.ArrayList<>();
        String head = "cases:\n  - id: test_a\n    utterance: \"";
        for (int at = 1000; at <= 1030; at++) {
            String utterance = "x".repeat(at - head.length()) + "\uD83D\uDE00 hi";
            String yaml = head + utterance + "\"\n";
            try {
                ParsedFile parsed = read("emoji.sim.yaml", yaml);
                if (!parsed.problems().isEmpty() || parsed.file().cases().size() != 1
                        || !parsed.file().cases().get(0).utterance().equals(utterance)) {
                    failed.add(at + ": " + messages(parsed));
                }
            } catch (RuntimeException e) {
                failed.add(at + ": " + e);
            }
        }
        assertThat(failed).as("places of the emoji at which the file was not read as written").isEmpty();
    }

    @Test
    @DisplayName("a fault of the parser itself is the file's problem where reading stopped, not an exception that ends"
            + " discovery for every file")
    void parserFaultIsTheFilesProblem() {
        tools.jackson.core.json.JsonFactory failingAtTheFifthToken = new tools.jackson.core.json.JsonFactory() {
            @Override
            public tools.jackson.core.JsonParser createParser(tools.jackson.core.ObjectReadContext context, String text) {
                return new tools.jackson.core.util.JsonParserDelegate(super.createParser(context, text)) {
                    private int tokens;

                    @Override
                    public tools.jackson.core.JsonToken nextToken() {
                        if (++tokens == 5) throw new IllegalStateException("parser fault");
                        return super.nextToken();
                    }
                };
            }
        };
        Problems problems = new Problems("fault.sim.json");

        TreeReader.read(failingAtTheFifthToken, Format.JSON, "{\"cases\": [\n  {\"id\": \"test_a\",\n"
                + "   \"utterance\": \"hi\"}\n]}\n", problems);

        assertThat(problems.sorted()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).isEqualTo("the JSON reader failed here (java.lang.IllegalStateException: parser"
                    + " fault), a fault of the reader, not necessarily of the file — report it to cognigy-junit with"
                    + " the file; rewording the text near here may get it read; the rest of the file after line 2"
                    + " (2 lines) was not read");
        });
    }

    private static final String MERGE_KEY = "a YAML merge key (<<) copies another mapping's fields, which the engine does"
            + " not read (aliases are refused) — write the fields out, or put the values every case and conversation"
            + " shares under 'defaults:' (user, platform, data, tags)";

    @Test
    @DisplayName("a YAML merge key (<<: *base) is one problem at the key saying what it is and the way out, with no"
            + " alias, unknown field or missing utterance reported for it; its case is left out")
    void mergeKey() {
        ParsedFile parsed = read("m.sim.yaml", """
                cases:
                  - &base
                    id: test_a
                    utterance: hi
                    expect: { intent: greeting }
                  - <<: *base
                    id: test_b
                  - id: test_c
                    utterance: ho
                    data:
                      <<: { channel: app }
                  - id: test_d
                    utterance: hey
                    expect:
                      <<: [*base]
                      intent: greeting
                  - <<: *base
                    idd: test_e
                """);

        assertThat(located(parsed)).containsExactly("6:5: " + MERGE_KEY, "11:7: " + MERGE_KEY, "15:7: " + MERGE_KEY,
                "17:5: " + MERGE_KEY, "18:5: unknown field 'idd' in cases[4] — did you mean 'id'?");
        assertThat(parsed.file().cases()).extracting(c -> c.id()).containsExactly("test_a");
    }

    @Test
    @DisplayName("a merge key in defaults or at the top is reported once too; in JSON '<<' is only a key")
    void mergeKeyElsewhere() {
        ParsedFile yaml = read("d.sim.yaml", """
                shared: &shared { platform: web }
                defaults:
                  <<: *shared
                cases: [ { id: test_a, utterance: hi } ]
                """);
        ParsedFile top = read("t.sim.yaml", "<<: { cases: [ { id: test_a, utterance: hi } ] }\n");
        ParsedFile json = read("j.sim.json", "{\"cases\": [{\"id\": \"test_a\", \"utterance\": \"hi\", \"<<\": 1}]}");

        assertThat(located(yaml)).containsExactly("1:1: unknown field 'shared' — allowed: version, bot,"
                + " mode, flows, locale, repeat, defaults, cases, conversations", "3:3: " + MERGE_KEY);
        assertThat(located(top)).containsExactly("1:1: " + MERGE_KEY);
        assertThat(messages(json)).singleElement().asString().startsWith("unknown field '<<' in cases[0]");
    }

    @Test
    @DisplayName("a YAML anchor without aliases is harmless and accepted")
    void anchorAlone() {
        assertThat(read("a.sim.yaml", "cases: [ &first { id: test_a, utterance: hi } ]").problems()).isEmpty();
    }
}
