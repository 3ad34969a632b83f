package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.SimulationListener;

/** Builds {@link EngineTestKit} runs of the engine against a {@link ScriptedBackend}. */
final class EngineTestSupport {

    static final Path BAD_FILES = Path.of("src/test/bad-files");

    private EngineTestSupport() {
    }

    /**
     * A failure's message as the problem of a test for invalid input says it: without the first line such a test's failure
     * starts with when its name says the problem ({@link ProblemDescriptor#SAID_BY_NAME}); any other message as it is.
     */
    static String problem(String message) {
        String pointer = ProblemDescriptor.SAID_BY_NAME + "\n";
        return message != null && message.startsWith(pointer) ? message.substring(pointer.length()) : message;
    }

    static CognigyTestEngine engine(ScriptedBackend backend) {
        return engine(backend, Map.of());
    }

    /** @param listeners listeners of this engine's runs, after the built-in ones */
    static CognigyTestEngine engine(ScriptedBackend backend, Map<String, String> environment, SimulationListener... listeners) {
        Function<String, String> env = environment::get;
        return new CognigyTestEngine(new EngineServices(env, config -> backend, Clock.systemUTC()).withListeners(listeners));
    }

    /**
     * The engine's own backends and requirements over real HTTP, on a test's clock and sleeper: requests are sent, waits
     * are not slept. The console is swallowed; a test that reads it sets its own with {@code withConsole}.
     */
    static EngineServices realBackends(Map<String, String> environment, Clock clock, dev.botsim.cognigy.engine.transport.Sleeper sleeper) {
        return new EngineServices(environment::get, dev.botsim.cognigy.engine.backend.factory.Backends.on(clock, sleeper), clock)
                .withConsole(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8))
                .withRequirements(dev.botsim.cognigy.engine.backend.factory.Backends::requirements);
    }

    /** A kit of the engine on {@code services}, waiting through {@code sleeper}. */
    static EngineTestKit.Builder kit(EngineServices services, dev.botsim.cognigy.engine.transport.Sleeper sleeper) {
        return EngineTestKit.engine(new CognigyTestEngine(services, sleeper));
    }

    static EngineTestKit.Builder kit(ScriptedBackend backend, SimulationListener... listeners) {
        return EngineTestKit.engine(engine(backend, Map.of(), listeners))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports");
    }

    /** {@code folder}/hello.sim.yaml: {@code count} greetings, {@code test_hello_0} on, each expecting the intent greeting. */
    static void greetingSuite(Path folder, int count) throws java.io.IOException {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("version: 1", "cases:"));
        for (int i = 0; i < count; i++) {
            lines.add("  - id: test_hello_" + i);
            lines.add("    utterance: \"hello number " + i + "\"");
            lines.add("    expect: { intent: greeting }");
        }
        java.nio.file.Files.write(java.nio.file.Files.createDirectories(folder).resolve("hello.sim.yaml"), lines);
    }

    /**
     * {@code folder}/suite-P-F.sim.yaml: {@code passing} cases a greeting bot answers as expected ({@code test_pass_0} on)
     * and {@code failing} ones expecting an intent it does not give ({@code test_fail_0} on).
     */
    static Path passingAndFailingSuite(Path folder, int passing, int failing) throws java.io.IOException {
        StringBuilder yaml = new StringBuilder("cases:\n");
        for (int i = 0; i < passing; i++) {
            yaml.append("  - id: test_pass_").append(i).append("\n    utterance: hello\n    expect: { intent: greeting }\n");
        }
        for (int i = 0; i < failing; i++) {
            yaml.append("  - id: test_fail_").append(i).append("\n    utterance: hello\n    expect: { intent: check_order }\n");
        }
        return java.nio.file.Files.writeString(folder.resolve("suite-" + passing + "-" + failing + ".sim.yaml"), yaml.toString());
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

    /**
     * A run against the embedded sandbox answering as {@code bot}, on the real backends, polling soon, with its reports
     * and approval files in {@code dir} and the engine's console lines in {@code console}.
     */
    static org.junit.platform.testkit.engine.EngineExecutionResults sandboxRun(String bot, Path dir,
            java.io.OutputStream console, Map<String, String> environment, Map<String, String> parameters,
            org.junit.platform.engine.DiscoverySelector... selectors) {
        return sandboxKit(bot, dir, console, environment, parameters).selectors(selectors).execute();
    }

    /** The kit of {@link #sandboxRun}, to select and discover or execute. */
    static EngineTestKit.Builder sandboxKit(String bot, Path dir, java.io.OutputStream console,
                                            Map<String, String> environment, Map<String, String> parameters) {
        EngineServices services = new EngineServices(environment::get, dev.botsim.cognigy.engine.backend.factory.Backends::create,
                Clock.systemUTC()).withConsole(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.SANDBOX_BOT, bot)
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.APPROVE_DIR, dir.resolve("approved").toString());
        parameters.forEach(kit::configurationParameter);
        return kit;
    }

    /** What the failed test shown as {@code displayName} failed with. */
    static Throwable failureOf(org.junit.platform.testkit.engine.EngineExecutionResults results, String displayName) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError("no failed test " + displayName + " among "
                        + results.testEvents().failed().stream().map(org.junit.platform.testkit.engine.Event::getTestDescriptor)
                        .toList()))
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    /**
     * What the bot's side said to each failed test of a data file, in the order they finished: the first line of its
     * failure without the test's place ({@code suite/hello.sim.yaml:33 test_hello_10: }) and without the lines after it
     * (how often the request was repeated).
     */
    static java.util.List<String> answerFailures(org.junit.platform.testkit.engine.EngineExecutionResults results) {
        return failureMessages(results).stream().map(message -> message.lines().findFirst().orElse("")
                .replaceFirst("^\\S+:\\d+ \\S+: ", "")).toList();
    }

    /** The messages the failed tests failed with, in the order they finished; a test's for invalid input as its {@link #problem}. */
    static java.util.List<String> failureMessages(org.junit.platform.testkit.engine.EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .map(EngineTestSupport::problem).toList();
    }
}
