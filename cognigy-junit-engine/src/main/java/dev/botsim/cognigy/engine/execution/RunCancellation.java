package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.platform.engine.CancellationToken;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Acts on the run's {@link CancellationToken} (fail-fast, Surefire's {@code skipAfterFailureCount},
 * an IDE's stop button) as soon as it fires: threads waiting for the bot are interrupted and the
 * registered actions run, so in-flight simulations end within milliseconds instead of running on to
 * their result or their poll deadline.
 *
 * <p>The token can only be polled — junit-platform-engine 6.1 offers no callback — so a daemon
 * thread checks it every {@value #CHECK_MILLIS} ms until it fires or the run ends. A disabled token
 * never fires and gets no thread.
 */
final class RunCancellation implements AutoCloseable {

    static final long CHECK_MILLIS = 20;

    static final String NOT_SENT = "the run was cancelled before this simulation was sent";
    static final String IN_FLIGHT = "the run was cancelled while this simulation was in flight; its answer was not awaited";
    static final String INTERRUPTED = "interrupted while waiting for the bot";

    private final CancellationToken token;
    private final ScheduledExecutorService checker;
    private final List<Runnable> actions = new ArrayList<>();
    private final Set<Thread> waiting = new HashSet<>();
    private final Set<Thread> interrupted = new HashSet<>();
    /** What each thread in a step of the run's start abandons, beside its interrupt, when the run is cancelled meanwhile. */
    private final Map<Thread, Runnable> abandons = new IdentityHashMap<>();
    private boolean fired;

    RunCancellation(CancellationToken token) {
        this.token = token;
        if (token == CancellationToken.disabled()) {
            this.checker = null;
            return;
        }
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cognigy-cancellation");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the run was cancelled; reads the token itself, so it is never behind the checker. */
    boolean requested() {
        return token.isCancellationRequested();
    }

    /** Aborts the calling test when the run was cancelled. */
    void abortIfRequested(String why) {
        if (requested()) throw aborted(why);
    }

    /** Runs {@code action} once when the run is cancelled — at once if it already was. */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (!fired) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Runs a call that waits for the bot, interrupting it if the run is cancelled meanwhile. A call
     * ended that way, or by any other interrupt the backend reported, aborts the test; anything else
     * it throws is its own outcome. The interrupt never outlives the call: the thread may be one of
     * JUnit's workers, which must not carry it into the next test.
     */
    <T> T interruptible(Call<T> call) throws InterruptedException {
        Thread self = Thread.currentThread();
        synchronized (this) {
            // Checked under the lock that fire() takes: a call either sees the cancellation here or is
            // registered in time to be interrupted, never neither.
            if (fired || requested()) throw aborted(NOT_SENT);
            waiting.add(self);
        }
        boolean ours = false;
        try {
            return call.run();
        } catch (BackendInterruptedException | InterruptedException e) {
            if (requested()) throw aborted(IN_FLIGHT);
            if (e instanceof InterruptedException interruptedException) throw interruptedException;
            throw interrupted(INTERRUPTED);
        } catch (RuntimeException e) {
            synchronized (this) {
                ours = interrupted.contains(self);
            }
            // Whatever the backend made of our interrupt (an I/O error, say) is the cancellation, not a fault.
            if (ours) throw aborted(IN_FLIGHT);
            throw e;
        } finally {
            synchronized (this) {
                waiting.remove(self);
                ours = interrupted.remove(self);
            }
            if (ours) Thread.interrupted();
        }
    }

    /**
     * Runs a step of the run's start that waits on a server (the bot's schema read, the webhook's outbox delivered),
     * ended by a cancellation meanwhile as a test's wait for the bot is: the thread is interrupted — a backoff or a
     * {@code Retry-After} wait ends at once — and {@code abandon} runs, for a wait the interrupt does not reach (a request
     * on the wire; it must be quick, and runs while no step can end). Nothing runs once the run is cancelled. The
     * interrupt never outlives the step.
     *
     * @return what the step returned; empty when the run was cancelled before it, or while it ran and it then failed
     *         (however the step reported the interrupt)
     */
    <T> Optional<T> whileStarting(java.util.function.Supplier<T> step, Runnable abandon) {
        Thread self = Thread.currentThread();
        synchronized (this) {
            // Under the lock fire() takes, as for a test's call: the step either sees the cancellation here or is registered
            // in time to be interrupted and abandoned.
            if (fired || requested()) return Optional.empty();
            waiting.add(self);
            abandons.put(self, abandon);
        }
        boolean ours = false;
        try {
            return Optional.ofNullable(step.get());
        } catch (RuntimeException e) {
            synchronized (this) {
                ours = interrupted.contains(self);
            }
            if (ours || requested()) return Optional.empty();
            throw e;
        } finally {
            synchronized (this) {
                waiting.remove(self);
                abandons.remove(self);
                ours = interrupted.remove(self);
            }
            if (ours) Thread.interrupted();
        }
    }

    private void check() {
        if (!token.isCancellationRequested()) return;
        fire();
        checker.shutdown();
    }

    private void fire() {
        List<Runnable> toRun;
        synchronized (this) {
            if (fired) return;
            fired = true;
            // Interrupts first: whoever sees a test end as cancelled may rely on its work having been told to stop.
            for (Thread thread : waiting) {
                interrupted.add(thread);
                thread.interrupt();
            }
            // Under the lock: a step that has ended, and took its abandon away, is never abandoned afterwards (the thread
            // may be waiting on something else by then).
            abandons.values().forEach(Runnable::run);
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Stops watching; the run is over. */
    @Override
    public void close() {
        if (checker != null) checker.shutdownNow();
    }

    /**
     * Aborted, not failed: a cancelled test says why and carries no stack trace to scroll past. Its record is
     * {@link SimulationRecord.SkipReason#CANCELLED}.
     */
    static TestAbortedException aborted(String why) {
        return withoutTrace(new EngineAbort(SimulationRecord.SkipReason.CANCELLED, why));
    }

    /**
     * The same for a wait for the bot interrupted while the run was not cancelled: its record is
     * {@link SimulationRecord.SkipReason#INTERRUPTED}.
     */
    static TestAbortedException interrupted(String why) {
        return withoutTrace(new EngineAbort(SimulationRecord.SkipReason.INTERRUPTED, why));
    }

    private static TestAbortedException withoutTrace(TestAbortedException aborted) {
        aborted.setStackTrace(new StackTraceElement[0]);
        return aborted;
    }

    /** A call that waits for the bot. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws InterruptedException;
    }
}
