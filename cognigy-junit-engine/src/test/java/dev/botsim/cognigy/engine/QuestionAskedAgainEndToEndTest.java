package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * The engine against the embedded sandbox, through its simulation API and its REST Endpoint: a flow's question is asked
 * again after a message that does not answer it, as a tenant's Question node is, so a conversation expecting the
 * fallback there fails here as it would against a tenant, and one expecting the question again passes.
 */
class QuestionAskedAgainEndToEndTest {

    private static EngineExecutionResults run(String backend) {
        return run(backend, "e2e/question-asked-again.sim.yaml");
    }

    private static EngineExecutionResults run(String backend, String file) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.BACKEND, backend)
                // Through the REST Endpoint the bot is read from the management API, which lists a pattern entity (a
                // Regex Slot Filler node on a tenant) nowhere: named, as against a tenant.
                .configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .selectors(selectClasspathResource(file)).execute();
    }

    /** The failure message of each failed turn test, by its conversation and turn ({@code test_x#2}). */
    private static Map<String, String> failures(EngineExecutionResults results) {
        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(e -> {
            java.util.List<org.junit.platform.engine.UniqueId.Segment> segments = e.getTestDescriptor().getUniqueId().getSegments();
            failures.put(segments.get(segments.size() - 2).getValue() + "#" + segments.get(segments.size() - 1).getValue(),
                    e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage());
        });
        return failures;
    }

    @ParameterizedTest(name = "through the {0} backend")
    @ValueSource(strings = {"sandbox", "endpoint"})
    @DisplayName("a message that does not answer the flow's question meets the question again, not the fallback; the message"
            + " that then gives the order number fills the slot")
    void questionAskedAgain(String backend) {
        EngineExecutionResults results = run(backend);

        assertThat(failures(results)).containsOnlyKeys("test_fallback_after_question#2");
        assertThat(failures(results).get("test_fallback_after_question#2")).contains("did not get that", "Sure, what is your order number?");
        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("through the REST Endpoint the turn on which the Question node asks again reports nothing, as on a tenant, where"
            + " the node's entry point skips the Code node before it: an intent expected there fails saying so")
    void askedAgainReportsNothing() {
        EngineExecutionResults results = run("endpoint", "e2e/question-asked-again-intent.sim.yaml");

        assertThat(failures(results)).containsOnlyKeys("test_intent_on_asked_again#2");
        assertThat(failures(results).get("test_intent_on_asked_again#2"))
                .contains("returned no intent or flow data", "asking again after an answer it did not accept");
    }
}
