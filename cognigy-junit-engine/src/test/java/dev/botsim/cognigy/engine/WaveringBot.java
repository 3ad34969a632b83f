package dev.botsim.cognigy.engine;

import java.time.Clock;
import java.util.Map;
import java.util.Random;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The sandbox's wavering bot ({@code bots/wavering-order-bot.yaml}) for the stability tests: its {@code check_order}
 * flips to {@code escalate} when a draw of {@code new Random(7)} is below 0.3.
 */
final class WaveringBot {

    private WaveringBot() {
    }

    /** How many of {@code recognitions} of check_order the seed flips, drawn as the sandbox draws them. */
    static int flipsIn(int recognitions) {
        Random draws = new Random(7);
        int flips = 0;
        for (int i = 0; i < recognitions; i++) if (draws.nextDouble() < 0.3) flips++;
        return flips;
    }

    /** The engine against the embedded wavering bot through {@code backend}, reporting records to {@code listener}. */
    static EngineTestKit.Builder engine(String backend, RecordingListener listener) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/wavering-order-bot.yaml")
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms");
    }

    static SimulationRecord record(RecordingListener listener, String testId) {
        return listener.finished.stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }
}
