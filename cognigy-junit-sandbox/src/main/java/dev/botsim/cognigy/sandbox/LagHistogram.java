package dev.botsim.cognigy.sandbox;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Millisecond values counted in buckets without a lock, for the status handler's hot path: exact
 * below 256 ms, then 128 buckets per power of two (each at most 0.8 % wide). A quantile reads the
 * lower edge of its bucket, so values under 256 ms come back exactly as recorded.
 */
final class LagHistogram {

    private static final int EXACT = 256;
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int FIRST_OCTAVE = 8; // log2(EXACT)
    private static final int LAST_OCTAVE = 40; // 2^41 ms is about 70 years; larger values share the top bucket
    private final AtomicLongArray counts = new AtomicLongArray(EXACT + (LAST_OCTAVE - FIRST_OCTAVE + 1) * SUB);

    void record(long millis) {
        counts.incrementAndGet(index(Math.max(0, millis)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) total += counts.get(i);
        return total;
    }

    /**
     * The smallest recorded value (bucket edge) with at least {@code quantile} of all values at or
     * below it — nearest rank, so the median of {50, 200} is 50; empty when nothing was recorded.
     */
    OptionalLong quantile(double quantile) {
        if (quantile <= 0 || quantile > 1) throw new IllegalArgumentException("quantile must be in (0, 1]: " + quantile);
        long[] snapshot = new long[counts.length()];
        long total = 0;
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) return OptionalLong.empty();
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) return OptionalLong.of(lowerEdge(i));
        }
        throw new AssertionError("rank beyond the counted total");
    }

    void reset() {
        for (int i = 0; i < counts.length(); i++) counts.set(i, 0);
    }

    static int index(long millis) {
        if (millis < EXACT) return (int) millis;
        int octave = Math.min(LAST_OCTAVE, 63 - Long.numberOfLeadingZeros(millis));
        if (octave == LAST_OCTAVE && millis >= (1L << (LAST_OCTAVE + 1))) return EXACT + (LAST_OCTAVE - FIRST_OCTAVE + 1) * SUB - 1;
        int sub = (int) ((millis >>> (octave - SUB_BITS)) & (SUB - 1));
        return EXACT + (octave - FIRST_OCTAVE) * SUB + sub;
    }

    static long lowerEdge(int index) {
        if (index < EXACT) return index;
        int octave = FIRST_OCTAVE + (index - EXACT) / SUB;
        int sub = (index - EXACT) % SUB;
        return (1L << octave) + ((long) sub << (octave - SUB_BITS));
    }
}
