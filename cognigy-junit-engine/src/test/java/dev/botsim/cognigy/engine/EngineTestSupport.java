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

    /** The values of the report entries with {@code key} the run published, in order. */
    static java.util.List<String> reportEntries(org.junit.platform.testkit.engine.EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(pairs -> pairs.containsKey(key)).map(pairs -> pairs.get(key)).toList();
    }

    /** Each result's {@code approval} in a run's results.json, by test id ({@code "null"} when it has none). */
    static Map<String, String> approvalsIn(Path resultsJson) {
        tools.jackson.databind.JsonNode results = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(resultsJson.toFile());
        Map<String, String> approvals = new java.util.TreeMap<>();
        results.path("results").forEach(r -> approvals.put(r.path("test_id").asString(), r.path("approval").isNull() ? "null"
                : r.path("approval").asString()));
        return approvals;
    }
}
