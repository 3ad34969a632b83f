package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.Ticker;
import dev.botsim.cognigy.spi.SimulationListener;

/**
 * The listeners every run has, before those registered by users: the progress line, the summary, under GitHub Actions
 * its job summary and annotations, and under Azure Pipelines its summary and issues.
 */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    /**
     * @param out    where they print
     * @param environment where the run finds whether it runs under GitHub Actions or Azure Pipelines, and that job's files
     * @param load   how busy the run is now ("12 in flight"), for progress lines
     * @param pacing  what the backends expect of the run when a quota sets its pace, for the first progress line
     * @param waiting the request budget holding requests back now, given the tests still to finish, for progress lines
     */
    public static List<SimulationListener> create(EngineConfig config, PrintStream out, Function<String, String> environment,
                                                  Supplier<String> load,
                                                  Supplier<Optional<String>> pacing,
                                                  LongFunction<Optional<BudgetWait>> waiting) {
        // Progress is paced by the time that passes (System.nanoTime), whatever clock the run's records use; a budget's
        // wait is measured on the backend's ticker and arrives as a duration.
        return List.of(new ProgressReporter(out, config.progressInterval(), Ticker.SYSTEM, load, pacing, waiting),
                new ConsoleSummary(out), new GitHubActionsReport(config, environment, out, null),
                new AzurePipelinesReport(config, environment, out, null));
    }

    /**
     * The summary, and under GitHub Actions or Azure Pipelines the job summary without annotations or issues (the parts'
     * jobs annotated the tests they ran), for run {@code runId} put together by {@code merge}.
     */
    public static List<SimulationListener> merged(EngineConfig config, PrintStream out, Function<String, String> environment,
                                                  String runId) {
        return List.of(new ConsoleSummary(out), new GitHubActionsReport(config, environment, out, runId),
                new AzurePipelinesReport(config, environment, out, runId));
    }
}
