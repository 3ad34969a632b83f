package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The retries of one request under a {@link RetryPolicy}: after each attempt it says whether to
 * repeat the request and after how long, or that the outcome stands, or that waiting is no longer
 * worth it. The client keeps what only it knows — what an answer means, which exception a failure
 * becomes, what an interrupt ends.
 */
public final class Retries {

    /** What to do after an attempt. */
    public sealed interface Next permits Retry, Final, GiveUp {
    }

    /** Repeat the request after {@code delay}; {@code why} goes to the retry log. */
    public record Retry(Duration delay, String why) implements Next {
    }

    /** The outcome stands: a success, an answer not worth repeating, or the last attempt. */
    public record Final() implements Next {
    }

    /**
     * Repeating would wait too long, or the request is not to be sent at all.
     *
     * @param problem  why, for the client's message
     * @param recorded {@code problem} as a record of the failure writes it: the values that hold for this run only (a
     *                 count, a wait, an instant) written as what stands for them ({@link Phrase})
     * @param delivery whether any attempt of the request was sent before it was given up
     */
    public record GiveUp(String problem, String recorded, Delivery delivery) implements Next {

        GiveUp(Phrase problem, Delivery delivery) {
            this(problem.said(), problem.recorded(), delivery);
        }
    }

    private static final Final FINAL = new Final();
    /**
     * The answers that count towards an outage: a gateway that cannot reach the service, a service unavailable. Any other
     * answer comes from a live server — a 500 from a flow that breaks on one input, a 429, a 408 — and is that request's
     * own: it must not make the client give up on the tests that follow.
     */
    private static final java.util.Set<Integer> OUTAGE_STATUSES = java.util.Set.of(502, 503, 504);

    private final RetryPolicy policy;
    private final String what;
    private final RetryLog log;
    private final Deadline deadline;
    private final String deadlineName;
    private final Refusals refusals;
    private int failures;
    /** Whether an attempt of this request left this machine: answered, or failed after it may have been written. */
    private boolean sent;
    /** Whether this request was let through an open {@link OutageBreaker} to see whether the server is back. */
    private boolean probe;
    /** Whether this request serves another the {@link OutageBreaker} already let through: the breaker does not stop it. */
    private final boolean admitted;

    Retries(RetryPolicy policy, String what, RetryLog log, Deadline deadline, String deadlineName) {
        this(policy, what, log, deadline, deadlineName, false);
    }

    Retries(RetryPolicy policy, String what, RetryLog log, Deadline deadline, String deadlineName, boolean admitted) {
        this.policy = policy;
        this.admitted = admitted;
        this.what = what;
        this.log = log;
        this.deadline = deadline;
        this.deadlineName = deadlineName;
        this.refusals = new Refusals(policy.longestWait(), policy.rateLimitTimeout());
    }

    /**
     * Why the next attempt is not to be sent at all: the server told this client, on this request or another, to send
     * nothing before a moment still to come ({@code Retry-After} beyond the longest wait), or the client's requests
     * failed so many times in a row that the server is taken for down ({@link OutageBreaker}). Asked before each attempt.
     */
    public Optional<GiveUp> held() {
        Instant now = policy.clock().instant();
        Optional<Phrase> hold = policy.hold().check(now, what);
        if (hold.isPresent()) return hold.map(problem -> new GiveUp(problem, delivery()));
        if (probe || admitted) return Optional.empty();
        OutageBreaker.Admission admission = policy.breaker().admit(now, policy.ticker().nanos(), what);
        if (admission instanceof OutageBreaker.Refuse refuse) return Optional.of(new GiveUp(refuse.problem(), delivery()));
        probe = ((OutageBreaker.Send) admission).probe();
        return Optional.empty();
    }

