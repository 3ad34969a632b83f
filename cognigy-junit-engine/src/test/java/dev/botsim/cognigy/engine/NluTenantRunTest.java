package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockWebServer;

/** The engine configured for {@code cognigy.backend=nlu} against a tenant's management API (its shapes, faked). */
class NluTenantRunTest {

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        tenant.overrides.put("projects/" + PROJECT + "/nlu/scores", tenant.ok(map("scores", List.of(
                map("id", "i1", "name", "opening_hours", "score", 0.71, "negated", false, "flow", MAIN_REF),
                map("id", "i2", "name", "order_pizza", "score", 0.63, "negated", false, "flow", MAIN_REF)))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineExecutionResults run(Map<String, String> env, Map<String, String> parameters) {
        return run(env, parameters, "e2e/nlu-tenant.sim.yaml");
    }

    private EngineExecutionResults run(Map<String, String> env, Map<String, String> parameters, String file) {
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create,
                        Clock.systemUTC()))).configurationParameter(Constants.BACKEND, "nlu")
                .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, PROJECT);
        parameters.forEach(kit::configurationParameter);
        return kit.selectors(selectClasspathResource(file)).execute();
    }

    private static Map<String, String> endpointAndKey() {
        return Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY, Constants.ENDPOINT_URL_ENV, "https://endpoint-trial.cognigy.ai/" + TOKEN);
    }

    private static String failure(EngineExecutionResults results, boolean test) {
        return (test ? results.testEvents() : results.containerEvents()).failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow().getMessage();
    }

    @Test
    @DisplayName("flow and locale from the endpoint's URL token: one scores request, a wrong intent fails with its ranking")
    void wrongIntentReadsAsRanking() {
        EngineExecutionResults results = run(endpointAndKey(), Map.of());

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(failure(results, true)).contains("[intent] expected order_pizza, got opening_hours (0.71); order_pizza was 2nd (0.63)");
        assertThat(tenant.to("projects/" + PROJECT + "/nlu/scores")).hasSize(1);
    }

    @Test
    @DisplayName("an expected snapshot the endpoint does not serve fails the run before any sentence is scored")
    void expectedSnapshot() {
        EngineExecutionResults results = run(endpointAndKey(), Map.of(Constants.EXPECTED_SNAPSHOT, "v1.4"));

        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(failure(results, false)).contains("cognigy.expected-snapshot=v1.4");
        assertThat(tenant.to("projects/" + PROJECT + "/nlu/scores")).isEmpty();
    }

    @Test
    @DisplayName("without the API key, the run names what to set")
    void needsKey() {
        EngineExecutionResults results = run(Map.of(), Map.of());

        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(failure(results, false)).contains("cognigy.backend=nlu", "COGNIGY_API_KEY");
    }

    @Test
    @DisplayName("scores with no intent at all (a locale the flow has no model for) fail the test saying so: a not_intent never"
            + " passes on an empty ranking")
    void emptyRankingFails() {
        for (Object empty : List.of(List.of(), map("scores", List.of()))) {
            tenant.overrides.put("projects/" + PROJECT + "/nlu/scores", tenant.ok(empty));

            EngineExecutionResults results = run(endpointAndKey(), Map.of(), "e2e/nlu-tenant-not-intent.sim.yaml");

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(0).failed(1));
            assertThat(failure(results, true)).contains("Cognigy's NLU scored no intent at all for this sentence (flow 'Main Flow',"
                    + " locale ").contains("check cognigy.nlu.flow and cognigy.nlu.locale");
        }
    }

    @Test
    @DisplayName("a key that reads the project but may not score is refused once: the later tests fail with that refusal unsent,"
            + " and the message says the key read the project but may not use its NLU")
    void scoringRefusedOnce() {
        tenant.overrides.put("projects/" + PROJECT + "/nlu/scores", ManagementApiFake.problem(403, "Forbidden",
                "You are not allowed to access this resource"));

        EngineExecutionResults results = run(endpointAndKey(), Map.of(Constants.MAX_CONCURRENCY, "1"), "e2e/nlu-tenant-three.sim.yaml");

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        assertThat(tenant.to("projects/" + PROJECT + "/nlu/scores")).hasSize(1);
        List<String> messages = results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow().getMessage())
                .toList();
        assertThat(messages).allSatisfy(message -> assertThat(message)
                .contains("the management API refused to score sentences with this API key (HTTP 403 on POST")
                .contains("You are not allowed to access this resource", "though the project was read with it")
                .doesNotContain(KEY));
        assertThat(messages).filteredOn(message -> message.contains("not sent: ")).hasSize(2);
    }
}
