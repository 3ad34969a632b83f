package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives the run's simulations as they finish.
 *
 * <p><b>Registering.</b> Implementations are found with {@link java.util.ServiceLoader}: a public class with a public
 * no-argument constructor, named in a file {@code META-INF/services/dev.botsim.cognigy.spi.SimulationListener} on the
 * class path of the tests (in a Maven project, {@code src/test/resources}), one class name a line. A name there the
 * {@code ServiceLoader} cannot make a listener of (a misspelt class, no such constructor, a constructor that throws)
 * fails the engine node before any test runs, with a {@code ServiceConfigurationError} naming it.
 *
 * <p><b>Failures.</b> A listener that throws (a runtime exception, an {@link AssertionError}, a checked exception thrown
 * from Kotlin; anything but a {@link VirtualMachineError}) is logged as a warning naming its class, the callback and the
 * exception (once per callback: later failures on the same callback are logged at {@code DEBUG}), and skipped for that
 * callback; it never changes a test's result, the verdict, the audit record or the webhook, and the listeners after
 * it are still called.
 *
 * <p><b>Threads and time.</b> {@link #simulationFinished} is called from several threads at once and must be
 * thread-safe. The callbacks run on the engine's threads and the run waits for them: keep them quick, and hand slow work
 * (posting to a chat tool, say) to {@link #runFinished(RunInfo, java.util.List, RunSummary)} or an executor of your own.
 *
 * <p>Every method has a default that does nothing (or forwards), so a callback added later does not break a
 * listener: implement the ones you need.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SimulationListener {

    /**
     * Called once, before the first test, with what the run is about to do. A run whose JVM shuts down while it is still
     * starting (a CI timeout, an IDE's stop) calls it too, from the shutdown hook, just before
     * {@link #runFinished(RunInfo, java.util.List, RunSummary)} with no records and the {@code INTERRUPTED} verdict: a
     * listener hears the end of every run it heard begin.
     */
    default void runStarted(RunInfo run) {
    }

    /**
     * Called once for every test, as it finishes, on the thread that ran it and before JUnit hears of its result: the
     * test's reported time includes this call. Called from several threads at once. Never called after
     * {@link #runFinished(RunInfo, java.util.List, RunSummary)}: in a run the JVM shuts down in the middle of, a test
     * that finishes once the run is being concluded is in none of its results, and is not told here either.
     */
    default void simulationFinished(SimulationRecord record) {
    }

    /**
     * Called once, after the last test, with every record of the run, an unmodifiable list. Implement this or
     * {@link #runFinished(RunInfo, java.util.List, RunSummary)}, not both.
     */
    default void runFinished(RunInfo run, java.util.List<SimulationRecord> records) {
    }

    /**
     * Called once, after the last test, with every record (an unmodifiable list) and the run's figures.
     * By then the audit record is appended, the webhook payload kept in its outbox and the reports written; the payload
     * is sent after every listener has returned, so a slow listener delays it. By default it calls
     * {@link #runFinished(RunInfo, java.util.List)}.
     */
    default void runFinished(RunInfo run, java.util.List<SimulationRecord> records, RunSummary summary) {
        runFinished(run, records);
    }
}
