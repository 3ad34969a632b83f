package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Cognigy environment that goes down mid-run — hanging, answering a proxy's 502 page, or 503 with {@code Retry-After:
 * 120} — is given up on after {@code cognigy.retry.outage-after} tests failed in a row (here, one at a time, the default
 * of 2) over at least {@code cognigy.retry.outage-probe} (30 s): the remaining tests fail at once naming the first
 * failure, instead of each spending its own attempts, timeouts and waits. One that comes back is found by the probe, and
 * the tests after it pass; a burst of failures over a few seconds fails only the tests it meets. How the breaker counts is
 * {@code transport.OutageBreakerTest}'s.
 */
class OutageRunTest {

    private static final int CASES = 60;
    /**
     * The tests of a run whose environment is down for a minute and a half ({@link #assertBlipEnds}): the run goes on for
     * more than a probe interval of refused tests after the outage ends, wherever the threads put its end.
     */
    private static final int BLIP_CASES = 100;
    private static final int ANSWERED = 20;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** A 502 page just over the 1 MiB the bot's clients read of an answer. */
    private static final String OVERSIZED_PAGE = "<html><body><h1>502 Bad Gateway</h1>" + "<!-- -->".repeat(140_000)
            + "</body></html>";
    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("outage-test-key-of-32-bytes!!!!!".getBytes(StandardCharsets.UTF_8));

    /** How the environment fails. */
    private enum Failure {
        /** Accepts the request and never answers: the client's read timeout ends each attempt (30 s on the clock). */
        HANG,
        /** A load balancer's HTML page. */
        BAD_GATEWAY,
        /** 503 asking for two minutes, within the longest wait, so each attempt waits them. */
        UNAVAILABLE,
        /** A load balancer's 502 page larger than any answer of the API ({@link #OVERSIZED_PAGE}). */
        OVERSIZED_BAD_GATEWAY
    }

