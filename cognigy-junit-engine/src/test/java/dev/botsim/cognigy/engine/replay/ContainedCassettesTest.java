package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.support.Redaction;

/**
 * A cassette (and the recorded schema) is read only when it really lies inside the replay folder and is no larger than
 * {@link CassetteFile#MAX_BYTES}: one that links out of it, or is larger, is a cassette problem naming it and the fix, in
 * every mode, and is never written over. What a link points at is never shown, nor is any text of a cassette the parser
 * stumbles on.
 */
class ContainedCassettesTest {

    private static final String CANARY = "ghp_victim_line_9f8e7d6c5b_second_victim_line_1a2b3c";
    private static final Fingerprint BOT = Fingerprint.of(Map.of("backend", "endpoint"));

    @TempDir
    Path base;

    @Test
    @DisplayName("a cassette linked to a file outside the replay folder is not read: a problem naming the link, where it"
            + " leads and the fix, quoting nothing of the file")
    void linkOutsideTheFolder() throws IOException {
        Path victim = Files.writeString(base.resolve("victim.env"), CANARY + "\n");
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path link = symbolicLink(dir.resolve("orders.sim.yaml.cassette.json"), victim);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, link, "orders.sim.yaml.cassette.json");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.sha256()).isNull();
        assertThat(loaded.problems()).containsExactly("orders.sim.yaml.cassette.json: links outside the replay folder "
                + Cassettes.shown(dir) + " (to " + victim.toRealPath() + "): not read — replace the link with the file itself");
    }

    @Test
    @DisplayName("a cassette in a linked folder that leads out of the replay folder is not read either")
    void linkedFolderOutsideTheFolder() throws IOException {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("orders.sim.yaml.cassette.json"), CANARY + "\n");
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        symbolicLink(dir.resolve("e2e"), outside);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, dir.resolve("e2e/orders.sim.yaml.cassette.json"), "c");

        assertThat(loaded.problems()).singleElement().asString().startsWith("c: links outside the replay folder")
                .doesNotContain(CANARY);
    }

    @Test
    @DisplayName("a cassette linked to one inside the replay folder is read as before")
    void linkInsideTheFolder() throws IOException {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/orders.cassette.json"), CassetteFile.text(BOT, List.of(exchange("[file:o]/[case:a]"))));
        Path link = symbolicLink(dir.resolve("orders.sim.yaml.cassette.json"), Path.of("shared/orders.cassette.json"));

        CassetteFile.Loaded loaded = CassetteFile.read(dir, link, "c");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.exchanges()).hasSize(1);
    }

    @Test
    @DisplayName("a cassette larger than 64 MiB (a 3 GiB sparse file) is a problem naming the limit and the fix, not an"
            + " OutOfMemoryError ending the run")
    void tooLarge() throws IOException {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path file = sparse(dir.resolve("orders.sim.yaml.cassette.json"), 3L << 30);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).containsExactly("c: larger than 64 MiB, more than any suite records; not read — delete"
                + " it and record its tests again with cognigy.replay=record, or split the data file it records so each"
                + " cassette is smaller");
    }

    @Test
    @DisplayName("JSON the parser stumbles on is reported by line, column and the kind of error, never quoting the file's"
            + " text: a bare word, a field named twice, a file cut short")
    void syntaxErrorsQuoteNothing() throws IOException {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path file = dir.resolve("c.cassette.json");
        Files.writeString(file, CANARY + "\n");
        assertThat(CassetteFile.read(dir, file, "c").problems()).containsExactly("c:1:1: not valid JSON (a word that is not"
                + " JSON here: a text without its quotes?) — fix the JSON, or delete the cassette and run once with"
                + " cognigy.replay=record");
        Files.writeString(file, "{\n  \"" + CANARY + "\" : 1,\n  \"" + CANARY + "\" : 2\n}\n");
        assertThat(CassetteFile.read(dir, file, "c").problems()).singleElement().asString()
                .startsWith("c:3:").contains("not valid JSON (a field named twice in one object, as a merge may leave it)")
                .doesNotContain(CANARY);
        Files.writeString(file, "{\n  \"text\" : \"" + CANARY);
        assertThat(CassetteFile.read(dir, file, "c").problems()).singleElement().asString()
                .startsWith("c:2:").contains("not valid JSON (the file ends inside a value: cut short?)").doesNotContain(CANARY);
    }

    @ParameterizedTest(name = "cassette: {0}")
    @ValueSource(strings = {"0", "1.0", "-1", "99999999999999999999999999", "1e300", "true", "\"1\"", "\"CANARY\"",
            "[\"CANARY\"]", "{\"v\": \"CANARY\"}"})
    @DisplayName("a cassette of a version this engine does not read is reported at the version's line and column with the"
            + " version it reads and the fix, never repeating what the file holds there")
    void unknownVersionQuotesNothing(String version, @TempDir Path dir) throws IOException {
        String value = version.replace("CANARY", CANARY);
        Path file = Files.writeString(dir.resolve("c.cassette.json"), "{\n  \"cassette\" : " + value
                + ",\n  \"recorded_against\" : { },\n  \"exchanges\" : [ ]\n}\n");

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).containsExactly("c:2:16: a cassette of a version this engine does not read ('cassette');"
                + " it reads version 1 — delete it and run once with cognigy.replay=record");
    }

    @Test
    @DisplayName("a cassette of a later version — a newer build's recording — is reported as such, with the version this"
            + " engine reads and the fix of using that version, not only of deleting it")
    void laterVersionSaysSo(@TempDir Path dir) throws IOException {
        String later = "{\n  \"cassette\" : 2,\n  \"recorded_against\" : { },\n  \"exchanges\" : [ ]\n}\n";
        Path file = Files.writeString(dir.resolve("c.cassette.json"), later);

        CassetteFile.Loaded loaded = CassetteFile.read(dir, file, "c");

        assertThat(loaded.unreadable()).isTrue();
        assertThat(loaded.problems()).containsExactly("c:2:16: a cassette of version 2, which a newer version of cognigy-junit"
                + " writes; this engine reads version 1 — replay it with that version or a later one (no run of this one writes"
                + " over it), or delete it and record its tests again with cognigy.replay=record");
    }

    @Test
    @DisplayName("a cassette that names no version is reported as none, with the version this engine reads and the fix")
    void noVersion(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.cassette.json"), "{\n  \"recorded_against\" : { },\n  \"exchanges\" : [ ]\n}\n");

        assertThat(CassetteFile.read(dir, file, "c").problems()).containsExactly("c:1:1: no cassette: it names no version"
                + " ('cassette'); it reads version 1 — delete it and run once with cognigy.replay=record");
    }

    /**
     * The whole run against the sandbox, replaying a cassette whose version holds a text: its tests fail naming the file,
     * the version it reads and the fix, and the text reaches neither the console, a failure nor a report.
     */
    @Test
    @DisplayName("a run replaying a cassette whose version is a text fails its tests saying the version is not one it reads,"
            + " and the text is in no console line, failure or report")
    void unknownVersionInARun() throws IOException {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path cassette = Files.createDirectories(dir.resolve("fixtures/standalone")).resolve("orders.sim.yaml.cassette.json");
        Files.writeString(cassette, "{\n  \"cassette\" : \"" + CANARY + "\",\n  \"recorded_against\" : { },\n  \"exchanges\" : [ ]\n}\n");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path reports = base.resolve("reports");

        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                        Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.APPROVE_DIR, base.resolve("approved").toString())
                .configurationParameter(Constants.REPLAY, "replay")
                .configurationParameter(Constants.REPLAY_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();

        StringBuilder seen = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        results.allEvents().list().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).ifPresent(t -> seen.append(t).append('\n')));
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) seen.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        assertThat(results.testEvents().failed().count()).isPositive();
        assertThat(seen.toString()).contains(":2:16: a cassette of a version this engine does not read ('cassette'); it reads"
                + " version 1 — delete it and run once with cognigy.replay=record").doesNotContain(CANARY);
    }

    @Test
    @DisplayName("recording into a cassette that links out of the replay folder: neither the link nor what it points at is"
            + " written, and the recordings lost are said with the reason")
    void recordingIntoALinkOutside() throws IOException {
        Path victim = Files.writeString(base.resolve("victim.env"), CANARY + "\n");
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Cassettes cassettes = new Cassettes(dir, new Redaction(List.of()), Secrets.none());
        Path file = cassettes.fileOf("[engine:cognigy]/[file:orders.sim.yaml]/[case:a]");
        symbolicLink(file, victim);
        cassettes.record(file, exchange("[file:orders.sim.yaml]/[case:a]"));

        Cassettes.Written written = cassettes.write(BOT);

        assertThat(written.lines()).isEmpty();
        assertThat(written.unwritten()).singleElement().asString().contains("links outside the replay folder",
                "It was not written over", "[file:orders.sim.yaml]/[case:a]").doesNotContain(CANARY);
        assertThat(file).isSymbolicLink();
        assertThat(victim).hasContent(CANARY);
    }

    @Test
    @DisplayName("a recorded schema (bot.schema.json) that links out of the replay folder, or is too large, is refused"
            + " unread, with the reason")
    void schemaRefused() throws IOException {
        Path victim = Files.writeString(base.resolve("victim.json"), "{\"recorded_against\":{},\"entities\":[\"" + CANARY + "\"]}");
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path schema = symbolicLink(SchemaFile.in(dir), victim);

        SchemaFile.Read read = SchemaFile.read(dir, schema);

        assertThat(read.stored()).isEmpty();
        assertThat(read.refused()).hasValueSatisfying(why -> assertThat(why).contains("bot.schema.json: links outside the"
                + " replay folder").doesNotContain(CANARY));
        Files.delete(schema);
        sparse(schema, 3L << 30);
        assertThat(SchemaFile.read(dir, schema).refused()).hasValueSatisfying(why -> assertThat(why)
                .contains("bot.schema.json: larger than 64 MiB"));
    }

    /**
     * The whole run, in each mode, against the sandbox: a cassette and a schema linked to a file outside the replay
     * folder. Nothing of the file reaches the console, the failures or the reports; the links stay links and the file is
     * unchanged.
     */
    @ParameterizedTest(name = "cognigy.replay={0}")
    @ValueSource(strings = {"replay", "record", "auto"})
    @DisplayName("a run in each mode with its cassette and schema linked out of the replay folder: the file is never read"
            + " nor written, and the run says why")
    void everyMode(String mode) throws IOException {
        Path victim = Files.writeString(base.resolve("victim.env"), CANARY + "\n");
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path cassette = Files.createDirectories(dir.resolve("fixtures/standalone")).resolve("orders.sim.yaml.cassette.json");
        symbolicLink(cassette, victim);
        symbolicLink(SchemaFile.in(dir), victim);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path reports = base.resolve("reports");

        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                        Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.APPROVE_DIR, base.resolve("approved").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();

        StringBuilder seen = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        results.allEvents().list().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).ifPresent(t -> seen.append(t).append('\n')));
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) seen.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        assertThat(results.testEvents().count()).isPositive();
        assertThat(seen.toString()).contains("links outside the replay folder").doesNotContain(CANARY);
        assertThat(cassette).isSymbolicLink();
        assertThat(SchemaFile.in(dir)).isSymbolicLink();
        assertThat(victim).hasContent(CANARY);
    }

    private Path symbolicLink(Path link, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e);
            return link;
        }
    }

    private static Path sparse(Path file, long size) throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);
        }
        return file;
    }

    private static Exchange exchange(String test) {
        TurnRequest request = new TurnRequest("batch_1", "t", 1, "usr_1", "web", "hi", Map.of(), "ses_1", "key", null, Map.of());
        BotTurn answer = TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!", null, null);
        return new Exchange(test, 1, Exchange.request(request), Exchange.answer(new TurnResult("sim_9", "ses_1", "completed",
                List.of(answer), null, List.of(), 0)), 0);
    }
}
