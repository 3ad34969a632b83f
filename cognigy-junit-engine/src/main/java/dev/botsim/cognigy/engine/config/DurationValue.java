package dev.botsim.cognigy.engine.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration forms users write in properties: ISO-8601, a number with a unit, or {@code 0}, which needs none. */
final class DurationValue {

    private static final Pattern SHORT = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h)");

    private DurationValue() {
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not a duration
     * @throws ArithmeticException       when it is one, but too long for {@link Duration}
     */
    static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        // Zero is zero in every unit; any other number without one could mean seconds or milliseconds.
        if (value.equals("0")) return Duration.ZERO;
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                // Only digits: too many of them for any duration.
                throw new ArithmeticException("duration too long");
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration");
        }
    }
}
