package dev.botsim.cognigy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The sandbox's HTTP side: the simulation API, the REST Endpoint, the management API and the admin endpoints. */
final class SandboxServer implements AutoCloseable {

    private static final int MAX_BODY = 1 << 20;
    /**
     * Cognigy's "Maximum Input size" (65 kB, trial tenants 1.5 MB) for one REST Endpoint message. Which bytes a tenant
     * counts is not documented; the whole request body is measured here (its userId and sessionId too), the stricter.
     */
    static final int MAX_ENDPOINT_INPUT = 65_000;
    /** Cognigy's "Maximum JSON-encoded payload size for requests to Cognigy.AI REST API" (60 kB): the management API. */
    static final int MAX_MANAGEMENT_BODY = 60_000;

    private final Conversations conversations;
    private final Tenant tenant;
    private final RestEndpoint endpoint;
    private final ManagementApi management;
    private final SandboxOptions options;
    private final String clientSecret;
    private final String urlToken;
    private final Faults faults;
    private final Playbooks playbooks;
    private final SandboxStats stats = new SandboxStats();
    private final SimulationStore store = new SimulationStore();
    private final Tokens tokens;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpServer http;
    private final SocketEndpoint socket;
    private final ExecutorService executor;
    private final Object rateLock = new Object();
    private long rateSecond;
    private int rateCount;

