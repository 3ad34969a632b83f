package dev.botsim.cognigy.engine.backend.simulation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A simulation API for protocol tests: issues tokens, answers info and entities, accepts
 * submissions and plays a scripted sequence of status answers; any path can be overridden.
 */
final class ScriptedSimulationApi extends Dispatcher {

    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger submissions = new AtomicInteger();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final Map<String, Function<RecordedRequest, MockResponse>> overrides = new ConcurrentHashMap<>();
    private final Deque<MockResponse> statuses = new ArrayDeque<>();
    private final Deque<MockResponse> submitAnswers = new ArrayDeque<>();
    volatile String validToken = "tok-1";
    volatile long expiresIn = 3600;
    /** When set, every token request issues a new token, accepted until {@link #expiresIn} seconds on this clock. */
    volatile java.time.Clock tokensExpireOn;
    private final Map<String, java.time.Instant> expiries = new ConcurrentHashMap<>();

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse status(String status, String turns) {
        return json(200, "{\"simulationId\":\"sim_1\",\"sessionId\":\"ses_a\",\"status\":\"" + status + "\",\"turns\":" + turns + "}");
    }

    synchronized ScriptedSimulationApi statuses(MockResponse... answers) {
        statuses.addAll(List.of(answers));
        return this;
    }

    synchronized ScriptedSimulationApi submitAnswers(MockResponse... answers) {
        submitAnswers.addAll(List.of(answers));
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        Function<RecordedRequest, MockResponse> override = overrides.get(path);
        if (override != null) return override.apply(request);
        if (path.equals("/api/oauth/token")) {
            int issued = tokenRequests.incrementAndGet();
            java.time.Clock clock = tokensExpireOn;
            String token = validToken;
            if (clock != null) {
                token = "tok-" + issued;
                expiries.put(token, clock.instant().plusSeconds(expiresIn));
            }
            return json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}");
        }
        if (!accepts(request.getHeaders().get("Authorization"))) {
            return new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
        switch (path) {
            case "/api/bot/info":
                return json(200, "{\"name\":\"order-bot\",\"flows\":[{\"id\":\"flow_greeting\",\"deployed\":true}],\"intents\":[\"greeting\"]}");
            case "/api/bot/entities":
                return json(200, "[{\"name\":\"order_id\",\"type\":\"pattern\"}]");
            case "/api/bot/simulate":
                submissions.incrementAndGet();
                synchronized (this) {
                    if (!submitAnswers.isEmpty()) return submitAnswers.poll();
                }
                return json(202, "{\"simulationId\":\"sim_1\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
            default:
                synchronized (this) {
                    if (statuses.size() > 1) return statuses.poll();
                    if (statuses.size() == 1) return statuses.peek();
                }
                return status("completed", "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello!\"}]");
        }
    }

    private boolean accepts(String authorization) {
        java.time.Clock clock = tokensExpireOn;
        if (clock == null) return ("Bearer " + validToken).equals(authorization);
        java.time.Instant expiry = authorization == null ? null : expiries.get(authorization.replaceFirst("^Bearer ", ""));
        return expiry != null && clock.instant().isBefore(expiry);
    }
}
