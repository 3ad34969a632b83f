package dev.botsim.cognigy.engine.replay;

import static dev.botsim.cognigy.engine.config.Constants.REPLAY_DIR;
import static dev.botsim.cognigy.engine.config.Constants.REPLAY_REDACT;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;

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
     * Read from the run's {@code cognigy.*} parameters; a mode that is none of the choices, or a require-live that is no
     * boolean, is refused as the run's configuration refuses it ({@link EngineConfig#replayMode}).
     */
    public static ReplaySettings of(Map<String, String> parameters) {
        MapParameters given = new MapParameters(parameters);
        ReplayMode chosen = ReplayMode.valueOf(EngineConfig.replayMode(given).toUpperCase(Locale.ROOT));
        String dir = parameters.getOrDefault(REPLAY_DIR, "").trim();
        List<String> redact = Arrays.stream(parameters.getOrDefault(REPLAY_REDACT, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ReplaySettings(chosen, dir.isEmpty() ? DEFAULT_DIR : Path.of(dir), redact, EngineConfig.requireLive(given));
    }
}
