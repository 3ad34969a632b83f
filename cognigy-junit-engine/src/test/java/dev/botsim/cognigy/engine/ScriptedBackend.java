package dev.botsim.cognigy.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/**
 * A bot answering from a fixed script, recording every request, for tests of discovery and
 * execution that are not about HTTP.
 */
class ScriptedBackend implements Backend {

    final List<TurnRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger schemaCalls = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peakInFlight = new AtomicInteger();
    private final Map<String, BotTurn> answers = new ConcurrentHashMap<>();
    private final List<Map.Entry<java.util.function.Predicate<TurnRequest>, BotTurn>> rules = new CopyOnWriteArrayList<>();
    private volatile Optional<String> missingNluDataHint = Optional.empty();
    private volatile long delayMillis;
    private volatile MutableClock clock;
    private volatile java.time.Duration answerTime = java.time.Duration.ZERO;
    private volatile Optional<java.util.regex.Pattern> userIds = Optional.empty();

    /** Answers requests that {@code when} accepts with {@code turn}, before the fixed script (data-only ones too). */
    ScriptedBackend answering(java.util.function.Predicate<TurnRequest> when, BotTurn turn) {
        rules.add(Map.entry(when, turn));
        return this;
    }

    /** Fails requests that {@code when} accepts with {@code failure}: the bot or its API not answering them. */
    ScriptedBackend failing(java.util.function.Predicate<TurnRequest> when, dev.botsim.cognigy.engine.backend.BackendException failure) {
        failures.add(Map.entry(when, failure));
        return this;
    }

    private final List<Map.Entry<java.util.function.Predicate<TurnRequest>, dev.botsim.cognigy.engine.backend.BackendException>> failures =
            new CopyOnWriteArrayList<>();

    /** Accepts the {@code n}th request with this text, from 1: a bot that answers one of several runs differently. */
    static java.util.function.Predicate<TurnRequest> nthAsking(String text, int n) {
        AtomicInteger seen = new AtomicInteger();
        return request -> text.equals(request.text()) && seen.incrementAndGet() == n;
    }

    /** The texts sent, by session, sessions in the order first seen: what each session heard. */
    Map<String, List<String>> textsBySession() {
        return requests.stream().collect(java.util.stream.Collectors.groupingBy(TurnRequest::sessionId,
                java.util.LinkedHashMap::new, java.util.stream.Collectors.mapping(TurnRequest::text,
                        java.util.stream.Collectors.toList())));
    }

    /** Answers this text with {@code turn}. */
    ScriptedBackend answering(String text, BotTurn turn) {
        answers.put(text, turn);
        return this;
    }

    /** Behaves as a backend whose bot may not report NLU data, with this advice. */
    ScriptedBackend withMissingNluDataHint(String hint) {
        this.missingNluDataHint = Optional.of(hint);
        return this;
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return missingNluDataHint;
    }

    /** Behaves as a backend taking only the user ids {@code pattern} matches, as the simulation API takes only usr_... */
    ScriptedBackend takingOnlyUserIds(java.util.regex.Pattern pattern) {
        this.userIds = Optional.of(pattern);
        return this;
    }

    @Override
    public Optional<java.util.regex.Pattern> userIdPattern() {
        return userIds;
    }

    /** Makes every answer take this long, to observe concurrency. */
    ScriptedBackend withDelay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Makes every answer take {@code answerTime} on {@code clock}, a virtual clock the run reads too: no real waiting. */
    ScriptedBackend answeringAfter(java.time.Duration answerTime, MutableClock clock) {
        this.answerTime = answerTime;
        this.clock = clock;
        return this;
    }

    ScriptedBackend() {
        answer("hello there", "greeting", "flow_greeting", Map.of(), "Hello! How can I help?");
        answer("hello", "greeting", "flow_greeting", Map.of(), "Hello! How can I help?");
        answer("hi", "greeting", "flow_greeting", Map.of(), "Hello! How can I help?");
        answer("where is my order ORD_99", "check_order", "flow_order_status", Map.of("order_id", "ORD_99"),
                "Let me look up your order ORD_99");
        answer("I need to check my recent order ORD_99", "check_order", "flow_order_status",
                Map.of("order_id", "ORD_99"), "Let me look up your order ORD_99");
        answer("track my package ORD_12", "check_order", "flow_order_status", Map.of("order_id", "ORD_12"),
                "Let me look up your order ORD_12");
        answer("where is my order", "check_order", "flow_order_status", Map.of(), "Sure, what is your order number?");
        answer("track my package", "check_order", "flow_order_status", Map.of(), "Sure, what is your order number?");
        answer("I want a human", "escalate", "flow_escalation", Map.of(), "Connecting you to an agent");
        answer("Transfer me to a human agent immediately", "escalate", "flow_escalation", Map.of(),
                "Connecting you to an agent");
        answers.put("I want a refund", TestTurns.turn(0, "flow_refund", "request_refund", 0.9, Map.of(), null,
                "FLOW_NOT_DEPLOYED", "flow flow_refund is not deployed"));
    }

    private void answer(String text, String intent, String flow, Map<String, Object> entities, String reply) {
        answers.put(text, TestTurns.turn(0, flow, intent, 0.93, entities, reply, null, null));
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public BotSchema schema() {
        schemaCalls.incrementAndGet();
        return new BotSchema(Optional.of(Set.of("order_id", "email")), Optional.empty(), Optional.empty());
    }

    @Override
    public TurnResult send(TurnRequest request) {
        requests.add(request);
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (delayMillis > 0) Thread.sleep(delayMillis);
            if (clock != null) clock.advance(answerTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        failures.stream().filter(f -> f.getKey().test(request)).findFirst().ifPresent(f -> {
            throw f.getValue();
        });
        BotTurn fallback = TestTurns.turn(0, "flow_fallback", null, Double.NaN, Map.of(), "Sorry, I did not get that.", null, null);
        BotTurn turn = rules.stream().filter(r -> r.getKey().test(request)).map(Map.Entry::getValue).findFirst()
                .orElseGet(() -> request.text() == null ? fallback : answers.getOrDefault(request.text(), fallback));
        String status = turn.hasError() ? "failed" : "completed";
        return new TurnResult("sim_" + requests.size(), request.sessionId() != null ? request.sessionId() : "ses_new",
                status, List.of(turn), null, List.of(), 1);
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
