package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.SimulationListener;

/** The listeners every run has, before those registered by users: the progress line and the summary. */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    /**
     * @param out    where they print
     * @param load   how busy the run is now ("12 in flight"), for progress lines
     * @param pacing what the backend expects of this many messages when it paces them to a quota, for the first
     *               progress line
     */
    public static List<SimulationListener> create(EngineConfig config, PrintStream out, Supplier<String> load,
                                                  LongFunction<Optional<String>> pacing) {
        // Progress is paced by the wall clock, whatever clock the run's records use.
        return List.of(new ProgressReporter(out, config.progressInterval(), Clock.systemUTC(), load, pacing),
                new ConsoleSummary(out, config.deferred() ? part(config) : null));
    }

    /** The summary alone, for a run put together by {@code merge}. */
    public static SimulationListener summary(PrintStream out) {
        return new ConsoleSummary(out);
    }

    private static String part(EngineConfig config) {
        return "run " + config.run().runId().orElseThrow() + config.run().shard().map(shard -> ", shard " + shard).orElse(", one part");
    }
}
