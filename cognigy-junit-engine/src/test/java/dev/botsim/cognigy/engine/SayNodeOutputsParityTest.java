package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A greeting with buttons and quick replies is two Say nodes on a tenant (a Say node shows one of them), so two
 * outputs: the same suite gets the same verdicts from the sandbox's REST Endpoint and from a tenant's answer.
 */
class SayNodeOutputsParityTest {

    private static final String FILE = "e2e/menu-say-nodes.sim.yaml";
    private static final String TRACE = "endpoint-httpIncomingMessage-4b1e7c52-2f0e-4d6a-9a53-7c1e0d9f8a21";

    /** A tenant's answer to "hello": a Text with Buttons Say node, a Text with Quick Replies Say node, the Code node. */
    private static final String TENANT_ANSWER = """
            {"text":"","data":{},"outputStack":[
              {"text":null,"data":{"_cognigy":{"_default":{"_buttons":{"type":"buttons","text":"Hello! What would you like to do?",
                  "buttons":[{"id":111,"payload":"","type":"web_url","title":"Website","url":"https://example.com/contact"}]}}}},
               "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
              {"text":null,"data":{"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"Hello! What would you like to do?",
                  "quickReplies":[{"id":112,"contentType":"postback","payload":"where is my order","title":"Track order"}]}}}},
               "traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
              {"text":null,"data":{"intent":"greeting","intentScore":0.93,"intentFlow":"7b1fe2d1-171c-3d4a-8269-d0a73bbf3a76",
                 "flowName":"Greeting","slots":{},"state":""},"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
             "userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE);

    private static Map<String, Outcome> run(Map<String, String> environment, Map<String, String> parameters) {
        RecordingListener listener = new RecordingListener();
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(environment::get, Backends::create, Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "endpoint");
        parameters.forEach(kit::configurationParameter);
        kit.selectors(selectClasspathResource(FILE)).execute();
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (SimulationRecord record : listener.finished) outcomes.put(record.testId(), record.outcome());
        return outcomes;
    }

    @Test
    @DisplayName("buttons and quick replies of one response: the sandbox's REST Endpoint and a tenant's answer give the same"
            + " verdicts — offered, each in its own output, the text said by each, never one output carrying both")
    void sameVerdictsAsATenant() throws Exception {
        Map<String, Outcome> sandbox = run(Map.of(), Map.of(Constants.SANDBOX_BOT, "classpath:bots/menu-bot.yaml"));
        Map<String, Outcome> tenant;
        try (MockWebServer server = LoopbackServers.mockWebServer()) {
            for (int i = 0; i < 4; i++) {
                server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(TENANT_ANSWER).build());
            }
            server.start();
            tenant = run(Map.of(Constants.ENDPOINT_URL_ENV, server.url("/f3e9c1d2b7a84e0f9a1b2c3d").toString()), Map.of());
        }

        assertThat(tenant).containsExactlyInAnyOrderEntriesOf(Map.of("test_offers", Outcome.PASSED,
                "test_buttons_output", Outcome.PASSED, "test_said_once", Outcome.FAILED,
                "test_one_output_offers_both", Outcome.FAILED));
        assertThat(sandbox).isEqualTo(tenant);
    }
}