    @TempDir
    Path dir;

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final Instant start = clock.instant();
    private final AtomicInteger turns = new AtomicInteger();
    /** Requests to the environment once it is down, the webhook's aside. */
    private final AtomicInteger whileDown = new AtomicInteger();
    private final List<String> webhook = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("simulation API hanging after 20 tests: 8 more requests (2 tests x 4 attempts), 38 tests fail at once naming"
            + " the first timeout, 4 min on the clock instead of 80; audit and webhook say REVIEW_REQUIRED")
    void simulationApiHangs() throws IOException {
        EngineExecutionResults results = run("simulation", new Tenant(Failure.HANG, null), clock);

        List<String> refused = assertFailedFast(results, 2, "POST /api/bot/simulate not sent: the server failed 2 requests in a row"
                + " since 2026-11-24T10:02:00");
        assertThat(refused).allSatisfy(message -> assertThat(message).contains("the first: POST /api/bot/simulate failed (no"
                + " answer from", "/api/bot/simulate in time", "(4 attempts) (cognigy.retry.outage-after); one request every"
                + " 30 s is sent to see whether it is back (cognigy.retry.outage-probe)"));
        assertThat(whileDown).as("2 tests x 4 attempts, where 40 x 4 went before").hasValue(8);
        assertThat(Duration.between(start, clock.instant())).as("8 read timeouts and their backoff")
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(4).plusSeconds(5));
        assertVerdictReachesEveryone();
    }

    @Test
    @DisplayName("simulation API answering a 502 page (in 1 s) after 20 tests: the 8 tests of its first 30 s fail with it, the"
            + " other 32 at once: 32 more requests instead of 160")
    void simulationApiBadGateway() throws IOException {
        Tenant tenant = new Tenant(Failure.BAD_GATEWAY, null, Duration.ofSeconds(1));
        EngineExecutionResults results = run("simulation", tenant, clock);

        List<String> refused = assertFailedFast(results, 8, "POST /api/bot/simulate not sent: the server failed 8 requests in a row");
        assertThat(refused).allSatisfy(message -> assertThat(message)
                .contains("the first: POST /api/bot/simulate answered 502 (4 attempts) (cognigy.retry.outage-after)"));
        assertThat(whileDown).hasValue(8 * 4);
        assertThat(Duration.between(tenant.downSince, clock.instant())).as("8 tests of 4 attempts, a second each, and backoff")
                .isBetween(Duration.ofSeconds(34), Duration.ofSeconds(38));
        assertVerdictReachesEveryone();
    }

    @Test
    @DisplayName("simulation API answering 503 Retry-After: 120 after 20 tests: 2 tests wait 3 x 120 s, 12 min instead of 4 h")
    void simulationApiUnavailable() throws IOException {
        EngineExecutionResults results = run("simulation", new Tenant(Failure.UNAVAILABLE, null), clock);

        assertFailedFast(results, 2, "POST /api/bot/simulate not sent: the server failed 2 requests in a row");
        assertThat(whileDown).hasValue(8);
        assertThat(sleeper.total()).isBetween(Duration.ofSeconds(720), Duration.ofSeconds(721));
        assertVerdictReachesEveryone();
    }

    @Test
    @DisplayName("REST Endpoint hanging after 20 tests: 2 more requests instead of 40, 1 min on the clock instead of 20")
    void endpointHangs() throws IOException {
        EngineExecutionResults results = run("endpoint", new Tenant(Failure.HANG, null), clock);

        List<String> refused = assertFailedFast(results, 2, "POST to the REST Endpoint not sent: the server failed 2 requests in a row");
        assertThat(refused).allSatisfy(message -> assertThat(message)
                .contains("the first: POST to the REST Endpoint failed (no answer in time) (cognigy.retry.outage-after)"));
        assertThat(whileDown).hasValue(2);
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(1).plusSeconds(1));
        assertVerdictReachesEveryone();
    }

    @Test
    @DisplayName("REST Endpoint answering a 502 page (in 1 s) after 20 tests: the 31 tests of its first 30 s fail with it, the"
            + " other 9 at once")
    void endpointBadGateway() throws IOException {
        EngineExecutionResults results = run("endpoint", new Tenant(Failure.BAD_GATEWAY, null, Duration.ofSeconds(1)), clock);

        List<String> refused = assertFailedFast(results, 31, "POST to the REST Endpoint not sent: the server failed 31 requests in a row");
        assertThat(refused).allSatisfy(message -> assertThat(message)
                .contains("the first: POST to the REST Endpoint answered 502 (cognigy.retry.outage-after)"));
        assertThat(whileDown).hasValue(31);
        assertVerdictReachesEveryone();
    }

    @Test
    @DisplayName("a 502 page larger than any answer of the API is a 502 like any other: simulation API, the tests of its first"
            + " 30 s fail with it, the others at once")
    void simulationApiOversizedBadGateway() throws IOException {
        EngineExecutionResults results = run("simulation", new Tenant(Failure.OVERSIZED_BAD_GATEWAY, null, Duration.ofSeconds(1)),
                clock);

        List<String> refused = assertFailedFast(results, 8, "POST /api/bot/simulate not sent: the server failed 8 requests in a row");
        assertThat(refused).allSatisfy(message -> assertThat(message)
                .contains("the first: POST /api/bot/simulate answered 502 (4 attempts) (cognigy.retry.outage-after)"));
        assertThat(EngineTestSupport.answerFailures(results).subList(0, 8)).containsOnly("POST /api/bot/simulate answered HTTP 502");
        assertThat(whileDown).hasValue(8 * 4);
    }

    @Test
    @DisplayName("a 502 page larger than any answer of the API is a 502 like any other: REST Endpoint")
    void endpointOversizedBadGateway() throws IOException {
        EngineExecutionResults results = run("endpoint", new Tenant(Failure.OVERSIZED_BAD_GATEWAY, null, Duration.ofSeconds(1)), clock);

        List<String> refused = assertFailedFast(results, 31, "POST to the REST Endpoint not sent: the server failed 31 requests in a row");
        assertThat(refused).allSatisfy(message -> assertThat(message)
                .contains("the first: POST to the REST Endpoint answered 502 (cognigy.retry.outage-after)"));
        assertThat(whileDown).hasValue(31);
    }

    @Test
    @DisplayName("simulation API down for a minute and a half: the tests meanwhile fail at once, a probe finds it back, the"
            + " tests after it pass")
    void simulationApiBlip() throws IOException {
        assertBlipEnds("simulation", "POST /api/bot/simulate not sent: the server failed ");
    }

    @Test
    @DisplayName("REST Endpoint down for a minute and a half: a probe finds it back, the tests after it pass")
    void endpointBlip() throws IOException {
        assertBlipEnds("endpoint", "POST to the REST Endpoint not sent: the server failed ");
    }

    @Test
    @DisplayName("a flow that breaks on one input (500 from the REST Endpoint, the others answered): its tests fail, the"
            + " tests after them are sent and pass, one at a time or eight, though the 500s go on for longer than the"
            + " outage probe")
    void flowErrorIsNoOutage() throws IOException {
        server.start();
        // Each reading of the clock takes a second: the twelve 500s in a row span more than the 30 s over which failures
        // in a row open the breaker, were they counted towards an outage.
        Clock ticking = clock.readingTakes(Duration.ofSeconds(1));
        for (String concurrency : List.of("1", "8")) {
            Tenant answering = new Tenant(Failure.BAD_GATEWAY, Duration.ZERO);
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getBody() != null && request.getBody().utf8().contains("cancel")) {
                        return json(500, "{\"error\":\"Code node threw: Cannot read properties of undefined (reading 'id')\"}");
                    }
                    return answering.dispatch(request);
                }
            });
            List<String> lines = new ArrayList<>(List.of("version: 1", "cases:"));
            for (int i = 0; i < 12; i++) {
                lines.addAll(List.of("  - id: test_cancel_" + i, "    utterance: \"cancel my order " + i + "\"", "    expect: { intent: cancel }"));
            }
            for (int i = 0; i < 30; i++) {
                lines.addAll(List.of("  - id: test_hello_" + i, "    utterance: \"hello " + i + "\"", "    expect: { intent: greeting }"));
            }
            Path suite = Files.createDirectories(dir.resolve("flow-error-" + concurrency));
            Files.write(suite.resolve("orders.sim.yaml"), lines);
            Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b").toString());
            EngineExecutionResults results = EngineTestSupport.kit(EngineTestSupport.realBackends(environment, ticking, sleeper), sleeper)
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.MAX_CONCURRENCY, concurrency)
                    .configurationParameter(Constants.PARALLEL_ENABLED, String.valueOf(!concurrency.equals("1")))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + concurrency).toString())
                    .selectors(selectDirectory(suite.toFile()))
                    .execute();

            results.testEvents().assertStatistics(stats -> stats.started(42).succeeded(30).failed(12));
            assertThat(EngineTestSupport.answerFailures(results)).as("concurrency " + concurrency)
                    .allSatisfy(message -> assertThat(message).contains("answered HTTP 500").doesNotContain("not sent"));
        }
    }

    @Test
    @DisplayName("simulation API answering 502 for 3 s, each request taking 200 ms: only the tests in those 3 s fail, with"
            + " their own 502; the tests after them are sent and pass")
    void simulationApiBlipOfSeconds() throws IOException {
        assertBlipOfSecondsFailsOnlyItsTests("simulation");
    }

    @Test
    @DisplayName("REST Endpoint answering 502 for 3 s, each request taking 200 ms: only the tests in those 3 s fail")
    void endpointBlipOfSeconds() throws IOException {
        assertBlipOfSecondsFailsOnlyItsTests("endpoint");
    }

    private void assertBlipOfSecondsFailsOnlyItsTests(String backend) throws IOException {
        EngineExecutionResults results = run(backend, new Tenant(Failure.BAD_GATEWAY, Duration.ofSeconds(3),
                Duration.ofMillis(200)), clock);

        List<String> messages = EngineTestSupport.answerFailures(results);
        assertThat(messages).as("the tests that met the 502s").isNotEmpty().hasSizeLessThanOrEqualTo(15)
                .allSatisfy(message -> assertThat(message).contains("answered HTTP 502").doesNotContain("not sent"));
        results.testEvents().assertStatistics(stats -> stats.started(CASES).succeeded(CASES - messages.size()));
    }

    /**
     * The environment answers 502 for 90 s from the 21st test on. A run takes time when it sends nothing too: here each
     * reading of the clock takes a second.
     */
    private void assertBlipEnds(String backend, String refusal) throws IOException {
        Clock ticking = clock.readingTakes(Duration.ofSeconds(1));
        EngineExecutionResults results = run(backend, new Tenant(Failure.BAD_GATEWAY, Duration.ofSeconds(90)), ticking, BLIP_CASES);

        List<String> messages = EngineTestSupport.answerFailures(results);
        long refused = messages.stream().filter(message -> message.startsWith(refusal)).count();
        assertThat(refused).as("tests failed at once while the environment was down").isPositive();
        assertThat(messages.size()).as("failed tests").isLessThan(BLIP_CASES - ANSWERED);
        // Where the run stands when the tenant is back varies by a few tests from run to run: a test started ahead reads the
        // clock twice more than one sent at its turn, and which are started ahead is up to the threads (the first test
        // to pass again was the 34th to the 57th over some 150 runs on a loaded machine, and once, of a run of 60, none:
        // a probe just before the outage's end puts the next one 30 s later). So what is checked is what holds in every
        // run, and the run is long enough (BLIP_CASES) to reach that next probe.
        List<String> statuses = results.testEvents().finished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getStatus().name()).toList();
        List<String> sinceBack = statuses.subList(Math.min(ANSWERED + statuses.subList(ANSWERED, statuses.size()).indexOf("SUCCESSFUL"),
                statuses.size()), statuses.size());
        assertThat(sinceBack).as("the tests from the first to pass after the outage on: a probe found it back").isNotEmpty()
                .containsOnly("SUCCESSFUL");
        assertThat(statuses.subList(ANSWERED, statuses.size() - sinceBack.size())).as("the tests while it was down")
                .hasSizeGreaterThanOrEqualTo(10).containsOnly("FAILED");
        assertThat(whileDown.get()).as("requests while down: those of the first 30 s of failures, which opened the breaker,"
                + " and a probe or so (13 to 17 and 8 to 9 over 13 runs)").isLessThanOrEqualTo(backend.equals("simulation") ? 5 * 4 : 12);
    }

    /**
     * The tests after the first 20 and the {@code own} that failed with the environment's answer, opening the breaker,
     * failed at once with {@code refusal}; returns their messages.
     */
    private List<String> assertFailedFast(EngineExecutionResults results, int own, String refusal) {
        results.testEvents().assertStatistics(stats -> stats.started(CASES).succeeded(ANSWERED).failed(CASES - ANSWERED));
        List<String> messages = EngineTestSupport.answerFailures(results);
        assertThat(messages.subList(0, own)).noneMatch(message -> message.contains(" not sent: "));
        List<String> refused = messages.subList(own, messages.size());
        assertThat(refused).hasSize(CASES - ANSWERED - own).allSatisfy(message -> assertThat(message).startsWith(refusal));
        return refused;
    }

    /** results.json, the audit record and the webhook (another client, to the same host) all have the run's verdict. */
    private void assertVerdictReachesEveryone() throws IOException {
        JsonNode results = JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results.path("summary").path("passed").asInt()).isEqualTo(ANSWERED);
        assertThat(results.path("summary").path("total").asInt()).isEqualTo(CASES);
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).singleElement().asString()
                .contains("\"governance\":\"REVIEW_REQUIRED\"", "\"total\":" + CASES, "\"passed\":" + ANSWERED);
        assertThat(webhook).singleElement().asString().contains("\"governance\":\"REVIEW_REQUIRED\"");
    }

    private EngineExecutionResults run(String backend, Tenant tenant, Clock runClock) throws IOException {
        return run(backend, tenant, runClock, CASES);
    }

    /** A run of {@code cases} greetings against {@code tenant}. */
    private EngineExecutionResults run(String backend, Tenant tenant, Clock runClock, int cases) throws IOException {
        // The read timeout is the one real wait here. Only a hanging tenant needs it short — a second, so a hanging request
        // ends soon and an answered one is not taken for hanging on a busy machine (100 ms failed an answered request once
        // on a loaded CI machine). A tenant that answers, however badly, keeps the default: no request of its waits on
        // it, so no load on the machine can turn an answer into a timeout and change what the run counts.
        return run(backend, tenant, runClock, tenant.failure == Failure.HANG ? "1s" : null, cases);
    }

    /** @param readTimeout the clients' read timeout ({@code null}: the default): a hanging request ends soon for real */
    private EngineExecutionResults run(String backend, Tenant tenant, Clock runClock, String readTimeout, int cases)
            throws IOException {
        server.setDispatcher(tenant);
        EngineTestSupport.greetingSuite(dir.resolve("suite"), cases);
        server.start();
        Map<String, String> environment = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "secret-1",
                Constants.ENDPOINT_URL_ENV, server.url("/f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b").toString(),
                Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        org.junit.platform.testkit.engine.EngineTestKit.Builder kit = EngineTestSupport.kit(
                EngineTestSupport.realBackends(environment, runClock, sleeper), sleeper);
        if (readTimeout != null) kit.configurationParameter(Constants.HTTP_READ_TIMEOUT, readTimeout);
        return kit.configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                // One at a time, so the counts are exact: cognigy.retry.outage-after is 2 by default then.
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "1ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, server.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .selectors(selectDirectory(dir.resolve("suite").toFile()))
                .execute();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /**
     * The simulation API and a REST Endpoint answering greetings; from turn {@link #ANSWERED} + 1 on, every request to
     * the environment fails as {@code failure} says, for {@code lasting} (or for good when {@code null}). The webhook
     * receiver on the same host answers throughout.
     */
    private class Tenant extends Dispatcher {
        private final Failure failure;
        private final Duration lasting;
        private final Duration latency;
        private final AtomicInteger simulations = new AtomicInteger();
        private volatile Instant downUntil;
        private volatile Instant downSince;

        Tenant(Failure failure, Duration lasting) {
            this(failure, lasting, Duration.ZERO);
        }

        /** @param latency what each answer of the environment takes on the clock */
        Tenant(Failure failure, Duration lasting, Duration latency) {
            this.failure = failure;
            this.lasting = lasting;
            this.latency = latency;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/hook")) {
                webhook.add(request.getBody() == null ? "" : request.getBody().utf8());
                return new MockResponse.Builder().code(200).build();
            }
            boolean turn = path.equals("/api/bot/simulate") || path.startsWith("/f3e9");
            if (turn && turns.incrementAndGet() == ANSWERED + 1) {
                downSince = clock.instant();
                downUntil = lasting == null ? Instant.MAX : clock.instant().plus(lasting);
            }
            clock.advance(latency);
            if (downUntil != null && clock.instant().isBefore(downUntil)) {
                whileDown.incrementAndGet();
                return failed();
            }
            return switch (path) {
                case "/api/oauth/token" -> json(200, "{\"access_token\":\"tok-1\",\"expires_in\":7200,\"token_type\":\"Bearer\"}");
                case "/api/bot/info" -> json(200, "{\"name\":\"order-bot\",\"flows\":[{\"id\":\"flow_greeting\",\"deployed\":true}],"
                        + "\"intents\":[\"greeting\"]}");
                case "/api/bot/entities" -> json(200, "[]");
                case "/api/bot/simulate" -> json(202, "{\"simulationId\":\"sim_" + simulations.incrementAndGet()
                        + "\",\"status\":\"queued\"}");
                default -> path.startsWith("/api/bot/simulation/") ? json(200, "{\"status\":\"completed\",\"turns\":[{\"turnIndex\":0,"
                        + "\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"intentScore\":0.9,\"entities\":{},\"text\":\"Hello!\"}]}")
                        : json(200, """
                                {"text":"Hello!","data":{},"outputStack":[
                                  {"text":"Hello!","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                                  {"text":null,"data":{"intent":"greeting","intentScore":0.91,"flowName":"flow_greeting","slots":{}},
                                   "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],
                                 "userId":"usr_cognigyjunit","sessionId":"ses_1"}""");
            };
        }

        private MockResponse failed() {
            return switch (failure) {
                case HANG -> {
                    // The clients' read timeout (a second for real) ends the stall; the clock moves by the 30 s it stands for.
                    clock.advance(READ_TIMEOUT);
                    yield new MockResponse.Builder().code(200).onResponseStart(SocketEffect.Stall.INSTANCE).build();
                }
                case BAD_GATEWAY -> new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                        .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build();
                case OVERSIZED_BAD_GATEWAY -> new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                        .body(OVERSIZED_PAGE).build();
                case UNAVAILABLE -> new MockResponse.Builder().code(503).setHeader("Retry-After", "120")
                        .setHeader("Content-Type", "application/json").body("{\"error\":\"Service Unavailable\"}").build();
            };
        }
    }
}
