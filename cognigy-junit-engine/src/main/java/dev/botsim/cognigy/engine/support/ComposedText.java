package dev.botsim.cognigy.engine.support;

import java.text.Normalizer;

/**
 * Texts in Unicode's composed form (NFC), the form expectations hold theirs in: "u" followed by U+0308 COMBINING
 * DIAERESIS, as a file saved on macOS or a name copied from a file name may hold it, is the "ü" a reader sees.
 */
public final class ComposedText {

    private ComposedText() {
    }

    /** {@code text} composed (NFC); {@code null} stays {@code null}. */
    public static String of(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Whether {@code a} and {@code b} are the same text once composed; two {@code null}s are. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) return a == b;
        return a.equals(b) || of(a).equals(of(b));
    }
}
