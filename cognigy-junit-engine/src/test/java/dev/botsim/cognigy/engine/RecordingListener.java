package dev.botsim.cognigy.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/** A listener registered through the service file, as users register theirs; keeps what it receives. */
public final class RecordingListener implements SimulationListener {

    static final List<SimulationRecord> FINISHED = new CopyOnWriteArrayList<>();
    static final List<RunInfo> RUNS = new CopyOnWriteArrayList<>();
    static final List<RunSummary> SUMMARIES = new CopyOnWriteArrayList<>();
    /** Whether the reporting thread was interrupted, per record: listeners doing I/O then fail. */
    static final List<Boolean> INTERRUPTED = new CopyOnWriteArrayList<>();

    @Override
    public void runStarted(RunInfo run) {
        RUNS.add(run);
    }

    @Override
    public void simulationFinished(SimulationRecord record) {
        FINISHED.add(record);
        INTERRUPTED.add(Thread.currentThread().isInterrupted());
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        SUMMARIES.add(summary);
    }

    static void clear() {
        FINISHED.clear();
        RUNS.clear();
        SUMMARIES.clear();
        INTERRUPTED.clear();
    }
}
