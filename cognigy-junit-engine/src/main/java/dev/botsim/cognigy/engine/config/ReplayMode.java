package dev.botsim.cognigy.engine.config;

import java.util.Locale;

/**
 * What {@code cognigy.replay} asks of the run. Read once, with the rest of the configuration ({@link EngineConfig#replayMode()}):
 * the replay layer that acts on it and the warnings of settings it makes useless ({@link IneffectiveSettings}) take the
 * value read there, so they cannot read the key apart and differ.
 */
public enum ReplayMode {
    /** Every test asks the bot; no cassette is read or written. */
    OFF,
    /** Every test asks the bot, and every exchange is written to its cassette. */
    RECORD,
    /** Every test is answered from its cassette; the backend is never opened. */
    REPLAY,
    /** A test is answered from its cassette when its request and the bot's fingerprint are unchanged, else live and re-recorded. */
    AUTO;

    /** The value as written in the configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run writes cassettes: {@code record}, and {@code auto} for what it sends live. */
    public boolean writesCassettes() {
        return this == RECORD || this == AUTO;
    }

    /** Whether the run may answer from what was recorded earlier (cassettes, the bot's schema): {@code replay} and {@code auto}. */
    public boolean replaysRecordings() {
        return this == REPLAY || this == AUTO;
    }

    /** The mode of one of {@link EngineConfig#REPLAY_MODES}, as the configuration's reader gives it. */
    static ReplayMode of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
