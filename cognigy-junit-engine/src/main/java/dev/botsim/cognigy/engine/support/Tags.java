package dev.botsim.cognigy.engine.support;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An answer's markup replaced in one pass over it: an HTML error page shown by its text, a Botium text compared without
 * its tags. The regular expressions this does the work of ({@code <[^>]*>}, {@code <(script|style)\b.*?</\1>}) search
 * from each {@code <} on to the text's end when no {@code >} or end tag follows it, so an answer of many {@code <} and
 * no {@code >} (a server's page cut short, a bot's answer of comparisons) took time growing with the square of its
 * length: hours for the 1 MiB a client reads. Here a search that finds nothing is not made again from a later
 * {@code <}: nothing later can be found either.
 */
public final class Tags {

    private Tags() {
    }

    /**
     * {@code text} with each tag {@code which} accepts — a {@code <} to the first {@code >} after it, both included, as
     * {@code <[^>]*>} finds it — replaced by {@code replacement}; a tag it refuses is left and the next {@code <} is looked
     * at, as a regular expression's search goes on from the next character.
     */
    public static String replaced(String text, Predicate<CharSequence> which, String replacement) {
        return replaced(text, tag -> which.test(tag) ? replacement : null);
    }

    /**
     * {@code text} with each tag — a {@code <} to the first {@code >} after it, as {@link #replaced(String, Predicate,
     * String)} finds it — replaced by what {@code replacement} gives for it; a tag it gives {@code null} for is left, and
     * the next {@code <} is looked at.
     */
    public static String replaced(String text, Function<CharSequence, String> replacement) {
        StringBuilder out = null;
        int written = 0;
        int close = -1;
        for (int open = text.indexOf('<'); open >= 0; ) {
            // A '<' before the '>' found for an earlier one ends at that '>' too: no '>' stands between them. Looked for
            // again only past it, so a run of refused '<' before one '>' is not searched to that '>' from each.
            if (close <= open) close = text.indexOf('>', open + 1);
            if (close < 0) break; // no tag from here on
            // A view of the tag, not a copy: a refused '<' far before its '>' would otherwise copy all between them.
            String replacing = replacement.apply(java.nio.CharBuffer.wrap(text, open, close + 1));
            if (replacing != null) {
                if (out == null) out = new StringBuilder(text.length());
                out.append(text, written, open).append(replacing);
                written = close + 1;
                open = text.indexOf('<', close + 1);
            } else {
                open = text.indexOf('<', open + 1);
            }
        }
        return out == null ? text : out.append(text, written, text.length()).toString();
    }

    /**
     * {@code text} with each {@code <script>} and {@code <style>} element (any case, with or without attributes, as
     * {@code (?is)<(script|style)\b.*?</\1>} finds it: to the first end tag of its name) replaced by {@code replacement}.
     */
    public static String withoutScriptsAndStyles(String text, String replacement) {
        StringBuilder out = null;
        int written = 0;
        // From where on an element of each name has no end tag: none after it either.
        int noScriptEnd = Integer.MAX_VALUE;
        int noStyleEnd = Integer.MAX_VALUE;
        for (int open = text.indexOf('<'); open >= 0; open = text.indexOf('<', open + 1)) {
            String name = startsElement(text, open + 1, "script") ? "script" : startsElement(text, open + 1, "style") ? "style" : null;
            if (name == null) continue;
            int from = open + 1 + name.length();
            if (from >= (name.equals("script") ? noScriptEnd : noStyleEnd)) continue;
            int end = indexOfIgnoringCase(text, "</" + name + ">", from);
            if (end < 0) {
                if (name.equals("script")) noScriptEnd = from;
                else noStyleEnd = from;
                continue;
            }
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, written, open).append(replacement);
            written = end + name.length() + 3;
            open = written - 1;
        }
        return out == null ? text : out.append(text, written, text.length()).toString();
    }

    /** Whether {@code name} stands at {@code at}, its ASCII letters in any case, and ends a word there ({@code \b}). */
    private static boolean startsElement(String text, int at, String name) {
        if (!asciiIgnoringCase(text, at, name)) return false;
        int after = at + name.length();
        if (after == text.length()) return true;
        int next = text.codePointAt(after);
        return next != '_' && !Character.isLetterOrDigit(next);
    }

    /** Where {@code wanted} (lower case) first stands from {@code from}, its ASCII letters in any case; -1 when nowhere. */
    private static int indexOfIgnoringCase(String text, String wanted, int from) {
        char first = wanted.charAt(0); // '<': no case
        for (int at = text.indexOf(first, from); at >= 0; at = text.indexOf(first, at + 1)) {
            if (asciiIgnoringCase(text, at, wanted)) return at;
        }
        return -1;
    }

    /**
     * Whether {@code wanted} (lower case) stands at {@code at}, ignoring the case of ASCII letters only, as a regular
     * expression's {@code (?i)} does: a dotless {@code ı} or a long {@code ſ} is no letter of {@code script}.
     */
    private static boolean asciiIgnoringCase(String text, int at, String wanted) {
        if (at < 0 || at + wanted.length() > text.length()) return false;
        for (int i = 0; i < wanted.length(); i++) {
            char c = text.charAt(at + i);
            if (c >= 'A' && c <= 'Z') c = (char) (c + ('a' - 'A'));
            if (c != wanted.charAt(i)) return false;
        }
        return true;
    }
}
