package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentScores;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryAfter;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.JsonValues;
import tools.jackson.databind.JsonNode;

/**
 * The {@code simulation} backend: submits each message to the simulation API and polls its status
 * until it completes (see docs/simulation-api.md).
 */
public final class SimulationApiBackend implements Backend {

    /** The user ids the simulation API takes: {@code usr_} followed by letters and digits. */
    public static final java.util.regex.Pattern USER_ID = java.util.regex.Pattern.compile("^usr_[a-zA-Z0-9]+$");

    private final SimulationApiSettings settings;
    private final SimulationApiClient client;
    private final PollClock pollClock;
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final CompletionEstimate completion;
    private final ConcurrencyLimit limit;
    private volatile BotSchema schema;

    public SimulationApiBackend(SimulationApiSettings settings) {
        this(settings, PollClock.SYSTEM);
    }

    /** With status polling timed and waiting on {@code pollClock}: a virtual one in tests. */
    SimulationApiBackend(SimulationApiSettings settings, PollClock pollClock) {
        this.settings = settings;
        this.pollClock = pollClock;
        this.client = new SimulationApiClient(settings);
        this.completion = new CompletionEstimate(settings.polling().initialDelay(), Duration.ofMillis(1));
        this.limit = new ConcurrencyLimit(settings.maxConcurrency());
    }

    @Override
    public boolean answersRichContent() {
        return false;
    }

    @Override
    public Optional<java.util.regex.Pattern> userIdPattern() {
        return Optional.of(USER_ID);
    }

    @Override
    public String name() {
        return "simulation";
    }

    /**
     * Fetched once; a 403 on the info endpoint means the OAuth client lacks {@code bot:read}. A
     * server without the info endpoint (404) is still tested, its flows and intents unknown; one
     * without the entities endpoint, its entities unknown (expectations naming them are then not
     * checked before submission).
     *
     * <p>The first submission waits for the schema (the preflight needs it), so the two reads go out
     * together once the token is there, rather than one after the other. The token comes first,
     * fetched once for both; an info endpoint that fails is reported as when it was read first.
     */
    @Override
    public synchronized BotSchema schema() {
        if (schema != null) return schema;
        client.token();
        FutureTask<Entities> entities = new FutureTask<>(this::entities);
        Thread reader = new Thread(entities, "cognigy-schema-entities");
        reader.setDaemon(true);
        reader.start();
        List<String> unknown = new ArrayList<>();
        JsonNode described;
        Entities read;
        try {
            SimulationApiClient.Exchange infoRead = SimulationApiClient.Exchange.outsideSimulations();
            SimulationApiClient.Answer info = client.get(client.url("api/bot/info"), infoRead);
            if (info.code() == 403) {
                throw new BackendException(Kind.PERMISSION, "the OAuth client lacks scope bot:read (GET /api/bot/info answered 403);"
                        + " grant it the scopes " + settings.scope());
            }
            if (info.code() == 404) unknown.add("flows and intents unknown (GET /api/bot/info answered 404)");
            else expectOk(info, "GET /api/bot/info", infoRead);
            described = info.code() == 404 ? null : info.body();
            read = await(entities);
        } finally {
            // The info read failed, or the run was cancelled while it waited: the entities read is no longer wanted, and its
            // retries must not go on sending after the run has stopped. Done already, this does nothing.
            entities.cancel(true);
        }
        read.unknown().ifPresent(unknown::add);
        schema = new BotSchema(read.names(), names(described, "flows", "id"), names(described, "intents", null), unknown)
                .withKnownFlows(namedFlows(described));
        return schema;
    }

    /** The bot's entity names, or why they are unknown. */
    private record Entities(Optional<Set<String>> names, Optional<String> unknown) {
    }

