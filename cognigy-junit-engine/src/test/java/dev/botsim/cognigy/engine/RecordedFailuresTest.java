package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What a recording run writes for a message that got no answer: the bot's failure (a timeout, an outage, an error answer
 * to the message) as unanswered, in words that do not change from run to run; a failure of the run's own setup
 * (credentials, a permission, its configuration, a URL naming no endpoint) and a message that never left for the bot (a
 * tenant down, a host that does not resolve) nothing, its test keeping the entry it had.
 */
class RecordedFailuresTest {

    @TempDir
    Path dir;

    private static final String SUITE = """
            version: 1
            cases:
              - id: test_hello
                utterance: hello
                expect: { intent: greeting }
              - id: test_hi
                utterance: hi
                expect: { intent: greeting }
              - id: test_where
                utterance: where is my order ORD_99
                expect: { intent: check_order }
            """;

    @Test
    @DisplayName("credentials rejected, a permission missing and a message the configuration keeps from the bot record"
            + " nothing: each test keeps the answer it had, the cassette is unchanged byte for byte, replay answers them as"
            + " the bot did, and the console says so once")
    void setupFailuresRecordNothing() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), SUITE);
        run(config -> new ScriptedBackend(), "record", data, Map.of(), Map.of());
        String recorded = cassette();

        // The nightly job's secret expired, its client lost a scope, and a setting went missing.
        Map<String, BackendException> failing = Map.of(
                "hello", new BackendException(Kind.AUTHENTICATION, "the token endpoint rejected the client credentials (HTTP 401:"
                        + " invalid_client) at " + Instant.now() + "; check cognigy.client-id / COGNIGY_CLIENT_ID and COGNIGY_CLIENT_SECRET"),
                "hi", new BackendException(Kind.PERMISSION, "POST /api/bot/simulate answered HTTP 403: the token lacks scope"
                        + " simulation:execute"),
                "where is my order ORD_99", new BackendException(Kind.CONFIGURATION, "test test_where injects Cognigy context"
                        + " (inject_context), which needs the management API"));
        Run refused = run(config -> failing(failing), "record", data, Map.of(), Map.of());
        assertThat(refused.records()).extracting(SimulationRecord::outcome).containsOnly(Outcome.ERROR);

        assertThat(cassette()).as("nothing of the run's setup is the bot's answer").isEqualTo(recorded);
        assertThat(refused.console()).containsOnlyOnce("not recorded:")
                .contains("[cognigy] WARNING not recorded: 3 messages failed for the run's own setup, not for the bot (the"
                        + " first: authentication: the token endpoint rejected the client credentials (HTTP 401: invalid_client)",
                        "their tests keep the entries they had unless this run recorded another of their messages, so replay"
                                + " answers them as the bot last did: fix the setup and record again")
                .doesNotContain("unanswered, an error or a timeout");

        Run replayed = run(config -> new ScriptedBackend(), "replay", data, Map.of(), Map.of());
        assertThat(replayed.records()).extracting(SimulationRecord::testId, SimulationRecord::outcome, SimulationRecord::replayed)
                .containsExactlyInAnyOrder(Tuple.tuple("test_hello", Outcome.PASSED, true),
                        Tuple.tuple("test_hi", Outcome.PASSED, true), Tuple.tuple("test_where", Outcome.PASSED, true));
    }

    @Test
    @DisplayName("against a tenant (the sandbox as one): a client lacking the scope to simulate (403) and a REST Endpoint"
            + " URL whose token names no endpoint (404) record nothing; the bot's own error answer to a message is recorded")
    void setupFailuresOfARealBackendRecordNothing() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), SUITE);
        try (CognigySandbox tenant = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withUrlToken("rec0url0token0000000000000000000000000000000000000000000000000cd"))) {
            Map<String, String> simulation = Map.of(Constants.BASE_URL, tenant.baseUrl(), Constants.CLIENT_ID, tenant.clientId());
            Map<String, String> secret = Map.of(Constants.CLIENT_SECRET_ENV, tenant.clientSecret());
            run(Backends::create, "record", data, with(simulation, Constants.BACKEND, "simulation"), secret);
            String recorded = cassette();

            Run lacking = run(Backends::create, "record", data, with(with(simulation, Constants.BACKEND, "simulation"),
                    Constants.OAUTH_SCOPE, "bot:read"), secret);
            assertThat(lacking.records()).extracting(SimulationRecord::message).allSatisfy(message -> assertThat(message)
                    .contains("answered HTTP 403"));
            assertThat(cassette()).isEqualTo(recorded);
            assertThat(lacking.console()).containsOnlyOnce("not recorded: 3 messages failed for the run's own setup");
            assertThat(run(Backends::create, "replay", data, with(simulation, Constants.BACKEND, "simulation"), secret).records())
                    .extracting(SimulationRecord::outcome).containsOnly(Outcome.PASSED);

            Files.delete(Path.of(cassettePath()));
            Map<String, String> endpoint = Map.of(Constants.BACKEND, "endpoint");
            run(Backends::create, "record", data, endpoint, Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl()));
            String recordedThere = cassette();
            String mistyped = tenant.endpointUrl().substring(0, tenant.endpointUrl().length() - 2) + "ef";
            Run nowhere = run(Backends::create, "record", data, endpoint, Map.of(Constants.ENDPOINT_URL_ENV, mistyped));
            assertThat(nowhere.records()).extracting(SimulationRecord::message).allSatisfy(message -> assertThat(message)
                    .contains("answered HTTP 404", "its URL names no endpoint"));
            assertThat(cassette()).isEqualTo(recordedThere);
        }
    }

    @Test
    @DisplayName("a tenant down (its REST Endpoint refusing the connection) or a mistyped host (one that does not resolve)"
            + " while recording: the messages never left, so nothing is recorded, each test keeps the answer it had, replay"
            + " answers them as the bot did, and the console says so once")
    void messagesThatNeverLeftRecordNothing() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), SUITE);
        Map<String, String> endpoint = Map.of(Constants.BACKEND, "endpoint");
        String url;
        String recorded;
        try (CognigySandbox tenant = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"), SandboxOptions.defaults())) {
            url = tenant.endpointUrl();
            run(Backends::create, "record", data, endpoint, Map.of(Constants.ENDPOINT_URL_ENV, url));
            recorded = cassette();
        }
        String mistyped = okhttp3.HttpUrl.get(url).newBuilder().host("cognigy-tenant.invalid").build().toString();
        for (String nowhere : List.of(url, mistyped)) {
            Run down = run(Backends::create, "record", data, endpoint, Map.of(Constants.ENDPOINT_URL_ENV, nowhere));
            assertThat(down.records()).as(nowhere).extracting(SimulationRecord::outcome).containsOnly(Outcome.ERROR);
            assertThat(down.records()).extracting(SimulationRecord::message).allSatisfy(message -> assertThat(message)
                    .contains("cannot reach REST Endpoint"));
            assertThat(cassette()).as("the bot answered none of them: " + nowhere).isEqualTo(recorded);
            assertThat(down.console()).containsOnlyOnce("not recorded:").contains("[cognigy] WARNING not recorded: 3 messages"
                    + " never reached the bot: each failed before it was sent (no connection, no such host, no TLS"
                    + " session, held back, or a request that comes before it failed) (the first: transport: cannot reach REST Endpoint", "so replay answers them as"
                    + " the bot last did: check that the Cognigy environment is up and its address right, and record again");
        }
        assertThat(run(config -> new ScriptedBackend(), "replay", data, endpoint, Map.of(Constants.ENDPOINT_URL_ENV, url)).records())
                .extracting(SimulationRecord::outcome).containsOnly(Outcome.PASSED);
    }

    @Test
    @DisplayName("context that could not be injected before a REST Endpoint message (the management API answering 503 and"
            + " asking for an hour, then holding the next inject back) kept the message from the bot: nothing is recorded,"
            + " each test keeps the answer it had, and the console says so once")
    void contextNotInjectedRecordsNothing() throws Exception {
        Path data = Files.writeString(dir.resolve("gold.sim.yaml"), """
                version: 1
                cases:
                  - id: test_gold
                    utterance: where is my order
                    inject_context: { customerTier: gold }
                    expect: { intent: check_order }
                  - id: test_silver
                    utterance: where is my parcel
                    inject_context: { customerTier: silver }
                    expect: { intent: check_order }
                """);
        ManagementApiFake tenant = new ManagementApiFake();
        java.util.concurrent.atomic.AtomicBoolean injectDown = new java.util.concurrent.atomic.AtomicBoolean();
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    if (injectDown.get() && request.getUrl().encodedPath().endsWith("/context/inject")) {
                        tenant.requests.add(request);
                        return new mockwebserver3.MockResponse.Builder().code(503).setHeader("Retry-After", "3600").build();
                    }
                    return tenant.dispatch(request);
                }
            });
            server.start();
            Map<String, String> settings = Map.of(Constants.BACKEND, "endpoint", Constants.MANAGEMENT_URL, server.url("/").toString(),
                    Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT);
            Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN).toString(),
                    Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY);
            Run answered = run(Backends::create, "record", data, settings, environment);
            String recorded = cassette();

            injectDown.set(true);
            Run down = run(Backends::create, "record", data, settings, environment);
            assertThat(down.records()).extracting(SimulationRecord::message).allSatisfy(message -> assertThat(message)
                    .contains("management API"));
            assertThat(tenant.requests).filteredOn(r -> r.getUrl().encodedPath().endsWith("/context/inject")).as("the first inject"
                    + " answered, the second held back").hasSize(answered.records().size() + 1);
            assertThat(cassette()).as("the bot got neither message").isEqualTo(recorded);
            assertThat(down.console()).containsOnlyOnce("not recorded:").contains("[cognigy] WARNING not recorded: 2 messages"
                    + " never reached the bot", "or a request that comes before it failed) (the first:");

            assertThat(run(config -> new ScriptedBackend(), "replay", data, settings, environment).records())
                    .extracting(SimulationRecord::testId, SimulationRecord::outcome, SimulationRecord::replayed)
                    .containsExactlyInAnyOrderElementsOf(answered.records().stream()
                            .map(r -> Tuple.tuple(r.testId(), r.outcome(), true)).toList());
        }
    }

    @Test
    @DisplayName("the bot failing alike in two recording runs writes the same bytes: the run's ids, the server's ids and"
            + " times, a local port, the polls a failure took are not recorded as they were, while what failed and how is"
            + " (the transport's own counts and waits: FailureTextTest#everyWayTheTransportGivesUp)")
    void theBotFailingAlikeRecordsTheSameBytes() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), SUITE);
        Function<EngineConfig, Backend> failingAsBefore = config -> new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                requests.add(request);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                if ("hi".equals(request.text())) {
                    String simulation = "sim_" + Long.toString(random.nextLong(1, Long.MAX_VALUE), 36);
                    String polled = " after " + random.nextInt(3, 30) + " polls";
                    throw new BackendException(Kind.TIMEOUT, "simulation " + simulation + " did not complete within 60 s"
                            + " (cognigy.poll.timeout); last status: running" + polled).varying(simulation, "<simulation id>")
                            .varying(polled, "");
                }
                if (request.text().startsWith("where")) {
                    throw new BackendException(Kind.TRANSPORT, "REST Endpoint http://127.0.0.1:" + random.nextInt(40000, 60000)
                            + "/**** answered HTTP 502: {\"traceId\":\"endpoint-httpIncomingMessage-" + UUID.randomUUID()
                            + "\",\"at\":\"" + Instant.now() + "\",\"playbook\":\"cognigy-junit/" + request.runId()
                            + "/test_where\"}");
                }
                return super.send(request);
            }
        };
        Run first = run(failingAsBefore, "record", data, Map.of(), Map.of());
        String recorded = cassette();
        run(failingAsBefore, "record", data, Map.of(), Map.of());
        assertThat(cassette()).as("recorded again, the bot failing as before").isEqualTo(recorded);

        assertThat(first.records()).extracting(SimulationRecord::testId, SimulationRecord::outcome).containsExactlyInAnyOrder(
                Tuple.tuple("test_hello", Outcome.PASSED), Tuple.tuple("test_hi", Outcome.TIMEOUT), Tuple.tuple("test_where", Outcome.ERROR));
        assertThat(recorded).contains("\"kind\" : \"timeout\"", "\"message\" : \"simulation <simulation id> did not complete"
                        + " within 60 s (cognigy.poll.timeout); last status: running\"", "\"kind\" : \"transport\"",
                "REST Endpoint http://127.0.0.1:<port>/**** answered HTTP 502: {\\\"traceId\\\":\\\"endpoint-httpIncomingMessage-<uuid>\\\","
                        + "\\\"at\\\":\\\"<time>\\\",\\\"playbook\\\":\\\"cognigy-junit/<run id>/test_where\\\"}");

        // Replayed, each fails as recorded, in the recorded words.
        Run replayed = run(config -> new ScriptedBackend(), "replay", data, Map.of(), Map.of());
        assertThat(replayed.records()).filteredOn(r -> r.testId().equals("test_hi")).singleElement().satisfies(hi -> {
            assertThat(hi.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(hi.message()).contains("simulation <simulation id> did not complete within 60 s", "(replayed: the bot"
                    + " gave this message no answer when it was recorded");
        });
    }

    @Test
    @DisplayName("a simulation stuck at a tenant (the sandbox as one) times out with a new simulation id and another count"
            + " of polls each run: recorded twice, the cassette is the same bytes")
    void aStuckSimulationRecordsTheSameBytes() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        try (CognigySandbox tenant = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"), SandboxOptions.defaults())) {
            tenant.faults().stuckRatio(1.0);
            Map<String, String> simulation = Map.of(Constants.BACKEND, "simulation", Constants.BASE_URL, tenant.baseUrl(),
                    Constants.CLIENT_ID, tenant.clientId(), Constants.POLL_TIMEOUT, "1s", Constants.POLL_INITIAL_DELAY, "10ms");
            Map<String, String> secret = Map.of(Constants.CLIENT_SECRET_ENV, tenant.clientSecret());
            Run first = run(Backends::create, "record", data, simulation, secret);
            assertThat(first.records()).singleElement().extracting(SimulationRecord::outcome).isEqualTo(Outcome.TIMEOUT);
            String recorded = cassette();
            run(Backends::create, "record", data, simulation, secret);
            assertThat(cassette()).as("recorded again, the simulation stuck as before").isEqualTo(recorded);

            assertThat(recorded).contains("\"message\" : \"simulation <simulation id> did not complete within 1 s"
                    + " (cognigy.poll.timeout); last status: ").doesNotContain("sim_", " polls");
        }
    }

    /** A bot answering as {@link ScriptedBackend} does, but failing each message {@code failing} names with its failure. */
    private static ScriptedBackend failing(Map<String, BackendException> failing) {
        return new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                BackendException failure = failing.get(request.text());
                if (failure == null) return super.send(request);
                requests.add(request);
                throw failure;
            }
        };
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(key, value);
        return more;
    }

    /** What a run gave: the records its listeners got and its console. */
    private record Run(List<SimulationRecord> records, String console) {
    }

    private Run run(Function<EngineConfig, Backend> backends, String mode, Path data, Map<String, String> settings,
                    Map<String, String> environment) {
        RecordingListener listener = new RecordingListener();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineServices services = new EngineServices(environment::get, backends, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(listener);
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services));
        settings.forEach(kit::configurationParameter);
        kit.configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                // One at a time, in the file's order: the first failure the console names is the first test's.
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();
        return new Run(List.copyOf(listener.finished), console.toString(StandardCharsets.UTF_8));
    }

    private String cassettePath() throws IOException {
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            return files.filter(p -> p.toString().endsWith(".cassette.json")).findFirst().orElseThrow().toString();
        }
    }

    private String cassette() throws IOException {
        return Files.readString(Path.of(cassettePath()));
    }
}
