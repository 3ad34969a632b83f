package dev.botsim.cognigy.engine.backend.simulation;

import static dev.botsim.cognigy.engine.backend.simulation.ScriptedSimulationApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockWebServer;

/**
 * The start of a run against the simulation API, through the engine as a build tool runs it: what
 * a server without the optional endpoints still allows, and what a run that cannot start prints.
 */
class RunStartTest {

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final ScriptedSimulationApi api = new ScriptedSimulationApi();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(api);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A run of two cases the scripted bot passes, with what it printed. */
    private Run run() throws Exception {
        Path file = Files.write(dir.resolve("hello.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_hello", "    utterance: hello", "    expect: { intent: greeting, next_flow: flow_greeting }",
                "  - id: test_hi", "    utterance: hi", "    expect: { intent: greeting }"));
        Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "run-start-secret");
        PrintStream out = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results;
        try (PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.BACKEND, "simulation")
                    .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.RETRY_MAX_ATTEMPTS, "2")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(selectFile(file.toFile())).execute();
        } finally {
            System.setOut(out);
        }
        return new Run(results, console.toString(StandardCharsets.UTF_8));
    }

    private record Run(EngineExecutionResults results, String console) {

        int count(String text) {
            Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(console);
            int count = 0;
            while (matcher.find()) count++;
            return count;
        }

        /** Why the run as a whole failed. */
        Throwable runFailure() {
            return results.containerEvents().failed().stream()
                    .filter(e -> e.getTestDescriptor().getUniqueId().getSegments().size() == 1)
                    .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                    .findFirst().orElseThrow();
        }
    }

    @Test
    @DisplayName("item 16: a server without GET /api/bot/info runs every test; flows and intents unknown is said once in the summary")
    void noBotInfo() throws Exception {
        api.overrides.put("/api/bot/info", r -> json(404, "{\"error\":\"not_found\"}"));
        Run run = run();
        run.results().containerEvents().assertStatistics(stats -> stats.failed(0));
        run.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(run.count("flows and intents unknown")).isEqualTo(1);
        assertThat(run.console()).contains("GET /api/bot/info answered 404");
    }

    @Test
    @DisplayName("item 16: a server without the schema endpoints runs every test; what is unknown is said once, entities not checked up front")
    void noSchemaEndpoints() throws Exception {
        api.overrides.put("/api/bot/info", r -> json(404, "{\"error\":\"not_found\"}"));
        api.overrides.put("/api/bot/entities", r -> json(404, "{\"error\":\"not_found\"}"));
        Run run = run();
        run.results().containerEvents().assertStatistics(stats -> stats.failed(0));
        run.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(run.count("flows and intents unknown")).isEqualTo(1);
        assertThat(run.count("entities unknown")).isEqualTo(1);
    }

    @Test
    @DisplayName("item 16: bad credentials fail the run with one line: no stack trace, no cause, nothing suppressed")
    void badCredentialsOneLine() throws Exception {
        api.overrides.put("/api/oauth/token", r -> json(401, "{\"error\":\"invalid_client\"}"));
        Throwable failure = run().runFailure();
        assertOneLine(failure);
        assertThat(failure.getMessage()).contains("COGNIGY_CLIENT_SECRET").contains("invalid_client");
    }

    @Test
    @DisplayName("item 16: a bot info endpoint failing after its retries fails the run with one line and the retries made: no"
            + " stack trace, no cause, nothing suppressed")
    void botInfoFailingOneLine() throws Exception {
        api.overrides.put("/api/bot/info", r -> json(500, "{\"message\":\"database down\"}"));
        Throwable failure = run().runFailure();
        assertOneLine(failure);
        assertThat(failure.getMessage().lines().findFirst().orElseThrow()).contains("GET /api/bot/info answered HTTP 500");
        assertThat(failure.getMessage().lines().skip(1)).as("it was asked twice (cognigy.retry.max-attempts=2) before the run gave up")
                .hasSize(2).startsWith("retried 1 time before it gave up:")
                .last().asString().startsWith("  GET /api/bot/info answered 500; retried after ").endsWith(" ms");
    }

    @Test
    @DisplayName("a token endpoint that kept failing says how often it was asked before the run gave up, not that it"
            + " answered without a token")
    void tokenEndpointFailingSaysItsRetries() throws Exception {
        api.overrides.put("/api/oauth/token", r -> json(503, "{\"error\":\"busy\"}"));
        Throwable failure = run().runFailure();
        assertOneLine(failure);
        assertThat(failure.getMessage()).startsWith("the run did not start: cannot get an access token: the token endpoint"
                + " answered HTTP 503\nretried 1 time before it gave up:\n  POST /api/oauth/token answered 503; retried after")
                .doesNotContain("without an access_token");
        assertThat(api.tokenRequests).hasValue(0);
    }

    /** One line saying why, then only the retries made: nothing of the engine's internals. */
    private static void assertOneLine(Throwable failure) {
        assertThat(failure.getStackTrace()).isEmpty();
        assertThat(failure.getCause()).isNull();
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(failure.getMessage().lines().skip(1)).allMatch(line -> line.startsWith("retried ") || line.startsWith("  "));
        assertThat(failure.getMessage()).doesNotContain("has not started");
    }
}
