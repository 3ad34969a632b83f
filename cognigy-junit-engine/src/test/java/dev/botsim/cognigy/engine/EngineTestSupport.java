package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.SimulationListener;

/** Builds {@link EngineTestKit} runs of the engine against a {@link ScriptedBackend}. */
final class EngineTestSupport {

    static final Path BAD_FILES = Path.of("src/test/bad-files");

    private EngineTestSupport() {
    }

    static CognigyTestEngine engine(ScriptedBackend backend) {
        return engine(backend, Map.of());
    }

    /** @param listeners listeners of this engine's runs, after the built-in ones */
    static CognigyTestEngine engine(ScriptedBackend backend, Map<String, String> environment, SimulationListener... listeners) {
        Function<String, String> env = environment::get;
        return new CognigyTestEngine(new EngineServices(env, config -> backend, Clock.systemUTC()).withListeners(listeners));
    }

    static EngineTestKit.Builder kit(ScriptedBackend backend, SimulationListener... listeners) {
        return EngineTestKit.engine(engine(backend, Map.of(), listeners))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports");
    }
}
