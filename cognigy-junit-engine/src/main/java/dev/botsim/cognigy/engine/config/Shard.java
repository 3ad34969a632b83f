package dev.botsim.cognigy.engine.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count}, both from 1 as CI matrices number them ({@code cognigy.shard=2/4}).
 */
public record Shard(int index, int count) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\s*/\\s*(\\d{1,4})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " is not one of 1/" + count + " to " + count + "/" + count);
        }
    }

    /** {@code i/n} with {@code 1 <= i <= n}, or empty when the text is not one. */
    public static Optional<Shard> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        return count >= 1 && index >= 1 && index <= count ? Optional.of(new Shard(index, count)) : Optional.empty();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
