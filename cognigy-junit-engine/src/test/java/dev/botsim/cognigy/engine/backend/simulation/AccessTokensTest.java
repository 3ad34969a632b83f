package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendException;

/** The run's shared access token, its source a stand-in for the token endpoint. */
class AccessTokensTest {

    private final MutableClock clock = new MutableClock();

    @Test
    @DisplayName("a caller that waited for a refresh that failed fails with it, carrying what the failure named as this"
            + " run's own (a count, an instant), so a record of its test writes them as the first caller's does")
    void waitingCallerKeepsTheFailuresRunValues() throws Exception {
        BackendException down = new BackendException(BackendException.Kind.TRANSPORT, "cannot get an access token: POST"
                + " /api/oauth/token not sent: the server failed 5 requests in a row since 2026-11-24T09:58:00Z")
                .varying("5", "<n>").varying("2026-11-24T09:58:00Z", "<time>");
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch failNow = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        AccessTokens tokens = new AccessTokens(() -> {
            fetches.incrementAndGet();
            fetching.countDown();
            try {
                failNow.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw down;
        }, clock);

        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> waiting = new AtomicReference<>();
        Thread refreshing = new Thread(() -> first.set(failureOf(tokens)));
        refreshing.start();
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
        Thread waiter = new Thread(() -> waiting.set(failureOf(tokens)));
        waiter.start();
        // The second caller has seen the refresh under way and waits for its outcome.
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (waiter.getState() != Thread.State.BLOCKED && System.nanoTime() < giveUp) Thread.onSpinWait();
        assertThat(waiter.getState()).isEqualTo(Thread.State.BLOCKED);
        failNow.countDown();
        refreshing.join(10_000);
        waiter.join(10_000);

        assertThat(first.get()).isSameAs(down);
        assertThat(waiting.get()).isInstanceOfSatisfying(BackendException.class, shared -> {
            assertThat(shared).isNotSameAs(down).hasMessage(down.getMessage());
            assertThat(shared.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(shared.varying()).isEqualTo(down.varying());
        });
        assertThat(fetches).as("one round of attempts for both").hasValue(1);
    }

    /** While set, the token endpoint stand-in fails. */
    private volatile boolean down;
    private final AtomicInteger issued = new AtomicInteger();

    /** Tokens from a stand-in for the token endpoint issuing tok-1, tok-2, ... that live {@code lifetime}. */
    private AccessTokens tokens(Duration lifetime) {
        return new AccessTokens(() -> {
            if (down) throw new BackendException(BackendException.Kind.TRANSPORT, "cannot get an access token: HTTP 503");
            return new AccessTokens.IssuedToken("tok-" + issued.incrementAndGet(), lifetime);
        }, clock);
    }

    @Test
    @DisplayName("an issued token's text form shows its lifetime, never its value")
    void issuedTokenNeverShown() {
        AccessTokens.IssuedToken token = new AccessTokens.IssuedToken("eyJ-secret-token-value", Duration.ofSeconds(3600));
        assertThat(token.toString()).doesNotContain("eyJ-secret-token-value").contains("****").contains("PT1H");
    }

    @Test
    @DisplayName("a token of an hour is reused until 5 minutes before it expires, to the nanosecond, then refreshed; every"
            + " token issued is known for scrubbing")
    void refreshedFiveMinutesEarly() {
        AccessTokens tokens = tokens(Duration.ofHours(1));
        assertThat(tokens.current()).isEqualTo("tok-1");
        clock.advance(Duration.ofMinutes(55).minusNanos(1));
        assertThat(tokens.current()).isEqualTo("tok-1");
        assertThat(tokens.fetches()).isEqualTo(1);
        clock.advance(Duration.ofNanos(1));
        assertThat(tokens.current()).isEqualTo("tok-2");
        assertThat(tokens.fetches()).isEqualTo(2);
        assertThat(tokens.issued()).containsExactlyInAnyOrder("tok-1", "tok-2");
    }

    @Test
    @DisplayName("a token of a minute is refreshed a tenth of its life early (6 s), not 5 minutes early on every call")
    void shortTokenRefreshedATenthEarly() {
        AccessTokens tokens = tokens(Duration.ofSeconds(60));
        assertThat(tokens.current()).isEqualTo("tok-1");
        assertThat(tokens.current()).isEqualTo("tok-1");
        clock.advance(Duration.ofSeconds(54).minusNanos(1));
        assertThat(tokens.current()).isEqualTo("tok-1");
        clock.advance(Duration.ofNanos(1));
        assertThat(tokens.current()).isEqualTo("tok-2");
    }

    @Test
    @DisplayName("a refresh ahead of expiry that fails keeps the living token, tried again after 30 s, or after half its"
            + " remaining life when that is shorter; at its expiry, to the nanosecond, the failure is the caller's")
    void failedRefreshKeepsTheLivingToken() {
        AccessTokens tokens = tokens(Duration.ofHours(1));
        tokens.current();
        down = true;
        clock.advance(Duration.ofMinutes(55)); // 300 s left: tried again after 30 s, not after 150
        assertThat(tokens.current()).isEqualTo("tok-1");
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(tokens.current()).as("not tried again before 30 s").isEqualTo("tok-1");
        down = false;
        clock.advance(Duration.ofNanos(1));
        assertThat(tokens.current()).isEqualTo("tok-2");

        AccessTokens brief = tokens(Duration.ofSeconds(60));
        assertThat(brief.current()).isEqualTo("tok-3");
        down = true;
        clock.advance(Duration.ofSeconds(54)); // 6 s left: tried again after 3 s
        assertThat(brief.current()).isEqualTo("tok-3");
        down = false;
        clock.advance(Duration.ofSeconds(3).minusNanos(1));
        assertThat(brief.current()).isEqualTo("tok-3");
        assertThat(brief.fetches()).isEqualTo(1);
        clock.advance(Duration.ofNanos(1));
        assertThat(brief.current()).isEqualTo("tok-4");

        AccessTokens expiring = tokens(Duration.ofSeconds(60));
        expiring.current();
        down = true;
        clock.advance(Duration.ofSeconds(60).minusNanos(1)); // a nanosecond of life left: used on
        assertThat(expiring.current()).isEqualTo("tok-5");
        clock.advance(Duration.ofNanos(1));
        assertThatThrownBy(expiring::current).isInstanceOf(BackendException.class).hasMessageContaining("HTTP 503");
    }

    @Test
    @DisplayName("the token endpoint down at the first token fails the caller: there is no token to use on")
    void firstFetchFailing() {
        down = true;
        AccessTokens tokens = tokens(Duration.ofHours(1));
        assertThatThrownBy(tokens::current).isInstanceOf(BackendException.class).hasMessageContaining("HTTP 503");
        assertThat(tokens.fetches()).isZero();
        down = false;
        assertThat(tokens.current()).isEqualTo("tok-1");
    }

    @Test
    @DisplayName("a rejected token is replaced once: a caller whose token was replaced meanwhile gets the new one without a"
            + " fetch")
    void replacedOnce() {
        AccessTokens tokens = tokens(Duration.ofHours(1));
        String first = tokens.current();
        assertThat(tokens.replace(first)).isEqualTo("tok-2");
        assertThat(tokens.replace(first)).as("already replaced by another caller").isEqualTo("tok-2");
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    private static Throwable failureOf(AccessTokens tokens) {
        try {
            tokens.current();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
