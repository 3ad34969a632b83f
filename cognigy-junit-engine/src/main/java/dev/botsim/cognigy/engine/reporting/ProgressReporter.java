package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A progress line at a steady pace on long runs — done/total, failing, in flight, rate, ETA — one
 * plain line per interval, so CI logs stay short; runs shorter than the interval print none.
 */
final class ProgressReporter implements SimulationListener {

    private final PrintStream out;
    private final Duration interval;
    private final Clock clock;
    private final Supplier<String> load;
    private final LongFunction<Optional<String>> pacing;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failing = new AtomicLong();
    private volatile long planned;
    private volatile Instant started;
    private ScheduledExecutorService ticker;

    ProgressReporter(PrintStream out, Duration interval, Clock clock, Supplier<String> load) {
        this(out, interval, clock, load, planned -> Optional.empty());
    }

    /** @param pacing what a backend pacing its messages to a quota expects of this many (see {@code Backend.pacing}) */
    ProgressReporter(PrintStream out, Duration interval, Clock clock, Supplier<String> load,
                     LongFunction<Optional<String>> pacing) {
        this.out = out;
        this.interval = interval;
        this.clock = clock;
        this.load = load;
        this.pacing = pacing;
    }

    @Override
    public void runStarted(RunInfo run) {
        planned = run.plannedTests();
        started = clock.instant();
        if (interval.isZero() || interval.isNegative()) return;
        // A run paced to a quota may take hours: say so at once rather than after the first interval.
        pacing.apply(planned).ifPresent(expected -> ConsoleText.println(out, "[cognigy] 0/" + planned + " done; " + expected));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cognigy-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void simulationFinished(SimulationRecord record) {
        done.incrementAndGet();
        if (record.outcome() != Outcome.PASSED && record.outcome() != Outcome.SKIPPED) failing.incrementAndGet();
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records) {
        if (ticker != null) ticker.shutdownNow();
    }

    /** Prints the progress line, once the run has lasted at least one interval. */
    void tick() {
        Duration elapsed = Duration.between(started, clock.instant());
        if (elapsed.compareTo(interval) < 0) return;
        ConsoleText.println(out, line(elapsed));
    }

    String line(Duration elapsed) {
        long finished = done.get();
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = finished / seconds;
        String eta = rate > 0 && planned > finished ? Math.round((planned - finished) / rate) + " s" : "—";
        return String.format(Locale.ROOT, "[cognigy] %d/%d done, %d failing, %s, %.1f/s, ETA %s",
                finished, planned, failing.get(), load.get(), rate, eta);
    }
}
