package dev.botsim.cognigy.engine.approval;

import java.util.Optional;

/**
 * Where two texts first differ, for a failure that quotes both whole: an approved answer of a paragraph and the bot's
 * new one differ by a word ("14 days" against "30 days"), which a reader would otherwise hunt for across two quotes of
 * hundreds of characters. Short texts need no pointer: they are read at a glance.
 *
 * @param at       the position of the first character that differs, counted in characters (code points) from 1
 * @param approved the approved text around it, with {@code …} where it was cut
 * @param answered the bot's text around it, likewise
 */
record FirstDifference(int at, String approved, String answered) {

    /** Texts up to this long are shown whole and not pointed at. */
    static final int SHORT = 60;
    /** How much of each text is shown before and from the first difference. */
    private static final int AROUND = 30;
    /** How far an excerpt is widened to begin and end with a whole word. */
    private static final int WORD = 15;

    /** Where {@code approved} and {@code answered} first differ, when either is long and they differ. */
    static Optional<FirstDifference> of(String approved, String answered) {
        if (approved == null || answered == null || approved.equals(answered)) return Optional.empty();
        if (length(approved) <= SHORT && length(answered) <= SHORT) return Optional.empty();
        int common = 0;
        int a = 0;
        int b = 0;
        while (a < approved.length() && b < answered.length() && approved.codePointAt(a) == answered.codePointAt(b)) {
            a += Character.charCount(approved.codePointAt(a));
            b += Character.charCount(answered.codePointAt(b));
            common++;
        }
        return Optional.of(new FirstDifference(common + 1, excerpt(approved, a), excerpt(answered, b)));
    }

    /**
     * {@code …unused item within 14 days of delivery for a full…}: {@link #AROUND} characters before index {@code at}
     * and from it, widened to whole words (by {@link #WORD} characters at most), with {@code …} where the text goes on.
     */
    private static String excerpt(String text, int at) {
        int from = at;
        for (int i = 0; i < AROUND && from > 0; i++) from = text.offsetByCodePoints(from, -1);
        for (int i = 0; i < WORD && from > 0 && !Character.isWhitespace(text.codePointBefore(from)); i++) {
            from = text.offsetByCodePoints(from, -1);
        }
        int to = at;
        for (int i = 0; i < AROUND && to < text.length(); i++) to = text.offsetByCodePoints(to, 1);
        for (int i = 0; i < WORD && to < text.length() && !Character.isWhitespace(text.codePointAt(to)); i++) {
            to = text.offsetByCodePoints(to, 1);
        }
        return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
