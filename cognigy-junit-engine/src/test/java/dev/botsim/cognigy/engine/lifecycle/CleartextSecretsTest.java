package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.execution.EngineServices;

class CleartextSecretsTest {

    private static final String TOKEN = "f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f";
    private static final String API_KEY = "mgmt-key-7c2a9e41b3d8";
    private static final String CLIENT_SECRET = "cs-5b1e9d7c2a11f0";

    private static Optional<String> warningOf(Map<String, String> parameters, Map<String, String> environment) {
        EngineConfig config = EngineConfig.read(new MapParameters(parameters), environment::get);
        config.secrets().lookUpLocales(List.of("de-DE"));
        return CleartextSecrets.of(config);
    }

    @Test
    @DisplayName("every secret over https, or over http to this machine, is warned of not at all")
    void httpsAndLoopbackNotWarned() {
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint-trial.cognigy.ai/" + TOKEN,
                Constants.ENDPOINT_URL_ENV + "_DE_DE", "http://127.0.0.1:8080/" + TOKEN,
                Constants.SOCKET_URL_ENV, "http://localhost:8081/" + TOKEN, Constants.MANAGEMENT_API_KEY_ENV, API_KEY);
        assertThat(warningOf(Map.of(Constants.MANAGEMENT_URL, "http://[::1]:9000"), env)).isEmpty();
    }

    @Test
    @DisplayName("each URL sent with a secret over plain http to another machine is named with its host, the secret never")
    void plainHttpNamed() {
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, "http://endpoint.bank.internal/" + TOKEN,
                Constants.ENDPOINT_URL_ENV + "_DE_DE", "http://endpoint-de.bank.internal/" + TOKEN,
                Constants.SOCKET_URL_ENV, "http://socket.bank.internal/" + TOKEN,
                Constants.MANAGEMENT_API_KEY_ENV, API_KEY, Constants.CLIENT_SECRET_ENV, CLIENT_SECRET);
        String warning = warningOf(Map.of(Constants.MANAGEMENT_URL, "http://api.bank.internal",
                Constants.BASE_URL, "http://sim.bank.internal"), env).orElseThrow();
        assertThat(warning).startsWith("COGNIGY_ENDPOINT_URL to endpoint.bank.internal, COGNIGY_ENDPOINT_URL_DE_DE to"
                        + " endpoint-de.bank.internal, COGNIGY_SOCKET_URL to socket.bank.internal, cognigy.management.url (with"
                        + " COGNIGY_API_KEY) to api.bank.internal, cognigy.base-url (with COGNIGY_CLIENT_SECRET) to"
                        + " sim.bank.internal are plain http://, to another machine: ")
                .contains("write https://")
                .doesNotContain(TOKEN).doesNotContain(API_KEY).doesNotContain(CLIENT_SECRET);
    }

    @Test
    @DisplayName("an API URL given without its secret sends none, and is not named")
    void apiUrlWithoutItsSecretNotNamed() {
        assertThat(warningOf(Map.of(Constants.MANAGEMENT_URL, "http://api.bank.internal", Constants.BASE_URL,
                "http://sim.bank.internal"), Map.of())).isEmpty();
        assertThat(warningOf(Map.of(Constants.MANAGEMENT_URL, "http://api.bank.internal"),
                Map.of(Constants.MANAGEMENT_API_KEY_ENV, API_KEY))).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("cognigy.management.url (with COGNIGY_API_KEY) to api.bank.internal is plain http://"));
    }

    @Test
    @DisplayName("the run says it once, before its first test, and the URL token appears in nothing it prints")
    void runWarnsAsItStarts(@TempDir Path reports) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of(Constants.ENDPOINT_URL_ENV, "http://no-such-host.invalid/" + TOKEN));
        EngineServices services = new EngineServices(env::get, Backends::create, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.RETRY_MAX_ATTEMPTS, "1")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                .execute();
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(line -> line.contains("plain http://")))
                .singleElement().asString()
                .startsWith("[cognigy] WARNING COGNIGY_ENDPOINT_URL to no-such-host.invalid is plain http://, to another machine");
        assertThat(printed).doesNotContain(TOKEN);
    }
}
