package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The run's OAuth2 access token: fetched once, reused, refreshed shortly before it expires and
 * when the server rejects it. Callers that find the token stale at the same time wait for one
 * refresh instead of each fetching their own.
 */
final class AccessTokens {

    /** Fetches a new token from the token endpoint. */
    interface Source {
        IssuedToken fetch();
    }

    /** A token as the server issued it: the value and how long it lives. */
    record IssuedToken(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "IssuedToken[****, " + lifetime + "]";
        }
    }

    private record Held(String value, Instant refreshAt) {
    }

    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Source source;
    private final Clock clock;
    private Held held;
    private int fetches;
    private final java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();

    AccessTokens(Source source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A token valid for a while yet. */
    synchronized String current() {
        if (held == null || !clock.instant().isBefore(held.refreshAt())) refresh();
        return held.value();
    }

    /**
     * A token other than {@code rejected}: if another caller already replaced it, that one; else a
     * freshly fetched one.
     */
    synchronized String replace(String rejected) {
        if (held == null || held.value().equals(rejected)) refresh();
        return held.value();
    }

    /** Every token issued in this run, so answers echoing one can be scrubbed. */
    java.util.Set<String> issued() {
        return issued;
    }

    synchronized int fetches() {
        return fetches;
    }

    /**
     * Refreshes 5 minutes before expiry, or a tenth of the lifetime before it for short-lived
     * tokens, so a token of 60 s is not refreshed on every call.
     */
    private void refresh() {
        IssuedToken issued = source.fetch();
        this.issued.add(issued.value());
        fetches++;
        Duration skew = issued.lifetime().dividedBy(10).compareTo(SKEW) < 0 ? issued.lifetime().dividedBy(10) : SKEW;
        held = new Held(issued.value(), clock.instant().plus(issued.lifetime()).minus(skew));
    }
}
