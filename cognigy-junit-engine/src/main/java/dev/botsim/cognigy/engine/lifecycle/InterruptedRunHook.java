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
 * reports looking current. Exactly one of the run's own end and the hook concludes it: whichever begins first.
 * <p>
 * A shutdown that comes while the run's own end is under way waits for that end, up to {@link #END_GRACE}: the JVM
 * halts once its hooks return, so a hook that returned at once would cut the end off half-way, before its audit record,
 * payload or reports were written. A JVM killed outright ({@code kill -9}) runs no hook: a whole run's report folder
 * then holds the mark its start left there ({@code ReportWriter#begin}), and a split run's part relies on its begun mark.
 */
final class InterruptedRunHook {

    /**
     * How long a shutdown waits for a run's end that has begun. Ten seconds is what container runtimes give between
     * SIGTERM and SIGKILL by default; the end's writing takes well under a second, and a webhook delivery that is still
     * retrying when the time is up loses nothing: its payload is in the outbox before it is sent.
     */
    static final Duration END_GRACE = Duration.ofSeconds(10);

    private enum State {
        /** The tests are running: a shutdown concludes the run as interrupted. */
        RUNNING,
        /** The run's own end is under way: a shutdown waits for it. */
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

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final CountDownLatch endOver = new CountDownLatch(1);
    private final ShutdownHooks hooks;
    private final Thread hook;

    private InterruptedRunHook(Runnable conclude, PrintStream out, Duration grace, ShutdownHooks hooks) {
        this.hooks = hooks;
        this.hook = new Thread(() -> {
            if (state.compareAndSet(State.RUNNING, State.INTERRUPTED)) {
                conclude.run();
            } else if (state.get() == State.ENDING) {
                awaitEnd(out, grace);
            }
        }, "cognigy-interrupted-run");
    }

    /** @param conclude concludes the run as interrupted, on the JVM's shutdown, unless the run's end began before */
    static InterruptedRunHook install(Runnable conclude, PrintStream out) {
        return install(conclude, out, END_GRACE, ShutdownHooks.RUNTIME);
    }

    static InterruptedRunHook install(Runnable conclude, PrintStream out, Duration grace, ShutdownHooks hooks) {
        InterruptedRunHook installed = new InterruptedRunHook(conclude, out, grace, hooks);
        hooks.add(installed.hook);
        return installed;
    }

    /**
     * The run's own end begins; a shutdown from now on waits for {@link #ended()}.
     *
     * @return {@code false} when the hook came first and concludes the run (the JVM is shutting down)
     */
    boolean ending() {
        return state.compareAndSet(State.RUNNING, State.ENDING);
    }

    /**
     * The run's own end is over, or the run stops without one (a start that failed): the hook is taken away, and a
     * shutdown waiting for the end goes on. Nothing changes when the hook came first.
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
