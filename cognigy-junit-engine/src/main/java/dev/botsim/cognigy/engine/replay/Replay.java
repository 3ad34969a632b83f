package dev.botsim.cognigy.engine.replay;

import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.ReplayMode;

/** Puts record and replay around the run's backend when {@code cognigy.replay} asks for it. */
public final class Replay {

    private Replay() {
    }

    /**
     * The run's backend: the one {@code backends} makes, opened now, when replay is off; else a {@link ReplayingBackend}
     * that opens it only when a test must go live.
     *
     * @param stopping whether the run is being stopped (JUnit cancelled it): a message that gets no answer from then on
     *                 is not recorded as one the bot left unanswered
     */
    public static Backend around(EngineConfig config, Function<EngineConfig, Backend> backends,
                                 java.util.function.BooleanSupplier stopping) {
        ReplaySettings settings = ReplaySettings.of(config);
        if (settings.mode() == ReplayMode.OFF) return backends.apply(config);
        return new ReplayingBackend(settings, config, () -> backends.apply(config), stopping);
    }

    /** The replay layer of a run's backend, when it has one. */
    public static Optional<ReplayingBackend> of(Backend backend) {
        return backend instanceof ReplayingBackend replaying ? Optional.of(replaying) : Optional.empty();
    }
}
