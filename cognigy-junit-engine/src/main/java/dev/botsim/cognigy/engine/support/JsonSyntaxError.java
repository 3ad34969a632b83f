package dev.botsim.cognigy.engine.support;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * What a JSON parser could not read, said by its kind and length and where it stands, never by its text. Jackson's own
 * message repeats what it read: the word it did not recognise ({@code Unrecognized token 'ghp_…'}), a number out of
 * range, the character it did not expect. A file the engine reads as JSON may be anything a user or a checkout put in
 * its place — a credentials file named by mistake, a restored CI cache — so a complaint about it must not quote it to
 * the console, a report or a CI log: {@code Unrecognized token of 40 characters: was expecting (JSON String, Number, Array,
 * Object or token 'null', 'true' or 'false') at line 2, column 3}.
 *
 * <p>The complaint is Jackson's first line with what it quotes of the input replaced: a word and a number by their
 * length, a character dropped (a control character is still named by its code). A message of a form not known here is
 * cut before its first quote, where Jackson would begin to quote the input.
 */
public final class JsonSyntaxError {

    /** The word Jackson quotes when it cannot read a value: {@code Unrecognized token 'abc': was expecting ...}. */
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*)': (was expecting .*)");

    /** The number Jackson quotes when it does not fit: {@code Numeric value (12345678901) out of range of `int` (...)}. */
    private static final Pattern NUMBER = Pattern.compile("Numeric value \\((.*)\\) (out of range of .*)");

    /** A property's name Jackson quotes when it is given twice in one object: {@code Duplicate Object property "mac"}. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"(.*)");

    /** A number Jackson quotes as malformed: {@code Malformed numeric value (1.2.3)}. */
    private static final Pattern MALFORMED_NUMBER = Pattern.compile("Malformed numeric value \\((.*)\\)(.*)");

    /** How Jackson writes a long number instead of itself: {@code [Integer with 1200 digits]}. */
    private static final Pattern LONG_NUMBER = Pattern.compile("\\[(?:Integer with (\\d+) digits|number with (\\d+) characters)\\]");

    /** A character Jackson quotes, in parentheses or not: {@code ('x' (code 120))}, {@code 'x' (code 8364 / 0x20ac)}. */
    private static final Pattern CHARACTER = Pattern.compile(" ?\\('.' \\(code [^)]*\\)\\)| ?'.' \\(code [^)]*\\)", Pattern.DOTALL);

    /**
     * Where a value began, as Jackson says it: {@code [Source: REDACTED (...); line: 1, column: 1]}; the source is the
     * input itself when a parser is built to include it. Greedy, so it ends at the last place, the one Jackson appends.
     */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*; line: (\\d+), column: (\\d+)\\]");

    /** A place Jackson gives without line and column ({@code byte offset: #UNKNOWN}), said with the parenthesis it is in. */
    private static final Pattern SOURCE_WITHOUT_LINE = Pattern.compile(" ?\\((?:start marker at|for [A-Za-z]+ starting at) \\[Source: .*\\]\\)|\\[Source: .*\\]");

    /** A bracket closing what was not opened, or another: only {@code ]} or {@code }} is ever quoted here. */
    private static final Pattern CLOSE_MARKER = Pattern.compile("(Unexpected close marker '[\\]}]'(?:: expected '[\\]}]'|: no open [A-Za-z]+ to close)).*");

    /** What Jackson says it expected, in its own words: quotes in these are no input. */
    private static final java.util.List<String> EXPECTED = java.util.List.of(
            "(JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', 'true' or 'false')",
            "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "'null', 'true', 'false' or NaN",
            "'null', 'true' or 'false'");

    private JsonSyntaxError() {
    }

    /** What {@code e} could not read and where: {@code ... at line 2, column 3} (no place when the parser gave none). */
    public static String of(JacksonException e) {
        return of(e, Set.of());
    }

    /**
     * What {@code e} could not read and where; a property given twice is named when it is one of {@code names}, the
     * properties the caller reads the file by (any other is said by its length, as a word is).
     */
    public static String of(JacksonException e, Set<String> names) {
        TokenStreamLocation at = e.getLocation();
        String what = what(e, names);
        return at == null || at.getLineNr() < 1 ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** What {@code e} could not read, without where: for a caller that says the place its own way ({@code file:2:3}). */
    public static String what(JacksonException e) {
        return what(e, Set.of());
    }

    private static String what(JacksonException e, Set<String> names) {
        String line = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        line = SOURCE.matcher(line).replaceAll("line $1, column $2");
        line = SOURCE_WITHOUT_LINE.matcher(line).replaceAll("");
        Matcher close = CLOSE_MARKER.matcher(line);
        if (close.matches()) return close.group(1);
        Matcher token = TOKEN.matcher(line);
        if (token.matches()) return "Unrecognized token of " + wordLength(token.group(1)) + ": " + expected(token.group(2));
        Matcher number = NUMBER.matcher(line);
        if (number.matches()) return "Numeric value of " + numberLength(number.group(1)) + " " + unquoted(number.group(2));
        Matcher duplicate = DUPLICATE.matcher(line);
        if (duplicate.matches()) {
            String name = duplicate.group(1);
            return "Duplicate Object property " + (names.contains(name) ? "\"" + name + "\"" : "of " + characters(name))
                    + unquoted(duplicate.group(2));
        }
        Matcher malformed = MALFORMED_NUMBER.matcher(line);
        if (malformed.matches()) return "Malformed numeric value of " + numberLength(malformed.group(1)) + unquoted(malformed.group(2));
        return expected(CHARACTER.matcher(line).replaceAll(""));
    }

    /**
     * How long a word Jackson quotes is: Jackson stops at a length ({@code ErrorReportConfiguration}) and marks the cut
     * with {@code ...}, so a word that long is at least that long.
     */
    private static String wordLength(String word) {
        if (word.endsWith("...") && word.length() > 3) return "at least " + characters(word.substring(0, word.length() - 3));
        return characters(word);
    }

    private static String numberLength(String number) {
        Matcher described = LONG_NUMBER.matcher(number);
        if (!described.matches()) return characters(number);
        return (described.group(1) != null ? described.group(1) : described.group(2)) + " characters";
    }

    private static String characters(String text) {
        int length = text.codePointCount(0, text.length());
        return length + (length == 1 ? " character" : " characters");
    }

    /** {@code said} with Jackson's lists of what it expected kept whole, and cut before any other quote. */
    private static String expected(String said) {
        StringBuilder kept = new StringBuilder();
        String rest = said;
        while (true) {
            int at = -1;
            String list = null;
            for (String known : EXPECTED) {
                int found = rest.indexOf(known);
                if (found >= 0 && (at < 0 || found < at)) {
                    at = found;
                    list = known;
                }
            }
            String before = at < 0 ? rest : rest.substring(0, at);
            String cut = unquoted(before);
            if (at < 0 || cut.length() != before.length()) return kept.append(cut).toString();
            kept.append(before).append(list);
            rest = rest.substring(at + list.length());
        }
    }

    /** {@code said} up to its first quote: Jackson quotes what it read, a word, a name or a text, between quotes. */
    private static String unquoted(String said) {
        int quote = -1;
        for (int i = 0; i < said.length(); i++) {
            char c = said.charAt(i);
            if (c == '\'' || c == '"') {
                quote = i;
                break;
            }
        }
        if (quote < 0) return said;
        return said.substring(0, quote).replaceAll("[\\s:,(\\[]+$", "");
    }
}
