package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * A recorded schema ({@code bot.schema.json}) that is there but cannot be read as one — cut short by a copy that did not
 * finish (a network share, a cache restored half-way), or left with a merge conflict — is named as such when a run replays,
 * never taken for a schema that was not recorded.
 */
class UnreadableSchemaTest {

    @TempDir
    Path base;

    @Test
    @DisplayName("a replay whose bot.schema.json is cut short says where and what, not that the file is missing")
    void cutShortSchemaIsNamed() throws Exception {
        Path dir = base.resolve("cassettes");
        run("record", dir);
        Path schema = SchemaFile.in(dir);
        byte[] whole = Files.readAllBytes(schema);
        Files.write(schema, Arrays.copyOf(whole, whole.length / 2));

        String console = run("replay", dir);

        assertThat(console).doesNotContain("is missing").contains("the bot's schema was not read (" + schema + ":")
                .contains(": not valid JSON (the file ends inside a value: cut short?) — delete it and run once with"
                        + " cognigy.replay=record (or auto) to record the bot's schema again): expectations are not checked");
        assertThat(SchemaFile.read(dir, schema).stored()).isEmpty();
    }

    @Test
    @DisplayName("a bot.schema.json left with a merge conflict is named at the marker's line")
    void conflictedSchemaIsNamed() throws Exception {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path schema = Files.writeString(SchemaFile.in(dir), "{\n<<<<<<< HEAD\n  \"recorded_against\" : { },\n=======\n}\n");

        SchemaFile.Read read = SchemaFile.read(dir, schema);

        assertThat(read.stored()).isEmpty();
        assertThat(read.refused()).as("written over by a recording run, as before").isEmpty();
        assertThat(read.notRead()).hasValue(Cassettes.shown(schema) + ":2:1: a merge-conflict marker (<<<<<<<) — delete it and run"
                + " once with cognigy.replay=record (or auto) to record the bot's schema again");
    }

    @Test
    @DisplayName("a bot.schema.json holding a value nested deeper than the parser takes is named where it goes too deep")
    void schemaNestedTooDeepIsNamedWhereItIs() throws Exception {
        Path dir = Files.createDirectories(base.resolve("cassettes"));
        Path schema = Files.writeString(SchemaFile.in(dir), "{\n  \"recorded_against\" : { },\n  \"deep\" : "
                + "[".repeat(2_000) + "]".repeat(2_000) + "\n}\n");

        SchemaFile.Read read = SchemaFile.read(dir, schema);

        assertThat(read.stored()).isEmpty();
        assertThat(read.notRead()).get().asString().matches(java.util.regex.Pattern.quote(Cassettes.shown(schema))
                + ":3:(4|5)\\d\\d: not valid JSON \\(a value beyond the parser's limits: .*");
    }

    private String run(String mode, Path dir) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())
                        .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, base.resolve("reports").toString())
                .configurationParameter(Constants.APPROVE_DIR, base.resolve("approved").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        return console.toString(StandardCharsets.UTF_8);
    }
}
