package dev.botsim.cognigy.engine.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.botsim.cognigy.engine.reporting.ReportWriter;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * The report folder's mark of a run under way ({@link ReportWriter#begin}), written once as the run starts. Where the
 * start is quick it is written as the start ends, once the first simulations are on their way: on their way, the mark
 * (a lock, two files, the earlier pair linked) delayed the first submission by 40–45 ms. A start that takes longer than
 * {@link #GRACE} — a backend retrying an unreachable tenant, a slow tenant's token or schema, for minutes — is one a JVM
 * may be killed in, and must not leave the earlier run's verdict looking like the latest meanwhile: a thread of its own
 * then writes the mark while the run's thread waits on the network. Whichever comes first writes it; whatever writes the
 * folder after it waits for it, so nothing lands under it — also the JVM's shutdown hook, which abandons the mark from a
 * thread of its own while the run's thread may be writing it.
 */
final class UnderWayMark {

    /**
     * How long a start may take before the folder is marked while it goes on: longer than a tenant's token and schema take
     * when nothing is retried, and short beside the JVM's start and discovery, during which the folder shows the earlier
     * run's reports anyway.
     */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final Consumer<RunInfo> markFolder;
    private final CountDownLatch startEnded = new CountDownLatch(1);
    private final AtomicBoolean taken = new AtomicBoolean();
    /** Open once the mark is in the folder, or will never be: whoever took it has written it, or it was abandoned. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread watcher;

    private UnderWayMark(Consumer<RunInfo> markFolder, Supplier<RunInfo> early) {
        this.markFolder = markFolder;
        // A daemon: a folder whose lock another process holds is waited for by whoever settles the mark, not by the JVM's exit.
        this.watcher = new Thread(() -> {
            if (!awaitUninterruptibly(startEnded, GRACE) && taken.compareAndSet(false, true)) write(early);
        }, "cognigy-report-mark");
        watcher.setDaemon(true);
    }

    /**
     * Starts watching the run's start, which begins now: should it outlast {@link #GRACE}, the folder is marked by
     * {@code mark} ({@link ReportWriter#begin}, or a test's) with the run {@code early} makes, as far as it is known
     * before the backend has answered (made on the watcher's thread: it walks the test tree for the bots' names).
     */
    static UnderWayMark begin(Consumer<RunInfo> mark, Supplier<RunInfo> early) {
        UnderWayMark watching = new UnderWayMark(mark, early);
        watching.watcher.start();
        return watching;
    }

    /**
     * The start has ended, its first simulations on their way: marks the folder as {@code run}'s now, on this thread,
     * unless the watcher has marked it already or the mark was abandoned; returns once the mark is in the folder (or could
     * not be written: logged), or will never be.
     */
    void startEnded(RunInfo run) {
        startEnded.countDown();
        if (taken.compareAndSet(false, true)) write(() -> run);
        else awaitUninterruptibly(settled, null);
    }

    /**
     * The run did not start — its start failed, or the JVM is shutting down during it: its not-started pair follows in
     * place of any mark, so none is written from now on; returns once a mark the watcher or the run's thread is writing
     * is in the folder, so that the pair lands over it, never under it. From any thread, as often as called.
     */
    void abandoned() {
        startEnded.countDown();
        if (taken.compareAndSet(false, true)) settled.countDown();
        else awaitUninterruptibly(settled, null);
    }

    /**
     * As {@link #abandoned()}, waiting for a mark being written no longer than {@code wait}: the JVM's shutdown hook has
     * seconds before the process is killed, and a mark held up by a slow folder, or by the folder's lock another process
     * holds, must not take them all.
     *
     * @return whether the mark is in the folder, or will never be; {@code false} when it was still being written after
     *         {@code wait}, so that anything written to the folder now might land under it
     */
    boolean abandoned(Duration wait) {
        startEnded.countDown();
        if (taken.compareAndSet(false, true)) {
            settled.countDown();
            return true;
        }
        return awaitUninterruptibly(settled, wait);
    }

    /** Writes the mark of the run {@code run} makes, and says it is settled, however that ends. */
    private void write(Supplier<RunInfo> run) {
        try {
            markFolder.accept(run.get());
        } finally {
            settled.countDown();
        }
    }

    /**
     * Whether {@code latch} opened within {@code wait} (without limit when {@code null}), waiting through interrupts (the
     * flag is kept).
     */
    private static boolean awaitUninterruptibly(CountDownLatch latch, Duration wait) {
        long deadline = wait == null ? 0 : System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (wait != null) return latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    latch.await();
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
