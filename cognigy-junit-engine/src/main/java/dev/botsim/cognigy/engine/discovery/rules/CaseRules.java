package dev.botsim.cognigy.engine.discovery.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.platform.engine.TestTag;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * The rules for what identifies and tags a test and what the user says in it, for data files and
 * annotated classes alike.
 *
 * <p>Ids end up in JUnit unique ids, report file names and URLs, so they are plain ASCII: a
 * Cyrillic 'е' that looks like 'e' would make two ids that read the same but differ.
 */
public final class CaseRules {

    public static final int MAX_ID_LENGTH = 128;
    public static final Pattern TEST_ID = Pattern.compile("^test_[a-zA-Z0-9_]+$");
    public static final Pattern LOCALE = Pattern.compile("^[a-zA-Z]{2}(-[a-zA-Z0-9]{1,8})*$");

    private CaseRules() {
    }

    public static Optional<Violation> testId(String id) {
        return id(id, TEST_ID, "test_", "letters, digits and underscores", true);
    }

    /**
     * A user id, by the rules every backend keeps: not empty, at most {@value #MAX_ID_LENGTH} characters, no line breaks
     * or other control characters. Any other text is one, as a REST Endpoint takes it (an e-mail address, a CRM id);
     * whether the run's backend takes it (the simulation API takes only {@code usr_...}) is checked by the run, for the
     * tests it runs.
     */
    public static Optional<Violation> userId(String id) {
        if (id.isBlank()) return Optional.of(new Violation("is empty", "give it a value or remove it"));
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of(new Violation("is " + id.length() + " characters long", "use at most " + MAX_ID_LENGTH));
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new Violation("contains a control character", "remove line breaks, tabs and other control"
                    + " characters"));
        }
        return Optional.empty();
    }

    /**
     * A test's id in a test-management tool ({@code external_id:}, {@code @Utterance(externalId)}): a Jira/Xray key
     * ({@code BOT-123}), a TestRail case ({@code C1234}), a Zephyr key ({@code BOT-T12}) or a plain number — the tool's
     * to define, so any text of one word: not empty, at most {@value #MAX_ID_LENGTH} characters, and no whitespace,
     * control or invisible formatting character, which a key pasted from a tracker's page brings along (a trailing space,
     * a line break, a zero-width space) and which would make the tool find no test of that key.
     */
    public static Optional<Violation> externalId(String id) {
        if (id.isBlank()) return Optional.of(new Violation("is empty", "give the test's key in your test-management tool,"
                + " such as BOT-123, or remove it"));
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of(new Violation("is " + id.length() + " characters long", "use at most " + MAX_ID_LENGTH));
        }
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                String name = Character.getName(cp);
                return Optional.of(new Violation(String.format(Locale.ROOT, "contains '%s' U+%04X%s at position %d",
                        ConsoleText.visible(new String(Character.toChars(cp))), cp, name == null ? "" : " " + name,
                        id.codePointCount(0, i) + 1), "write the key alone, as the tool shows it (BOT-123), without spaces,"
                        + " line breaks or invisible characters"));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * An external id given to more than one case or conversation of one file, or method of one class: the tool would
     * import their results as one test's, each hiding the other's, which is almost always a case copied without its key.
     * Every use is reported, and none of them runs, as for a test id.
     *
     * @param container {@code file} or {@code class}
     * @param places    where each use is
     */
    public static Violation externalIdUsedMoreThanOnce(String container, List<String> places) {
        return new Violation("is used " + places.size() + " times in this " + container + " (at " + listed(places) + ")",
                "give each case its own external id; texts that are one test in your tool are the variants of one case"
                        + " (utterances: [...], @Utterance({...}))");
    }

    /**
     * A locale, as Cognigy names them: a BCP 47 language tag such as {@code en-US}, {@code de} or {@code zh-Hant-TW}, its
     * language of two letters as Cognigy's NLU languages are (then subtags of letters and digits, separated by hyphens).
     * A three-letter language ({@code deu}) is refused rather than taken: the engine reads a tag's language by two letters
     * ({@link dev.botsim.cognigy.engine.support.LanguageTag}), so such a test's locale would be compared with no endpoint's
     * or NLU locale, silently.
     */
    public static Optional<Violation> locale(String tag) {
        if (LOCALE.matcher(tag).matches()) return Optional.empty();
        boolean threeLetters = tag.matches("[a-zA-Z]{3}(-[a-zA-Z0-9]{1,8})*");
        return Optional.of(new Violation("is not a locale tag", threeLetters
                ? "Cognigy's languages are named by two letters: write de-DE for deu, en-US for eng, fr for fra"
                : "write a BCP 47 tag such as en-US, de-DE or fr"));
    }

    /**
     * An id used by more than one test of one file or class. Every use is reported: either could be
     * the one to rename, so none of them runs.
     *
     * @param container {@code file} or {@code class}
     * @param places    where each use is
     */
    public static Violation idUsedMoreThanOnce(String container, List<String> places) {
        return new Violation("is used " + places.size() + " times in this " + container + " (at "
                + listed(places) + ")", "give each case its own id");
    }

    /** The most places a message lists; the rest are counted, so an id filled down a spreadsheet column reads on one screen. */
    static final int MAX_PLACES_LISTED = 10;

    /** {@code 2:9, 6:9}, or the first {@value #MAX_PLACES_LISTED} places and how many more there are. */
    static String listed(List<String> places) {
        if (places.size() <= MAX_PLACES_LISTED) return String.join(", ", places);
        return String.join(", ", places.subList(0, MAX_PLACES_LISTED)) + " and " + (places.size() - MAX_PLACES_LISTED)
                + " more";
    }

    /**
     * A key, or an entity, given more than once: only one value can hold, and picking one silently
     * would hide the other.
     */
    public static Violation repeated(int times) {
        return new Violation("appears " + times + " times", "keep only one");
    }

    /**
     * How many times a test runs ({@code repeat:}, {@code @Utterance(repeat)}): from 1 to
     * {@link dev.botsim.cognigy.engine.config.Constants#MAX_REPEAT}; a test that asks for 0 runs would check nothing.
     */
    public static Optional<Violation> repeat(long times) {
        int most = dev.botsim.cognigy.engine.config.Constants.MAX_REPEAT;
        return times >= 1 && times <= most ? Optional.empty()
                : Optional.of(new Violation("is " + times + ", outside 1 to " + most, "write how many times the test runs,"
                        + " such as 20 (1 runs it once)"));
    }

    /** A message the user sends: not empty, not only whitespace or invisible characters. */
    public static Optional<Violation> utterance(String text) {
        String why = whyEmpty(text);
        return why == null ? Optional.empty() : Optional.of(new Violation(why, "write what the user says"));
    }

    /** A test with a list of variants that lists none. */
    public static Violation noUtterance() {
        return new Violation("is empty", "list at least one utterance");
    }

    /** Tags become JUnit tags, so they follow JUnit's rules. */
    public static Optional<Violation> tag(String tag) {
        return TestTag.isValid(tag) ? Optional.empty() : Optional.of(new Violation("is not a valid JUnit tag",
                "tags cannot contain whitespace, control characters or any of , ( ) & | !"));
    }

    /**
     * A value that is given must say something: an empty one would check or send nothing, and is
     * almost always a slip.
     */
    public static Optional<Violation> text(String value) {
        return value.isBlank() ? Optional.of(new Violation("is empty", "give it a value or remove it"))
                : Optional.empty();
    }

    /**
     * An unquoted YAML text that a {@code #} directly followed by text cut short ({@code Your order #4711} reads as "Your
     * order"), one wording for data files and Botium files: {@code subject} was read as {@code read}, and quoting the
     * whole {@code whole} keeps the rest.
     */
    public static String cutByComment(String subject, String read, String whole) {
        return "the text after ' #' is a YAML comment, so " + subject + " is '" + shorten(read) + "' — quote the whole "
                + whole + " if '#' belongs to it";
    }

    /**
     * Texts are used trimmed: leading and trailing whitespace is never meant. Zero-width characters
     * inside a word are kept.
     */
    public static String trim(String text) {
        return text.strip();
    }

    /**
     * A value as messages show it: long ones cut short, and what would end or rewrite a line of the console where the
     * message is printed (a line break, ESC of a terminal code, a bidirectional override) written visibly.
     */
    public static String shorten(String text) {
        String shown = ConsoleText.oneLine(text);
        if (shown.length() <= 60) return shown;
        // Cut the text, not its shown form, between two characters: never inside an escape written for it (\u001b) or
        // inside an emoji, whose half no console can show. The cut is within the first 57 characters, each shown as one
        // or more.
        int end = 0;
        for (int next = 0; next < text.length(); ) {
            next = text.offsetByCodePoints(next, 1);
            if (ConsoleText.oneLine(text.substring(0, next)).length() > 57) break;
            end = next;
        }
        return ConsoleText.oneLine(text.substring(0, end)) + "...";
    }

    private static Optional<Violation> id(String id, Pattern pattern, String prefix, String allowed,
                                          boolean underscoreAllowed) {
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of(new Violation("is " + id.length() + " characters long", "use at most " + MAX_ID_LENGTH));
        }
        if (pattern.matcher(id).matches()) {
            return Optional.empty();
        }
        String fix;
        if (!id.startsWith(prefix)) {
            fix = "start it with '" + prefix + "', then use only " + allowed;
        } else if (id.length() == prefix.length()) {
            fix = "add a name after '" + prefix + "' using " + allowed;
        } else {
            fix = "use only " + allowed + " after '" + prefix + "'" + offending(id, prefix.length(), underscoreAllowed);
        }
        return Optional.of(new Violation("does not match " + pattern.pattern(), fix));
    }

    /** Names the first character that breaks the rule: look-alikes cannot be seen otherwise. */
    private static String offending(String id, int from, boolean underscoreAllowed) {
        for (int i = from; i < id.length(); ) {
            int cp = id.codePointAt(i);
            boolean ok = cp < 128 && (Character.isLetterOrDigit(cp) || (underscoreAllowed && cp == '_'));
            if (!ok) {
                String name = Character.getName(cp);
                return String.format(Locale.ROOT, " (found '%s' U+%04X%s at position %d)", ConsoleText.oneLine(new String(Character.toChars(cp))), cp,
                        name == null ? "" : " " + name, id.codePointCount(0, i) + 1);
            }
            i += Character.charCount(cp);
        }
        return "";
    }

    /**
     * Why {@code text} is not a message a user could type, or {@code null} when it is one.
     * Zero-width characters (U+200B and friends) survive trimming and look like nothing in every
     * editor, so "only invisible characters" is as empty as "".
     */
    private static String whyEmpty(String text) {
        if (text.isEmpty()) {
            return "is empty";
        }
        if (text.isBlank()) {
            return "is only whitespace";
        }
        int firstInvisible = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean invisible = Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.FORMAT;
            if (!invisible) {
                return null;
            }
            if (firstInvisible < 0 && !Character.isWhitespace(cp)) {
                firstInvisible = cp;
            }
            i += Character.charCount(cp);
        }
        return String.format(Locale.ROOT, "contains only invisible characters (U+%04X %s)", firstInvisible,
                Character.getName(firstInvisible));
    }
}
