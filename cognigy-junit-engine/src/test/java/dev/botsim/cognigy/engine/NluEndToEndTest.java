package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.NluConversationSimulation;

/** The engine's nlu backend against the in-process sandbox's management API, over real HTTP. */
class NluEndToEndTest {

    @Test
    @DisplayName("intent-only cases are scored and pass; a wrong intent fails with the ranking; a case expecting more than"
            + " intents and a conversation are refused at discovery, where they are written, as failing tests")
    void scoresAgainstSandbox() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.BACKEND, "nlu")
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .selectors(selectClasspathResource("e2e/nlu.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(2).failed(3));
        Map<String, String> failures = results.testEvents().failed().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName(), NluEndToEndTest::message, (a, b) -> a));
        assertThat(failures).hasSize(3);
        assertThat(entry(failures, "test_nlu_wrong_intent")).contains("expected escalate, got check_order (1.00); escalate was ");
        assertThat(failures.keySet()).filteredOn(name -> name.startsWith("invalid: "))
                .as("refused where they are written: the case's expectation and the conversation")
                .anySatisfy(name -> assertThat(name).startsWith("invalid: e2e/nlu.sim.yaml:15:36: 'response_contains' in cases[3].expect"
                        + " is not an intent, but the nlu backend checks intents only"))
                .anySatisfy(name -> assertThat(name).startsWith("invalid: e2e/nlu.sim.yaml:17:5: conversations[0] is a conversation,"
                        + " but the nlu backend checks intents only"))
                .allSatisfy(name -> assertThat(name).contains("move the test to a run with another cognigy.backend"));
    }

    @Test
    @DisplayName("an annotated @Conversation is refused before its first message; an @Utterance is scored")
    void refusesAnnotatedConversation() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.BACKEND, "nlu")
                .selectors(selectClass(NluConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(message(results.testEvents().failed().stream().findFirst().orElseThrow()))
                .contains("the nlu backend checks intents only");
    }

    @Test
    @DisplayName("under cognigy.backend=nlu discovery alone reports the refusals as issues naming the file and line, with no"
            + " tenant or sandbox reached")
    void refusalsAreDiscoveryIssues() {
        Map<String, String> noEnvironment = Map.of();
        List<String> issues = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        config -> { throw new AssertionError("discovery opened a backend"); }, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "nlu")
                .selectors(selectClasspathResource("e2e/nlu.sim.yaml"), selectClasspathResource("e2e/order-bot.sim.yaml"))
                .discover().getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();

        assertThat(issues).anySatisfy(m -> assertThat(m).contains("e2e/nlu.sim.yaml:15:36").contains("'response_contains'"))
                .anySatisfy(m -> assertThat(m).contains("e2e/nlu.sim.yaml:17:5").contains("is a conversation"))
                .allSatisfy(m -> assertThat(m).contains("the nlu backend checks intents only"));
        assertThat(issues).as("the flow file without a mode is refused too").anySatisfy(m -> assertThat(m).contains("e2e/order-bot.sim.yaml"));
    }

    private static String entry(Map<String, String> failures, String id) {
        return failures.entrySet().stream().filter(e -> e.getKey().contains(id)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no failure of " + id + " in " + failures.keySet()));
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage)
                .orElse("");
    }
}
