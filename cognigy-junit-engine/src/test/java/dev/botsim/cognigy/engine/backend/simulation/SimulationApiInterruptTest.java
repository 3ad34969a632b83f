package dev.botsim.cognigy.engine.backend.simulation;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.PollingSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import static dev.botsim.cognigy.engine.backend.simulation.ScriptedSimulationApi.json;
import static dev.botsim.cognigy.engine.backend.simulation.ScriptedSimulationApi.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A cancelled run interrupts the threads waiting for the simulation API: the backend must end the
 * request at once — no further poll, no retry — with {@link BackendInterruptedException}, which the
 * engine reports as aborted rather than as a transport failure.
 */
class SimulationApiInterruptTest {

    /** Bounds a wait that only a broken implementation reaches; never a measurement. */
    private static final long GENEROUS_SECONDS = 10;

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final ScriptedSimulationApi api = new ScriptedSimulationApi();
    private SimulationApiBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(api);
        server.start();
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    /**
     * A backend that waits {@code firstPoll} before its first status poll, up to a minute between
     * polls, and honours a {@code Retry-After} of minutes.
     */
    private SimulationApiBackend backend(Duration firstPoll) {
        backend = new SimulationApiBackend(SimulationApiSettings.of(server.url("/").toString(), "client-1",
                        Secret.of("canary-client-secret-7f3a9")).withScope("bot:read simulation:execute")
                .withPolling(new PollingSettings(Duration.ofMinutes(5), firstPoll, Duration.ofMinutes(1)))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(new RetrySettings(4, Duration.ofMinutes(5), Duration.ofMinutes(15))).withClock(new MutableClock()));
        return backend;
    }

    private List<RecordedRequest> to(String pathPrefix) {
        return api.requests.stream().filter(r -> r.getUrl().encodedPath().startsWith(pathPrefix)).toList();
    }

    /** The answer to the nth status poll is held until {@code release} opens; {@code reached} opens when it is asked for. */
    private void holdStatusPoll(int nth, MockResponse answer, CountDownLatch reached, CountDownLatch release) {
        AtomicInteger polls = new AtomicInteger();
        api.overrides.put("/api/bot/simulation/sim_1", request -> {
            if (polls.incrementAndGet() == nth) {
                reached.countDown();
                try {
                    release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        });
    }

    @Test
    @DisplayName("interrupted while waiting to poll, the backend ends at once with an interruption and polls no more")
    void interruptedBeforePoll() throws Exception {
        // A minute before the first poll: only an interruptible wait lets the call end within the test.
        SimulationApiBackend waiting = backend(Duration.ofMinutes(1));
        waiting.schema();
        CountDownLatch submitted = new CountDownLatch(1);
        api.overrides.put("/api/bot/simulate", r -> {
            submitted.countDown();
            return json(202, "{\"simulationId\":\"sim_1\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
        });
        Sender sender = Sender.start(waiting);

        assertThat(submitted.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).isTrue();
        sender.thread.interrupt();

        assertThat(sender.failure()).isInstanceOf(BackendInterruptedException.class);
        assertThat(sender.stillInterrupted).isTrue();
        assertThat(to("/api/bot/simulation/")).isEmpty();
        assertThat(to("/api/bot/simulate")).hasSize(1);
    }

    @Test
    @DisplayName("interrupted while a poll is on the wire, the backend ends with an interruption once it is answered: no further poll, no retry")
    void interruptedMidPoll() throws Exception {
        SimulationApiBackend polling = backend(Duration.ofMillis(5));
        polling.schema();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        // The interrupt arrives while the third poll is on the wire: OkHttp cannot abort a blocked read,
        // so the poll ends with its answer and the interrupt must stop what would come next.
        holdStatusPoll(3, status("running", "[]"), reached, interrupted);
        Sender sender = Sender.start(polling);

        assertThat(reached.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).isTrue();
        sender.thread.interrupt();
        interrupted.countDown();

        assertThat(sender.failure()).isInstanceOf(BackendInterruptedException.class);
        assertThat(sender.stillInterrupted).isTrue();
        assertThat(to("/api/bot/simulation/")).hasSize(3);
        assertThat(polling.counters().polls()).isEqualTo(3);
        assertThat(polling.counters().retries()).isZero();
    }

    @Test
    @DisplayName("interrupted while a failed poll waits to be retried, the backend ends with an interruption, not a transport failure, and does not retry")
    void interruptedBeforeRetry() throws Exception {
        SimulationApiBackend polling = backend(Duration.ofMillis(5));
        polling.schema();
        CountDownLatch refused = new CountDownLatch(1);
        api.overrides.put("/api/bot/simulation/sim_1", r -> {
            refused.countDown();
            return new MockResponse.Builder().code(503).setHeader("Retry-After", "60").build();
        });
        Sender sender = Sender.start(polling);

        assertThat(refused.await(GENEROUS_SECONDS, TimeUnit.SECONDS)).isTrue();
        // Sleeping is the only timed wait after the refusal (reading a socket is RUNNABLE): interrupt the backoff itself.
        Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS))
                .until(() -> sender.thread.getState() == Thread.State.TIMED_WAITING);
        sender.thread.interrupt();

        assertThat(sender.failure()).isInstanceOf(BackendInterruptedException.class)
                .hasMessageContaining("waiting to retry");
        assertThat(sender.stillInterrupted).isTrue();
        assertThat(to("/api/bot/simulation/")).hasSize(1);
    }

    @Test
    @DisplayName("a thread already interrupted submits nothing: its request is abandoned, neither a transport failure nor retried")
    void interruptedBeforeSubmission() throws Exception {
        SimulationApiBackend idle = backend(Duration.ofMillis(5));
        idle.schema();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                idle.send(new TurnRequest("batch_test", "test_hi", 1, "usr_qa01", "web", "hi", Map.of(), null, "key-1", null, Map.of()));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        thread.start();

        assertThat(thrown.get(GENEROUS_SECONDS, TimeUnit.SECONDS)).isInstanceOf(BackendInterruptedException.class);
        assertThat(to("/api/bot/simulate")).isEmpty();
        assertThat(idle.counters().retries()).isZero();
    }

    /** {@code send} on a thread of its own, so the test can interrupt it. */
    private static final class Sender {
        final CompletableFuture<TurnResult> result = new CompletableFuture<>();
        /** Whether the thread's interrupt flag was still set when send ended: callers rely on it. */
        final AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread thread;

        static Sender start(SimulationApiBackend backend) {
            Sender sender = new Sender();
            sender.thread = new Thread(() -> {
                try {
                    sender.result.complete(backend.send(new TurnRequest("batch_test", "test_hi", 1, "usr_qa01", "web", "hi",
                            Map.of(), null, "key-1", null, Map.of())));
                } catch (Throwable e) {
                    sender.stillInterrupted.set(Thread.currentThread().isInterrupted());
                    sender.result.completeExceptionally(e);
                }
            }, "interrupt-test-sender");
            sender.thread.start();
            return sender;
        }

        /** What {@code send} threw; fails the test if it returned or is still running after a generous wait. */
        Throwable failure() throws InterruptedException {
            try {
                TurnResult unexpected = result.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError("send returned " + unexpected + " instead of ending with the interruption");
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("send did not end within " + GENEROUS_SECONDS + " s of the interrupt");
            }
        }
    }
}
