package dev.botsim.cognigy.engine.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which user a test's messages come from when it names none ({@code cognigy.endpoint.user-scope}). Cognigy keeps a
 * contact profile per user id for 30 days, so one user for every case lets one test's profile changes leak into
 * the next test and the next run.
 */
public enum UserScope {

    /** A user per single-turn case or conversation, new in every run: tests cannot see each other's profile. */
    CASE,

    /** One user for every test of a run, new in every run. */
    RUN,

    /** {@code cognigy.default-user} for every test of every run. */
    FIXED;

    /** The name configuration uses: {@code case}, {@code run}, {@code fixed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope {@code id} names, as {@code ParameterReader.choice} returns it: trimmed and in lower case already. */
    static Optional<UserScope> named(String id) {
        for (UserScope scope : values()) {
            if (scope.id().equals(id)) return Optional.of(scope);
        }
        return Optional.empty();
    }
}