    /** The server answered {@code status}, with the {@code Retry-After} header given (or {@code null}). */
    public Next afterAnswer(int status, String retryAfter) {
        sent = true;
        if (status >= 200 && status < 300) {
            policy.breaker().succeeded();
            return FINAL;
        }
        if (status == 429 && policy.rateLimits() == RetryPolicy.RateLimits.REFUSALS) {
            Next next = refusals.next(retryAfter, policy.clock().instant(), what);
            if (next instanceof GiveUp giveUp) holdBeyondLongestWait(retryAfter, giveUp);
            return withinDeadline(next);
        }
        boolean transientFailure = policy.transientStatuses().test(status)
                || status == 429 && policy.rateLimits() == RetryPolicy.RateLimits.TRANSIENT;
        if (!transientFailure) return FINAL;
        return transientFailure("answered " + status, retryAfter, OUTAGE_STATUSES.contains(status));
    }

    /** The request failed without an answer, perhaps after it was sent: {@code problem} says how (no secrets in it). */
    public Next afterFailure(String problem) {
        return afterFailure(problem, Delivery.SENT);
    }

    /** The request failed without an answer, getting as far as {@code delivery}: {@code problem} says how (no secrets in it). */
    public Next afterFailure(String problem, Delivery delivery) {
        if (delivery == Delivery.SENT) sent = true;
        return transientFailure("failed (" + problem + ")", null, true);
    }

    /**
     * The request failed without an answer, getting as far as {@code delivery}, and the client sends it to the server at
     * most once — a REST Endpoint turn, a playbook run scheduled: acted on twice, it would move a conversation on or run
     * twice. While none of its attempts has left this machine (no connection, no such host, no TLS session, no
     * connection in time), it is repeated as any transient failure is, within the attempts and the backoff: the server
     * cannot have acted on what never reached it. Once an attempt may have left, the outcome stands, and counts towards
     * an outage like a last attempt. Either way the request counts once towards an outage, when its outcome stands, as a
     * request repeated after any failure does.
     */
    public Next afterFailureAtMostOnce(String problem, Delivery delivery) {
        if (delivery == Delivery.SENT) sent = true;
        return transientFailure("failed (" + problem + ")", null, true, !sent);
    }

    /**
     * The server answered, and the client deals with the answer itself rather than through the policy: an answer it
     * cannot read (too large, not JSON), which counts as no status, or a 401 it meets with a new token. The request was
     * sent — one answered, whatever it answered, was. Nothing is repeated for it, and nothing counts towards an outage
     * or sets the count back.
     */
    public void answered() {
        sent = true;
    }

    /**
     * Whether any attempt of this request so far left this machine: {@link Delivery#NOT_SENT} while each failed before it
     * was written (no connection) or none was made (held, or refused by the outage breaker).
     */
    public Delivery delivery() {
        return sent ? Delivery.SENT : Delivery.NOT_SENT;
    }

    /**
     * The server answered {@code status}, with the {@code Retry-After} header given (or {@code null}), to a request the
     * client does not repeat after a failure (one that may have been acted on): the outcome stands, and counts as a last
     * attempt answered so would — a 502, 503 or 504 towards an outage.
     */
    public void answeredFinally(int status, String retryAfter) {
        sent = true;
        if (status >= 200 && status < 300) policy.breaker().succeeded();
        else if (policy.transientStatuses().test(status)) {
            transientFailure("answered " + status, retryAfter, OUTAGE_STATUSES.contains(status), false);
        }
    }

    private Next transientFailure(String said, String retryAfter, boolean outage) {
        return transientFailure(said, retryAfter, outage, true);
    }

    /**
     * A transient failure: repeated while attempts and waits allow, else final, and then one more towards an outage. A
     * probe through an open breaker is not repeated: the next one comes {@link Constants#RETRY_OUTAGE_PROBE} later, or
     * when the server's {@code Retry-After} says, if that is later.
     *
     * @param outage     whether the failure, when final, counts towards an outage: not an answer a live server sends
     * @param repeatable whether the client would repeat the request; when not, the failure is final
     */
    private Next transientFailure(String said, String retryAfter, boolean outage, boolean repeatable) {
        Next next = repeatable ? afterTransientFailure(said, retryAfter) : finalFailure();
        if (next instanceof Retry) return next;
        Instant now = policy.clock().instant();
        Optional<Duration> asked = RetryAfter.parse(retryAfter, now);
        // The last attempt's answer, or a probe's, holds the client as an earlier attempt's would: a server asking for an
        // hour is not asked by the next test a moment later.
        if (next instanceof Final) {
            asked.filter(this::beyondLongestWait).ifPresent(wait -> hold(retryAfter, now, wait, beyondLongestWait(said, wait)));
        }
        if (outage) {
            Phrase cause = Phrase.of(what + " " + said);
            policy.breaker().failed(now, policy.ticker().nanos(),
                    failures > 1 ? cause.and(" (").varying(failures, "<n>").and(" attempts)") : cause, asked.orElse(Duration.ZERO));
        }
        return next;
    }

