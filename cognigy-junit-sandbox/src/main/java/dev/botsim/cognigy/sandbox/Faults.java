package dev.botsim.cognigy.sandbox;

import java.time.Duration;
import java.util.Random;

/**
 * Limits and faults of a running sandbox, changeable at any time (Java API or
 * {@code POST /_sandbox/faults}). Random faults draw from one seeded generator, so a run is
 * repeatable.
 */
public final class Faults {

    // Set by reset(), the one place that says what a sandbox starts with.
    private volatile Duration processingMin;
    private volatile Duration processingMax;
    private volatile int capacity;
    private volatile int requestsPerSecond;
    private volatile double serverErrorRatio;
    private volatile double stuckRatio;
    private volatile double dropRatio;
    private volatile Duration tokenTtl;
    private final Random random;
    private final Duration startProcessingTime;

    Faults(long seed) {
        this(seed, Duration.ZERO);
    }

    /** @param processingTime how long each simulation takes at the start, and again after {@link #reset()} */
    Faults(long seed, Duration processingTime) {
        this.random = new Random(seed);
        this.startProcessingTime = processingTime;
        reset();
    }

    /**
     * Clears every fault and limit: the processing time the sandbox started with, no capacity or rate limit, no server
     * errors, stuck simulations or dropped connections, tokens living an hour. The random draws continue where they were.
     */
    public Faults reset() {
        processingTime(startProcessingTime);
        capacity = Integer.MAX_VALUE;
        requestsPerSecond = Integer.MAX_VALUE;
        serverErrorRatio = 0;
        stuckRatio = 0;
        dropRatio = 0;
        tokenTtl = Duration.ofHours(1);
        return this;
    }

    /** Every simulation takes exactly this long, and every REST Endpoint message before its answer. */
    public Faults processingTime(Duration fixed) {
        return processingTime(fixed, fixed);
    }

    /** Every simulation takes a time drawn evenly from {@code [min, max]}. */
    public Faults processingTime(Duration min, Duration max) {
        if (max.compareTo(min) < 0) throw new IllegalArgumentException("processing time max < min");
        this.processingMin = min;
        this.processingMax = max;
        return this;
    }

    /** Simulations in flight at most; further submissions get 429 with {@code Retry-After}. */
    public Faults capacity(int simulations) {
        this.capacity = simulations;
        return this;
    }

    /** Requests accepted per second over all endpoints; further ones get 429. */
    public Faults requestsPerSecond(int limit) {
        this.requestsPerSecond = limit;
        return this;
    }

    /** Share of API requests answered 503 (0 to 1). */
    public Faults serverErrorRatio(double ratio) {
        this.serverErrorRatio = ratio(ratio);
        return this;
    }

    /** Share of simulations that never complete (0 to 1). */
    public Faults stuckRatio(double ratio) {
        this.stuckRatio = ratio(ratio);
        return this;
    }

    /** Share of API requests whose connection is closed without an answer (0 to 1). */
    public Faults dropRatio(double ratio) {
        this.dropRatio = ratio(ratio);
        return this;
    }

    /** How long issued tokens live. */
    public Faults tokenTtl(Duration ttl) {
        this.tokenTtl = ttl;
        return this;
    }

    private static double ratio(double value) {
        if (value < 0 || value > 1) throw new IllegalArgumentException("a ratio is from 0 to 1: " + value);
        return value;
    }

    Duration processingTime() {
        long min = processingMin.toNanos();
        long span = processingMax.toNanos() - min;
        if (span <= 0) return processingMin;
        synchronized (random) {
            return Duration.ofNanos(min + (long) (random.nextDouble() * span));
        }
    }

    boolean draw(double ratio) {
        if (ratio <= 0) return false;
        synchronized (random) {
            return random.nextDouble() < ratio;
        }
    }

    int capacity() {
        return capacity;
    }

    int requestsPerSecond() {
        return requestsPerSecond;
    }

    double serverErrorRatio() {
        return serverErrorRatio;
    }

    double stuckRatio() {
        return stuckRatio;
    }

    double dropRatio() {
        return dropRatio;
    }

    Duration tokenTtl() {
        return tokenTtl;
    }

    Duration processingMin() {
        return processingMin;
    }

    Duration processingMax() {
        return processingMax;
    }
}
