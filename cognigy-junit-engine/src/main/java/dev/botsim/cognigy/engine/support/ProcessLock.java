package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a file lock another process holds, as the audit trail and the report folder take theirs: polled, since a
 * blocking {@link FileChannel#lock()} can be neither bounded nor reported on; the run told once after a few seconds, so
 * it does not seem to hang; given up after a bound, since a lock held for minutes is a process that hangs while it
 * holds it. A file lock belongs to the whole JVM: the caller keeps its own threads apart before it asks.
 */
public final class ProcessLock {

    private ProcessLock() {
    }

    /**
     * The lock once no other process holds it; empty when it was still held after {@code wait}.
     *
     * @param sayAfter   how long it waits before it calls {@code sayWaiting}, once
     * @param throughInterrupts whether an interrupt is kept for the caller (the flag set again on return) while it goes
     *                   on waiting, rather than ending the wait with {@link InterruptedException}
     */
    public static Optional<FileLock> await(FileChannel channel, Duration wait, Duration sayAfter, Runnable sayWaiting,
                                           boolean throughInterrupts) throws IOException, InterruptedException {
        long start = System.nanoTime();
        boolean said = false;
        boolean interrupted = false;
        try {
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) return Optional.of(lock);
                long waited = System.nanoTime() - start;
                if (waited >= wait.toNanos()) return Optional.empty();
                if (!said && waited >= sayAfter.toNanos()) {
                    said = true;
                    sayWaiting.run();
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    if (!throughInterrupts) throw e;
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
