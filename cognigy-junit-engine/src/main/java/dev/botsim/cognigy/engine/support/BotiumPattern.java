package dev.botsim.cognigy.engine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The parts of a Botium convo's combined text pattern that are searched in each output on its own, as Botium tests each
 * bot message: a {@code TEXT_REGEXP_*} argument. Any construct of a regular expression may take the break between two
 * outputs in ({@code [\s\S]}, {@code \R}, {@code \W}, {@code [^x]}, {@code .} after {@code (?s)}), so no text between
 * two outputs keeps such a pattern within one; searched in each output alone, none reaches the next. In {@code support},
 * outside the layers: the convo's reader writes the pattern, the check of an answer reads it.
 *
 * <p>A part is marked in the pattern by {@code (?=|per-output N)}, N its length, in front of it: a lookahead that always
 * holds, so the pattern stays a valid one that means the same searched in the answer as a whole. The rest of the pattern
 * is the reader's own syntax and its texts quoted ({@code \Q…\E}), where no mark is looked for.
 */
public final class BotiumPattern {

    private static final String MARK = "(?=|per-output ";

    private BotiumPattern() {
    }

    /** {@code part} marked to be searched in each output on its own; composed (NFC), as expectations hold patterns. */
    public static String perOutput(String part) {
        String composed = ComposedText.of(part);
        return MARK + composed.length() + ")" + composed;
    }

    /**
     * {@code pattern} with each part marked {@link #perOutput} replaced by what searching each output for it gave: an
     * empty group where {@code found} holds for it, a group that never matches where it does not; {@code pattern} itself
     * when it marks none, or when a mark does not read as written.
     */
    public static String resolved(String pattern, Predicate<String> found) {
        List<int[]> parts = parts(pattern);
        if (parts.isEmpty()) return pattern;
        StringBuilder resolved = new StringBuilder();
        int from = 0;
        for (int[] part : parts) {
            resolved.append(pattern, from, part[0]).append(found.test(pattern.substring(part[1], part[2])) ? "(?:)" : "(?!)");
            from = part[2];
        }
        return resolved.append(pattern, from, pattern.length()).toString();
    }

    /**
     * {@code pattern} as a person reads it: without its marks, which always hold, so it means the same; {@code pattern}
     * itself when it marks none. The failure's own words say that each {@code TEXT_REGEXP} was searched in each output.
     */
    public static String shown(String pattern) {
        List<int[]> parts = parts(pattern);
        if (parts.isEmpty()) return pattern;
        StringBuilder shown = new StringBuilder();
        int from = 0;
        for (int[] part : parts) {
            shown.append(pattern, from, part[0]);
            from = part[1];
        }
        return shown.append(pattern, from, pattern.length()).toString();
    }

    /** Whether {@code pattern} marks any part to be searched in each output. */
    public static boolean marksAny(String pattern) {
        return !parts(pattern).isEmpty();
    }

    /** Each marked part: where its mark starts, where the part starts and ends; none when a mark does not read. */
    private static List<int[]> parts(String pattern) {
        List<int[]> parts = new ArrayList<>();
        if (pattern == null || !pattern.contains(MARK)) return parts;
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("\\Q", i)) {
                int end = pattern.indexOf("\\E", i + 2);
                i = end < 0 ? pattern.length() : end + 2;
            } else if (pattern.charAt(i) == '\\') {
                i += 2;
            } else if (pattern.startsWith(MARK, i)) {
                int close = pattern.indexOf(')', i + MARK.length());
                int length;
                try {
                    length = close < 0 ? -1 : Integer.parseInt(pattern.substring(i + MARK.length(), close));
                } catch (NumberFormatException e) {
                    length = -1;
                }
                if (length < 0 || close + 1 + length > pattern.length()) return List.of();
                parts.add(new int[] {i, close + 1, close + 1 + length});
                i = close + 1 + length;
            } else {
                i++;
            }
        }
        return parts;
    }
}
