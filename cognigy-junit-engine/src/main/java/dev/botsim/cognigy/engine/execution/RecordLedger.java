package dev.botsim.cognigy.engine.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Every finished test's record, in the order they finished, handed on as each arrives (to the
 * listeners' {@code simulationFinished}); read whole once the run is over. Written from many
 * threads at once.
 * <p>
 * A run the JVM shuts down in the middle of is concluded while its tests' threads still run: it {@linkplain #close closes}
 * the ledger, and a test finishing after that is neither recorded nor handed on. Its listeners thus hear of no test
 * after they were told the run ended, and the records they are told it ended with are every one they heard of.
 */
public final class RecordLedger {

    private final List<SimulationRecord> records = new ArrayList<>();
    private final Consumer<SimulationRecord> onRecord;
    /** Guarded by {@link #records}: whether the ledger takes no more records. */
    private boolean closed;
    /** Guarded by {@link #records}: records taken whose handing on has not returned yet. */
    private int handingOn;

    /** @param onRecord called with each record, on the thread of the test that finished */
    public RecordLedger(Consumer<SimulationRecord> onRecord) {
        this.onRecord = onRecord;
    }

    public void record(SimulationRecord record) {
        synchronized (records) {
            if (closed) return;
            records.add(record);
            handingOn++;
        }
        try {
            onRecord.accept(record);
        } finally {
            synchronized (records) {
                handingOn--;
                records.notifyAll();
            }
        }
    }

    /** Every record so far. */
    public List<SimulationRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /**
     * Takes no more records, and waits up to {@code wait} for those being handed on (a listener still busy with one):
     * what the run is concluded with is then what its listeners heard, and nothing reaches them after it.
     *
     * @return every record taken
     */
    public List<SimulationRecord> close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (records) {
            closed = true;
            try {
                for (long left = wait.toNanos(); handingOn > 0 && left > 0; left = deadline - System.nanoTime()) {
                    records.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.copyOf(records);
        }
    }
}
