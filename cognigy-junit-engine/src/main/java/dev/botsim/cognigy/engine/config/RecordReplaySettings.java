package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The record-and-replay keys, read once with the rest of the configuration: the replay layer takes them from here
 * ({@code replay.ReplaySettings.of(EngineConfig)}), as the approval files take what to redact, so nothing reads the
 * keys again from the raw parameters at run time.
 *
 * @param mode   {@code cognigy.replay}
 * @param dir    {@code cognigy.replay.dir}: where cassettes and {@code bot.schema.json} live
 * @param redact {@code cognigy.replay.redact}: JSON pointers (starting with {@code /}) and slot names,
 *               in the order written, blanks left out
 */
public record RecordReplaySettings(ReplayMode mode, Path dir, List<String> redact) {

    /** Where cassettes live when {@code cognigy.replay.dir} is not set. */
    static final Path DEFAULT_DIR = Path.of("src", "test", "cognigy");

    public RecordReplaySettings {
        redact = List.copyOf(redact);
    }

    /** Replay off, the cassettes' default folder, nothing redacted. */
    public static RecordReplaySettings defaults() {
        return new RecordReplaySettings(ReplayMode.OFF, DEFAULT_DIR, List.of());
    }

    RecordReplaySettings withMode(ReplayMode mode) {
        return new RecordReplaySettings(mode, dir, redact);
    }
}
