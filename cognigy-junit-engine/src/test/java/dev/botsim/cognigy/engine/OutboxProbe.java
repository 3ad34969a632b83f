package dev.botsim.cognigy.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A listener that looks into a webhook outbox when the run's listeners are called (the reports are
 * written by then): does the run's payload already wait there?
 */
final class OutboxProbe implements SimulationListener {

    private final Path outbox;
    final List<Boolean> payloadInOutbox = new CopyOnWriteArrayList<>();

    OutboxProbe(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        payloadInOutbox.add(Files.exists(outbox.resolve("msg_" + run.batchId() + ".json")));
    }
}
