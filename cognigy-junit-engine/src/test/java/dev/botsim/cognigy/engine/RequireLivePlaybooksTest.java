package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.governance.require-live} with {@code cognigy.backend=playbooks} (mode existing) against a sandbox started
 * on its own and configured as a tenant: the playbooks run at its management API, whose answers carry the sandbox's
 * header, as the other backends' do. The run's turn backend sends nothing in this mode, so what answered is the playbook
 * session's to say.
 */
class RequireLivePlaybooksTest {

    @Test
    @DisplayName("playbooks (mode existing) run at a sandbox server configured as the tenant are a stand-in's answers: under"
            + " require-live the run is REVIEW_REQUIRED and fails naming the server, never its key or URL token")
    void playbooksAtASandboxServerAreNotTheBot(@TempDir Path dir) throws Exception {
        Path seed = Path.of(getClass().getResource("/e2e/playbooks/order-bot.playbooks.json").toURI());
        try (CognigySandbox server = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withPlaybookSeed(seed))) {
            Map<String, String> environment = Map.of(Constants.MANAGEMENT_API_KEY_ENV, server.managementApiKey(),
                    Constants.ENDPOINT_URL_ENV, server.endpointUrl());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            EngineServices services = new EngineServices(environment::get, Backends.on(Clock.systemUTC(), Sleeper.SYSTEM),
                    Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(services, Sleeper.SYSTEM))
                    .selectors(selectUniqueId("[engine:cognigy]"))
                    .configurationParameter(Constants.BACKEND, "playbooks")
                    .configurationParameter(Constants.MANAGEMENT_URL, server.managementUrl())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, server.projectId())
                    .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Order status,Escalation}")
                    .configurationParameter(Constants.GOVERNANCE_REQUIRE_LIVE, "true")
                    .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

            results.testEvents().assertStatistics(stats -> stats.failed(0));
            assertThat(results.testEvents().succeeded().count()).as("the playbooks' steps ran and passed").isPositive();
            assertThat(JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("governance")
                    .path("status").asString()).isEqualTo("REVIEW_REQUIRED");
            Optional<Throwable> failure = results.containerEvents().failed().stream().findFirst()
                    .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable);
            assertThat(failure).get().isInstanceOf(RunShortfallError.class).extracting(Throwable::getMessage).asString()
                    .startsWith("governance: the run's answers came from a cognigy-junit sandbox at " + server.baseUrl())
                    .doesNotContain(server.managementApiKey());
            // Known from discovery, which listed the playbooks there: said before the first playbook runs.
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] WARNING cognigy.governance.require-live=true,"
                    + " but the answers will come from a cognigy-junit sandbox at " + server.baseUrl());
        }
    }
}
