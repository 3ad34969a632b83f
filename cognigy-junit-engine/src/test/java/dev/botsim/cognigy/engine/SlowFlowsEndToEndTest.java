package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * A suite whose timeouts are shorter than the bot's flows take fails against the sandbox as it would against a tenant,
 * once the sandbox's REST Endpoint is given the flows' time ({@code cognigy.sandbox.processing-time}): what a tenant's
 * HTTP Request or LLM nodes take, an endpoint answering at once would hide.
 */
class SlowFlowsEndToEndTest {

    @Test
    @DisplayName("the sandbox's REST Endpoint with a processing time of 2 s and a read timeout of 1 s: the test errors on the"
            + " timeout, as against a tenant whose flow takes 2 s; with the default timeouts it passes")
    void readTimeoutShorterThanTheFlow(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    expect: { intent: check_order }
                """);
        List<Event> impatient = run(dir, data, "1s").testEvents().failed().list();
        assertThat(impatient).singleElement().satisfies(event -> assertThat(event.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                // The engine's words, not the socket's: OkHttp says "timeout" or the JDK "Read timed out", by where the
                // read stood when the time ran out.
                .contains("did not answer in time"));

        run(dir, data, "30s").testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    private static org.junit.platform.testkit.engine.EngineExecutionResults run(Path dir, Path data, String readTimeout) {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PROCESSING_TIME, "2s")
                .configurationParameter(Constants.HTTP_READ_TIMEOUT, readTimeout)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(data.toFile()))
                .execute();
    }
}
