package dev.botsim.cognigy.engine.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.support.Secret;

class EmbeddedSandboxTest {

    @Test
    @DisplayName("item 17: the access record names the sandbox's management API, its key and project, and they work over HTTP;"
            + " toString shows no secret")
    void managementAccess() throws Exception {
        AtomicReference<EmbeddedSandbox.Access> seen = new AtomicReference<>();
        try (Backend backend = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox", access -> {
            seen.set(access);
            return new Idle();
        })) {
            EmbeddedSandbox.Access access = seen.get();
            assertThat(access.managementUrl()).startsWith("http://127.0.0.1:");
            assertThat(access.projectId()).matches("[0-9a-f]{24}");
            HttpResponse<String> project = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(access.managementUrl() + "/new/v2.0/projects/" + access.projectId()))
                    .header("X-API-Key", access.managementApiKey()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(project.statusCode()).isEqualTo(200);
            assertThat(project.body()).contains("\"name\":\"order-bot\"");
            assertThat(access.toString()).doesNotContain(access.managementApiKey()).doesNotContain(access.clientSecret());

            ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(access.managementUrl(),
                    Secret.of(access.managementApiKey()), access.projectId());
            BotSchema schema = new ManagementApiSchema(settings).read();
            assertThat(schema.flows()).hasValueSatisfying(flows -> assertThat(flows).contains("flow_order_status", "flow_fallback"));
            assertThat(schema.intents()).hasValueSatisfying(intents -> assertThat(intents).contains("check_order", "greeting"));
            // The bot's pattern entities are Regex Slot Filler nodes, which the API lists nowhere: known once named.
            assertThat(schema.entities()).hasValueSatisfying(slots -> assertThat(slots).doesNotContain("order_id", "email"));
            assertThat(new ManagementApiSchema(settings.withUnlistedSlots(List.of("order_id"))).read().entities())
                    .hasValueSatisfying(slots -> assertThat(slots).contains("order_id").doesNotContain("email"));
        }
    }

    /** A backend that is never asked anything: the test only reads the access it was made with. */
    private static final class Idle implements Backend {
        @Override
        public String name() {
            return "idle";
        }

        @Override
        public BotSchema schema() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TurnResult send(TurnRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
