package dev.botsim.cognigy.engine.execution;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.BackendRequirements;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.SimulationListener;

/**
 * What the engine takes from its surroundings, replaceable in tests: the environment variables
 * (where secrets come from), how a backend is made from the configuration and what it needs of it,
 * the clock, where the engine's console lines go, and listeners beyond those found on the class path.
 *
 * @param console      the console, asked for when a run starts: by default {@code System.out} as it is
 *                     then, since a launcher or IDE may redirect it after making the engine
 * @param listeners    listeners every run of this engine has, after the built-in ones and those
 *                     registered through {@link java.util.ServiceLoader}
 * @param requirements what the backend a configuration names lacks for the run's tests, one problem each,
 *                     reported with the configuration's problems before the first test; by default nothing
 * @param nanoTime     the monotonic time a test's duration is measured on, in nanoseconds, only differences counting:
 *                     {@link System#nanoTime} in a run ({@link #withNanoTime}), so NTP setting the wall clock back or
 *                     forward mid-test makes no duration negative or an hour long. The constructors without it, for tests,
 *                     read it off {@code clock}, which such a test moves only forward
 */
public record EngineServices(Function<String, String> environment, Function<EngineConfig, Backend> backends,
                             Clock clock, Supplier<PrintStream> console, List<SimulationListener> listeners,
                             BackendRequirements requirements, LongSupplier nanoTime) {

    public EngineServices {
        listeners = List.copyOf(listeners);
    }

    /** Services whose durations are read off {@code clock}. */
    public EngineServices(Function<String, String> environment, Function<EngineConfig, Backend> backends, Clock clock,
                          Supplier<PrintStream> console, List<SimulationListener> listeners, BackendRequirements requirements) {
        this(environment, backends, clock, console, listeners, requirements, onClock(clock));
    }

    /** Services whose backends need nothing checked before the run starts. */
    public EngineServices(Function<String, String> environment, Function<EngineConfig, Backend> backends, Clock clock,
                          Supplier<PrintStream> console, List<SimulationListener> listeners) {
        this(environment, backends, clock, console, listeners, BackendRequirements.NONE);
    }

    /** Services printing to {@code System.out}, with the class path's listeners only. */
    public EngineServices(Function<String, String> environment, Function<EngineConfig, Backend> backends, Clock clock) {
        this(environment, backends, clock, () -> System.out, List.of());
    }

    /** These services with {@code more} listeners after those already given. */
    public EngineServices withListeners(SimulationListener... more) {
        List<SimulationListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new EngineServices(environment, backends, clock, console, all, requirements, nanoTime);
    }

    /** These services with the engine's console lines going to {@code out}. */
    public EngineServices withConsole(PrintStream out) {
        return new EngineServices(environment, backends, clock, () -> out, listeners, requirements, nanoTime);
    }

    /** These services with the backends' {@code requirements} checked with the configuration. */
    public EngineServices withRequirements(BackendRequirements requirements) {
        return new EngineServices(environment, backends, clock, console, listeners, requirements, nanoTime);
    }

    /** These services with durations measured on {@code nanoTime}, a monotonic time such as {@link System#nanoTime}. */
    public EngineServices withNanoTime(LongSupplier nanoTime) {
        return new EngineServices(environment, backends, clock, console, listeners, requirements, nanoTime);
    }

    /** {@code clock}'s time since the epoch in nanoseconds: durations of a test whose clock only moves forward. */
    private static LongSupplier onClock(Clock clock) {
        return () -> {
            java.time.Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
