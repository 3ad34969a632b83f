package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.config.RetrySettings;

/** The one retry policy, on a virtual clock: what each answer leads to, and what waiting costs. */
class RetriesTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final RetryLog log = new RetryLog();
    /** The monotonic time beside the wall clock, for the tests that step the wall clock alone, as NTP does. */
    private final VirtualTicker ticker = new VirtualTicker();

    /** The policy of requests to Cognigy, with 3 attempts, a 60 s longest wait and a 5 min rate-limit timeout. */
    private RetryPolicy cognigy() {
        return RetryPolicy.of(new RetrySettings(3, Duration.ofSeconds(60), Duration.ofMinutes(5))).withClock(clock).withSleeper(sleeper);
    }

    @Test
    @DisplayName("a 5xx or an I/O error costs an attempt, with backoff between them; the last attempt's outcome stands")
    void transientFailuresCostAttempts() {
        Retries retries = cognigy().start("GET /api/bot/info", log);
        Retries.Next first = retries.afterAnswer(503, null);
        Retries.Next second = retries.afterFailure("connection reset");
        assertThat(first).isInstanceOfSatisfying(Retries.Retry.class, r -> {
            assertThat(r.delay()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(r.why()).isEqualTo("GET /api/bot/info answered 503");
        });
        assertThat(second).isInstanceOfSatisfying(Retries.Retry.class, r -> {
            assertThat(r.delay()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(r.why()).isEqualTo("GET /api/bot/info failed (connection reset)");
        });
        assertThat(retries.afterAnswer(502, null)).isInstanceOf(Retries.Final.class);
        assertThat(retries.failures()).isEqualTo(3);
    }

    @Test
    @DisplayName("a Retry-After beyond the longest wait holds every request of the client until then, unsent; a shorter"
            + " one holds nothing, nor does another client's")
    void longRetryAfterHoldsTheClient() {
        RetryPolicy policy = cognigy();
        Retries refused = policy.start("POST /api/bot/simulate", log);
        Retries.Next next = refused.afterAnswer(429, "3600");
        assertThat(next).isInstanceOf(Retries.GiveUp.class);
        String cause = ((Retries.GiveUp) next).problem();
        assertThat(((Retries.GiveUp) next).recorded()).as("as a record writes it").isEqualTo("POST /api/bot/simulate answered 429"
                + " and asked to retry after <wait>, longer than the 60 s a request waits (cognigy.retry.longest-wait); lower"
                + " cognigy.execution.max-concurrency or ask for a higher rate limit");

        Retries later = policy.withMaxAttempts(1).start("GET /api/bot/simulation/sim_2", log);
        assertThat(later.held()).contains(new Retries.GiveUp("GET /api/bot/simulation/sim_2 not sent: the server asked for no"
                + " request before 2026-11-24T11:00:00Z (" + cause + ")", "GET /api/bot/simulation/sim_2 not sent: the server"
                + " asked for no request before <time> (" + ((Retries.GiveUp) next).recorded() + ")", Delivery.NOT_SENT));
        assertThat(cognigy().start("GET /x", log).held()).as("another client").isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(policy.start("GET /x", log).held()).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(policy.start("GET /x", log).held()).as("the hour has passed").isEmpty();

        // A 5xx naming a moment beyond the longest wait holds as a 429 does; one within it holds nothing.
        assertThat(policy.start("GET /y", log).afterAnswer(503, "61")).isInstanceOf(Retries.GiveUp.class);
        assertThat(policy.start("GET /x", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .startsWith("GET /x not sent: the server asked for no request before 2026-11-24T11:01:01Z (GET /y answered 503");
        RetryPolicy other = cognigy();
        assertThat(other.start("GET /y", log).afterAnswer(503, "60")).isInstanceOf(Retries.Retry.class);
        assertThat(other.start("GET /y", log).afterAnswer(429, "60")).isInstanceOf(Retries.Retry.class);
        assertThat(other.start("GET /x", log).held()).isEmpty();
    }

    @Test
    @DisplayName("success and answers that are no transient failure stand at once")
    void finalAnswers() {
        Retries retries = cognigy().start("GET /x", log);
        assertThat(retries.afterAnswer(200, "5")).isInstanceOf(Retries.Final.class);
        assertThat(retries.afterAnswer(404, null)).isInstanceOf(Retries.Final.class);
        assertThat(retries.afterAnswer(408, null)).as("408 is transient only where the client says so").isInstanceOf(Retries.Final.class);
        assertThat(cognigy().withTransientStatuses(RetryPolicy.TransientStatuses.TIMEOUTS_AND_SERVER_ERRORS).start("GET /x", log)
                .afterAnswer(408, null)).isInstanceOf(Retries.Retry.class);
        assertThat(retries.failures()).isZero();
    }

    @Test
    @DisplayName("a Retry-After is waited, as seconds or as an HTTP date on the policy's clock")
    void retryAfterOnTheClock() {
        Retries retries = cognigy().start("GET /x", log);
        assertThat(retries.afterAnswer(503, "7")).isEqualTo(new Retries.Retry(Duration.ofSeconds(7), "GET /x answered 503"));
        assertThat(retries.afterAnswer(503, "Tue, 24 Nov 2026 10:00:19 GMT"))
                .isEqualTo(new Retries.Retry(Duration.ofSeconds(19), "GET /x answered 503"));
    }

    @Test
    @DisplayName("a Retry-After date already past by this machine's clock (the server's clock behind it) names no wait: 429s"
            + " are waited out with the backoff and end at the rate-limit timeout, not repeated at once for ever; a 5xx"
            + " is repeated after the backoff too")
    void retryAfterDateInThePast() {
        String past = "Tue, 24 Nov 2026 09:59:30 GMT";
        Retries refused = cognigy().start("POST /api/bot/simulate", log);
        Retries.Next next = refused.afterAnswer(429, past);
        for (int i = 0; i < 10_000 && next instanceof Retries.Retry retry; i++) {
            assertThat(retry.delay()).as("refusal %d", i + 1).isPositive();
            next = refused.afterAnswer(429, past);
        }
        assertThat(next).isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                .contains("kept answering 429 for", "cognigy.retry.rate-limit-timeout"));

        assertThat(cognigy().start("GET /x", log).afterAnswer(503, past)).isInstanceOfSatisfying(Retries.Retry.class,
                r -> assertThat(r.delay()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
        assertThat(RetryAfter.parse(past, clock.instant())).isEmpty();
    }

    @Test
    @DisplayName("Retry-After: 0 on every 429 (a limiter rounding a fraction of a second down, or one that always says 0) is"
            + " waited out with the backoff and ends at the rate-limit timeout, not repeated at once for ever")
    void retryAfterZero() {
        Retries refused = cognigy().start("POST /api/bot/simulate", log);
        Retries.Next next = refused.afterAnswer(429, "0");
        assertThat(next).as("the backoff's first step, jittered").isInstanceOfSatisfying(Retries.Retry.class,
                r -> assertThat(r.delay()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(250)));
        for (int i = 0; i < 10_000 && next instanceof Retries.Retry retry; i++) {
            assertThat(retry.delay()).as("refusal %d", i + 1).isPositive();
            next = refused.afterAnswer(429, "0");
        }
        assertThat(next).isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                .contains("kept answering 429 for", "cognigy.retry.rate-limit-timeout"));
    }

    @Test
    @DisplayName("a Retry-After in RFC 9110's obsolete date forms, RFC 850's and asctime's, is the moment it names, as an"
            + " IMF-fixdate is: waited when within the longest wait, else given up at once, holding the client until then")
    void obsoleteRetryAfterDates() {
        Instant now = clock.instant();
        for (String date : new String[] {"Tue, 24 Nov 2026 10:00:19 GMT", "Tuesday, 24-Nov-26 10:00:19 GMT",
                "Tue Nov 24 10:00:19 2026"}) {
            assertThat(RetryAfter.parse(date, now)).as(date).contains(Duration.ofSeconds(19));
        }
        assertThat(RetryAfter.parse("Tue Dec  1 10:00:00 2026", now)).as("asctime's day padded with a space")
                .contains(Duration.ofDays(7));
        assertThat(RetryAfter.parse("Tuesday, 24-Nov-76 10:00:00 GMT", now)).as("a year 50 years on is 2076")
                .contains(Duration.between(now, Instant.parse("2076-11-24T10:00:00Z")));
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now)).as("1994, long past: no wait named").isEmpty();
        assertThat(RetryAfter.parse("Wed Nov 24 10:00:19 2026", now)).as("the wrong weekday: no date").isEmpty();

        RetryPolicy policy = cognigy();
        assertThat(policy.start("GET /x", log).afterAnswer(503, "Tue Nov 24 10:00:19 2026"))
                .isEqualTo(new Retries.Retry(Duration.ofSeconds(19), "GET /x answered 503"));
        assertThat(policy.start("POST /api/bot/simulate", log).afterAnswer(429, "Tuesday, 24-Nov-26 11:00:00 GMT"))
                .isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem()).contains("asked to retry after 3600 s"));
        assertThat(policy.start("GET /x", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .startsWith("GET /x not sent: the server asked for no request before 2026-11-24T11:00:00Z");
    }

    @Test
    @DisplayName("a Retry-After beyond the longest wait gives up at once, saying so, instead of stalling CI")
    void longerThanTheLongestWait() {
        Retries.Next next = cognigy().start("POST /api/bot/simulate", log).afterAnswer(503, "86400");
        assertThat(next).isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                .isEqualTo("POST /api/bot/simulate answered 503 and asked to retry after 86400 s, longer than the 60 s a request"
                        + " waits (cognigy.retry.longest-wait)"));
    }

    @Test
    @DisplayName("H5: a Retry-After of ten or more digits is a long wait too, giving up at once, never read as no Retry-After")
    void longRetryAfterOfManyDigits() {
        assertThat(cognigy().start("POST /api/bot/simulate", log).afterAnswer(429, "99999999999"))
                .isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                        .contains("asked to retry after 99999999999 s, longer than the 60 s", "cognigy.retry.longest-wait"));
        assertThat(cognigy().start("GET /x", log).afterAnswer(503, "1234567890"))
                .isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem()).contains("after 1234567890 s"));
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        assertThat(RetryAfter.parse("9".repeat(40), now)).hasValueSatisfying(wait -> assertThat(now.plus(wait)).isAfter(now));
    }

    @Test
    @DisplayName("429s as refusals cost no attempt, only time, until the rate-limit timeout")
    void refusalsCostTime() {
        Retries retries = cognigy().start("POST /api/bot/simulate", log);
        for (int i = 0; i < 5; i++) {
            assertThat(retries.afterAnswer(429, "60")).isEqualTo(new Retries.Retry(Duration.ofSeconds(60),
                    "POST /api/bot/simulate answered 429 with Retry-After 60"));
        }
        assertThat(retries.failures()).isZero();
        assertThat(retries.afterAnswer(429, "60")).isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                .contains("kept answering 429 for 300 s (6 refusals)", "cognigy.retry.rate-limit-timeout"));
        assertThat(retries.afterAnswer(429, "600")).isInstanceOfSatisfying(Retries.GiveUp.class, g -> assertThat(g.problem())
                .contains("asked to retry after 600 s, longer than the 60 s", "cognigy.retry.longest-wait"));
    }

    @Test
    @DisplayName("429s as transient failures cost attempts like a 5xx")
    void rateLimitsAsTransientFailures() {
        Retries retries = cognigy().withRateLimits(RetryPolicy.RateLimits.TRANSIENT).start("GET /x", log);
        assertThat(retries.afterAnswer(429, "2")).isEqualTo(new Retries.Retry(Duration.ofSeconds(2), "GET /x answered 429"));
        assertThat(retries.afterAnswer(429, null)).isInstanceOf(Retries.Retry.class);
        assertThat(retries.afterAnswer(429, null)).isInstanceOf(Retries.Final.class);
    }

    @Test
    @DisplayName("one attempt never repeats a transient failure, but still repeats refusals")
    void oneAttempt() {
        Retries retries = cognigy().withMaxAttempts(1).start("POST to the REST Endpoint", log);
        assertThat(retries.afterAnswer(502, null)).isInstanceOf(Retries.Final.class);
        assertThat(retries.afterFailure("reset")).isInstanceOf(Retries.Final.class);
        assertThat(retries.afterAnswer(429, "0")).isInstanceOf(Retries.Retry.class);
    }

    @Test
    @DisplayName("a request sent at most once is repeated like a transient failure while none of its attempts left, and"
            + " never once one may have: after a failure that may have been sent, or after any answer")
    void atMostOnceRepeatedWhileNeverSent() {
        Retries refused = cognigy().start("POST to the REST Endpoint", log);
        assertThat(refused.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).isInstanceOfSatisfying(Retries.Retry.class,
                r -> assertThat(r.delay()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
        assertThat(refused.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).isInstanceOf(Retries.Retry.class);
        assertThat(refused.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).as("the third of 3 attempts")
                .isInstanceOf(Retries.Final.class);
        assertThat(refused.delivery()).isEqualTo(Delivery.NOT_SENT);

        Retries broken = cognigy().start("POST to the REST Endpoint", log);
        assertThat(broken.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).isInstanceOf(Retries.Retry.class);
        assertThat(broken.afterFailureAtMostOnce("SocketException: Connection reset", Delivery.SENT)).isInstanceOf(Retries.Final.class);
        assertThat(broken.delivery()).isEqualTo(Delivery.SENT);

        Retries answered = cognigy().start("POST to the REST Endpoint", log);
        assertThat(answered.afterAnswer(429, "0")).isInstanceOf(Retries.Retry.class);
        assertThat(answered.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).as("an earlier attempt was sent")
                .isInstanceOf(Retries.Final.class);
    }

    @Test
    @DisplayName("with a deadline, no wait is begun that would end after it, and a spent deadline says so")
    void deadline() {
        RetryPolicy policy = cognigy().withLongestWait(RetryPolicy.UNBOUNDED).withMaxAttempts(10);
        VirtualTicker ticker = new VirtualTicker();
        Retries retries = policy.startUntil("delivery", log, Deadline.after(Duration.ofSeconds(60), ticker), "this run's delivery budget");
        assertThat(retries.afterAnswer(503, "30")).isInstanceOf(Retries.Retry.class);
        assertThat(retries.afterAnswer(503, "120")).isEqualTo(new Retries.GiveUp("next attempt due in 120 s, beyond this run's"
                + " delivery budget", "next attempt due in <wait>, beyond this run's delivery budget", Delivery.SENT));
        ticker.advance(Duration.ofSeconds(60));
        assertThat(retries.afterAnswer(503, "1")).isEqualTo(new Retries.GiveUp("this run's delivery budget is spent",
                "this run's delivery budget is spent", Delivery.SENT));
    }

    @Test
    @DisplayName("a deadline is time passed on its ticker: the wall clock set back or forward hours changes no wait it allows")
    void deadlineIgnoresTheWallClock() {
        RetryPolicy policy = cognigy().withLongestWait(RetryPolicy.UNBOUNDED).withMaxAttempts(10);
        VirtualTicker ticker = new VirtualTicker();
        Retries retries = policy.startUntil("delivery", log, Deadline.after(Duration.ofSeconds(60), ticker), "this run's delivery budget");
        clock.advance(Duration.ofHours(3));
        assertThat(retries.afterAnswer(503, "30")).as("set forward: not spent").isInstanceOf(Retries.Retry.class);
        clock.advance(Duration.ofHours(-6));
        ticker.advance(Duration.ofSeconds(40));
        assertThat(retries.afterAnswer(503, "30")).as("set back: 20 s left, not hours").isEqualTo(new Retries.GiveUp("next"
                + " attempt due in 30 s, beyond this run's delivery budget", "next attempt due in <wait>, beyond this run's"
                + " delivery budget", Delivery.SENT));
    }

    @Test
    @DisplayName("a deadline of more than a ticker can count is as good as none, and a negative budget is spent")
    void deadlineBounds() {
        VirtualTicker ticker = new VirtualTicker();
        assertThat(Deadline.after(RetryPolicy.UNBOUNDED, ticker).left()).isGreaterThan(Duration.ofDays(365 * 70));
        assertThat(Deadline.after(Duration.ofSeconds(-1), ticker).spent()).isTrue();
        assertThat(Deadline.NONE.spent()).isFalse();
    }

    @Test
    @DisplayName("waiting writes the retry to the log and sleeps on the policy's sleeper")
    void awaitLogsAndSleeps() throws InterruptedException {
        Retries retries = cognigy().start("GET /x", log);
        retries.await((Retries.Retry) retries.afterAnswer(503, "2"));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(log.events()).containsExactly("GET /x answered 503; retried after 2.0 s");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-24T10:00:02Z"));
    }

    /** Time passing, on the wall clock and the ticker alike. */
    private void pass(Duration duration) {
        clock.advance(duration);
        ticker.advance(duration);
    }

    /** {@link #cognigy()} measuring its durations on {@link #ticker}, its waits passing on both. */
    private RetryPolicy onTicker() {
        return cognigy().withSleeper(this::pass).withTicker(ticker);
    }

    /** Whole minutes that pass, a request of {@code policy} tried each minute, before one is sent; at most a day. */
    private int minutesHeld(RetryPolicy policy) {
        int minutes = 0;
        while (minutes < 24 * 60 && policy.start("GET /api/bot/info", log).held().isPresent()) {
            pass(Duration.ofMinutes(1));
            minutes++;
        }
        return minutes;
    }

    @Test
    @DisplayName("a Retry-After of 3600 s holds the client an hour on its ticker: the wall clock set back 3 h does not make"
            + " it 4 h, set forward 3 h does not end it")
    void holdForSecondsIgnoresTheWallClock() {
        RetryPolicy back = onTicker();
        assertThat(back.start("POST /api/bot/simulate", log).afterAnswer(429, "3600")).isInstanceOf(Retries.GiveUp.class);
        clock.advance(Duration.ofHours(-3));
        assertThat(minutesHeld(back)).as("set back 3 h").isEqualTo(60);

        RetryPolicy forward = onTicker();
        assertThat(forward.start("POST /api/bot/simulate", log).afterAnswer(429, "3600")).isInstanceOf(Retries.GiveUp.class);
        clock.advance(Duration.ofHours(3));
        assertThat(minutesHeld(forward)).as("set forward 3 h").isEqualTo(60);
    }

    @Test
    @DisplayName("a Retry-After naming an HTTP date holds the client until the wall clock reaches it: set forward past it, the"
            + " hold is over")
    void holdUntilADateFollowsTheWallClock() {
        RetryPolicy policy = onTicker();
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(clock.instant().plus(Duration.ofHours(1)).atZone(ZoneOffset.UTC));
        assertThat(policy.start("POST /api/bot/simulate", log).afterAnswer(429, inAnHour)).isInstanceOf(Retries.GiveUp.class);
        assertThat(policy.start("GET /api/bot/info", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .contains("no request before 2026-11-24T11:00:00Z");
        clock.advance(Duration.ofHours(3));
        assertThat(minutesHeld(policy)).isZero();
    }

    /** Requests to Cognigy with one attempt each, the outage breaker opening after 2 failures in a row over 30 s. */
    private RetryPolicy guarded() {
        return RetryPolicy.of(new RetrySettings(1, Duration.ofSeconds(60), Duration.ofMinutes(5), 2, Duration.ofSeconds(30)))
                .withClock(clock).withSleeper(sleeper);
    }

    @Test
    @DisplayName("every 5xx is a transient failure, 500 included; a 4xx is not")
    void serverErrorsFromFiveHundred() {
        for (int status : new int[] {500, 501, 599}) {
            assertThat(cognigy().start("GET /x", log).afterAnswer(status, null)).as("HTTP " + status).isInstanceOf(Retries.Retry.class);
        }
        assertThat(cognigy().start("GET /x", log).afterAnswer(499, null)).isInstanceOf(Retries.Final.class);
    }

    @Test
    @DisplayName("a 200 between failures sets the outage count back: failures in a row, not in all, open the breaker")
    void successSetsTheOutageCountBack() {
        RetryPolicy policy = guarded();
        assertThat(policy.start("GET /a", log).afterAnswer(503, null)).isInstanceOf(Retries.Final.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.start("GET /b", log).afterAnswer(200, null)).isInstanceOf(Retries.Final.class);
        assertThat(policy.start("GET /c", log).afterAnswer(503, null)).isInstanceOf(Retries.Final.class);
        assertThat(policy.start("GET /d", log).held()).isEmpty();
        assertThat(policy.breaker().open()).isFalse();
    }

    @Test
    @DisplayName("a request never repeated (a REST Endpoint turn) answered 502, 503 or 504 counts towards an outage, a 500 of a"
            + " live flow does not; a probe answered 200 closes the breaker")
    void answeredFinallyCountsOutagesOnly() {
        RetryPolicy policy = guarded();
        for (int i = 0; i < 3; i++) {
            policy.start("POST /endpoint", log).answeredFinally(500, null);
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(policy.start("POST /endpoint", log).held()).as("500s count nothing").isEmpty();
        policy.start("POST /endpoint", log).answeredFinally(503, null);
        clock.advance(Duration.ofSeconds(30));
        policy.start("POST /endpoint", log).answeredFinally(504, null);
        assertThat(policy.start("POST /endpoint", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .startsWith("POST /endpoint not sent: the server failed 2 requests in a row since 2026-11-24T10:01:30Z, the first:"
                        + " POST /endpoint answered 503 (cognigy.retry.outage-after)");
        clock.advance(Duration.ofSeconds(30));
        Retries probe = policy.start("POST /endpoint", log);
        assertThat(probe.held()).isEmpty();
        probe.answeredFinally(200, null);
        assertThat(policy.start("POST /endpoint", log).held()).as("closed by the probe's success").isEmpty();
    }

    @Test
    @DisplayName("a request sent at most once that failed unsent twice and then after it left counts once towards an outage,"
            + " with its 3 attempts")
    void atMostOnceCountsItsAttempts() {
        RetryPolicy policy = guarded().withMaxAttempts(5);
        Retries first = policy.start("POST /endpoint", log);
        assertThat(first.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).isInstanceOf(Retries.Retry.class);
        assertThat(first.afterFailureAtMostOnce("ConnectException", Delivery.NOT_SENT)).isInstanceOf(Retries.Retry.class);
        assertThat(first.afterFailureAtMostOnce("connection reset", Delivery.SENT)).isInstanceOf(Retries.Final.class);
        clock.advance(Duration.ofSeconds(30));
        policy.start("POST /endpoint", log).afterFailureAtMostOnce("connection reset", Delivery.SENT);
        assertThat(policy.start("POST /endpoint", log).held()).get().extracting(Retries.GiveUp::problem).asString()
                .contains("the first: POST /endpoint failed (connection reset) (3 attempts) (cognigy.retry.outage-after)");
    }

    @Test
    @DisplayName("a failure without an answer tells whether the request left: unsent until an attempt may have been written")
    void failureDelivery() {
        Retries retries = cognigy().start("GET /x", log);
        retries.afterFailure("ConnectException", Delivery.NOT_SENT);
        assertThat(retries.delivery()).isEqualTo(Delivery.NOT_SENT);
        retries.afterFailure("connection reset", Delivery.SENT);
        assertThat(retries.delivery()).isEqualTo(Delivery.SENT);
    }

    @Test
    @DisplayName("429s given up for the rate-limit timeout, each asking no more than the longest wait, hold no other request")
    void rateLimitTimeoutHoldsNoOne() {
        RetryPolicy policy = RetryPolicy.of(new RetrySettings(3, Duration.ofSeconds(60), Duration.ofSeconds(90)))
                .withClock(clock).withSleeper(sleeper);
        Retries refused = policy.start("POST /api/bot/simulate", log);
        assertThat(refused.afterAnswer(429, "60")).isInstanceOf(Retries.Retry.class);
        assertThat(refused.afterAnswer(429, "60")).isInstanceOfSatisfying(Retries.GiveUp.class, giveUp ->
                assertThat(giveUp.problem()).startsWith("POST /api/bot/simulate kept answering 429 for 60 s (2 refusals)"));
        assertThat(policy.start("GET /api/bot/simulation/sim_2", log).held()).isEmpty();
    }

    @Test
    @DisplayName("with a deadline, a wait ending exactly at it is begun")
    void waitEndingAtTheDeadline() {
        RetryPolicy policy = cognigy().withMaxAttempts(10);
        VirtualTicker ticker = new VirtualTicker();
        Retries retries = policy.startUntil("delivery", log, Deadline.after(Duration.ofSeconds(60), ticker), "this run's delivery budget");
        assertThat(retries.afterAnswer(503, "60")).isEqualTo(new Retries.Retry(Duration.ofSeconds(60), "delivery answered 503"));
    }
}
