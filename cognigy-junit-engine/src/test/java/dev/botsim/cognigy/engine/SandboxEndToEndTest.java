package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.config.ConfigurationException;

/** The engine against the in-process sandbox, over real HTTP, through each backend. */
class SandboxEndToEndTest {

    private static EngineTestKit.Builder engine() {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms");
    }

    @ParameterizedTest(name = "through the {0} backend")
    @ValueSource(strings = {"sandbox", "endpoint"})
    @DisplayName("cases, a negative test and a four-turn conversation pass against the sandbox through either backend")
    void bothBackends(String backend) {
        // The negative test differs as the two APIs do: only the simulation API has error codes.
        String refund = backend.equals("sandbox") ? "e2e/refund-simulation-api.sim.yaml" : "e2e/refund-rest-endpoint.sim.yaml";
        EngineExecutionResults results = engine().configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.SANDBOX_PROCESSING_TIME, "30ms")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml"), selectClasspathResource(refund)).execute();
        results.testEvents().assertStatistics(stats -> stats.started(6).succeeded(6));
    }

    @Test
    @DisplayName("through the sandbox's REST Endpoint and management API: context injected before the first message is"
            + " what the flow reads; a flow is named by its display name; a multi-valued system slot matches any value")
    void tenantPathsEndToEnd() {
        EngineExecutionResults results = engine().configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/tier-bot.yaml")
                .selectors(selectClasspathResource("e2e/tier.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    }

    @Test
    @DisplayName("without the sandbox's management API, injecting context fails the test naming what to configure")
    void injectNeedsManagement() {
        EngineExecutionResults results = engine().configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/tier-bot.yaml")
                .configurationParameter(Constants.SANDBOX_MANAGEMENT_API, "false")
                .selectors(selectClasspathResource("e2e/tier.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("cognigy.management.project-id", "COGNIGY_API_KEY");
    }

    @Test
    @DisplayName("a sandbox bot definition that does not exist fails the run once, saying what to write")
    void missingBot() {
        EngineExecutionResults results = engine().configurationParameter(Constants.SANDBOX_BOT, "bots/nope.yaml")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(ConfigurationException.class).hasMessageContaining("classpath:");
    }

    @Test
    @DisplayName("no environment configured at all: one message naming what to set, no test started")
    void nothingConfigured() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.base-url").hasMessageContaining("COGNIGY_CLIENT_SECRET")
                .hasMessageContaining("cognigy.sandbox.bot");
    }
}
