package dev.botsim.cognigy.engine.discovery.datafile;

/**
 * What counts as an empty message. Zero-width characters (U+200B and friends) survive trimming and
 * look like nothing in every editor, so "only invisible characters" is as empty as "".
 */
final class Utterances {

    private Utterances() {
    }

    /** Why {@code text} is not a message a user could type, or {@code null} when it is one. */
    static String whyEmpty(String text) {
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
        return String.format("contains only invisible characters (U+%04X %s)", firstInvisible,
                Character.getName(firstInvisible));
    }

    static String trim(String text) {
        return text.strip();
    }
}
