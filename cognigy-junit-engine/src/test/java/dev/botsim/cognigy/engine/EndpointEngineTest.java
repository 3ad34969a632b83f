package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.EndpointSimulation;
import dev.botsim.cognigy.engine.transport.JvmProperties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.json.JsonMapper;

/** The engine against a REST Endpoint over real HTTP, configured only through backend and URL. */
class EndpointEngineTest {

    private static final String TOKEN = "9f8e7d6c5b4a3e2d1c0bEndpointToken";
    private final MockWebServer server = LoopbackServers.mockWebServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineExecutionResults run(String method, String parameterTypes) throws Exception {
        server.start();
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + TOKEN).toString());
        CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()));
        return EngineTestKit.engine(engine).configurationParameter(Constants.BACKEND, "endpoint")
                .selectors(selectMethod(EndpointSimulation.class.getName(), method, parameterTypes)).execute();
    }

    private static MockResponse outputs(String text) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"outputStack\":[{\"text\":\"" + text + "\",\"data\":{},\"source\":\"bot\"}]}").build();
    }

    @Test
    @DisplayName("a test expecting an intent from a flow that reports none fails showing the Code node to add, never the URL token")
    void missingConventionData() throws Exception {
        server.enqueue(outputs("Sure, what is your order number?"));
        EngineExecutionResults results = run("expectsIntent", "");
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("intent", "check_order", "api.output(null", "input.intentScore")
                .doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("behind a proxy that asks for credentials, the test is an ERROR of the run's setup, its message unsent and"
            + " sent once to the proxy — never FAILED as if the bot had answered — and says to give -Dhttps.proxyUser, not the"
            + " URL token")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void behindAnAuthenticatingProxy() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint.cognigy.test/" + TOKEN);
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results;
        try (JvmProperties setMeanwhile = JvmProperties.proxy(server)) {
            CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())
                    .withListeners(listener));
            results = EngineTestKit.engine(engine).configurationParameter(Constants.BACKEND, "endpoint")
                    .selectors(selectMethod(EndpointSimulation.class.getName(), "expectsIntent", "")).execute();
        }
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(listener.finished).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(dev.botsim.cognigy.spi.Outcome.ERROR);
            assertThat(record.sent()).isFalse();
            assertThat(record.message()).contains("cannot reach REST Endpoint https://endpoint.cognigy.test/****: the proxy",
                    "asks for credentials", "-Dhttps.proxyUser=<user>").doesNotContain(TOKEN).doesNotContain("retried");
        });
        assertThat(server.getRequestCount()).as("requests at the proxy").isEqualTo(1);
    }

    @Test
    @DisplayName("a @Conversation keeps one session id across its turns against the endpoint")
    void conversationSession() throws Exception {
        server.enqueue(outputs("hello! how can I help?"));
        server.enqueue(outputs("Sure, what is your order number?"));
        EngineExecutionResults results = run("twoTurns", "dev.botsim.cognigy.annotations.BotSession");
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        JsonMapper json = JsonMapper.builder().build();
        String first = json.readTree(server.takeRequest().getBody().utf8()).path("sessionId").asString();
        String second = json.readTree(server.takeRequest().getBody().utf8()).path("sessionId").asString();
        assertThat(first).startsWith("ses_").isEqualTo(second);
    }
}
