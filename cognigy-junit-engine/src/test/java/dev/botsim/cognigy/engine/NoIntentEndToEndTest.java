package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * {@code expect: { no_intent: true }} and {@code @Utterance(noIntent = true)} against the sandbox: an out-of-scope
 * sentence (its NLU's best score below the threshold) passes, through the NLU's scores and through the REST Endpoint
 * alike, and a sentence the bot takes for one of its intents fails, naming the intent and its score.
 */
class NoIntentEndToEndTest {

    private CognigySandbox sandbox;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    @BotSimulation(bot = "order-bot", mode = Mode.NLU)
    static class OutOfScope {
        @Utterance(value = "what's the weather in Paris", noIntent = true)
        void weather() {
        }

        @Utterance(value = "hello there", noIntent = true)
        void hello() {
        }
    }

    private EngineExecutionResults run(DiscoverySelector... selectors) {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withProcessingTime(Duration.ofMillis(20)));
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl(),
                Constants.MANAGEMENT_API_KEY_ENV, sandbox.managementApiKey());
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                .configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id")
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectors).execute();
    }

    private static Map<String, String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getTestDescriptor().getLegacyReportingName(), NoIntentEndToEndTest::message));
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }

    @Test
    @DisplayName("data files: out-of-scope sentences pass scored by the NLU (mode: nlu) and through the REST Endpoint;"
            + " 'hello there', the bot's greeting, fails in both")
    void dataFiles() {
        EngineExecutionResults results = run(selectClasspathResource("e2e/no-intent/out-of-scope.sim.yaml"),
                selectClasspathResource("e2e/no-intent/out-of-scope-flow.sim.yaml"));

        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(3).failed(2));
        Map<String, String> failures = failures(results);
        assertThat(failures).hasSize(2);
        assertThat(failures.values()).allSatisfy(m -> assertThat(m).contains("in no_intent")
                .contains("[intent] expected no intent, got greeting (score 1.00)"));
        assertThat(failures.keySet()).allSatisfy(name -> assertThat(name).contains("hello_out_of_scope"));
    }

    @Test
    @DisplayName("the reports say what such a test declared: expected.no_intent in results.json, \"no intent\" among the"
            + " page's declared lines, and the intent figures' (none) row")
    void reportsSayIt() throws Exception {
        run(selectClasspathResource("e2e/no-intent/out-of-scope.sim.yaml"));

        tools.jackson.databind.JsonNode results = new tools.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("results")).isNotEmpty().allSatisfy(result -> {
            assertThat(result.path("expected").path("no_intent").isBoolean()).as(result.toString()).isTrue();
            assertThat(result.path("expected").path("no_intent").asBoolean()).isTrue();
        });
        assertThat(results.path("intent_confusion").path("(none)").path("greeting").asInt()).isPositive();
        assertThat(java.nio.file.Files.readString(dir.resolve("reports/index.html"))).contains("no intent</");
    }

    @Test
    @DisplayName("annotations: @Utterance(noIntent = true) passes for an out-of-scope sentence and fails for a greeting")
    void annotations() {
        EngineExecutionResults results = run(selectClass(OutOfScope.class));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(failures(results)).hasSize(1).allSatisfy((name, m) -> {
            assertThat(name).contains("hello");
            assertThat(m).contains("[intent] expected no intent, got greeting (score 1.00)");
        });
    }
}
