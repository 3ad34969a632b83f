package dev.botsim.cognigy.engine.support;

import java.util.Objects;

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

    @Override
    public String toString() {
        return "****";
    }
}
