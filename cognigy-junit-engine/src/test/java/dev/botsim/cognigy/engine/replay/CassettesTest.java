package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.engine.support.Secret;

/** Where exchanges are filed, and what never reaches a cassette: redacted values and the run's secrets. */
class CassettesTest {

    private static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "endpoint"));

    @Test
    @DisplayName("a data file's tests go to the file's cassette, annotated tests to their class's; no path climbs out of the folder")
    void fileOf() {
        Cassettes cassettes = new Cassettes(Path.of("cassettes"), new Redaction(List.of()), Secrets.none());
        assertThat(cassettes.fileOf("[engine:cognigy]/[class:com.example.BotTest]/[file:e2e%2Forders.sim.yaml]/[case:a]"))
                .isEqualTo(Path.of("cassettes/e2e/orders.sim.yaml.cassette.json"));
        assertThat(cassettes.fileOf("[engine:cognigy]/[class:com.example.BotTest]/[method:greeting]"))
                .isEqualTo(Path.of("cassettes/com.example.BotTest.cassette.json"));
        assertThat(cassettes.fileOf("[engine:cognigy]/[file:..%2F..%2Fsuite.sim.yaml]/[case:a]").normalize())
                .startsWithRaw(Path.of("cassettes"));
    }

    @Test
    @DisplayName("a data file selected by a Windows path outside the working directory (C:/other/orders.sim.yaml, as the"
            + " engine names it) gets its cassette inside the replay folder, under a name Windows takes (no ':'), as its"
            + " approval file does: resolved as given, Windows would take the drive for an absolute path out of the folder")
    void windowsDrive() {
        Cassettes cassettes = new Cassettes(Path.of("cassettes"), new Redaction(List.of()), Secrets.none());
        assertThat(cassettes.fileOf(caseOf("C:/other/orders.sim.yaml")))
                .isEqualTo(Path.of("cassettes/C_/other/orders.sim.yaml.cassette.json"));
        assertThat(cassettes.fileOf(caseOf("D:orders.sim.yaml")))
                .isEqualTo(Path.of("cassettes/D_orders.sim.yaml.cassette.json"));
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "Windows takes no ':' in a file's name, so no cassette was ever named with one there")
    @DisplayName("a cassette recorded under the name earlier versions gave a data file holding ':' (orders:v2.sim.yaml) is"
            + " still replayed while its name now (orders_v2) has no file; the next recording writes the name now, keeps its"
            + " entries and removes the earlier file, saying so; once the name now has a file, the earlier one is not read")
    void cassetteOfTheEarlierName(@TempDir Path dir) throws IOException {
        String one = caseOf("simulations/orders:v2.sim.yaml");
        String two = one.replace("[case:a]", "[case:b]");
        Path earlier = dir.resolve("simulations/orders:v2.sim.yaml.cassette.json");
        Files.createDirectories(earlier.getParent());
        Files.writeString(earlier, CassetteFile.text(BOT, List.of(answered(one, "Your order ships today."))));

        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        Path file = cassettes.fileOf(one);
        assertThat(file).isEqualTo(dir.resolve("simulations/orders_v2.sim.yaml.cassette.json")).doesNotExist();
        assertThat(cassettes.find(file, one, 1)).map(e -> e.replayed(turnOf(one)).turns().get(0).text())
                .contains("Your order ships today.");
        assertThat(cassettes.problems()).isEmpty();
        cassettes.replayedFrom(file);
        assertThat(cassettes.replayedDigests()).containsOnlyKeys(Cassettes.shown(earlier));

        cassettes.record(file, answered(two, "It is on its way."));
        Cassettes.Written written = cassettes.write(BOT);

        assertThat(written.unwritten()).isEmpty();
        assertThat(written.lines()).singleElement().asString().endsWith("; read from " + Cassettes.shown(earlier)
                + ", its name before a ':' of a data file's name was written '_', which is removed");
        assertThat(earlier).doesNotExist();
        CassetteFile.Loaded now = CassetteFile.read(dir, file, "orders_v2.sim.yaml.cassette.json");
        assertThat(now.problems()).isEmpty();
        assertThat(now.exchanges()).containsOnlyKeys(new CassetteFile.Key(Exchange.testKey(one), 1),
                new CassetteFile.Key(Exchange.testKey(two), 1));

        // Both names hold a file: the name now is read, the earlier one left as it is.
        Files.writeString(earlier, CassetteFile.text(BOT, List.of(answered(one, "An answer of the earlier file."))));
        Cassettes next = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        assertThat(next.find(next.fileOf(one), one, 1)).map(e -> e.replayed(turnOf(one)).turns().get(0).text())
                .contains("Your order ships today.");
    }

    private static TurnRequest turnOf(String test) {
        return new TurnRequest("r", "t", 1, "u", "web", "where is my order", Map.of(), "s", "k", null, Map.of(), null, test);
    }

    private static Exchange answered(String test, String said) {
        BotTurn turn = new BotTurn(0, "flow", "order_status", 0.9, Map.of(), said, null, null, null, List.of(), List.of(), List.of());
        return new Exchange(Exchange.testKey(test), 1, Exchange.request(turnOf(test)),
                Exchange.answer(new TurnResult("s", "s", "completed", List.of(turn), null, List.of(), 0)), 0);
    }

    private static String caseOf(String file) {
        return org.junit.platform.engine.UniqueId.forEngine("cognigy").append("file", file).append("case", "a").toString();
    }

    @Test
    @DisplayName("cognigy.replay.redact: slot names and JSON pointers are written as <redacted> in the answer, and as a"
            + " digest in the request, which another value of the request does not match")
    void redaction(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of("EMAIL", "/answer/turns/0/text")), Secrets.none());
        TurnRequest request = request(Map.of("EMAIL", "ann@example.com", "plan", "gold"), "my mail is ann@example.com");
        BotTurn turn = new BotTurn(0, "flow", "give_email", 0.9, Map.of("EMAIL", "ann@example.com"), "Thanks ann@example.com", null,
                null, null, List.of(), List.of(), List.of());
        Path file = cassettes.fileOf(request.test());
        cassettes.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(turn), null, List.of(), 0)), 0));
        cassettes.write(BOT);
        String text = Files.readString(file);
        String digest = Redaction.digested("ann@example.com");
        assertThat(digest).matches("<redacted sha256:[0-9a-f]{16}>");
        assertThat(text).contains("\"EMAIL\" : \"" + digest + "\"", "\"EMAIL\" : \"<redacted>\"", "\"plan\" : \"gold\"",
                "\"text\" : \"<redacted>\"").doesNotContain("\"ann@example.com\"", "Thanks ann");
        // A redacted request still matches itself (replay and auto compare what the cassette would hold), another does not.
        assertThat(cassettes.comparable(Exchange.request(request))).containsEntry("data", Map.of("EMAIL", digest, "plan", "gold"));
        assertThat(cassettes.comparable(Exchange.request(request(Map.of("EMAIL", "bob@example.com", "plan", "gold"), "x"))))
                .doesNotContainEntry("data", Map.of("EMAIL", digest, "plan", "gold"));
    }

    @Test
    @DisplayName("cognigy.replay.redact: a slot name is redacted in the turns' outputs too, where the REST Endpoint's Code"
            + " node reports the slots again (its keyphrases among them)")
    void redactionReachesTheCodeNodesSlots(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of("EMAIL")), Secrets.none());
        TurnRequest request = request(Map.of(), "email my invoice");
        Map<String, Object> codeNode = Map.of("intent", "send_invoice", "flowName", "Invoice",
                "slots", Map.of("EMAIL", List.of("ann@example.com"), "order_id", List.of(Map.of("keyphrase", "ORD_1"))));
        Map<String, Object> copied = Map.of("nlu", Map.of("slots", Map.of("EMAIL", List.of(Map.of("keyphrase", "ann@example.com")))));
        BotTurn turn = new BotTurn(0, "Invoice", "send_invoice", 0.9, Map.of("EMAIL", "ann@example.com", "order_id", "ORD_1"),
                "I will email your invoice.", null, null, null, List.of(), List.of(), List.of(codeNode, copied));
        Path file = cassettes.fileOf(request.test());
        cassettes.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(turn), null, List.of(), 0)), 0));
        cassettes.write(BOT);
        String text = Files.readString(file);
        assertThat(text).doesNotContain("ann@example.com").contains("\"EMAIL\" : \"<redacted>\"", "ORD_1", "send_invoice");
    }

    @Test
    @DisplayName("cognigy.replay.redact: a value the request redacts is written as its digest where the failure recorded for"
            + " a message the bot gave no answer to quotes it (a server's error echoing the input), not in the clear beside it")
    void redactedValuesQuotedByAFailure(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of("EMAIL", "/request/text")), Secrets.none());
        TurnRequest request = request(Map.of("EMAIL", "ann@example.com"), "cancel order ORD_4711");
        BackendException failure = new BackendException(BackendException.Kind.TRANSPORT, "the REST Endpoint answered 500:"
                + " {\"error\":\"Code node failed on 'cancel order ORD_4711' for ann@example.com\"}");
        Path file = cassettes.fileOf(request.test());
        cassettes.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.unanswered(failure, request), 0));
        cassettes.write(BOT);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("ann@example.com", "ORD_4711")
                .contains("Code node failed on '" + Redaction.digested("cancel order ORD_4711") + "' for "
                        + Redaction.digested("ann@example.com"));
        // Replayed, the message fails as recorded: the server's words, the values as their digests.
        assertThat(new Cassettes(dir, new Redaction(List.of("EMAIL", "/request/text")), Secrets.none()).cassette(file)
                .exchanges().get(new CassetteFile.Key(Exchange.testKey(request.test()), 1)).noAnswer().getMessage()).contains("the REST Endpoint answered 500")
                .doesNotContain("ann@example.com");
    }

    @Test
    @DisplayName("cognigy.replay.redact named after a message was recorded unanswered: the cassette written again by a run"
            + " that did not send it writes the value its request redacts as its digest there and where the recorded"
            + " failure quotes it, and the entry replays its failure as before")
    void keptUnansweredEntryIsRedactedWhenWritten(@TempDir Path dir) throws IOException {
        TurnRequest request = request(Map.of("EMAIL", "ann@example.com"), "cancel my order");
        BackendException failure = new BackendException(BackendException.Kind.TRANSPORT, "the REST Endpoint answered 500:"
                + " {\"error\":\"no customer ann@example.com\"}");
        Cassettes before = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        Path file = before.fileOf(request.test());
        before.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.unanswered(failure, request), 0));
        before.write(BOT);
        assertThat(Files.readString(file)).contains("ann@example.com");

        Redaction redaction = new Redaction(List.of("EMAIL"));
        Cassettes after = new Cassettes(dir, redaction, Secrets.none());
        String other = "[engine:cognigy]/[file:orders.sim.yaml]/[case:b]";
        after.record(file, answered(other, "Done."));
        assertThat(after.write(BOT).unwritten()).isEmpty();

        String digest = Redaction.digested("ann@example.com");
        assertThat(Files.readString(file)).doesNotContain("ann@example.com").contains("no customer " + digest,
                "\"EMAIL\" : \"" + digest + "\"");
        Exchange kept = new Cassettes(dir, redaction, Secrets.none()).cassette(file).exchanges()
                .get(new CassetteFile.Key(Exchange.testKey(request.test()), 1));
        assertThat(kept.request()).isEqualTo(after.comparable(Exchange.request(request)));
        assertThat(kept.noAnswer().getMessage()).contains("the REST Endpoint answered 500");
    }

    @Test
    @DisplayName("a turn whose index is below 0 (a server's index copied as it came) is recorded at its place in the answer,"
            + " as a turn without an index is numbered: a replay refuses an index below 0, so recording it would write an"
            + " entry its own replay cannot use")
    void negativeTurnIndexIsRecordedAtItsPlace(@TempDir Path dir) throws IOException {
        TurnRequest request = request(Map.of(), "hello");
        BotTurn first = new BotTurn(-1, "flow", "greeting", 0.9, Map.of(), "Hi", null, null, null, List.of(), List.of(), List.of());
        BotTurn second = new BotTurn(-7, "flow", "greeting", 0.9, Map.of(), "How can I help?", null, null, null, List.of(),
                List.of(), List.of());
        Cassettes recording = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        Path file = recording.fileOf(request.test());
        recording.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(first, second), null, List.of(), 0)), 0));
        assertThat(recording.write(BOT).unwritten()).isEmpty();

        Cassettes replaying = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        assertThat(replaying.problems(file)).isEmpty();
        assertThat(replaying.find(file, request.test(), 1)).map(e -> e.replayed(request).turns().stream()
                .map(BotTurn::turnIndex).toList()).contains(List.of(0, 1));
    }

    @Test
    @DisplayName("the run's secrets are masked in a cassette in every form, whatever carried them there")
    void secrets(@TempDir Path dir) throws IOException {
        String token = "ut-canary-7e3a9c1f5d8b";
        String url = "https://endpoint.example.com/" + token;
        Secrets secrets = Secrets.none().withEndpointUrl(Secret.of(url)).withManagementApiKey(Secret.of("key-canary-0d9f8e7a"));
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), secrets);
        TurnRequest request = request(Map.of("callback", url, "key", "key-canary-0d9f8e7a"), "token " + token);
        Path file = cassettes.fileOf(request.test());
        cassettes.record(file, new Exchange(Exchange.testKey(request.test()), 1, Exchange.request(request),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        cassettes.write(BOT);
        String text = Files.readString(file);
        assertThat(text).contains("****").doesNotContain(token, "key-canary-0d9f8e7a",
                java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Fingerprint.of(Map.of()).facts()).isEmpty();
    }

    @Test
    @DisplayName("an entry recorded against another bot is not kept when a cassette is written again")
    void otherBotEntriesDropped(@TempDir Path dir) throws IOException {
        Cassettes first = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = first.fileOf(a.test());
        first.record(file, new Exchange(Exchange.testKey(a.test()), 1, Exchange.request(a),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        first.write(BOT);

        Cassettes second = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest b = new TurnRequest("r", "t", 1, "u", "web", "b", Map.of(), null, "k", null, Map.of(), null,
                "[engine:cognigy]/[file:orders.sim.yaml]/[case:b]");
        second.record(file, new Exchange(Exchange.testKey(b.test()), 1, Exchange.request(b),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        second.write(Fingerprint.of(Map.of("backend", "endpoint", "snapshot", "snap-2")));
        assertThat(Files.readString(file)).contains("[case:b]").doesNotContain("[case:a]");
        assertThat(second.find(file, b.test(), 1)).isEqualTo(Optional.empty()); // the run's own reading is of the file as it was
    }

    @Test
    @DisplayName("a cassette written in a workspace kept from run to run removes the partial copies of itself that record runs"
            + " killed while writing it left an hour or more ago — in the source tree, where the nightly's 'git add' of the"
            + " folder would commit them — and leaves a younger one, another JVM's still being written, and other files alone")
    void partialCopiesOfKilledRecordingsAreRemoved(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        java.nio.file.attribute.FileTime lastNight = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(20)));
        Path killed = Files.writeString(file.resolveSibling("." + name + ".3k9x0q2mz1ab.part"), "{\"cassette\":1,\"exchan");
        Files.setLastModifiedTime(killed, lastNight);
        Path writing = Files.writeString(file.resolveSibling("." + name + ".7hq2.part"), "{\"cassette\":1");
        Path other = Files.writeString(file.resolveSibling(".other.sim.yaml.cassette.json.5zz.part"), "{");
        Files.setLastModifiedTime(other, lastNight);
        Path notes = Files.writeString(file.resolveSibling("." + name + ".my notes.part"), "mine");
        Files.setLastModifiedTime(notes, lastNight);

        cassettes.record(file, new Exchange(Exchange.testKey(a.test()), 1, Exchange.request(a),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        cassettes.write(BOT);

        assertThat(killed).doesNotExist();
        assertThat(writing).exists();
        assertThat(other).as("another cassette's, removed when that one is written").exists();
        assertThat(notes).exists();
        assertThat(Files.readString(file)).contains("[case:a]");
    }

    @Test
    @DisplayName("two runs recording into one cassette at once (two terminals, two CI jobs on one workspace): the one that"
            + " writes last keeps what the other wrote since it read the cassette, instead of writing its own entries alone")
    void anotherRunWroteTheCassetteMeanwhile(@TempDir Path dir) throws IOException {
        TurnRequest a = request(Map.of(), "a");
        TurnRequest b = new TurnRequest("r", "t", 1, "u", "web", "b", Map.of(), null, "k", null, Map.of(), null,
                "[engine:cognigy]/[file:orders.sim.yaml]/[case:b]");
        Cassettes first = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        Path file = first.fileOf(a.test());
        // The first run reads the cassette as its test asks for an answer: none yet, so it goes live.
        assertThat(first.find(file, a.test(), 1)).isEmpty();

        Cassettes other = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        other.record(file, new Exchange(Exchange.testKey(b.test()), 1, Exchange.request(b),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        other.write(BOT);

        first.record(file, new Exchange(Exchange.testKey(a.test()), 1, Exchange.request(a),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0));
        first.write(BOT);
        assertThat(Files.readString(file)).contains("[case:a]", "[case:b]");
    }

    @Test
    @DisplayName("a cassette whose folder cannot be made (a file where the folder should be) is not written and says so: the"
            + " file, why, the tests whose recordings are lost, what is in the way; no line claims it was recorded")
    void fileWhereItsFolderShouldBe(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e2e"), "in the way");
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        String test = "[engine:cognigy]/[file:e2e%2Forders.sim.yaml]/[conversation:c]/[turn:2]";
        Path file = cassettes.fileOf(test);
        cassettes.record(file, answered(test, 2));
        cassettes.record(file, answered("[engine:cognigy]/[file:e2e%2Forders.sim.yaml]/[case:a]/[repetition:2]", 1));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(written.lines()).isEmpty();
        assertThat(written.unwritten()).singleElement().asString()
                .isEqualTo(Cassettes.shown(file) + " cannot be written: this run's recordings of [file:e2e/orders.sim.yaml]/[case:a],"
                        + " [file:e2e/orders.sim.yaml]/[conversation:c] are not saved — " + Cassettes.shown(dir.resolve("e2e"))
                        + " is a file where its folder should be; remove or rename that file, or point cognigy.replay.dir at"
                        + " another folder, and record them again with cognigy.replay=record or auto");
        assertThat(Files.readString(dir.resolve("e2e"))).isEqualTo("in the way");
    }

    @Test
    @DisplayName("a cassette folder the run may not write into is not written and says which folder to make writable;"
            + " skipped where permissions do not hold (as root)")
    void readOnlyFolder(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cassettes"));
        Cassettes cassettes = new Cassettes(folder, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        cassettes.record(file, answered(a.test(), 1));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(folder);
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder), "permissions do not bind this user (root)");
            Cassettes.Written written = cassettes.write(BOT);
            assertThat(written.lines()).isEmpty();
            assertThat(written.unwritten()).singleElement().asString()
                    .startsWith(Cassettes.shown(file) + " cannot be written (permission denied): this run's recordings of"
                            + " [file:orders.sim.yaml]/[case:a] are not saved — make " + Cassettes.shown(folder) + " writable");
        } finally {
            Files.setPosixFilePermissions(folder, before);
        }
        assertThat(file).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            JSON cut short       | '{\\n  "cassette" : 1,\\n  "exchanges" : [ {\\n'                 | :4:1: not valid JSON (
            a merge conflict     | '{\\n  "cassette" : 1,\\n<<<<<<< HEAD\\n=======\\n>>>>>>> x\\n}\\n' | :3:1: a merge-conflict marker (<<<<<<<)
            a list               | '[ ]\\n'                                                      | :1:1: not a cassette (it holds a list
            no recorded_against  | '{ "cassette" : 1, "exchanges" : [ ] }\\n'                    | :1:1: a cassette holds 'recorded_against'
            """)
    @DisplayName("a recording run does not write over a cassette it cannot read, which would lose every entry it holds: the"
            + " file is left byte for byte, and this run's recordings are said lost naming the file, its line and column, the"
            + " tests and the fix")
    void unreadableCassetteIsNotWrittenOver(String what, String content, String problem, @TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        Files.writeString(file, content.replace("\\n", "\n"));
        byte[] before = Files.readAllBytes(file);
        assertThat(cassettes.find(file, a.test(), 1)).as("nothing replayed from it").isEmpty();
        cassettes.record(file, answered(a.test(), 1));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(Files.readAllBytes(file)).as(what).isEqualTo(before);
        assertThat(written.lines()).isEmpty();
        assertThat(written.unwritten()).singleElement().asString()
                .startsWith(Cassettes.shown(file) + problem)
                .endsWith(". It was not written over, which would lose every entry it holds: this run's recordings of"
                        + " [file:orders.sim.yaml]/[case:a] are not saved — resolve it by hand and record them again, or delete"
                        + " it and record all of its tests with cognigy.replay=record");
    }

    @Test
    @DisplayName("a run that recorded nothing into a cassette it cannot read (its message got no answer to record) leaves it"
            + " as it is and says nothing more than its problem")
    void unreadableCassetteWithNothingRecorded(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        Files.writeString(file, "not json\n");
        cassettes.sentUnrecorded(file, Exchange.testKey(a.test()));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(written.lines()).isEmpty();
        assertThat(written.unwritten()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("not json\n");
        assertThat(cassettes.problems()).singleElement().asString().startsWith(Cassettes.shown(file) + ":1:");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"an entry without its answer", "an entry that is no object",
            "two copies of an entry that differ"})
    @DisplayName("a recording run does not write over a cassette holding an entry it cannot read that it did not record"
            + " again, which the file written would no longer hold: the file is left byte for byte, and this run's"
            + " recordings are said lost naming the entry's line, what is wrong, the tests and the fix")
    void entryItCannotReadIsNotDropped(String edit, @TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        String c = "[engine:cognigy]/[file:orders.sim.yaml]/[case:c]";
        String text = CassetteFile.text(BOT, List.of(answered(a.test(), 1), answered(c, 1)));
        int entryOfC = text.lastIndexOf("}, {") + 3;
        String edited = switch (edit) {
            case "an entry without its answer" -> text.substring(0, entryOfC) + text.substring(entryOfC).replace("\"answer\"", "\"answr\"");
            case "an entry that is no object" -> text.replaceFirst(" } ]\n}\n$", " }, \"oops\" ]\n}\n");
            default -> text.replaceFirst(" } ]\n}\n$", " }, " + text.substring(entryOfC, text.lastIndexOf(" ]"))
                    .replace("\"completed\"", "\"failed\"") + " ]\n}\n");
        };
        assertThat(edited).as(edit).isNotEqualTo(text);
        Files.writeString(file, edited);
        byte[] before = Files.readAllBytes(file);
        assertThat(cassettes.find(file, a.test(), 1)).as("the other entries are read").isPresent();
        List<CassetteFile.Unread> unread = cassettes.cassette(file).unread();
        assertThat(unread).as(edit).isNotEmpty();
        cassettes.record(file, answered(a.test(), 1));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(Files.readAllBytes(file)).as(edit).isEqualTo(before);
        assertThat(written.lines()).isEmpty();
        String entries = unread.size() == 1 ? "that entry" : "those 2 entries";
        assertThat(written.unwritten()).singleElement().asString()
                .startsWith(unread.get(0).what())
                .contains(Cassettes.shown(file) + ":" + unread.get(unread.size() - 1).line() + ":1: exchanges[")
                .endsWith(". It was not written over, which would drop " + entries + ", which it cannot read and no recording"
                        + " of this run replaces: this run's recordings of [file:orders.sim.yaml]/[case:a] are not saved — fix or"
                        + " delete the " + (unread.size() == 1 ? "entry" : "entries") + " by hand, and record them again with"
                        + " cognigy.replay=record or auto");
    }

    @Test
    @DisplayName("an entry it cannot read whose test id holds a run's secret: the cassette's problems and the recordings"
            + " said not saved quote it masked, and the file keeps it as it is")
    void unreadEntryHoldingASecretIsQuotedMasked(@TempDir Path dir) throws IOException {
        String key = "key-canary-0d9f8e7a";
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none().withManagementApiKey(Secret.of(key)));
        TurnRequest a = request(Map.of(), "a");
        Path file = cassettes.fileOf(a.test());
        String c = "[engine:cognigy]/[file:orders.sim.yaml]/[case:c_" + key + "]";
        String text = CassetteFile.text(BOT, List.of(answered(a.test(), 1), answered(c, 1)));
        int entryOfC = text.lastIndexOf("}, {") + 3;
        // A second copy of c's entry that differs: neither is read, and both are named by their test id.
        Files.writeString(file, text.replaceFirst(" } ]\n}\n$", " }, " + java.util.regex.Matcher.quoteReplacement(
                text.substring(entryOfC, text.lastIndexOf(" ]")).replace("\"completed\"", "\"failed\"")) + " ]\n}\n"));
        byte[] before = Files.readAllBytes(file);
        cassettes.record(file, answered(a.test(), 1));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(cassettes.problems()).singleElement().asString().contains("records [file:orders.sim.yaml]/[case:c_****]"
                + " turn 1 again").doesNotContain(key);
        assertThat(written.unwritten()).singleElement().asString().contains("[case:c_****]", "are not saved").doesNotContain(key);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    @DisplayName("cognigy.replay.redact: a value it names is quoted by no problem, stale entry or unsaved recording of a"
            + " cassette, whether the cassette holds it in clear (recorded before the setting named it) or only this run's"
            + " messages do; each says its digest")
    void redactedValuesAreQuotedByNoCassetteProblem(@TempDir Path dir) throws IOException {
        String order = "ORD_4711";
        Redaction redaction = new Redaction(List.of("order_id"));
        // Recorded before the setting named order_id: the entry holds it in clear, and its test is named after it.
        String c = "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_refund_" + order + "]";
        String stale = "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_gone_" + order + "]";
        Exchange inClear = new Exchange(Exchange.testKey(c), 1, Map.of("text", "refund", "data", Map.of("order_id", order)),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
        TurnRequest a = request(Map.of(), "a");
        Path file = new Cassettes(dir, redaction, Secrets.none()).fileOf(a.test());
        String text = CassetteFile.text(BOT, List.of(answered(a.test(), 1), inClear, answered(stale, 1)));
        // A second copy of c's entry that differs, as a merge that kept both sides leaves it.
        int at = text.indexOf(Exchange.testKey(c));
        int end = text.indexOf("}, {", at) >= 0 ? text.indexOf("}, {", at) + 1 : text.lastIndexOf(" ]");
        String entryOfC = text.substring(text.lastIndexOf("{", at), end);
        Files.writeString(file, text.replace(entryOfC, entryOfC + ", " + entryOfC.replace("\"completed\"", "\"failed\"")));
        assertThat(Files.readString(file)).contains(order);

        Cassettes cassettes = new Cassettes(dir, redaction, Secrets.none());
        cassettes.cassette(file);
        cassettes.record(file, answered(a.test(), 1));
        Cassettes.Written written = cassettes.write(BOT);

        String digest = Redaction.digested(order);
        assertThat(cassettes.cassette(file).unread()).hasSize(2).allSatisfy(u -> assertThat(u.what()).doesNotContain(order));
        assertThat(cassettes.problems()).singleElement().satisfies(p -> assertThat(p).doesNotContain(order)
                .contains("[case:test_refund_" + digest + "]"));
        assertThat(written.unwritten()).singleElement().asString().contains("are not saved", "test_refund_" + digest)
                .doesNotContain(order);
        assertThat(cassettes.leftOver(java.util.Set.of(a.test())).notInRun().values()).singleElement().asString()
                .contains("[case:test_gone_" + digest + "]").doesNotContain(order);

        // Recorded with the setting on, the entries hold the digest only: the value is known from this run's message.
        Path other = dir.resolve("other.cassette.json");
        String d = "[engine:cognigy]/[file:other]/[case:test_refund_" + order + "]";
        Exchange redacted = new Exchange(Exchange.testKey(d), 1, Map.of("text", "refund", "data", Map.of("order_id", digest)),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
        Files.writeString(other, CassetteFile.text(BOT, List.of(redacted, redacted.masked(List.of("x")))).replaceFirst(
                "\"turn\" : 1", "\"turn\" : \"1\""));
        Cassettes run = new Cassettes(dir, redaction, Secrets.none());
        run.comparable(Exchange.request(request(Map.of("order_id", order), "refund")));
        run.cassette(other);
        assertThat(run.problems()).singleElement().asString().contains("exchanges[0]").doesNotContain(order);
    }

    @Test
    @DisplayName("a test id of any length, with line breaks and controls, edited into a cassette is quoted by its"
            + " problems and stale entries cut to its beginning and length, on one line")
    void hugeTestIdsAreQuotedCut(@TempDir Path dir) throws IOException {
        String huge = "[file:orders.sim.yaml]/[case:test_" + "x".repeat(100_000) + "\n[cognigy] governance: COMPLIANT\u202e]";
        Exchange entry = new Exchange(huge, 1, Map.of("text", "t"),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
        Path file = dir.resolve("orders.sim.yaml.cassette.json");
        String text = CassetteFile.text(BOT, List.of(entry));
        String one = text.substring(text.indexOf("[ {") + 2, text.lastIndexOf(" ]"));
        Files.writeString(file, text.replace(one, one + ", " + one.replace("\"completed\"", "\"failed\"")));

        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        cassettes.cassette(file);

        assertThat(cassettes.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).hasSizeLessThan(1_000)
                .doesNotContain("\n", "\u202e").contains("[case:test_xxx", "characters)"));
        assertThat(cassettes.cassette(file).unread()).allSatisfy(u -> assertThat(u.what()).hasSizeLessThan(1_000));

        Path stale = dir.resolve("stale.cassette.json");
        Files.writeString(stale, CassetteFile.text(BOT, List.of(entry)));
        cassettes.cassette(stale);
        assertThat(cassettes.leftOver(java.util.Set.of()).notInRun().values()).singleElement().asString()
                .hasSizeLessThan(1_000).doesNotContain("\n");
    }

    @Test
    @DisplayName("a recording of the test and turn an entry it cannot read names takes its place, as a recording replaces"
            + " any entry of its test, and the cassette's line says which lines it replaced; a copy identical to an entry"
            + " is kept once")
    void entryItCannotReadIsReplacedByItsRecording(@TempDir Path dir) throws IOException {
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        String b = "[engine:cognigy]/[file:orders.sim.yaml]/[case:b]";
        String c = "[engine:cognigy]/[file:orders.sim.yaml]/[case:c]";
        Path file = cassettes.fileOf(b);
        String text = CassetteFile.text(BOT, List.of(answered(b, 1), answered(c, 1)));
        String entryOfB = text.substring(text.indexOf("[ {") + 2, text.indexOf("}, {") + 1);
        String entryOfC = text.substring(text.lastIndexOf("}, {") + 3, text.lastIndexOf(" ]"));
        // b recorded twice, differing; c twice, the same
        String edited = text.replace(entryOfB, entryOfB + ", " + entryOfB.replace("\"completed\"", "\"failed\""))
                .replace(entryOfC, entryOfC + ", " + entryOfC);
        Files.writeString(file, edited);
        assertThat(cassettes.find(file, b, 1)).as("ambiguous: not replayed").isEmpty();
        List<Integer> lines = cassettes.cassette(file).unread().stream().map(CassetteFile.Unread::line).toList();
        assertThat(lines).hasSize(2);
        Exchange recorded = new Exchange(Exchange.testKey(b), 1, Map.of("text", "again"),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
        cassettes.record(file, recorded);

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(written.unwritten()).isEmpty();
        assertThat(written.lines()).singleElement().asString().startsWith("recorded 1 exchanges in " + Cassettes.shown(file))
                .endsWith("; replaced 2 entries it could not read (lines " + lines.get(0) + ", " + lines.get(1) + ") with this"
                        + " run's recordings of their tests");
        CassetteFile.Loaded after = CassetteFile.read(dir, file, "after");
        assertThat(after.problems()).isEmpty();
        assertThat(after.exchanges()).containsOnlyKeys(new CassetteFile.Key(Exchange.testKey(b), 1), new CassetteFile.Key(Exchange.testKey(c), 1));
        assertThat(after.exchanges().get(new CassetteFile.Key(Exchange.testKey(b), 1)).request()).isEqualTo(Map.of("text", "again"));
    }

    @Test
    @DisplayName("a run whose tests each name a redacted value of their own and each hide a text after it (a test without a"
            + " recording quoting its cassette's problems) makes the lookup of what it hides of each value some log2 n times,"
            + " not again for every text: n tests made it of n²/2 values; each text is hidden as one lookup of every value"
            + " named so far hides it, values named far apart that overlap and a text cut inside one among them")
    void hidingAfterEveryNamedValueIsNotQuadratic(@TempDir Path dir) {
        int tests = 2_000;
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of("EMAIL")), Secrets.none());
        Map<String, String> named = new java.util.LinkedHashMap<>();
        int compared = 0;
        for (int i = 0; i < tests; i++) {
            String value = i == 3 ? "Anna-Maria" : i == 1_500 ? "Maria Schmidt" : "customer" + i + "@example.com";
            cassettes.comparable(Exchange.request(request(Map.of("EMAIL", value), "mail me")));
            named.put(value, Redaction.digested(value));
            String text = "no recording for " + value + " (its problems: exchanges[1] records customer0@example.com and"
                    + " Anna-Maria Schmidt again; customer1… (40 characters))";
            String hidden = cassettes.hidden(text);
            if (i % 97 == 0 || i == 1_500 || i == tests - 1) {
                assertThat(hidden).as("text %d", i).isEqualTo(dev.botsim.cognigy.engine.support.NamedValues.of(named).in(text));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(23);
        assertThat(cassettes.hidden("Anna-Maria Schmidt")).isEqualTo(Redaction.digested("Anna-Maria")
                + Redaction.digested("Maria Schmidt"));
        // Each value in at most log2(2,000) + 1 = 12 lookups made; made again for every text, 2,001,000.
        assertThat(cassettes.namedLookupMade()).isBetween((long) tests, tests * 12L);
    }

    private static Exchange answered(String test, int turn) {
        return new Exchange(Exchange.testKey(test), turn, Map.of("text", "t"),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(), null, List.of(), 0)), 0);
    }

    private static TurnRequest request(Map<String, Object> data, String text) {
        return new TurnRequest("r", "t", 1, "u", "web", text, data, null, "k", null, Map.of(), null,
                "[engine:cognigy]/[file:orders.sim.yaml]/[case:a]");
    }

    @Test
    @DisplayName("a cassette holding a run's secret in clear (recorded by an earlier version, or edited in) replays it masked:"
            + " in the request, the answer's text, a slot's name and value and the outputs, whatever the run replays reaches")
    void secretsInACassetteAreMaskedWhenReplayed(@TempDir Path dir) throws IOException {
        String key = "key-canary-0d9f8e7a";
        Secrets secrets = Secrets.none().withManagementApiKey(Secret.of(key));
        BotTurn turn = new BotTurn(0, "flow_order", "check_order", 0.9, Map.of("k_" + key, key), "your key is " + key, null,
                null, null, List.of(), List.of(), List.of(Map.of("data", Map.of("token", key))));
        Exchange recorded = new Exchange("[file:orders.sim.yaml]/[case:a]", 1, Map.of("text", "my key " + key),
                Exchange.answer(new TurnResult("s", null, "completed", List.of(turn), null, List.of(), 0)), 0);
        Path file = dir.resolve("orders.sim.yaml.cassette.json");
        CassetteFile.write(file, CassetteFile.text(BOT, List.of(recorded)));
        assertThat(Files.readString(file)).contains(key);

        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), secrets);
        Exchange replayed = cassettes.cassette(file).exchanges().get(new CassetteFile.Key("[file:orders.sim.yaml]/[case:a]", 1));

        assertThat(replayed.toJson().toString()).doesNotContain(key).contains("****");
        assertThat(replayed.replayed(request(Map.of(), "my key")).turns().get(0).text()).doesNotContain(key);
        assertThat(new Cassettes(dir, new Redaction(List.of()), Secrets.none()).cassette(file).exchanges().get(
                new CassetteFile.Key("[file:orders.sim.yaml]/[case:a]", 1)).toJson().toString()).contains(key);
    }
}
