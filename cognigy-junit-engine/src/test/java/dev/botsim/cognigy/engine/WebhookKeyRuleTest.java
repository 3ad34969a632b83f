package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.engine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The webhook signing key is checked before the first test, not when the run's payload is signed at its end. */
class WebhookKeyRuleTest {

    @ParameterizedTest(name = "item 8: COGNIGY_WEBHOOK_SECRET={0} fails the run before its first test, naming the 24-byte rule")
    @ValueSource(strings = {"whsec_", "whsec_c2hvcnQta2V5LTIzLWJ5dGVzLWxvbmc=", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_"})
    void keyTooShort(String secret, @TempDir Path dir) {
        EngineExecutionResults results = EngineTestKit.engine(engine(new ScriptedBackend(), Map.of(Constants.WEBHOOK_SECRET_ENV, secret)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.WEBHOOK_URL, "http://127.0.0.1:9/hook")
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isNotInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Constants.WEBHOOK_SECRET_ENV).hasMessageContaining("at least 24 bytes");
        String key = secret.substring(secret.lastIndexOf("whsec_") + "whsec_".length());
        if (!key.isEmpty()) assertThat(failure.getMessage()).doesNotContain(key);
    }

    @ParameterizedTest(name = "item 8: a {0}-byte key is long enough")
    @ValueSource(ints = {24, 64})
    void keyLongEnough(int bytes, @TempDir Path dir) {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("k".repeat(bytes).getBytes(StandardCharsets.UTF_8));
        EngineExecutionResults results = EngineTestKit.engine(engine(new ScriptedBackend(), Map.of(Constants.WEBHOOK_SECRET_ENV, secret)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.WEBHOOK_URL, "http://127.0.0.1:9/hook")
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "1")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(3));
    }
}
