package dev.botsim.cognigy.engine.support;

/**
 * A text too long to show whole, shown by its beginning and how long it is: {@code please please… (2000 characters)}.
 * A user's utterance or a bot's generative answer can run to pages; a failure's first line, a test's name in Surefire's
 * console and XML report, an IDE's test tree show a line. Characters are counted as a reader counts them, in code
 * points, and the text is cut between two of them, never inside an emoji, so the beginning shown is always text a file
 * or console can hold.
 */
public final class Excerpt {

    /** A failure message quotes at most this much of a text, what the test said or the bot answered. */
    public static final int QUOTED = 300;

    private Excerpt() {
    }

    /** The text whole when it has at most {@code shown} characters; else its first {@code shown} and its length. */
    public static String of(String text, int shown) {
        return cut(text, shown, true);
    }

    /**
     * The text whole when it has at most {@code shown} characters; else its first {@code shown} and an ellipsis, for a
     * message that quotes another's words and does not count them.
     */
    public static String head(String text, int shown) {
        return cut(text, shown, false);
    }

    private static String cut(String text, int shown, boolean counted) {
        if (text == null) return null;
        int length = text.codePointCount(0, text.length());
        if (length <= shown) return text;
        return text.substring(0, text.offsetByCodePoints(0, shown)) + (counted ? suffix(length) : "…");
    }

    /**
     * The text whole when it has at most {@code longest} characters; else its beginning and its length, together at most
     * {@code longest} characters: what another place that cuts at {@code longest} shows whole, with the length of all of it.
     * {@code longest} is at least the length of the suffix and one character.
     */
    public static String within(String text, int longest) {
        if (text == null) return null;
        int length = text.codePointCount(0, text.length());
        if (length <= longest) return text;
        return of(text, Math.max(1, longest - suffix(length).length()));
    }

    /** What follows the beginning of a text cut: its length. */
    private static String suffix(int length) {
        return "… (" + length + " characters)";
    }
}
