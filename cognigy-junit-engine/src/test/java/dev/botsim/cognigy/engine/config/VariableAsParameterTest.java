package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.backend.factory.Backends;

/**
 * {@code mvn verify -DCOGNIGY_ENDPOINT_URL=https://…/test/<URLToken>}: the endpoint URL given as a system property,
 * which JUnit hands to the engine as a configuration parameter and the engine reads from the environment only. With
 * the sandbox's bot still set, the run went through the sandbox's REST Endpoint, green, while the user took it for a
 * tenant run — and Surefire wrote the URL token into every TEST-*.xml. Such a parameter is refused, naming the variable.
 */
class VariableAsParameterTest {

    private static final String TOKEN = "0f3c9a7e1b2d4c6e8f0a1b3c5d7e9f1a";
    private static final String ENDPOINT_URL = "https://endpoint-trial.cognigy.ai/test/" + TOKEN;

    private static EngineConfig.Reading check(Map<String, String> parameters, Map<String, String> environment) {
        return EngineConfig.check(new MapParameters(parameters), environment::get, Backends::requirements);
    }

    @Test
    @DisplayName("the endpoint URL given as -D beside a sandbox bot is refused, not run against the sandbox's REST Endpoint")
    void endpointUrlAsParameterIsRefused() {
        EngineConfig.Reading reading = check(Map.of(Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT,
                "classpath:bots/order-bot.yaml", Constants.ENDPOINT_URL_ENV, ENDPOINT_URL), Map.of());

        assertThat(reading.problems()).contains("COGNIGY_ENDPOINT_URL is given as a configuration parameter (a -D system"
                + " property, Surefire's <systemPropertyVariables>, or a line of junit-platform.properties), where the engine"
                + " does not read it: it reads COGNIGY_ENDPOINT_URL from the environment only. Remove the parameter, set the"
                + " environment variable COGNIGY_ENDPOINT_URL instead (in CI, a masked secret variable), and rotate the secret"
                + " if the value was committed or published: Surefire writes every -D property into each TEST-*.xml");
        assertThat(String.join("\n", reading.problems())).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"COGNIGY_API_KEY", "COGNIGY_CLIENT_SECRET", "COGNIGY_ENDPOINT_URL_DE_DE", "COGNIGY_SOCKET_URL_DE_DE",
            "COGNIGY_WEBHOOK_SECRET", "COGNIGY_WEBHOOK_URL", "COGNIGY_SHARD_KEY", "COGNIGY_WEBHOOK_PREVIOUS_URL"})
    @DisplayName("every secret's variable given as a parameter is refused, also when the environment holds it, its value never shown")
    void secretVariableAsParameterIsRefused(String variable) {
        String value = "s3cret-" + TOKEN;
        EngineConfig.Reading reading = check(Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml", variable, value),
                Map.of(variable, value));

        assertThat(reading.problems()).anySatisfy(p -> assertThat(p)
                .startsWith(variable + " is given as a configuration parameter").contains("from the environment only"));
        assertThat(String.join("\n", reading.problems())).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("the client id's or run id's variable given as a parameter is refused naming its key, unless the"
            + " environment gives it")
    void settingVariableAsParameterNamesItsKey() {
        EngineConfig.Reading reading = check(Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.CLIENT_ID_ENV, "client-1"), Map.of());
        EngineConfig.Reading alsoInTheEnvironment = check(Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.RUN_ID_ENV, "4711"), Map.of(Constants.RUN_ID_ENV, "4711"));

        assertThat(reading.problems()).anySatisfy(p -> assertThat(p).startsWith("COGNIGY_CLIENT_ID is given as a configuration"
                + " parameter").endsWith("set the environment variable COGNIGY_CLIENT_ID, or the key cognigy.client-id"));
        assertThat(alsoInTheEnvironment.problems()).noneMatch(p -> p.contains(Constants.RUN_ID_ENV));
    }

    @Test
    @DisplayName("other parameters outside cognigy.* are left to their owners")
    void otherParametersAreLeftAlone() {
        assertThat(check(Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml", "COGNIGY_JUNIT_VERSION", "0.1.0",
                "COGNIGY_ENDPOINT_URL_", "x", "junit.jupiter.execution.timeout.default", "5s"), Map.of()).problems())
                .noneMatch(p -> p.contains("COGNIGY_"));
    }
}
