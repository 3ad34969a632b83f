package dev.botsim.cognigy.engine.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.support.Secret;

/**
 * The key in {@value Constants#SHARD_KEY_ENV} that authenticates the parts of a split run: its bytes are the variable's
 * value as UTF-8, surrounding white space left out (a secret pasted with a line break is the same key). Read as
 * configuration, so a key too short to be worth the name is refused with every other problem, before the first test
 * and before a merge reads a part.
 */
public final class ShardKey {

    /** The shortest key accepted, in bytes: 32 characters of {@code openssl rand -base64 24} or {@code -hex 16}. */
    public static final int MIN_BYTES = 32;

    private ShardKey() {
    }

    /** Why {@code key} is refused, naming the variable and the fix, never the key; empty when it is long enough. */
    static Optional<String> problem(Secret key) {
        int length = bytes(key).length;
        if (length >= MIN_BYTES) return Optional.empty();
        return Optional.of("the environment variable " + Constants.SHARD_KEY_ENV + " holds " + length + " bytes; a shard key must be"
                + " at least " + MIN_BYTES + ": set it, in every shard's or fork's job and in the merge's, to the same random"
                + " value, e.g. the output of openssl rand -base64 32");
    }

    /**
     * The key {@code merge} checks the parts with, from the environment as a run reads it.
     *
     * @throws IllegalArgumentException when it is too short, naming the variable and the fix, never the key
     */
    public static Optional<Secret> from(Function<String, String> environment) {
        Optional<Secret> key = Optional.ofNullable(environment.apply(Constants.SHARD_KEY_ENV)).map(String::trim)
                .filter(v -> !v.isEmpty()).map(Secret::of);
        Optional<String> problem = key.flatMap(ShardKey::problem);
        if (problem.isPresent()) throw new IllegalArgumentException(problem.get());
        return key;
    }

    /** The key's bytes, for HMAC-SHA256. */
    public static byte[] bytes(Secret key) {
        return key.reveal().getBytes(StandardCharsets.UTF_8);
    }
}
