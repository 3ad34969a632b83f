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
     * The fewest characters a value needs to be masked. A shorter one is left alone wherever it stands: masking it would
     * rewrite ordinary words (and break the JSON they sit in). No real tenant's secret is that short, so the run warns of
     * one as it starts, by its variable's name (see {@code dev.botsim.cognigy.engine.config.UnmaskableSecrets}).
     */
    public static final int MASKABLE_LENGTH = 8;

    /** Whether {@link #mask} masks {@code secret}: it has at least {@link #MASKABLE_LENGTH} characters. */
    public static boolean maskable(String secret) {
        return secret.length() >= MASKABLE_LENGTH;
    }

    /** {@code text} with every occurrence of {@code secret} masked; a secret that is not {@link #maskable} is left alone. */
    public static String mask(String text, String secret) {
        return maskable(secret) ? text.replace(secret, "****") : text;
    }

    /**
     * {@code text} with every occurrence of {@code secret} masked whatever the case of its letters ({@code AB12} and
     * {@code ab12} alike): for a secret in which case carries nothing, as a REST Endpoint's hexadecimal URL token, which a
     * server or a bot may echo upper-cased. Masking other spellings too costs nothing: a value of {@link #MASKABLE_LENGTH}
     * characters or more that differs from a secret only in case is no ordinary word. A secret that is not
     * {@link #maskable} is left alone, as by {@link #mask}.
     */
    public static String maskIgnoringCase(String text, String secret) {
        if (!maskable(secret)) return text;
        StringBuilder masked = null;
        int copied = 0;
        int last = text.length() - secret.length();
        for (int i = 0; i <= last; i++) {
            if (!text.regionMatches(true, i, secret, 0, secret.length())) continue;
            if (masked == null) masked = new StringBuilder(text.length());
            masked.append(text, copied, i).append("****");
            copied = i + secret.length();
            i = copied - 1;
        }
        return masked == null ? text : masked.append(text, copied, text.length()).toString();
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
