package dev.botsim.cognigy.engine.reporting;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
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
 * and those the engine's services add. A listener that throws anything but a {@link VirtualMachineError} (an
 * {@link AssertionError}, a checked exception thrown from Kotlin, and a {@link StackOverflowError}, unwound by the time
 * it is caught) is logged and skipped: reporting never changes a test's result.
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
     * the {@code extra} ones (the engine's services). A registered name that cannot be loaded fails the run before its
     * first test ({@link ServiceConfigurationError}).
     */
    public static Listeners load(List<SimulationListener> builtIn, ClassLoader loader, List<SimulationListener> extra) {
        List<SimulationListener> all = new ArrayList<>(builtIn);
        ServiceLoader.load(SimulationListener.class, loader).forEach(all::add);
        all.addAll(extra);
        return new Listeners(all);
    }

    /**
     * The built-in listeners given, followed by every listener registered on the class path that can be loaded: one that
     * cannot — its class missing or no listener, its constructor throwing (a variable only the test JVMs had) — is
     * logged and skipped like one that throws when told. For the merge of a split run, whose parts' JVMs loaded the same
     * listeners already: it still writes the run's reports, audit record and webhook, and tells the other listeners.
     */
    public static Listeners loadSkippingUnloadable(List<SimulationListener> builtIn, ClassLoader loader) {
        List<SimulationListener> all = new ArrayList<>(builtIn);
        Iterator<SimulationListener> registered = ServiceLoader.load(SimulationListener.class, loader).iterator();
        // Each failure moves the iterator past its provider; the bound only guards against one that would not.
        for (int failures = 0; failures < MAX_LOAD_FAILURES; ) {
            try {
                if (!registered.hasNext()) break;
                all.add(registered.next());
            } catch (ServiceConfigurationError e) {
                failures++;
                Throwable cause = e.getCause();
                LOG.log(Level.WARNING, () -> ConsoleText.oneLine("a listener registered in META-INF/services/"
                        + SimulationListener.class.getName() + " could not be loaded and is skipped: " + e.getMessage()
                        + (cause == null ? "" : " (" + cause + ")")));
                LOG.log(Level.DEBUG, () -> "a listener could not be loaded", e);
            }
        }
        return new Listeners(all);
    }

    private static final int MAX_LOAD_FAILURES = 100;

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
                // A listener that recursed until its stack overflowed has unwound it by now: skipped as one that throws, so
                // the listeners after it and the run's end (the webhook) still come. Out of memory, the JVM is not fit to go on.
                if (!(fatal instanceof StackOverflowError)) throw fatal;
                warn(listener, event, fatal);
            } catch (Throwable e) {
                warn(listener, event, e);
            }
        }
    }

    private void warn(SimulationListener listener, String event, Throwable e) {
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