    private Next afterTransientFailure(String said, String retryAfter) {
        if (++failures >= policy.maxAttempts() || probe) return FINAL;
        Optional<Duration> asked = RetryAfter.parse(retryAfter, policy.clock().instant());
        if (asked.isPresent() && beyondLongestWait(asked.get())) {
            GiveUp giveUp = new GiveUp(beyondLongestWait(said, asked.get()), delivery());
            holdBeyondLongestWait(retryAfter, giveUp);
            return giveUp;
        }
        return withinDeadline(new Retry(asked.orElseGet(() -> policy.backoff().delay(failures)), what + " " + said));
    }

    private Next finalFailure() {
        failures++;
        return FINAL;
    }

    private boolean beyondLongestWait(Duration asked) {
        return asked.compareTo(policy.longestWait()) > 0;
    }

    /** Why a request that {@code said} so is not waited for: the server asked for {@code asked}, beyond the longest wait. */
    private Phrase beyondLongestWait(String said, Duration asked) {
        return Phrase.of(what + " " + said + " and asked to retry after ").varying(asked.toSeconds() + " s", "<wait>")
                .and(", longer than the " + policy.longestWait().toSeconds() + " s a request waits (" + Constants.RETRY_LONGEST_WAIT + ")");
    }

    /** A {@code Retry-After} beyond the longest wait holds every request of the client until then, not this one only. */
    private void holdBeyondLongestWait(String retryAfter, GiveUp giveUp) {
        Instant now = policy.clock().instant();
        RetryAfter.parse(retryAfter, now).filter(asked -> asked.compareTo(policy.longestWait()) > 0)
                .ifPresent(asked -> hold(retryAfter, now, asked, new Phrase(giveUp.problem(), giveUp.recorded())));
    }

    /**
     * Holds every request of the client for the {@code asked} wait the {@code retryAfter} header named at {@code now}: a
     * delay in seconds on the policy's ticker, so a wall clock set back meanwhile does not stretch it; an HTTP date on the
     * wall clock, which is what it names.
     */
    private void hold(String retryAfter, Instant now, Duration asked, Phrase cause) {
        if (RetryAfter.isDelay(retryAfter)) policy.hold().hold(asked, policy.ticker(), cause);
        else policy.hold().hold(now.plus(asked), cause);
    }

    /**
     * No wait is begun that would end after the deadline. Measured on the deadline's {@link Ticker}, never the wall clock:
     * a clock NTP sets back an hour mid-request would otherwise stretch the budget by that hour.
     */
    private Next withinDeadline(Next next) {
        if (!(next instanceof Retry retry) || deadline == Deadline.NONE) return next;
        Duration left = deadline.left();
        if (left.isNegative() || left.isZero()) return new GiveUp(Phrase.of(deadlineName + " is spent"), delivery());
        if (retry.delay().compareTo(left) > 0) {
            return new GiveUp(Phrase.of("next attempt due in ").varying(readable(retry.delay()), "<wait>").and(", beyond " + deadlineName),
                    delivery());
        }
        return next;
    }

    /**
     * Writes the retry to the log and waits.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the client decides what that ends
     */
    public void await(Retry retry) throws InterruptedException {
        log.add(retry.why(), retry.delay());
        policy.sleeper().sleep(retry.delay());
    }

    /** Attempts that failed transiently so far. */
    int failures() {
        return failures;
    }

    /** A wait as people write it: {@code 250 ms}, {@code 2 s}, {@code 1.5 s}. */
    public static String readable(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) return millis + " ms";
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
