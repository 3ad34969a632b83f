package dev.botsim.cognigy.engine.reporting;

import dev.botsim.cognigy.engine.support.Excerpt;

/**
 * A test's name or utterance where an overview lists it — a result's always visible line on index.html, a row of the
 * stability and fragile tables, the console's fragile line: whole up to {@link #SHOWN} characters, else its beginning
 * and how long it is ({@code … (2000 characters)}). An utterance of 2,000 characters filled the line of its result with
 * thirty lines of text, closed or open; the result's transcript and results.json still hold it whole.
 */
final class OverviewText {

    /** At most this many characters (code points) of a name in an overview: two lines of a result at 1280 px. */
    static final int SHOWN = 200;

    private OverviewText() {
    }

    /** The text, or its first {@link #SHOWN} characters and its length ({@link Excerpt}'s rule, as test names use). */
    static String of(String text) {
        return Excerpt.of(text, SHOWN);
    }
}
