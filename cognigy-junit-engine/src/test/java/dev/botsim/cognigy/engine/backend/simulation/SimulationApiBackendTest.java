package dev.botsim.cognigy.engine.backend.simulation;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.PollingSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import static dev.botsim.cognigy.engine.backend.simulation.ScriptedSimulationApi.json;
import static dev.botsim.cognigy.engine.backend.simulation.ScriptedSimulationApi.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.TimingOutPort;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulationApiBackendTest {

    static final String SECRET = "canary-client-secret-7f3a9";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final ScriptedSimulationApi api = new ScriptedSimulationApi();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private SimulationApiBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(api);
        server.start();
        backend = backend(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private SimulationApiBackend backend(Duration pollTimeout) {
        return new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET), pollTimeout, Duration.ofSeconds(5), 4));
    }

    /** Settings whose retries wait on the test clock ({@link #sleeper}), never for real. */
    private SimulationApiSettings settings(String url, Secret secret, Duration pollTimeout, Duration callTimeout, int maxAttempts) {
        return SimulationApiSettings.of(url, "client-1", secret).withScope("bot:read simulation:execute bot:write")
                .withPolling(new PollingSettings(pollTimeout, Duration.ofMillis(5), Duration.ofMillis(40)))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), callTimeout))
                .withRetry(new RetrySettings(maxAttempts, Duration.ofSeconds(60), Duration.ofMinutes(15)))
                .withClock(clock).withSleeper(sleeper);
    }

    /**
     * Settings whose calls end by the read timeout, whose clock starts once a request is written, the whole-call limit too
     * long to matter: which calls time out does not then hang on how soon a busy machine opens a connection and writes a
     * request, as with a call timeout of a few hundred ms, which a cold JVM's first calls (the token, the schema) outlast.
     */
    private SimulationApiSettings readTimingOut(Duration read, int maxAttempts) {
        return settings(server.url("/").toString(), Secret.of(SECRET), Duration.ofSeconds(5), Duration.ofSeconds(30), maxAttempts)
                .withHttp(new HttpSettings(Duration.ofSeconds(2), read, Duration.ofSeconds(30)));
    }

    private static TurnRequest request(String key) {
        return new TurnRequest("batch_test", "test_hi", 1, "usr_qa01", "web", "hi", Map.of("language", "en"), null, key, null, Map.of());
    }

    private List<RecordedRequest> to(String path) {
        return api.requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
    }

    @Test
    @DisplayName("the schema's info read failing (or its thread interrupted) stops the entities read retrying beside it: no request"
            + " after the schema has given up")
    void entitiesReadStopsWithTheSchema() throws Exception {
        api.overrides.put("/api/bot/entities", r -> json(503, "{\"error\":\"unavailable\"}"));
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> retrier = new java.util.concurrent.atomic.AtomicReference<>();
        // The entities read's retry waits until it is interrupted: as a Retry-After of minutes would.
        dev.botsim.cognigy.engine.transport.Sleeper untilInterrupted = duration -> {
            retrier.set(Thread.currentThread());
            waiting.countDown();
            new java.util.concurrent.CountDownLatch(1).await();
        };
        SimulationApiBackend forbidden = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4).withSleeper(untilInterrupted));
        try {
            // The info read's 403 may come before the entities read's first answer: wait for its retry before giving up.
            api.overrides.put("/api/bot/info", r -> {
                try {
                    waiting.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return json(403, "{\"error\":\"forbidden\"}");
            });
            assertThatThrownBy(forbidden::schema).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION));
            assertThat(waiting.getCount()).as("the entities read was waiting to retry").isZero();
            retrier.get().join(5_000);
            assertThat(retrier.get().isAlive()).as("the entities read still waits to retry after the schema gave up").isFalse();
            assertThat(to("/api/bot/entities")).hasSize(1);
        } finally {
            forbidden.close();
        }
    }

    @Test
    @DisplayName("the run cancelled while the schema waits for its entities read ends that wait at once with an interruption,"
            + " the interrupt kept, and stops the entities read retrying")
    void schemaInterruptedWhileEntitiesAreRead() throws Exception {
        api.overrides.put("/api/bot/entities", r -> json(503, "{\"error\":\"unavailable\"}"));
        CountDownLatch waiting = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> retrier = new java.util.concurrent.atomic.AtomicReference<>();
        dev.botsim.cognigy.engine.transport.Sleeper untilInterrupted = duration -> {
            retrier.set(Thread.currentThread());
            waiting.countDown();
            new CountDownLatch(1).await();
        };
        SimulationApiBackend cancelled = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4).withSleeper(untilInterrupted));
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean interruptKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reading = new Thread(() -> {
            try {
                cancelled.schema();
            } catch (RuntimeException e) {
                failure.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        try {
            reading.start();
            assertThat(waiting.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // The info read answered at once: the schema's thread waits for the entities read (parked, not reading a socket).
            long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!(reading.getState() == Thread.State.WAITING && to("/api/bot/info").size() == 1) && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
            reading.interrupt();
            reading.join(5_000);
            assertThat(failure.get()).isInstanceOf(dev.botsim.cognigy.engine.backend.BackendInterruptedException.class)
                    .hasMessage("GET /api/bot/entities abandoned: the waiting thread was interrupted");
            assertThat(interruptKept).as("the interrupt kept for the caller").isTrue();
            retrier.get().join(5_000);
            assertThat(retrier.get().isAlive()).as("the entities read still waits to retry after the schema gave up").isFalse();
            assertThat(to("/api/bot/entities")).hasSize(1);
        } finally {
            cancelled.close();
        }
    }

    @Test
    @DisplayName("a data-only message is refused with what to do instead, and nothing is submitted: the message never left")
    void dataOnlyMessage() {
        TurnRequest dataOnly = new TurnRequest("batch_test", "test_get_started", 1, "usr_qa01", "web", null,
                Map.of("action", "GET_STARTED"), null, "k1", null, Map.of());
        assertThatThrownBy(() -> backend.send(dataOnly)).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                }).hasMessageContaining("data-only message").hasMessageContaining("cognigy.backend=endpoint");
        assertThat(to("/api/bot/simulate")).isEmpty();
    }

    @Test
    @DisplayName("context to inject, which the simulation API cannot set, is refused and nothing is submitted: the message"
            + " never left")
    void injectedContextRefused() {
        TurnRequest injecting = new TurnRequest("batch_test", "test_gold", 1, "usr_qa01", "web", "hi", Map.of(), null, "k1",
                null, Map.of("customerTier", "gold"));
        assertThatThrownBy(() -> backend.send(injecting)).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                }).hasMessageContaining("inject_context with customerTier").hasMessageContaining("Nothing was sent for this test");
        assertThat(to("/api/bot/simulate")).isEmpty();
    }

    @Test
    @DisplayName("the token is fetched once with client credentials and reused across calls")
    void tokenReuse() throws Exception {
        backend.schema();
        backend.send(request("k1"));
        backend.send(request("k2"));
        assertThat(api.tokenRequests).hasValue(1);
        String form = to("/api/oauth/token").get(0).getBody().utf8();
        assertThat(form).contains("grant_type=client_credentials", "client_id=client-1", "client_secret=" + SECRET,
                "scope=bot%3Aread+simulation%3Aexecute+bot%3Awrite");
    }

    @Test
    @DisplayName("H4: the token is refreshed before it expires: 5 minutes early, or a tenth of a short lifetime")
    void proactiveRefresh() {
        backend.schema();
        clock.advance(Duration.ofSeconds(3600 - 301));
        backend.send(request("k1"));
        assertThat(api.tokenRequests).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        backend.send(request("k2"));
        assertThat(api.tokenRequests).hasValue(2);

        api.expiresIn = 60;
        clock.advance(Duration.ofSeconds(3600));
        backend.send(request("k3"));
        clock.advance(Duration.ofSeconds(53));
        backend.send(request("k4"));
        assertThat(api.tokenRequests).hasValue(3);
        clock.advance(Duration.ofSeconds(2));
        backend.send(request("k5"));
        assertThat(api.tokenRequests).hasValue(4);
    }

    /** {@code callers} requests (idempotency keys k0, k1, ...) sent at the same moment, each from a thread of its own. */
    private List<Future<TurnResult>> sendTogether(int callers) {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TurnResult>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String key = "k" + i;
            results.add(pool.submit(() -> {
                go.await();
                return backend.send(request(key));
            }));
        }
        go.countDown();
        pool.shutdown();
        return results;
    }

    @Test
    @DisplayName("a refresh ahead of expiry that fails leaves the token in hand in use while it lives, tried again 30 s later")
    void failedProactiveRefreshKeepsTheLivingToken() {
        backend.schema();
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(503, "{\"error\":\"temporarily_unavailable\"}");
        });
        clock.advance(Duration.ofSeconds(3600 - 299)); // inside the 5 minutes before expiry: a refresh is due
        assertThat(backend.send(request("k1")).status()).isEqualTo("completed");
        int afterFirst = api.tokenRequests.get();
        assertThat(afterFirst).as("one round of attempts").isGreaterThan(1);
        assertThat(to("/api/bot/simulate")).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer tok-1"));
        assertThat(backend.send(request("k2")).status()).isEqualTo("completed");
        assertThat(api.tokenRequests).as("not tried again at once").hasValue(afterFirst);
        clock.advance(Duration.ofSeconds(31));
        backend.send(request("k3"));
        assertThat(api.tokenRequests.get()).as("tried again after 30 s").isGreaterThan(afterFirst);
        // Once the token has expired, a refresh that fails fails the request: there is no living token to use.
        clock.advance(Duration.ofSeconds(300));
        assertThatThrownBy(() -> backend.send(request("k4"))).isInstanceOf(BackendException.class);
    }

    @Test
    @DisplayName("H1: a token rejected mid-run is refreshed once for all concurrent callers, each request retried once")
    void sharedRefreshOn401() throws Exception {
        backend.schema();
        api.validToken = "tok-2";
        int callers = 8;
        List<Future<TurnResult>> results = sendTogether(callers);
        for (Future<TurnResult> result : results) assertThat(result.get().status()).isEqualTo("completed");
        assertThat(api.tokenRequests).hasValue(2);
        long rejected = to("/api/bot/simulate").stream().filter(r -> "Bearer tok-1".equals(r.getHeaders().get("Authorization"))).count();
        assertThat(to("/api/bot/simulate")).hasSize(callers + (int) rejected);
        assertThat(api.submissions).hasValue(callers);
    }

    @Test
    @DisplayName("H2: rejected client credentials fail fast, once, naming what to check but never the secret")
    void badCredentials() {
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}");
        });
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
                .hasMessageContaining("COGNIGY_CLIENT_SECRET").hasMessageContaining("invalid_client")
                .hasMessageNotContaining(SECRET);
        assertThat(api.tokenRequests).hasValue(1);
    }

    @Test
    @DisplayName("an environment back from an outage with the run's token forgotten (restarted) or expired meanwhile: the"
            + " probe fetches a new token, closes the breaker, and the tests after it pass")
    void outageEndsWithNewToken() {
        SimulationApiBackend breaking = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2).withRetry(new RetrySettings(2, Duration.ofSeconds(60),
                Duration.ofMinutes(15)).withOutageAfter(2)));
        try {
            api.tokensExpireOn = clock;
            breaking.schema();
            breaking.send(request("k0"));
            for (String comesBack : List.of("restarted", "after the token expired")) {
                api.overrides.put("/api/bot/simulate", r -> json(502, "{\"error\":\"Bad Gateway\"}"));
                // Failures over 30 s: an outage, not a blip.
                for (int i = 1; i <= 3; i++) {
                    assertThatThrownBy(() -> breaking.send(request("down"))).isInstanceOf(BackendException.class);
                    clock.advance(Duration.ofSeconds(15));
                }
                assertThatThrownBy(() -> breaking.send(request("down"))).hasMessageStartingWith("POST /api/bot/simulate not sent:");
                api.overrides.remove("/api/bot/simulate");
                // Restarted: every token issued before is refused. Or down for longer than the token lived.
                clock.advance(comesBack.equals("restarted") ? Duration.ofSeconds(31) : Duration.ofSeconds(3600));
                if (comesBack.equals("restarted")) api.tokensExpireOn = new MutableClock(clock.instant().plusSeconds(3600));
                else api.tokensExpireOn = clock;
                int tokens = api.tokenRequests.get();
                for (int i = 0; i < 5; i++) {
                    assertThat(breaking.send(request("back" + i)).turns()).as(comesBack).hasSize(1);
                }
                assertThat(api.tokenRequests.get() - tokens).as("one new token for the probe").isEqualTo(1);
                api.tokensExpireOn = clock;
            }
        } finally {
            breaking.close();
        }
    }

    @Test
    @DisplayName("credentials revoked mid-run: the token endpoint's refusal is asked once, later tests fail naming it without"
            + " asking again")
    void credentialsRevokedMidRun() {
        backend.schema();
        backend.send(request("k1"));
        api.validToken = "revoked";
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(401, "{\"error\":\"invalid_client\"}");
        });
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION)).hasMessage("the token endpoint rejected the client"
                + " credentials (HTTP 401, invalid_client) at 2026-11-24T10:00:00Z; check cognigy.client-id / COGNIGY_CLIENT_ID"
                + " and COGNIGY_CLIENT_SECRET");
        for (int i = 3; i < 10; i++) {
            assertThatThrownBy(() -> backend.send(request("k"))).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION)).hasMessage("POST /api/oauth/token not sent: the"
                    + " token endpoint rejected the client credentials (HTTP 401, invalid_client) at 2026-11-24T10:00:00Z; check"
                    + " cognigy.client-id / COGNIGY_CLIENT_ID and COGNIGY_CLIENT_SECRET");
        }
        assertThat(api.tokenRequests).as("the first token and the one refusal").hasValue(2);
    }

    @Test
    @DisplayName("S3: a token endpoint answering garbage that echoes the request yields a scrubbed message")
    void tokenEchoScrubbed() {
        api.overrides.put("/api/oauth/token", r -> json(200, "<html>client_secret=" + SECRET + "</html>"));
        assertThatThrownBy(backend::schema).isInstanceOf(BackendException.class)
                .hasMessageContaining("client_secret=****").hasMessageNotContaining(SECRET);
    }

    @Test
    @DisplayName("S3: a token endpoint echoing the form it was sent masks the client secret in its form-encoded shape too")
    void formEncodedSecretEchoScrubbed() {
        String secret = "cs+canary/5b1e9d7c2a==";
        String encoded = "cs%2Bcanary%2F5b1e9d7c2a%3D%3D";
        SimulationApiBackend echoed = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(secret),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4));
        api.overrides.put("/api/oauth/token", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<p>" + r.getBody().utf8() + "</p>").build());
        try {
            assertThatThrownBy(echoed::schema).isInstanceOf(BackendException.class)
                    .hasMessageContaining("client_secret=****&scope")
                    .hasMessageNotContaining(secret).hasMessageNotContaining(encoded);
            assertThat(to("/api/oauth/token").get(0).getBody().utf8()).as("what the server echoed").contains(encoded);
        } finally {
            echoed.close();
        }
    }

    @Test
    @DisplayName("S3: a client secret holding a space, + * and ~ is masked by the central rule in each spelling a token"
            + " endpoint echoes: form-encoded as sent, and as a JavaScript server's encodeURIComponent writes it")
    void spellingsOfTheSecretEchoScrubbed() {
        String secret = "cs canary+5b*1e~9d7c";
        String formEncoded = "cs+canary%2B5b*1e%7E9d7c";
        String componentEncoded = "cs%20canary%2B5b*1e~9d7c";
        SimulationApiBackend echoed = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(secret),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4));
        api.overrides.put("/api/oauth/token", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<p>client_secret: " + componentEncoded + "</p><p>form " + r.getBody().utf8() + "</p>").build());
        try {
            assertThatThrownBy(echoed::schema).isInstanceOf(BackendException.class)
                    .hasMessageContaining("client_secret=****&scope").hasMessageContaining("client_secret: ****")
                    .hasMessageNotContaining(formEncoded).hasMessageNotContaining(componentEncoded)
                    .hasMessageNotContaining("5b*1e");
            assertThat(to("/api/oauth/token").get(0).getBody().utf8()).as("what the server echoed").contains(formEncoded);
        } finally {
            echoed.close();
        }
    }

    @Test
    @DisplayName("a very short client secret is not masked inside answers, which would corrupt them")
    void shortSecretDoesNotCorruptAnswers() {
        SimulationApiBackend shortSecret = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of("s"),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4));
        assertThat(shortSecret.schema().entities()).contains(java.util.Set.of("order_id"));
        shortSecret.close();
    }

    @Test
    @DisplayName("H3: a failing token endpoint is retried a bounded number of times, then fails cleanly")
    void tokenEndpointDown() {
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(503, "{}");
        });
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("cannot get an access token: the token endpoint answered HTTP 503");
        assertThat(api.tokenRequests).hasValue(4);
    }

    @Test
    @DisplayName("H3: a token endpoint failing when the token expires mid-run costs one round of attempts for all callers waiting for it")
    void tokenEndpointDownMidRun() throws Exception {
        backend.schema();
        clock.advance(Duration.ofSeconds(3600));
        java.util.concurrent.atomic.AtomicInteger afterExpiry = new java.util.concurrent.atomic.AtomicInteger();
        api.overrides.put("/api/oauth/token", r -> {
            // The first refresh answers late, so every caller is waiting for it when it fails.
            MockResponse down = json(503, "{\"error\":\"temporarily_unavailable\"}");
            return afterExpiry.incrementAndGet() == 1
                    ? down.newBuilder().headersDelay(1, java.util.concurrent.TimeUnit.SECONDS).build() : down;
        });
        int callers = 8;
        List<Future<TurnResult>> results = sendTogether(callers);
        for (Future<TurnResult> result : results) {
            assertThatThrownBy(result::get).cause().isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("cannot get an access token: the token endpoint answered HTTP 503");
        }
        assertThat(afterExpiry).as("token requests after the expiry").hasValue(4);
        assertThat(api.submissions).hasValue(0);
    }

    @Test
    @DisplayName("the schema is fetched once; its entities, flows and intents come from entities and info")
    void schemaOnce() {
        BotSchema first = backend.schema();
        BotSchema second = backend.schema();
        assertThat(second).isSameAs(first);
        assertThat(first.entities()).contains(java.util.Set.of("order_id"));
        assertThat(first.flows()).contains(java.util.Set.of("flow_greeting"));
        assertThat(first.intents()).contains(java.util.Set.of("greeting"));
        assertThat(to("/api/bot/entities")).hasSize(1);
        assertThat(first.knowsEntity("ORDER_ID")).isTrue();
        assertThat(first.knowsEntity("parcel")).isFalse();
    }

    @Test
    @DisplayName("the schema's two reads go out together, after one token request: the first submission waits for both")
    void schemaReadsTogether() throws Exception {
        CountDownLatch entitiesArrived = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean overlapped = new java.util.concurrent.atomic.AtomicBoolean();
        api.overrides.put("/api/bot/entities", r -> {
            entitiesArrived.countDown();
            return json(200, "[{\"name\":\"order_id\",\"type\":\"pattern\"}]");
        });
        api.overrides.put("/api/bot/info", r -> {
            try {
                // Read one after the other, entities would only be asked for once this answer is back.
                overlapped.set(entitiesArrived.await(5, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json(200, "{\"name\":\"order-bot\",\"flows\":[{\"id\":\"flow_greeting\"}],\"intents\":[\"greeting\"]}");
        });
        BotSchema schema = backend.schema();
        assertThat(overlapped).as("GET /api/bot/entities sent while GET /api/bot/info was waiting for its answer").isTrue();
        assertThat(api.tokenRequests).hasValue(1);
        assertThat(to("/api/bot/info")).hasSize(1);
        assertThat(to("/api/bot/entities")).hasSize(1);
        assertThat(schema.entities()).contains(java.util.Set.of("order_id"));
        assertThat(schema.flows()).contains(java.util.Set.of("flow_greeting"));
        assertThat(schema.intents()).contains(java.util.Set.of("greeting"));
    }

    @Test
    @DisplayName("both schema reads failing: the bot info's failure is the one reported, as when it was read first")
    void schemaInfoFailureFirst() {
        api.overrides.put("/api/bot/info", r -> json(403, "{\"error\":\"insufficient_scope\"}"));
        api.overrides.put("/api/bot/entities", r -> json(200, "{\"not\":\"a list\"}"));
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessageContaining("bot:read");
        api.overrides.remove("/api/bot/info");
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("GET /api/bot/entities did not answer a list");
    }

    @Test
    @DisplayName("item 16: a server without GET /api/bot/info still gives a schema: entities known, flows and intents unknown, saying why")
    void noBotInfo() {
        api.overrides.put("/api/bot/info", r -> json(404, "{\"error\":\"not_found\"}"));
        BotSchema schema = backend.schema();
        assertThat(schema.entities()).contains(java.util.Set.of("order_id"));
        assertThat(schema.flows()).isEmpty();
        assertThat(schema.intents()).isEmpty();
        assertThat(schema.unknown()).containsExactly("flows and intents unknown (GET /api/bot/info answered 404)");
    }

    @Test
    @DisplayName("a 403 on bot info says the OAuth client lacks bot:read")
    void missingScope() {
        api.overrides.put("/api/bot/info", r -> json(403, "{\"error\":\"insufficient_scope\"}"));
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessageContaining("lacks scope bot:read");
    }

    @Test
    @DisplayName("a submission carries the documented JSON body, the bearer token and the idempotency key")
    void submissionShape() throws Exception {
        backend.send(new TurnRequest("batch_test", "test_hi", 1, "usr_qa01", "web", "hi", Map.of("language", "en"), "ses_9", "key-42", null, Map.of()));
        RecordedRequest submit = to("/api/bot/simulate").get(0);
        assertThat(submit.getMethod()).isEqualTo("POST");
        assertThat(submit.getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(submit.getHeaders().get("Idempotency-Key")).isEqualTo("key-42");
        JsonNode body = JsonMapper.builder().build().readTree(submit.getBody().utf8());
        assertThat(body.toString()).isEqualTo("{\"userId\":\"usr_qa01\",\"platform\":\"web\",\"input\":{\"text\":\"hi\"},"
                + "\"context\":{\"language\":\"en\"},\"testId\":\"test_hi\",\"sessionId\":\"ses_9\"}");
    }

    @Test
    @DisplayName("a turn's intent score outside 0 to 1 is a protocol error naming the turn, not a score that passes any"
            + " intent_min_score")
    void scoreOutOfRange() {
        api.statuses(status("completed", "[{\"turnIndex\":0,\"flowId\":\"flow_order_status\",\"intent\":\"check_order\","
                + "\"intentScore\":1.5,\"entities\":{},\"text\":\"Looking up ORD_99\"}]"));
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("the simulation's turn 0 has the intent score 1.5, outside 0 to 1");
    }

    @Test
    @DisplayName("a turn of several lines without outputTexts has its outputs unknown, so Botium's whole-output checks let"
            + " whitespace match the break between two lines, as a cassette recorded without them does; with them, or of one"
            + " line, they are known")
    void linesWithoutOutputTextsAreNoKnownOutputs() {
        api.statuses(status("completed", "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\","
                + "\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello\\nthere\"}]"),
                status("completed", "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\","
                        + "\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello\\nthere\",\"outputTexts\":[\"Hello\","
                        + "\"there\"]}]"),
                status("completed", "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\","
                        + "\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello there\"}]"));

        TurnResult unknown = backend.send(request("k1"));
        assertThat(unknown.turns().get(0).outputTexts()).containsExactly("Hello", "there");
        assertThat(unknown.outputsUnknown()).isTrue();
        assertThat(backend.send(request("k2")).outputsUnknown()).isFalse();
        assertThat(backend.send(request("k3")).outputsUnknown()).isFalse();
    }

    @Test
    @DisplayName("polling goes through queued and running to completed and maps the turns")
    void pollsToCompletion() {
        api.statuses(status("queued", "[]"), status("running", "[]"), status("completed",
                "[{\"turnIndex\":0,\"flowId\":\"flow_order_status\",\"intent\":\"check_order\",\"intentScore\":0.8,"
                        + "\"entities\":{\"order_id\":\"ORD_99\",\"count\":2},\"text\":\"Looking up ORD_99\"}]"));
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.polls()).isEqualTo(3);
        assertThat(result.sessionId()).isEqualTo("ses_a");
        BotTurn turn = result.turns().get(0);
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.flowId()).isEqualTo("flow_order_status");
        assertThat(turn.intentScore()).isEqualTo(0.8);
        assertThat(turn.entities()).containsEntry("order_id", "ORD_99").containsEntry("count", 2);
    }

    @Test
    @DisplayName("a failed simulation keeps its error turn, or its error object when no turn carries one")
    void failedSimulation() {
        api.statuses(status("failed", "[{\"turnIndex\":0,\"flowId\":\"flow_refund\",\"errorCode\":\"FLOW_NOT_DEPLOYED\","
                + "\"errorMessage\":\"flow_refund is not deployed\"}]"));
        TurnResult withTurn = backend.send(request("k1"));
        assertThat(withTurn.status()).isEqualTo("failed");
        assertThat(withTurn.turns().get(0).errorCode()).isEqualTo("FLOW_NOT_DEPLOYED");
        assertThat(withTurn.failure()).isNull();
    }

    @Test
    @DisplayName("a failed simulation without turns reports its error object")
    void failedWithoutTurns() {
        api.statuses(json(200, "{\"simulationId\":\"sim_1\",\"status\":\"failed\",\"turns\":[],"
                + "\"error\":{\"code\":\"ENGINE_CRASH\",\"message\":\"worker died\"}}"));
        assertThat(backend.send(request("k1")).failure()).isEqualTo("ENGINE_CRASH: worker died");
    }

    /** Item 3: the answer of another simulation was taken as this test's result. */
    @Test
    @DisplayName("item 3: a status answer naming another simulation or another test is a protocol error, never this test's result")
    void statusOfAnotherSimulation() {
        String turns = "[{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"text\":\"Hello!\"}]";
        answerStatus("{\"simulationId\":\"sim_2\",\"testId\":\"test_hi\",\"status\":\"completed\",\"turns\":" + turns + "}");
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("sim_1").hasMessageContaining("simulationId 'sim_2'");
        assertThat(to("/api/bot/simulation/sim_1")).hasSize(1); // not polled again: a wrong answer is not a pending one

        answerStatus("{\"simulationId\":\"sim_1\",\"testId\":\"test_other\",\"status\":\"completed\",\"turns\":" + turns + "}");
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("testId 'test_other'").hasMessageContaining("test_hi");

        answerStatus("{\"simulationId\":7,\"status\":\"running\",\"turns\":[]}");
        assertThatThrownBy(() -> backend.send(request("k3"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("simulationId '7'");
    }

    @Test
    @DisplayName("item 3: a status answer naming this simulation and this test, or leaving them out, is this test's result")
    void statusOfThisSimulation() {
        answerStatus("{\"simulationId\":\"sim_1\",\"testId\":\"test_hi\",\"status\":\"completed\",\"turns\":[]}");
        assertThat(backend.send(request("k1")).status()).isEqualTo("completed");
        answerStatus("{\"testId\":null,\"status\":\"completed\",\"turns\":[]}");
        assertThat(backend.send(request("k2")).status()).isEqualTo("completed");
    }

    /** Every status poll of sim_1 gets this answer. */
    private void answerStatus(String body) {
        api.overrides.put("/api/bot/simulation/sim_1", r -> json(200, body));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "item 2: {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            no error object            | {"simulationId":"sim_1","status":"failed","turns":[]}                               | gave no reason
            no turns field, no error   | {"simulationId":"sim_1","status":"failed"}                                          | gave no reason
            error null                 | {"simulationId":"sim_1","status":"failed","turns":[],"error":null}                  | gave no reason
            error as a string          | {"simulationId":"sim_1","status":"failed","turns":[],"error":"worker died"}         | worker died
            error object without code  | {"simulationId":"sim_1","status":"failed","turns":[],"error":{"message":"boom"}}    | boom
            """)
    @DisplayName("item 2: a failed simulation always reports why it failed, whatever the shape of its error")
    void failedWithoutErrorObject(String shape, String answer, String failure) {
        api.statuses(json(200, answer));
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.failure()).isNotNull().contains(failure);
    }

    @Test
    @DisplayName("H9: a simulation stuck in running ends as TIMEOUT naming the deadline and the last status, after a bounded number of polls")
    void deadline() {
        SimulationApiBackend impatient = backend(Duration.ofMillis(300));
        api.statuses(status("running", "[]"));
        assertThatThrownBy(() -> impatient.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("sim_1").hasMessageContaining("last status: running")
                .hasMessageContaining("did not complete within 300 ms (cognigy.poll.timeout)")
                .satisfies(e -> assertThat(((BackendException) e).varying()).as("what a record of the timeout writes instead")
                        .containsEntry("sim_1", "<simulation id>")
                        .hasEntrySatisfying(e.getMessage().substring(e.getMessage().indexOf(" after ")), polls -> assertThat(polls).isEmpty()));
        // Intervals grow x1.5 from at least 1 ms to the 40 ms cap (jittered no lower than 90 % of it), then stay there.
        int bound = 1 + (int) Math.ceil(Math.log(40.0) / Math.log(1.5)) + (int) Math.ceil(300 / (0.9 * 40));
        assertThat(to("/api/bot/simulation/sim_1")).hasSizeLessThanOrEqualTo(bound);
        impatient.close();
    }

    @Test
    @DisplayName("cognigy.poll.timeout counts from submission, whatever the first poll waits: with a first poll at 20 s a"
            + " simulation still running at 30 s ends as TIMEOUT at 30 s, and one seen done by the poll at 30 s itself counts")
    void deadlineFromSubmission() {
        VirtualPollClock polling = new VirtualPollClock();
        SimulationApiBackend slow = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 4)
                .withPolling(new PollingSettings(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(2))), polling);
        try {
            java.util.concurrent.atomic.AtomicLong submittedAt = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong completesAfter = new java.util.concurrent.atomic.AtomicLong();
            List<Long> polledAt = new java.util.concurrent.CopyOnWriteArrayList<>();
            api.overrides.put("/api/bot/simulate", r -> {
                submittedAt.set(polling.nanoTime());
                return json(202, "{\"simulationId\":\"sim_1\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
            });
            api.overrides.put("/api/bot/simulation/sim_1", r -> {
                long elapsed = polling.nanoTime() - submittedAt.get();
                polledAt.add(elapsed);
                return status(elapsed >= completesAfter.get() ? "completed" : "running", "[]");
            });

            completesAfter.set(Duration.ofSeconds(45).toNanos());
            assertThatThrownBy(() -> slow.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT)).hasMessageContaining("did not complete within 30 s");
            assertThat(polledAt).first().isEqualTo(Duration.ofSeconds(20).toNanos());
            assertThat(polledAt).last().as("the last poll, at the deadline").isEqualTo(Duration.ofSeconds(30).toNanos());

            polledAt.clear();
            completesAfter.set(Duration.ofSeconds(30).toNanos());
            assertThat(slow.send(request("k2")).status()).isEqualTo("completed");
            assertThat(polledAt.get(polledAt.size() - 1)).isEqualTo(Duration.ofSeconds(30).toNanos());
        } finally {
            slow.close();
        }
    }

    @Test
    @DisplayName("a submission refused is told by whose refusal it is: 403 (a scope the client lacks) and 404 (no"
            + " simulation API at cognigy.base-url) are the run's setup, a 400 the message's refusal; a status read that"
            + " fails names its simulation's id as this run's")
    void submissionRefusalsAreToldByWhoseTheyAre() {
        api.submitAnswers(json(403, "{\"error\":\"insufficient_scope\"}"), json(404, "{\"error\":\"not_found\"}"),
                json(400, "{\"error\":\"invalid_request\",\"message\":\"input.text is required\"}"));
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessageContaining("answered HTTP 403");
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION)).hasMessageContaining("answered HTTP 404")
                .hasMessageContaining("no simulation API at cognigy.base-url=");
        assertThatThrownBy(() -> backend.send(request("k3"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED)).hasMessageContaining("answered HTTP 400: input.text is required");

        api.statuses(json(404, "{\"error\":\"not_found\",\"message\":\"no simulation sim_1\"}"));
        assertThatThrownBy(() -> backend.send(request("k4"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.varying()).containsEntry("sim_1", "<simulation id>");
        }).hasMessage("GET /api/bot/simulation/sim_1 answered HTTP 404: no simulation sim_1");
    }

    @Test
    @DisplayName("a pending status naming Retry-After 1 is polled again no sooner than a second later")
    void pendingStatusRetryAfter() {
        VirtualPollClock polling = new VirtualPollClock();
        SimulationApiBackend patient = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 4).withScope("bot:read")
                .withPolling(new PollingSettings(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofSeconds(2))), polling);
        List<Long> polledAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        api.overrides.put("/api/bot/simulation/sim_1", r -> {
            polledAt.add(polling.nanoTime());
            return polledAt.size() == 1 ? status("running", "[]").newBuilder().setHeader("Retry-After", "1").build()
                    : status("completed", "[]");
        });
        assertThat(patient.send(request("k1")).polls()).isEqualTo(2);
        // On the virtual clock the wait is exact: the server's second, not the 5 ms step the polling would take.
        assertThat(Duration.ofNanos(polledAt.get(1) - polledAt.get(0))).isEqualTo(Duration.ofSeconds(1));
        assertThat(polling.sleeps()).containsExactly(Duration.ofMillis(5), Duration.ofSeconds(1));
        patient.close();
    }

    @Test
    @DisplayName("F6: a terminal status is final: polling stops at the first completed")
    void terminalStaysTerminal() {
        api.statuses(status("completed", "[]"), status("running", "[]"));
        assertThat(backend.send(request("k1")).status()).isEqualTo("completed");
        assertThat(to("/api/bot/simulation/sim_1")).hasSize(1);
    }

    @Test
    @DisplayName("H7: a 5xx on a status poll is retried")
    void pollRetried() {
        api.statuses(json(502, "{}"), status("completed", "[]"));
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.retries()).singleElement().asString()
                .startsWith("GET /api/bot/simulation/sim_1 answered 502; retried after ");
    }

    @Test
    @DisplayName("H8: a submission refused with 503 is replayed with the same Idempotency-Key")
    void submissionReplayedWithSameKey() {
        api.submitAnswers(json(503, "{}"), new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
        backend.send(request("key-7"));
        assertThat(to("/api/bot/simulate")).hasSize(3)
                .allSatisfy(r -> assertThat(r.getHeaders().get("Idempotency-Key")).isEqualTo("key-7"));
    }

    @Test
    @DisplayName("H6: 429s the server later clears never fail the test: they cost time, not attempts")
    void rateLimitedUntilCleared() {
        MockResponse refused = new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build();
        api.submitAnswers(refused, refused, refused, refused, refused, refused);
        assertThat(backend.send(request("k-429")).status()).isEqualTo("completed");
        assertThat(to("/api/bot/simulate")).hasSize(7)
                .allSatisfy(r -> assertThat(r.getHeaders().get("Idempotency-Key")).isEqualTo("k-429"));
    }

    /**
     * Item 14: a request used to keep the token it started with through all its waits and refresh
     * once, so a 429 storm outlasting two token lifetimes ended it with HTTP 401.
     */
    @Test
    @DisplayName("item 14: 429s the server later clears never fail the test, however short the token's life: every attempt takes a fresh token")
    void rateLimitedLongerThanTokensLive() {
        api.tokensExpireOn = clock;
        api.expiresIn = 10;
        MockResponse refused = new MockResponse.Builder().code(429).setHeader("Retry-After", "4").build();
        api.submitAnswers(refused, refused, refused, refused, refused, refused, refused, refused); // 32 s: three lifetimes
        TurnResult result = backend.send(request("k-storm"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.retries()).hasSize(8).allSatisfy(line -> assertThat(line).contains("answered 429"));
        assertThat(to("/api/bot/simulate")).hasSize(9);
        assertThat(api.tokenRequests.get()).isBetween(3, 5); // refreshed ahead of expiry, never after a 401
    }

    @Test
    @DisplayName("a token refused again right after its refresh ends the request: one refresh per 401, never a loop")
    void tokenRefusedAfterRefresh() {
        backend.schema();
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(200, "{\"access_token\":\"tok-refused\",\"expires_in\":3600}");
        });
        api.validToken = "accepted-by-nobody";
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION)).hasMessageContaining("answered HTTP 401");
        assertThat(to("/api/bot/simulate")).hasSize(2);
        assertThat(api.tokenRequests).hasValue(2);
    }

    @Test
    @DisplayName("H5: Retry-After as an HTTP date is honoured; one longer than a test waits fails clearly")
    void retryAfter() {
        api.submitAnswers(new MockResponse.Builder().code(429).setHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT").build(),
                new MockResponse.Builder().code(429).setHeader("Retry-After", "86400").build());
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("86400 s");
        assertThat(to("/api/bot/simulate")).hasSize(2);
    }

    @Test
    @DisplayName("item 12: a 5xx naming a Retry-After longer than a request waits fails the test at once, as for a 429")
    void serverErrorRetryAfterTooLong() {
        api.statuses(json(503, "{}").newBuilder().setHeader("Retry-After", "86400").build(), status("completed", "[]"));
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("answered 503 and asked to retry after 86400 s")
                .hasMessageContaining("cognigy.retry.longest-wait");
        assertThat(to("/api/bot/simulation/sim_1")).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("item 12: 429s from the token endpoint are refusals too: they cost time, not attempts")
    void tokenEndpointRateLimited() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        api.overrides.put("/api/oauth/token", r -> asked.incrementAndGet() <= 5
                ? new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build()
                : json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600}"));
        assertThat(backend.schema().entities()).contains(java.util.Set.of("order_id"));
        assertThat(asked).hasValue(6);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("H5: Retry-After 7 is waited in full, an HTTP date until that moment, garbage falls back to backoff — on the test clock")
    void retryAfterForms() {
        api.submitAnswers(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build(),
                new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:19 GMT").build(),
                new MockResponse.Builder().code(429).setHeader("Retry-After", "soon-ish").build());
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        List<Duration> waits = sleeper.waits();
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(waits.get(1)).isEqualTo(Duration.ofSeconds(12)); // the clock stood at 10:00:07 after the first wait
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000)); // third refusal's backoff step
        // The backoff step may land on exactly one second, which the log writes as seconds.
        long third = waits.get(2).toMillis();
        assertThat(result.retries()).containsExactly(
                "POST /api/bot/simulate answered 429 with Retry-After 7; retried after 7.0 s",
                "POST /api/bot/simulate answered 429 with Retry-After Tue, 24 Nov 2026 10:00:19 GMT; retried after 12.0 s",
                "POST /api/bot/simulate answered 429 with Retry-After soon-ish; retried after " + (third < 1000 ? third + " ms" : "1.0 s"));
    }

    @Test
    @DisplayName("H5: a server that never stops answering 429 ends the test once the waits reach the rate-limit timeout, saying so")
    void rateLimitedForTooLong() {
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(429).setHeader("Retry-After", "60").build());
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
            assertThat(e.retries()).hasSize(15);
        }).hasMessageContaining("kept answering 429 for 900 s (16 refusals)").hasMessageContaining("cognigy.retry.rate-limit-timeout");
        assertThat(sleeper.total()).isEqualTo(Duration.ofMinutes(15));
        assertThat(to("/api/bot/simulate")).hasSize(16);
    }

    @Test
    @DisplayName("F3: a 200 with an HTML body is a protocol error with a short snippet")
    void htmlIsProtocolError() {
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/html").body("<html><body>Login page</body></html>").build());
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("Login page");
    }

    @Test
    @DisplayName("F3: a truncated JSON status and JSON labelled as text/plain are protocol errors, not retried")
    void truncatedAndMislabelled() {
        api.statuses(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"simulationId\":\"sim_1\",\"status\":\"compl").build());
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("not JSON");
        assertThat(to("/api/bot/simulation/sim_1")).hasSize(1);

        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(202).setHeader("Content-Type", "text/plain")
                .body("{\"simulationId\":\"sim_2\",\"status\":\"queued\"}").build());
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("Content-Type text/plain");
        assertThat(to("/api/bot/simulate")).hasSize(2);
    }

    @Test
    @DisplayName("F3: a status poll answering 200 with no body or no JSON object is a protocol error saying so, not 'answered HTTP 200'")
    void emptyOrNonObjectStatus() {
        api.statuses(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").build());
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("GET /api/bot/simulation/sim_1 answered HTTP 200 without a status object: no body");
        api.overrides.put("/api/bot/simulation/sim_1", r -> json(200, "[\"completed\"]"));
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("answered HTTP 200 without a status object: [\"completed\"]");
    }

    @Test
    @DisplayName("H7: a status poll that times out is retried")
    void pollTimeoutRetried() {
        SimulationApiBackend impatient = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofMillis(300), 4));
        api.statuses(status("running", "[]").newBuilder().headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).build(),
                status("completed", "[]"));
        TurnResult result = impatient.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.retries()).singleElement().asString().startsWith("GET /api/bot/simulation/sim_1 failed (no answer from");
        impatient.close();
    }

    @Test
    @DisplayName("H3: a token endpoint that does not answer in time is retried a bounded number of times, then fails cleanly")
    void tokenEndpointTimesOut() {
        SimulationApiBackend impatient = new SimulationApiBackend(readTimingOut(Duration.ofMillis(200), 3));
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(200, "{}").newBuilder().onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build();
        });
        assertThatThrownBy(impatient::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("cannot get an access token")
                .hasMessageNotContaining(SECRET);
        // Every attempt was written before it timed out; a busy server may read the last one after the client gave up.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.tokenRequests.get() >= 3);
        assertThat(api.tokenRequests).hasValue(3);
        impatient.close();
    }

    @Test
    @DisplayName("a server that never answers fails the test saying which time limit ran out, in one line: no I/O stack trace"
            + " for each test a hanging tenant fails")
    void hangFailsInOneLine() {
        SimulationApiBackend impatient = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofMillis(300), 2));
        impatient.schema();
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE)
                .build());
        assertThatThrownBy(() -> impatient.send(request("k1"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
            assertThat(e).hasMessage("no answer from " + server.getHostName() + ":" + server.getPort() + "/api/bot/simulate in time"
                    + " (timeout)").hasNoCause();
        });
        assertThat(to("/api/bot/simulate")).hasSize(2);
        impatient.close();
    }

    @Test
    @DisplayName("H8: a connection reset on the submission is replayed with the same Idempotency-Key")
    void submissionResetReplayed() {
        api.submitAnswers(new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        assertThat(backend.send(request("key-reset")).status()).isEqualTo("completed");
        assertThat(to("/api/bot/simulate")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.getHeaders().get("Idempotency-Key")).isEqualTo("key-reset"));
    }

    @Test
    @DisplayName("a message whose submission never left — its token not to be had, the server gone (connection refused) —"
            + " says the bot never got it; one whose submission broke after it was sent does not")
    void messageThatNeverLeft() {
        // Sent, and no answer within the read timeout: the server has it.
        SimulationApiBackend once = new SimulationApiBackend(readTimingOut(Duration.ofSeconds(1), 1));
        once.schema();
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        assertThatThrownBy(() -> once.send(request("key-sent"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("in time");
        api.overrides.remove("/api/bot/simulate");
        once.close();

        backend.schema();
        clock.advance(Duration.ofSeconds(3600));
        api.overrides.put("/api/oauth/token", r -> json(503, "{}"));
        assertThatThrownBy(() -> backend.send(request("key-token"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).isTrue()).hasMessageContaining("cannot get an access token");
        api.overrides.remove("/api/oauth/token");
        assertThat(backend.send(request("key-answered")).status()).isEqualTo("completed");
        server.close();
        assertThatThrownBy(() -> backend.send(request("key-gone"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).isTrue()).hasMessageContaining("cannot connect to")
                .hasMessageNotContaining("access token");
    }

    @Test
    @DisplayName("a submission answered 401 whose token refresh then failed was sent: the server answered it, and one"
            + " answered, whatever it answered, left — as one answered 429 that the waits did not outlast")
    void submissionAnswered401ThenRefreshFailed() {
        backend.schema();
        api.validToken = "tok-2"; // the run's token, tok-1, is refused from now on
        api.overrides.put("/api/oauth/token", r -> json(503, "{}"));
        assertThatThrownBy(() -> backend.send(request("key-401"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
            assertThat(e.messageUnsent()).as(e.getMessage()).isFalse();
        }).hasMessageContaining("cannot get an access token: the token endpoint answered HTTP 503");
        assertThat(to("/api/bot/simulate")).as("the submission the server answered 401").hasSize(1);
    }

    @Test
    @DisplayName("a submission whose connection timed out never left, though its SocketTimeoutException is a read timeout's:"
            + " the message is unsent, and the failure says the connection could not be made")
    void submissionConnectTimeoutNeverLeft() throws Exception {
        // The submission goes where the token came from. The token is had here, and the submission sent to a port that
        // takes no connection: what a tenant that stops taking them between the two looks like to the submission.
        try (TimingOutPort unreachable = new TimingOutPort();
             SimulationApiClient client = new SimulationApiClient(connectingWithin(server.url("/").toString(), Duration.ofMillis(300)))) {
            client.token();
            assertThatThrownBy(() -> client.post(unreachable.url("/api/bot/simulate"), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "key-connect", SimulationApiClient.Exchange.outsideSimulations())).isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                        assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                        assertThat(Delivery.of(e)).isEqualTo(Delivery.NOT_SENT);
                    }).hasMessageContaining("cannot connect to 127.0.0.1:" + unreachable.port() + "/api/bot/simulate in time")
                    .hasMessageNotContaining("no answer");
            assertThat(sleeper.waits()).as("repeated once, as a submission that could not connect is").hasSize(1);
        }
    }

    @Test
    @DisplayName("a token request whose connection timed out keeps what says so: the message is unsent, and its failure"
            + " names the connection, not an answer that did not come")
    void tokenConnectTimeoutNeverLeft() throws Exception {
        try (TimingOutPort unreachable = new TimingOutPort()) {
            SimulationApiBackend nowhere = new SimulationApiBackend(connectingWithin(unreachable.url("/").toString(), Duration.ofMillis(300)));
            try {
                assertThatThrownBy(() -> nowhere.send(request("key-token"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                    assertThat(Delivery.of(e)).as(e.getMessage()).isEqualTo(Delivery.NOT_SENT);
                }).hasMessageContaining("cannot get an access token: cannot connect to 127.0.0.1:" + unreachable.port()
                        + "/api/oauth/token in time").hasMessageNotContaining(SECRET);
            } finally {
                nowhere.close();
            }
        }
    }

    /** Settings of two attempts whose connection must be made within {@code connect}; reads and calls may take long. */
    private SimulationApiSettings connectingWithin(String url, Duration connect) {
        return settings(url, Secret.of(SECRET), Duration.ofSeconds(5), Duration.ofSeconds(10), 2)
                .withHttp(new HttpSettings(connect, Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("A submission answered with what cannot be read (not JSON, too large) reached the server: it is not a message that never left")
    void unreadableAnswerToTheSubmission() {
        backend.schema();
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html>gateway</html>").build());
        assertThatThrownBy(() -> backend.send(request("key-html"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("Content-Type");
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(200).setHeader("Content-Type",
                "application/json").body("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").build());
        assertThatThrownBy(() -> backend.send(request("key-large"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse());
    }

    @Test
    @DisplayName("F5: a TLS handshake that fails and a host that does not resolve are fast transport errors after bounded attempts")
    void handshakeAndDnsFailures() throws Exception {
        try (dev.botsim.cognigy.engine.transport.PlainTextPort plain = new dev.botsim.cognigy.engine.transport.PlainTextPort()) {
            SimulationApiBackend tlsToPlain = new SimulationApiBackend(settings(plain.httpsUrl("/").toString(), Secret.of(SECRET),
                    Duration.ofSeconds(1), Duration.ofSeconds(2), 2));
            assertThatThrownBy(tlsToPlain::schema).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("access token")
                    .hasMessageContaining("SSL").hasMessageNotContaining(SECRET);
            tlsToPlain.close();
        }
        SimulationApiBackend nowhere = new SimulationApiBackend(settings("http://no-such-host.invalid/", Secret.of(SECRET),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 2));
        assertThatThrownBy(nowhere::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("no-such-host.invalid");
        nowhere.close();
        assertThat(sleeper.waits()).hasSize(2); // one backoff each: two attempts, never more
    }

    @Test
    @DisplayName("F1: a body dripping a byte a second never trips the inactivity timer; the whole-call timeout ends it")
    void slowDrip() {
        SimulationApiBackend impatient = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofMillis(700), 1));
        impatient.schema();
        api.overrides.put("/api/bot/simulate", r -> new MockResponse.Builder().code(202).setHeader("Content-Type", "application/json")
                .body("{\"simulationId\":\"sim_1\",\"status\":\"queued\"}").throttleBody(1, 300, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining("in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        impatient.close();
    }

    @Test
    @DisplayName("F2: a connection reset in the middle of a status body is retried")
    void resetMidBody() {
        api.statuses(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"simulationId\":\"sim_1\",\"status\":\"running\",\"turns\":[]}" + " ".repeat(4096))
                        .onResponseBody(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build(),
                status("completed", "[]"));
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.retries()).isNotEmpty();
    }

    @Test
    @DisplayName("F4: a body over 1 MiB and JSON nested 10,000 deep are protocol errors, read no further")
    void hugeAndDeepBodies() {
        api.overrides.put("/api/bot/simulate", r -> json(202, "{\"simulationId\":\"" + "x".repeat(2 << 20) + "\"}"));
        assertThatThrownBy(() -> backend.send(request("k1"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL)).hasMessageContaining("1 MiB");
        api.overrides.put("/api/bot/simulate", r -> json(202, "[".repeat(10_000) + "]".repeat(10_000)));
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }

    @Test
    @DisplayName("F5: connection refused is a fast transport error naming host and port, after bounded attempts")
    void connectionRefused() throws Exception {
        String url = server.url("/").toString();
        server.close();
        SimulationApiBackend offline = new SimulationApiBackend(settings(url, Secret.of(SECRET), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 2));
        assertThatThrownBy(offline::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT)).hasMessageContaining(String.valueOf(server.getPort()))
                .hasMessageNotContaining(SECRET);
        offline.close();
    }

    @Test
    @DisplayName("a token the server echoes — in a failed simulation's error, in a status poll's refusal — is masked in what"
            + " the test reports; the client secret too")
    void echoedTokenMasked() {
        api.validToken = "tok-8f2c4e9a7b1d";
        api.statuses(json(200, "{\"simulationId\":\"sim_1\",\"status\":\"failed\",\"turns\":[],\"error\":{\"code\":"
                + "\"ENGINE\",\"message\":\"bad header Bearer tok-8f2c4e9a7b1d from client-1:" + SECRET + "\"}}"));
        assertThat(backend.send(request("k1")).failure()).startsWith("ENGINE: bad header Bearer ").contains("****")
                .doesNotContain("tok-8f2c4e9a7b1d").doesNotContain(SECRET);

        api.overrides.put("/api/bot/simulation/sim_1", r -> json(400, "{\"message\":\"token tok-8f2c4e9a7b1d is not"
                + " allowed here\"}"));
        assertThatThrownBy(() -> backend.send(request("k2"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("answered HTTP 400: token **** is not allowed here").hasMessageNotContaining("tok-8f2c4e9a7b1d");
    }

    @Test
    @DisplayName("the backend is named simulation, takes user ids usr_ followed by letters and digits only, answers text"
            + " only and has its concurrency limit to show")
    void whatTheBackendTakes() {
        assertThat(backend.name()).isEqualTo("simulation");
        assertThat(backend.answersRichContent()).isFalse();
        assertThat(backend.userIdPattern()).hasValueSatisfying(pattern -> {
            assertThat(pattern.matcher("usr_qa01").matches()).isTrue();
            assertThat(pattern.matcher("jane@example.com").matches()).isFalse();
            assertThat(pattern.matcher("usr_").matches()).isFalse();
            assertThat(pattern.matcher("usr_qa-01").matches()).isFalse();
        });
        assertThat(backend.concurrency()).hasValueSatisfying(state -> assertThat(state.inFlight()).isZero());
    }

    @Test
    @DisplayName("answers carrying the sandbox's header say the run went to the project's sandbox, at its address only;"
            + " without it, nothing is said")
    void sandboxSeen() {
        backend.send(request("k1"));
        assertThat(backend.standIn()).isEmpty();
        api.overrides.put("/api/bot/simulation/sim_1", r -> status("completed", "[]").newBuilder()
                .setHeader("X-Cognigy-Junit-Sandbox", "1").build());
        backend.send(request("k2"));
        assertThat(backend.standIn()).hasValueSatisfying(said -> assertThat(said)
                .startsWith("a cognigy-junit sandbox at http://").contains(":" + server.getPort()).doesNotContain("/api/"));
    }

    @Test
    @DisplayName("flows the bot info names by a display name are known by it too: 'Order Status' is flow_order; a name"
            + " that is blank, missing or the id itself adds nothing")
    void namedFlows() {
        api.overrides.put("/api/bot/info", r -> json(200, "{\"name\":\"order-bot\",\"flows\":["
                + "{\"id\":\"flow_order\",\"name\":\"Order Status\"},{\"id\":\"flow_same\",\"name\":\"flow_same\"},"
                + "{\"id\":\"flow_blank\",\"name\":\" \"},{\"id\":\"flow_bare\"},{\"id\":7,\"name\":\"Numbered\"},"
                + "{\"id\":\"flow_refund\",\"name\":\"Refunds\"}],\"intents\":[\"greeting\"]}"));
        BotSchema schema = backend.schema();
        assertThat(schema.flows()).contains(java.util.Set.of("flow_order", "flow_same", "flow_blank", "flow_bare", "flow_refund"));
        assertThat(schema.reportedFlow("Order Status")).contains("flow_order");
        assertThat(schema.reportedFlow("Refunds")).contains("flow_refund");
        assertThat(schema.flowLabel("flow_order")).isEqualTo("Order Status (flow_order)");
        assertThat(schema.flowLabel("flow_same")).isEqualTo("flow_same");
        assertThat(schema.flowLabel("flow_blank")).isEqualTo("flow_blank");
        assertThat(schema.flowLabel("flow_bare")).isEqualTo("flow_bare");
        assertThat(schema.reportedFlow("Numbered")).isEmpty();
    }

    @Test
    @DisplayName("bot info whose flows are not a list names no flow by a display name")
    void flowsNotAList() {
        api.overrides.put("/api/bot/info", r -> json(200, "{\"flows\":{\"id\":\"flow_order\",\"name\":\"Order Status\"},"
                + "\"intents\":[\"greeting\"]}"));
        BotSchema schema = backend.schema();
        assertThat(schema.flows()).isEmpty();
        assertThat(schema.reportedFlow("Order Status")).isEmpty();
    }

    @Test
    @DisplayName("the entities read refused with 403 says so, as a permission the OAuth client lacks, not that it answered no"
            + " list")
    void entitiesRefused() {
        api.overrides.put("/api/bot/entities", r -> json(403, "{\"error\":\"insufficient_scope\"}"));
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessage("GET /api/bot/entities answered HTTP 403");
    }

    @Test
    @DisplayName("turns without a turnIndex are numbered by their place; entity values keep their type, a structured one"
            + " as its JSON")
    void turnsMapped() {
        api.statuses(status("completed", "[{\"intent\":\"greeting\",\"text\":\"Hi\"},"
                + "{\"intent\":\"check_order\",\"entities\":{\"confirmed\":true,\"count\":2,\"address\":{\"city\":\"Berlin\"}}},"
                + "{\"turnIndex\":7,\"text\":\"Bye\"}]"));
        List<BotTurn> turns = backend.send(request("k1")).turns();
        assertThat(turns).extracting(BotTurn::turnIndex).containsExactly(0, 1, 7);
        assertThat(turns.get(1).entities()).containsEntry("confirmed", true).containsEntry("count", 2)
                .containsEntry("address", "{\"city\":\"Berlin\"}");

        api.overrides.put("/api/bot/simulation/sim_1", r -> status("completed", "[{\"text\":\"Hi\"},{\"intentScore\":2}]"));
        assertThatThrownBy(() -> backend.send(request("k2"))).hasMessageContaining("the simulation's turn 1 has the intent score");
    }

    @Test
    @DisplayName("a turnIndex below 0 is no turn's: the turn is numbered by its place, as one without a turnIndex, so the"
            + " live answer, its recording and the replay of it say the same index")
    void negativeTurnIndexNumberedByItsPlace() {
        api.statuses(status("completed", "[{\"turnIndex\":-1,\"text\":\"Hi\"},{\"turnIndex\":-1,\"text\":\"Bye\"}]"));
        assertThat(backend.send(request("k1")).turns()).extracting(BotTurn::turnIndex).containsExactly(0, 1);
    }

    @Test
    @DisplayName("a status that is not a list of turns gives no turn: a completed simulation without turns")
    void turnsNotAList() {
        api.statuses(json(200, "{\"simulationId\":\"sim_1\",\"status\":\"completed\",\"turns\":{\"text\":\"Hi\"}}"));
        TurnResult result = backend.send(request("k1"));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.turns()).isEmpty();
    }

    @Test
    @DisplayName("the first poll is learned from the run's simulations: one found pending at its first poll places the next"
            + " simulation's later, one found done places it earlier")
    void firstPollLearned() {
        VirtualPollClock pending = new VirtualPollClock();
        SimulationApiBackend learning = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4), pending);
        api.statuses(status("running", "[]"), status("completed", "[]"));
        assertThat(learning.send(request("k1")).polls()).isEqualTo(2);
        learning.send(request("k2"));
        List<Duration> sleeps = pending.sleeps();
        assertThat(sleeps.get(0)).isEqualTo(Duration.ofMillis(5));
        // Found pending at 5 ms and done about 5 ms later: a fifth of the way to that completion, about 6 ms.
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(5).plusNanos(1), Duration.ofMillis(7));
        learning.close();

        VirtualPollClock done = new VirtualPollClock();
        SimulationApiBackend shrinking = new SimulationApiBackend(settings(server.url("/").toString(), Secret.of(SECRET),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4), done);
        shrinking.send(request("k3"));
        shrinking.send(request("k4"));
        assertThat(done.sleeps()).hasSize(2);
        assertThat(done.sleeps().get(1)).isBetween(Duration.ofMillis(4), Duration.ofMillis(5).minusNanos(1));
        shrinking.close();
    }

    @Test
    @DisplayName("a 401 answered and the request repeated with a new token is in the test's retries; the counters show the"
            + " token requests, submissions, polls and retries made")
    void refreshLoggedAndCounted() {
        backend.schema();
        api.validToken = "tok-2";
        TurnResult result = backend.send(request("k1"));
        assertThat(result.retries()).containsExactly("POST /api/bot/simulate answered 401: token refreshed, request repeated");
        api.statuses(json(502, "{}"), status("completed", "[]"));
        backend.send(request("k2"));
        SimulationApiBackend.Counters counters = backend.counters();
        assertThat(counters.tokenRequests()).isEqualTo(2);
        assertThat(counters.submissions()).isEqualTo(2);
        assertThat(counters.polls()).isEqualTo(2);
        assertThat(counters.retries()).isEqualTo(1);
        assertThat(counters.rateLimited()).isZero();
    }

    @Test
    @DisplayName("a 429 on a status poll shows the server busy: the limit of simulations in flight is cut by a tenth, and"
            + " the poll repeated")
    void pollRateLimitedCutsTheLimit() {
        int before = backend.concurrency().orElseThrow().limit();
        api.statuses(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build(), status("completed", "[]"));
        assertThat(backend.send(request("k1")).status()).isEqualTo("completed");
        SimulationApiBackend.Counters counters = backend.counters();
        assertThat(counters.rateLimited()).isEqualTo(1);
        assertThat(counters.limitCuts()).isEqualTo(1);
        assertThat(counters.limit()).isLessThan(before);
    }

    @Test
    @DisplayName("a token endpoint that is not there (404: cognigy.base-url names no simulation API) fails at once, saying"
            + " what it answered, not retried")
    void tokenEndpointMissing() {
        api.overrides.put("/api/oauth/token", r -> {
            api.tokenRequests.incrementAndGet();
            return json(404, "{\"error\":\"not_found\"}");
        });
        assertThatThrownBy(backend::schema).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("cannot get an access token: the token endpoint answered HTTP 404");
        assertThat(api.tokenRequests).hasValue(1);
    }
}
