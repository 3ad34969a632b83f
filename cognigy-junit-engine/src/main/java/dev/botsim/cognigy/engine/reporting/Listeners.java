package dev.botsim.cognigy.engine.reporting;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The run's listeners: the built-in reporters, those users register through {@link ServiceLoader}
 * and those the engine's services add. A listener that throws anything but a {@link VirtualMachineError}
 * (an {@link AssertionError}, a checked exception thrown from Kotlin) is logged and skipped: reporting never changes
 * a test's result.
 */
public final class Listeners {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final List<SimulationListener> listeners;
    /** The listeners and callbacks already warned of: later failures of the same are logged at DEBUG only. */
    private final Set<Warned> warned = ConcurrentHashMap.newKeySet();

    private record Warned(SimulationListener listener, String event) {
    }

    Listeners(List<SimulationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The built-in listeners given, followed by every listener registered on the class path, then
     * the {@code extra} ones (the engine's services).
     */
    public static Listeners load(List<SimulationListener> builtIn, ClassLoader loader, List<SimulationListener> extra) {
        List<SimulationListener> all = new ArrayList<>(builtIn);
        ServiceLoader.load(SimulationListener.class, loader).forEach(all::add);
        all.addAll(extra);
        return new Listeners(all);
    }

    List<SimulationListener> all() {
        return listeners;
    }

    public void runStarted(RunInfo run) {
        each("runStarted", l -> l.runStarted(run));
    }

    public void simulationFinished(SimulationRecord record) {
        each("simulationFinished", l -> l.simulationFinished(record));
    }

    /**
     * The run's end: built-in reporters get the run with its analysis, every other listener the
     * records and the summary, as the listener SPI has it.
     */
    public void runFinished(FinishedRun run) {
        RunSummary summary = run.summary();
        each("runFinished", l -> {
            if (l instanceof AnalysedRunListener analysed) {
                analysed.runFinished(run);
            } else {
                l.runFinished(run.info(), run.records(), summary);
            }
        });
    }

    private void each(String event, Consumer<SimulationListener> call) {
        for (SimulationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                // Not only runtime exceptions: an AssertionError (a listener written with assertions) or a checked
                // exception (a listener in Kotlin, or one sneaking an IOException out) must no more fail the test
                // whose record it was told of, or skip the steps of the run's end after the listeners (the webhook).
                // One escaped line, with where it was thrown: the exception's message may quote a bot's
                // answer, and a raw stack trace would print it as lines of its own. The trace is at DEBUG.
                // Once per listener and callback: a listener failing on every record would otherwise print a warning a test.
                boolean first = warned.add(new Warned(listener, event));
                LOG.log(first ? Level.WARNING : Level.DEBUG, () -> ConsoleText.oneLine("listener " + listener.getClass().getName()
                        + " failed on " + event + " and is skipped: " + e + (e.getStackTrace().length == 0 ? "" : " at " + e.getStackTrace()[0])
                        + (first && event.equals("simulationFinished")
                                ? "; later failures of this listener on " + event + " are logged at DEBUG" : "")));
                LOG.log(Level.DEBUG, () -> "listener " + listener.getClass().getName() + " failed on " + event, e);
            }
        }
    }
}
