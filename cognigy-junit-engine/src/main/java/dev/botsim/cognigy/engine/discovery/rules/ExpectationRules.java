package dev.botsim.cognigy.engine.discovery.rules;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.botsim.cognigy.engine.support.CalendarDay;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.LooseText;

/**
 * The rules for what a test expects of the bot's answer, for data files and annotated classes
 * alike. Everything here is checked before anything is sent to a bot.
 */
public final class ExpectationRules {

    private ExpectationRules() {
    }

    /**
     * A test cannot expect an intent and forbid it too: it could never pass. Compared composed (NFC), as the answer is:
     * {@code "café"} written with a combining accent is the intent {@code "café"}.
     */
    public static Optional<Violation> notIntent(String intent, String notIntent) {
        if (intent == null || notIntent == null) return Optional.empty();
        if (ComposedText.of(intent).equals(ComposedText.of(notIntent))) {
            return Optional.of(new Violation("equals 'intent' ('" + intent + "')",
                    "a test cannot expect and forbid the same intent; remove one"));
        }
        // The bot's intent written as not_intent but for case or form fails not_intent: with it, the expected one could never pass.
        return LooseText.onlyDifference(ComposedText.of(intent), ComposedText.of(notIntent))
                .map(what -> new Violation("differs from 'intent' ('" + intent + "') only in " + what + ", so the intent"
                        + " expected fails it too", "a test cannot expect and forbid the same intent; remove one"));
    }

    /**
     * Expecting no intent leaves nothing for the intent's other checks to check: with an expected intent the test could
     * never pass, a forbidden intent is forbidden already, and an answer without an intent has no intent score. Empty
     * when {@code noIntent} is not expected or none of them is given; else the first of them, in that order.
     *
     * @param minScore the lowest score, negative when not given
     */
    public static Optional<Violation> noIntent(boolean noIntent, String intent, String notIntent, double minScore) {
        if (!noIntent) return Optional.empty();
        if (intent != null) {
            return Optional.of(new Violation("contradicts 'intent' ('" + intent + "')",
                    "a test cannot expect no intent and an intent; remove one"));
        }
        if (notIntent != null) {
            return Optional.of(new Violation("already forbids every intent, so 'not_intent' ('" + notIntent + "') checks nothing",
                    "remove 'not_intent'"));
        }
        if (minScore >= 0) {
            return Optional.of(new Violation("leaves no intent score for 'intent_min_score' (" + shown(minScore) + ") to check",
                    "remove 'intent_min_score', or expect an intent instead of no intent"));
        }
        return Optional.empty();
    }

    /**
     * {@code no_intent: false} checks nothing: only {@code true} expects anything (an annotation cannot say it, as
     * {@code false} is its default).
     */
    public static Violation noIntentFalse() {
        return new Violation("is false, which checks nothing",
                "write no_intent: true to expect that the bot recognises no intent, or remove it");
    }

    /** A minimum intent score, when given, is a fraction: scores run from 0 to 1. */
    public static Optional<Violation> minScore(double score) {
        return score >= 0 && score <= 1 ? Optional.empty()
                : Optional.of(new Violation("is outside [0, 1]", "use a fraction such as 0.8"));
    }

