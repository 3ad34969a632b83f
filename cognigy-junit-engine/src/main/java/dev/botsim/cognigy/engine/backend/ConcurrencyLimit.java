package dev.botsim.cognigy.engine.backend;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many simulations may be in flight at the server, adapted to what it accepts: a 429 cuts the
 * limit multiplicatively, every simulation that completes raises it additively (by one per limit's
 * worth of completions), never above the configured maximum or below one.
 *
 * <p>A burst of 429s answering requests that were all sent under the same limit is one signal, not
 * many: each permit remembers the generation of the limit it was granted under, and only a 429 on a
 * permit of the current generation cuts by a tenth again. Without that, one full server would drive
 * the limit to one in a single burst.
 *
 * <p>A refused <em>submission</em> says more: the server holds no more than the simulations the
 * other permits have there, so the limit falls to that number at once, whatever its generation (a
 * tenth below it when the refusal is a fresh signal). Against a server far smaller than the limit
 * (10 places, limit 64) a tenth per round took some eighteen rounds, each refusing most of what it
 * sent; cutting to what the server holds takes one burst. As each refused submission leaves, the
 * others hold fewer places, so a burst of them settles at what the server holds, not at one.
 */
public final class ConcurrencyLimit {

    /** The cut on a 429: ten percent, so a server full at 50 settles near 50, not near 25. */
    static final double DECREASE = 0.9;

    private final int maximum;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();
    private double limit;
    private int inFlight;
    private long generation;
    private int lowest;
    private long cuts;

    public ConcurrencyLimit(int maximum) {
        if (maximum < 1) throw new IllegalArgumentException("maximum must be at least 1: " + maximum);
        this.maximum = maximum;
        this.limit = maximum;
        this.lowest = maximum;
    }

    /**
     * Waits until one more simulation may be in flight.
     *
     * @throws BackendInterruptedException when the thread is interrupted while waiting (the run was cancelled)
     */
    public Permit acquire() {
        lock.lock();
        try {
            while (inFlight >= current()) freed.await();
            inFlight++;
            return new Permit(generation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("abandoned while waiting for a free slot: the waiting thread was interrupted");
        } finally {
            lock.unlock();
        }
    }

    private int current() {
        return Math.max(1, (int) limit);
    }

    /**
     * What the limit is now, the lowest it has been, how many times a 429 cut it, and how many
     * simulations hold a place under it.
     */
    public record State(int limit, int lowest, long cuts, int inFlight) {
    }

    public State state() {
        lock.lock();
        try {
            return new State(current(), lowest, cuts, inFlight);
        } finally {
            lock.unlock();
        }
    }

    /** One simulation's place under the limit, from submission until its result is known. */
    public final class Permit {

        private final long grantedIn;
        private boolean released;

        private Permit(long grantedIn) {
            this.grantedIn = grantedIn;
        }

        /**
         * The server refused a request of this simulation with 429 while the simulation is there (a
         * status poll): the server is busy, by how much it does not say, so the limit is cut by a
         * tenth, once per generation.
         */
        public void rateLimited() {
            lock.lock();
            try {
                cutTo(limit);
            } finally {
                lock.unlock();
            }
        }

        /**
         * The server refused this simulation's submission with 429: it holds no more than the
         * other permits' simulations. Cuts the limit to their number (a tenth below it once per
         * generation), gives this place up while {@code backingOff} runs, and takes one back
         * after, waiting for it if need be: a refused submission is not at the server while it
         * backs off, and holding its place would keep the server below what it accepts.
         */
        public void refused(Runnable backingOff) {
            lock.lock();
            try {
                cutTo(inFlight - 1);
                inFlight--;
                freed.signalAll();
            } finally {
                lock.unlock();
            }
            boolean waited = false;
            try {
                backingOff.run();
                waited = true;
            } finally {
                // Back under the limit in any case, so the caller's release stays balanced; only a
                // wait that ended normally queues for a place.
                lock.lock();
                try {
                    while (waited && inFlight >= current()) freed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    waited = false;
                } finally {
                    inFlight++;
                    lock.unlock();
                }
            }
            if (!waited && Thread.currentThread().isInterrupted()) {
                throw new BackendInterruptedException("abandoned while waiting for a free slot: the waiting thread was interrupted");
            }
        }

        /**
         * Lowers the limit to {@code atMost} and, for a permit of the current generation, a tenth
         * below that: the probe that overshot is withdrawn, so the next one comes a while later.
         * Holds the lock.
         */
        private void cutTo(double atMost) {
            double target = grantedIn == generation ? Math.min(atMost, limit) * DECREASE : atMost;
            target = Math.max(1, target);
            if (target >= limit) return;
            limit = target;
            generation++;
            cuts++;
            lowest = Math.min(lowest, current());
        }

        /** The simulation finished: its place is free, and if it completed the limit grows a little. */
        public void release(boolean completed) {
            lock.lock();
            try {
                if (released) return;
                released = true;
                inFlight--;
                if (completed) limit = Math.min(maximum, limit + 1.0 / current());
                freed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
