package dev.botsim.cognigy.sandbox;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a running sandbox, for tests and benchmarks (also {@code GET /_sandbox/stats}). */
public final class SandboxStats {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder duplicateSubmissions = new LongAdder();
    private final LongAdder simulationsCreated = new LongAdder();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final LagHistogram completionLag = new LagHistogram();

    void request(String kind) {
        requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
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

    /** A status answer reported a simulation terminal for the first time, this long after it completed. */
    void completionDetected(long lagMillis) {
        completionLag.record(lagMillis);
    }

    void inFlight(int now) {
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    /** Requests by kind: token, info, entities, submit, status, endpoint. */
    public long requests(String kind) {
        LongAdder adder = requests.get(kind);
        return adder == null ? 0 : adder.sum();
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
        all.put("peakInFlight", peakInFlight());
        all.put("inFlight", inFlightNow);
        all.put("completionsDetected", completionsDetected());
        all.put("completionLagMedianMs", boxed(completionLagMillis(0.5)));
        all.put("completionLagP90Ms", boxed(completionLagMillis(0.9)));
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
        peakInFlight.set(0);
        completionLag.reset();
    }
}
