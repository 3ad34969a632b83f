package dev.botsim.cognigy.engine.backend.management;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The times Cognigy's management API gives its resources ({@code createdAt}, {@code lastChanged}). Its API reference
 * types them as integer Unix timestamps in seconds (up to 2147483647); resources are also seen with epoch milliseconds
 * and ISO-8601 text. A number below 100,000,000,000 is read as seconds (as milliseconds it would fall in 1973), a larger
 * one as milliseconds.
 */
public final class Timestamps {

    /** Below this a number is seconds: 10^11 s is the year 5138, 10^11 ms is March 1973. */
    private static final long SECONDS_BELOW = 100_000_000_000L;

    private Timestamps() {
    }

    /** The instant {@code node} names; empty when it is absent, blank or not a time. */
    public static Optional<Instant> instant(JsonNode node) {
        if (node.isNumber()) {
            double value = node.doubleValue();
            return Optional.of(Math.abs(value) < SECONDS_BELOW ? Instant.ofEpochMilli(Math.round(value * 1000))
                    : Instant.ofEpochMilli(node.longValue()));
        }
        if (!node.isString() || node.stringValue().isBlank()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(node.stringValue().trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
