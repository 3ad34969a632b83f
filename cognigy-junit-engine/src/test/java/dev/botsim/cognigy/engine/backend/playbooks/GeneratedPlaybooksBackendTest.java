package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenantFake.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.generated.GeneratedSuite;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.spi.BotUnderTest;
import mockwebserver3.MockWebServer;

/** What the generated playbooks backend refuses before it makes a playbook: nothing is created, nothing scheduled. */
class GeneratedPlaybooksBackendTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final PlaybookTenantFake tenant = new PlaybookTenantFake(clock);
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final GeneratedSuite suite = new GeneratedSuite();
    private GeneratedPlaybooksBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        ManagementClient client = ManagementClient.open(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY),
                "proj1").withClock(clock).withSleeper(sleeper));
        suite.addConversationMethod("test_greets");
        backend = new GeneratedPlaybooksBackend(client, new TemporaryPlaybooks(client, "proj1", clock),
                new PlaybookRunner(new PlaybooksApi(client, "proj1"), new PlaybookRunner.Settings(4, Duration.ofMinutes(2), Duration.ofSeconds(5), clock, sleeper)),
                new Target("proj1", "flow-ref-1", "locale-ref-1"), BotUnderTest.builder().projectId("proj1").build(), Map.of(), suite,
                OutputConvention.of(BackendSettings.EndpointData.defaults()), Optional.empty());
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    @DisplayName("a test with no generated playbook is refused, and its message never left for the bot")
    void noPlaybookNeverLeft() {
        TurnRequest unknown = new TurnRequest("batch_1", "test_unknown", 1, "usr_1", "web", "hi", Map.of(), null, "k1", null, Map.of());
        assertThatThrownBy(() -> backend.send(unknown)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
            assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
        }).hasMessageContaining("test_unknown has no generated playbook");
        assertThat(tenant.to("/schedule")).isEmpty();
    }

    @Test
    @DisplayName("a @Conversation method's turn no playbook can carry (its data sets the marker key) is refused before a"
            + " playbook is made: its message never left for the bot")
    void turnNoPlaybookCarriesNeverLeft() {
        TurnRequest marked = new TurnRequest("batch_1", "test_greets#1", 1, "usr_1", "web", "hi", Map.of("cognigyJunit", true),
                "ses_1", "k1", null, Map.of());
        assertThatThrownBy(() -> backend.send(marked)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
            assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
        }).hasMessageContaining("'cognigyJunit'");
        assertThat(tenant.requests).as("no playbook made, none scheduled")
                .noneMatch(r -> r.getMethod().equals("POST"));
    }
}
