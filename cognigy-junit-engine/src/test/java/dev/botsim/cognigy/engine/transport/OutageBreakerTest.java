package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.config.RetrySettings;

/** The outage breaker of one client, through {@link Retries} as the clients use it, on a virtual clock. */
class OutageBreakerTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final RetryLog log = new RetryLog();

    /** The monotonic time beside the wall clock, for the tests that step the wall clock alone, as NTP does. */
    private final VirtualTicker ticker = new VirtualTicker();

    /** Two attempts per request; the breaker opens after 3 requests in a row failed, and probes every 30 s. */
    private RetryPolicy policy() {
        return RetryPolicy.of(new RetrySettings(2, Duration.ofSeconds(60), Duration.ofMinutes(5)).withOutageAfter(3))
                .withClock(clock).withSleeper(sleeper);
    }

    /**
     * Three requests failing with 502, 15 s apart, the last at the clock's time then: the failures in a row that open
     * {@link #policy()}'s breaker, over the 30 s they must go on.
     */
    private void outage(RetryPolicy policy) {
        for (int i = 0; i < 3; i++) {
            if (i > 0) clock.advance(Duration.ofSeconds(15));
            failing(policy, "POST /api/bot/simulate", 502);
        }
        assertThat(policy.breaker().open()).isTrue();
    }

    /** One request that fails on every attempt with {@code status}; whether it was sent at all. */
    private static boolean failing(RetryPolicy policy, String what, int status) {
        Retries retries = policy.start(what, new RetryLog());
        while (true) {
            if (retries.held().isPresent()) return false;
            if (!(retries.afterAnswer(status, null) instanceof Retries.Retry)) return true;
        }
    }

    /** One request answered at once with {@code status}; whether it was sent at all. */
    private static boolean answered(RetryPolicy policy, String what, int status) {
        Retries retries = policy.start(what, new RetryLog());
        if (retries.held().isPresent()) return false;
        assertThat(retries.afterAnswer(status, null)).isInstanceOf(Retries.Final.class);
        return true;
    }

    @Test
    @DisplayName("after outage-after requests in a row failed after their retries, later ones are not sent, naming the first")
    void opensAfterFailuresInARow() {
        RetryPolicy policy = policy();
        assertThat(failing(policy, "POST /api/bot/simulate", 502)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(failing(policy, "POST /api/bot/simulate", 503)).isTrue();
        assertThat(policy.breaker().open()).isFalse();
        Retries third = policy.start("GET /api/bot/simulation/sim_3", log);
        assertThat(third.held()).isEmpty();
        assertThat(third.afterFailure("connection refused")).isInstanceOf(Retries.Retry.class);
        clock.advance(Duration.ofSeconds(25));
        assertThat(policy.breaker().open()).as("a request still retrying is no final failure").isFalse();
        assertThat(third.afterFailure("connection refused")).isInstanceOf(Retries.Final.class);
        assertThat(policy.breaker().open()).isTrue();

        Retries later = policy.withMaxAttempts(1).start("POST /api/bot/simulate", log);
        assertThat(later.held()).get().extracting(Retries.GiveUp::problem).isEqualTo("POST /api/bot/simulate not sent: the"
                + " server failed 3 requests in a row since 2026-11-24T10:00:00Z, the first: POST /api/bot/simulate answered 502"
                + " (2 attempts) (cognigy.retry.outage-after); one request every 30 s is sent to see whether it is back"
                + " (cognigy.retry.outage-probe)");
        assertThat(policy().start("GET /x", log).held()).as("another client's breaker").isEmpty();
    }

    @Test
    @DisplayName("failures in a row over less than outage-probe are a blip, not an outage: the breaker opens only once they"
            + " have gone on that long")
    void blipDoesNotOpen() {
        RetryPolicy policy = policy();
        for (int i = 0; i < 10; i++) {
            assertThat(failing(policy, "POST to the REST Endpoint", 502)).isTrue();
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(policy.breaker().open()).as("10 failures over 20 s").isFalse();
        answered(policy, "POST to the REST Endpoint", 200);
        for (int i = 0; i < 3; i++) {
            failing(policy, "POST to the REST Endpoint", 502);
            clock.advance(Duration.ofSeconds(14));
        }
        assertThat(policy.breaker().open()).as("3 failures over 28 s").isFalse();
        clock.advance(Duration.ofSeconds(2));
        failing(policy, "POST to the REST Endpoint", 502);
        assertThat(policy.breaker().open()).as("the fourth, 30 s after the first").isTrue();
    }

    @Test
    @DisplayName("a request failing when the breaker opens is not repeated: its next attempt is refused like a new request")
    void requestsInFlightStopRetrying() {
        RetryPolicy policy = RetryPolicy.of(new RetrySettings(4, Duration.ofSeconds(60), Duration.ofMinutes(5)).withOutageAfter(1))
                .withClock(clock).withSleeper(sleeper);
        Retries inFlight = policy.start("GET /api/bot/simulation/sim_1", log);
        assertThat(inFlight.held()).isEmpty();
        assertThat(inFlight.afterAnswer(503, null)).isInstanceOf(Retries.Retry.class);
        assertThat(failing(policy, "POST /api/bot/simulate", 503)).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(failing(policy, "POST /api/bot/simulate", 503)).isTrue();
        assertThat(inFlight.held()).get().extracting(Retries.GiveUp::problem).asString()
                .startsWith("GET /api/bot/simulation/sim_1 not sent: the server failed 2 requests in a row");
    }

    @Test
    @DisplayName("any successful answer between failures starts the count over; answers that are the test's own count nothing")
    void successResets() {
        RetryPolicy policy = policy();
        for (int round = 0; round < 5; round++) {
            failing(policy, "POST /api/bot/simulate", 502);
            failing(policy, "POST /api/bot/simulate", 502);
            answered(policy, "GET /api/bot/simulation/sim_1", 200);
        }
        assertThat(policy.breaker().open()).isFalse();
        failing(policy, "POST /api/bot/simulate", 502);
        failing(policy, "POST /api/bot/simulate", 502);
        answered(policy, "POST /api/bot/simulate", 400);
        answered(policy, "POST /api/bot/simulate", 404);
        assertThat(policy.breaker().open()).as("4xx neither count nor reset").isFalse();
        clock.advance(Duration.ofSeconds(30));
        failing(policy, "POST /api/bot/simulate", 502);
        assertThat(policy.breaker().open()).isTrue();
    }

    @Test
    @DisplayName("while open, one request every outage-probe is sent, once: answered, it closes the breaker; failed, it stays"
            + " open until the next probe")
    void probes() {
        RetryPolicy policy = policy();
        outage(policy);
        clock.advance(Duration.ofSeconds(29));
        assertThat(failing(policy, "POST /api/bot/simulate", 502)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        Retries probe = policy.start("POST /api/bot/simulate", log);
        assertThat(probe.held()).as("the probe").isEmpty();
        assertThat(policy.start("POST /api/bot/simulate", log).held()).as("one probe at a time").isPresent();
        assertThat(probe.afterAnswer(502, null)).as("a probe is not repeated").isInstanceOf(Retries.Final.class);
        assertThat(policy.breaker().open()).isTrue();
        assertThat(policy.start("GET /x", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .contains("the server failed 4 requests in a row since 2026-11-24T10:00:00Z");

        clock.advance(Duration.ofSeconds(30));
        Retries second = policy.start("POST /api/bot/simulate", log);
        assertThat(second.held()).isEmpty();
        assertThat(second.afterAnswer(429, "1")).as("a refusal is waited as ever").isInstanceOf(Retries.Retry.class);
        assertThat(second.held()).as("the probe's own next attempt").isEmpty();
        assertThat(second.afterAnswer(202, null)).isInstanceOf(Retries.Final.class);
        assertThat(policy.breaker().open()).isFalse();
        assertThat(policy.start("GET /api/bot/simulation/sim_9", log).held()).isEmpty();

        // Closed, it counts from none again.
        failing(policy, "POST /api/bot/simulate", 502);
        failing(policy, "POST /api/bot/simulate", 502);
        assertThat(policy.start("GET /x", log).held()).isEmpty();
    }

    @Test
    @DisplayName("a probe answered 503 with Retry-After: 45 is followed by the next probe 45 s later, not 30: the later of"
            + " outage-probe and what the server asked")
    void probeWaitsForRetryAfter() {
        RetryPolicy policy = policy();
        outage(policy);
        clock.advance(Duration.ofSeconds(30));
        Retries probe = policy.start("POST /api/bot/simulate", log);
        assertThat(probe.held()).as("the probe").isEmpty();
        assertThat(probe.afterAnswer(503, "45")).isInstanceOf(Retries.Final.class);

        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.start("POST /api/bot/simulate", log).held()).as("30 s after, the server asked for 45")
                .get().extracting(Retries.GiveUp::problem).asString()
                .endsWith("one request every 30 s is sent to see whether it is back (cognigy.retry.outage-probe); the next"
                        + " not before 2026-11-24T10:01:45Z, as the server asked (Retry-After)");
        clock.advance(Duration.ofSeconds(14));
        assertThat(policy.start("POST /api/bot/simulate", log).held()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        Retries next = policy.start("POST /api/bot/simulate", log);
        assertThat(next.held()).as("the next probe, 45 s after the last").isEmpty();
        assertThat(next.afterAnswer(502, null)).isInstanceOf(Retries.Final.class);
        assertThat(policy.start("POST /api/bot/simulate", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .endsWith("(cognigy.retry.outage-probe)");
        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.start("POST /api/bot/simulate", log).held()).as("no Retry-After: 30 s again").isEmpty();
    }

    @Test
    @DisplayName("the failure that opens the breaker asking Retry-After: 45 puts the first probe 45 s off")
    void openingRetryAfter() {
        RetryPolicy policy = policy().withMaxAttempts(1);
        failing(policy, "POST to the REST Endpoint", 502);
        failing(policy, "POST to the REST Endpoint", 502);
        clock.advance(Duration.ofSeconds(30));
        policy.start("POST to the REST Endpoint", log).afterAnswer(503, "45");
        assertThat(policy.breaker().open()).isTrue();
        clock.advance(Duration.ofSeconds(44));
        assertThat(policy.start("POST to the REST Endpoint", log).held()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.start("POST to the REST Endpoint", log).held()).isEmpty();
    }

    @Test
    @DisplayName("a last attempt, a request never repeated or a probe answered 503 Retry-After: 3600, beyond the longest wait,"
            + " holds the client's later requests until then, as an earlier attempt's answer does")
    void lastAttemptRetryAfterHolds() {
        RetryPolicy policy = policy().withMaxAttempts(1);
        Retries told = policy.start("POST to the REST Endpoint", log);
        assertThat(told.held()).isEmpty();
        assertThat(told.afterAnswer(503, "3600")).isInstanceOf(Retries.Final.class);
        assertThat(policy.start("POST to the REST Endpoint", log).held()).get().extracting(Retries.GiveUp::problem)
                .isEqualTo("POST to the REST Endpoint not sent: the server asked for no request before 2026-11-24T11:00:00Z"
                        + " (POST to the REST Endpoint answered 503 and asked to retry after 3600 s, longer than the 60 s a"
                        + " request waits (cognigy.retry.longest-wait))");
        clock.advance(Duration.ofHours(1));
        assertThat(policy.start("POST to the REST Endpoint", log).held()).isEmpty();

        RetryPolicy open = policy();
        outage(open);
        clock.advance(Duration.ofSeconds(30));
        Retries probe = open.start("POST /api/bot/simulate", log);
        assertThat(probe.held()).isEmpty();
        probe.afterAnswer(503, "3600");
        clock.advance(Duration.ofMinutes(30));
        assertThat(open.start("POST /api/bot/simulate", log).held()).as("no probe for the hour").get()
                .extracting(Retries.GiveUp::problem).asString().contains("the server asked for no request before 2026-11-24T12:01:00Z");
    }

    @Test
    @DisplayName("429s are a live server's: a client taking them for transient failures never opens the breaker with them")
    void rateLimitsAreNoOutage() {
        RetryPolicy policy = policy().withRateLimits(RetryPolicy.RateLimits.TRANSIENT);
        for (int i = 0; i < 10; i++) assertThat(failing(policy, "GET /new/v2.0/tasks/task1", 429)).isTrue();
        assertThat(policy.breaker().open()).isFalse();
    }

    @Test
    @DisplayName("a 500 is a live server's answer to that request (a flow breaking on one input): it never opens the breaker;"
            + " 502, 503 and 504 do")
    void internalErrorsAreNoOutage() {
        RetryPolicy policy = policy();
        for (int i = 0; i < 10; i++) assertThat(failing(policy, "POST to the REST Endpoint", 500)).isTrue();
        assertThat(policy.breaker().open()).isFalse();
        failing(policy, "POST to the REST Endpoint", 502);
        failing(policy, "POST to the REST Endpoint", 503);
        clock.advance(Duration.ofSeconds(30));
        failing(policy, "POST to the REST Endpoint", 504);
        assertThat(policy.breaker().open()).isTrue();
    }

    @Test
    @DisplayName("a success of a request sent before the breaker opened closes it too")
    void lateSuccessCloses() {
        RetryPolicy policy = policy();
        Retries slow = policy.start("GET /api/bot/simulation/sim_1", log);
        assertThat(slow.held()).isEmpty();
        outage(policy);
        slow.afterAnswer(200, null);
        assertThat(policy.breaker().open()).isFalse();
    }

    @Test
    @DisplayName("a failure a client does not repeat (a turn that may have reached the flow) counts as a last attempt")
    void failedFinallyCounts() {
        RetryPolicy policy = policy().withMaxAttempts(1);
        for (int i = 0; i < 3; i++) {
            assertThat(policy.start("POST to the REST Endpoint", log).afterFailureAtMostOnce("no answer in time", Delivery.SENT))
                    .isInstanceOf(Retries.Final.class);
            clock.advance(Duration.ofSeconds(15));
        }
        assertThat(policy.start("POST to the REST Endpoint", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .contains("the first: POST to the REST Endpoint failed (no answer in time) (cognigy.retry.outage-after)");
    }

    @Test
    @DisplayName("many threads: the breaker opens after the failures in a row, exactly one probe per interval gets through")
    void concurrent() throws Exception {
        RetryPolicy policy = RetryPolicy.of(new RetrySettings(1, Duration.ofSeconds(60), Duration.ofMinutes(5)).withOutageAfter(9))
                .withClock(clock).withSleeper(sleeper);
        // The first failure of the row 30 s before the others: the ones below open it by their count.
        failing(policy, "POST /api/bot/simulate", 502);
        clock.advance(Duration.ofSeconds(30));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger sent = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                done.add(threads.submit(() -> {
                    go.await();
                    if (failing(policy, "POST /api/bot/simulate", 502)) sent.incrementAndGet();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(10, TimeUnit.SECONDS);
            // The ninth failure, the eighth of these, opens it; those that passed the check before may still be in flight
            // then: at most 7 more.
            assertThat(sent.get()).isBetween(8, 8 + 7);
            assertThat(policy.breaker().open()).isTrue();

            clock.advance(Duration.ofSeconds(30));
            AtomicInteger probes = new AtomicInteger();
            CountDownLatch again = new CountDownLatch(1);
            done.clear();
            for (int i = 0; i < 100; i++) {
                done.add(threads.submit(() -> {
                    again.await();
                    if (policy.start("GET /x", new RetryLog()).held().isEmpty()) probes.incrementAndGet();
                    return null;
                }));
            }
            again.countDown();
            for (Future<?> f : done) f.get(10, TimeUnit.SECONDS);
            assertThat(probes).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("at least one failure opens it, and probes come some time apart")
    void bounds() {
        assertThatThrownBy(() -> new OutageBreaker(0, Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutageBreaker(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Time passing, on the wall clock and the ticker alike. */
    private void pass(Duration duration) {
        clock.advance(duration);
        ticker.advance(duration);
    }

    /** {@link #policy()} measuring its durations on {@link #ticker}, its waits passing on both. */
    private RetryPolicy onTicker() {
        return policy().withSleeper(this::pass).withTicker(ticker);
    }

    @Test
    @DisplayName("the wall clock set back 3 h after the breaker opened puts off no probe: over the next 10 minutes, a"
            + " request every 5 s, one every 30 s is sent")
    void probesIgnoreAClockSetBack() {
        RetryPolicy policy = onTicker();
        for (int i = 0; i < 3; i++) {
            if (i > 0) pass(Duration.ofSeconds(15));
            failing(policy, "POST /api/bot/simulate", 502);
        }
        assertThat(policy.breaker().open()).isTrue();
        clock.advance(Duration.ofHours(-3));
        int sent = 0;
        for (int i = 0; i < 120; i++) {
            pass(Duration.ofSeconds(5));
            if (failing(policy, "POST /api/bot/simulate", 502)) sent++;
        }
        assertThat(sent).as("probes sent of 120 requests").isEqualTo(20);
    }

    @Test
    @DisplayName("the wall clock set forward 3 h during 2 s of failures does not make them an outage: the breaker stays"
            + " closed, and the requests after the blip are all sent")
    void blipIgnoresAClockSetForward() {
        RetryPolicy policy = onTicker();
        failing(policy, "POST /api/bot/simulate", 502);
        pass(Duration.ofSeconds(1));
        failing(policy, "POST /api/bot/simulate", 502);
        clock.advance(Duration.ofHours(3));
        pass(Duration.ofSeconds(1));
        failing(policy, "POST /api/bot/simulate", 502);
        int sent = 0;
        for (int i = 0; i < 6; i++) {
            pass(Duration.ofSeconds(5));
            if (answered(policy, "POST /api/bot/simulate", 200)) sent++;
        }
        assertThat(sent).as("requests sent of 6, once the server answers again").isEqualTo(6);
        assertThat(policy.breaker().open()).isFalse();
    }
}
