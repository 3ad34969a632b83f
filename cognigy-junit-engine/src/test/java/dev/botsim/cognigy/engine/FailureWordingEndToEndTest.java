package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.MessagesSimulation;

/**
 * Every kind of expectation failing once against the sandbox's order bot, as a bot's designer reads the failures: each
 * first line names the place, the test and the fields; no item is worded by AssertJ or says {@code null}.
 */
class FailureWordingEndToEndTest {

    @Test
    @DisplayName("each expectation kind failing once: the place and fields on the first line, the engine's words below it,"
            + " and only a method's own assertion in AssertJ's")
    void eachKindFailsInTheEnginesWords() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .selectors(selectClass(MessagesSimulation.class)).execute();
        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(e -> failures.put(e.getTestDescriptor().getUniqueId().getLastSegment().getValue(),
                e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()));

        // Written with a double space where the answer has one, the text is there to a reader: it holds.
        assertThat(failures).doesNotContainKey("test_wording_contains_space");
        assertThat(failures.get("test_wording_contains")).startsWith("fixtures/messages/each-kind.sim.yaml:28 test_wording_contains: bot"
                + " answer differs from the expectation for \"hi\" in response_contains\n- [response] expected to contain"
                + " \"goodbye\" (ignoring case and typography) but did not: \"Hello! I can check your order or connect you to an agent.\"\n");
        assertThat(failures.get("test_wording_matches")).contains("- [response] expected to match the regular expression \"^Bye\" but did not");
        assertThat(failures.get("test_wording_entity_missing")).contains("   but was: not found: the answer has no entities");
        assertThat(failures.get("test_wording_several").lines().findFirst().orElseThrow()).isEqualTo("fixtures/messages/each-kind.sim.yaml:46"
                + " test_wording_several: bot answer differs from the expectation for \"good morning\" in intent, entities.order_id, next_flow,"
                + " response_contains");
        assertThat(failures.get("wordingAnnotated").lines().findFirst().orElseThrow()).isEqualTo("dev.botsim.cognigy.engine.fixtures"
                + ".MessagesSimulation#wordingAnnotated test_wordingAnnotated: bot answer differs from the expectation for \"hi\" in intent,"
                + " entities.order_id, response_contains");
        assertThat(failures.get("test_wording_repeated")).startsWith("fixtures/messages/each-kind.sim.yaml:55 test_wording_repeated: BROKEN: 0 of 3");
        assertThat(failures).hasSize(22).allSatisfy((test, message) -> {
            if (test.equals("wordingOwnAssertion")) return;
            assertThat(message).as(test).doesNotContain("Expecting", "null");
        });
        results.testEvents().assertStatistics(stats -> stats.skipped(1));
    }
}
