package dev.botsim.cognigy.engine.reporting;

import java.util.List;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.reporting.FileEntry;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.SimulationListener;

/** The listeners every run has, before those registered by users. */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    /** @param inFlight simulations in flight now, for progress lines */
    public static List<SimulationListener> create(EngineConfig config, ExecutionRequest request,
                                                  java.util.function.IntSupplier inFlight) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        return List.of(new ProgressReporter(System.out, config.progressInterval(), clock, inFlight),
                new ConsoleSummary(System.out, config, clock, (path, mediaType) -> request.getEngineExecutionListener()
                        .fileEntryPublished(request.getRootTestDescriptor(), FileEntry.from(path.toAbsolutePath(), mediaType))));
    }
}
