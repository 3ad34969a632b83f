package dev.botsim.cognigy.engine.execution;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Why two texts a check compares exactly (or ignoring case) are not the same when a reader sees the same words: a
 * failure names the likely fix instead of leaving a reader to compare {@code "don't"} with {@code "don’t"} letter by
 * letter. Loosely, texts are compared ignoring case, with every run of spaces (a no-break space, a tab, a line break
 * too) as one space, zero-width characters left out, typographic quotes and dashes as their plain forms and each
 * character in Unicode's compatibility form (a full-width {@code Ａ} as {@code A}, the ligature {@code ﬁ} as {@code fi}).
 * Only failure messages use it: what passes is decided by the checks as documented.
 */
final class LooseText {

    private LooseText() {
    }

    /**
     * What alone tells {@code expected} and {@code actual} apart, for a check comparing them exactly: {@code "letter
     * case"}, or {@code "spaces, quotes, dashes or character forms"}; empty when they differ in more, are equal, or
     * one of them is missing.
     */
    static Optional<String> onlyDifference(String expected, String actual) {
        if (expected == null || actual == null || expected.equals(actual)) return Optional.empty();
        if (expected.equalsIgnoreCase(actual) || expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT))) {
            return Optional.of("letter case");
        }
        Loose a = Loose.of(expected);
        Loose b = Loose.of(actual);
        return a.text.equals(b.text) && !a.text.isBlank() ? Optional.of("spaces, quotes, dashes or character forms") : Optional.empty();
    }

    /**
     * The part of {@code text} that holds {@code phrase} when both are compared loosely, as {@code text} writes it; empty
     * when it holds it nowhere even so, or holds it as written (ignoring case).
     */
    static Optional<String> looselyContained(String text, String phrase) {
        if (text == null || phrase == null) return Optional.empty();
        Loose loose = Loose.of(text);
        String wanted = Loose.of(phrase).text.strip();
        if (wanted.isEmpty()) return Optional.empty();
        int at = loose.text.indexOf(wanted);
        if (at < 0) return Optional.empty();
        int start = loose.origin[at];
        int last = loose.origin[at + wanted.length() - 1];
        int end = last + Character.charCount(text.codePointAt(last));
        return Optional.of(text.substring(start, end));
    }

    /** A text's loose form, and for each of its chars the index in the original text of the character it came from. */
    private record Loose(String text, int[] origin) {

        static Loose of(String original) {
            StringBuilder text = new StringBuilder(original.length());
            int[] origin = new int[original.length() * 4 + 4];
            boolean space = false;
            for (int i = 0; i < original.length(); ) {
                int cp = original.codePointAt(i);
                int at = i;
                i += Character.charCount(cp);
                if (isSpace(cp)) {
                    space = true;
                    continue;
                }
                if (isInvisible(cp)) continue;
                if (space && !text.isEmpty()) {
                    origin = room(origin, text.length() + 1);
                    origin[text.length()] = at;
                    text.append(' ');
                }
                space = false;
                String plain = Normalizer.normalize(plain(cp), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
                origin = room(origin, text.length() + plain.length());
                for (int k = 0; k < plain.length(); k++) origin[text.length() + k] = at;
                text.append(plain);
            }
            return new Loose(text.toString(), origin);
        }

        private static int[] room(int[] origin, int needed) {
            return needed <= origin.length ? origin : java.util.Arrays.copyOf(origin, Math.max(needed, origin.length * 2));
        }

        private static boolean isSpace(int cp) {
            return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
        }

        /** Zero-width spaces and joiners, the word joiner and the byte order mark: nothing a reader sees. */
        private static boolean isInvisible(int cp) {
            return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
        }

        /** Typographic quotes, apostrophes and dashes as the plain ones a keyboard types. */
        private static String plain(int cp) {
            return switch (cp) {
                case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4, 0x0060 -> "'";
                case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB -> "\"";
                case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212 -> "-";
                case 0x2026 -> "...";
                default -> new String(Character.toChars(cp));
            };
        }
    }
}
