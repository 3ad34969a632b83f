package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.botsim.cognigy.engine.backend.BackendException;

/**
 * The run's OAuth2 access token: fetched once, reused, refreshed shortly before it expires and
 * when the server rejects it. Callers that find the token stale at the same time wait for one
 * refresh instead of each fetching their own — and when that refresh fails, after its own bounded
 * attempts, they fail with it instead of each starting the attempts over, one after the other.
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

    /** The token in hand; it holds the {@link IssuedToken} itself so that printing it shows no token. */
    private record Held(IssuedToken token, Instant refreshAt, Instant expiresAt) {
        String value() {
            return token.value();
        }
    }

    private static final Duration SKEW = Duration.ofMinutes(5);
    /** After a refresh ahead of expiry failed, the token in hand is used this long (at most half its remaining life) before the next try. */
    private static final Duration RETRY_REFRESH = Duration.ofSeconds(30);

    private final Source source;
    private final Clock clock;
    private Held held;
    private int fetches;
    /** Refreshes ended so far, successful or not: a caller that saw this change while it waited shares the outcome. */
    private volatile long refreshes;
    /** How the last refresh failed; {@code null} after a success. */
    private BackendException failure;
    private final java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();

    AccessTokens(Source source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /**
     * A token valid for a while yet. A refresh ahead of expiry that fails (the token endpoint down for a while) costs
     * nothing while the token in hand still lives: it is used on, and the refresh tried again a little later.
     */
    String current() {
        long seen = refreshes;
        synchronized (this) {
            if (held == null || !clock.instant().isBefore(held.refreshAt())) {
                try {
                    refreshUnlessFailedMeanwhile(seen);
                } catch (BackendException e) {
                    Instant now = clock.instant();
                    if (held == null || !now.isBefore(held.expiresAt())) throw e;
                    Duration half = Duration.between(now, held.expiresAt()).dividedBy(2);
                    held = new Held(held.token(), now.plus(half.compareTo(RETRY_REFRESH) < 0 ? half : RETRY_REFRESH), held.expiresAt());
                }
            }
            return held.value();
        }
    }

    /**
     * A token other than {@code rejected}: if another caller already replaced it, that one; else a
     * freshly fetched one.
     */
    String replace(String rejected) {
        long seen = refreshes;
        synchronized (this) {
            if (held == null || held.value().equals(rejected)) refreshUnlessFailedMeanwhile(seen);
            return held.value();
        }
    }

    /**
     * Refreshes, unless a refresh failed while the caller waited for its turn ({@code seen} is the count of
     * refreshes it saw on arriving): then it fails the same way, without another round of attempts — with what the
     * failure named as this run's own (a count, an instant), which a record of the caller's test must not hold either.
     */
    private void refreshUnlessFailedMeanwhile(long seen) {
        if (refreshes != seen && failure != null) {
            BackendException shared = new BackendException(failure.kind(), failure.getMessage(), failure);
            failure.varying().forEach(shared::varying);
            throw shared;
        }
        refresh();
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
        IssuedToken issued;
        try {
            issued = source.fetch();
        } catch (BackendException e) {
            // An interrupted fetch (BackendInterruptedException) is that caller's cancellation, not the token
            // endpoint's answer: it is not shared, and the callers waiting try their own.
            failure = e;
            refreshes++;
            throw e;
        }
        failure = null;
        refreshes++;
        this.issued.add(issued.value());
        fetches++;
        Duration skew = issued.lifetime().dividedBy(10).compareTo(SKEW) < 0 ? issued.lifetime().dividedBy(10) : SKEW;
        Instant expires = clock.instant().plus(issued.lifetime());
        held = new Held(issued, expires.minus(skew), expires);
    }
}
