package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/** Expected flows the bot does not have: a misspelt name in {@code flows:} is pointed out, not only counted as never reached. */
class ExpectedFlowNamesTest {

    @Test
    @DisplayName("an expected flow that is not a flow of the bot is named as such in the coverage line, with the likely name;"
            + " a flow of the bot that was not reached is only listed")
    void misspeltExpectedFlow(@TempDir Path reports) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())
                        .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.FLOWS, "flow_order_stauts,flow_refund")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml"))
                .execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));

        assertThat(console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[cognigy] flow coverage:")))
                .containsExactly("[cognigy] flow coverage: 3 of 5 expected flows (60 %); never reached: flow_order_stauts"
                        + " (not a flow of the bot — did you mean 'flow_order_status'?), flow_refund");
    }
}
