package dev.botsim.cognigy.engine.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Texts a bot may answer, a test may say or a slot may hold that a file format can get wrong: line breaks of every
 * kind and where they are (a lone carriage return at the end), leading and trailing spaces, tabs, controls, YAML's and
 * JSON's own syntax, a byte order mark, the Unicode line separators, emoji, decomposed accents and lines longer than a
 * writer folds. Every text of {@link #all()} must read back from a file exactly as it was written.
 */
public final class AwkwardTexts {

    /** The pieces, each awkward alone; {@link #all()} puts them together. */
    static final List<String> PIECES = List.of("", "a", "word", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n",
            "\u0085", "\u2028", "\u2029", "\uFEFF", "\u0000", "\u0001", "\u0007", "\u000B", "\u000C", "\u001B[31m", "\u007F",
            "\u009B", "\u00A0", "\u200B", "\u202E", "#", "# not a comment", ": ", ":", "'", "\"", "\\", "\\n", "- ", "? ",
            "|", ">", "&anchor", "*alias", "!tag", "%", "@", "`", "{", "}", "[", "]", ",", "~", "---", "...", "null",
            "true", "no", "123", "0x1F", "1e3", ".5", "😀", "👩‍👩‍👧", "e\u0301", "ü", "\uD800", "\uDC00");

    private AwkwardTexts() {
    }

    /**
     * Every piece, every pair of pieces in both orders, the line-ish pieces in threes, each piece in a line far longer
     * than a writer folds; no two alike.
     */
    public static List<String> all() {
        Set<String> texts = new LinkedHashSet<>(PIECES);
        for (String first : PIECES) for (String second : PIECES) texts.add(first + second);
        List<String> lineish = List.of("a", " ", "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "😀");
        for (String first : lineish) for (String second : lineish) for (String third : lineish) texts.add(first + second + third);
        for (String piece : PIECES) {
            texts.add("word ".repeat(40) + piece + " end");
            texts.add("x".repeat(300) + piece);
            texts.add("first line\n" + "word ".repeat(40) + piece + "\nlast line");
        }
        return new ArrayList<>(texts);
    }

    /**
     * An emoji at each of the first 1,100 places of a text: wherever a file puts the text, one of them has its emoji
     * across the file's 1,024th character, where a reader's buffer may cut it in two.
     */
    public static List<String> emojiAtEveryPlace() {
        List<String> texts = new ArrayList<>();
        for (int at = 0; at < 1100; at++) texts.add("x".repeat(at) + "😀 end");
        return texts;
    }

    /** {@code text} as a failure lists it: on one line, its awkward characters visible. */
    public static String shown(String text) {
        return "\"" + ConsoleText.visible(text) + "\" (" + text.length() + " chars)";
    }
}
