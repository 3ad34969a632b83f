package dev.botsim.cognigy.engine.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * folder after it waits for it, so nothing lands under it.
 */
final class UnderWayMark {

    /**
     * How long a start may take before the folder is marked while it goes on: longer than a tenant's token and schema take
     * when nothing is retried, and short beside the JVM's start and discovery, during which the folder shows the earlier
     * run's reports anyway.
     */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final ReportWriter reports;
    private final CountDownLatch startEnded = new CountDownLatch(1);
    private final AtomicBoolean taken = new AtomicBoolean();
    private final Thread watcher;

    private UnderWayMark(ReportWriter reports, Supplier<RunInfo> early) {
        this.reports = reports;
        // A daemon: a folder whose lock another process holds is waited for by whoever settles the mark, not by the JVM's exit.
        this.watcher = new Thread(() -> {
            if (!awaitUninterruptibly(startEnded, GRACE) && taken.compareAndSet(false, true)) reports.begin(early.get());
        }, "cognigy-report-mark");
        watcher.setDaemon(true);
    }

    /**
     * Starts watching the run's start, which begins now: should it outlast {@link #GRACE}, the folder is marked with the
     * run {@code early} makes, as far as it is known before the backend has answered (made on the watcher's thread: it
     * walks the test tree for the bots' names).
     */
    static UnderWayMark begin(ReportWriter reports, Supplier<RunInfo> early) {
        UnderWayMark mark = new UnderWayMark(reports, early);
        mark.watcher.start();
        return mark;
    }

    /**
     * The start has ended, its first simulations on their way: marks the folder as {@code run}'s now, on this thread,
     * unless the watcher has marked it already; returns once the mark is in the folder (or could not be written: logged).
     */
    void startEnded(RunInfo run) {
        startEnded.countDown();
        if (taken.compareAndSet(false, true)) reports.begin(run);
        else joinUninterruptibly(watcher);
    }

    /**
     * The run did not start: its not-started pair follows in place of any mark, so none is written from now on; returns
     * once a mark the watcher is writing is in the folder, so that the pair lands over it, never under it.
     */
    void abandoned() {
        startEnded.countDown();
        if (!taken.compareAndSet(false, true)) joinUninterruptibly(watcher);
    }

    /** Whether {@code latch} opened within {@code wait}, waiting through interrupts (the flag is kept). */
    private static boolean awaitUninterruptibly(CountDownLatch latch, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
