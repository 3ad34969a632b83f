package dev.botsim.cognigy.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/** A listener given to one engine through its services; keeps what it receives. */
public final class RecordingListener implements SimulationListener {

    final List<SimulationRecord> finished = new CopyOnWriteArrayList<>();
    final List<RunInfo> runs = new CopyOnWriteArrayList<>();
    final List<RunSummary> summaries = new CopyOnWriteArrayList<>();
    /** Whether the reporting thread was interrupted, per record: listeners doing I/O then fail. */
    final List<Boolean> interrupted = new CopyOnWriteArrayList<>();

    @Override
    public void runStarted(RunInfo run) {
        runs.add(run);
    }

    @Override
    public void simulationFinished(SimulationRecord record) {
        finished.add(record);
        interrupted.add(Thread.currentThread().isInterrupted());
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        summaries.add(summary);
    }
}
