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
 */
public record ExecutionSettings(int maxConcurrency, boolean parallel, String defaultUser, String defaultPlatform,
                                List<String> extraFlows, UserScope userScope) {

    public ExecutionSettings {
        extraFlows = List.copyOf(extraFlows);
    }

    static ExecutionSettings defaults() {
        return new ExecutionSettings(Constants.DEFAULT_MAX_CONCURRENCY, true, Constants.DEFAULT_USER_ID, "web", List.of(), UserScope.CASE);
    }

    ExecutionSettings withMaxConcurrency(int maxConcurrency) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }

    ExecutionSettings withParallel(boolean parallel) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }

    ExecutionSettings withDefaultUser(String defaultUser) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }

    ExecutionSettings withDefaultPlatform(String defaultPlatform) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }

    ExecutionSettings withExtraFlows(List<String> extraFlows) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }

    ExecutionSettings withUserScope(UserScope userScope) {
        return new ExecutionSettings(maxConcurrency, parallel, defaultUser, defaultPlatform, extraFlows, userScope);
    }
}
