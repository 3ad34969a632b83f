package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives the run's simulations as they finish. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.botsim.cognigy.spi.SimulationListener})
 * and called from several threads at once: {@link #simulationFinished} must be thread-safe.
 * A listener that throws is reported and then ignored; it never changes a test's result.
 *
 * <p>Every method has a default that does nothing (or forwards), so a callback added later does not break a
 * listener: implement the ones you need.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SimulationListener {

    default void runStarted(RunInfo run) {
    }

    default void simulationFinished(SimulationRecord record) {
    }

    /** Called once, after the last test, with every record of the run. */
    default void runFinished(RunInfo run, java.util.List<SimulationRecord> records) {
    }

    /**
     * Called once, after the last test, with every record and the run's figures. By default it
     * calls {@link #runFinished(RunInfo, java.util.List)}.
     */
    default void runFinished(RunInfo run, java.util.List<SimulationRecord> records, RunSummary summary) {
        runFinished(run, records);
    }
}
