package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.regex.Pattern;

/**
 * The id rules. Ids end up in JUnit unique ids, report file names and URLs, so they are plain ASCII:
 * a Cyrillic 'е' that looks like 'e' would make two ids that read the same but differ.
 */
final class Ids {

    static final int MAX_LENGTH = 128;
    static final Pattern TEST_ID = Pattern.compile("^test_[a-zA-Z0-9_]+$");
    static final Pattern USER_ID = Pattern.compile("^usr_[a-zA-Z0-9]+$");

    private Ids() {
    }

    /** Reports and returns false when {@code id} is not a valid test id. */
    static boolean checkTestId(String id, Loc loc, Where where, Problems problems) {
        return check("id", id, TEST_ID, "test_", "letters, digits and underscores", loc, where, problems);
    }

    static boolean checkUserId(String id, Loc loc, Where where, Problems problems) {
        return check("user", id, USER_ID, "usr_", "letters and digits", loc, where, problems);
    }

    private static boolean check(String field, String id, Pattern pattern, String prefix, String allowed, Loc loc,
                                 Where where, Problems problems) {
        if (id.length() > MAX_LENGTH) {
            problems.add(loc, field + " '" + shorten(id) + "'" + where.in() + " is " + id.length()
                    + " characters long — use at most " + MAX_LENGTH);
            return false;
        }
        if (pattern.matcher(id).matches()) {
            return true;
        }
        String fix;
        if (!id.startsWith(prefix)) {
            fix = "start it with '" + prefix + "', then use only " + allowed;
        } else if (id.length() == prefix.length()) {
            fix = "add a name after '" + prefix + "' using " + allowed;
        } else {
            fix = "use only " + allowed + " after '" + prefix + "'" + offending(id, prefix.length(), pattern == TEST_ID);
        }
        problems.add(loc, field + " '" + shorten(id) + "'" + where.in() + " does not match " + pattern.pattern()
                + " — " + fix);
        return false;
    }

    /** Names the first character that breaks the rule: look-alikes cannot be seen otherwise. */
    private static String offending(String id, int from, boolean underscoreAllowed) {
        for (int i = from; i < id.length(); ) {
            int cp = id.codePointAt(i);
            boolean ok = cp < 128 && (Character.isLetterOrDigit(cp) || (underscoreAllowed && cp == '_'));
            if (!ok) {
                String name = Character.getName(cp);
                return String.format(" (found '%s' U+%04X%s at position %d)", new String(Character.toChars(cp)), cp,
                        name == null ? "" : " " + name, id.codePointCount(0, i) + 1);
            }
            i += Character.charCount(cp);
        }
        return "";
    }

    static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
