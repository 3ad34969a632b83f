package dev.botsim.cognigy.engine.support;

/**
 * Text compared ignoring case, letter by letter as {@link String#regionMatches(boolean, int, String, int, int)} does, in
 * any locale. Lower-casing both texts first would not do: Turkish {@code "İ"} lower-cases to {@code "i"} and a combining
 * dot, so {@code "İstanbul"} would not contain {@code "istanbul"}, nor {@code "Kısa"} {@code "KISA"}.
 */
public final class CaselessText {

    private CaselessText() {
    }

    /** Whether {@code text} contains {@code phrase}, ignoring case. */
    public static boolean contains(String text, String phrase) {
        for (int at = 0; at + phrase.length() <= text.length(); at++) {
            if (text.regionMatches(true, at, phrase, 0, phrase.length())) return true;
        }
        return false;
    }
}
