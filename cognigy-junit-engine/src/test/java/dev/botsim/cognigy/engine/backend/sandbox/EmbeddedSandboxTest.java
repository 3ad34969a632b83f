package dev.botsim.cognigy.engine.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.BudgetWait;

class EmbeddedSandboxTest {

    @Test
    @DisplayName("item 17: the access record names the sandbox's management API, its key and project, and they work over HTTP;"
            + " toString shows no secret")
    @SuppressWarnings("try") // the sandbox runs for the block's length, its backend never used in it
    void managementAccess() throws Exception {
        AtomicReference<EmbeddedSandbox.Access> seen = new AtomicReference<>();
        try (Backend runningMeanwhile = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox", access -> {
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

    /** Whether anything still answers at {@code url}: a stopped sandbox's port refuses the connection. */
    private static boolean answers(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.net.ConnectException e) {
            return false;
        }
    }

    @Test
    @DisplayName("closing the backend stops the sandbox, also when the backend talking to it fails to close")
    void closeStopsTheSandbox() throws Exception {
        AtomicReference<EmbeddedSandbox.Access> seen = new AtomicReference<>();
        Backend backend = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox", access -> {
            seen.set(access);
            return new Idle();
        });
        assertThat(answers(seen.get().managementUrl())).isTrue();
        backend.close();
        assertThat(answers(seen.get().managementUrl())).isFalse();

        Backend failing = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox", access -> {
            seen.set(access);
            return new Idle() {
                @Override
                public void close() {
                    throw new IllegalStateException("client already closed");
                }
            };
        });
        assertThatThrownBy(failing::close).isInstanceOf(IllegalStateException.class);
        assertThat(answers(seen.get().managementUrl())).isFalse();
    }

    @Test
    @DisplayName("a backend that cannot be made for the sandbox leaves no sandbox running: the failure is the caller's")
    void failedBackendStopsTheSandbox() throws Exception {
        AtomicReference<EmbeddedSandbox.Access> seen = new AtomicReference<>();
        assertThatThrownBy(() -> EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox", access -> {
            seen.set(access);
            throw new ConfigurationException("the management API's settings are refused");
        })).isInstanceOf(ConfigurationException.class).hasMessage("the management API's settings are refused");
        assertThat(answers(seen.get().managementUrl())).isFalse();
    }

    @Test
    @DisplayName("cognigy.sandbox.bot as a file path: the sandbox serves the bot of that file")
    void botFromAFile(@TempDir Path dir) throws Exception {
        Path bot = dir.resolve("order-bot.yaml");
        try (var in = EmbeddedSandboxTest.class.getClassLoader().getResourceAsStream("bots/order-bot.yaml")) {
            Files.copy(in, bot);
        }
        AtomicReference<EmbeddedSandbox.Access> seen = new AtomicReference<>();
        try (Backend backend = EmbeddedSandbox.start(bot.toString(), Duration.ZERO, false, "sandbox", access -> {
            seen.set(access);
            return new Idle();
        })) {
            assertThat(backend.name()).isEqualTo("sandbox");
            EmbeddedSandbox.Access access = seen.get();
            assertThat(access.locale()).isNotBlank();
            HttpResponse<String> project = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(access.managementUrl() + "/new/v2.0/projects/" + access.projectId()))
                    .header("X-API-Key", access.managementApiKey()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(project.body()).contains("\"name\":\"order-bot\"");
            assertThat(access).hasToString("Access[" + access.baseUrl() + "]");
        }
    }

    @Test
    @DisplayName("the sandbox's backend is the API's it talks through: traits, pacing, waits, stand-in and NLU preparation")
    void answersAsItsApi() {
        AtomicInteger prepared = new AtomicInteger();
        BudgetWait wait = new BudgetWait("the management API's budget", 2, java.time.Instant.parse("2026-12-05T10:00:00Z"),
                Duration.ofSeconds(30));
        Backend api = new Idle() {
            @Override
            public Optional<ConcurrencyLimit.State> concurrency() {
                return Optional.of(new ConcurrencyLimit.State(6, 3, 1, 2));
            }

            @Override
            public Optional<String> standIn() {
                return Optional.of("http://127.0.0.1:4711");
            }

            @Override
            public Optional<String> missingNluDataHint() {
                return Optional.of("no NLU data in the answers");
            }

            @Override
            public boolean intentUnknownWithoutNluData() {
                return true;
            }

            @Override
            public Optional<String> pacing(long plannedMessages) {
                return Optional.of("paced " + plannedMessages);
            }

            @Override
            public Optional<String> pacing(long flowMessages, long nluScores) {
                return Optional.of("paced " + flowMessages + "+" + nluScores);
            }

            @Override
            public Optional<BudgetWait> budgetWait(long remainingRequests) {
                return Optional.of(wait);
            }

            @Override
            public boolean checksIntentsOnly() {
                return true;
            }

            @Override
            public boolean answersRichContent() {
                return false;
            }

            @Override
            public Optional<Pattern> userIdPattern() {
                return Optional.of(Pattern.compile("[a-z]+"));
            }

            @Override
            public void prepareNluScoring() {
                prepared.incrementAndGet();
            }
        };
        try (Backend backend = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox-endpoint",
                access -> api)) {
            assertThat(backend.name()).isEqualTo("sandbox-endpoint");
            assertThat(backend.concurrency()).contains(new ConcurrencyLimit.State(6, 3, 1, 2));
            assertThat(backend.standIn()).contains("http://127.0.0.1:4711");
            assertThat(backend.missingNluDataHint()).contains("no NLU data in the answers");
            assertThat(backend.intentUnknownWithoutNluData()).isTrue();
            assertThat(backend.pacing(40)).contains("paced 40");
            assertThat(backend.pacing(40, 3)).contains("paced 40+3");
            assertThat(backend.budgetWait(12)).contains(wait);
            assertThat(backend.checksIntentsOnly()).isTrue();
            assertThat(backend.answersRichContent()).isFalse();
            assertThat(backend.userIdPattern()).map(Pattern::pattern).contains("[a-z]+");
            backend.prepareNluScoring();
            assertThat(prepared).hasValue(1);
        }
        try (Backend backend = EmbeddedSandbox.start("classpath:bots/order-bot.yaml", Duration.ZERO, false, "sandbox",
                access -> new Idle())) {
            assertThat(backend.intentUnknownWithoutNluData()).isFalse();
            assertThat(backend.checksIntentsOnly()).isFalse();
            assertThat(backend.answersRichContent()).isTrue();
        }
    }

    /** A backend that is never asked anything: the test only reads the access it was made with. */
    private static class Idle implements Backend {
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
