package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox over real HTTP on loopback, as any client written from docs/sandbox.md sees it. */
class SandboxHttpTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final MutableClock clock = new MutableClock();
    private CognigySandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withCredentials("client-a", "secret-a").withUrlToken("urltoken123").withClock(clock));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private record Answer(int code, JsonNode body, String retryAfter) {
    }

    private Answer call(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), text.isEmpty() ? null : json.readTree(text), response.header("Retry-After"));
        }
    }

    private String token() throws IOException {
        return token("bot:read simulation:execute bot:write");
    }

    private String token(String scope) throws IOException {
        Answer answer = call(new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", "client-a").add("client_secret", "secret-a")
                .add("scope", scope).build()).build());
        assertThat(answer.code()).isEqualTo(200);
        return answer.body().path("access_token").asString();
    }

    private Answer get(String path, String token) throws IOException {
        return call(new Request.Builder().url(sandbox.baseUrl() + path).header("Authorization", "Bearer " + token).build());
    }

    private Answer submit(String token, String text, String key, String sessionId) throws IOException {
        String body = json.writeValueAsString(Map.of("userId", "usr_a1", "platform", "web", "input", Map.of("text", text),
                "context", Map.of(), "testId", "test_a") );
        if (sessionId != null) {
            body = body.substring(0, body.length() - 1) + ",\"sessionId\":\"" + sessionId + "\"}";
        }
        Request.Builder request = new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulate")
                .header("Authorization", "Bearer " + token).post(RequestBody.create(body, JSON));
        if (key != null) request.header("Idempotency-Key", key);
        return call(request.build());
    }

    @Test
    @DisplayName("every answer, whichever API and whatever its status, carries the header that tells a client it came from"
            + " the sandbox and not a tenant")
    void everyAnswerCarriesTheIdentityHeader() throws Exception {
        String token = token();
        java.util.List<Request> requests = java.util.List.of(
                new Request.Builder().url(sandbox.baseUrl() + "/api/bot/info").header("Authorization", "Bearer " + token).build(),
                new Request.Builder().url(sandbox.baseUrl() + "/api/bot/info").build(),
                new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                        "{\"userId\":\"u1\",\"sessionId\":\"s1\",\"text\":\"hi\"}", JSON)).build(),
                new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/projects/" + sandbox.projectId())
                        .header("X-API-Key", sandbox.managementApiKey()).build(),
                new Request.Builder().url(sandbox.baseUrl() + "/no/such/path").build(),
                new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats").build());
        for (Request request : requests) {
            try (Response response = http.newCall(request).execute()) {
                assertThat(response.header(CognigySandbox.IDENTITY_HEADER)).as(request.method() + " " + request.url().encodedPath()
                        + " answered " + response.code()).isEqualTo("1");
            }
        }
    }

    @Test
    @DisplayName("token endpoint: client credentials give an expiring bearer token; a wrong secret is 401 invalid_client")
    void tokens() throws Exception {
        Answer ok = call(new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", "client-a").add("client_secret", "secret-a").build()).build());
        assertThat(ok.body().path("token_type").asString()).isEqualTo("Bearer");
        assertThat(ok.body().path("expires_in").asLong()).isEqualTo(3600);
        Answer wrong = call(new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", "client-a").add("client_secret", "nope").build()).build());
        assertThat(wrong.code()).isEqualTo(401);
        assertThat(wrong.body().path("error").asString()).isEqualTo("invalid_client");
        assertThat(wrong.body().toString()).doesNotContain("nope");
        Answer grant = call(new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "password").build()).build());
        assertThat(grant.code()).isEqualTo(400);
    }

    @Test
    @DisplayName("bot APIs need a valid token: missing or expired is 401 with WWW-Authenticate, a missing scope 403")
    void authorization() throws Exception {
        assertThat(get("/api/bot/info", "made-up").code()).isEqualTo(401);
        String token = token();
        assertThat(get("/api/bot/info", token).code()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(3601));
        assertThat(get("/api/bot/info", token).code()).isEqualTo(401);
        String readOnly = token("bot:read");
        assertThat(submit(readOnly, "hi", null, null).code()).isEqualTo(403);
    }

    @Test
    @DisplayName("info lists flows with their display name and deployment, and the intents; entities lists names and types")
    void infoAndEntities() throws Exception {
        String token = token();
        JsonNode info = get("/api/bot/info", token).body();
        assertThat(info.path("name").asString()).isEqualTo("order-bot");
        // A flow without a display name is named by its id.
        assertThat(info.path("flows").toString()).contains("{\"id\":\"flow_refund\",\"name\":\"flow_refund\",\"deployed\":false}");
        assertThat(info.path("intents").toString()).contains("check_order", "escalate");
        assertThat(get("/api/bot/entities", token).body().toString())
                .isEqualTo("[{\"name\":\"order_id\",\"type\":\"pattern\"},{\"name\":\"email\",\"type\":\"pattern\"}]");
    }

    @Test
    @DisplayName("a simulation goes queued, running, completed with the processing time; turns carry the outcome")
    void simulationLifecycle() throws Exception {
        sandbox.faults().processingTime(Duration.ofMillis(500));
        String token = token();
        Answer submitted = submit(token, "where is my order ORD_99", "k1", null);
        assertThat(submitted.code()).isEqualTo(202);
        String id = submitted.body().path("simulationId").asString();
        assertThat(get("/api/bot/simulation/" + id, token).body().path("status").asString()).isEqualTo("queued");
        clock.advance(Duration.ofMillis(200));
        JsonNode running = get("/api/bot/simulation/" + id, token).body();
        assertThat(running.path("status").asString()).isEqualTo("running");
        assertThat(running.path("turns").isEmpty()).isTrue();
        clock.advance(Duration.ofMillis(300));
        JsonNode done = get("/api/bot/simulation/" + id, token).body();
        assertThat(done.path("status").asString()).isEqualTo("completed");
        JsonNode turn = done.path("turns").get(0);
        assertThat(turn.path("intent").asString()).isEqualTo("check_order");
        assertThat(turn.path("flowId").asString()).isEqualTo("flow_order_status");
        assertThat(turn.path("entities").path("order_id").asString()).isEqualTo("ORD_99");
        assertThat(turn.path("text").asString()).contains("ORD_99");
        assertThat(get("/api/bot/simulation/sim_unknown", token).code()).isEqualTo(404);
    }

    @Test
    @DisplayName("completion lag: from a simulation's completion to the first status answer reporting it completed or failed;"
            + " median and p90 in stats and /_sandbox/stats")
    void completionLag() throws Exception {
        sandbox.faults().processingTime(Duration.ofMillis(200));
        String token = token();
        String order = submit(token, "where is my order ORD_1", null, null).body().path("simulationId").asString();
        String refund = submit(token, "I want a refund", null, null).body().path("simulationId").asString();
        clock.advance(Duration.ofMillis(100));
        assertThat(get("/api/bot/simulation/" + order, token).body().path("status").asString()).isEqualTo("running");
        assertThat(sandbox.stats().completionsDetected()).as("a running answer detects nothing").isZero();
        assertThat(sandbox.stats().completionLagMillis(0.5)).isEmpty();

        clock.advance(Duration.ofMillis(150)); // 250 ms: 50 ms after both completed
        assertThat(get("/api/bot/simulation/" + order, token).body().path("status").asString()).isEqualTo("completed");
        clock.advance(Duration.ofMillis(50));
        get("/api/bot/simulation/" + order, token); // a later read of a known outcome is not a detection
        clock.advance(Duration.ofMillis(100)); // 400 ms
        assertThat(get("/api/bot/simulation/" + refund, token).body().path("status").asString()).isEqualTo("failed");
        assertThat(sandbox.stats().completionsDetected()).isEqualTo(2);
        assertThat(sandbox.stats().completionLagMillis(0.5)).hasValue(50);
        assertThat(sandbox.stats().completionLagMillis(0.9)).hasValue(200);

        String late = submit(token, "hi", null, null).body().path("simulationId").asString();
        clock.advance(Duration.ofMillis(1200)); // completed at 600 ms, first read at 1,600 ms
        assertThat(get("/api/bot/simulation/" + late, token).body().path("status").asString()).isEqualTo("completed");
        JsonNode stats = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats").build()).body();
        assertThat(stats.path("completionsDetected").asLong()).isEqualTo(3);
        assertThat(stats.path("completionLagMedianMs").asLong()).isEqualTo(200);
        assertThat(stats.path("completionLagP90Ms").asLong()).isEqualTo(1000);

        JsonNode reset = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats/reset")
                .post(RequestBody.create("", JSON)).build()).body();
        assertThat(reset.path("completionsDetected").asLong()).isZero();
        assertThat(reset.path("completionLagMedianMs").isNull()).isTrue();
        get("/api/bot/simulation/" + late, token);
        assertThat(sandbox.stats().completionsDetected()).as("detected before the reset, not again after it").isZero();
    }

    @Test
    @DisplayName("request times: first and last request of each kind and the last completion detected, on the sandbox's clock;"
            + " in stats and /_sandbox/stats, cleared by a reset")
    void requestTimes() throws Exception {
        Instant start = clock.instant();
        assertThat(sandbox.stats().firstRequest("token")).isEmpty();
        assertThat(sandbox.stats().lastCompletionDetected()).isEmpty();
        sandbox.faults().processingTime(Duration.ofMillis(200));
        String token = token();
        clock.advance(Duration.ofMillis(10));
        String first = submit(token, "where is my order ORD_1", null, null).body().path("simulationId").asString();
        clock.advance(Duration.ofMillis(15));
        String second = submit(token, "where is my order ORD_2", null, null).body().path("simulationId").asString();
        clock.advance(Duration.ofMillis(300)); // both complete
        get("/api/bot/simulation/" + first, token);
        clock.advance(Duration.ofMillis(5));
        get("/api/bot/simulation/" + second, token);
        clock.advance(Duration.ofMillis(7));
        get("/api/bot/simulation/" + second, token); // a later read of a known outcome detects nothing

        SandboxStats stats = sandbox.stats();
        assertThat(stats.firstRequest("token")).hasValue(start);
        assertThat(stats.lastRequest("token")).hasValue(start);
        assertThat(stats.firstRequest("submit")).hasValue(start.plusMillis(10));
        assertThat(stats.lastRequest("submit")).hasValue(start.plusMillis(25));
        assertThat(stats.firstRequest("status")).hasValue(start.plusMillis(325));
        assertThat(stats.lastRequest("status")).hasValue(start.plusMillis(337));
        assertThat(stats.lastCompletionDetected()).hasValue(start.plusMillis(330));
        assertThat(stats.firstRequest("info")).isEmpty();
        JsonNode view = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats").build()).body();
        assertThat(view.path("requestTimes").path("submit").path("first").asString()).isEqualTo(start.plusMillis(10).toString());
        assertThat(view.path("requestTimes").path("submit").path("last").asString()).isEqualTo(start.plusMillis(25).toString());
        assertThat(view.path("lastCompletionDetected").asString()).isEqualTo(start.plusMillis(330).toString());

        call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats/reset").post(RequestBody.create("", JSON)).build());
        assertThat(sandbox.stats().firstRequest("submit")).isEmpty();
        assertThat(sandbox.stats().lastCompletionDetected()).isEmpty();
    }

    @Test
    @DisplayName("a repeated Idempotency-Key returns the first simulation and counts a duplicate")
    void idempotency() throws Exception {
        String token = token();
        String first = submit(token, "hi", "same-key", null).body().path("simulationId").asString();
        String second = submit(token, "hi", "same-key", null).body().path("simulationId").asString();
        assertThat(second).isEqualTo(first);
        assertThat(sandbox.stats().simulationsCreated()).isEqualTo(1);
        assertThat(sandbox.stats().duplicateSubmissions()).isEqualTo(1);
    }

    @Test
    @DisplayName("sessions: a flow that asked for an order id continues when the next turn gives it")
    void sessions() throws Exception {
        String token = token();
        String first = submit(token, "where is my order", null, "ses_1").body().path("simulationId").asString();
        String second = submit(token, "ORD_77", null, "ses_1").body().path("simulationId").asString();
        assertThat(get("/api/bot/simulation/" + first, token).body().path("turns").get(0).path("text").asString())
                .isEqualTo("Sure, what is your order number?");
        JsonNode turn = get("/api/bot/simulation/" + second, token).body().path("turns").get(0);
        assertThat(turn.path("flowId").asString()).isEqualTo("flow_order_status");
        assertThat(turn.path("text").asString()).contains("ORD_77");
        assertThat(turn.path("intentScore").asDouble()).as("continued by the session, not guessed by the NLU").isEqualTo(1.0);
        String other = submit(token, "ORD_77", null, "ses_2").body().path("simulationId").asString();
        assertThat(get("/api/bot/simulation/" + other, token).body().path("turns").get(0).path("intentScore").asDouble())
                .isLessThan(1.0);
    }

    @Test
    @DisplayName("a simulation's context is that message's data only, as a tenant's input.data: a later message of the"
            + " session does not see it, and no message fills {context.key}, which only an injection sets")
    void contextIsTheMessagesOwn() throws Exception {
        try (CognigySandbox shop = CognigySandbox.start(BotDefinition.fromClasspath("bots/shop-bot.yaml"),
                SandboxOptions.defaults().withCredentials("client-a", "secret-a").withClock(clock))) {
            String token = call(new Request.Builder().url(shop.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                    .add("grant_type", "client_credentials").add("client_id", "client-a").add("client_secret", "secret-a")
                    .add("scope", "bot:read simulation:execute").build()).build()).body().path("access_token").asString();
            assertThat(simulated(shop, token, "what is my membership tier", Map.of("tier", "gold")))
                    .isEqualTo("This message says your tier is gold.");
            assertThat(simulated(shop, token, "which tier am I", Map.of()))
                    .as("the first message's data is not kept in the session").isEqualTo("I do not know your tier.");
        }
    }

    /** The text of the answer to {@code text} with {@code context} in session {@code ses_ctx} of {@code shop}. */
    private String simulated(CognigySandbox shop, String token, String text, Map<String, Object> context) throws IOException {
        String body = json.writeValueAsString(Map.of("userId", "usr_a1", "platform", "web", "input", Map.of("text", text),
                "context", context, "testId", "test_a", "sessionId", "ses_ctx"));
        String id = call(new Request.Builder().url(shop.baseUrl() + "/api/bot/simulate").header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body, JSON)).build()).body().path("simulationId").asString();
        clock.advance(Duration.ofSeconds(5));
        JsonNode simulation = call(new Request.Builder().url(shop.baseUrl() + "/api/bot/simulation/" + id)
                .header("Authorization", "Bearer " + token).build()).body();
        assertThat(simulation.path("status").asString()).isEqualTo("completed");
        return simulation.path("turns").get(0).path("text").asString();
    }

    @Test
    @DisplayName("an undeployed flow fails the simulation with FLOW_NOT_DEPLOYED; a template naming an unknown entity gives ENTITY_NOT_FOUND")
    void errorCodes() throws Exception {
        String token = token();
        String id = submit(token, "I want a refund", null, null).body().path("simulationId").asString();
        JsonNode failed = get("/api/bot/simulation/" + id, token).body();
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("turns").get(0).path("errorCode").asString()).isEqualTo("FLOW_NOT_DEPLOYED");
        assertThat(failed.path("turns").get(0).path("errorMessage").asString()).contains("flow_refund");

        try (CognigySandbox broken = CognigySandbox.start(BotDefinition.parse("""
                bot: b
                flows:
                  - id: flow_a
                    intents: [{name: a, examples: [hello]}]
                    responses: ["Hi {customer_name}"]
                """, "broken.yaml"), SandboxOptions.defaults())) {
            Conversations.Reply reply = new Conversations(BotDefinition.parse("""
                    bot: b
                    flows:
                      - id: flow_a
                        intents: [{name: a, examples: [hello]}]
                        responses: ["Hi {customer_name}"]
                    """, "broken.yaml")).reply("s", "hello", Map.of());
            assertThat(reply.errorCode()).isEqualTo("ENTITY_NOT_FOUND");
            assertThat(broken.baseUrl()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    @DisplayName("capacity: beyond the simulations in flight, submit answers 429 with Retry-After; peak in flight is counted")
    void capacity() throws Exception {
        sandbox.faults().capacity(2).processingTime(Duration.ofSeconds(1));
        String token = token();
        assertThat(submit(token, "hi", "a", null).code()).isEqualTo(202);
        assertThat(submit(token, "hi", "b", null).code()).isEqualTo(202);
        Answer full = submit(token, "hi", "c", null);
        assertThat(full.code()).isEqualTo(429);
        assertThat(full.retryAfter()).isEqualTo("1");
        assertThat(sandbox.stats().peakInFlight()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(submit(token, "hi", "c", null).code()).isEqualTo(202);
        assertThat(sandbox.stats().tooManyRequests()).isEqualTo(1);
    }

    @Test
    @DisplayName("faults: server errors, stuck simulations, rate limit and dropped connections on demand")
    void faults() throws Exception {
        String token = token();
        sandbox.faults().serverErrorRatio(1.0);
        assertThat(get("/api/bot/info", token).code()).isEqualTo(503);
        sandbox.faults().serverErrorRatio(0).stuckRatio(1.0);
        String stuck = submit(token, "hi", null, null).body().path("simulationId").asString();
        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(get("/api/bot/simulation/" + stuck, token).body().path("status").asString()).isEqualTo("running");
        sandbox.faults().stuckRatio(0).requestsPerSecond(1);
        get("/api/bot/entities", token);
        assertThat(get("/api/bot/entities", token).code()).isEqualTo(429);
        sandbox.faults().requestsPerSecond(Integer.MAX_VALUE).dropRatio(1.0);
        assertThatThrownBy(() -> get("/api/bot/entities", token)).isInstanceOf(IOException.class);
        assertThat(sandbox.stats().serverErrors()).isEqualTo(1);
        assertThat(sandbox.stats().dropped()).isEqualTo(1);
    }

    @Test
    @DisplayName("admin endpoints read and change faults and counters")
    void admin() throws Exception {
        Answer changed = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/faults")
                .post(RequestBody.create("{\"processingMs\":300,\"capacity\":50}", JSON)).build());
        assertThat(changed.body().path("processingMinMs").asLong()).isEqualTo(300);
        assertThat(changed.body().path("capacity").asInt()).isEqualTo(50);
        token();
        JsonNode stats = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/stats").build()).body();
        assertThat(stats.path("requests").path("token").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("REST Endpoint: outputs in outputStack plus, for a message with the test marker, the Code-node data output;"
            + " state kept per session")
    void restEndpoint() throws Exception {
        JsonNode first = call(new Request.Builder().url(sandbox.baseUrl() + "/test/urltoken123").post(RequestBody.create(
                "{\"userId\":\"u1\",\"sessionId\":\"s1\",\"text\":\"where is my order\",\"data\":{\"cognigyJunit\":{\"turn\":1}}}",
                JSON)).build()).body();
        // The Code node right before the Question node reports before the question is output.
        assertThat(first.path("outputStack").get(1).path("text").asString()).isEqualTo("Sure, what is your order number?");
        JsonNode nlu = first.path("outputStack").get(0).path("data");
        assertThat(nlu.path("intent").asString()).isEqualTo("check_order");
        assertThat(nlu.path("flowName").asString()).isEqualTo("flow_order_status");
        assertThat(first.path("outputStack").get(0).path("source").asString()).isEqualTo("bot");
        JsonNode second = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"u1\",\"sessionId\":\"s1\",\"text\":\"ORD_5\",\"data\":{\"cognigyJunit\":{\"turn\":2}}}", JSON))
                .build()).body();
        assertThat(second.path("text").asString()).contains("ORD_5");
        assertThat(second.path("outputStack").get(1).path("data").path("slots").path("order_id").get(0).path("keyphrase").asString())
                .isEqualTo("ORD_5");
        Answer invalid = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create("{\"text\":\"hi\"}", JSON)).build());
        assertThat(invalid.code()).isEqualTo(400);
        assertThat(call(new Request.Builder().url(sandbox.baseUrl() + "/wrongtoken").post(RequestBody.create("{}", JSON)).build()).code())
                .isEqualTo(404);
    }

    @Test
    @DisplayName("a body that is not JSON gets 400 with a message on every API, not a connection closed without an answer")
    void invalidJsonIsAnswered() throws Exception {
        Answer endpoint = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create("{bad", JSON)).build());
        assertThat(endpoint.code()).isEqualTo(400);
        assertThat(endpoint.body().path("error").asString()).isEqualTo("invalid_request");
        Answer simulation = call(new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulate")
                .header("Authorization", "Bearer " + token()).post(RequestBody.create("{bad", JSON)).build());
        assertThat(simulation.code()).isEqualTo(400);
        assertThat(simulation.body().path("error").asString()).isEqualTo("invalid_request");
        Answer tooLarge = call(new Request.Builder().url(sandbox.endpointUrl())
                .post(RequestBody.create("x".repeat((1 << 20) + 10), JSON)).build());
        assertThat(tooLarge.code()).isEqualTo(413);
        assertThat(tooLarge.body().path("message").asString()).contains("1 MiB");
    }

    @Test
    @DisplayName("faults API: a misspelt fault or a value out of range is refused with 400 naming it, and changes nothing")
    void faultsApiRefusesWhatItCannotApply() throws Exception {
        Answer misspelt = postFaults("{\"capacity\":5,\"serverErrorRate\":0.5}");
        assertThat(misspelt.code()).isEqualTo(400);
        assertThat(misspelt.body().path("message").asString()).contains("serverErrorRate").contains("serverErrorRatio");
        Answer outOfRange = postFaults("{\"capacity\":5,\"serverErrorRatio\":2}");
        assertThat(outOfRange.code()).isEqualTo(400);
        assertThat(outOfRange.body().path("message").asString()).contains("serverErrorRatio");
        Answer notANumber = postFaults("{\"capacity\":\"many\"}");
        assertThat(notANumber.code()).isEqualTo(400);
        assertThat(notANumber.body().path("message").asString()).contains("capacity");
        assertThat(postFaults("{\"processingMinMs\":500,\"processingMaxMs\":100}").code()).isEqualTo(400);
        assertThat(postFaults("{\"processingMs\":-1}").code()).isEqualTo(400);
        assertThat(postFaults("[]").code()).isEqualTo(400);
        JsonNode unchanged = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/faults").build()).body();
        assertThat(unchanged.path("capacity").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(unchanged.path("serverErrorRatio").asDouble()).isZero();
        assertThat(unchanged.path("processingMaxMs").asLong()).isZero();
    }

    @Test
    @DisplayName("faults API: POST /_sandbox/faults/reset clears every fault back to how the sandbox started")
    void faultsReset() throws Exception {
        sandbox.close();
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"), SandboxOptions.defaults()
                .withCredentials("client-a", "secret-a").withProcessingTime(Duration.ofMillis(250)).withClock(clock));
        assertThat(postFaults("{\"capacity\":1,\"requestsPerSecond\":3,\"serverErrorRatio\":0.5,\"stuckRatio\":0.1,"
                + "\"dropRatio\":0.2,\"tokenTtlSeconds\":5,\"processingMs\":900}").code()).isEqualTo(200);
        Answer reset = call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/faults/reset")
                .post(RequestBody.create("", JSON)).build());
        assertThat(reset.code()).isEqualTo(200);
        assertThat(reset.body().path("capacity").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reset.body().path("requestsPerSecond").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reset.body().path("serverErrorRatio").asDouble()).isZero();
        assertThat(reset.body().path("stuckRatio").asDouble()).isZero();
        assertThat(reset.body().path("dropRatio").asDouble()).isZero();
        assertThat(reset.body().path("tokenTtlSeconds").asLong()).isEqualTo(3600);
        assertThat(reset.body().path("processingMinMs").asLong()).isEqualTo(250);
        assertThat(reset.body().path("processingMaxMs").asLong()).isEqualTo(250);
        sandbox.faults().capacity(2).reset();
        assertThat(sandbox.faults().capacity()).isEqualTo(Integer.MAX_VALUE);
    }

    private Answer postFaults(String body) throws IOException {
        return call(new Request.Builder().url(sandbox.baseUrl() + "/_sandbox/faults").post(RequestBody.create(body, JSON)).build());
    }

    /** A clock the tests move by hand: the sandbox's time-based behaviour without sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-24T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
