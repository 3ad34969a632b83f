package dev.botsim.cognigy.engine.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/**
 * Starts the run's single-turn simulations ahead of the tests, in tree order, keeping
 * {@code max-concurrency} in flight whatever order and pace JUnit runs the tests in; each test then
 * only awaits its own result. Conversations are not started ahead: their turns depend on each
 * other.
 */
final class SimulationPipeline implements AutoCloseable {

    private final ExecutorService workers;
    private final Map<UniqueId, Future<TurnResult>> started = new LinkedHashMap<>();

    SimulationPipeline(int concurrency) {
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "cognigy-simulation-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a simulation; {@code send} runs on a pipeline thread. */
    synchronized void start(UniqueId test, TurnRequest request, Function<TurnRequest, TurnResult> send) {
        started.put(test, CompletableFuture.supplyAsync(() -> send.apply(request), workers));
    }

    /** The result of a simulation started ahead, waiting for it; empty when this test was not started ahead. */
    Optional<TurnResult> await(UniqueId test) throws InterruptedException {
        Future<TurnResult> future;
        synchronized (this) {
            future = started.remove(test);
        }
        if (future == null) return Optional.empty();
        try {
            return Optional.of(future.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            started.values().forEach(f -> f.cancel(true));
            started.clear();
        }
        workers.shutdownNow();
    }
}
