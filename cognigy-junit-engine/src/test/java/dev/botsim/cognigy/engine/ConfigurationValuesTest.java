package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.ConfigurationException;

/**
 * Item 15: JUnit builds the worker pool from the configuration before the engine node reads it, so
 * a value the engine would refuse must never reach the pool. Each run here ends with the one
 * configuration message, but for a blank value, which is unset wherever it is read; the timeouts only stop a run that
 * hangs, they measure nothing.
 */
class ConfigurationValuesTest {

    private final ScriptedBackend backend = new ScriptedBackend();

    @ParameterizedTest(name = "item 15: cognigy.execution.max-concurrency={0} ends the run with the configuration message, never hangs")
    @ValueSource(strings = {"0", "00", "-1", "many", "20000"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void maxConcurrency(String value) {
        Throwable failure = failureWith(Constants.MAX_CONCURRENCY, value);
        assertThat(failure).hasMessageContaining(Constants.MAX_CONCURRENCY + "=" + value + " must be a whole number from 1 to 10000");
    }

    @ParameterizedTest(name = "item 15: cognigy.execution.parallel.config.{0}={1} ends the run with the configuration message, never hangs")
    @CsvSource({"fixed.parallelism, 0", "fixed.parallelism, -3", "fixed.parallelism, eight", "fixed.max-pool-size, 0",
            "dynamic.factor, 0", "dynamic.factor, x", "strategy, sideways", "executor-service, threads", "strategy, custom"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parallelSettings(String key, String value) {
        String strategy = key.startsWith("dynamic.") ? "dynamic" : "fixed";
        var kit = kit(backend).configurationParameter(Constants.PARALLEL_CONFIG_PREFIX + key, value);
        if (!key.equals("strategy")) kit.configurationParameter(Constants.PARALLEL_CONFIG_PREFIX + "strategy", strategy);
        Throwable failure = engineFailure(kit.selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
        assertThat(failure).hasMessageContaining(Constants.PARALLEL_CONFIG_PREFIX + key + "=" + value);
    }

    @ParameterizedTest(name = "item 7: cognigy.repeat={0} ends the run with the configuration message before any test")
    @ValueSource(strings = {"0", "-2", "1001", "twice", "2.5"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void repeat(String value) {
        Throwable failure = failureWith(Constants.REPEAT, value);
        assertThat(failure).hasMessageContaining(Constants.REPEAT + "=" + value + " must be a whole number from 1 to 1000");
    }

    @ParameterizedTest(name = "item 7: cognigy.repeat.pass-ratio={0} ends the run with the configuration message before any test")
    @ValueSource(strings = {"-0.1", "1.5", "95", "NaN", "most"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void passRatio(String value) {
        Throwable failure = failureWith(Constants.REPEAT_PASS_RATIO, value);
        assertThat(failure).hasMessageContaining(Constants.REPEAT_PASS_RATIO + "=" + value
                + " must be a number from 0.0 to 1.0 (0.95 means 95 %)");
    }

    @ParameterizedTest(name = "cognigy.repeat.pass-ratio={0} is refused: a test none of whose runs passed would pass")
    @ValueSource(strings = {"0", "0.0", "-0"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void passRatioZero(String value) {
        Throwable failure = failureWith(Constants.REPEAT_PASS_RATIO, value);
        assertThat(failure).hasMessageContaining(Constants.REPEAT_PASS_RATIO + "=" + value
                + " would pass a repeated test none of whose runs passed: give the share of runs that must pass, above 0");
    }

    @ParameterizedTest(name = "{0}={1} ends the run with the configuration message naming it, never an exception of its own")
    @CsvSource({"cognigy.webhook.budget, 9999999999999999h, is too long: at most 24 days (576h)",
            "cognigy.http.call-timeout, 99999999999999999999s, is too long: at most 24 days (576h)",
            "cognigy.http.read-timeout, 600h, is too long: at most 24 days (576h)",
            "cognigy.poll.timeout, -5s, is negative",
            "cognigy.poll.max-interval, 0s, must be more than 0"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void durations(String key, String value, String problem) {
        Throwable failure = failureWith(key, value);
        assertThat(failure).hasMessageContaining(key + "=" + value + " " + problem);
    }

    @ParameterizedTest(name = "{0}= (blank) is unset, as every setting left blank is: the run asks the bot")
    @ValueSource(strings = {Constants.REPLAY, Constants.GOVERNANCE_REQUIRE_LIVE})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void blankReplaySettingIsUnset(String key) {
        EngineExecutionResults results = kit(backend).configurationParameter(key, " ")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        assertThat(results.containerEvents().failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().map(Throwable::getMessage).orElse(""))).as("a blank mode read apart from the configuration").isEmpty();
        assertThat(backend.requests).isNotEmpty();
    }

    /** The engine's one failure when the standalone file runs with {@code key=value}. */
    private Throwable failureWith(String key, String value) {
        return engineFailure(kit(backend).configurationParameter(key, value)
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute());
    }

    /** The engine's one failure: a configuration message without stack trace, before any test or request. */
    private Throwable engineFailure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(backend.requests).isEmpty();
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(ConfigurationException.class).hasMessageStartingWith("The cognigy engine is misconfigured");
        assertThat(failure.getStackTrace()).isEmpty();
        return failure;
    }
}
