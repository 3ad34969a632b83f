package dev.botsim.cognigy.engine.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who tells the run's listeners that it started, once: the run's thread as its start ends, or the JVM's shutdown hook
 * when the JVM shuts down while the run is still starting — the hook then tells them it started and, at once, that it
 * ended interrupted, so that every listener hears a run end that it heard begin. Whichever claims it first tells it; the
 * run's thread, finding the hook came first, tells nothing more. The hook, finding the run's thread came first, waits a
 * bounded time for that telling to be over before it tells the run's end: a listener slow in {@code runStarted} must not
 * hold up the JVM's exit.
 */
final class StartAnnouncement {

    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Open once the run's thread has told the listeners (or failed to). */
    private final CountDownLatch told = new CountDownLatch(1);

    /**
     * The run's thread tells the listeners the run started ({@code telling}), unless the shutdown hook claimed that first.
     *
     * @return {@code false} when the hook came first: the JVM is shutting down and the hook tells the listeners
     */
    boolean tell(Runnable telling) {
        if (!claimed.compareAndSet(false, true)) return false;
        try {
            telling.run();
        } finally {
            told.countDown();
        }
        return true;
    }

    /**
     * The shutdown hook claims the telling of the run's start, unless the run's thread did it first; in that case waits up
     * to {@code wait} for it to be over (through interrupts, the flag kept).
     *
     * @return {@code true} when the hook is to tell the listeners the run started; {@code false} when the run's thread
     *         told them (or is still telling them, {@code wait} over)
     */
    boolean claimOrAwait(Duration wait) {
        if (claimed.compareAndSet(false, true)) return true;
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    told.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    return false;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
