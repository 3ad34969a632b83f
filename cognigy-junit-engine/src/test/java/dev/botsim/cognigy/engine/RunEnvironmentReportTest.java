package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's run read by someone without their machine or tenant — a partner's support, an issue's reader — from the
 * reports alone: which engine, JUnit Platform and Java ran it, on which system, and with which settings. The settings
 * are the {@code cognigy.*} ones as given, a secret pasted into one of them masked.
 */
class RunEnvironmentReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLIENT_SECRET = "cs-support-4d7f1a9e3b";

    @Test
    @DisplayName("results.json records the engine's, JUnit Platform's and Java's versions and the OS under environment, and the"
            + " cognigy.* settings as given under configuration (a pasted secret masked); index.html shows both in its header")
    void versionsAndSettingsRecorded(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(Constants.RETRY_MAX_ATTEMPTS, "5");
        parameters.put(Constants.HTTP_READ_TIMEOUT, "45s");
        parameters.put(Constants.REPLAY_REDACT, "slots.order_id");
        // The client secret pasted into the client id's setting: still the secret the environment holds.
        parameters.put(Constants.CLIENT_ID, CLIENT_SECRET);
        EngineTestSupport.sandboxRun("classpath:bots/order-bot.yaml", dir, console, Map.of(Constants.CLIENT_SECRET_ENV, CLIENT_SECRET),
                parameters, selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
        Path reports = dir.resolve("reports");
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());

        JsonNode environment = results.path("environment");
        assertThat(environment.path("engine").asString()).isNotBlank();
        assertThat(environment.path("junit_platform").asString()).matches("\\d+\\.\\d+\\.\\d+.*")
                .isEqualTo(org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion());
        assertThat(environment.path("java").asString()).isEqualTo(Runtime.version().toString());
        assertThat(environment.path("java_vendor").asString()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(environment.path("os").asString()).startsWith(System.getProperty("os.name"));
        Map<String, String> configuration = new LinkedHashMap<>();
        results.path("configuration").properties().forEach(e -> configuration.put(e.getKey(), e.getValue().asString()));
        assertThat(configuration).containsEntry(Constants.RETRY_MAX_ATTEMPTS, "5").containsEntry(Constants.HTTP_READ_TIMEOUT, "45s")
                .containsEntry(Constants.REPLAY_REDACT, "slots.order_id").containsEntry(Constants.CLIENT_ID, "****")
                .containsEntry(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml");
        assertThat(new java.util.ArrayList<>(configuration.keySet())).as("in alphabetical order, so two runs' files compare").isSorted();

        String html = Files.readString(reports.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<details class=\"report\" id=\"run-environment\"><summary>engine "
                        + environment.path("engine").asString() + " · JUnit Platform " + environment.path("junit_platform").asString()
                        + " · Java " + Runtime.version())
                .contains(configuration.size() + " cognigy.* settings given, the others at their defaults</summary>")
                .contains("<tr><td>cognigy.retry.max-attempts</td><td>5</td></tr>", "<tr><td>cognigy.client-id</td><td>****</td></tr>");

        String written = Files.readString(reports.resolve("results.json"), StandardCharsets.UTF_8) + html
                + console.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain(CLIENT_SECRET);
    }
}
