package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.governance.require-live} against the sandbox in the bot's place: a release run whose endpoint setting
 * is missing (an unset CI variable) gets the embedded sandbox, a local stand-in, and a sandbox started on its own may be
 * configured as if it were a tenant. Neither's answers are the bot's: the run is REVIEW_REQUIRED everywhere its verdict
 * goes, its results kept, and fails at its end saying why and what to set. Through the engine as a build runs it, with
 * the backends the configuration makes.
 */
class RequireLiveStandInTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String URL_TOKEN = "standin-url-token-5150";

    @TempDir
    Path dir;

    private final MockWebServer receiver = LoopbackServers.mockWebServer();

    @BeforeEach
    void receiver() throws Exception {
        for (int i = 0; i < 4; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** One run as its consumers saw it. */
    private record Seen(EngineExecutionResults results, String console, JsonNode resultsJson, List<String> audit,
                        JsonNode webhook) {

        Optional<Throwable> engineFailure() {
            return results.containerEvents().failed().stream().findFirst()
                    .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable);
        }
    }

    /** The order bot's suite, with an audit trail and the webhook, in the folder {@code name}. */
    private Seen run(String name, Map<String, String> parameters, Map<String, String> environment) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = new HashMap<>(environment);
        env.put(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // The engine's own services, as a build gets them: the backend the configuration asks for, checked at the start.
        EngineServices services = new EngineServices(env::get, Backends.on(Clock.systemUTC(), Sleeper.SYSTEM), Clock.systemUTC())
                .withRequirements(Backends::requirements).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services));
        parameters.forEach(kit::configurationParameter);
        int before = receiver.getRequestCount();
        EngineExecutionResults results = kit
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, folder.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, folder.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/" + name).toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, folder.resolve("outbox").toString())
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        assertThat(receiver.getRequestCount() - before).as("one webhook delivery").isEqualTo(1);
        return new Seen(results, console.toString(StandardCharsets.UTF_8),
                JSON.readTree(folder.resolve("reports/results.json").toFile()), Files.readAllLines(folder.resolve("audit.jsonl")),
                JSON.readTree(receiver.takeRequest().getBody().utf8()));
    }

    /** Every consumer of the verdict has {@code governance}, and every test of the suite passed and is reported. */
    private static void judgedEverywhere(Seen seen, String governance) {
        seen.results().testEvents().assertStatistics(stats -> stats.started(5).succeeded(5).failed(0));
        assertThat(seen.console()).contains("governance: " + governance);
        assertThat(seen.resultsJson().path("governance").path("status").asString()).isEqualTo(governance);
        assertThat(seen.resultsJson().path("results").size()).as("the results are kept").isEqualTo(5);
        assertThat(seen.audit()).singleElement().satisfies(record ->
                assertThat(JSON.readTree(record).path("governance").asString()).isEqualTo(governance));
        assertThat(seen.webhook().path("governance").asString()).isEqualTo(governance);
    }

    @Test
    @DisplayName("a release run with cognigy.backend=endpoint whose COGNIGY_ENDPOINT_URL is unset runs against the embedded"
            + " sandbox's REST Endpoint: every test passes, but it is REVIEW_REQUIRED in the console, results.json, the audit"
            + " record and the webhook, warned of before the first test, and fails at its end naming why and what to set")
    void endpointWithoutItsUrlIsNotTheBot() throws Exception {
        // order_id, a pattern entity, is a Regex Slot Filler node the sandbox's management API lists nowhere: named.
        Seen seen = run("release", Map.of(Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.GOVERNANCE_REQUIRE_LIVE, "true", Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id"), Map.of());

        judgedEverywhere(seen, "REVIEW_REQUIRED");
        String why = "the embedded sandbox's REST Endpoint (cognigy.backend=endpoint with cognigy.sandbox.bot set, and the"
                + " environment variable COGNIGY_ENDPOINT_URL not set)";
        assertThat(seen.engineFailure()).get().isInstanceOf(RunShortfallError.class).extracting(Throwable::getMessage).asString()
                .isEqualTo("governance: the run's answers came from " + why + ", a local stand-in for Cognigy, not from the bot,"
                        + " and cognigy.governance.require-live=true asks for the bot's own answers (REVIEW_REQUIRED); point"
                        + " the run at the bot's Cognigy: its REST Endpoint in the environment variable COGNIGY_ENDPOINT_URL"
                        + " (cognigy.backend=endpoint) or its Socket Endpoint in COGNIGY_SOCKET_URL (cognigy.backend=socket), or"
                        + " the simulation API's cognigy.base-url, cognigy.client-id and"
                        + " COGNIGY_CLIENT_SECRET (cognigy.backend=simulation), or, for nlu and playbooks, the management API's"
                        + " cognigy.management.url, cognigy.management.project-id and COGNIGY_API_KEY — in CI, check that the"
                        + " variable is set for the job and spelt so (docs/replay.md#honest-reports)");
        String warning = "[cognigy] WARNING cognigy.governance.require-live=true, but the answers will come from " + why
                + ", not from the bot: the run is REVIEW_REQUIRED at best and fails at its end; point the run at the bot's Cognigy";
        assertThat(seen.console()).contains(warning);
        assertThat(seen.console().indexOf(warning)).as("said before the run's summary")
                .isLessThan(seen.console().indexOf("governance: REVIEW_REQUIRED"));
    }

    @Test
    @DisplayName("a release run with cognigy.backend=socket whose COGNIGY_SOCKET_URL is unset runs against the embedded"
            + " sandbox's Socket Endpoint: REVIEW_REQUIRED, and its failure names the Socket Endpoint's variable to set")
    void socketWithoutItsUrlIsNotTheBot() throws Exception {
        Seen seen = run("release-socket", Map.of(Constants.BACKEND, "socket", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.GOVERNANCE_REQUIRE_LIVE, "true", Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id"), Map.of());

        judgedEverywhere(seen, "REVIEW_REQUIRED");
        assertThat(seen.engineFailure()).get().extracting(Throwable::getMessage).asString()
                .startsWith("governance: the run's answers came from the embedded sandbox's Socket Endpoint (cognigy.backend=socket"
                        + " with cognigy.sandbox.bot set, and the environment variable COGNIGY_SOCKET_URL not set)")
                .contains("point the run at the bot's Cognigy: its REST Endpoint in the environment variable COGNIGY_ENDPOINT_URL"
                        + " (cognigy.backend=endpoint) or its Socket Endpoint in COGNIGY_SOCKET_URL (cognigy.backend=socket)");
    }

    @Test
    @DisplayName("the embedded sandbox as the default backend (a sandbox bot, no cognigy.backend) is named so under"
            + " require-live; without require-live the same run stays COMPLIANT and says nothing of it")
    void defaultSandboxIsNotTheBot() throws Exception {
        Map<String, String> local = Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml");
        Seen everyday = run("everyday", local, Map.of());
        judgedEverywhere(everyday, "COMPLIANT");
        assertThat(everyday.engineFailure()).isEmpty();
        assertThat(everyday.console()).doesNotContain("stand-in", "WARNING");

        Map<String, String> strict = new HashMap<>(local);
        strict.put(Constants.GOVERNANCE_REQUIRE_LIVE, "true");
        Seen release = run("release", strict, Map.of());
        judgedEverywhere(release, "REVIEW_REQUIRED");
        assertThat(release.engineFailure()).get().extracting(Throwable::getMessage).asString().startsWith(
                "governance: the run's answers came from the embedded sandbox, the default backend when cognigy.sandbox.bot is set"
                        + " and cognigy.backend is not, a local stand-in for Cognigy, not from the bot");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"endpoint", "simulation"})
    @DisplayName("a sandbox started on its own and configured as if it were a tenant (its REST Endpoint's URL in"
            + " COGNIGY_ENDPOINT_URL, or its simulation API's URL and credentials) is told by the header on its answers: under"
            + " require-live the run is REVIEW_REQUIRED and fails naming the server, never the URL token")
    void sandboxServerConfiguredAsATenantIsNotTheBot(String backend) throws Exception {
        try (CognigySandbox server = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withUrlToken(URL_TOKEN))) {
            Map<String, String> parameters = new HashMap<>(Map.of(Constants.BACKEND, backend, Constants.GOVERNANCE_REQUIRE_LIVE, "true"));
            Map<String, String> environment = new HashMap<>();
            if (backend.equals("endpoint")) {
                environment.put(Constants.ENDPOINT_URL_ENV, server.endpointUrl());
            } else {
                parameters.put(Constants.BASE_URL, server.baseUrl());
                parameters.put(Constants.CLIENT_ID, server.clientId());
                environment.put(Constants.CLIENT_SECRET_ENV, server.clientSecret());
            }
            Seen seen = run(backend, parameters, environment);

            judgedEverywhere(seen, "REVIEW_REQUIRED");
            assertThat(seen.engineFailure()).get().extracting(Throwable::getMessage).asString()
                    .startsWith("governance: the run's answers came from a cognigy-junit sandbox at " + server.baseUrl()
                            + " (its answers carry the X-Cognigy-Junit-Sandbox header, which no Cognigy tenant sends), a local"
                            + " stand-in for Cognigy, not from the bot")
                    .doesNotContain(URL_TOKEN);
            // Not known before its first answer: nothing warns at the start.
            assertThat(seen.console()).doesNotContain("WARNING", URL_TOKEN);
        }
    }
}
