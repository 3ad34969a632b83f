package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.IntentRanking.Role;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ManagementReads;
import dev.botsim.cognigy.engine.backend.management.ProjectResources.Flow;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/** Each scored intent's role from the flows' intent lists in Cognigy's shapes. */
class NluIntentsTest {

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("an intent item without a name (absent, null, blank) lends its role to no score by name: a score named \"\""
            + " is an ordinary intent, not the nameless reject or disabled intent; by its own id it is still that intent")
    void intentWithoutANameIsNoName() {
        tenant.intents.put("f-faq", List.of(map("_id", "i8", "isDisabled", false, "isRejectIntent", true),
                map("_id", "i9", "name", null, "isDisabled", true, "isRejectIntent", false),
                map("_id", "i10", "name", "  ", "isDisabled", false, "isRejectIntent", true)));
        NluIntents intents;
        try (ManagementClient api = ManagementClient.open(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(KEY), PROJECT).withSleeper(d -> { }))) {
            intents = NluIntents.read(ManagementReads.of(api), List.of(new Flow("f-faq", FAQ_REF, "FAQ", false, null)));
        }

        assertThat(intents.roleOf(null, FAQ_REF, "")).isEqualTo(Role.INTENT);
        assertThat(intents.roleOf(null, null, "")).isEqualTo(Role.INTENT);
        assertThat(intents.roleOf(null, FAQ_REF, "  ")).isEqualTo(Role.INTENT);
        assertThat(intents.roleOf("other", null, "")).isEqualTo(Role.INTENT);
        assertThat(intents.roleOf("i8", null, "")).as("by its id").isEqualTo(Role.REJECT);
        assertThat(intents.roleOf("i9", null, "")).as("by its id").isEqualTo(Role.DISABLED);
    }
}
