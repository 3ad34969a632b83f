package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * The simulation API's turns are text only: a test expecting quick replies, buttons or output data is refused before
 * sending there, and passes through a REST Endpoint, against the same sandbox bot.
 */
class TextOnlyAnswersTest {

    private static EngineExecutionResults run(String backend) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/menu-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.BACKEND, backend)
                .selectors(selectClasspathResource("e2e/menu.sim.yaml")).execute();
    }

    @Test
    @DisplayName("through the simulation API, a test expecting quick replies and buttons fails before sending, saying the"
            + " answers are text only and where to run it; a text test beside it passes")
    void refusedThroughTheSimulationApi() {
        EngineExecutionResults results = run("sandbox");

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        String message = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow().getMessage();
        assertThat(message).contains("this test expects quick_replies, buttons, but the sandbox backend's answers are text only")
                .contains("run it with cognigy.backend=endpoint", "Nothing was submitted for this test");
    }

    @Test
    @DisplayName("through the sandbox's REST Endpoint the same test passes: the quick replies and button are offered")
    void passesThroughTheRestEndpoint() {
        run("endpoint").testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }
}
