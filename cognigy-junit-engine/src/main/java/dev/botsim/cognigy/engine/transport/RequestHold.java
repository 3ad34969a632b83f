package dev.botsim.cognigy.engine.transport;

import java.time.Instant;
import java.util.Optional;

/**
 * The moment a server asked a client to send nothing before, when that is further off than a request waits
 * ({@code Retry-After} beyond the longest wait): one per client, shared by all its requests. The request that was told
 * fails at once; so does every later one until that moment, without being sent, naming what the server said. A rate
 * limit or an outage announced for an hour is not asked again, a request for each remaining test.
 */
public final class RequestHold {

    private Instant until = Instant.MIN;
    private Phrase cause;

    /** No request before {@code until}, because of {@code cause}; an earlier moment never shortens a hold. */
    synchronized void hold(Instant until, Phrase cause) {
        if (!until.isAfter(this.until)) return;
        this.until = until;
        this.cause = cause;
    }

    /** Why request {@code what} is not sent at {@code now}, or empty when nothing holds it. */
    synchronized Optional<Phrase> check(Instant now, String what) {
        if (!now.isBefore(until)) return Optional.empty();
        return Optional.of(Phrase.of(what + " not sent: the server asked for no request before ").varying(until, "<time>")
                .and(" (").and(cause).and(")"));
    }
}
