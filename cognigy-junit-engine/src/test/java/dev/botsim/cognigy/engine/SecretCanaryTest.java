package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * S1/S2: a run with a unique client secret and access token — failing tests, a token rejected
 * mid-run, the most verbose logging — leaves neither in any log line, console output, report file
 * or exception, in plain, base64 or URL-encoded form. The same holds for the REST Endpoint's URL
 * token, whatever the shape of the URL, and a URL given where it would be written into reports is
 * refused. Both runs record their exchanges ({@code cognigy.replay=record}), so the cassettes are searched too, and
 * trace them ({@code cognigy.http.trace}), so the trace of every exchange with the echoing server is searched too.
 */
class SecretCanaryTest {

    private static final String SECRET = "cs-canary-5b1e9d7c2a";
    private static final String TOKEN = "at-canary-8d4f2b6e0c";
    private static final String WEBHOOK_KEY = "wh-canary-3c9e1a7f5b2d4e6f"; // 26 bytes: signing keys need at least 24
    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8));
    private static final String URL_TOKEN = "ut-canary-7e3a9c1f5d8b";

    @Test
    @DisplayName("S1/S2: client secret, access token and webhook secret appear in no log, output, report, audit record, outbox, webhook or exception")
    void noSecretAnywhere(@TempDir Path reports) throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            server.setDispatcher(new LeakyServer());
            server.start();
            recordThreeFailingTests(server, receiver, SECRET, reports, seen);
        }
        seen.addAll(reportFiles(reports));
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent");
        for (String canary : List.of(SECRET, TOKEN, WEBHOOK_KEY, WEBHOOK_SECRET)) assertNoTrace(seen, canary);
    }

    /**
     * Runs the three tests of the standalone file against {@code server} with this client secret, recording cassettes
     * and a webhook that fails: what the run printed and sent is added to {@code seen}.
     */
    private void recordThreeFailingTests(MockWebServer server, MockWebServer receiver, String clientSecret, Path reports,
                                         List<String> seen) throws Exception {
        Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "client-canary", Constants.CLIENT_SECRET_ENV, clientSecret,
                Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        EngineExecutionResults results = capturing(seen, () -> withReports(EngineTestKit.engine(engine(env)), reports, receiver)
                .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPLAY, "record")
                .configurationParameter(Constants.REPLAY_DIR, reports.resolve("cassettes").toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        seen.addAll(webhookRequests(receiver));
    }

    /**
     * A server that escapes what it echoes, as PHP's {@code json_encode} ({@code \/}) and .NET's default encoder
     * ({@code \u002B}) do: the client secret and the token (issued escaped, too) decode whole in the bot's text, and
     * must show up in no output, report or cassette all the same.
     */
    @Test
    @DisplayName("S1/S2: a client secret and token a server echoes JSON-escaped appear in no output, report or cassette")
    void noSecretEchoedEscaped(@TempDir Path reports) throws Exception {
        String secret = "cs/canary+5b1e9d7c2a==";
        String token = "at/canary+8d4f2b6e0c==";
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String path = request.getUrl().encodedPath();
                    String authorization = String.valueOf(request.getHeaders().get("Authorization"));
                    return switch (path) {
                        case "/api/oauth/token" -> LeakyServer.json(200, "{\"access_token\":\"" + escaped(token)
                                + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                        case "/api/bot/info" -> LeakyServer.json(200, "{\"name\":\"bot\"}");
                        case "/api/bot/entities" -> LeakyServer.json(200, "[{\"name\":\"order_id\"}]");
                        case "/api/bot/simulate" -> LeakyServer.json(202, "{\"simulationId\":\"sim_" + request.getExchangeIndex() + "\"}");
                        default -> LeakyServer.json(200, "{\"simulationId\":\"" + path.substring(path.lastIndexOf('/') + 1)
                                + "\",\"status\":\"completed\",\"turns\":[{\"turnIndex\":0,\"flowId\":\"flow_other\",\"intent\":\"other\","
                                + "\"text\":\"I heard " + escaped(authorization) + " and " + escaped(secret) + "\"}]}");
                    };
                }
            });
            server.start();
            recordThreeFailingTests(server, receiver, secret, reports, seen);
        }
        seen.addAll(reportFiles(reports));
        assertThat(reports.resolve("cassettes/fixtures/standalone/orders.sim.yaml.cassette.json")).content()
                .contains("I heard Bearer **** and ****");
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent", "I heard Bearer **** and ****");
        for (String canary : List.of(secret, token)) assertNoTrace(seen, canary);
    }

    /**
     * A cassette edited by hand (or damaged) so that an entry's test id holds the REST Endpoint's URL token, twice, and a
     * test of the run has no entry left: the cassette's problems ("records … turn 1 again"), the entry left over and the
     * test failing for want of a recording quote that id, and none of them prints the token — not on the console, not in
     * the discovery or execution events.
     */
    @Test
    @DisplayName("a damaged cassette whose entry holds the URL token: its problems reach console and test failures masked")
    void damagedCassetteProblemsAreMasked(@TempDir Path reports) throws Exception {
        Path cassettes = reports.resolve("cassettes");
        Path cassette = cassettes.resolve("fixtures/standalone/orders.sim.yaml.cassette.json");
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new EchoingEndpoint());
            endpoint.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, endpoint.url("/" + URL_TOKEN).toString(),
                    Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            capturing(new ArrayList<>(), () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute())
                    .testEvents().assertStatistics(stats -> stats.started(3).failed(3));

            tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
            tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) json.readTree(cassette.toFile());
            tools.jackson.databind.node.ArrayNode exchanges = (tools.jackson.databind.node.ArrayNode) root.get("exchanges");
            tools.jackson.databind.node.ObjectNode edited = (tools.jackson.databind.node.ObjectNode) exchanges.get(0).deepCopy();
            String test = edited.get("test").asString();
            edited.put("test", test.replaceAll("\\[case:[^]]*]", "[case:test_" + URL_TOKEN + "]"));
            exchanges.remove(0);
            exchanges.add(edited);
            exchanges.add(edited.deepCopy());
            Files.writeString(cassette, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));

            List<String> seen = new ArrayList<>();
            EngineExecutionResults replayed = capturing(seen, () -> EngineTestKit.engine(engine(env))
                    .configurationParameter(Constants.REPORT_DIR, reports.resolve("replayed").toString())
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPLAY, "replay")
                    .configurationParameter(Constants.REPLAY_DIR, cassettes.toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            replayed.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(String.join("\n", seen)).contains("cassette problem: ", "[case:test_****] turn 1 again",
                    "no recording for " + test, "(its problems: ", "1 recorded test not in this run (stale if removed): "
                            + test.replaceAll("\\[case:[^]]*]", "[case:test_****]"));
            assertNoTrace(seen, URL_TOKEN);
        }
    }

    /** {@code text} as a JSON string's content, with {@code /} and {@code +} escaped as some servers write them. */
    private static String escaped(String text) {
        return text.replace("/", "\\/").replace("+", "\\u002B");
    }

    /**
     * Item 6: the URL token is the last non-empty path segment whatever surrounds it. The endpoint
     * echoes the URL it was called on in an error page, a non-JSON answer and the bot's text, and
     * the token must show up in none of the run's outputs.
     */
    @ParameterizedTest(name = "item 6: the REST Endpoint URL token of {0} appears in no output, report, webhook or outbox")
    @ValueSource(strings = {"/URL_TOKEN", "/URL_TOKEN/", "/URL_TOKEN?x=1", "/test/URL_TOKEN", "/a/b/URL_TOKEN/",
            "/test/ENCODED_URL_TOKEN"})
    void endpointUrlTokenInAnyShape(String shape, @TempDir Path reports) throws Exception {
        List<String> seen = new ArrayList<>();
        // The token as COGNIGY_ENDPOINT_URL writes it, which is how requests carry it and servers quote it: some of its
        // characters percent-encoded, in either case.
        String written = shape.contains("ENCODED_URL_TOKEN") ? "%75" + URL_TOKEN.substring(1).replace("-", "%2d") : URL_TOKEN;
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new EchoingEndpoint());
            endpoint.start();
            String url = endpoint.url("/").toString() + shape.substring(1).replace("ENCODED_URL_TOKEN", written)
                    .replace("URL_TOKEN", URL_TOKEN);
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, url, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(endpoint.getRequestCount()).isEqualTo(3);
            assertThat(endpoint.takeRequest().getUrl().toString()).as("the URL is used as given").isEqualTo(url);
            seen.addAll(webhookRequests(receiver));
        }
        // The answer echoing the URL was recorded (cognigy.replay=record): the cassette is searched like every report.
        assertThat(reports.resolve("cassettes/fixtures/standalone/orders.sim.yaml.cassette.json")).content()
                .contains("\"exchanges\"", "you called");
        seen.addAll(reportFiles(reports));
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent", "****");
        assertNoTrace(seen, URL_TOKEN);
        assertNoTrace(seen, written);
    }

    /**
     * A suite in several locales, each with its own REST Endpoint ({@code COGNIGY_ENDPOINT_URL_DE_DE},
     * {@code COGNIGY_ENDPOINT_URL_FR_FR}), and the management API, which lists every endpoint of the project with its URL
     * token. The endpoints echo the URL they were called on and the other locales' URLs; the management API refuses the
     * de-DE test's context injection quoting both locales' tokens. No URL token shows up in any message, output, report,
     * cassette, audit record or webhook.
     */
    @Test
    @DisplayName("the REST Endpoint URL tokens of COGNIGY_ENDPOINT_URL_<LOCALE>, quoted by the endpoints and the management"
            + " API, appear in no output, report, cassette, audit record or webhook")
    void localeEndpointUrlTokens(@TempDir Path reports) throws Exception {
        String deToken = "de-canary-4c8e2a6f0b9d";
        String frToken = "fr-canary-1d5b9f3a7e2c";
        List<String> seen = new ArrayList<>();
        ManagementApiFake tenant = new ManagementApiFake();
        tenant.endpoints.add(ManagementApiFake.map("_id", "ep-de", "name", "tests de-DE", "URLToken", deToken, "channel", "rest",
                "flowId", ManagementApiFake.MAIN_REF, "localeId", "loc-de", "entrypoint", ManagementApiFake.PROJECT, "active", true));
        tenant.endpoints.add(ManagementApiFake.map("_id", "ep-fr", "name", "tests fr-FR", "URLToken", frToken, "channel", "rest",
                "flowId", ManagementApiFake.MAIN_REF, "localeId", "loc-fr", "entrypoint", ManagementApiFake.PROJECT, "active", true));
        try (MockWebServer server = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    String path = request.getUrl().encodedPath();
                    String all = request.getUrl() + " " + request.getUrl().resolve("/de/" + deToken) + " "
                            + request.getUrl().resolve("/fr/" + frToken);
                    if (path.endsWith("/context/inject")) {
                        return ManagementApiFake.problem(409, "Conflict", "the session belongs to endpoint " + deToken + ", not " + frToken);
                    }
                    if (path.startsWith("/new/v2.0/")) return tenant.dispatch(request);
                    if (path.startsWith("/fr/")) return new MockResponse.Builder().code(500).body("no flow behind " + all).build();
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"outputStack\":[{\"text\":\"you called " + all + "\",\"data\":{\"intent\":\"other\","
                                    + "\"flowName\":\"" + path + "\"}}]}").build();
                }
            });
            server.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN).toString(),
                    Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + "DE_DE", server.url("/de/" + deToken).toString(),
                    Constants.ENDPOINT_URL_LOCALE_ENV_PREFIX + "FR_FR", server.url("/fr/" + frToken).toString(),
                    Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT)
                    // One at a time, in the file's order: the default endpoint quotes the locales' URLs before any of
                    // their tests has sent, and the de-DE test's refusal quotes fr-FR's before it has.
                    .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                    .selectors(selectClasspathResource("fixtures/locales/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            seen.addAll(webhookRequests(receiver));
        }
        seen.addAll(reportFiles(reports));
        assertThat(String.join("\n", seen)).contains("test_locale_de", "the session belongs to endpoint ****", "no flow behind",
                "you called");
        for (String token : List.of(ManagementApiFake.TOKEN, deToken, frToken)) assertNoTrace(seen, token);
    }

    /**
     * A recording's fingerprint names where the endpoint is, and goes into the cassettes (committed with the tests),
     * results.json, the audit record and the webhook payload. A user name and password written into the URL must reach
     * none of them. (A URL token holding a pasted invisible character is refused before the run: BackendRequirementsTest.)
     */
    @Test
    @DisplayName("a user name and password in COGNIGY_ENDPOINT_URL appear in no fingerprint, cassette, report, audit record or"
            + " webhook")
    void endpointUrlUserInfo(@TempDir Path reports) throws Exception {
        String password = "pw-canary-4b8d2f6a1c";
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new EchoingEndpoint());
            endpoint.start();
            String url = endpoint.url("/").newBuilder().username("canary-user").password(password).build() + "test/" + URL_TOKEN;
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, url, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            seen.addAll(webhookRequests(receiver));
        }
        seen.addAll(reportFiles(reports));
        assertNoTrace(seen, password);
        assertNoTrace(seen, URL_TOKEN);
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent", "/test/****");
        assertThat(reports.resolve("cassettes/fixtures/standalone/orders.sim.yaml.cassette.json")).content()
                .contains("\"recorded_against\"", "\"endpoint\" : \"http://localhost:");
    }

    /**
     * A secret pasted into a setting that is no secret's — the client id and secret swapped, a key in a setting that
     * refuses it — is still the secret the environment holds: the refusal, the configuration listeners are given and a
     * split run's part, which repeat the values given, show it masked.
     */
    @Test
    @DisplayName("a secret given to another setting is masked in the configuration's refusal, the listeners' configuration"
            + " and a split run's part")
    void secretGivenToAnotherSetting(@TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        Map<String, String> env = Map.of(Constants.CLIENT_SECRET_ENV, SECRET, Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY,
                Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        dev.botsim.cognigy.spi.SimulationListener listener = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void runStarted(dev.botsim.cognigy.spi.RunInfo run) {
                seen.add(run.configuration().toString());
            }
        };
        EngineExecutionResults ran = capturing(seen, () -> EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(env::get, Backends::create, Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.RUN_ID, "run-canary")
                .configurationParameter(Constants.SHARD, "1/2")
                .configurationParameter(Constants.CLIENT_ID, SECRET)
                .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute());
        assertThat(ran.testEvents().started().count()).isPositive();
        EngineExecutionResults refused = capturing(seen, () -> EngineTestKit.engine(engine(env))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("refused").toString())
                .configurationParameter(Constants.BACKEND, SECRET)
                .configurationParameter(Constants.MAX_CONCURRENCY, ManagementApiFake.KEY)
                .configurationParameter(Constants.DEFAULT_USER, WEBHOOK_SECRET)
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
        assertThat(refused.containerEvents().failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow())
                .hasMessageContaining(Constants.BACKEND + "=**** is not a backend")
                .hasMessageContaining(Constants.MAX_CONCURRENCY + "=**** must be a whole number");
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).map(SecretCanaryTest::read).forEach(seen::add);
        }
        assertThat(String.join("\n", seen)).contains("cognigy-part.json", Constants.CLIENT_ID + "=****");
        for (String canary : List.of(SECRET, ManagementApiFake.KEY, WEBHOOK_SECRET, WEBHOOK_KEY)) assertNoTrace(seen, canary);
    }

    /**
     * Cognigy's project id and API key are both long strings copied from its settings: the key given as the project id
     * is refused by the tenant, and the refusal, which names the project, masks it.
     */
    @Test
    @DisplayName("a management API key given as the project id is masked in the tenant's refusal")
    void managementApiKeyGivenAsProjectId() throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(new ManagementApiFake());
            server.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN).toString(),
                    Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY);
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(env))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.KEY)
                    .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(0));
            assertThat(results.containerEvents().failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                    .orElseThrow().getThrowable().orElseThrow())
                    .hasMessageContaining("the management API refused project **** to the API key given (HTTP 400 on GET"
                            + " /new/v2.0/projects/****");
        }
        assertNoTrace(seen, ManagementApiFake.KEY);
    }

    /**
     * A REST Endpoint behind a gateway that takes its own key in the query, or a user name and password: a refusing
     * gateway quotes them on their own, not in the URL ({@code invalid apikey ...}), and a bot may repeat them too.
     */
    @Test
    @DisplayName("a password and a query's key in COGNIGY_ENDPOINT_URL, quoted on their own by the endpoint, appear in no"
            + " output, report, cassette, audit record or webhook")
    void endpointUrlQueryKeyAndPasswordQuotedAlone(@TempDir Path reports) throws Exception {
        String password = "pw-canary-9a7c5e3b1d";
        String key = "qk-canary-3f8a1c9e7b+/";
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new Dispatcher() {
                private int calls;

                @Override
                public synchronized MockResponse dispatch(RecordedRequest request) {
                    String quoted = request.getUrl().queryParameter("apikey");
                    String written = request.getUrl().encodedQuery().substring("apikey=".length());
                    return switch (calls++ % 3) {
                        case 0 -> new MockResponse.Builder().code(401).body("invalid apikey " + quoted + " (" + written + ") for "
                                + password).build();
                        case 1 -> new MockResponse.Builder().code(503).body("gateway: apikey=" + written).build();
                        default -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body("{\"outputStack\":[{\"text\":\"your key is " + quoted + "\",\"data\":{\"intent\":\"other\"}}]}")
                                .build();
                    };
                }
            });
            endpoint.start();
            String url = endpoint.url("/test/" + URL_TOKEN).newBuilder().username("canary-user").password(password)
                    .addQueryParameter("apikey", key).build().toString();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, url, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            seen.addAll(webhookRequests(receiver));
        }
        seen.addAll(reportFiles(reports));
        assertThat(String.join("\n", seen)).contains("invalid apikey **** (****) for ****", "your key is ****");
        assertThat(String.join("\n", seen)).as("every secret long enough to be masked").doesNotContain("shorter than 8 characters");
        for (String canary : List.of(password, key, URL_TOKEN)) assertNoTrace(seen, canary);
    }

    /**
     * A REST Endpoint whose flow reports in a {@code data} sent as a JSON text (as clients report some Cognigy versions do)
     * and writes the URL token there with an escape of its own ({@code ut\\u002dcanary}), so the answer decodes to the
     * escape and only the second parse, of {@code data}'s text, to the token — which the run would show as the turn's flow
     * in the failure message, {@code unexpected_flows}, the HTML report and the webhook.
     */
    @Test
    @DisplayName("a URL token escaped twice in a data sent as JSON text appears in no output, report, cassette, audit record"
            + " or webhook")
    void endpointUrlTokenEscapedTwiceInDataText(@TempDir Path reports) throws Exception {
        String escapedTwice = "ut\\\\u002d" + URL_TOKEN.substring(3);
        assertEndpointAnswerLeavesNoToken(reports, URL_TOKEN, request -> "{\"outputStack\":[{\"text\":\"hi\",\"data\":"
                + "\"{\\\"intent\\\":\\\"other\\\",\\\"flowName\\\":\\\"" + escapedTwice + "\\\"}\"}]}");
    }

    /**
     * A REST Endpoint, or a bot, that quotes the URL it was called on upper-cased: Cognigy's URL tokens are hexadecimal,
     * where case says nothing, and the token upper-cased is the token still.
     */
    @Test
    @DisplayName("a URL token echoed upper-cased appears in no output, report, cassette, audit record or webhook")
    void endpointUrlTokenEchoedUpperCased(@TempDir Path reports) throws Exception {
        assertEndpointAnswerLeavesNoToken(reports, URL_TOKEN.toUpperCase(java.util.Locale.ROOT),
                request -> "{\"outputStack\":[{\"text\":\"YOU CALLED " + request.getUrl().toString().toUpperCase(java.util.Locale.ROOT)
                        + "\",\"data\":{\"intent\":\"other\"}}]}");
    }

    /** A run on a REST Endpoint at {@code URL_TOKEN} that answers every message {@code answer}: {@code canary} is nowhere. */
    private static void assertEndpointAnswerLeavesNoToken(Path reports, String canary,
                                                          java.util.function.Function<RecordedRequest, String> answer) throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body(answer.apply(request)).build();
                }
            });
            endpoint.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, endpoint.url("/" + URL_TOKEN).toString(),
                    Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            assertThat(endpoint.getRequestCount()).isEqualTo(3);
            seen.addAll(webhookRequests(receiver));
        }
        assertThat(reports.resolve("cassettes/fixtures/standalone/orders.sim.yaml.cassette.json")).content().contains("\"exchanges\"");
        seen.addAll(reportFiles(reports));
        assertThat(String.join("\n", seen)).contains("test_yaml_wrong_intent", "****");
        assertNoTrace(seen, canary);
    }

    /**
     * Secrets shorter than 8 characters are not masked (masking them would garble the bot's answers): the run says so in
     * one line before its first test, naming each by its variable and never its value. No real tenant's are this short;
     * a mock's are, and the run goes on.
     */
    @Test
    @DisplayName("secrets too short to be masked are named in one warning as the run starts, their values never")
    void shortSecretsWarnedOfByName(@TempDir Path reports) throws Exception {
        List<String> shortOnes = List.of("s3cr3t!", "key-1", "tok1234", "k3y9x");
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer(); MockWebServer receiver = failingReceiver()) {
            endpoint.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"outputStack\":[{\"text\":\"hi\",\"data\":{\"intent\":\"other\"}}]}").build();
                }
            });
            endpoint.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, endpoint.url("/tok1234?apikey=k3y9x").toString(),
                    Constants.CLIENT_SECRET_ENV, "s3cr3t!", Constants.MANAGEMENT_API_KEY_ENV, "key-1",
                    Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
            EngineExecutionResults results = capturing(seen, () -> recordingEndpointRun(env, reports, receiver)
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
            seen.addAll(webhookRequests(receiver));
        }
        String console = seen.stream().filter(text -> text.contains("[cognigy] WARNING")).findFirst().orElseThrow();
        List<String> warnings = seen.stream().flatMap(String::lines).filter(line -> line.contains("shorter than 8")).toList();
        assertThat(warnings).as(console).containsExactly("[cognigy] WARNING COGNIGY_CLIENT_SECRET, COGNIGY_API_KEY, the URL"
                + " token of COGNIGY_ENDPOINT_URL, the query value apikey in COGNIGY_ENDPOINT_URL are shorter than 8 characters:"
                + " values this short are not masked, since masking them would garble the bot's answers, so a server or bot"
                + " echoing one puts it in the console, reports, cassettes and webhook payloads. A real tenant's are long (a"
                + " REST Endpoint's URL token has 64 characters): use values of at least 8 characters"
                + " (see docs/configuration.md#secrets)");
        assertThat(console.lines().findFirst()).as("said as the run starts, before anything else").contains(warnings.get(0));
        for (String value : shortOnes) assertThat(warnings.get(0)).doesNotContain(value);
    }

    /**
     * A QA platform's receiver that takes a short token in the webhook URL's query: the receiver's answers are masked of it
     * only when it is long enough, so the run names it, by the setting and the query parameter, in the one warning.
     */
    @Test
    @DisplayName("a token in the webhook URL's query too short to be masked is named in the run's one warning by the setting"
            + " and its parameter, its value never")
    void shortWebhookUrlTokenWarnedOfByName(@TempDir Path dir) throws Exception {
        String shortToken = "q7Zt4";
        List<String> seen = new ArrayList<>();
        try (MockWebServer receiver = failingReceiver()) {
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(Map.of(Constants.WEBHOOK_SECRET_ENV,
                            WEBHOOK_SECRET)))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook") + "?token=" + shortToken)
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "1")
                    .configurationParameter(Constants.WEBHOOK_BUDGET, "1s")
                    .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute());
            assertThat(results.testEvents().started().count()).isPositive();
        }
        List<String> warnings = seen.stream().flatMap(String::lines).filter(line -> line.contains("[cognigy] WARNING")
                && line.contains("shorter than 8")).toList();
        assertThat(warnings).as(String.join("\n", seen)).singleElement().asString()
                .startsWith("[cognigy] WARNING the query value token in cognigy.webhook.url is shorter than 8 characters: ")
                .doesNotContain(shortToken);
    }

    /**
     * A REST Endpoint URL, whose last segment is its URL token, given where an API's base URL belongs: the run fails (no
     * API answers there), and the messages, log lines and files that name the request's path or the base URL show the
     * token's segment masked, as a refused URL setting is shown; the API's own path below it stays readable.
     */
    @Test
    @DisplayName("a REST Endpoint URL given as cognigy.base-url or cognigy.management.url leaves its token in no message, log"
            + " line, report, audit record or cassette")
    void endpointUrlGivenAsBaseUrl(@TempDir Path dir) throws Exception {
        String token = "e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6";
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(404).setHeader("Content-Type", "text/html").body("<p>Cannot POST</p>").build();
                }
            });
            server.start();
            String endpointUrl = server.url("/test/" + token).toString();
            Map<String, String> simulation = Map.of(Constants.CLIENT_ID_ENV, "client-canary", Constants.CLIENT_SECRET_ENV, SECRET);
            for (String replay : List.of("record", "replay")) {
                capturing(seen, () -> EngineTestKit.engine(engine(simulation))
                        .configurationParameter(Constants.BASE_URL, endpointUrl)
                        .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + replay).toString())
                        .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                        .configurationParameter(Constants.REPLAY, replay)
                        .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                        .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            }
            Map<String, String> endpoint = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN).toString(),
                    Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY);
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(endpoint))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.MANAGEMENT_URL, endpointUrl)
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT)
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-endpoint").toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            assertThat(results.containerEvents().failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                    .orElseThrow().getThrowable().orElseThrow()).hasMessageContaining("HTTP 404 on GET /test/****/new/v2.0/projects/"
                    + ManagementApiFake.PROJECT);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).map(SecretCanaryTest::read).forEach(seen::add);
        }
        assertThat(String.join("\n", seen)).contains("/test/****/api/oauth/token");
        assertNoTrace(seen, token);
    }

    @Test
    @DisplayName("a management API key pasted with a character no HTTP header can carry is refused before any request, naming"
            + " COGNIGY_API_KEY and the character, never printing the key")
    void managementApiKeyNoHeaderCanCarry() throws Exception {
        String key = ManagementApiFake.KEY + "\u00A0";
        List<String> seen = new ArrayList<>();
        ManagementApiFake tenant = new ManagementApiFake();
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            server.setDispatcher(tenant);
            server.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + ManagementApiFake.TOKEN).toString(),
                    Constants.MANAGEMENT_API_KEY_ENV, key);
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(env))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT)
                    .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(0));
            assertNoTrace(seen, ManagementApiFake.KEY);
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            assertThat(failure).hasMessageContaining(Constants.MANAGEMENT_API_KEY_ENV + " holds the character U+00A0 at position "
                    + key.length());
            assertThat(tenant.requests).isEmpty();
        }
    }

    @Test
    @DisplayName("issue 17: an approval file never holds the REST Endpoint URL token the bot's answer echoes in its text,"
            + " flow and slots, in any form")
    void approvalFileHoldsNoUrlToken(@TempDir Path approved) throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer()) {
            endpoint.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String url = request.getUrl().toString();
                    String encoded = URLEncoder.encode(url, StandardCharsets.UTF_8);
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"outputStack\":[{\"text\":\"you called " + url + " (" + encoded + ")\",\"data\":{"
                                    + "\"intent\":\"" + url + "\",\"flowName\":\"" + request.getUrl().encodedPath() + "\","
                                    + "\"slots\":{\"link\":\"" + url + "\",\"links\":[\"" + encoded + "\"]}}}]}").build();
                }
            });
            endpoint.start();
            Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, endpoint.url("/" + URL_TOKEN).toString());
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(env))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPORT_DIR, approved.resolve("reports").toString())
                    .configurationParameter(Constants.APPROVE_DIR, approved.toString())
                    .selectors(selectClasspathResource("approval/canary.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }
        String file = Files.readString(approved.resolve("approval/canary.sim.yaml.approved.yaml"));
        seen.add(file);
        assertThat(file).contains("test_canary_approved:", "text:", "you called", "****", "link:");
        assertNoTrace(seen, URL_TOKEN);
    }

    @Test
    @DisplayName("item 7: the REST Endpoint URL given as a configuration parameter is refused, naming COGNIGY_ENDPOINT_URL and never printing the URL")
    void endpointUrlAsParameterRefused() throws Exception {
        List<String> seen = new ArrayList<>();
        try (MockWebServer endpoint = LoopbackServers.mockWebServer()) {
            endpoint.setDispatcher(new EchoingEndpoint());
            endpoint.start();
            EngineExecutionResults results = capturing(seen, () -> EngineTestKit.engine(engine(Map.of()))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.ENDPOINT_URL, endpoint.url("/" + URL_TOKEN).toString())
                    .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
            results.testEvents().assertStatistics(stats -> stats.started(0));
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            assertThat(failure).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Constants.ENDPOINT_URL).hasMessageContaining(Constants.ENDPOINT_URL_ENV);
            assertThat(failure.getStackTrace()).isEmpty();
            assertThat(endpoint.getRequestCount()).isZero();
        }
        assertNoTrace(seen, URL_TOKEN);
    }

    @Test
    @DisplayName("the shard key (COGNIGY_SHARD_KEY) appears in no output, part, signature, report, audit record, webhook or"
            + " merge message, nor does a key refused as too short")
    void noShardKeyAnywhere(@TempDir Path dir) throws Exception {
        String shardKey = "sk-canary-6f2a9d4c1e8b3a7f5d0c2e9b";
        String shortKey = "sk-short-canary";
        List<String> seen = new ArrayList<>();
        Path reports = dir.resolve("reports");
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            for (int i = 0; i < 3; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            java.util.function.Function<String, EngineTestKit.Builder> shard = key -> EngineTestKit.engine(engine(Map.of(
                            Constants.SHARD_KEY_ENV, key, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.REPORT_DIR, reports.toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .configurationParameter(Constants.RUN_ID, "run-canary")
                    .selectors(selectClasspathResource("e2e/shards/three.sim.yaml"));
            for (int i = 1; i <= 2; i++) {
                String index = i + "/2";
                capturing(seen, () -> shard.apply(shardKey).configurationParameter(Constants.SHARD, index).execute());
            }
            capturing(seen, () -> shard.apply(shortKey).configurationParameter(Constants.SHARD, "1/2").execute())
                    .testEvents().assertStatistics(stats -> stats.started(0));
            for (String key : List.of(shardKey, shortKey, "another-key-of-the-right-length-0123")) {
                ByteArrayOutputStream console = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
                dev.botsim.cognigy.engine.merge.MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), reports.toString()),
                        Map.of(Constants.SHARD_KEY_ENV, key, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get, Clock.systemUTC(), out, out);
                seen.add(console.toString(StandardCharsets.UTF_8));
            }
            assertThat(receiver.getRequestCount()).as("the one merge that verified the parts sent the payload").isEqualTo(1);
            RecordedRequest hook = receiver.takeRequest();
            seen.add(hook.getHeaders().toString());
            seen.add(hook.getBody().utf8());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).map(SecretCanaryTest::read).forEach(seen::add);
        }
        String all = String.join("\n", seen);
        assertThat(all).contains("hmac-sha256:", "COGNIGY_SHARD_KEY holds 15 bytes", "does not match its signature", "\"type\":\"BATCH\"");
        assertNoTrace(seen, shardKey);
        assertNoTrace(seen, shortKey);
    }

    /**
     * A receiver may take its token in the query, and a URL java.net.URI takes but the HTTP client does not (a port above
     * 65535) used to be refused where the webhook's client was built, quoting it whole: in the engine node's failure,
     * which Surefire and the console launcher print, and in the merge's error output, which cognigy:merge logs.
     */
    @Test
    @DisplayName("a webhook URL whose query holds a token and whose port no URL has is refused before the run and by the"
            + " merge, its query masked, never printed whole")
    void webhookUrlTheClientCannotUse(@TempDir Path dir) throws Exception {
        String hookToken = "qt-canary-2f7b9d4e1a6c";
        String url = "http://127.0.0.1:99999/hook?token=" + hookToken;
        List<String> seen = new ArrayList<>();
        EngineExecutionResults refused = capturing(seen, () -> EngineTestKit.engine(engine(Map.of(Constants.WEBHOOK_SECRET_ENV,
                        WEBHOOK_SECRET)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("refused").toString())
                .configurationParameter(Constants.WEBHOOK_URL, url)
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute());
        refused.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(refused.containerEvents().failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow())
                .hasMessageContaining(Constants.WEBHOOK_URL + "=http://127.0.0.1:99999/hook?**** is not an http(s) URL");
        // The parts of a split run, merged with the webhook given on the merge's command line.
        Path reports = dir.resolve("reports");
        for (int i = 1; i <= 2; i++) {
            String index = i + "/2";
            capturing(seen, () -> EngineTestKit.engine(engine(Map.of()))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.REPORT_DIR, reports.toString())
                    .configurationParameter(Constants.RUN_ID, "run-canary")
                    .configurationParameter(Constants.SHARD, index)
                    .selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute());
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        int code = dev.botsim.cognigy.engine.merge.MergeCommand.run(List.of("--out", dir.resolve("merged").toString(),
                        "-D" + Constants.WEBHOOK_URL + "=" + url, "-D" + Constants.WEBHOOK_OUTBOX_DIR + "=" + dir.resolve("outbox"),
                        reports.toString()), Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get, Clock.systemUTC(), out, out);
        String merge = console.toString(StandardCharsets.UTF_8);
        seen.add(merge);
        assertThat(code).as(merge).isEqualTo(2);
        assertThat(merge).contains(Constants.WEBHOOK_URL + "=http://127.0.0.1:99999/hook?**** is not an http(s) URL");
        try (Stream<Path> files = Files.walk(dir)) {
            // The parts ran without the webhook: the URL is in no file, not even as the setting a part records.
            files.filter(Files::isRegularFile).map(SecretCanaryTest::read).forEach(seen::add);
        }
        assertNoTrace(seen, hookToken);
    }

    /**
     * A QA platform's receiver that takes its token in the query, given as cognigy.webhook.url to a run and to the shards
     * of a split run, and as COGNIGY_WEBHOOK_URL to their merge; the receiver fails, so both payloads are also spooled.
     * The token is in no file, console line, event or configuration a listener is given: a split run's part and the
     * listeners' configuration keep the URL masked.
     */
    @Test
    @DisplayName("a webhook URL's token in its query appears in no part, report, audit record, outbox, output, event or"
            + " listener's configuration, in a run and a split run's shards and merge")
    void webhookUrlTokenAnywhere(@TempDir Path dir) throws Exception {
        String hookToken = "qt-canary-8e1c5a3f9b7d";
        List<String> seen = new ArrayList<>();
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(503).build();
                }
            });
            receiver.start();
            String url = receiver.url("/hook") + "?token=" + hookToken;
            dev.botsim.cognigy.spi.SimulationListener listener = new dev.botsim.cognigy.spi.SimulationListener() {
                @Override
                public void runStarted(dev.botsim.cognigy.spi.RunInfo run) {
                    seen.add(run.toString());
                    seen.add(run.configuration().toString());
                }
            };
            java.util.function.Function<Path, EngineTestKit.Builder> run = reports -> EngineTestKit.engine(new CognigyTestEngine(
                            new EngineServices(Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get, Backends::create,
                                    Clock.systemUTC()).withListeners(listener)))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.REPORT_DIR, reports.toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, url)
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "2")
                    .configurationParameter(Constants.WEBHOOK_BUDGET, "1s")
                    .selectors(selectClasspathResource("e2e/shards/three.sim.yaml"));
            capturing(seen, () -> run.apply(dir.resolve("single")).execute());
            for (int i = 1; i <= 2; i++) {
                String index = i + "/2";
                capturing(seen, () -> run.apply(dir.resolve("reports")).configurationParameter(Constants.RUN_ID, "run-canary")
                        .configurationParameter(Constants.SHARD, index).execute());
            }
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
            int code = dev.botsim.cognigy.engine.merge.MergeCommand.run(List.of("--out", dir.resolve("merged").toString(),
                            dir.resolve("reports").toString()), Map.of(Constants.WEBHOOK_URL_ENV, url, Constants.WEBHOOK_SECRET_ENV,
                            WEBHOOK_SECRET)::get, Clock.systemUTC(), out, out);
            seen.add(console.toString(StandardCharsets.UTF_8));
            // Concluded (the suite has a failing test, so its verdict is not COMPLIANT), not refused.
            assertThat(code).as(console.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(receiver.getRequestCount()).as("the run's and the merge's payloads each tried, the run's again by the merge")
                    .isGreaterThanOrEqualTo(4);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).map(SecretCanaryTest::read).forEach(seen::add);
        }
        String all = String.join("\n", seen);
        assertThat(all).contains("/hook?****", "cognigy-part.json", "\"type\":\"BATCH\"", "spooled to");
        assertThat(Files.list(dir.resolve("outbox")).filter(Files::isRegularFile)).as("both payloads kept").hasSize(2);
        assertNoTrace(seen, hookToken);
    }

    private static CognigyTestEngine engine(Map<String, String> env) {
        return new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()));
    }

    /**
     * Reports, the HTTP trace, audit trail, and a webhook whose receiver always fails, so the payload is also spooled.
     */
    private static EngineTestKit.Builder withReports(EngineTestKit.Builder kit, Path reports, MockWebServer receiver) {
        return kit.configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.HTTP_TRACE, "true")
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, reports.resolve("outbox").toString())
                .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "2")
                .configurationParameter(Constants.WEBHOOK_BUDGET, "1s");
    }

    /** A run on the REST Endpoint {@code env} names, with reports, audit trail and webhook, recording its cassettes. */
    private static EngineTestKit.Builder recordingEndpointRun(Map<String, String> env, Path reports, MockWebServer receiver) {
        return withReports(EngineTestKit.engine(engine(env)), reports, receiver)
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPLAY, "record")
                .configurationParameter(Constants.REPLAY_DIR, reports.resolve("cassettes").toString());
    }

    private static MockWebServer failingReceiver() throws IOException {
        MockWebServer receiver = LoopbackServers.mockWebServer();
        for (int i = 0; i < 5; i++) receiver.enqueue(new MockResponse.Builder().code(503).build());
        receiver.start();
        return receiver;
    }

    /**
     * Runs the engine with every log record, console line and event (with the stack traces of its
     * throwables) added to {@code seen}.
     */
    static EngineExecutionResults capturing(List<String> seen, Supplier<EngineExecutionResults> run) {
        // Records arrive on OkHttp's and the servers' threads while the run goes on: they are collected apart,
        // in a list that takes them concurrently, and added to what was seen at the end.
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // The test's own servers log the request lines they receive; they are not the engine's output.
                if (String.valueOf(record.getLoggerName()).startsWith("mockwebserver3")) return;
                StringWriter thrown = new StringWriter();
                if (record.getThrown() != null) record.getThrown().printStackTrace(new PrintWriter(thrown));
                logged.add(record.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(record) + " " + thrown);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            EngineExecutionResults results = run.get();
            for (Event event : results.allEvents().list()) {
                seen.add(event.toString());
                event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).ifPresent(t -> {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    seen.add(trace.toString());
                });
            }
            return results;
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(capture);
            root.setLevel(before);
            synchronized (logged) {
                seen.addAll(logged);
            }
            seen.add(console.toString(StandardCharsets.UTF_8));
        }
    }

    /** Headers and bodies of the webhook deliveries: two attempts, then the payload is spooled. */
    private static List<String> webhookRequests(MockWebServer receiver) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < receiver.getRequestCount(); i++) {
            RecordedRequest hook = receiver.takeRequest();
            seen.add(hook.getHeaders().toString());
            seen.add(hook.getBody().utf8());
        }
        assertThat(receiver.getRequestCount()).isEqualTo(2);
        return seen;
    }

    /** Every file the run wrote: results.json, index.html, the audit record, the spooled payload and any cassette. */
    private static List<String> reportFiles(Path reports) throws IOException {
        assertThat(Files.list(reports.resolve("outbox"))).hasSize(1);
        assertThat(Files.readString(reports.resolve("audit.jsonl"))).contains("\"type\":\"BATCH\"");
        // Every exchange with the server that echoes the secrets, written down: searched with the other files.
        assertThat(Files.readString(reports.resolve("http-trace.jsonl"))).contains("\"status\":200");
        try (Stream<Path> files = Files.walk(reports)) {
            return files.filter(Files::isRegularFile).map(SecretCanaryTest::read).toList();
        }
    }

    static void assertNoTrace(List<String> seen, String canary) {
        for (String form : forms(canary)) {
            assertThat(seen).as("no trace of %s", form).noneMatch(text -> text.contains(form));
        }
    }

    static List<String> forms(String canary) {
        byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>(List.of(canary, Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes), URLEncoder.encode(canary, StandardCharsets.UTF_8)));
        // Inside a longer text encoded as Base64 (Basic credentials, a body kept encoded), the canary starts at any of the
        // three byte offsets of a group: its characters that no neighbouring byte touches, in each alignment.
        for (int offset = 0; offset <= 2; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            String inner = encoded.substring(offset == 0 ? 0 : offset + 1, encoded.length() - 4);
            forms.add(inner);
            forms.add(inner.replace('+', '-').replace('/', '_'));
        }
        return forms;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server that echoes what it was sent (S3): token errors quote the form, answers quote the
     * Authorization header, and every bot answer is wrong, so every test fails with a message.
     */
    private static final class LeakyServer extends Dispatcher {
        private boolean rejectedOnce;

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String authorization = String.valueOf(request.getHeaders().get("Authorization"));
            if (path.equals("/api/oauth/token")) {
                return json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
            }
            if (path.equals("/api/bot/simulate") && !rejectedOnce) {
                rejectedOnce = true;
                return json(401, "{\"error\":\"invalid_token\",\"message\":\"rejected " + authorization + "\"}");
            }
            return switch (path) {
                case "/api/bot/info" -> json(200, "{\"name\":\"bot\",\"echo\":\"" + authorization + "\"}");
                case "/api/bot/entities" -> json(200, "[{\"name\":\"order_id\"}]");
                case "/api/bot/simulate" -> json(202, "{\"simulationId\":\"sim_" + request.getExchangeIndex() + "_" + request.getConnectionIndex() + "\"}");
                default -> json(200, "{\"simulationId\":\"sim\",\"status\":\"completed\",\"turns\":[{\"turnIndex\":0,"
                        + "\"flowId\":\"flow_other\",\"intent\":\"other\",\"text\":\"I heard " + authorization + "\"}]}");
            };
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
        }
    }

    /**
     * A REST Endpoint that echoes the URL it was called on: in an error page, in an answer that is not
     * JSON, and in the bot's text and flow name of an answer that fails its expectation.
     */
    private static final class EchoingEndpoint extends Dispatcher {
        private int calls;

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            String url = request.getUrl().toString();
            String path = request.getUrl().encodedPath();
            return switch (calls++ % 3) {
                case 0 -> new MockResponse.Builder().code(500).body("no flow behind " + url + " (" + path + ")").build();
                case 1 -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                        .body("<html>moved: " + url + "</html>").build();
                default -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"outputStack\":[{\"text\":\"you called " + url + "\",\"data\":{\"intent\":\"other\","
                                + "\"flowName\":\"" + path + "\",\"error\":{\"code\":\"E_" + path + "\"}}}]}").build();
            };
        }
    }
}
