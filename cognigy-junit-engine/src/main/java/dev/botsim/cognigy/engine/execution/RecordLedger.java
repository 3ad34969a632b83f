package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Every finished test's record, in the order they finished, handed on as each arrives (to the
 * listeners' {@code simulationFinished}); read whole once the run is over. Written from many
 * threads at once.
 */
public final class RecordLedger {

    private final List<SimulationRecord> records = new ArrayList<>();
    private final Consumer<SimulationRecord> onRecord;

    /** @param onRecord called with each record, on the thread of the test that finished */
    public RecordLedger(Consumer<SimulationRecord> onRecord) {
        this.onRecord = onRecord;
    }

    public void record(SimulationRecord record) {
        synchronized (records) {
            records.add(record);
        }
        onRecord.accept(record);
    }

    /** Every record so far. */
    public List<SimulationRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }
}
