package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.AwkwardTexts;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.LoneSurrogates;

/** Cassettes as files: written in a stable order, read back to the same answer, and bad ones reported with positions. */
class CassetteFileTest {

    private static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "sandbox", "bot", "sha256:ab"));

    private static final TurnRequest TURN = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "a", Map.of(), "ses_1", "key",
            null, Map.of());

    private static Exchange exchange(String test, int turn, String text) {
        TurnRequest request = new TurnRequest("batch_1", "t", turn, "usr_1", "web", text, Map.of("b", 2, "a", 1), "ses_1",
                "key", null, Map.of());
        BotTurn answer = new BotTurn(0, "flow_order", "check_order", 0.93, Map.of("order_id", "ORD_1"), "On its way.", null,
                null, null, List.of(), List.of(), List.of(Map.of("z", 1, "y", Map.of("d", 1, "c", 2))));
        return new Exchange(test, turn, Exchange.request(request), Exchange.answer(new TurnResult("sim_9", "ses_1", "completed",
                List.of(answer), null, List.of("retried once"), 3)), 0);
    }

    @Test
    @DisplayName("every text reads back from the cassette's file exactly as written, wherever it stands (the message, a"
            + " data key and value, the answer's text, a slot's name and value, a quick reply, an output): line breaks of"
            + " every kind (a lone \\r at the end, NEL, U+2028), spaces and tabs at either end, controls, a BOM, emoji,"
            + " long lines; the request as a replay compares it too")
    void everyTextRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("awkward.cassette.json");
        List<String> lost = new ArrayList<>();
        List<String> texts = new ArrayList<>(AwkwardTexts.all());
        texts.addAll(AwkwardTexts.emojiAtEveryPlace());
        for (String text : texts) {
            // A key holding half a surrogate pair is written as U+FFFD (a JSON reader refuses its escape in a property
            // name): see keyWithHalfAnEmoji.
            String key = LoneSurrogates.replaced(text).equals(text) ? text : "half";
            TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", text, Map.of("key_" + key, text),
                    "ses_1", "key", null, Map.of());
            BotTurn turn = new BotTurn(0, "flow_" + text, text, 0.5, Map.of("slot_" + key, text, "many", List.of(text)), text,
                    null, null, null, List.of(new BotChoice(text, text)), List.of(), List.of(Map.of("out_" + key, text)));
            TurnResult answered = new TurnResult("sim_1", "ses_1", "completed", List.of(turn), null, List.of(), 1);
            Exchange written = new Exchange("[file:a]/[case:" + text + "]", 1, Exchange.request(request),
                    Exchange.answer(answered), 0);
            try {
                CassetteFile.write(file, CassetteFile.text(BOT, List.of(written)));
                CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "awkward.cassette.json");
                Exchange read = loaded.exchanges().get(new CassetteFile.Key(written.test(), 1));
                // Read back as written, as a replay compares the request, and replayed as the test would check it live.
                if (!loaded.problems().isEmpty() || read == null || !read.request().equals(written.request())
                        || !read.request().equals(CassetteFile.asRead(written.request()))
                        || !read.answer().equals(CassetteFile.asRead(written.answer()))
                        || !read.replayed(request).turns().equals(answered.turns())) {
                    lost.add(AwkwardTexts.shown(text) + " -> " + (read == null ? loaded.problems() : ConsoleText.visible(
                            read.request() + " " + read.answer())));
                }
            } catch (RuntimeException e) {
                lost.add(AwkwardTexts.shown(text) + " -> " + e);
            }
        }
        assertThat(lost).as("texts that did not read back as written").isEmpty();
    }

    @Test
    @DisplayName("a data key or slot named with half an emoji reads back as U+FFFD, the cassette still readable, and the"
            + " request a replay compares holds it so too")
    void keyWithHalfAnEmoji(@TempDir Path dir) throws IOException {
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "hi", Map.of("k\uD83D", "v\uD83D"), "ses_1",
                "key", null, Map.of());
        Exchange written = new Exchange("[file:a]/[case:x]", 1, Exchange.request(request), Exchange.answer(new TurnResult(
                "sim_1", "ses_1", "completed", List.of(TestTurns.turn(0, "f", "i", 0.5, Map.of("s\uDE00", 1), "t", null, null)),
                null, List.of(), 1)), 0);
        Path file = dir.resolve("half.cassette.json");
        CassetteFile.write(file, CassetteFile.text(BOT, List.of(written)));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "half.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        Exchange read = loaded.exchanges().get(new CassetteFile.Key("[file:a]/[case:x]", 1));
        assertThat(read.request()).containsEntry("data", Map.of("k\uFFFD", "v\uD83D"))
                .isEqualTo(CassetteFile.asRead(written.request()));
        assertThat(read.replayed(request).turns().get(0).entities()).containsOnlyKeys("s\uFFFD");
    }

    @Test
    @DisplayName("written by test and turn with sorted data keys and no ids, sessions, users or retries; read back to the same answer")
    void roundTrip(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:two]", 1, "second"), exchange("[file:b]/[case:one]", 2, "b"),
                exchange("[file:b]/[case:one]", 1, "a")));
        assertThat(text.indexOf("\"a\"")).isLessThan(text.indexOf("\"b\""));
        assertThat(text.indexOf("[case:one]")).isLessThan(text.indexOf("[case:two]"));
        assertThat(text).doesNotContain("ses_1", "usr_1", "batch_1", "sim_9", "retried", "\r");
        Path file = dir.resolve("orders.sim.yaml.cassette.json");
        Files.writeString(file, text);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "orders.sim.yaml.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.recordedAgainst()).contains(BOT);
        assertThat(loaded.exchanges()).hasSize(3);
        TurnRequest again = new TurnRequest("batch_2", "t", 2, "usr_2", "web", "b", Map.of(), "ses_2", "key2", null, Map.of());
        TurnResult replayed = loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 2)).replayed(again);
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.sessionId()).isEqualTo("ses_2");
        BotTurn turn = replayed.turns().get(0);
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.intentScore()).isEqualTo(0.93);
        assertThat(turn.entities()).containsEntry("order_id", "ORD_1");
        assertThat(turn.outputData().get(0)).containsEntry("z", 1);
        // Written again from what was read: the same bytes.
        assertThat(CassetteFile.text(loaded.recordedAgainst().get(), loaded.exchanges().values())).isEqualTo(text);
    }

    @Test
    @DisplayName("a cassette checked out with CR LF line ends (git's core.autocrlf on Windows) replays the same answers and"
            + " has the SHA-256 of the cassette with LF, the audit record's and a merged run's name for its content: a"
            + " Windows and a Linux replay of one commit pin the same cassette")
    void windowsLineEnds(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        Path lf = dir.resolve("lf.cassette.json");
        Path crlf = dir.resolve("crlf.cassette.json");
        Files.writeString(lf, text);
        Files.writeString(crlf, text.replace("\n", "\r\n"));

        CassetteFile.Loaded fromLinux = CassetteFile.read(dir, lf, "lf.cassette.json");
        CassetteFile.Loaded fromWindows = CassetteFile.read(dir, crlf, "crlf.cassette.json");

        assertThat(fromWindows.problems()).isEmpty();
        assertThat(fromWindows.exchanges()).isEqualTo(fromLinux.exchanges());
        assertThat(fromLinux.sha256()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(lf)));
        assertThat(fromWindows.sha256()).isEqualTo(fromLinux.sha256());
    }

    @Test
    @DisplayName("a cassette and bot.schema.json saved with a UTF-8 byte order mark (Visual Studio, PowerShell 5's"
            + " Set-Content -Encoding UTF8, an editor's 'UTF-8 with BOM' on Windows) read as without it, instead of being"
            + " refused as 'not valid JSON' and never recorded into again")
    void byteOrderMark(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        Path plain = Files.writeString(dir.resolve("plain.cassette.json"), text);
        Path bom = Files.writeString(dir.resolve("bom.cassette.json"), "\uFEFF" + text.replace("\n", "\r\n"));

        CassetteFile.Loaded read = CassetteFile.read(dir, bom, "bom.cassette.json");

        assertThat(read.problems()).isEmpty();
        assertThat(read.exchanges()).isEqualTo(CassetteFile.read(dir, plain, "plain.cassette.json").exchanges());
        assertThat(read.recordedAgainst()).contains(BOT);

        Path schema = SchemaFile.in(dir);
        SchemaFile.write(schema, BOT, dev.botsim.cognigy.engine.backend.BotSchema.UNKNOWN);
        Files.writeString(schema, "\uFEFF" + Files.readString(schema));
        assertThat(SchemaFile.read(dir, schema).stored()).hasValueSatisfying(stored ->
                assertThat(stored.recordedAgainst()).isEqualTo(BOT));
    }

    @Test
    @DisplayName("a cassette saved as Windows-1252 ('ANSI', older Notepad) after a hand edit is refused at the line and"
            + " column of its first byte that is no UTF-8, naming the character it is there, not at 1:1")
    void savedAsWindows1252(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        int line = (int) text.lines().takeWhile(l -> !l.contains("\"text\" : \"a\"")).count() + 1;
        String edited = text.replace("\"text\" : \"a\"", "\"text\" : \"Gr\u00fc\u00dfe\"");
        Path file = Files.write(dir.resolve("ansi.cassette.json"), edited.replace("\n", "\r\n")
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        int column = edited.lines().toList().get(line - 1).indexOf("Gr") + 3;

        CassetteFile.Loaded read = CassetteFile.read(dir, file, "ansi.cassette.json");

        assertThat(read.exchanges()).isEmpty();
        assertThat(read.problems()).singleElement().asString().startsWith("ansi.cassette.json:" + line + ":" + column
                + ": not UTF-8 text: byte 0xFC").contains("is '\u00fc' in Windows-1252 ('ANSI'), as older Notepad saves it:"
                + " save the file as UTF-8");
    }

    @Test
    @DisplayName("a cassette with a UTF-8 byte order mark whose hand edit was saved as Windows-1252 is refused at the column"
            + " an editor shows, the mark taking none, naming the character the byte is in Windows-1252")
    void byteOrderMarkThenWindows1252(@TempDir Path dir) throws IOException {
        byte[] edit = "{\"text\" : \"Gr\u00fc\u00dfe\"}\r\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        byte[] bytes = new byte[edit.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(edit, 0, bytes, 3, edit.length);
        Path file = Files.write(dir.resolve("bom-ansi.cassette.json"), bytes);

        CassetteFile.Loaded read = CassetteFile.read(dir, file, "bom-ansi.cassette.json");

        assertThat(read.exchanges()).isEmpty();
        assertThat(read.problems()).singleElement().asString().startsWith("bom-ansi.cassette.json:1:14: not UTF-8 text: byte"
                + " 0xFC (at byte offset 16) is '\u00fc' in Windows-1252 ('ANSI'), as older Notepad saves it: save the file"
                + " as UTF-8");
    }

    @Test
    @DisplayName("a cassette holding a bot's decomposed (NFD) names and texts, as one recorded before answers arrived"
            + " composed, replays the answer the bot gives live: composed, its choice titles as offered")
    void decomposedAnswerReplaysAsLive(@TempDir Path dir) throws IOException {
        BotTurn said = new BotTurn(0, "flow_pru\u0308fen", "bestellung_pru\u0308fen", 0.93,
                Map.of("gro\u0308ße", "Mu\u0308nchen", "orte", List.of("Ko\u0308ln")), "Unterwegs, Gru\u0308ße.", null, null, null,
                List.of(new BotChoice("Zuru\u0308ck", null)), List.of(), List.of());
        TurnResult live = new TurnResult("sim_1", "ses_1", "completed", List.of(said), null, List.of(), 0);
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "bestellung", Map.of(), "ses_1", "key", null,
                Map.of());
        Exchange recorded = new Exchange("[file:b]/[case:one]", 1, Exchange.request(request), Exchange.answer(live), 0);
        Path file = dir.resolve("b.cassette.json");
        Files.writeString(file, java.text.Normalizer.normalize(CassetteFile.text(BOT, List.of(recorded)), java.text.Normalizer.Form.NFD));
        assertThat(Files.readString(file)).contains("bestellung_pru\u0308fen");

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "b.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        TurnResult replayed = loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 1)).replayed(request);
        assertThat(replayed.turns()).isEqualTo(live.turns());
        BotTurn turn = replayed.turns().get(0);
        assertThat(List.of(turn.flowId(), turn.intent(), turn.text())).containsExactly("flow_prüfen", "bestellung_prüfen",
                "Unterwegs, Grüße.");
        assertThat(turn.entities()).containsEntry("größe", "München").containsEntry("orte", List.of("Köln"));
        assertThat(turn.quickReplies().get(0).title()).isEqualTo("Zuru\u0308ck");
    }

    @Test
    @DisplayName("buttons' types and a gallery's card buttons are recorded and replayed as read live, so a replayed"
            + " click on a call button or a card's link sends nothing, as live")
    void typedButtonsAndCardButtonsRoundTrip(@TempDir Path dir) throws IOException {
        BotTurn said = new BotTurn(0, "flow_accounts", "accounts", 0.9, Map.of(), "How can we help?", null, null, null,
                List.of(new BotChoice("Open", "OPEN_DEPOT")),
                List.of(new BotChoice("Call us", "+4930123456", BotChoice.PHONE_NUMBER), new BotChoice("Open", "OPEN_ACCOUNT", null)),
                List.of(new BotChoice("Choose Giro", "ACCOUNT_GIRO", BotChoice.POSTBACK),
                        new BotChoice("Fees", "https://bank.example/fees", BotChoice.WEB_URL)),
                List.of(), null);
        TurnResult live = new TurnResult("sim_1", "ses_1", "completed", List.of(said), null, List.of(), 0);
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "accounts", Map.of(), "ses_1", "key", null,
                Map.of());
        Exchange recorded = new Exchange("[file:b]/[case:one]", 1, Exchange.request(request), Exchange.answer(live), 0);
        Path file = dir.resolve("b.cassette.json");
        Files.writeString(file, CassetteFile.text(BOT, List.of(recorded)));
        assertThat(Files.readString(file)).contains("\"card_buttons\"", "\"type\" : \"phone_number\"");

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "b.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        TurnResult replayed = loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 1)).replayed(request);
        assertThat(replayed.turns()).isEqualTo(live.turns());
        assertThat(replayed.turns().get(0).cardButtons()).extracting(BotChoice::type).containsExactly("postback", "web_url");
    }

    @Test
    @DisplayName("a text of several lines is recorded with the outputs' texts (output_texts), an output of several lines"
            + " and outputs of a line each alike, and replayed with its outputs known; a text of one line is recorded as"
            + " before, without them")
    void outputTextsRoundTrip(@TempDir Path dir) throws IOException {
        BotTurn whole = new BotTurn(0, "Main", "greeting", 0.9, Map.of(), "Hello\nthere\nBye", null, null, null, List.of(),
                List.of(), List.of(), List.of(), List.of("Hello\nthere", "Bye"));
        BotTurn lines = new BotTurn(0, "Main", "greeting", 0.9, Map.of(), "Hello\nBye", null, null, null, List.of(),
                List.of(), List.of(), List.of(), List.of("Hello", "Bye"));
        BotTurn one = new BotTurn(0, "Main", "greeting", 0.9, Map.of(), "Hello", null, null, null, List.of(),
                List.of(), List.of(), List.of(), List.of("Hello"));
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "hi", Map.of(), "ses_1", "key", null, Map.of());
        Map<BotTurn, String> cases = Map.of(whole, "whole", lines, "lines", one, "one");
        List<Exchange> recorded = new ArrayList<>();
        for (BotTurn said : List.of(whole, lines, one)) {
            TurnResult live = new TurnResult("sim_1", "ses_1", "completed", List.of(said), null, List.of(), 0);
            recorded.add(new Exchange("[file:b]/[case:" + cases.get(said) + "]", 1, Exchange.request(request),
                    Exchange.answer(live), 0));
        }
        Path file = dir.resolve("b.cassette.json");
        Files.writeString(file, CassetteFile.text(BOT, recorded));
        String text = Files.readString(file);
        assertThat(text).containsPattern("\"text\" : \"Hello\\\\nthere\\\\nBye\",\\n *\"output_texts\" : \\[ \"Hello\\\\nthere\", \"Bye\" \\]");
        assertThat(text).containsPattern("\"text\" : \"Hello\\\\nBye\",\\n *\"output_texts\" : \\[ \"Hello\", \"Bye\" \\]");
        assertThat(text).containsPattern("\"text\" : \"Hello\"\\n");
        assertThat(text.split("output_texts", -1)).hasSize(3);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "b.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        for (BotTurn said : List.of(whole, lines, one)) {
            TurnResult replayed = loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:" + cases.get(said) + "]", 1))
                    .replayed(request);
            assertThat(replayed.turns()).as(cases.get(said)).containsExactly(said);
            assertThat(replayed.outputsUnknown()).as(cases.get(said)).isFalse();
        }

        // As a version that wrote them only where they were not the text's lines recorded it: two of those lines may have
        // been one output.
        String earlier = text.replaceFirst(",\\n *\"output_texts\" : \\[ \"Hello\", \"Bye\" \\]", "");
        assertThat(earlier.split("output_texts", -1)).hasSize(2);
        Files.writeString(file, earlier);
        TurnResult before = CassetteFile.read(dir, file, "b.cassette.json").exchanges()
                .get(new CassetteFile.Key("[file:b]/[case:lines]", 1)).replayed(request);
        assertThat(before.turns()).containsExactly(lines);
        assertThat(before.outputsUnknown()).isTrue();

        Files.writeString(file, text.replace("[ \"Hello\\nthere\", \"Bye\" ]", "\"Hello\\nthere\""));
        assertThat(CassetteFile.read(dir, file, "b.cassette.json").problems()).singleElement().asString()
                .contains("output_texts is not a list");
    }

    @Test
    @DisplayName("a merge-conflicted cassette is reported at the marker's line with the fix, and holds no entries")
    void mergeConflict(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, "{\n  \"cassette\" : 1,\n<<<<<<< HEAD\n  \"x\" : 1\n=======\n>>>>>>> main\n}\n");
        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.exchanges()).isEmpty();
        assertThat(loaded.problems()).containsExactly("c.cassette.json:3:1: a merge-conflict marker (<<<<<<<) — resolve the"
                + " conflict, or delete the cassette and run once with cognigy.replay=record");
    }

    @Test
    @DisplayName("a cassette that is not JSON is reported at the parser's line and column")
    void notJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, "{\n  \"cassette\" : 1,\n  \"exchanges\" : [ { \"test\" : } ]\n}\n");
        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).singleElement().asString().startsWith("c.cassette.json:3:").contains("not valid JSON",
                "cognigy.replay=record");
    }

    @ParameterizedTest(name = "a cassette of {0} bytes")
    @ValueSource(strings = {"", " \n", "\uFEFF"})
    @DisplayName("an empty cassette (a copy that did not finish, a redirect that wrote nothing) says it holds no JSON,"
            + " not that it has a syntax error")
    void emptyCassette(String text, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).singleElement().asString().matches("c\\.cassette\\.json:\\d+:\\d+: not valid JSON \\(the"
                + " file holds no JSON at all: emptied, or cut short\\?\\) — fix the JSON, or delete the cassette and run"
                + " once with cognigy.replay=record");
    }

    @ParameterizedTest(name = "a cassette holding {0}")
    @ValueSource(strings = {"null", "[ ]", "\"cassette\"", "1"})
    @DisplayName("a cassette holding JSON that is no object (null, a list, a single value) is reported as no cassette, with the"
            + " fix, and holds no entries: reading it does not fail the run")
    void jsonThatIsNoObject(String json, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, json + "\n");
        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.exchanges()).isEmpty();
        assertThat(loaded.problems()).singleElement().asString().startsWith("c.cassette.json:1:1: not a cassette (it holds ")
                .endsWith("— delete it and run once with cognigy.replay=record");
    }

    @Test
    @DisplayName("a hand-edited entry that cannot be replayed is reported at its line; the other entries are kept")
    void handEditedEntry(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        String edited = text.substring(0, second) + text.substring(second).replaceFirst("\"status\" : \"completed\"", "\"status\" : 7");
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);
        // An entry starts at its opening brace: the line before its "test".
        long line = edited.substring(0, second).lines().count() - 1;

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.unreadable()).isFalse();
        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] answer.status is not a text"
                + " — fix it, or delete the entry and run once with cognigy.replay=record");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5", "true", "[ \"[file:b]/[case:two]\" ]", "{ }"})
    @DisplayName("a test id that is no text (a number, a list) is reported at its entry's line as a value of the wrong type,"
            + " as a turn or status is, not as an entry without a test; a blank one still has none")
    void testIdThatIsNoText(String value, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        String field = "\"test\" : \"[file:b]/[case:two]\"";
        int second = text.indexOf(field);
        long line = text.substring(0, second).lines().count() - 1;
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text.replace(field, "\"test\" : " + value));
        Path blank = dir.resolve("blank.cassette.json");
        Files.writeString(blank, text.replace(field, "\"test\" : \" \""));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] 'test' is not a text"
                + " — fix it, or delete the entry and run once with cognigy.replay=record");
        assertThat(CassetteFile.read(dir, blank, "blank.cassette.json").problems()).singleElement().asString()
                .contains(":" + line + ":1: exchanges[1] has no 'test' — fix it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"request: \"hello\"", "request: 5", "request: [ ]", "answer: \"On its way.\"", "answer: 0.93",
            "answer: [ { } ]", "answer: true"})
    @DisplayName("a request or answer that is no object (a text, number, list) is reported at its entry's line as a value of"
            + " the wrong type, not as an entry without one; one left out still has none")
    void requestOrAnswerThatIsNoObject(String edit, @TempDir Path dir) throws IOException {
        String name = edit.substring(0, edit.indexOf(':'));
        String value = edit.substring(edit.indexOf(':') + 2);
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        long line = text.substring(0, second).lines().count() - 1;
        // The second entry's object, from its opening brace to the matching close, replaced by the value.
        String opening = "\"" + name + "\" : {";
        int start = text.indexOf(opening, second) + opening.length() - 1;
        int end = start;
        for (int depth = 0; ; end++) {
            char c = text.charAt(end);
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) break;
        }
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text.substring(0, start) + value + text.substring(end + 1));
        // Left out: the field and its object gone, the entry otherwise as written.
        String without = text.substring(0, text.indexOf(opening, second)) + "\"x\" : 0" + text.substring(end + 1);
        Path missing = dir.resolve("missing.cassette.json");
        Files.writeString(missing, without);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] '" + name + "' is not an"
                + " object — fix it, or delete the entry and run once with cognigy.replay=record");
        assertThat(loaded.unread()).singleElement().satisfies(u -> assertThat(u.key())
                .contains(new CassetteFile.Key("[file:b]/[case:two]", 1)));
        assertThat(CassetteFile.read(dir, missing, "missing.cassette.json").problems()).singleElement().asString()
                .contains(":" + line + ":1: exchanges[1] has no '" + name + "' object — fix it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"score\" : \"0.93\"", "\"score\" : [ 0.93 ]", "\"index\" : \"0\""})
    @DisplayName("a hand-edited score or turn index that is no number (0.93 quoted) is reported at its entry's line, not"
            + " replayed as an answer without a score")
    void scoreOrIndexThatIsNoNumber(String edit, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        String field = edit.substring(0, edit.indexOf(':') + 2);
        assertThat(text).contains(field + (field.contains("score") ? "0.93" : "0"));
        String edited = text.replaceFirst(java.util.regex.Pattern.quote(field) + "[0-9.]+", java.util.regex.Matcher.quoteReplacement(edit));
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        String name = field.contains("score") ? "score" : "index";
        assertThat(loaded.exchanges()).isEmpty();
        assertThat(loaded.problems()).singleElement().asString().startsWith("c.cassette.json:")
                .contains(": exchanges[0] answer.turns[]." + name + " is not a number — fix it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e400", "-1e400", "1E+999", "1000000000000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"})
    @DisplayName("a recorded score beyond any number a double holds (1e400, read as infinity) is reported at its entry's"
            + " line, not replayed as a score that passes every minimum")
    void scoreBeyondAnyNumber(String score, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        long line = text.substring(0, second).lines().count() - 1;
        String edited = text.substring(0, second) + text.substring(second).replaceFirst("\"score\" : 0\\.93", "\"score\" : " + score);
        assertThat(edited).contains("\"score\" : " + score);
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] answer.turns[].score is"
                + " not a finite number — fix it, or delete the entry and run once with cognigy.replay=record");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"7", "-3", "1.0000001", "-0.01", "1e300"})
    @DisplayName("a recorded score outside 0 to 1, where Cognigy's NLU scores an intent (an edited 7), is reported at its"
            + " entry's line, not replayed as a score that passes every minimum; 0 and 1 are scores")
    void scoreOutsideZeroToOne(String score, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        long line = text.substring(0, second).lines().count() - 1;
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text.substring(0, second) + text.substring(second).replaceFirst("\"score\" : 0\\.93", "\"score\" : " + score));
        Path bounds = dir.resolve("bounds.cassette.json");
        Files.writeString(bounds, text.replaceFirst("\"score\" : 0\\.93", "\"score\" : 0").replaceFirst("\"score\" : 0\\.93", "\"score\" : 1"));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] answer.turns[].score is"
                + " outside 0 to 1, where Cognigy's NLU scores an intent — fix it, or delete the entry and run once with"
                + " cognigy.replay=record");
        CassetteFile.Loaded atBounds = CassetteFile.read(dir, bounds, "bounds.cassette.json");
        assertThat(atBounds.problems()).isEmpty();
        assertThat(atBounds.exchanges().values()).extracting(e -> e.replayed(TURN).turns().get(0).intentScore())
                .containsExactly(0.0, 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e30", "-1e30", "2147483648", "-2147483649", "100000000000000000000000", "1.5", "-1", "-2147483648"})
    @DisplayName("a recorded turn index below 0 (a server's index copied as it came), no int holds (1e30) or with a fraction is"
            + " reported at its entry's line, not replayed clamped or cut to another index; 0 and the largest an int holds are read")
    void indexNoIntHolds(String index, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        long line = text.substring(0, second).lines().count() - 1;
        assertThat(text.substring(second)).contains("\"index\" : 0,");
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text.substring(0, second) + text.substring(second).replaceFirst("\"index\" : 0,", "\"index\" : " + index + ","));
        Path largest = dir.resolve("largest.cassette.json");
        Files.writeString(largest, text.substring(0, second) + text.substring(second).replaceFirst("\"index\" : 0,", "\"index\" : 2147483647,"));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] answer.turns[].index is"
                + " not a whole number from 0 to 2147483647 — fix it, or delete the entry and run once with"
                + " cognigy.replay=record");
        CassetteFile.Loaded read = CassetteFile.read(dir, largest, "largest.cassette.json");
        assertThat(read.problems()).isEmpty();
        assertThat(read.exchanges().get(new CassetteFile.Key("[file:b]/[case:two]", 1)).replayed(TURN).turns().get(0).turnIndex())
                .isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"complete", "passed", "COMPLETED", ""})
    @DisplayName("a hand-edited or damaged answer status the engine never records is reported at its entry's line, naming the"
            + " value and the statuses recorded, not replayed as an answer nobody recorded")
    void statusTheEngineNeverRecords(String status, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        String edited = text.substring(0, second) + text.substring(second).replaceFirst("\"status\" : \"completed\"",
                "\"status\" : \"" + status + "\"");
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);
        long line = edited.substring(0, second).lines().count() - 1;

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(loaded.problems()).containsExactly("c.cassette.json:" + line + ":1: exchanges[1] answer.status "
                + (status.isEmpty() ? "(a text of 0 characters)" : "'" + status + "'") + " is none the engine records"
                + " (completed, failed) — fix it, or delete the entry and run once with cognigy.replay=record");
    }

    @Test
    @DisplayName("a status longer than a word, which may be any text of a damaged file, is named by its length, never quoted")
    void statusThatIsNoWordIsNotQuoted(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text.replaceFirst("\"status\" : \"completed\"", "\"status\" : \"Bearer eyJhbGciOiJIUzI1NiJ9.x\""));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).isEmpty();
        assertThat(loaded.problems()).singleElement().asString()
                .contains("exchanges[0] answer.status (a text of 29 characters) is none the engine records (completed, failed)")
                .doesNotContain("eyJ");
    }

    @Test
    @DisplayName("both statuses every release has recorded are read back: a cassette of an earlier release stays readable")
    void statusesRecordedAreRead(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int second = text.indexOf("\"test\" : \"[file:b]/[case:two]\"");
        String edited = text.substring(0, second) + text.substring(second).replaceFirst("\"status\" : \"completed\"",
                "\"status\" : \"failed\"");
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.exchanges().values()).extracting(exchange -> exchange.replayed(new TurnRequest("batch_1", "t", 1, "usr_1", "web", "a", Map.of(), "ses_1",
                "key", null, Map.of())).status())
                .containsExactly("completed", "failed");
    }

    @Test
    @DisplayName("a message the bot gave no answer to is recorded as unanswered (the failure's kind and message) and read"
            + " back so, a replay failing it with the same kind; an unknown kind or an answer beside it is reported at its"
            + " line")
    void unansweredEntry(@TempDir Path dir) throws IOException {
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "where", Map.of(), "ses_1", "key", null, Map.of());
        Exchange unanswered = new Exchange("[file:b]/[case:one]/[repetition:2]", 1, Exchange.request(request),
                Exchange.unanswered(new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 60 s"), request), 0);
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "where"), unanswered));
        assertThat(text).contains("""
                    "answer" : {
                      "unanswered" : {
                        "kind" : "timeout",
                        "message" : "no answer within 60 s"
                      }
                    }
                  } ]""".indent(2).stripTrailing());
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.problems()).isEmpty();
        Exchange read = loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]/[repetition:2]", 1));
        assertThat(read.unanswered()).isTrue();
        assertThat(read.noAnswer().kind()).isEqualTo(dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT);
        assertThat(read.noAnswer().getMessage()).startsWith("no answer within 60 s (replayed: the bot gave this message no"
                + " answer when it was recorded");
        assertThat(loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 1)).unanswered()).isFalse();

        Files.writeString(file, text.replace("\"kind\" : \"timeout\"", "\"kind\" : \"sleepy\""));
        assertThat(CassetteFile.read(dir, file, "c.cassette.json").problems()).singleElement().asString()
                .contains("exchanges[1] answer.unanswered.kind 'sleepy' is none of authentication, permission, configuration,"
                        + " timeout, protocol, transport, rejected");
        Files.writeString(file, text.replace("\"unanswered\" : {", "\"status\" : \"completed\", \"unanswered\" : {"));
        assertThat(CassetteFile.read(dir, file, "c.cassette.json").problems()).singleElement().asString()
                .contains("exchanges[1] answer holds 'unanswered' beside an answer");
    }

    @Test
    @DisplayName("an unanswered entry's kind longer than a word, which may be any text of a damaged file, is named by its"
            + " length, never quoted, as an unknown status is")
    void unansweredKindThatIsNoWordIsNotQuoted(@TempDir Path dir) throws IOException {
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "where", Map.of(), "ses_1", "key", null, Map.of());
        Exchange timedOut = new Exchange("[file:b]/[case:one]", 1, Exchange.request(request),
                Exchange.unanswered(new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 60 s"), request), 0);
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, CassetteFile.text(BOT, List.of(timedOut)).replace("\"kind\" : \"timeout\"",
                "\"kind\" : \"Bearer eyJhbGciOiJIUzI1NiJ9.x\""));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.exchanges()).isEmpty();
        assertThat(loaded.problems()).singleElement().asString()
                .contains("exchanges[0] answer.unanswered.kind (a text of 29 characters) is none of authentication,")
                .doesNotContain("eyJ");
    }

    @Test
    @DisplayName("an entry an earlier version recorded unanswered for the recording run's own setup (credentials"
            + " rejected, a permission missing, a configuration refusal) is no answer of the bot: reported at its line and"
            + " not replayed, so a replay, which needs no credentials, does not fail its test for a reason of that run")
    void unansweredForTheRunsSetupIsNotReplayed(@TempDir Path dir) throws IOException {
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "where", Map.of(), "ses_1", "key", null, Map.of());
        Exchange timedOut = new Exchange("[file:b]/[case:one]", 1, Exchange.request(request),
                Exchange.unanswered(new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 60 s"), request), 0);
        String text = CassetteFile.text(BOT, List.of(timedOut));
        Path file = dir.resolve("c.cassette.json");
        for (String kind : List.of("authentication", "permission", "configuration")) {
            Files.writeString(file, text.replace("\"kind\" : \"timeout\"", "\"kind\" : \"" + kind + "\""));
            CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
            assertThat(loaded.exchanges()).as(kind).isEmpty();
            assertThat(loaded.problems()).as(kind).singleElement().asString().startsWith("c.cassette.json:")
                    .contains("exchanges[0] answer.unanswered.kind '" + kind + "' is the recording run's own setup failing",
                            "not the bot leaving the message unanswered", "run once with cognigy.replay=record");
        }
    }

    @Test
    @DisplayName("an entry recorded twice is reported at the second, naming the first")
    void duplicate(@TempDir Path dir) throws IOException {
        String one = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        // Two copies of the same entry, as a careless merge leaves them.
        int start = one.indexOf("  \"exchanges\" : [ ") + "  \"exchanges\" : [ ".length();
        int end = one.lastIndexOf(" ]");
        String entry = one.substring(start, end);
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, one.substring(0, end) + ", " + entry + one.substring(end));
        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.exchanges()).hasSize(1);
        assertThat(loaded.problems()).singleElement().asString().contains("exchanges[1] records [file:b]/[case:one] turn 1 again"
                + " (first at line 7)");
    }

    @Test
    @DisplayName("an entry recorded twice with different answers is replayed from neither, whichever comes first: which"
            + " is the bot's cannot be told, and a third copy is left out too")
    void conflictingDuplicate(@TempDir Path dir) throws IOException {
        String one = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int start = one.indexOf("  \"exchanges\" : [ ") + "  \"exchanges\" : [ ".length();
        int end = one.indexOf("}, {", start) + 1;
        String entry = one.substring(start, end);
        String other = entry.replace("\"check_order\"", "\"escalate\"");
        assertThat(other).isNotEqualTo(entry);
        for (List<String> copies : List.of(List.of(entry, other), List.of(other, entry), List.of(other, entry, entry))) {
            Path file = dir.resolve("c.cassette.json");
            Files.writeString(file, one.substring(0, start) + String.join(", ", copies) + one.substring(end));

            CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

            assertThat(loaded.exchanges()).as("the other test's entry stays").containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:two]", 1));
            assertThat(loaded.problems()).hasSize(copies.size() - 1);
            assertThat(loaded.problems().get(0)).contains("exchanges[1] records [file:b]/[case:one] turn 1 again (first at line 7)"
                    + " with another request or answer: neither is replayed, since which is the bot's cannot be told");
        }
    }

    @Test
    @DisplayName("the entries it could not read are listed by line with the test and turn they name, both copies of an"
            + " entry that differ among them; a copy identical to the first is not, since the first holds what it holds")
    void entriesNotRead(@TempDir Path dir) throws IOException {
        String one = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"), exchange("[file:b]/[case:two]", 1, "b")));
        int start = one.indexOf("  \"exchanges\" : [ ") + "  \"exchanges\" : [ ".length();
        int end = one.indexOf("}, {", start) + 1;
        String entry = one.substring(start, end);
        String other = entry.replace("\"check_order\"", "\"escalate\"");
        // case one twice and differing, a copy of the first identical to it, then an entry that is no object
        String text = one.substring(0, start) + String.join(", ", entry, entry, other) + one.substring(end)
                .replaceFirst(" } ]\n}\n$", " }, 7 ]\n}\n");
        assertThat(text).endsWith(", 7 ]\n}\n");
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, text);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        CassetteFile.Key one1 = new CassetteFile.Key("[file:b]/[case:one]", 1);
        assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:two]", 1));
        assertThat(loaded.problems()).hasSize(3);
        assertThat(loaded.unread()).extracting(CassetteFile.Unread::key)
                .containsExactly(java.util.Optional.of(one1), java.util.Optional.of(one1), java.util.Optional.empty());
        int secondCopy = loaded.unread().get(1).line();
        assertThat(loaded.unread().get(0).what()).isEqualTo("c.cassette.json:7:1: exchanges[0] records [file:b]/[case:one]"
                + " turn 1, as the entry at line " + secondCopy + " does with another request or answer");
        assertThat(loaded.unread().get(1).what()).startsWith("c.cassette.json:" + secondCopy + ":1: exchanges[2] records"
                + " [file:b]/[case:one] turn 1 again (first at line 7) with another request or answer").doesNotContain(" — fix");
        // An entry that is no object has its own line, and the entries before it keep theirs.
        assertThat(loaded.unread().get(2).what()).isEqualTo("c.cassette.json:" + (text.lines().count() - 1) + ":1: exchanges[4]"
                + " is not an object");
        assertThat(CassetteFile.read(dir, dir.resolve("none.cassette.json"), "none").unread()).isEmpty();
    }

    @ParameterizedTest(name = "nested {0} deep")
    @ValueSource(ints = {600, 100_000})
    @DisplayName("a value nested deeper than the parser takes (a hostile or damaged file) is reported at the line and"
            + " column where it goes too deep, not at the file's start, and never as a stack overflow")
    void nestedTooDeep(int depth, @TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        String edited = text.replaceFirst("\"status\" : \"completed\"", "\"status\" : \"completed\",\n      \"deep\" : "
                + "[".repeat(depth) + "]".repeat(depth));
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);
        long line = edited.substring(0, edited.indexOf("\"deep\"")).lines().count();

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).singleElement().asString().matches("c\\.cassette\\.json:" + line + ":(4|5)\\d\\d: not valid"
                + " JSON \\(a value beyond the parser's limits: too long a text or number, or nested too deep\\) — .*");
    }

    @Test
    @DisplayName("a field written twice in an entry (both sides of a conflict kept) is reported at its line, not read as the last one")
    void fieldTwice(@TempDir Path dir) throws IOException {
        String text = CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a")));
        String edited = text.replaceFirst("\"status\" : \"completed\"", "\"status\" : \"completed\", \"status\" : \"failed\"");
        assertThat(edited).isNotEqualTo(text);
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, edited);
        long line = edited.substring(0, edited.indexOf("\"status\" : \"failed\"")).lines().count();

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");
        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).singleElement().asString().startsWith("c.cassette.json:" + line + ":")
                .contains("not valid JSON (a field named twice in one object, as a merge may leave it)");
    }

    @Test
    @DisplayName("a cassette gets the permissions the umask gives any new file (0644), not a temporary file's 0600:"
            + " it is committed, and read by colleagues, IDEs and CI steps")
    void cassetteReadableAsAnyNewFile(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("posix"), "POSIX permissions only");
        String usual = java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Files.createFile(dir.resolve("any-new-file"))));
        org.junit.jupiter.api.Assumptions.assumeTrue(!usual.equals("rw-------"),
                "the umask makes every new file private: nothing to tell apart");
        Path cassette = dir.resolve("cassettes/simulations/orders.sim.yaml.cassette.json");

        CassetteFile.write(cassette, CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "a"))));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cassette))).isEqualTo(usual);
        // written again over the first: the same
        CassetteFile.write(cassette, CassetteFile.text(BOT, List.of(exchange("[file:b]/[case:one]", 1, "b"))));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cassette))).isEqualTo(usual);
        try (var files = Files.list(cassette.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("orders.sim.yaml.cassette.json");
        }
    }

    @Test
    @DisplayName("an entry recorded by an earlier version under its data file's class replays for the test as it is keyed"
            + " now, and gives way to an entry keyed as now, whichever comes first in the file")
    void entryKeyedUnderTheClass(@TempDir Path dir) throws IOException {
        String old = "[class:com.example.BotTest]/[file:b]/[case:one]";
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, CassetteFile.text(BOT, List.of(exchange(old, 1, "old"))));

        CassetteFile.Loaded alone = CassetteFile.read(dir, file, "c.cassette.json");

        assertThat(alone.problems()).isEmpty();
        assertThat(alone.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
        assertThat(alone.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 1)).request()).containsEntry("text", "old");

        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();
        tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) json.readTree(
                CassetteFile.text(BOT, List.of(exchange(old, 1, "old"), exchange("[file:b]/[case:one]", 1, "new"))));
        tools.jackson.databind.node.ArrayNode entries = (tools.jackson.databind.node.ArrayNode) root.get("exchanges");
        assertThat(entries).hasSize(2);
        for (int order = 0; order < 2; order++) {
            if (order == 1) entries.add(entries.remove(0)); // the other entry first
            Files.writeString(file, json.writeValueAsString(root));

            CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c.cassette.json");

            assertThat(loaded.problems()).isEmpty();
            assertThat(loaded.exchanges()).containsOnlyKeys(new CassetteFile.Key("[file:b]/[case:one]", 1));
            assertThat(loaded.exchanges().get(new CassetteFile.Key("[file:b]/[case:one]", 1)).request()).containsEntry("text", "new");
        }
    }

    @Test
    @DisplayName("the values cognigy.replay.redact names in a cassette are kept in the order its entries hold them, the same"
            + " on every run: of two values sharing a form (one's JSON escape is the other's text), the one held first"
            + " gives a message quoting that form its digest, not whichever a hash order put first in this JVM")
    void namedValuesKeepTheFilesOrder(@TempDir Path dir) throws IOException {
        List<Exchange> entries = new ArrayList<>();
        List<String> values = new ArrayList<>();
        // The JSON escape of the first value's text is the second value's text.
        values.add("say \"hi\" now");
        values.add("say \\\"hi\\\" now");
        for (int i = 0; i < 30; i++) values.add("person" + i + "@example.com");
        for (int i = 0; i < values.size(); i++) {
            entries.add(new Exchange(String.format("[file:orders.sim.yaml]/[case:c%02d]", i), 1,
                    Map.of("text", "t", "data", Map.of("EMAIL", values.get(i))),
                    Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        }
        Path file = dir.resolve("orders.sim.yaml.cassette.json");
        Files.writeString(file, CassetteFile.text(BOT, entries));
        dev.botsim.cognigy.engine.support.Redaction redaction = new dev.botsim.cognigy.engine.support.Redaction(List.of("EMAIL"));

        CassetteFile.Loaded read = CassetteFile.read(dir, file, "c", redaction, List.of());

        assertThat(read.named().keySet()).containsExactlyElementsOf(values);
        Cassettes cassettes = new Cassettes(dir, redaction, dev.botsim.cognigy.engine.config.Secrets.none());
        cassettes.cassette(file);
        assertThat(cassettes.hidden("quoted: say \\\"hi\\\" now"))
                .isEqualTo("quoted: " + dev.botsim.cognigy.engine.support.Redaction.digested(values.get(0)));
    }
}
