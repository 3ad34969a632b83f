package dev.botsim.cognigy.engine.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/**
 * Starts the run's single-turn simulations ahead of the tests, in tree order, keeping
 * {@code max-concurrency} in flight whatever order and pace JUnit runs the tests in; each test then
 * only awaits its own result. A conversation's turns depend on each other and are not started ahead one by one;
 * the whole runs of a repeated conversation are, each as one task sending its turns in order.
 */
final class SimulationPipeline implements AutoCloseable {

    static final String CANCELLED = "the run was cancelled before this simulation's answer arrived";

    /**
     * A simulation started ahead: its answer, when it was sent, which is when its test began for the bot, and when the
     * answer came, after which it may wait for its test's turn: readings of the run's monotonic time.
     */
    record Sent(TurnResult result, long at, long answeredAt) {
    }

    private final ExecutorService workers;
    private final java.util.function.LongSupplier nanoTime;
    private final Map<UniqueId, CompletableFuture<Sent>> started = new LinkedHashMap<>();
    private final java.util.Set<CompletableFuture<Void>> tasks = new java.util.HashSet<>();
    private boolean cancelled;

    SimulationPipeline(int concurrency, java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "cognigy-simulation-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues a simulation; its request is made and sent on a pipeline thread, so a run of 100,000
     * holds a request only for those in flight, not for every one queued.
     */
    synchronized void start(UniqueId test, Supplier<TurnRequest> request, Function<TurnRequest, TurnResult> send) {
        if (cancelled) return;
        started.put(test, CompletableFuture.supplyAsync(() -> {
            TurnRequest made = request.get();
            long at = nanoTime.getAsLong();
            TurnResult result = send.apply(made);
            return new Sent(result, at, nanoTime.getAsLong());
        }, workers));
    }

    /**
     * Queues a task that sends several messages itself (a whole run of a repeated conversation); its future ends
     * with the task, or exceptionally, aborted, when the pipeline is cancelled before or while it runs.
     */
    synchronized CompletableFuture<Void> run(Runnable task) {
        if (cancelled) return CompletableFuture.failedFuture(RunCancellation.aborted(CANCELLED));
        CompletableFuture<Void> future = CompletableFuture.runAsync(task, workers);
        tasks.add(future);
        future.whenComplete((done, failure) -> {
            synchronized (this) {
                tasks.remove(future);
            }
        });
        return future;
    }

    /** The result of a simulation started ahead, waiting for it; empty when this test was not started ahead. */
    Optional<Sent> await(UniqueId test) throws InterruptedException {
        CompletableFuture<Sent> future;
        synchronized (this) {
            // Kept in the map while awaited, so that cancel() can still end the wait.
            future = started.get(test);
        }
        if (future == null) return Optional.empty();
        try {
            return Optional.of(future.get());
        } catch (ExecutionException e) {
            Throwable cause = unwrapped(e.getCause());
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(cause);
        } finally {
            synchronized (this) {
                started.remove(test);
            }
        }
    }

    /**
     * Ends the pipeline at once: every test still awaiting a simulation is aborted, queued
     * simulations are never sent, and the threads of those in flight are interrupted.
     */
    void cancel() {
        synchronized (this) {
            cancelled = true;
            started.values().forEach(f -> f.completeExceptionally(RunCancellation.aborted(CANCELLED)));
            // A copy: completing one removes it from the set.
            List.copyOf(tasks).forEach(f -> f.completeExceptionally(RunCancellation.aborted(CANCELLED)));
        }
        workers.shutdownNow();
    }

    @Override
    public void close() {
        cancel();
        try {
            // A thread abandoned in the middle of an HTTP exchange ends with that exchange; briefly
            // give it the chance, so that the backend is not closed under it.
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a task failed with, out of the {@link CompletionException} a dependent future wraps it in. */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    }
}
