package dev.botsim.cognigy.engine.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.config.RecordReplaySettings;
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

    public ReplaySettings {
        redact = List.copyOf(redact);
    }

    /**
     * The run's, as its configuration read them, once ({@link EngineConfig#replay()}, {@code governance().requireLive()}):
     * never the keys read again from its parameters.
     */
    public static ReplaySettings of(EngineConfig config) {
        return of(config.replay(), config.governance().requireLive());
    }

    /**
     * Read from {@code cognigy.*} parameters as written, where no run's configuration was read (a split run's part, which
     * {@code merge} compares), by the rules the run's configuration reads them with ({@link EngineConfig#replayAsWritten},
     * {@link EngineConfig#requireLive}): a mode that is none of the choices, or a require-live that is no boolean, is
     * refused as the run's configuration refuses it.
     */
    public static ReplaySettings of(Map<String, String> parameters) {
        MapParameters written = new MapParameters(parameters);
        return of(EngineConfig.replayAsWritten(written), EngineConfig.requireLive(written));
    }

    private static ReplaySettings of(RecordReplaySettings replay, boolean requireLive) {
        return new ReplaySettings(replay.mode(), replay.dir(), replay.redact(), requireLive);
    }
}
