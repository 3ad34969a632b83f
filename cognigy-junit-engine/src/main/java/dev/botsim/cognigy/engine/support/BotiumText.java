package dev.botsim.cognigy.engine.support;

import java.util.regex.Pattern;

/**
 * A text as Botium's default normalization ({@code SCRIPTING_NORMALIZE_TEXT}) leaves it: markup removed, its entities
 * decoded, every run of whitespace, a line break too, one space. In {@code support}, outside the layers: the checks of a
 * Botium convo file compare and quote texts so, and {@link NamedValues} finds a redacted text in what they quote.
 */
public final class BotiumText {

    /**
     * Whitespace as Botium collapses it, and every character a pattern's {@code ^}, {@code $} and {@code .} take for a line's
     * end: next line (U+0085), line and paragraph separator (U+2028, U+2029). Left in an output, one of them split it in
     * two for the whole-output patterns, which read a line as an output: {@code TEXT_EQUALS Hello} held for one output
     * saying "Hello", U+2028, "there". An expected text's whitespace is read by the same set.
     */
    public static final Pattern WHITESPACE = Pattern.compile("[\\p{Cntrl}\\s\\u00A0\\u2007\\u202F\\u0085\\u2028\\u2029]+");

    private BotiumText() {
    }

    /** {@code text} as Botium compares it; empty for {@code null}. */
    public static String normalized(String text) {
        if (text == null) return "";
        return WHITESPACE.matcher(unmarked(text)).replaceAll(" ").strip();
    }

    /** A tag that breaks a line as Botium reads it: {@code <p…>}, {@code </p>}, {@code <br…>}. */
    private static boolean breaking(CharSequence tag) {
        return tag.charAt(1) == 'p' || "</p>".contentEquals(tag) || tag.length() > 2 && tag.charAt(1) == 'b' && tag.charAt(2) == 'r';
    }

    private static String unmarked(String text) {
        // In one pass each: an answer of many '<' and no '>' is no search from each '<' to its end.
        String plain = Tags.replaced(Tags.replaced(text, BotiumText::breaking, " "), tag -> true, "");
        return plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                .replace("&quot;", "\"");
    }
}