    private Entities entities() {
        SimulationApiClient.Exchange read = SimulationApiClient.Exchange.outsideSimulations();
        SimulationApiClient.Answer entities = client.get(client.url("api/bot/entities"), read);
        if (entities.code() == 404) {
            return new Entities(Optional.empty(), Optional.of("entities unknown (GET /api/bot/entities answered 404), so expectations"
                    + " naming entities were not checked before submission"));
        }
        expectOk(entities, "GET /api/bot/entities", read);
        if (entities.body() == null || !entities.body().isArray()) {
            throw new BackendException(Kind.PROTOCOL, "GET /api/bot/entities did not answer a list");
        }
        Set<String> names = new LinkedHashSet<>();
        entities.body().forEach(e -> {
            if (e.path("name").isString()) names.add(e.path("name").stringValue());
        });
        return new Entities(Optional.of(names), Optional.empty());
    }

    /** What the entities read came to, its failure rethrown here, in the thread that asked for the schema. */
    private static Entities await(FutureTask<Entities> entities) {
        try {
            return entities.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("GET /api/bot/entities abandoned: the waiting thread was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The flows {@code GET /api/bot/info} gives a display {@code name} besides their {@code id}. */
    private static List<BotSchema.KnownFlow> namedFlows(JsonNode info) {
        List<BotSchema.KnownFlow> named = new ArrayList<>();
        JsonNode list = info == null ? null : info.path("flows");
        if (list == null || !list.isArray()) return named;
        list.forEach(flow -> {
            String id = flow.path("id").isString() ? flow.path("id").stringValue() : null;
            String name = flow.path("name").isString() ? flow.path("name").stringValue() : null;
            if (id != null && name != null && !name.isBlank() && !name.equals(id)) named.add(new BotSchema.KnownFlow(id, name, List.of(id)));
        });
        return named;
    }

    private static Optional<Set<String>> names(JsonNode info, String field, String key) {
        JsonNode list = info == null ? null : info.path(field);
        if (list == null || !list.isArray()) return Optional.empty();
        Set<String> names = new LinkedHashSet<>();
        list.forEach(item -> {
            JsonNode name = key == null || item.isString() ? item : item.path(key);
            if (name.isString()) names.add(name.stringValue());
        });
        return Optional.of(names);
    }

    @Override
    public TurnResult send(TurnRequest request) {
        SimulationApiClient.Exchange exchange = new SimulationApiClient.Exchange(new RetryLog(), limit.acquire());
        boolean completed = false;
        try {
            TurnResult result = simulate(request, exchange);
            completed = true;
            return result;
        } catch (BackendException e) {
            throw e.withRetries(exchange.log());
        } finally {
            exchange.permit().release(completed);
        }
    }


    private TurnResult simulate(TurnRequest request, SimulationApiClient.Exchange exchange) {
        if (request.text() == null) {
            // The simulation API's input is text only: sent without one, the server refuses it with a bare 400.
            throw new BackendException(Kind.CONFIGURATION, "a data-only message (data without text) cannot be sent through the"
                    + " simulation API, whose input is text only: run it with cognigy.backend=endpoint (a REST Endpoint"
                    + " takes data without text; with cognigy.sandbox.bot, the sandbox's own), or give the message a text")
                    .withMessageUnsent();
        }
        if (!request.injectContext().isEmpty()) {
            // The request has a message's text and data only: sent without the context, the flow would answer as if the
            // session had none, and the test would fail (or pass) for a reason it does not show.
            throw new BackendException(Kind.CONFIGURATION, "test " + request.testId() + " injects Cognigy context (inject_context with "
                    + String.join(", ", new java.util.TreeSet<>(request.injectContext().keySet())) + "), but the simulation API cannot set a session's"
                    + " context: its request carries a message's text and data only. Run it with cognigy.backend=endpoint,"
                    + " which injects it through the management API (with cognigy.sandbox.bot, the sandbox's own), or send"
                    + " the values as the message's data instead. Nothing was sent for this test").withMessageUnsent();
        }
        byte[] body = JsonValues.object(client.json(), json -> {
            json.writeStringProperty("userId", request.userId());
            json.writeStringProperty("platform", request.platform());
            json.writeName("input");
            json.writeStartObject();
            json.writeStringProperty("text", request.text());
            json.writeEndObject();
            json.writeName("context");
            JsonValues.write(json, request.data());
            json.writeStringProperty("testId", request.testId());
            if (request.sessionId() != null) json.writeStringProperty("sessionId", request.sessionId());
        });
        SimulationApiClient.Answer submitted = client.post(client.url("api/bot/simulate"), body, request.idempotencyKey(), exchange);
        long submittedAt = pollClock.nanoTime();
        submissions.incrementAndGet();
        if (submitted.code() == 404) {
            // The path the bot is asked at names nothing: cognigy.base-url is not the simulation API's, whatever the message.
            throw new BackendException(Kind.CONFIGURATION, refusal(submitted, "POST /api/bot/simulate").getMessage()
                    + " (no simulation API at cognigy.base-url=" + dev.botsim.cognigy.engine.support.ShownUrl.of(settings.baseUrl()) + ")");
        }
        if (submitted.code() != 200 && submitted.code() != 201 && submitted.code() != 202) {
            throw refusal(submitted, "POST /api/bot/simulate");
        }
        JsonNode id = submitted.body() == null ? null : submitted.body().path("simulationId");
        if (id == null || !id.isString()) {
            throw new BackendException(Kind.PROTOCOL, "POST /api/bot/simulate answered without a simulationId");
        }
        String simulationId = id.stringValue();
        try {
            return awaited(request, exchange, submitted, simulationId, submittedAt);
        } catch (BackendException e) {
            // The id is this submission's: a record of the failure names it as such, so an unchanged bot recorded again
            // writes the same bytes.
            throw e.varying(simulationId, "<simulation id>");
        }
    }

    /** The submitted simulation's result, polled for until it completes or the polling timeout is spent. */
    private TurnResult awaited(TurnRequest request, SimulationApiClient.Exchange exchange, SimulationApiClient.Answer submitted,
                               String simulationId, long submittedAt) {
        AtomicReference<JsonNode> last = new AtomicReference<>(submitted.body());
        AtomicInteger statusPolls = new AtomicInteger();
        AtomicReference<Duration> lastPending = new AtomicReference<>();
        AtomicReference<Duration> serverAsked = new AtomicReference<>(Duration.ZERO);
        Duration firstPoll = completion.firstPoll();
        // The calling thread polls: no extra thread per simulation in flight. An interrupt (the run
        // was cancelled) ends the wait between polls at once with BackendInterruptedException.
        boolean completed = InterruptiblePolling.until(pollClock, firstPoll,
                new GrowingPollInterval(completion.step(), settings.polling().maxInterval(), serverAsked::get),
                // cognigy.poll.timeout counts from submission, as documented and as the TIMEOUT message says: the first
                // poll's wait is part of it, or a learned first poll of 20 s would let a 30 s timeout run to 50 s.
                settings.polling().timeout(), () -> {
                    statusPolls.incrementAndGet();
                    polls.incrementAndGet();
                    SimulationApiClient.Answer answer = status(simulationId, request.testId(), exchange);
                    last.set(answer.body());
                    Duration elapsed = Duration.ofNanos(pollClock.nanoTime() - submittedAt);
                    if (isTerminal(answer.body())) {
                        completion.observe(lastPending.get(), elapsed, limit.state().inFlight());
                        return true;
                    }
                    lastPending.set(elapsed);
                    // A pending status may say when to look again; polling sooner only costs requests. The
                    // longest interval still bounds it: it is how late the user accepts to see a result.
                    serverAsked.set(RetryAfter.parse(answer.retryAfter(), settings.clock().instant())
                            .map(asked -> asked.compareTo(settings.polling().maxInterval()) <= 0 ? asked : settings.polling().maxInterval())
                            .orElse(Duration.ZERO));
                    return false;
                });
        if (!completed) {
            // How many polls fitted in the timeout depends on the run's pace: a record of the timeout leaves it out.
            String polled = " after " + statusPolls.get() + " polls";
            throw new BackendException(Kind.TIMEOUT, "simulation " + simulationId + " did not complete within "
                    + Retries.readable(settings.polling().timeout())
                    + " (cognigy.poll.timeout); last status: "
                    + last.get().path("status").asString("unknown") + polled).varying(polled, "");
        }
        JsonNode result = last.get();
        String sessionId = result.path("sessionId").isString() ? result.path("sessionId").stringValue()
                : submitted.body().path("sessionId").asString(request.sessionId());
        List<BotTurn> turns = turns(result);
        boolean failed = result.path("status").stringValue().equals("failed");
        String failure = failed && turns.stream().noneMatch(BotTurn::hasError) ? reason(result.path("error")) : null;
        return new TurnResult(simulationId, sessionId, result.path("status").stringValue(), turns, failure,
                exchange.log().events(), statusPolls.get(), false, null, outputsUnknown(result));
    }

    /**
     * Whether a turn says its text but not what its outputs were: a text of several lines without {@code outputTexts}, whose
     * lines are then taken for the outputs, two of which may have been one ({@link TurnResult#outputsUnknown()}).
     */
    private static boolean outputsUnknown(JsonNode result) {
        for (JsonNode turn : result.path("turns")) {
            if (outputTexts(turn) == null && turn.path("text").isString() && turn.path("text").stringValue().contains("\n")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a simulation failed, from its {@code error} in whatever shape it came: an object (the
     * documented {@code code} and {@code message}), a bare string, or nothing at all. A failed
     * simulation always has a reason, so it can never be mistaken for an answer.
     */
    private static String reason(JsonNode error) {
        String code = error.isObject() ? text(error, "code") : null;
        String message = error.isObject() ? text(error, "message") : error.isString() ? error.stringValue() : null;
        String said = java.util.stream.Stream.of(code, message).filter(s -> s != null && !s.isBlank())
                .collect(java.util.stream.Collectors.joining(": "));
        return said.isEmpty() ? "the server gave no reason"
                : SimulationApiClient.snippet(said);
    }

    private SimulationApiClient.Answer status(String simulationId, String testId, SimulationApiClient.Exchange exchange) {
        SimulationApiClient.Answer answer = client.get(client.url("api/bot/simulation/" + simulationId), exchange);
        if (answer.code() != 200) throw refusal(answer, "GET /api/bot/simulation/" + simulationId);
        if (answer.body() == null || !answer.body().isObject()) {
            throw new BackendException(Kind.PROTOCOL, "GET /api/bot/simulation/" + simulationId + " answered HTTP 200 without a"
                    + " status object: " + (answer.body() == null ? "no body" : SimulationApiClient.snippet(answer.body().toString())));
        }
        // A status naming another simulation or test (a cache or proxy mixing answers up, a server
        // bug) is not this test's result, whatever it says; fields left out are not checked.
        String otherSimulation = other(answer.body().path("simulationId"), simulationId);
        String otherTest = other(answer.body().path("testId"), testId);
        if (otherSimulation != null || otherTest != null) {
            throw new BackendException(Kind.PROTOCOL, "GET /api/bot/simulation/" + simulationId + " answered for "
                    + (otherSimulation != null ? "another simulation (simulationId '" + otherSimulation + "')"
                    : "another test (testId '" + otherTest + "')") + ", not for simulation " + simulationId + " of test "
                    + testId + ": a protocol error, not this test's result");
        }
        String status = answer.body().path("status").asString("");
        if (!List.of("queued", "running", "completed", "failed").contains(status)) {
            throw new BackendException(Kind.PROTOCOL, "simulation " + simulationId + " has an unknown status '"
                    + status.substring(0, Math.min(40, status.length())) + "'");
        }
        return answer;
    }

    /** The value of a field naming something other than {@code expected}, cut short; {@code null} when it names it or is absent. */
    private static String other(JsonNode named, String expected) {
        if (named.isMissingNode() || named.isNull()) return null;
        String value = named.isString() ? named.stringValue() : named.toString();
        return value.equals(expected) ? null : value.substring(0, Math.min(40, value.length()));
    }

    private static boolean isTerminal(JsonNode status) {
        String value = status.path("status").asString("");
        return value.equals("completed") || value.equals("failed");
    }

    private static List<BotTurn> turns(JsonNode result) {
        List<BotTurn> turns = new ArrayList<>();
        JsonNode list = result.path("turns");
        if (!list.isArray()) return turns;
        int index = 0;
        for (JsonNode t : list) {
            Map<String, Object> entities = new LinkedHashMap<>();
            if (t.path("entities").isObject()) {
                t.path("entities").properties().forEach(e -> entities.put(e.getKey(), scalar(e.getValue())));
            }
            // A turnIndex below 0 is no turn's: numbered by its place, as a turn without one, so the live answer says the
            // index its recording and the replay of it say.
            boolean indexed = t.path("turnIndex").isInt() && t.path("turnIndex").intValue() >= 0;
            turns.add(new BotTurn(indexed ? t.path("turnIndex").intValue() : index,
                    text(t, "flowId"), text(t, "intent"),
                    IntentScores.checked(t.path("intentScore").isNumber() ? t.path("intentScore").doubleValue() : Double.NaN,
                            "the simulation's turn " + index),
                    entities, text(t, "text"), text(t, "errorCode"), text(t, "errorMessage"), null, List.of(), List.of(), List.of(),
                    List.of(), outputTexts(t)));
            index++;
        }
        return turns;
    }

    /**
     * A turn's {@code outputTexts}, each output's text whole; {@code null} — each line of its text taken for an output —
     * when it gives none, or gives them as anything but a list of texts.
     */
    private static List<String> outputTexts(JsonNode turn) {
        JsonNode texts = turn.path("outputTexts");
        if (!texts.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode text : texts) {
            if (!text.isString()) return null;
            out.add(text.stringValue());
        }
        return out;
    }

    private static Object scalar(JsonNode value) {
        if (value.isNumber()) return value.numberValue();
        if (value.isBoolean()) return value.booleanValue();
        if (value.isString()) return value.stringValue();
        return value.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    /** A read outside any test (the schema's at the run's start): its failure carries the retries made for it. */
    private static void expectOk(SimulationApiClient.Answer answer, String call, SimulationApiClient.Exchange read) {
        if (answer.code() != 200) throw refusal(answer, call).withRetries(read.log());
    }

    private static BackendException refusal(SimulationApiClient.Answer answer, String call) {
        int code = answer.code();
        Kind kind = code == 401 ? Kind.AUTHENTICATION : code == 403 ? Kind.PERMISSION
                : code == 429 || code >= 500 ? Kind.TRANSPORT : Kind.REJECTED;
        String detail = answer.body() != null && answer.body().path("message").isString()
                ? ": " + SimulationApiClient.snippet(answer.body().path("message").stringValue())
                : "";
        return new BackendException(kind, call + " answered HTTP " + code + detail);
    }

    /** Requests made so far, for tests and benchmarks. */
    public Counters counters() {
        ConcurrencyLimit.State state = limit.state();
        return new Counters(client.tokenFetches(), submissions.get(), polls.get(), client.retries(), client.rateLimited(),
                state.cuts(), state.lowest(), state.limit());
    }

    /**
     * Requests made by this backend and what its concurrency limit did: token requests,
     * submissions, status polls, retries, 429s met, cuts of the limit, its lowest and current value.
     */
    public record Counters(int tokenRequests, int submissions, int polls, int retries, int rateLimited, long limitCuts,
                           int lowestLimit, int limit) {
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return Optional.of(limit.state());
    }

    /** The project's sandbox, when the simulation API's answers said they came from it. */
    @Override
    public java.util.Optional<String> standIn() {
        return client.sandboxSeen();
    }

    @Override
    public void close() {
        client.close();
    }
}
