package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.spi.SimulationListener;

/** The listeners every run has, before those registered by users: the progress line and the summary. */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    /**
     * @param out    where they print
     * @param load   how busy the run is now ("12 in flight"), for progress lines
     * @param pacing  what the backends expect of the run when a quota sets its pace, for the first progress line
     * @param waiting the request budget holding requests back now, given the tests still to finish, for progress lines
     */
    public static List<SimulationListener> create(EngineConfig config, PrintStream out, Supplier<String> load,
                                                  Supplier<Optional<String>> pacing,
                                                  LongFunction<Optional<BudgetWait>> waiting) {
        // Progress is paced by the wall clock, whatever clock the run's records use; a budget's wait is measured on
        // the backend's clock and arrives as a duration.
        return List.of(new ProgressReporter(out, config.progressInterval(), Clock.systemUTC(), load, pacing, waiting),
                new ConsoleSummary(out));
    }

    /** The summary alone, for a run put together by {@code merge}. */
    public static SimulationListener summary(PrintStream out) {
        return new ConsoleSummary(out);
    }
}
