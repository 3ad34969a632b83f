package dev.botsim.cognigy.engine.lifecycle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * Concludes a run the JVM shuts down in the middle of — a CI job's timeout sending SIGTERM, Ctrl-C, an IDE's stop
 * button — with the results it has, instead of leaving no audit record, no webhook payload and the previous run's
 * reports looking current. Installed as the run's start begins: a shutdown while the run is still starting (its backend's
 * token and the bot's schema, retried for minutes against a slow tenant) says the run did not start, as a start that
 * failed does, rather than leaving the mark of a run under way, and tells the listeners it ended interrupted without
 * results; once started, a shutdown concludes the run as interrupted. Exactly one of the run's own end (or its start's failure) and the hook concludes it: whichever begins
 * first.
 * <p>
 * A shutdown that comes while the run's own end is under way waits for that end, up to {@link #END_GRACE}: the JVM
 * halts once its hooks return, so a hook that returned at once would cut the end off half-way, before its audit record,
 * payload or reports were written. A JVM killed outright ({@code kill -9}) runs no hook: a whole run's report folder
 * then holds the mark its start left there ({@code ReportWriter#begin}), and a split run's part relies on its begun mark.
 */
final class InterruptedRunHook {

    /**
     * How long a shutdown waits for a run's end that has begun: the shutdown's whole budget ({@link ShutdownBudget#TOTAL}),
     * within the seconds a CI runner gives between SIGTERM and SIGKILL. The end's writing takes well under a second, and a
     * webhook delivery that is still retrying when the time is up loses nothing: its payload is in the outbox before it is
     * sent.
     */
    static final Duration END_GRACE = ShutdownBudget.TOTAL;

    private enum State {
        /** The run is starting: a shutdown says it did not start. */
        STARTING,
        /** The tests are running: a shutdown concludes the run as interrupted. */
        RUNNING,
        /** The run's own end, or the failure of its start, is under way: a shutdown waits for it. */
        ENDING,
        /** The run's own end is over (or the run never got to one): a shutdown has nothing to do. */
        ENDED,
        /** The shutdown came first and concludes the run. */
        INTERRUPTED
    }

    /** Where the hook is registered: the JVM's runtime, or a test's stand-in. */
    interface ShutdownHooks {
        void add(Thread hook);

        /** @throws IllegalStateException when the JVM is already shutting down */
        void remove(Thread hook);

        ShutdownHooks RUNTIME = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        };
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final CountDownLatch endOver = new CountDownLatch(1);
    private final ShutdownHooks hooks;
    private final Thread hook;

    private InterruptedRunHook(Runnable whileStarting, Runnable whileRunning, PrintStream out, Duration grace,
                               ShutdownHooks hooks) {
        this.hooks = hooks;
        this.hook = new Thread(() -> {
            // One step from STARTING or RUNNING, so that the run's thread, moving on meanwhile, finds the hook came first.
            State was = state.getAndUpdate(now -> now == State.STARTING || now == State.RUNNING ? State.INTERRUPTED : now);
            switch (was) {
                case STARTING -> whileStarting.run();
                case RUNNING -> whileRunning.run();
                case ENDING -> awaitEnd(out, grace);
                case ENDED, INTERRUPTED -> { }
            }
        }, "cognigy-interrupted-run");
    }

    /**
     * Installed as the run's start begins.
     *
     * @param whileStarting says the run did not start, on the JVM's shutdown before {@link #started()}
     * @param whileRunning  concludes the run as interrupted, on the JVM's shutdown after {@link #started()}, unless the
     *                      run's end began before; what the start left for it is published by {@link #started()}
     */
    static InterruptedRunHook install(Runnable whileStarting, Runnable whileRunning, PrintStream out) {
        return install(whileStarting, whileRunning, out, END_GRACE, ShutdownHooks.RUNTIME);
    }

    static InterruptedRunHook install(Runnable whileStarting, Runnable whileRunning, PrintStream out, Duration grace,
                                      ShutdownHooks hooks) {
        InterruptedRunHook installed = new InterruptedRunHook(whileStarting, whileRunning, out, grace, hooks);
        hooks.add(installed.hook);
        return installed;
    }

    /**
     * The run has started: a shutdown from now on concludes it as interrupted, with what the run's thread wrote before
     * this call.
     *
     * @return {@code false} when the hook came first and says the run did not start (the JVM is shutting down)
     */
    boolean started() {
        return state.compareAndSet(State.STARTING, State.RUNNING);
    }

    /**
     * The run's own end begins, or its start's failure is to be reported; a shutdown from now on waits for {@link #ended()}.
     *
     * @return {@code false} when the hook came first and concludes the run (the JVM is shutting down)
     */
    boolean ending() {
        return state.updateAndGet(now -> now == State.STARTING || now == State.RUNNING ? State.ENDING : now) == State.ENDING;
    }

    /**
     * The run's own end is over, or the run stops without one (a start that failed, its failure reported): the hook is
     * taken away, and a shutdown waiting for the end goes on. Nothing changes when the hook came first.
     */
    void ended() {
        if (state.updateAndGet(now -> now == State.INTERRUPTED ? now : State.ENDED) == State.INTERRUPTED) return;
        endOver.countDown();
        try {
            hooks.remove(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway, and finds the run ended.
        }
    }

    private void awaitEnd(PrintStream out, Duration grace) {
        try {
            if (endOver.await(grace.toMillis(), TimeUnit.MILLISECONDS)) return;
            ConsoleText.println(out, "[cognigy] WARNING the JVM is shutting down and the run's end did not finish within "
                    + grace.toSeconds() + " s: what it had not written yet is lost (a webhook payload it wrote waits in the outbox)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
