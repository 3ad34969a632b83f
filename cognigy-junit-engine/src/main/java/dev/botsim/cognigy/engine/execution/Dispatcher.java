package dev.botsim.cognigy.engine.execution;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;

/**
 * Sends the run's messages to the backend: never more than {@code max-concurrency} in flight (a
 * fair semaphore, whatever JUnit's settings), single-turn simulations started ahead of their tests,
 * and everything ended at once when the run is cancelled. Built whole: the cancellation watch and
 * the (still empty) start-ahead pipeline exist from the constructor on, so nothing needs wiring
 * afterwards.
 */
public final class Dispatcher implements AutoCloseable {

    private final Backend backend;
    private final int maxConcurrency;
    private final Semaphore inFlight;
    private final RunCancellation cancellation;
    private final SimulationPipeline pipeline;

    /**
     * @param cancellation the run's token (fail-fast, Surefire's {@code skipAfterFailureCount}, IDE
     *                     stop): once it fires, tests waiting for a slot and simulations queued are
     *                     never sent, those in flight are interrupted, and their tests are aborted
     * @param nanoTime     the monotonic time when a simulation started ahead was sent and answered is read on
     */
    public Dispatcher(Backend backend, int maxConcurrency, CancellationToken cancellation, java.util.function.LongSupplier nanoTime) {
        this.backend = backend;
        this.maxConcurrency = maxConcurrency;
        this.inFlight = new Semaphore(maxConcurrency, true);
        this.cancellation = new RunCancellation(cancellation);
        // Its threads are made when the first simulation is queued: a run without any costs nothing.
        this.pipeline = new SimulationPipeline(maxConcurrency, nanoTime);
        this.cancellation.onCancel(pipeline::cancel);
    }

    /**
     * Queues a single-turn simulation to go out now, in the order queued, on the run's own threads,
     * so that {@code max-concurrency} stay in flight regardless of how JUnit schedules the tests.
     * The request is made on the pipeline's thread, when its turn comes.
     */
    public void startAhead(UniqueId test, Supplier<TurnRequest> request) {
        pipeline.start(test, request, r -> {
            try {
                return send(r);
            } catch (InterruptedException e) {
                // The pipeline's own thread, stopped by the pipeline's cancel or close: nobody awaits it any more.
                Thread.currentThread().interrupt();
                throw RunCancellation.aborted(RunCancellation.NOT_SENT);
            }
        });
    }

    /**
     * Queues a task that sends messages of its own through {@link #send} (a whole run of a repeated conversation) on
     * the run's threads, behind what was queued before it; cancelling the run ends its future, aborted.
     */
    java.util.concurrent.CompletableFuture<Void> runAhead(Runnable task) {
        return pipeline.run(task);
    }

    /** Whether the run was cancelled: a test aborted now was stopped by the run, not by its own assumption. */
    public boolean cancelled() {
        return cancellation.requested();
    }

    /**
     * Runs a step of the run's start that waits on a server — the bot's schema read, the webhook's outbox delivered — so
     * that a cancellation meanwhile ends it as it ends a test's wait for the bot: the thread is interrupted, so a backoff
     * or a {@code Retry-After} wait ends at once, and {@code abandon} runs for what the interrupt does not reach (a request
     * on the wire). Once the run is cancelled the step does not run at all.
     *
     * @return what the step returned; empty when the run was cancelled before it, or while it ran and it then failed
     */
    public <T> Optional<T> whileStarting(Supplier<T> step, Runnable abandon) {
        return cancellation.whileStarting(step, abandon);
    }

    /** The result of this test's simulation, and when it was sent, if it was started ahead, waiting for it. */
    Optional<SimulationPipeline.Sent> awaitStartedAhead(UniqueId test) throws InterruptedException {
        return pipeline.await(test);
    }

    /**
     * Sends one message, waiting for a free slot when {@code max-concurrency} simulations are in
     * flight. Once the run is cancelled nothing more is sent, and a message in flight is abandoned:
     * either way the test is aborted.
     */
    TurnResult send(TurnRequest request) throws InterruptedException {
        while (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            cancellation.abortIfRequested(RunCancellation.NOT_SENT);
        }
        try {
            return cancellation.interruptible(() -> backend.send(request));
        } finally {
            inFlight.release();
        }
    }

    /**
     * Tells the backend the messages a conversation's session will send, before its first is sent: in
     * {@code cognigy.replay=auto} it is then replayed whole or sent whole ({@link Backend#conversation}). Sends nothing.
     *
     * @return why the conversation goes to the bot whole although some of its turns are recorded, if so
     */
    Optional<String> conversation(java.util.List<TestMessage> turns, TurnRequests requests) {
        return backend.conversation(turns.stream().map(requests::of).toList());
    }

    /**
     * Runs a wait for the bot that is not one message (a whole playbook run at Cognigy), interrupted and aborted as a
     * send is when the run is cancelled.
     */
    <T> T interruptible(RunCancellation.Call<T> call) throws InterruptedException {
        return cancellation.interruptible(call);
    }

    /**
     * How busy the run is, for progress lines: simulations in flight and, when 429s have cut it, the
     * limit the server currently allows.
     */
    public String load() {
        return load(maxConcurrency - inFlight.availablePermits(), maxConcurrency, backend.concurrency());
    }

    static String load(int inFlight, int maxConcurrency, Optional<ConcurrencyLimit.State> limit) {
        String inFlightNow = inFlight + " in flight";
        return limit.filter(state -> state.limit() < maxConcurrency)
                .map(state -> inFlightNow + " (limit " + state.limit() + " of " + maxConcurrency + " after 429s)")
                .orElse(inFlightNow);
    }

    /**
     * Stops watching for cancellation and drops what was started ahead and never awaited; may be
     * called more than once. The backend is not closed here: it belongs to whoever made it.
     */
    @Override
    public void close() {
        cancellation.close();
        pipeline.close();
    }
}
