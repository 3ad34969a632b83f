package dev.botsim.cognigy.engine.support;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Why two texts a check compares exactly (or ignoring case) are not the same when a reader sees the same words: a
 * failure names the likely fix instead of leaving a reader to compare {@code "don't"} with {@code "don’t"} letter by
 * letter. Loosely, texts are compared ignoring case, with every run of spaces (a no-break space, a tab, a line break
 * too) as one space, zero-width characters and Markdown's emphasis marks ({@code *}, {@code `}) left out, typographic
 * quotes and dashes as their plain forms and each
 * character in Unicode's compatibility form (a full-width {@code Ａ} as {@code A}, the ligature {@code ﬁ} as {@code fi}).
 *
 * <p>The checks that leave an answer's wording free ({@code response_contains}, {@code response_contains_any},
 * {@code response_not_contains}) compare so ({@link #contains}): a generative answer writes {@code don’t} in one run and
 * {@code don't} in the next, and a reader sees the same words. The checks that compare exactly (an intent, an entity
 * value, a flow) use it only for their failure messages ({@link #onlyDifference}); discovery's rule that a test requiring
 * and forbidding the same text can never pass compares the same way.
 *
 * <p>A voice bot's answer written as SSML, a {@code <speak>} document, is read as the caller hears it
 * ({@link SpokenText}): {@code response_contains: Your balance is $42.10} holds for {@code <speak>Your balance is
 * <say-as interpret-as="currency">$42.10</say-as><break time="500ms"/> Anything else?</speak>}, and
 * {@code response_not_contains: currency} does not find the attribute's value, which nobody hears. A phrase written with
 * markup itself is looked for in the answer as written.
 *
 * <p>A chat answer written with HTML ({@code we can&#39;t offer a <b>full</b> refund}) is read both as written and as a
 * chat that renders HTML shows it ({@link ShownText}): Cognigy's Webchat shows the words, a channel that does not render
 * HTML the tags, and the bot's text does not say which channel it is for. A phrase found in either reading is
 * contained, so {@code response_not_contains: full refund} fails on that answer and {@code response_contains: full
 * refund} holds.
 */
public final class LooseText {

    private LooseText() {
    }

    /**
     * What alone tells {@code expected} and {@code actual} apart, for a check comparing them exactly: {@code "letter
     * case"}, or {@code "spaces, quotes, dashes or character forms"}; empty when they differ in more, are equal, or
     * one of them is missing.
     */
    public static Optional<String> onlyDifference(String expected, String actual) {
        if (expected == null || actual == null || expected.equals(actual)) return Optional.empty();
        if (expected.equalsIgnoreCase(actual) || expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT))) {
            return Optional.of("letter case");
        }
        Loose a = Loose.of(expected);
        Loose b = Loose.of(actual);
        return a.text.equals(b.text) && !a.text.isBlank() ? Optional.of("spaces, quotes, dashes or character forms") : Optional.empty();
    }

    /**
     * Whether {@code text} contains {@code phrase} as a reader sees them: ignoring case letter by letter
     * ({@link CaselessText}), or compared loosely. A phrase with nothing left loosely (only spaces or invisible
     * characters) is looked for as written.
     */
    public static boolean contains(String text, String phrase) {
        if (text == null || phrase == null) return false;
        return !containedIn(text, java.util.List.of(phrase)).isEmpty();
    }

    /** The texts of {@code phrases} that {@code text} {@linkplain #contains contains}, in their order. */
    public static java.util.List<String> containedIn(String text, java.util.List<String> phrases) {
        if (text == null) return java.util.List.of();
        return containedIn(text, SpokenText.of(text), phrases);
    }

    /**
     * The texts of {@code phrases} a caller may hear in {@code text}, in their order: those it {@linkplain #containedIn
     * contains}, and those an SSML answer says only when a recording fails and its {@code <audio>}'s fallback text is
     * spoken instead ({@link SpokenText#ofFailedRecordings}). What {@code response_not_contains} rules out must not be
     * said either way.
     */
    public static java.util.List<String> mayBeHeardIn(String text, java.util.List<String> phrases) {
        if (text == null) return java.util.List.of();
        String failed = SpokenText.ofFailedRecordings(text);
        if (failed.equals(SpokenText.of(text))) return containedIn(text, phrases);
        java.util.Set<String> heard = new java.util.HashSet<>(containedIn(text, phrases));
        heard.addAll(containedIn(text, failed, phrases));
        return phrases.stream().filter(heard::contains).toList();
    }

    /**
     * The texts of {@code phrases} found in the answer {@code text}, read as {@code spoken} when it holds SSML: there a
     * phrase written with markup itself ({@code <break time="500ms"/>}) is looked for as written and every other as
     * spoken, its markup no part of the words. Any other answer is read as written and, when it holds HTML, as a chat
     * shows it ({@link ShownText}), a phrase found in either: a chat that renders HTML shows {@code a <b>full</b>
     * refund} as {@code a full refund}, and a channel that does not shows the tags, so a forbidden phrase is caught in
     * what either shows and a required one holds for what either shows; a phrase written with markup ({@code <a href})
     * is found as written.
     */
    private static java.util.List<String> containedIn(String text, String spoken, java.util.List<String> phrases) {
        Loose asWritten = Loose.of(text);
        if (!spoken.equals(text)) {
            Loose asSpoken = Loose.of(spoken);
            // An output beside the speech written with HTML (a chat's), read as a chat shows it too.
            String shownToo = ShownText.of(spoken);
            Loose asShownToo = shownToo.equals(spoken) ? null : Loose.of(shownToo);
            return phrases.stream().filter(p -> SpokenText.markedUp(p) ? holds(text, asWritten, p)
                    : holds(spoken, asSpoken, p) || asShownToo != null && holds(shownToo, asShownToo, p)).toList();
        }
        String shown = ShownText.of(text);
        Loose asShown = shown.equals(text) ? null : Loose.of(shown);
        return phrases.stream().filter(p -> holds(text, asWritten, p) || asShown != null && holds(shown, asShown, p)).toList();
    }

    /** Whether {@code read}, whose loose form is {@code loose}, holds {@code phrase} ignoring case or compared loosely. */
    private static boolean holds(String read, Loose loose, String phrase) {
        return CaselessText.contains(read, phrase) || loose.holds(phrase);
    }

    /**
     * {@code cp} in one case, as {@link String#equalsIgnoreCase} and {@link CaselessText} compare letters: the upper case's
     * lower case. {@code toLowerCase(Locale.ROOT)} wrote Turkish's {@code İ} as {@code i} and a combining dot, so a loose
     * {@code İade} never held {@code iade}: a {@code response_not_contains} missed the forbidden text in
     * {@code **İade** edilemez}.
     */
    private static int caseless(int cp) {
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** Which characters of {@code text} are Markdown's emphasis marks, left out of its loose form. */
    static boolean[] emphasis(String text) {
        return Loose.emphasis(text);
    }

    /** A text's loose form. */
    private record Loose(String text) {

        /** Whether this holds {@code phrase} compared loosely; never for a phrase with nothing left loosely. */
        boolean holds(String phrase) {
            String wanted = of(phrase).text.strip();
            return !wanted.isEmpty() && text.contains(wanted);
        }

        static Loose of(String original) {
            boolean[] emphasis = emphasis(original);
            StringBuilder text = new StringBuilder(original.length());
            boolean space = false;
            for (int i = 0; i < original.length(); ) {
                int cp = original.codePointAt(i);
                boolean mark = emphasis[i];
                i += Character.charCount(cp);
                if (isSpace(cp)) {
                    space = true;
                    continue;
                }
                if (isInvisible(cp) || mark) continue;
                if (space && !text.isEmpty()) text.append(' ');
                space = false;
                Normalizer.normalize(plain(cp), Normalizer.Form.NFKC).codePoints().map(LooseText::caseless)
                        .forEach(text::appendCodePoint);
            }
            return new Loose(text.toString());
        }

        private static boolean isSpace(int cp) {
            return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
        }

        /** Zero-width spaces and joiners, the word joiner and the byte order mark: nothing a reader sees. */
        private static boolean isInvisible(int cp) {
            return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
        }

        /**
         * Which characters of {@code text} are marks of Markdown emphasis an LLM puts around words ({@code **bold**},
         * {@code *italic*}, {@code `code`}), which a chat shows as the words alone: a run of {@code *} or of backticks that
         * opens (no letter or digit before it, no space after it) paired with the next run of the same marks that closes
         * (no space before it, no letter or digit after it), the innermost first ({@code **bold *italic* bold**}). A run within a word or a number, or
         * standing alone — a masked card number {@code 4111 **** **** 1111} or {@code 411111******1111}, a rating
         * {@code 4*} — is what the bot said and stays. An underscore is no mark here: it is a letter of names
         * ({@code ORD_99}).
         */
        private static boolean[] emphasis(String text) {
            boolean[] marks = new boolean[text.length()];
            // The runs opened and not yet closed, innermost last: **Bold with *italic* inside** closes both.
            java.util.ArrayDeque<int[]> open = new java.util.ArrayDeque<>();
            // The same runs by their mark and length, innermost last: a run that closes finds its opener at once, where
            // looking through every open run took minutes on an answer of many runs opened and others that close none.
            java.util.Map<Long, java.util.ArrayDeque<int[]>> openByKind = new java.util.HashMap<>();
            for (int i = 0; i < text.length(); ) {
                char c = text.charAt(i);
                if (c != '*' && c != '`') {
                    i++;
                    continue;
                }
                int end = i;
                while (end < text.length() && text.charAt(end) == c) end++;
                // A word is letters and digits: an emoji or a currency sign beside the marks (✅**Done**) is none.
                boolean wordBefore = i > 0 && Character.isLetterOrDigit(text.codePointBefore(i));
                boolean wordAfter = end < text.length() && Character.isLetterOrDigit(text.codePointAt(end));
                boolean closes = i > 0 && !isSpace(text.codePointBefore(i)) && !wordAfter;
                boolean opens = !wordBefore && end < text.length() && !isSpace(text.codePointAt(end));
                java.util.ArrayDeque<int[]> sameKind = closes ? openByKind.get(kind(c, end - i)) : null;
                int[] opener = sameKind == null ? null : sameKind.peekLast();
                if (opener != null) {
                    // Each run opened after it is the innermost of its kind still open.
                    while (open.peekLast() != opener) {
                        int[] inner = open.removeLast();
                        openByKind.get(kind((char) inner[2], inner[1])).removeLast();
                    }
                    open.removeLast();
                    sameKind.removeLast();
                    java.util.Arrays.fill(marks, opener[0], opener[0] + opener[1], true);
                    java.util.Arrays.fill(marks, i, end, true);
                } else if (opens) {
                    int[] run = {i, end - i, c};
                    open.addLast(run);
                    openByKind.computeIfAbsent(kind(c, end - i), k -> new java.util.ArrayDeque<>()).addLast(run);
                }
                i = end;
            }
            return marks;
        }

        /** A run's kind: its mark and its length, the two a closing run must share with its opener. */
        private static long kind(char c, int length) {
            return (long) length << 16 | c;
        }

        /** Typographic quotes, apostrophes and dashes as the plain ones a keyboard types. */
        private static String plain(int cp) {
            return switch (cp) {
                case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4 -> "'";
                case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB -> "\"";
                case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212 -> "-";
                case 0x2026 -> "...";
                default -> new String(Character.toChars(cp));
            };
        }
    }
}
