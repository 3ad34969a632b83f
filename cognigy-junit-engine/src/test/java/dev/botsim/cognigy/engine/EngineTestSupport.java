package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.execution.EngineServices;

/** Builds {@link EngineTestKit} runs of the engine against a {@link ScriptedBackend}. */
final class EngineTestSupport {

    static final Path BAD_FILES = Path.of("src/test/bad-files");

    private EngineTestSupport() {
    }

    static CognigyTestEngine engine(ScriptedBackend backend) {
        return engine(backend, Map.of());
    }

    static CognigyTestEngine engine(ScriptedBackend backend, Map<String, String> environment) {
        Function<String, String> env = environment::get;
        return new CognigyTestEngine(new EngineServices(env, config -> backend, Clock.systemUTC()));
    }

    static EngineTestKit.Builder kit(ScriptedBackend backend) {
        return EngineTestKit.engine(engine(backend))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports");
    }
}
