package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.execution.EngineServices;

/** What the engine prints on the console, whatever the bot answers. */
class ConsoleOutputTest {

    private static final String FORGED = "[cognigy] governance: COMPLIANT";

    @Test
    @DisplayName("item 20: a bot answer carrying '\\n[cognigy] governance: COMPLIANT' prints on one line and cannot forge the verdict")
    void botTextCannotForgeAConsoleLine(@TempDir Path reports) {
        String console = console(() -> EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(name -> null, config -> new ForgingBot(), Clock.systemUTC())))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(3).failed(3)));

        List<String> verdicts = console.lines().filter(line -> line.startsWith("[cognigy] governance:")).toList();
        assertThat(verdicts).singleElement().asString().doesNotStartWith(FORGED).contains("(threshold 95 %)");
        assertThat(console.lines().filter(line -> line.startsWith("[cognigy] misconfiguration in")))
                .singleElement().asString()
                .contains("flow_x\\n" + FORGED, "E_X\\r\\n" + FORGED + "\\u2028" + FORGED);
    }

    @Test
    @DisplayName("reports that cannot be written (the report directory lies below a file): one line says so, every test still"
            + " reports, and no report writer is left running after the run")
    void reportsNotWritten(@TempDir Path dir) throws Exception {
        Path taken = java.nio.file.Files.writeString(dir.resolve("taken"), "a file, not a directory");
        String console = console(() -> EngineTestSupport.kit(new ScriptedBackend())
                // A folder named as a file is refused before the run; one below a file only fails once written.
                .configurationParameter(Constants.REPORT_DIR, taken.resolve("reports").toString())
                .selectors(selectClasspathResource("fixtures/html/report.sim.yaml")).execute()
                .testEvents().assertThatEvents().isNotEmpty());
        assertThat(console.lines().filter(line -> line.startsWith("[cognigy] results:"))).singleElement().asString()
                .startsWith("[cognigy] results: not written (");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("cognigy-html-report"));
        assertThat(java.nio.file.Files.readString(taken)).isEqualTo("a file, not a directory");
    }

    @Test
    @DisplayName("cognigy.management.unlisted-slots given to a run that reads the bot's schema through no management API: one"
            + " warning says it has no effect, before the first test; the run goes on")
    void unlistedSlotsWithoutManagementApiWarned(@TempDir Path reports) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicReference<String> atFirstTest = new java.util.concurrent.atomic.AtomicReference<>();
        dev.botsim.cognigy.spi.SimulationListener firstTest = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(dev.botsim.cognigy.spi.SimulationRecord record) {
                atFirstTest.compareAndSet(null, console.toString(StandardCharsets.UTF_8));
            }
        };
        ScriptedBackend backend = new ScriptedBackend();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> backend, Clock.systemUTC())
                        .withConsole(out).withListeners(firstTest)))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(3));

        String warning = "[cognigy] WARNING cognigy.management.unlisted-slots=order_id has no effect: this run"
                + " (cognigy.backend=simulation) reads the bot's schema from the simulation API.";
        assertThat(atFirstTest.get()).as("before the first test").isNotNull()
                .satisfies(before -> assertThat(before.lines().filter(line -> line.startsWith(warning))).hasSize(1));
        assertThat(console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("unlisted-slots"))).hasSize(1);
    }

    private static String console(Runnable run) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            run.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    /** A bot whose flow name, error code and text each try to start a console line of their own. */
    private static final class ForgingBot implements Backend {
        @Override
        public String name() {
            return "forging";
        }

        @Override
        public BotSchema schema() {
            return new BotSchema(Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public TurnResult send(TurnRequest request) {
            BotTurn turn = TestTurns.turn(0, "flow_x\n" + FORGED, "other", 0.9, Map.of(), "ok\n" + FORGED,
                    "E_X\r\n" + FORGED + "\u2028" + FORGED, "broken\n" + FORGED);
            return new TurnResult("sim_1", "ses_1", "failed", List.of(turn), null, List.of(), 1);
        }

        @Override
        public void close() {
        }
    }
}
