package dev.botsim.cognigy.engine.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concludes a run the JVM shuts down in the middle of — a CI job's timeout sending SIGTERM, Ctrl-C, an IDE's stop
 * button — with the results it has, instead of leaving no audit record, no webhook payload and the previous run's
 * reports looking current. Exactly one of the run's own end and the hook concludes it: whichever comes first.
 * A JVM killed outright ({@code kill -9}) runs no hook; a split run's part relies on its begun mark for that.
 */
final class InterruptedRunHook {

    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread hook;

    private InterruptedRunHook(Runnable conclude) {
        this.hook = new Thread(() -> {
            if (ended.compareAndSet(false, true)) conclude.run();
        }, "cognigy-interrupted-run");
    }

    /** @param conclude concludes the run as interrupted, on the JVM's shutdown, unless the run ended before */
    static InterruptedRunHook install(Runnable conclude) {
        InterruptedRunHook installed = new InterruptedRunHook(conclude);
        Runtime.getRuntime().addShutdownHook(installed.hook);
        return installed;
    }

    /**
     * The run ends on its own: the hook is taken away.
     *
     * @return {@code false} when the hook came first and concludes the run (the JVM is shutting down)
     */
    boolean end() {
        if (!ended.compareAndSet(false, true)) return false;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway, and finds the run ended.
        }
        return true;
    }
}
