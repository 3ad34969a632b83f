package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.SimulationListener;

/** The listeners every run has, before those registered by users: the progress line and the summary. */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    /**
     * @param out  where they print
     * @param load how busy the run is now ("12 in flight"), for progress lines
     */
    public static List<SimulationListener> create(EngineConfig config, PrintStream out, Supplier<String> load) {
        // Progress is paced by the wall clock, whatever clock the run's records use.
        return List.of(new ProgressReporter(out, config.progressInterval(), Clock.systemUTC(), load), new ConsoleSummary(out));
    }
}
