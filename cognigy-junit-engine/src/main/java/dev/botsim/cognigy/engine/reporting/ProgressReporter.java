package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import dev.botsim.cognigy.engine.support.DurationText;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.Ticker;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A progress line at a steady pace on long runs — done/total, failing, in flight, rate, ETA — one
 * plain line per interval, so CI logs stay short; runs shorter than the interval print none. A run
 * paced by a quota says at once how long it will take; while a request budget holds its requests
 * back, the line says so and until when, and the ETA is the budget's, not the rate's (which a wait
 * of minutes after a fast first window would make read "1 s, 2 s, 3 s").
 *
 * <p>How long the run has lasted is measured on a monotonic {@link Ticker}, never the wall clock: NTP setting the clock
 * back an hour would silence the lines for that hour (a CI job printing nothing for ten minutes may be killed), setting it
 * forward would show the rate of a run an hour longer and an ETA of hours.
 */
final class ProgressReporter implements SimulationListener {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Duration interval;
    private final Ticker ticker;
    private final Supplier<String> load;
    private final Supplier<Optional<String>> pacing;
    private final LongFunction<Optional<BudgetWait>> waiting;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failing = new AtomicLong();
    private volatile long planned;
    /** When the run started, a reading of {@link #ticker}. */
    private volatile long started;
    private ScheduledExecutorService lines;

    ProgressReporter(PrintStream out, Duration interval, Ticker ticker, Supplier<String> load) {
        this(out, interval, ticker, load, Optional::empty, remaining -> Optional.empty());
    }

    /**
     * @param pacing  what the run's backends expect of the run when a quota sets its pace (see {@code Backend.pacing})
     * @param waiting the budget holding requests back now, if any, given the tests still to finish
     */
    ProgressReporter(PrintStream out, Duration interval, Ticker ticker, Supplier<String> load,
                     Supplier<Optional<String>> pacing, LongFunction<Optional<BudgetWait>> waiting) {
        this.out = out;
        this.interval = interval;
        this.ticker = ticker;
        this.load = load;
        this.pacing = pacing;
        this.waiting = waiting;
    }

    @Override
    public void runStarted(RunInfo run) {
        planned = run.plannedTests();
        started = ticker.nanos();
        if (interval.isZero() || interval.isNegative()) return;
        // A run paced to a quota may take hours: say so at once rather than after the first interval.
        pacing.get().ifPresent(expected -> ConsoleText.println(out, "[cognigy] 0/" + planned + " done; " + expected));
        lines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cognigy-progress");
            thread.setDaemon(true);
            return thread;
        });
        lines.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void simulationFinished(SimulationRecord record) {
        done.incrementAndGet();
        if (record.outcome() != Outcome.PASSED && record.outcome() != Outcome.SKIPPED) failing.incrementAndGet();
    }

    /**
     * How long the run's end waits for a progress line being printed as it comes: the console summary comes next, and a
     * progress line after it would read as the run going on.
     */
    static final Duration TICK_WAIT = Duration.ofSeconds(1);

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records) {
        if (lines == null) return;
        lines.shutdownNow();
        try {
            lines.awaitTermination(TICK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints the progress line, once the run has lasted at least one interval. */
    void tick() {
        Duration elapsed = Duration.ofNanos(ticker.nanos() - started);
        if (elapsed.compareTo(interval) < 0) return;
        ConsoleText.println(out, line(elapsed));
    }

    String line(Duration elapsed) {
        long finished = done.get();
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = finished / seconds;
        long remaining = Math.max(0, planned - finished);
        Optional<Duration> byRate = rate > 0 && remaining > 0
                ? Optional.of(Duration.ofMillis(Math.round(remaining / rate * 1000))) : Optional.empty();
        Optional<BudgetWait> wait = remaining > 0 ? waiting.apply(remaining) : Optional.empty();
        // While a budget holds requests back, the run cannot end before they and the rest have gone.
        Optional<Duration> eta = wait.map(w -> byRate.filter(r -> r.compareTo(w.left()) > 0).orElse(w.left())).or(() -> byRate);
        String waits = wait.map(w -> ", waiting for " + w.budget() + " until " + UNTIL.format(w.until())).orElse("");
        return String.format(Locale.ROOT, "[cognigy] %d/%d done, %d failing, %s, %.1f/s%s, ETA %s",
                finished, planned, failing.get(), load.get(), rate, waits, eta.map(DurationText::precise).orElse("—"));
    }
}
