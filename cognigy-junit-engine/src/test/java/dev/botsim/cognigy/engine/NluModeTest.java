package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.NluModeSimulation;
import dev.botsim.cognigy.engine.fixtures.invalid.NluModeBeyondIntents;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * {@code mode: nlu} per file and {@code @BotSimulation(mode = Mode.NLU)} per class: one suite mixes flow tests and
 * intent tests, each checked through its backend. The sandbox is started here, as a tenant would be reached, so what
 * it received can be counted: scoring requests for the NLU tests, REST Endpoint or simulation requests for the others.
 */
class NluModeTest {

    private CognigySandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    private CognigySandbox sandbox() {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withProcessingTime(Duration.ofMillis(20)));
        return sandbox;
    }

    private EngineExecutionResults run(String backend, Map<String, String> env, DiscoverySelector... selectors) {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                // order_id is a pattern entity: a Regex Slot Filler node, which the tenant's API lists nowhere.
                .configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id")
                .configurationParameter(Constants.BASE_URL, sandbox.baseUrl())
                .configurationParameter(Constants.CLIENT_ID, sandbox.clientId())
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectors).execute();
    }

    @Test
    @DisplayName("cognigy.backend=endpoint: the mode: nlu file is scored (one nlu/scores request per case), the flow file"
            + " goes to the REST Endpoint (one request per turn), and every test passes")
    void mixedFilesThroughEndpoint() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("endpoint", Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(),
                        Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()),
                selectClasspathResource("e2e/mixed/intents.sim.yaml"), selectClasspathResource("e2e/mixed/flows.sim.yaml"));

        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7).failed(0));
        // 4 NLU tests (one case, two variants, one case); 3 flow messages (one case, two turns).
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(4);
        assertThat(tenant.stats().requests("endpoint")).isEqualTo(3);
    }

    @Test
    @DisplayName("cognigy.backend=socket: the mode: nlu file is scored through the management API as beside a REST Endpoint,"
            + " the flow file goes to the Socket Endpoint (one processInput per turn), and every test passes")
    void mixedFilesThroughSocket() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("socket", Map.of(Constants.SOCKET_URL_ENV, tenant.socketEndpointUrl(),
                        Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()),
                selectClasspathResource("e2e/mixed/intents.sim.yaml"), selectClasspathResource("e2e/mixed/flows.sim.yaml"));

        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7).failed(0));
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(4);
        assertThat(tenant.stats().requests("socket")).isEqualTo(3);
        assertThat(tenant.stats().requests("endpoint")).isZero();
    }

    @Test
    @DisplayName("cognigy.backend=socket with the embedded sandbox: the mode: nlu file is scored by the sandbox's NLU, the"
            + " flow file goes to its Socket Endpoint, as beside its REST Endpoint")
    void mixedFilesThroughSandboxSocket() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id")
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectClasspathResource("e2e/mixed/intents.sim.yaml"), selectClasspathResource("e2e/mixed/flows.sim.yaml"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7).failed(0));
    }

    @Test
    @DisplayName("cognigy.backend=sandbox (the simulation API): a @BotSimulation(mode = Mode.NLU) class is scored, a flow"
            + " file is simulated")
    void nluClassBesideSimulation() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("simulation", Map.of(Constants.CLIENT_SECRET_ENV, tenant.clientSecret(),
                        Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey(), Constants.ENDPOINT_URL_ENV,
                        tenant.endpointUrl()),
                selectClass(NluModeSimulation.class), selectClasspathResource("e2e/mixed/flows.sim.yaml"));

        results.testEvents().assertStatistics(stats -> stats.started(6).succeeded(6).failed(0));
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(3);
        assertThat(tenant.stats().requests("submit")).isEqualTo(3);
        assertThat(tenant.stats().requests("endpoint")).isZero();
    }

    @Test
    @DisplayName("cognigy.backend=playbooks in mode generated: the mode: nlu file is scored by the NLU as beside any backend"
            + " (no playbook for it), the flow file runs as generated playbooks, and none of those is left")
    void mixedFilesThroughGeneratedPlaybooks() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.of(
                                Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(), Constants.MANAGEMENT_API_KEY_ENV,
                                tenant.managementApiKey())::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.PLAYBOOKS_MODE, "generated")
                .configurationParameter(Constants.MANAGEMENT_URL, tenant.managementUrl())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, tenant.projectId())
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .selectors(selectClasspathResource("e2e/mixed/intents.sim.yaml"), selectClasspathResource("e2e/mixed/flows.sim.yaml"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(7).failed(0));
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(4);
        // One playbook for the flow file's case, one for its conversation; none for the nlu file's four tests.
        assertThat(tenant.stats().playbookTasksScheduled()).isEqualTo(2);
        assertThat(tenant.stats().requests("endpoint")).isZero();
        assertThat(tenant.playbookNames()).noneMatch(name -> name.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("an untrained model fails the run once before any test, also when only some tests are in mode nlu")
    void untrainedModelFailsTheRun() {
        CognigySandbox tenant = sandbox();
        tenant.markNluModelOutOfDate();
        EngineExecutionResults results = run("endpoint", Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(),
                        Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()),
                selectClasspathResource("e2e/mixed/intents.sim.yaml"), selectClasspathResource("e2e/mixed/flows.sim.yaml"));

        assertThat(failure(results.containerEvents().failed().list())).contains("is out of date");
        assertThat(tenant.stats().requests("nlu-scores")).isZero();
        assertThat(tenant.stats().requests("endpoint")).isZero();
    }

    @Test
    @DisplayName("a mode: nlu file refuses, where each is written, message data, context to inject, expectations beyond"
            + " intents and conversations; its intent-only case still runs")
    void fileRefusesBeyondIntents() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("endpoint", Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(),
                Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()), selectClasspathResource("datafile/nlu-mode/refused.sim.yaml"));

        List<String> problems = results.testEvents().failed().list().stream().map(NluModeTest::message).sorted().toList();
        assertThat(problems).containsExactly(
                "datafile/nlu-mode/refused.sim.yaml:11:5: 'inject_context' in cases[1] is context for a flow, but the nlu"
                        + " backend checks intents only (intent, not_intent, no_intent, intent_min_score): it scores one sentence"
                        + " without running a flow — remove it, or move the test to a file without 'mode: nlu'",
                "datafile/nlu-mode/refused.sim.yaml:12:36: 'entities' in cases[1].expect is not an intent, but the nlu"
                        + " backend checks intents only (intent, not_intent, no_intent, intent_min_score): it scores one sentence"
                        + " without running a flow — remove it, or move the test to a file without 'mode: nlu'",
                "datafile/nlu-mode/refused.sim.yaml:14:5: conversations[0] is a conversation, but the nlu backend checks"
                        + " intents only (intent, not_intent, no_intent, intent_min_score): it scores one sentence without running a"
                        + " flow — remove it, or move the test to a file without 'mode: nlu'",
                "datafile/nlu-mode/refused.sim.yaml:4:3: 'context' in defaults is data for a flow, but the nlu backend"
                        + " checks intents only (intent, not_intent, no_intent, intent_min_score): it scores one sentence without"
                        + " running a flow — remove it, or move the test to a file without 'mode: nlu'");
        results.testEvents().succeeded().assertThatEvents().hasSize(1);
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(1);
        assertThat(tenant.stats().requests("endpoint")).isZero();
    }

    @Test
    @DisplayName("a mode that is neither flow nor nlu is a positioned problem naming both")
    void unknownMode() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("endpoint", Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(),
                Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()), selectClasspathResource("datafile/nlu-mode/bad-mode.sim.yaml"));

        assertThat(results.testEvents().failed().list()).extracting(NluModeTest::message).containsExactly(
                "datafile/nlu-mode/bad-mode.sim.yaml:2:7: mode 'intents' is not a mode — write 'mode: nlu' to score the"
                        + " cases with Cognigy's NLU, or 'mode: flow' (the default) to run them through cognigy.backend");
    }

    @Test
    @DisplayName("a @BotSimulation(mode = Mode.NLU) class refuses a @Conversation and an @Utterance expecting entities or a"
            + " flow at discovery; its intent-only @Utterance is scored")
    void classRefusesBeyondIntents() {
        CognigySandbox tenant = sandbox();
        EngineExecutionResults results = run("endpoint", Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(),
                Constants.MANAGEMENT_API_KEY_ENV, tenant.managementApiKey()), selectClass(NluModeBeyondIntents.class));

        List<String> problems = results.testEvents().failed().list().stream().map(NluModeTest::message).sorted().toList();
        String type = NluModeBeyondIntents.class.getName();
        assertThat(problems).containsExactly(
                type + "#greets: @Conversation in a @BotSimulation(mode = Mode.NLU) class is a conversation, but the nlu"
                        + " backend checks intents only (intent, not_intent, no_intent, intent_min_score): it scores one sentence"
                        + " without running a flow — remove it, or move the test to a class without mode = Mode.NLU",
                type + "#orderWithEntity: @Utterance in a @BotSimulation(mode = Mode.NLU) class expects entities, next_flow,"
                        + " but the nlu backend checks intents only (intent, not_intent, no_intent, intent_min_score): it scores one"
                        + " sentence without running a flow — remove it, or move the test to a class without mode = Mode.NLU");
        results.testEvents().succeeded().assertThatEvents().hasSize(1);
        assertThat(tenant.stats().requests("nlu-scores")).isEqualTo(1);
        assertThat(tenant.stats().requests("endpoint")).isZero();
    }

    private static String failure(List<Event> events) {
        return events.stream().map(NluModeTest::message).filter(m -> !m.isEmpty()).findFirst().orElse("");
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).map(EngineTestSupport::problem)
                .orElse("");
    }
}
