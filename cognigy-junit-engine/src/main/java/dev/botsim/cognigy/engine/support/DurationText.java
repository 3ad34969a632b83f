package dev.botsim.cognigy.engine.support;

import java.time.Duration;

/** Durations for console lines, as precise as a reader needs: "16 s", "4 min 47 s", "about 5 min", "1 h 40 min". */
public final class DurationText {

    private DurationText() {
    }

    /** Seconds under a minute, minutes and seconds under an hour, hours and minutes beyond: an ETA. */
    public static String precise(Duration d) {
        long seconds = Math.max(0, d.getSeconds() + (d.getNano() >= 500_000_000 ? 1 : 0));
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        long minutes = Math.round(seconds / 60.0);
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /** To the nearest minute from a minute on (an estimate that waits in windows of minutes has no use for seconds). */
    public static String rounded(Duration d) {
        long seconds = Math.max(0, d.getSeconds() + (d.getNano() >= 500_000_000 ? 1 : 0));
        if (seconds < 60) return seconds + " s";
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) return minutes + " min";
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
}
