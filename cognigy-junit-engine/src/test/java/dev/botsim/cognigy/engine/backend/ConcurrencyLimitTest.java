package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    /**
     * The callers a test lets wait for a place, on threads of the test's own: one still waiting when the test ends is
     * interrupted. Waiting on the JDK's common pool instead would hold one of its workers for good, and on a machine of
     * two cores a JDK from 25 on runs every default-executor async task of the JVM on that pool's single worker.
     */
    private final ExecutorService waiters = Executors.newCachedThreadPool();

    @AfterEach
    void noCallerLeftWaiting() throws InterruptedException {
        waiters.shutdownNow();
        assertThat(waiters.awaitTermination(5, TimeUnit.SECONDS)).as("the waiting callers end when interrupted").isTrue();
        // Every thread the test set running its code on ends with it, those of its own pools and any other.
        Thread test = Thread.currentThread();
        await("no thread still running this test's code").atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces()
                .entrySet().stream().noneMatch(e -> e.getKey() != test && e.getKey() != Thread.currentThread()
                        && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith(getClass().getName()))));
    }

    private static List<ConcurrencyLimit.Permit> acquire(ConcurrencyLimit limit, int count) {
        List<ConcurrencyLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < count; i++) permits.add(limit.acquire());
        return permits;
    }

    @Test
    @DisplayName("a burst of 429s on status polls of permits granted under one limit cuts it once, by a tenth")
    void oneCutPerGeneration() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(50);
        List<ConcurrencyLimit.Permit> permits = acquire(limit, 50);
        permits.forEach(ConcurrencyLimit.Permit::rateLimited);
        assertThat(limit.state().limit()).isEqualTo(45);
        assertThat(limit.state().cuts()).isEqualTo(1);
        permits.forEach(p -> p.release(false));

        ConcurrencyLimit.Permit later = limit.acquire();
        later.rateLimited();
        assertThat(limit.state().limit()).isEqualTo(40);
        assertThat(limit.state().cuts()).isEqualTo(2);
    }

    @Test
    @DisplayName("cuts are multiplicative down to one, never below; completions raise the limit by one per limit's worth, up to the maximum")
    void decreaseMultiplicativelyIncreaseAdditively() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(64);
        for (int i = 0; i < 100; i++) {
            ConcurrencyLimit.Permit permit = limit.acquire();
            permit.rateLimited();
            permit.release(false);
        }
        assertThat(limit.state().limit()).isEqualTo(1);
        assertThat(limit.state().lowest()).isEqualTo(1);

        limit.acquire().release(true);
        assertThat(limit.state().limit()).isEqualTo(2); // at limit 1 one completion adds a whole place
        for (int i = 0; i < 2; i++) limit.acquire().release(true);
        assertThat(limit.state().limit()).isEqualTo(3); // at limit 2, two completions add one
        limit.acquire().release(true);
        limit.acquire().release(true);
        assertThat(limit.state().limit()).isEqualTo(3);
        limit.acquire().release(true);
        assertThat(limit.state().limit()).isEqualTo(4); // at limit 3, three
        for (int i = 0; i < 10_000; i++) limit.acquire().release(true);
        assertThat(limit.state().limit()).isEqualTo(64);
    }

    /**
     * Item 19: a server holding 10 under a limit of 64. A tenth per generation took some eighteen
     * rounds to get there; each refused submission now shows how much the server holds.
     */
    @Test
    @DisplayName("item 19: a burst of refused submissions cuts the limit to what the server holds, at once and no further")
    void refusedSubmissionsCutToWhatTheServerHolds() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(64);
        List<ConcurrencyLimit.Permit> permits = acquire(limit, 64);
        List<ConcurrencyLimit.Permit> atServer = permits.subList(0, 10);
        CountDownLatch allAway = new CountDownLatch(54);
        CountDownLatch serverFree = new CountDownLatch(1);
        ExecutorService refusedThreads = Executors.newFixedThreadPool(54);
        try {
            List<Future<?>> backAgain = new ArrayList<>();
            for (ConcurrencyLimit.Permit refused : permits.subList(10, 64)) {
                backAgain.add(refusedThreads.submit(() -> refused.refused(() -> {
                    allAway.countDown();
                    awaitUninterruptibly(serverFree);
                })));
            }
            assertThat(allAway.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(limit.state().limit()).isEqualTo(10);
            assertThat(limit.state().lowest()).isEqualTo(10);
            assertThat(limit.state().inFlight()).isEqualTo(10);

            serverFree.countDown(); // the refused come back from backing off: none gets a place while the ten are held
            assertThat(backAgain.get(0)).failsWithin(200, TimeUnit.MILLISECONDS);
            assertThat(limit.state().inFlight()).isEqualTo(10);
            atServer.get(0).release(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> backAgain.stream().filter(Future::isDone).count() == 1);
            assertThat(limit.state().inFlight()).isEqualTo(10);
        } finally {
            refusedThreads.shutdownNow();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a caller waits while the limit is reached and goes on when a place is released")
    void waitsForAPlace() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        List<ConcurrencyLimit.Permit> permits = acquire(limit, 2);
        CompletableFuture<ConcurrencyLimit.Permit> third = CompletableFuture.supplyAsync(limit::acquire, waiters);
        assertThat(third).isNotDone();
        permits.get(0).release(true);
        assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    @DisplayName("a permit backing off after a 429 lends its place to another caller and takes one back when it is free")
    void awayWhileBackingOff() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit refused = limit.acquire();
        List<ConcurrencyLimit.Permit> lent = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> comesBack = new CompletableFuture<>();
        Thread backingOff = new Thread(() -> {
            refused.refused(() -> lent.add(limit.acquire())); // would block forever if the place were still held
            comesBack.complete(null);
        });
        backingOff.start();
        // Waited for, not given 200 ms: a busy machine may start the thread later than that.
        await("the place lent while backing off").atMost(Duration.ofSeconds(30)).until(() -> lent.size() == 1);
        assertThat(comesBack).failsWithin(200, TimeUnit.MILLISECONDS); // back from waiting, but the lent place is taken
        lent.get(0).release(true);
        comesBack.get(5, TimeUnit.SECONDS);
        refused.release(true);
        assertThat(limit.acquire()).isNotNull();
    }

    @Test
    @DisplayName("releasing a permit twice frees one place only")
    void releaseOnce() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit permit = limit.acquire();
        permit.release(false);
        permit.release(false);
        limit.acquire();
        CompletableFuture<ConcurrencyLimit.Permit> second = CompletableFuture.supplyAsync(limit::acquire, waiters);
        assertThat(second).failsWithin(200, TimeUnit.MILLISECONDS);
        second.cancel(true);
    }

    @Test
    @DisplayName("a refused submission takes its place back after backing off: the limit holds the simulations at the server"
            + " and it, no fewer")
    void refusedTakesItsPlaceBack() {
        ConcurrencyLimit limit = new ConcurrencyLimit(10);
        ConcurrencyLimit.Permit refused = limit.acquire();
        ConcurrencyLimit.Permit polled = limit.acquire();
        ConcurrencyLimit.Permit third = limit.acquire();
        polled.rateLimited(); // a newer generation: the refusal cuts to what the server holds, not a tenth below
        refused.refused(() -> polled.release(false));

        assertThat(limit.state()).isEqualTo(new ConcurrencyLimit.State(2, 2, 2, 2));
        refused.release(true);
        third.release(true);
        assertThat(limit.state().inFlight()).isZero();
    }

    @Test
    @DisplayName("a refused submission interrupted while waiting to take its place back is abandoned, still counted until"
            + " released, and the thread stays interrupted")
    void refusedInterruptedWhileWaiting() {
        ConcurrencyLimit limit = new ConcurrencyLimit(10);
        ConcurrencyLimit.Permit refused = limit.acquire();
        limit.acquire();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.refused(() -> Thread.currentThread().interrupt()))
                    .isInstanceOf(BackendInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(limit.state().limit()).isEqualTo(1);
        assertThat(limit.state().inFlight()).isEqualTo(2);
        refused.release(false);
        assertThat(limit.state().inFlight()).isEqualTo(1);
    }

    @Test
    @DisplayName("a caller interrupted while waiting for a place is abandoned and stays interrupted, so the run's cancellation"
            + " reaches the code after it")
    void interruptedWhileWaiting() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        limit.acquire();
        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(limit::acquire).isInstanceOf(BackendInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(limit.state().inFlight()).isEqualTo(1);
    }

    @Test
    @DisplayName("a refused submission whose backing off fails takes its place back all the same, so its release stays balanced")
    void refusedBackingOffFails() {
        ConcurrencyLimit limit = new ConcurrencyLimit(10);
        ConcurrencyLimit.Permit refused = limit.acquire();
        limit.acquire();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.refused(() -> {
            throw new IllegalStateException("sleeper failed");
        })).hasMessage("sleeper failed");
        assertThat(limit.state().inFlight()).isEqualTo(2);
        refused.release(false);
        assertThat(limit.state().inFlight()).isEqualTo(1);
    }
}
