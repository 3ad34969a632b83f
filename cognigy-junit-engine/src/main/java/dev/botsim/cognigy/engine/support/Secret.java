package dev.botsim.cognigy.engine.support;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A credential that must never be printed: {@link #toString()} masks it, and the value is only
 * available through {@link #reveal()} at the point where it is sent.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    /**
     * {@code text} with every occurrence of {@code secret} masked. Values shorter than 8 characters
     * are left alone: masking them would rewrite ordinary words (and break the JSON they sit in), and
     * they are not secrets worth the name.
     */
    public static String mask(String text, String secret) {
        return secret.length() < 8 ? text : text.replace(secret, "****");
    }

    /**
     * The first character of {@code value} that {@code allowed} refuses, as {@code the character U+00A0 at position 24}:
     * its code point and where it stands, counted in characters as a reader counts them (an emoji is one), never the
     * value itself; empty when every character is allowed.
     */
    public static Optional<String> firstRefused(String value, IntPredicate allowed) {
        int position = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            position++;
            if (!allowed.test(c)) return Optional.of(String.format(Locale.ROOT, "the character U+%04X at position %d", c, position));
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "****";
    }
}
