package dev.botsim.cognigy.engine.replay;

import java.util.Locale;

/** What {@code cognigy.replay} asks of the run. */
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
}
