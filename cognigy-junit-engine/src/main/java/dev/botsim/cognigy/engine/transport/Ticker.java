package dev.botsim.cognigy.engine.transport;

/**
 * A monotonic time source: how long something has taken, which the wall clock cannot say — NTP steps it back or forward
 * to correct it, a VM resumed after hours sets it at once. A reading means nothing alone, only the difference between two
 * of the same ticker. Budgets and deadlines are measured on it ({@link Deadline}); what a record writes down as a moment
 * stays on the wall clock. {@link System#nanoTime} in a run, a counter tests move in step with their virtual
 * {@link Sleeper}, so nothing really sleeps.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds since some fixed but arbitrary origin; only differences between readings count. */
    long nanos();
}
