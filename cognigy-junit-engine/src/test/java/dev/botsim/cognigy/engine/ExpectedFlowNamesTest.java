package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Utterance;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;

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

    @Test
    @DisplayName("a run held to cognigy.coverage.minimum fails at its end marking the never reached flow that is not a flow"
            + " of the bot as the coverage line does, so a misspelt flow is told from one never reached")
    void misspeltExpectedFlowInTheCoverageMinimumFailure(@TempDir Path reports) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                        Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.FLOWS, "flow_order_stauts,flow_refund")
                .configurationParameter(Constants.COVERAGE_MINIMUM, "0.8")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml"))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.failed(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).isInstanceOf(RunShortfallError.class).hasMessage("flow coverage: 3 of 5 expected flows reached"
                + " (60 %), below the minimum of 80 % (cognigy.coverage.minimum); never reached: flow_order_stauts (not a flow"
                + " of the bot — did you mean 'flow_order_status'?), flow_refund");
    }

    @Test
    @DisplayName("a data file's expected flow that is not a flow of the bot is warned of before the first test, with its file"
            + " and line, the likely name and the fix; its tests still run")
    void misspeltFlowOfADataFile(@TempDir Path reports, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("greeting.sim.yaml");
        Files.writeString(file, """
                version: 1
                flows:
                  - flow_greeting
                  - flow_greting
                cases:
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);

        List<String> console = run(reports, selectFile(file.toFile()));

        String warning = "[cognigy] WARNING " + file + ", line 4 (flows:): expected flow flow_greting is not a flow of the bot"
                + " — did you mean 'flow_greeting'? It can never be reached, so the flow coverage counts it as never reached"
                + " (and cognigy.coverage.minimum with it); write the flow's name or id as the bot has it (flows of the bot:"
                + " flow_escalation, flow_greeting, flow_order_status, flow_refund)";
        assertThat(console).contains(warning);
        // Before the first test: the warning comes ahead of anything a test reports, and the coverage line stays as it was.
        assertThat(console.indexOf(warning)).isLessThan(console.indexOf(console.stream()
                .filter(l -> l.startsWith("[cognigy] flow coverage:")).findFirst().orElseThrow()));
        assertThat(console).contains("[cognigy] flow coverage: 1 of 2 expected flows (50 %); never reached: flow_greting"
                + " (not a flow of the bot — did you mean 'flow_greeting'?)");
        assertThat(console.stream().filter(l -> l.contains("expected flow flow_greeting "))).isEmpty();
    }

    @Test
    @DisplayName("a data file's several expected flows that are not flows of the bot make one warning, each flow with its"
            + " line, the bot's flows listed once")
    void severalMisspeltFlowsOfADataFile(@TempDir Path reports, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("greeting.sim.yaml");
        Files.writeString(file, """
                version: 1
                flows:
                  - flow_greting
                  - flow_greeting
                  - flow_refnd
                cases:
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);

        List<String> console = run(reports, selectFile(file.toFile()));

        assertThat(console.stream().filter(l -> l.startsWith("[cognigy] WARNING"))).singleElement().asString()
                .contains(file + ", line 3 (flows:): expected flow flow_greting is not a flow of the bot — did you mean"
                        + " 'flow_greeting'?; " + file + ", line 5 (flows:): expected flow flow_refnd is not a flow of the"
                        + " bot — did you mean 'flow_refund'? They can never be reached")
                .endsWith("(flows of the bot: flow_escalation, flow_greeting, flow_order_status, flow_refund)")
                .containsOnlyOnce("flows of the bot:");
    }

    @Test
    @DisplayName("an annotated class's expected flow that is not a flow of the bot is warned of before the first test, naming"
            + " the class and its source file, with the likely name and the fix")
    void misspeltFlowOfAClass(@TempDir Path reports) {
        List<String> console = run(reports, selectClass(MisspeltFlowSimulation.class));

        assertThat(console).containsOnlyOnce("[cognigy] WARNING @BotSimulation(flows) of " + MisspeltFlowSimulation.class.getName()
                + " (ExpectedFlowNamesTest.java): expected flow flow_greting is not a flow of the bot — did you mean"
                + " 'flow_greeting'? It can never be reached, so the flow coverage counts it as never reached (and"
                + " cognigy.coverage.minimum with it); write the flow's name or id as the bot has it (flows of the bot:"
                + " flow_escalation, flow_greeting, flow_order_status, flow_refund)");
        assertThat(console.stream().filter(l -> l.startsWith("[cognigy] WARNING"))).hasSize(1);
    }

    private static List<String> run(Path reports, DiscoverySelector selector) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())
                        .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selector)
                .execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        return console.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @BotSimulation(flows = {"flow_greting", "flow_greeting"})
    static class MisspeltFlowSimulation {
        @Utterance(value = "hi", intent = "greeting")
        void hi() {
        }
    }
}
