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

    /** @param load how busy the run is now ("12 in flight"), for progress lines */
    public static List<SimulationListener> create(EngineConfig config, ExecutionRequest request,
                                                  java.util.function.Supplier<String> load) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        return List.of(new ProgressReporter(System.out, config.progressInterval(), clock, load),
                new ConsoleSummary(System.out, config, clock, (path, mediaType) -> request.getEngineExecutionListener()
                        .fileEntryPublished(request.getRootTestDescriptor(), FileEntry.from(path.toAbsolutePath(), mediaType))));
    }
}
