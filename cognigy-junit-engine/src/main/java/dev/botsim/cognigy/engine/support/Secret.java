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

    @Override
    public String toString() {
        return "****";
    }
}