    static {
        // The JDK server writes headers and body as two segments; with Nagle's algorithm the second
        // waits for the client's delayed ACK, about 40 ms per request. Read once, when the server
        // classes load, so it must be set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    SandboxServer(BotDefinition bot, SandboxOptions options, String clientSecret, String urlToken, String apiKey, String socketToken)
            throws IOException {
        this.conversations = new Conversations(bot, new IntentFlips(options.flipsOf(bot), options.seed()));
        this.options = options;
        this.clientSecret = clientSecret;
        this.urlToken = urlToken;
        this.clock = options.clock();
        this.tenant = new Tenant(bot, urlToken, options.snapshot(), clock);
        this.endpoint = new RestEndpoint(tenant, options, json);
        this.faults = new Faults(options.seed(), options.processingTime());
        this.playbooks = new Playbooks(bot.bot());
        PlaybooksApi.seed(playbooks, options.playbooks(), clock, json);
        this.management = new ManagementApi(tenant, endpoint, socketToken, apiKey, clock, json, options.processingTime(), new PlaybooksApi(playbooks,
                new PlaybookRuns(playbooks, tenant, endpoint, clock, () -> faults.processingTime(), options.playbooks(), stats, json),
                tenant, clock, json));
        this.tokens = new Tokens(clock);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
        this.executor = Executors.newFixedThreadPool(options.threads(), runnable -> {
            Thread thread = new Thread(runnable, "cognigy-sandbox-http");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        // The Socket Endpoint answers from the REST Endpoint's bot and sessions, on a port of its own.
        this.socket = new SocketEndpoint(endpoint, socketToken, faults::processingTime, stats, clock, json,
                SocketEndpoint.Timing.defaults());
        try {
            startAsDaemon(http);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The port of the Socket Endpoint's WebSocket. */
    int socketPort() {
        return socket.port();
    }

    /**
     * Starts the server from a daemon thread: the JDK's server makes its dispatcher thread there, and a thread is a daemon
     * when the thread that made it is. So no thread of the sandbox keeps a JVM alive that nothing closed it in: a sandbox
     * opened at discovery (the playbooks listed from it) is closed by the run, which a launcher that only discovers — a
     * dry run, a listing of the tests — never starts.
     */
    private static void startAsDaemon(HttpServer http) {
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                http.start();
            } catch (RuntimeException e) {
                failed.set(e);
            }
        }, "cognigy-sandbox-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (starter.isAlive()) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failed.get() != null) throw failed.get();
    }

    int port() {
        return http.getAddress().getPort();
    }

    ManagementApi management() {
        return management;
    }

    Faults faults() {
        return faults;
    }

    /** The names of the project's playbooks as they are now. */
    java.util.List<String> playbookNames() {
        return playbooks.all().stream().map(Playbooks.Playbook::name).toList();
    }

    SandboxStats stats() {
        return stats;
    }

    String projectId() {
        return tenant.projectId();
    }

    int inFlight() {
        return store.inFlight(clock.instant());
    }

    private void handle(HttpExchange exchange) throws IOException {
        // The answers to errors are sent inside the try: a try-with-resources closes the exchange before its catch runs.
        try (exchange) {
            // On every answer, errors included: what tells a client that this is not a tenant (CognigySandbox.IDENTITY_HEADER).
            exchange.getResponseHeaders().set(CognigySandbox.IDENTITY_HEADER, "1");
            try {
                route(exchange);
            } catch (JacksonException e) {
                send(exchange, 400, error("invalid_request", "the body is not valid JSON"));
            } catch (BodyTooLarge e) {
                send(exchange, 413, error("too_large", e.getMessage()));
            } catch (RuntimeException e) {
                send(exchange, 500, error("internal", e.getClass().getSimpleName()));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.startsWith("/_sandbox/")) {
            admin(exchange, method, path);
            return;
        }
        String kind = kind(method, path);
        if (kind == null) {
            send(exchange, 404, error("not_found", "no such endpoint: " + method + " " + path));
            return;
        }
        stats.request(kind, clock.instant());
        if (faults.draw(faults.dropRatio())) {
            stats.countDropped();
            return; // closed without an answer
        }
        if (!withinRate()) {
            stats.countTooManyRequests();
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 429, error("rate_limited", "more than " + faults.requestsPerSecond() + " requests per second"));
            return;
        }
        if (!kind.equals("token") && faults.draw(faults.serverErrorRatio())) {
            stats.countServerError();
            send(exchange, 503, error("unavailable", "injected server error"));
            return;
        }
        switch (kind) {
            case "token" -> token(exchange);
            case "endpoint" -> {
                byte[] body = body(exchange);
                if (body.length > MAX_ENDPOINT_INPUT) {
                    send(exchange, 413, error("too_large", "the message's body is " + body.length + " bytes; a Cognigy input holds at most "
                            + MAX_ENDPOINT_INPUT + " (65 kB)"));
                    return;
                }
                // A tenant parses only a body declared JSON: any other is no body, so no userId, sessionId, text or data.
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (!MediaTypes.isJson(type)) {
                    send(exchange, 400, error("invalid_request", "userId and sessionId are required, and text or data: the body"
                            + " was not read, its Content-Type is " + (type == null ? "missing" : "'" + type + "'")
                            + ", a REST Endpoint reads application/json"));
                    return;
                }
                Answer answer = endpoint.answer(json.readTree(body), path.startsWith("/test/"));
                // A tenant answers once the flow has run (its HTTP Request and LLM nodes take seconds), as the simulation
                // API's simulations take their processing time: a read or call timeout shorter than the flows can take
                // must fail here too. A refused message (400, 429) ran no flow and is answered at once.
                if (answer.code() == 200) flowRuns(faults.processingTime());
                send(exchange, answer);
            }
            case "management", "nlu-scores" -> {
                byte[] body = body(exchange);
                if (body.length > MAX_MANAGEMENT_BODY) {
                    send(exchange, management.problem(413, "Payload Too Large", "the body is " + body.length
                            + " bytes; Cognigy's API accepts JSON bodies of at most " + MAX_MANAGEMENT_BODY + " (60 kB)", path),
                            MediaTypes.managementAnswer(exchange.getRequestHeaders().getFirst("Accept")));
                    return;
                }
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                Answer answer = body.length > 0 && !MediaTypes.isJson(type)
                        ? management.problem(400, "Bad Request", "the body's Content-Type is " + (type == null ? "missing" : "'" + type + "'")
                                + "; the API reads application/json", path)
                        : management.answer(method, path, query(exchange), exchange.getRequestHeaders().getFirst("X-API-Key"), body);
                send(exchange, answer, MediaTypes.managementAnswer(exchange.getRequestHeaders().getFirst("Accept")));
            }
            default -> api(exchange, kind, path);
        }
    }

    private String kind(String method, String path) {
        if (method.equals("POST") && path.equals("/api/oauth/token")) return "token";
        if (method.equals("GET") && path.equals("/api/bot/info")) return "info";
        if (method.equals("GET") && path.equals("/api/bot/entities")) return "entities";
        if (method.equals("POST") && path.equals("/api/bot/simulate")) return "submit";
        if (method.equals("GET") && path.startsWith("/api/bot/simulation/")) return "status";
        if (method.equals("POST") && (path.equals("/" + urlToken) || path.equals("/test/" + urlToken))) return "endpoint";
        // Sentence scoring is counted apart from the other management requests, so a run shows how many it scored.
        if (method.equals("POST") && path.startsWith(ManagementApi.PREFIX + "projects/") && path.endsWith("/nlu/scores")) {
            return "nlu-scores";
        }
        if (path.startsWith(ManagementApi.PREFIX)) return "management";
        return null;
    }

    private boolean withinRate() {
        int limit = faults.requestsPerSecond();
        if (limit == Integer.MAX_VALUE) return true;
        long second = clock.millis() / 1000;
        synchronized (rateLock) {
            if (second != rateSecond) {
                rateSecond = second;
                rateCount = 0;
            }
            return ++rateCount <= limit;
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(body(exchange), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 400, error("unsupported_grant_type", "grant_type must be client_credentials"));
            return;
        }
        if (!options.clientId().equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            send(exchange, 401, error("invalid_client", "unknown client or wrong secret"));
            return;
        }
        Set<String> scopes = new LinkedHashSet<>(Tokens.ALL_SCOPES);
        if (form.get("scope") != null && !form.get("scope").isBlank()) {
            scopes = new LinkedHashSet<>(Arrays.asList(form.get("scope").trim().split("\\s+")));
            scopes.retainAll(Tokens.ALL_SCOPES);
        }
        Duration ttl = faults.tokenTtl();
        ObjectNode answer = json.createObjectNode();
        answer.put("access_token", tokens.issue(ttl, scopes));
        answer.put("expires_in", ttl.toSeconds());
        answer.put("token_type", "Bearer");
        answer.put("scope", String.join(" ", scopes));
        send(exchange, 200, answer);
    }

    private void api(HttpExchange exchange, String kind, String path) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
        if (!tokens.valid(token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            send(exchange, 401, error("invalid_token", "missing, unknown or expired access token"));
            return;
        }
        String scope = kind.equals("submit") ? "simulation:execute" : "bot:read";
        if (!tokens.grants(token, scope)) {
            send(exchange, 403, error("insufficient_scope", "the token lacks scope " + scope));
            return;
        }
        switch (kind) {
            case "info" -> send(exchange, 200, info());
            case "entities" -> send(exchange, 200, entities());
            case "submit" -> submit(exchange);
            default -> status(exchange, path.substring("/api/bot/simulation/".length()));
        }
    }

    private JsonNode info() {
        BotDefinition bot = conversations.bot();
        ObjectNode info = json.createObjectNode();
        info.put("name", bot.bot());
        ArrayNode flows = info.putArray("flows");
        ArrayNode intents = info.putArray("intents");
        for (BotDefinition.Flow flow : bot.flows()) {
            flows.addObject().put("id", flow.id()).put("name", flow.displayName()).put("deployed", flow.isDeployed());
            // A reject or disabled intent is never recognised: not one of the bot's intents, as the management API's readers take it.
            flow.intents().stream().filter(i -> !i.isReject() && !i.isDisabled()).forEach(i -> intents.add(i.name()));
        }
        ArrayNode entities = info.putArray("entities");
        bot.entities().forEach(e -> entities.add(e.name()));
        return info;
    }

    private JsonNode entities() {
        ArrayNode list = json.createArrayNode();
        for (BotDefinition.Entity entity : conversations.bot().entities()) {
            list.addObject().put("name", entity.name()).put("type", entity.pattern() != null ? "pattern" : "keyphrase");
        }
        return list;
    }

    private void submit(HttpExchange exchange) throws IOException {
        JsonNode request = json.readTree(body(exchange));
        String text = request.path("input").path("text").isString() ? request.path("input").path("text").stringValue() : null;
        String userId = request.path("userId").isString() ? request.path("userId").stringValue() : null;
        if (text == null || text.isBlank() || userId == null || userId.isBlank()) {
            send(exchange, 400, error("invalid_request", "userId and input.text are required"));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String existing = store.idFor(key);
        if (existing != null) {
            stats.duplicateSubmission();
            send(exchange, 202, accepted(store.get(existing)));
            return;
        }
        String sessionId = request.path("sessionId").isString() ? request.path("sessionId").stringValue() : "ses_" + UUID.randomUUID();
        Map<String, Object> context = request.path("context").isObject()
                ? json.convertValue(request.path("context"), json.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
                : Map.of();
        String testId = request.path("testId").isString() ? request.path("testId").stringValue() : null;
        Instant now = clock.instant();
        Duration processing = faults.processingTime();
        boolean stuck = faults.draw(faults.stuckRatio());
        SimulationStore.Simulation simulation;
        synchronized (this) {
            // One submission at a time per key, so two racing retries still create one simulation.
            existing = store.idFor(key);
            if (existing != null) {
                stats.duplicateSubmission();
                send(exchange, 202, accepted(store.get(existing)));
                return;
            }
            simulation = store.admit(faults.capacity(), now, id -> new SimulationStore.Simulation(id, testId, sessionId, now,
                    now.plus(processing.dividedBy(5)), stuck ? null : now.plus(processing),
                    conversations.reply(sessionId, text.strip(), null, context)), stats);
            if (simulation != null) store.remember(key, simulation.id());
        }
        if (simulation == null) {
            stats.countTooManyRequests();
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 429, error("capacity", "more than " + faults.capacity() + " simulations in flight"));
            return;
        }
        stats.simulationCreated();
        send(exchange, 202, accepted(simulation));
    }

    private ObjectNode accepted(SimulationStore.Simulation simulation) {
        ObjectNode answer = json.createObjectNode();
        answer.put("simulationId", simulation.id());
        answer.put("status", simulation.status(clock.instant()));
        answer.put("sessionId", simulation.sessionId());
        return answer;
    }

    private void status(HttpExchange exchange, String id) throws IOException {
        SimulationStore.Simulation simulation = store.get(id);
        if (simulation == null) {
            send(exchange, 404, error("not_found", "no simulation " + id));
            return;
        }
        Instant now = clock.instant();
        String status = simulation.status(now);
        boolean terminal = status.equals("completed") || status.equals("failed");
        if (terminal && simulation.firstTerminalReport()) {
            stats.completionDetected(Duration.between(simulation.readyAt(), now).toMillis(), now);
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("simulationId", simulation.id());
        answer.put("testId", simulation.testId());
        answer.put("sessionId", simulation.sessionId());
        answer.put("status", status);
        ArrayNode turns = answer.putArray("turns");
        if (terminal) {
            Conversations.Reply reply = simulation.reply();
            ObjectNode turn = turns.addObject();
            turn.put("turnIndex", 0);
            turn.put("flowId", reply.flowId());
            turn.put("intent", reply.intent());
            turn.put("intentScore", reply.score());
            turn.set("entities", json.valueToTree(reply.entities()));
            turn.put("text", reply.text());
            // Each output's text whole, which the text joins with spaces: Botium's whole-output checks compare them.
            ArrayNode outputTexts = turn.putArray("outputTexts");
            reply.says().forEach(say -> outputTexts.add(say.text()));
            turn.put("errorCode", reply.errorCode());
            turn.put("errorMessage", reply.errorMessage());
        }
        send(exchange, 200, answer);
    }

    private void admin(HttpExchange exchange, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "GET /_sandbox/stats" -> send(exchange, 200, json.valueToTree(stats.snapshot(inFlight())));
            case "POST /_sandbox/stats/reset" -> {
                stats.reset();
                send(exchange, 200, json.valueToTree(stats.snapshot(inFlight())));
            }
            case "GET /_sandbox/faults" -> send(exchange, 200, faultsView());
            case "POST /_sandbox/faults" -> {
                try {
                    applyFaults(json.readTree(body(exchange)));
                } catch (IllegalArgumentException e) {
                    send(exchange, 400, error("invalid_request", e.getMessage()));
                    return;
                }
                send(exchange, 200, faultsView());
            }
            case "POST /_sandbox/faults/reset" -> {
                faults.reset();
                send(exchange, 200, faultsView());
            }
            default -> send(exchange, 404, error("not_found", "no such endpoint: " + method + " " + path));
        }
    }

    private JsonNode faultsView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("processingMinMs", faults.processingMin().toMillis());
        view.put("processingMaxMs", faults.processingMax().toMillis());
        view.put("capacity", faults.capacity());
        view.put("requestsPerSecond", faults.requestsPerSecond());
        view.put("serverErrorRatio", faults.serverErrorRatio());
        view.put("stuckRatio", faults.stuckRatio());
        view.put("dropRatio", faults.dropRatio());
        view.put("tokenTtlSeconds", faults.tokenTtl().toSeconds());
        return json.valueToTree(view);
    }

    private static final List<String> FAULT_FIELDS = List.of("processingMs", "processingMinMs", "processingMaxMs", "capacity",
            "requestsPerSecond", "serverErrorRatio", "stuckRatio", "dropRatio", "tokenTtlSeconds");

    /**
     * Applies the changes of a {@code POST /_sandbox/faults} body, all or none: a field this API does not know, a value
     * that is not a number or out of its range is refused with the field's name before anything changes.
     */
    private void applyFaults(JsonNode changes) {
        if (changes == null || changes.isMissingNode() || changes.isNull()) return;
        if (!changes.isObject()) throw new IllegalArgumentException("the body must be a JSON object of faults: " + String.join(", ", FAULT_FIELDS));
        for (String field : changes.propertyNames()) {
            if (!FAULT_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown fault '" + field + "'; the faults are " + String.join(", ", FAULT_FIELDS));
            }
        }
        long processingMin = faults.processingMin().toMillis();
        long processingMax = faults.processingMax().toMillis();
        if (changes.has("processingMs")) processingMin = processingMax = whole(changes, "processingMs", 0, Long.MAX_VALUE);
        if (changes.has("processingMinMs")) processingMin = whole(changes, "processingMinMs", 0, Long.MAX_VALUE);
        if (changes.has("processingMaxMs")) processingMax = whole(changes, "processingMaxMs", 0, Long.MAX_VALUE);
        if (processingMax < processingMin) {
            throw new IllegalArgumentException("processingMaxMs (" + processingMax + ") is below processingMinMs (" + processingMin + ")");
        }
        Integer capacity = changes.has("capacity") ? (int) whole(changes, "capacity", 0, Integer.MAX_VALUE) : null;
        Integer perSecond = changes.has("requestsPerSecond") ? (int) whole(changes, "requestsPerSecond", 0, Integer.MAX_VALUE) : null;
        Double serverErrors = changes.has("serverErrorRatio") ? ratio(changes, "serverErrorRatio") : null;
        Double stuck = changes.has("stuckRatio") ? ratio(changes, "stuckRatio") : null;
        Double drop = changes.has("dropRatio") ? ratio(changes, "dropRatio") : null;
        Long ttl = changes.has("tokenTtlSeconds") ? whole(changes, "tokenTtlSeconds", 1, Long.MAX_VALUE / 1000) : null;
        faults.processingTime(Duration.ofMillis(processingMin), Duration.ofMillis(processingMax));
        if (capacity != null) faults.capacity(capacity);
        if (perSecond != null) faults.requestsPerSecond(perSecond);
        if (serverErrors != null) faults.serverErrorRatio(serverErrors);
        if (stuck != null) faults.stuckRatio(stuck);
        if (drop != null) faults.dropRatio(drop);
        if (ttl != null) faults.tokenTtl(Duration.ofSeconds(ttl));
    }

    private static long whole(JsonNode changes, String field, long min, long max) {
        JsonNode value = changes.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new IllegalArgumentException(field + " must be a whole number from " + min + " to " + max + ", not " + value);
        }
        return value.asLong();
    }

    private static double ratio(JsonNode changes, String field) {
        JsonNode value = changes.get(field);
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw new IllegalArgumentException(field + " must be a number from 0 to 1, not " + value);
        }
        return value.asDouble();
    }

    private ObjectNode error(String code, String message) {
        return json.createObjectNode().put("error", code).put("message", message);
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) throw new BodyTooLarge();
            return bytes;
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? Map.of() : form(raw);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /**
     * Holds the REST Endpoint's answer for {@code processing}: its HTTP thread waits, as a tenant's request waits for the
     * flow, so more messages in flight than the sandbox's threads queue as they would at a busy tenant.
     */
    private static void flowRuns(Duration processing) {
        if (processing.isZero()) return;
        try {
            Thread.sleep(processing.toMillis(), processing.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        send(exchange, answer, MediaTypes.JSON);
    }

    /** The answer as {@code contentType}: what the management API's content negotiation chose. */
    private void send(HttpExchange exchange, Answer answer, String contentType) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        send(exchange, answer.code(), answer.body(), contentType);
    }

    private void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        send(exchange, code, body, MediaTypes.JSON);
    }

    private void send(HttpExchange exchange, int code, JsonNode body, String contentType) throws IOException {
        if (body == null) {
            // 204 No Content (a DELETE): no body at all.
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request body beyond {@link #MAX_BODY}: answered 413. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("the body is larger than 1 MiB");
        }
    }

    @Override
    public void close() {
        socket.close();
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
