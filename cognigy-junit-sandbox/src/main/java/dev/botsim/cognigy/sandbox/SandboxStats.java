package dev.botsim.cognigy.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a running sandbox, for tests and benchmarks (also {@code GET /_sandbox/stats}). */
public final class SandboxStats {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder duplicateSubmissions = new LongAdder();
    private final LongAdder simulationsCreated = new LongAdder();
    private final LongAdder socketAcksMissed = new LongAdder();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger peakPlaybookExecutions = new AtomicInteger();
    private final LongAdder playbookTasksScheduled = new LongAdder();
    private final LongAdder playbookTasksCancelled = new LongAdder();
    private final LagHistogram completionLag = new LagHistogram();
    private final Map<String, Span> requestTimes = new ConcurrentHashMap<>();
    private final Span completionsDetectedAt = new Span();

    /** When something first and last happened, in microseconds since the epoch; lock-free for the hot path. */
    private static final class Span {
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        void at(Instant time) {
            long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
            first.accumulateAndGet(micros, Math::min);
            last.accumulateAndGet(micros, Math::max);
        }

        void reset() {
            first.set(Long.MAX_VALUE);
            last.set(Long.MIN_VALUE);
        }

        Optional<Instant> first() {
            return instant(first.get(), Long.MAX_VALUE);
        }

        Optional<Instant> last() {
            return instant(last.get(), Long.MIN_VALUE);
        }

        private static Optional<Instant> instant(long micros, long none) {
            return micros == none ? Optional.empty()
                    : Optional.of(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000));
        }
    }

    void request(String kind, Instant at) {
        requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
        requestTimes.computeIfAbsent(kind, k -> new Span()).at(at);
    }

    void countTooManyRequests() {
        tooManyRequests.increment();
    }

    void countServerError() {
        serverErrors.increment();
    }

    void countDropped() {
        dropped.increment();
    }

    void duplicateSubmission() {
        duplicateSubmissions.increment();
    }

    void simulationCreated() {
        simulationsCreated.increment();
    }

    /** A status answer at {@code at} reported a simulation terminal for the first time, this long after it completed. */
    void completionDetected(long lagMillis, Instant at) {
        completionLag.record(lagMillis);
        completionsDetectedAt.at(at);
    }

    void inFlight(int now) {
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    /**
     * Requests by kind: token, info, entities, submit, status, endpoint, socket (a Socket Endpoint's {@code processInput}),
     * management, and nlu-scores (the management
     * API's {@code POST projects/{id}/nlu/scores}, not counted under management).
     */
    public long requests(String kind) {
        LongAdder adder = requests.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * When the first request of this kind arrived (sandbox clock, microseconds); empty before any.
     * With {@link #lastRequest} it places a client's phases on a timeline: the token, the schema
     * reads, the first and last submission.
     */
    public Optional<Instant> firstRequest(String kind) {
        Span span = requestTimes.get(kind);
        return span == null ? Optional.empty() : span.first();
    }

    /** When the last request of this kind so far arrived; empty before any. */
    public Optional<Instant> lastRequest(String kind) {
        Span span = requestTimes.get(kind);
        return span == null ? Optional.empty() : span.last();
    }

    /** When the last status answer so far reported a simulation complete (or failed) for the first time; empty before any. */
    public Optional<Instant> lastCompletionDetected() {
        return completionsDetectedAt.last();
    }

    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    public long serverErrors() {
        return serverErrors.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long duplicateSubmissions() {
        return duplicateSubmissions.sum();
    }

    public long simulationsCreated() {
        return simulationsCreated.sum();
    }

    void socketAckMissed() {
        socketAcksMissed.increment();
    }

    /**
     * Outputs of the Socket Endpoint sent asking to be acknowledged ({@code emitWithAck=true}) whose acknowledgement did
     * not come within its wait (about 2 s, as a tenant's endpoint waits): a tenant takes each for undelivered.
     */
    public long socketAcksMissed() {
        return socketAcksMissed.sum();
    }

    /** Records that {@code now} Playbook executions are running. */
    void playbookExecutions(int now) {
        peakPlaybookExecutions.accumulateAndGet(now, Math::max);
    }

    /** The most Playbook executions that ran at once (the tenant's cap is 10). */
    public int peakPlaybookExecutions() {
        return peakPlaybookExecutions.get();
    }

    void playbookTaskScheduled() {
        playbookTasksScheduled.increment();
    }

    void playbookTaskCancelled() {
        playbookTasksCancelled.increment();
    }

    /** Playbook tasks scheduled ({@code POST playbooks/{id}/schedule} answered with a task). */
    public long playbookTasksScheduled() {
        return playbookTasksScheduled.sum();
    }

    /** Playbook tasks a cancel request stopped while they were queued or running. */
    public long playbookTasksCancelled() {
        return playbookTasksCancelled.sum();
    }

    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** Simulations whose completion (or failure) a status answer has reported. */
    public long completionsDetected() {
        return completionLag.count();
    }

    /**
     * How long after a simulation completed on the server the first status answer reported it
     * completed or failed, at this quantile (0.5 median, 0.9 p90) of all detected completions;
     * empty before any. Milliseconds of the sandbox's clock, exact below 256 ms and within 1 % above.
     * Only status polls count: a submission answer carries no turns, so it does not deliver the result.
     */
    public OptionalLong completionLagMillis(double quantile) {
        return completionLag.quantile(quantile);
    }

    /** All counters, as {@code GET /_sandbox/stats} shows them. */
    public Map<String, Object> snapshot(int inFlightNow) {
        Map<String, Object> all = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        requests.forEach((k, v) -> byKind.put(k, v.sum()));
        all.put("requests", byKind);
        all.put("tooManyRequests", tooManyRequests());
        all.put("serverErrors", serverErrors());
        all.put("dropped", dropped());
        all.put("duplicateSubmissions", duplicateSubmissions());
        all.put("simulationsCreated", simulationsCreated());
        all.put("socketAcksMissed", socketAcksMissed());
        all.put("peakInFlight", peakInFlight());
        all.put("peakPlaybookExecutions", peakPlaybookExecutions());
        all.put("playbookTasksScheduled", playbookTasksScheduled());
        all.put("playbookTasksCancelled", playbookTasksCancelled());
        all.put("inFlight", inFlightNow);
        all.put("completionsDetected", completionsDetected());
        all.put("completionLagMedianMs", boxed(completionLagMillis(0.5)));
        all.put("completionLagP90Ms", boxed(completionLagMillis(0.9)));
        Map<String, Map<String, String>> times = new TreeMap<>();
        requestTimes.forEach((kind, span) -> {
            Map<String, String> firstAndLast = new TreeMap<>();
            span.first().ifPresent(t -> firstAndLast.put("first", t.toString()));
            span.last().ifPresent(t -> firstAndLast.put("last", t.toString()));
            times.put(kind, firstAndLast);
        });
        all.put("requestTimes", times);
        all.put("lastCompletionDetected", completionsDetectedAt.last().map(Instant::toString).orElse(null));
        return all;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    void reset() {
        requests.clear();
        tooManyRequests.reset();
        serverErrors.reset();
        dropped.reset();
        duplicateSubmissions.reset();
        simulationsCreated.reset();
        socketAcksMissed.reset();
        peakInFlight.set(0);
        peakPlaybookExecutions.set(0);
        playbookTasksScheduled.reset();
        playbookTasksCancelled.reset();
        completionLag.reset();
        requestTimes.clear();
        completionsDetectedAt.reset();
    }
}
