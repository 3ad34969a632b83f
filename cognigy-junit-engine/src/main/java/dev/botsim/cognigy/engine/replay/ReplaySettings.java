package dev.botsim.cognigy.engine.replay;

import static dev.botsim.cognigy.engine.config.Constants.GOVERNANCE_REQUIRE_LIVE;
import static dev.botsim.cognigy.engine.config.Constants.REPLAY;
import static dev.botsim.cognigy.engine.config.Constants.REPLAY_DIR;
import static dev.botsim.cognigy.engine.config.Constants.REPLAY_REDACT;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.botsim.cognigy.engine.config.ConfigurationException;

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

    /** Read from the run's {@code cognigy.*} parameters; a value that is none of the choices is refused naming them. */
    public static ReplaySettings of(Map<String, String> parameters) {
        String mode = parameters.getOrDefault(REPLAY, "off").trim().toLowerCase(Locale.ROOT);
        ReplayMode chosen = Arrays.stream(ReplayMode.values()).filter(m -> m.id().equals(mode)).findFirst()
                .orElseThrow(() -> new ConfigurationException(REPLAY + "=" + mode + " is not one of off, record, replay, auto"));
        String dir = parameters.getOrDefault(REPLAY_DIR, "").trim();
        List<String> redact = Arrays.stream(parameters.getOrDefault(REPLAY_REDACT, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        String live = parameters.getOrDefault(GOVERNANCE_REQUIRE_LIVE, "false").trim().toLowerCase(Locale.ROOT);
        if (!live.equals("true") && !live.equals("false")) {
            throw new ConfigurationException(GOVERNANCE_REQUIRE_LIVE + "=" + live + " is not a boolean; use true or false");
        }
        return new ReplaySettings(chosen, dir.isEmpty() ? DEFAULT_DIR : Path.of(dir), redact, live.equals("true"));
    }
}
