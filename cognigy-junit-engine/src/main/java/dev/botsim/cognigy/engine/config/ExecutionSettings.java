package dev.botsim.cognigy.engine.config;

import java.util.List;

/**
 * How the run executes its tests.
 *
 * @param maxConcurrency  hard cap on simulations in flight across all tests ({@code cognigy.execution.max-concurrency})
 * @param parallel        whether tests run in parallel ({@code cognigy.execution.parallel.enabled})
 * @param defaultUser     user id of tests that name none ({@code cognigy.default-user})
 * @param defaultPlatform channel of tests that name none ({@code cognigy.default-platform})
 * @param extraFlows      expected flows beyond those of files and classes, for coverage ({@code cognigy.flows})
 * @param userScope       which user a test that names none speaks as ({@code cognigy.endpoint.user-scope})
 * @param repeat          how many times a test runs when it says nothing itself ({@code cognigy.repeat})
 * @param passRatio       the share of a repeated test's runs that must pass ({@code cognigy.repeat.pass-ratio})
 */
public record ExecutionSettings(int maxConcurrency, boolean parallel, String defaultUser, String defaultPlatform,
                                List<String> extraFlows, UserScope userScope, int repeat, double passRatio) {

    public ExecutionSettings {
        extraFlows = List.copyOf(extraFlows);
    }

    static ExecutionSettings defaults() {
        return new ExecutionSettings(Constants.DEFAULT_MAX_CONCURRENCY, true, Constants.DEFAULT_USER_ID, "web", List.of(), UserScope.CASE, 1, 1.0);
    }

    ExecutionSettings withMaxConcurrency(int maxConcurrency) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withParallel(boolean parallel) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withDefaultUser(String defaultUser) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withDefaultPlatform(String defaultPlatform) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withExtraFlows(List<String> extraFlows) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withRepeat(int repeat, double passRatio) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }

    ExecutionSettings withUserScope(UserScope userScope) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope, repeat, passRatio);
    }
}
