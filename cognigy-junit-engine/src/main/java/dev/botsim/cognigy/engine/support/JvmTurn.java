package dev.botsim.cognigy.engine.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turn of one thread of this JVM at a time, for what a file lock cannot keep apart: a file lock is the whole JVM's,
 * so a second thread asking for one (another run or merge in the same JVM: a JUnit {@code @Suite}, the merges of two
 * modules in one Maven build run with {@code -T}) is refused with {@code OverlappingFileLockException} instead of
 * waiting. The threads of one JVM take turns here, then ask for the file lock ({@link ProcessLock}).
 *
 * <p>A turn is waited for as long as it takes ({@link #take()}), or — on the JVM's shutdown, which has seconds before a
 * CI runner kills it — within a budget ({@link #takeWithin}): the thread whose turn it is may itself wait minutes for
 * another process's file lock.
 */
public final class JvmTurn {

    private final ReentrantLock lock = new ReentrantLock();

    /** The turn, held until {@link Held#close()}. */
    public final class Held implements AutoCloseable {

        private Held() {
        }

        /** Gives the turn to the next thread waiting for it. */
        @Override
        public void close() {
            lock.unlock();
        }
    }

    /** The turn, once no other thread of this JVM has it, however long that takes. */
    public Held take() {
        lock.lock();
        return new Held();
    }

    /**
     * The turn, if another thread of this JVM gives it up within {@code wait}; empty when it still has it then. Waits
     * through interrupts, whose flag is set again on return: what the turn guards is written after the run, even a run
     * being stopped.
     */
    public Optional<Held> takeWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) ? Optional.of(new Held()) : Optional.empty();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
