package dev.botsim.cognigy.engine.replay;

import static dev.botsim.cognigy.engine.config.Constants.REPLAY_DIR;
import static dev.botsim.cognigy.engine.config.Constants.REPLAY_REDACT;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.config.ReplayMode;

/**
 * The replay keys of a run.
 *
 * @param mode        {@code cognigy.replay}
 * @param dir         {@code cognigy.replay.dir}: where cassettes live
 * @param redact      {@code cognigy.replay.redact}: JSON pointers (starting with {@code /}) and slot names
 * @param requireLive {@code cognigy.governance.require-live}: a replayed run is {@code REVIEW_REQUIRED} at best
 */
public record ReplaySettings(ReplayMode mode, Path dir, List<String> redact, boolean requireLive) {

    public static final Path DEFAULT_DIR = Path.of("src", "test", "cognigy");

    public ReplaySettings {
        redact = List.copyOf(redact);
    }

    /**
     * The run's: its mode as its configuration read it, once ({@link EngineConfig#replayMode()}); the folder, what to
     * redact and require-live from its {@code cognigy.*} parameters.
     */
    public static ReplaySettings of(EngineConfig config) {
        return read(config.replayMode(), config.parameters());
    }

    /**
     * Read from {@code cognigy.*} parameters as written, where no run's configuration was read (a split run's part, which
     * {@code merge} compares): a mode that is none of the choices, or a require-live that is no boolean, is refused as the
     * run's configuration refuses it ({@link EngineConfig#replayModeAsWritten}).
     */
    public static ReplaySettings of(Map<String, String> parameters) {
        return read(EngineConfig.replayModeAsWritten(new MapParameters(parameters)), parameters);
    }

    private static ReplaySettings read(ReplayMode mode, Map<String, String> parameters) {
        String dir = parameters.getOrDefault(REPLAY_DIR, "").trim();
        List<String> redact = Arrays.stream(parameters.getOrDefault(REPLAY_REDACT, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ReplaySettings(mode, dir.isEmpty() ? DEFAULT_DIR : Path.of(dir), redact,
                EngineConfig.requireLive(new MapParameters(parameters)));
    }
}
