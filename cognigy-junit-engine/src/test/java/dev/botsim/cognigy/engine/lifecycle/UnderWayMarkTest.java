package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.botsim.cognigy.spi.RunInfo;

/**
 * The mark of a run under way and what follows it in the folder: whichever thread writes the mark — the run's, as its
 * start ends, or the watcher's, once the start has outlasted its grace — the JVM's shutdown hook, abandoning the mark from
 * a thread of its own to write the pair of a run that did not start, waits for that write, so the mark never lands over
 * the pair.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // hang guard only
class UnderWayMarkTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_0123456789ab").started(Instant.parse("2026-03-01T10:00:00Z"))
            .backend("scripted").build();

    /** What reached the folder, in order. */
    private final List<String> folder = new CopyOnWriteArrayList<>();
    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Marks the folder once released, saying when it has begun. */
    private final Consumer<RunInfo> slowMark = run -> {
        writing.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        folder.add("mark");
    };

    /** The shutdown hook's part: the mark abandoned, then the pair written. */
    private Thread hook(UnderWayMark mark) {
        Thread hook = new Thread(() -> {
            mark.abandoned();
            folder.add("pair");
        }, "shutdown");
        hook.start();
        return hook;
    }

    /**
     * Until {@code hook} waits — for the mark being written, as it must — or has ended: a shutdown that did not wait has
     * then written its pair first, however slowly its thread got going. A fixed pause let such a shutdown pass unseen
     * whenever it had not got that far yet.
     */
    private static void waitingOrEnded(Thread hook) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hook.getState() != Thread.State.WAITING && hook.getState() != Thread.State.TERMINATED && System.nanoTime() < giveUp) {
            Thread.sleep(1);
        }
        assertThat(hook.getState()).as("the shutdown's thread").isIn(Thread.State.WAITING, Thread.State.TERMINATED);
    }

    @Test
    @DisplayName("a shutdown while the run's thread writes the mark, as the start ends: the pair follows the mark")
    void shutdownWhileTheRunsThreadMarks() throws InterruptedException {
        UnderWayMark mark = UnderWayMark.begin(slowMark, () -> RUN);
        Thread run = new Thread(() -> mark.startEnded(RUN), "run");
        run.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        Thread hook = hook(mark);
        waitingOrEnded(hook);
        release.countDown();
        run.join(10_000);
        hook.join(10_000);

        assertThat(folder).containsExactly("mark", "pair");
    }

    @Test
    @DisplayName("a shutdown while the watcher writes the mark of a slow start: the pair follows the mark, and the start's end"
            + " writes none")
    void shutdownWhileTheWatcherMarks() throws InterruptedException {
        UnderWayMark mark = UnderWayMark.begin(slowMark, () -> RUN);
        // The start outlasts its grace: the watcher marks the folder.
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        Thread hook = hook(mark);
        waitingOrEnded(hook);
        release.countDown();
        hook.join(10_000);
        mark.startEnded(RUN);

        assertThat(folder).containsExactly("mark", "pair");
    }

    @Test
    @DisplayName("a shutdown before any mark: none is written from then on, by the run's thread or the watcher")
    void shutdownBeforeTheMark() throws InterruptedException {
        release.countDown();
        UnderWayMark mark = UnderWayMark.begin(slowMark, () -> RUN);
        hook(mark).join(10_000);

        mark.startEnded(RUN);

        assertThat(folder).containsExactly("pair");
        assertThat(writing.await(UnderWayMark.GRACE.toMillis() * 2, TimeUnit.MILLISECONDS)).as("the watcher wrote a mark").isFalse();
        assertThat(folder).containsExactly("pair");
    }

    @Test
    @DisplayName("a shutdown whose wait for a mark being written runs out (a slow folder, its lock held by another"
            + " process) is told so, rather than waiting with no end while the process is killed")
    void shutdownWaitsForTheMarkNoLongerThanItsBudget() throws InterruptedException {
        UnderWayMark mark = UnderWayMark.begin(slowMark, () -> RUN);
        Thread run = new Thread(() -> mark.startEnded(RUN), "run");
        run.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(mark.abandoned(java.time.Duration.ofMillis(50))).as("settled").isFalse();
        release.countDown();
        run.join(10_000);
        assertThat(mark.abandoned(java.time.Duration.ZERO)).as("settled once written").isTrue();
        assertThat(folder).containsExactly("mark");
    }
}