    /** Compiled here so a broken pattern fails at discovery, not after the bot was called. */
    public static Optional<Violation> responseMatches(String pattern) {
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(new Violation("is not a valid regular expression (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")",
                    "fix the pattern; escape literal characters such as ( [ . ? with \\"));
        }
    }

    /**
     * A text the bot's answer is compared with (the contained text, each of the texts any of which will do or none of
     * which may appear, the regular expression), as its author wrote it. Such texts are compared trimmed, so spaces
     * written at their ends would silently not be compared — {@code " hell "} would check {@code hell}, which "Hello!"
     * holds — and are refused rather than dropped; line breaks at the ends are not counted (a YAML block ends with one).
     * A text of only invisible characters is refused as an utterance of them is: it checks nothing anyone can see.
     *
     * @param written          the text as written, before trimming; not blank
     * @param regex            whether it is the regular expression
     * @param asResponseMatches how the author writes a regular expression where this text is written, for the fix
     *                         ({@code \bhell\b} as {@code response_matches: '\bhell\b'} in a data file)
     */
    public static Optional<Violation> expectedText(String written, boolean regex, UnaryOperator<String> asResponseMatches) {
        Optional<Violation> invisible = CaseRules.utterance(written);
        if (invisible.isPresent()) {
            return Optional.of(new Violation(invisible.get().what(), "give it a value or remove it"));
        }
        if (!spaceAtAnEnd(written)) {
            return Optional.empty();
        }
        String text = CaseRules.trim(written);
        String fix = regex ? "remove them, or write \\s where a space must be"
                : "remove them, or to match a whole word use " + (WORDS.matcher(text).matches()
                        ? asResponseMatches.apply("\\b" + text + "\\b") : "a regular expression with \\b at the word's ends");
        return Optional.of(new Violation("'" + CaseRules.shorten(written) + "' starts or ends with spaces, which are not"
                + " compared", fix));
    }

    /** Texts {@code \bword\b} can be shown for as they are. */
    private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}_ ]+");

    private static boolean spaceAtAnEnd(String text) {
        String unbroken = text.replaceAll("^[\\r\\n]+|[\\r\\n]+$", "");
        return !unbroken.isEmpty() && (horizontalSpace(unbroken.codePointAt(0))
                || horizontalSpace(unbroken.codePointBefore(unbroken.length())));
    }

    private static boolean horizontalSpace(int cp) {
        return cp == '\t' || Character.isSpaceChar(cp);
    }

    /** The longest answer a length range may name: far beyond any chat message, so a typo such as 4000000 is caught. */
    public static final long MAX_RESPONSE_LENGTH = 100_000;

    /**
     * One end of a length range ({@code response_length: {min, max}}, {@code @ExpectResponse(minLength, maxLength)}): a
     * whole number of characters from 0 to {@value #MAX_RESPONSE_LENGTH}.
     */
    public static Optional<Violation> responseLengthBound(long characters) {
        if (characters < 0) return Optional.of(new Violation("is negative (" + characters + ")", "give a number of characters from 0"));
        if (characters > MAX_RESPONSE_LENGTH) {
            return Optional.of(new Violation("is " + characters + ", more than " + MAX_RESPONSE_LENGTH,
                    "give a number of characters up to " + MAX_RESPONSE_LENGTH));
        }
        return Optional.empty();
    }

    /** A length range whose upper end lies below its lower end holds for no answer. */
    public static Optional<Violation> responseLengthRange(long min, long max) {
        return min >= 0 && max >= 0 && max < min
                ? Optional.of(new Violation("is " + max + ", below min " + min, "swap them, or make max at least min"))
                : Optional.empty();
    }

    /**
     * A length range whose lower end is 0 and which has no upper end holds for every answer, one with no text too (a
     * card alone): it checks nothing, and a test relying on it passes whatever the bot says. An upper end of 0 is a
     * check: the bot answers without text, with a card or a custom payload alone.
     */
    public static Optional<Violation> responseLengthChecksSomething(long min, long max) {
        return min == 0 && max < 0
                ? Optional.of(new Violation("is 0 and the range has no upper end, so every answer holds it, one with no text"
                        + " too", "give a lower end of at least 1 or an upper end, or remove the length check"))
                : Optional.empty();
    }

    /**
     * Forbidden texts that a required one contains make a test that can never pass: the answer would have to contain the
     * required text and not contain a part of it. {@code contains} is {@code response_contains} (or {@code null}),
     * {@code containsAny} its alternatives; they are compared as those checks compare an answer ({@link LooseText#contains}):
     * ignoring case, composed (NFC), typographic quotes and dashes as plain ones, spaces and Markdown's emphasis loosely.
     */
    public static Optional<Violation> responseNotContains(String contains, java.util.List<String> containsAny,
                                                          java.util.List<String> notContains) {
        for (String forbidden : notContains) {
            if (contains != null && LooseText.contains(ComposedText.of(contains), ComposedText.of(forbidden))) {
                return Optional.of(new Violation("forbids '" + forbidden + "', which the required text '" + contains
                        + "' contains", "a test that requires and forbids the same text can never pass; remove one"));
            }
            if (!containsAny.isEmpty() && containsAny.stream()
                    .allMatch(a -> LooseText.contains(ComposedText.of(a), ComposedText.of(forbidden)))) {
                return Optional.of(new Violation("forbids '" + forbidden + "', which every alternative of the required texts "
                        + containsAny + " contains", "a test that requires and forbids the same text can never pass; remove one"));
            }
        }
        return Optional.empty();
    }

    /**
     * Quotes that open and close a text, by the opening one: straight ones, and the typographic ones word processors,
     * macOS's smart quotes and German, French or Polish typing put there ({@code “…”}, {@code „…“}, {@code «…»}).
     */
    private static final java.util.Map<Integer, String> CLOSING_QUOTES = java.util.Map.ofEntries(
            java.util.Map.entry((int) '"', "\""), java.util.Map.entry((int) '\'', "'"),
            java.util.Map.entry(0x201C, "\u201D"), java.util.Map.entry(0x201D, "\u201D\u201C"),
            java.util.Map.entry(0x201E, "\u201C\u201D"), java.util.Map.entry(0x2018, "\u2019"),
            java.util.Map.entry(0x2019, "\u2019\u2018"), java.util.Map.entry(0x201A, "\u2018\u2019"),
            java.util.Map.entry(0x00AB, "\u00BB"), java.util.Map.entry(0x00BB, "\u00AB\u00BB"),
            java.util.Map.entry(0x2039, "\u203A"), java.util.Map.entry(0x203A, "\u2039\u203A"));

    /**
     * A text a check forbids ({@code response_not_contains}, {@code not_intent}) written inside quotes that belong to
     * the text: a spreadsheet cell typed {@code "sorry"} (saved as {@code """sorry"""}), or typographic quotes
     * ({@code “sorry”}, which YAML does not take for quotes). The answer would have to hold the quotes too, so "Sorry, I
     * did not get that" passes a check meant to fail it; a required text so quoted fails and says why, a forbidden one
     * passes in silence, so it is refused. A text that holds the quote inside too ({@code "status":"error"}) quotes
     * parts of itself and is left as written.
     *
     * @param text   the text, trimmed
     * @param intent whether it names an intent ({@code not_intent}) rather than a text of the answer
     */
    public static Optional<Violation> forbiddenInQuotes(String text, boolean intent) {
        if (text == null || text.codePointCount(0, text.length()) < 3) return Optional.empty();
        int first = text.codePointAt(0);
        int last = text.codePointBefore(text.length());
        String closing = CLOSING_QUOTES.get(first);
        if (closing == null || closing.indexOf(last) < 0) return Optional.empty();
        String inside = CaseRules.trim(text.substring(Character.charCount(first), text.length() - Character.charCount(last)));
        if (inside.isEmpty()) return Optional.empty();
        // Quotes inside too ('"status":"error"', '“no” or “yes”'): the text quotes parts of itself, as written, rather than
        // sitting whole in a pair of quotes; taking its ends off would leave a text nobody meant.
        if (inside.indexOf(first) >= 0 || closing.codePoints().anyMatch(q -> inside.indexOf(q) >= 0)) return Optional.empty();
        boolean straight = first == '"' || first == '\'';
        String shownInside = CaseRules.shorten(inside);
        return Optional.of(new Violation("is " + CaseRules.shorten(text) + " with the quotes as part of the "
                + (intent ? "intent's name" : "text")
                + (straight ? "" : " (typographic quotes are never taken for quotes around it)")
                + (intent ? ", so the check passes even when the bot recognises " + shownInside
                        : ", so an answer saying " + shownInside + " without them passes the check"),
                "write it without the quotes: " + shownInside));
    }

    /**
     * The fields of an approved answer a test names ({@code approved: [intent, entities]}): each one an approvable
     * field ({@link dev.botsim.cognigy.spi.Expectation#APPROVABLE}), none twice, at least one.
     */
    public static Optional<Violation> approvedFields(java.util.List<String> fields) {
        java.util.List<String> known = dev.botsim.cognigy.spi.Expectation.APPROVABLE;
        if (fields.isEmpty()) {
            return Optional.of(new Violation("names no field", "name fields from " + known + ", or write approved: true for all"));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String field : fields) {
            if (!known.contains(field)) {
                return Optional.of(new Violation("names '" + field + "', which is not a field of an approved answer",
                        dev.botsim.cognigy.engine.support.Suggestions.hint(field, known)));
            }
            if (!seen.add(field)) {
                return Optional.of(new Violation("names '" + field + "' twice", "name each field once"));
            }
        }
        return Optional.empty();
    }

    /** An entity is expected by its name. */
    public static Optional<Violation> entityName(String name) {
        return name == null || name.isBlank() ? Optional.of(new Violation("has an empty name", "name the entity"))
                : Optional.empty();
    }

    /**
     * The name an expected entity is known by: composed (NFC), as the expectation holds it and the bot's slots arrive.
     * Two names that differ only in Unicode form ({@code "ü"} and {@code "u"} followed by U+0308) are one entity.
     */
    public static String entityKey(String name) {
        return ComposedText.of(name);
    }

    /**
     * An entity expected more than once, under {@code spellings} as written (one per use): only one value can hold, and
     * picking one silently would hide the other. Spellings that read the same but differ in Unicode form are named by
     * their code points, since a reader cannot tell them apart.
     */
    public static Violation entityRepeated(java.util.List<String> spellings) {
        java.util.List<String> distinct = spellings.stream().distinct().toList();
        Violation repeated = CaseRules.repeated(spellings.size());
        if (distinct.size() == 1) return repeated;
        String forms = distinct.stream().map(ExpectationRules::codePoints).collect(java.util.stream.Collectors.joining("; "));
        return new Violation(repeated.what() + ", in spellings that look the same but differ in Unicode form (" + forms
                + ")", repeated.fix());
    }

    /**
     * {@code U+0075 U+0308}: the characters of a name that another spelling of it writes differently, its letters
     * beyond ASCII and the letter each combining mark stands on.
     */
    private static String codePoints(String text) {
        java.util.List<String> shown = new java.util.ArrayList<>();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] <= 0x7F) continue;
            int type = Character.getType(cps[i]);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (mark && i > 0 && cps[i - 1] <= 0x7F) shown.add(String.format(java.util.Locale.ROOT, "U+%04X", cps[i - 1]));
            shown.add(String.format(java.util.Locale.ROOT, "U+%04X", cps[i]));
        }
        return String.join(" ", shown);
    }

    /** An entity's expected value is compared as text; an empty one would expect nothing. */
    public static Optional<Violation> entityValue(String value) {
        return value == null || value.isBlank()
                ? Optional.of(new Violation("has no value", "write the value the bot must extract"))
                : Optional.empty();
    }

    /**
     * An entity's expected value as {@link #entityValue(String)} checks it, and a DATE written as the day alone
     * ({@code 2026-12-25}, which holds for any ISODate on that day) names a day that exists: {@code 2026-02-30} would
     * otherwise be compared as text and fail against every answer.
     */
    public static Optional<Violation> entityValue(String name, String value) {
        Optional<Violation> noValue = entityValue(value);
        if (noValue.isPresent() || !CalendarDay.isDateSlot(name) || !CalendarDay.written(value)
                || CalendarDay.expected(value).isPresent()) return noValue;
        return Optional.of(new Violation("is " + value.strip() + ", a day that does not exist",
                "write a real day as YYYY-MM-DD (the day alone holds for any ISODate on that day) or the full ISODate"));
    }

    /** A score as written in code: {@code 2}, {@code 0.75}, {@code NaN}. */
    public static String shown(double score) {
        return Double.isFinite(score) ? BigDecimal.valueOf(score).stripTrailingZeros().toPlainString()
                : String.valueOf(score);
    }

    /**
     * What NLU scoring ({@code mode: nlu}) cannot check: it scores one sentence and runs no flow, so it sees intents
     * and their scores only. {@code what} names the input's part ({@code the case expects entities});
     * {@code elsewhere} says where such a test belongs ({@code a file without 'mode: nlu'}).
     */
    public static Violation intentsOnly(String what, String elsewhere) {
        return new Violation(what + ", but the nlu backend checks intents only (intent, not_intent, no_intent, intent_min_score):"
                + " it scores one sentence without running a flow", "remove it, or move the test to " + elsewhere);
    }

    /** The expectations of {@code expect} beyond intents, by their data-file names, in the file format's order. */
    public static java.util.List<String> beyondIntents(dev.botsim.cognigy.spi.Expectation expect) {
        java.util.List<String> beyond = new java.util.ArrayList<>();
        if (!expect.entities().isEmpty()) beyond.add("entities");
        if (expect.nextFlow() != null) beyond.add("next_flow");
        if (expect.responseContains() != null) beyond.add("response_contains");
        if (expect.responseMatches() != null) beyond.add("response_matches");
        if (!expect.responseContainsAny().isEmpty()) beyond.add("response_contains_any");
        if (!expect.responseNotContains().isEmpty()) beyond.add("response_not_contains");
        if (expect.checksResponseLength()) beyond.add("response_length");
        if (expect.errorCode() != null) beyond.add("error_code");
        if (!expect.quickReplies().isEmpty()) beyond.add("quick_replies");
        if (!expect.buttons().isEmpty()) beyond.add("buttons");
        if (!expect.responseData().isEmpty()) beyond.add("response_data");
        if (expect.comparesApprovedAnswer()) beyond.add("approved");
        return beyond;
    }
}
