package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static Throwable failureOf(AccessTokens tokens) {
        try {
            tokens.current();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
