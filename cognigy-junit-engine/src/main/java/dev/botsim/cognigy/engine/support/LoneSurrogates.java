package dev.botsim.cognigy.engine.support;

/**
 * Halves of surrogate pairs that stand alone in a text: a bot's answer cut inside an emoji, say. Such a half is no
 * character, and UTF-8 has no bytes for it (Java writes {@code ?}), so a file cannot hold it as it is: a text holding one
 * would read back as another.
 */
public final class LoneSurrogates {

    private LoneSurrogates() {
    }

    /** {@code text} with each lone half replaced by U+FFFD REPLACEMENT CHARACTER; the same string when there is none. */
    public static String replaced(String text) {
        return text == null ? null : rewritten(text, false);
    }

    /**
     * JSON text with each lone half written as its escape ({@code \}{@code uD83D}), which a JSON reader reads back as
     * it: JSON's own characters are ASCII, so such a half stands inside a string.
     */
    public static String escaped(String json) {
        return rewritten(json, true);
    }

    private static String rewritten(String text, boolean escape) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) out.append(c).append(text.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
                if (escape) out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c)); else out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
