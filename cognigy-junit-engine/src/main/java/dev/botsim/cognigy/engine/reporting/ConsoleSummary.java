package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Prints a short summary of the run to the console when it ends. */
final class ConsoleSummary implements SimulationListener {

    private final PrintStream out;
    private final EngineConfig config;

    ConsoleSummary(PrintStream out, EngineConfig config) {
        this.out = out;
        this.config = config;
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        records.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        int passed = counts.getOrDefault(Outcome.PASSED, 0);
        StringBuilder line = new StringBuilder("[cognigy] ").append(run.batchId()).append(" on ").append(run.backend())
                .append(": ").append(records.size()).append(" simulations, ").append(passed).append(" passed");
        counts.forEach((outcome, n) -> {
            if (outcome != Outcome.PASSED) line.append(", ").append(n).append(' ').append(outcome.name().toLowerCase(java.util.Locale.ROOT));
        });
        out.println(line);
    }
}
