package dev.botsim.cognigy.engine.lifecycle;

import java.time.Duration;

/**
 * The time the JVM's shutdown hook has for an interrupted run, counted from the moment it begins: every wait on its path
 * (a mark of the run under way still being written, the report folder's lock another process holds, the run's own end
 * under way, a listener being told the run started, the listeners told it ended — {@link ListenersAtShutdown}) takes
 * what is left of it, and what cannot wait is skipped and said
 * on the console. A CI runner kills the process a few seconds after SIGTERM — GitHub Actions 7.5 s after cancelling,
 * Docker and Kubernetes 10 s by default — and a hook killed while it waits writes nothing at all.
 *
 * @param deadline the {@link System#nanoTime()} at which the budget runs out
 */
record ShutdownBudget(long deadline) {

    /**
     * Five seconds: inside the shortest grace a CI runner gives (GitHub Actions' 7.5 s), leaving two seconds and more to
     * write what does not wait — the audit record, the outbox's payload and the reports take well under a second.
     */
    static final Duration TOTAL = Duration.ofSeconds(5);

    /** The hook's budget, beginning now. */
    static ShutdownBudget startingNow() {
        return of(TOTAL);
    }

    /** A budget of {@code total}, beginning now. */
    static ShutdownBudget of(Duration total) {
        return new ShutdownBudget(System.nanoTime() + total.toNanos());
    }

    /** What is left of the budget; zero once it has run out. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** {@code wait}, or what is left of the budget if that is less. */
    Duration atMost(Duration wait) {
        Duration left = remaining();
        return left.compareTo(wait) < 0 ? left : wait;
    }
}
