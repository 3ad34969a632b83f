package dev.botsim.cognigy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine benchmark's {@code smoke} scenario, through the benchmark's own code, so the benchmark
 * cannot rot between measurements. Only what holds on any machine is asserted; timing goals are
 * measured on purpose and recorded in RESULTS.md.
 *
 * <p>Plain Jupiter assertions: declaring AssertJ here with test scope would take it off the compile
 * class path that {@code exec:java} runs the benchmarks with, and the engine needs it there.
 */
class EngineSmokeTest {

    /** Every column of a scenario line, with the shape of its value. */
    private static final List<String> COLUMNS = List.of(
            "^smoke: \\d+ simulations \\(processing \\d+ ms, capacity (\\d+|unlimited), concurrency \\d+(, engine in a child JVM)?\\): ",
            "discovery \\d+\\.\\d{2} s", "wall \\d+\\.\\d{2} s", "lower bound \\d+\\.\\d{2} s", "ratio (\\d+\\.\\d{2}|n/a)",
            "\\d+ simulations/s", "HTTP requests/sim \\d+\\.\\d{2}", "status polls/sim \\d+\\.\\d{2}",
            "completion detected after \\d+ ms median \\(\\d+ % of processing\\), p90 \\d+ ms", "429s \\d+", "peak in flight \\d+",
            "peak heap \\d+ MiB \\((sandbox and engine|engine JVM, -Xmx\\w+); at most \\d+ MiB after a GC, \\d+ GCs in \\d+ ms\\)",
            "passed \\d+", "failed \\d+$");

    @Test
    @DisplayName("engine smoke: all simulations pass, the server never has more in flight than max-concurrency, >= 2 HTTP requests each")
    void smoke() throws Exception {
        EngineBenchmark.Scenario scenario = EngineBenchmark.scenario("smoke");
        assertTrue(scenario.capacity() > scenario.concurrency(), "a server cap would hide the engine exceeding its own");
        assertScenario(scenario, EngineBenchmark.run(scenario));
    }

    @Test
    @DisplayName("the engine in a JVM of its own (as S4 runs it): same checks, figures read back from the child")
    void smokeInChildJvm() throws Exception {
        EngineBenchmark.Scenario smoke = EngineBenchmark.scenario("smoke");
        EngineBenchmark.Scenario scenario = new EngineBenchmark.Scenario("smoke", 40, smoke.processing(), smoke.capacity(),
                smoke.concurrency(), 2, "256m");
        EngineBenchmark.Result result = EngineBenchmark.run(scenario);
        assertScenario(scenario, result);
        String line = EngineBenchmark.line(result);
        assertTrue(line.contains("engine in a child JVM") && line.contains("engine JVM, -Xmx256m"), line);
        long peak = result.engine().peakHeapMiB();
        assertTrue(peak >= 1 && peak <= 256, "measured in the child, so at most its -Xmx: " + line);
    }

    @Test
    @DisplayName("the engine through the ConsoleLauncher in a fresh JVM (the console benchmark): every simulation passes,"
            + " the launcher's figure is read and every phase of the timeline is placed, in order")
    void smokeThroughConsoleLauncher() throws Exception {
        EngineBenchmark.Scenario smoke = EngineBenchmark.scenario("smoke");
        EngineBenchmark.Scenario scenario = new EngineBenchmark.Scenario("smoke", 40, smoke.processing(), smoke.capacity(),
                smoke.concurrency(), 2, null);
        ConsoleBenchmark.Run run = ConsoleBenchmark.run(scenario);
        String line = ConsoleBenchmark.line(scenario, run);
        String breakdown = ConsoleBenchmark.breakdown(scenario, List.of(run));
        System.out.println(line);
        System.out.println(breakdown);
        assertEquals(scenario.simulations(), run.passed(), line);
        assertEquals(0, run.failed(), line);
        assertTrue(run.testRunMillis() > 0, line);
        assertTrue(run.httpRequests() >= 2L * scenario.simulations() && run.statusPolls() >= scenario.simulations(), line);
        assertTrue(run.peakInFlight() >= 1 && run.peakInFlight() <= scenario.concurrency(), line);
        for (ConsoleBenchmark.Phase phase : ConsoleBenchmark.PHASES) {
            // Both JVMs read the same machine's clock, so each phase ends after it starts.
            double millis = run.millisBetween(phase.from(), phase.to());
            assertTrue(Double.isFinite(millis) && millis >= 0,
                    phase.name() + " (" + phase.from() + " to " + phase.to() + "): " + millis + " ms\n" + breakdown);
        }
        assertTrue(Pattern.compile("^console smoke: 40 simulations .*: Test run finished after \\d+ ms, lower bound \\d+\\.\\d{2} s,"
                + " ratio \\d+\\.\\d{3}, .* passed 40, failed 0, .*").matcher(line).find(), line);
    }

    private static void assertScenario(EngineBenchmark.Scenario scenario, EngineBenchmark.Result result) {
        String line = EngineBenchmark.line(result);
        System.out.println(line);
        EngineBenchmark.EngineRun engine = result.engine();
        assertEquals(scenario.simulations(), engine.tests(), line);
        assertEquals(scenario.simulations(), engine.passed(), line);
        assertEquals(0, engine.failed(), line);
        assertTrue(scenario.processing().compareTo(Duration.ZERO) > 0, "a zero processing time would leave nothing in flight to count");
        assertTrue(result.peakInFlight() >= 1 && result.peakInFlight() <= scenario.concurrency(),
                "peak in flight at the server within the engine's max-concurrency: " + line);
        assertTrue(Double.isFinite(result.httpPerSimulation()) && result.httpPerSimulation() >= 2.0, line);
        assertTrue(result.pollsPerSimulation() >= 1.0, line);
        assertEquals(scenario.simulations(), result.completionsDetected(), "each simulation's completion seen by a status poll: " + line);
        for (String column : COLUMNS) {
            assertTrue(Pattern.compile(column).matcher(line).find(), "no column /" + column + "/ in: " + line);
        }
    }
}
