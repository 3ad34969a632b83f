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
 * A test in a locale the sandbox's one REST Endpoint does not serve, as a tenant's endpoint of another locale would not:
 * the sandbox's NLU reads any language, so only the endpoint's locale — read through its management API, or the bot's
 * own without it — keeps it from passing here where a tenant's endpoint would read it in another language.
 */
class LocaleEndpointsEndToEndTest {

    @Test
    @DisplayName("through the embedded sandbox's REST Endpoint (en-US), a de-DE test without COGNIGY_ENDPOINT_URL_DE_DE fails"
            + " unsent naming the variable, though the sandbox's NLU would have understood it; the en-US test passes")
    void otherLanguageRefused() {
        assertOtherLanguageRefused(run(true), "(as the management API says)");
    }

    @Test
    @DisplayName("the same with the sandbox's management API turned off: the bot's locale is still the endpoint's, so the de-DE"
            + " test is refused as before")
    void otherLanguageRefusedWithoutTheManagementApi() {
        assertOtherLanguageRefused(run(false), "(the sandbox bot's locale)");
    }

    @Test
    @DisplayName("a sandbox bot whose locale is a name (English), which no tenant's locale reads as its language, is refused at"
            + " its line: served as such, the endpoint's language would be unknown and the de-DE test would pass here only")
    void sandboxLocaleThatIsNoLanguageRefused() {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/bilingual-bot-locale-named.yaml")
                .configurationParameter(Constants.BACKEND, "endpoint")
                .selectors(selectClasspathResource("e2e/locales-one-endpoint.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(0));
        assertThat(results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
                .flatMap(java.util.Optional::stream).map(Throwable::getMessage))
                .anySatisfy(message -> assertThat(message).contains("bilingual-bot-locale-named.yaml:3: locale English is not a"
                        + " language tag"));
    }

    @Test
    @DisplayName("a tenant's endpoint without the management API: COGNIGY_ENDPOINT_URL_EN_US naming the default endpoint says"
            + " it serves en-US, so the de-DE test without a URL of its own fails unsent naming both variables, before any"
            + " message in German reaches it; the en-US test passes")
    void defaultEndpointNamedForItsLocale() throws Exception {
        String token = "c0ffee00deadbeef1234567890abcdef";
        try (mockwebserver3.MockWebServer endpoint = new mockwebserver3.MockWebServer()) {
            endpoint.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    return new mockwebserver3.MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("""
                                    {"text":"Hello!","data":{},"outputStack":[
                                      {"text":"Hello!","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                                      {"text":null,"data":{"intent":"greeting","intentScore":0.93,"flowName":"Greeting",
                                       "slots":{},"state":""},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],
                                     "userId":"usr_1","sessionId":"ses_1"}""").build();
                }
            });
            endpoint.start();
            String url = endpoint.url("/" + token).toString();
            Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, url, "COGNIGY_ENDPOINT_URL_EN_US", url);
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(
                            new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .selectors(selectClasspathResource("e2e/locales-one-endpoint.sim.yaml")).execute();
            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            var failed = results.testEvents().failed().stream().findFirst().orElseThrow();
            assertThat(failed.getTestDescriptor().getUniqueId().getLastSegment().getValue()).isEqualTo("test_greeting_de");
            assertThat(failed.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow()
                    .getMessage()).contains("names locale de-DE, but COGNIGY_ENDPOINT_URL_DE_DE is not set, so it would go to"
                    + " COGNIGY_ENDPOINT_URL, which is the endpoint COGNIGY_ENDPOINT_URL_EN_US gives for locale en-US")
                    .doesNotContain(token);
            assertThat(endpoint.getRequestCount()).as("only the en-US message was sent").isEqualTo(1);
        }
    }

    private static EngineExecutionResults run(boolean managementApi) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/bilingual-bot.yaml")
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.SANDBOX_MANAGEMENT_API, String.valueOf(managementApi))
                .selectors(selectClasspathResource("e2e/locales-one-endpoint.sim.yaml")).execute();
    }

    private static void assertOtherLanguageRefused(EngineExecutionResults results, String knownFrom) {
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        var failed = results.testEvents().failed().stream().findFirst().orElseThrow();
        assertThat(failed.getTestDescriptor().getUniqueId().getLastSegment().getValue()).isEqualTo("test_greeting_de");
        assertThat(failed.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow().getMessage())
                .contains("names locale de-DE", "COGNIGY_ENDPOINT_URL_DE_DE is not set", "serves locale en-US " + knownFrom);
    }
}
