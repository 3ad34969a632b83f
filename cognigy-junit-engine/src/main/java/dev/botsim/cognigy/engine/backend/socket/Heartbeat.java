package dev.botsim.cognigy.engine.backend.socket;

import java.time.Duration;

/**
 * When a client of Engine.IO 3 pings and when it takes the server for gone, from the {@code pingInterval} and
 * {@code pingTimeout} of the server's open packet, as Engine.IO's client 3.x keeps them: the first ping goes
 * {@code pingInterval} after the open and each next one {@code pingInterval} after the pong to the last; after a
 * ping the server has {@code pingTimeout} to send any packet, and otherwise {@code pingInterval + pingTimeout} from
 * the last packet it sent. A {@code pingInterval} or {@code pingTimeout} beyond {@link #LONGEST} counts as it: an
 * endpoint's are seconds, and a larger one, a broken or hostile server's, would wrap the clock's sums round and take
 * the server for gone at once, or never. Times are a monotonic clock's nanoseconds, given by the caller: not
 * thread-safe, the caller holds its lock.
 */
final class Heartbeat {

    /** What is due now. */
    enum Due {
        /** Nothing: wait. */
        NOTHING,
        /** Send a ping now; the server then has {@code pingTimeout} to answer. */
        PING,
        /** The server is taken for gone: no packet in time. */
        GONE
    }

    private static final long NEVER = Long.MAX_VALUE;

    /** The longest {@code pingInterval} and {@code pingTimeout} taken as given: an hour. */
    static final Duration LONGEST = Duration.ofHours(1);

    private final long interval;
    private final long timeout;
    private long nextPing;
    private long goneAt;

    /** Started when the open packet came, at {@code now}. */
    Heartbeat(Duration pingInterval, Duration pingTimeout, long now) {
        this.interval = bounded(pingInterval);
        this.timeout = bounded(pingTimeout);
        this.nextPing = now + interval;
        this.goneAt = now + interval + timeout;
    }

    /** Any packet came at {@code now}: the server is there. */
    void received(long now) {
        goneAt = Math.max(goneAt, now + interval + timeout);
    }

    /** A pong came at {@code now}: the next ping goes {@code pingInterval} later. */
    void pong(long now) {
        received(now);
        nextPing = now + interval;
    }

    /** What is due at {@code now}: a ping (counted as sent), the server gone, or nothing. */
    Due at(long now) {
        if (now - goneAt >= 0) return Due.GONE;
        if (nextPing != NEVER && now - nextPing >= 0) {
            nextPing = NEVER;
            goneAt = now + timeout;
            return Due.PING;
        }
        return Due.NOTHING;
    }

    private static long bounded(Duration duration) {
        return (duration.compareTo(LONGEST) > 0 ? LONGEST : duration).toNanos();
    }
}
