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
 * A listener registered through the service file that looks into a webhook outbox when the run's
 * listeners are called (the reports are written then): does the run's payload already wait there?
 * Idle unless a test points it at an outbox.
 */
public final class OutboxProbe implements SimulationListener {

    static volatile Path outbox;
    static final List<Boolean> PAYLOAD_IN_OUTBOX = new CopyOnWriteArrayList<>();

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        Path directory = outbox;
        if (directory != null) PAYLOAD_IN_OUTBOX.add(Files.exists(directory.resolve("msg_" + run.batchId() + ".json")));
    }
}
