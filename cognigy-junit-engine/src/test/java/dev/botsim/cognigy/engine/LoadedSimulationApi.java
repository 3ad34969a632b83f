package dev.botsim.cognigy.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A simulation API under load, for fault tests that count: every submission is its own simulation
 * (one per idempotency key), complete once its processing time has passed, and the server itself
 * counts requests, refusals and simulations in flight (accepted, not yet seen complete), with
 * their peak. With a capacity it refuses submissions while that many are in flight, as a server
 * smaller than the client's limit does.
 */
public final class LoadedSimulationApi extends Dispatcher {

    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seenDone = new ConcurrentHashMap<>();
    private final long processingNanos;
    /** Whether to refuse this call with 429 (no Retry-After); asked for every call but the token's. */
    public volatile BooleanSupplier refuse = () -> false;
    private volatile int holdUntilInFlight;
    private volatile long holdDeadlineNanos = Long.MAX_VALUE;
    private volatile long firstSubmission = Long.MAX_VALUE / 2;
    /**
     * Whether to lose the answer to this submission after acting on it (the simulation is created, or found by its
     * Idempotency-Key, and the connection closes before the answer): asked for every submission.
     */
    public volatile BooleanSupplier loseAnswer = () -> false;
    /** Submissions whose answer was lost after the server acted on them. */
    public final AtomicInteger answersLost = new AtomicInteger();
    /** Most simulations in flight at once: a submission beyond it is refused with 429 (no Retry-After). */
    public volatile int capacity = Integer.MAX_VALUE;

    public LoadedSimulationApi(java.time.Duration processing) {
        this.processingNanos = processing.toNanos();
    }

    /**
     * Keeps every simulation running until {@code inFlight} of them have been in flight at once, or
     * until {@code atMost} after the first submission: a test of the peak then does not depend on how
     * fast a busy machine submits the first wave compared to the processing time.
     */
    public LoadedSimulationApi holdUntilInFlight(int inFlight, java.time.Duration atMost) {
        this.holdUntilInFlight = inFlight;
        this.holdDeadlineNanos = atMost.toNanos();
        return this;
    }

    private boolean held() {
        return peakInFlight.get() < holdUntilInFlight && System.nanoTime() < firstSubmission + holdDeadlineNanos;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/api/oauth/token")) {
            return json(200, "{\"access_token\":\"tok-load\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
        }
        if (path.equals("/api/bot/info")) {
            return json(200, "{\"name\":\"load-bot\",\"flows\":[{\"id\":\"flow_greeting\",\"deployed\":true}],\"intents\":[\"greeting\"]}");
        }
        if (path.equals("/api/bot/entities")) return json(200, "[]");
        requests.incrementAndGet();
        if (refuse.getAsBoolean()) {
            refused.incrementAndGet();
            return json(429, "{\"error\":\"rate_limited\"}");
        }
        if (path.equals("/api/bot/simulate")) {
            String key = request.getHeaders().get("Idempotency-Key");
            String id;
            synchronized (byKey) {
                id = byKey.get(key);
                if (id == null && inFlight.get() >= capacity) {
                    refused.incrementAndGet();
                    return json(429, "{\"error\":\"capacity\"}");
                }
                if (id == null) {
                    id = "sim_" + created.incrementAndGet();
                    if (id.equals("sim_1")) firstSubmission = System.nanoTime();
                    readyAt.put(id, System.nanoTime() + processingNanos);
                    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    byKey.put(key, id);
                }
            }
            if (loseAnswer.getAsBoolean()) {
                answersLost.incrementAndGet();
                return new MockResponse.Builder().code(202).onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build();
            }
            return json(202, "{\"simulationId\":\"" + id + "\",\"status\":\"queued\",\"sessionId\":\"ses_" + id + "\"}");
        }
        String id = path.substring(path.lastIndexOf('/') + 1);
        Long ready = readyAt.get(id);
        if (ready == null) return json(404, "{\"error\":\"not_found\"}");
        if (System.nanoTime() < ready || held()) {
            return json(200, "{\"simulationId\":\"" + id + "\",\"status\":\"running\",\"turns\":[]}");
        }
        if (seenDone.putIfAbsent(id, true) == null) inFlight.decrementAndGet();
        return json(200, "{\"simulationId\":\"" + id + "\",\"sessionId\":\"ses_" + id + "\",\"status\":\"completed\",\"turns\":"
                + "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"intentScore\":0.9,\"entities\":{},"
                + "\"text\":\"Hello!\"}]}");
    }
}
