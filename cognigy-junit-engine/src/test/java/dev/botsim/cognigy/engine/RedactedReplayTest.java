package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A request part named in {@code cognigy.replay.redact} keeps no readable value in the cassette, yet a test whose redacted
 * message changed since it was recorded is not answered with the old message's recording: {@code replay} fails it and
 * {@code auto} sends it to the bot, as for any other changed message.
 */
class RedactedReplayTest {

    @TempDir
    Path dir;

    private Path dataFile(String utterance) throws Exception {
        Path data = dir.resolve("tests/orders.sim.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "version: 1\ncases:\n  - id: test_order\n    utterance: " + utterance + "\n"
                + "    expect: { intent: check_order }\n");
        return data;
    }

    private EngineExecutionResults run(ScriptedBackend backend, RecordingListener listener, Path data, String mode) {
        EngineServices services = new EngineServices(Map.<String, String>of()::get, config -> backend, Clock.systemUTC())
                .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).withListeners(listener);
        return EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                .configurationParameter(Constants.REPLAY_REDACT, "/request/text")
                .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();
    }

    private static SimulationRecord only(RecordingListener listener) {
        assertThat(listener.finished).hasSize(1);
        return listener.finished.get(0);
    }

    @Test
    @DisplayName("recorded with its text redacted, then reworded: replay fails it as changed, auto asks the bot, and the"
            + " unchanged test still replays; the cassette never holds the text")
    void rewordedRedactedMessageIsNotReplayed() throws Exception {
        Path data = dataFile("where is my order");
        ScriptedBackend recording = new ScriptedBackend();
        run(recording, new RecordingListener(), data, "record").testEvents().assertStatistics(stats -> stats.succeeded(1));
        String cassette;
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            Path file = files.filter(p -> p.toString().endsWith(".cassette.json")).findFirst().orElseThrow();
            cassette = Files.readString(file);
        }
        assertThat(cassette).contains("\"text\" : \"<redacted sha256:").doesNotContain("where is my order");

        RecordingListener unchanged = new RecordingListener();
        run(new ScriptedBackend(), unchanged, data, "replay").testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(only(unchanged).replayed()).isTrue();

        // Reworded: the bot now escalates, and the test expects check_order still.
        dataFile("I want a human");
        RecordingListener replayed = new RecordingListener();
        run(new ScriptedBackend(), replayed, data, "replay").testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(only(replayed).message()).contains("no recording for [file:", "[case:test_order] as it is now",
                "its text (recorded \"<redacted sha256:", "changed since it was recorded");

        ScriptedBackend bot = new ScriptedBackend();
        RecordingListener auto = new RecordingListener();
        run(bot, auto, data, "auto").testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(bot.requests).singleElement().satisfies(request -> assertThat(request.text()).isEqualTo("I want a human"));
        assertThat(only(auto).replayed()).isFalse();
    }

    @Test
    @DisplayName("a cassette whose request holds <redacted> alone (written before requests kept a digest) is not replayed"
            + " as unchanged: replay says its redacted value cannot be compared")
    void redactedWithoutDigestIsNotReplayed() throws Exception {
        Path data = dataFile("where is my order");
        run(new ScriptedBackend(), new RecordingListener(), data, "record").testEvents().assertStatistics(stats -> stats.succeeded(1));
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            Path file = files.filter(p -> p.toString().endsWith(".cassette.json")).findFirst().orElseThrow();
            Files.writeString(file, Files.readString(file).replaceAll("<redacted sha256:[0-9a-f]+>", "<redacted>"));
        }

        RecordingListener listener = new RecordingListener();
        run(new ScriptedBackend(), listener, data, "replay").testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(only(listener).message()).contains("as it is now", "its redacted value (recorded as <redacted> alone, by an"
                + " earlier version of the engine, so it cannot be compared with the test's now) may have changed since it was"
                + " recorded; run once with cognigy.replay=record");
    }
}
