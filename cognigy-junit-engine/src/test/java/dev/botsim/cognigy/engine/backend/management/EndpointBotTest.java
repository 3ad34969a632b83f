package dev.botsim.cognigy.engine.backend.management;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LEGACY_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LOCALE_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.spi.BotUnderTest;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The bot under test resolved from the REST endpoint's URL token, against a tenant's management API shapes. */
class EndpointBotTest {

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<Duration> slept = new ArrayList<>();
    private final List<ManagementApiSchema> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(ManagementApiSchema::close);
        server.close();
    }

    private ManagementApiSchema management(Optional<String> expectedSnapshot) {
        ManagementApiSchema management = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                        Secret.of(KEY), ManagementApiFake.PROJECT).withEndpointToken(Secret.of(TOKEN))
                .withExpectedSnapshot(expectedSnapshot).withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5)))
                .withSleeper(slept::add));
        opened.add(management);
        return management;
    }

    private ManagementApiSchema management() {
        return management(Optional.empty());
    }

    @Test
    @DisplayName("item 12: the endpoint is found by its URL token across pages; the schema is its flow and the attached flow:"
            + " enabled intents with children, their lexicons' slots, slot fillers and enabled system slots")
    void endpointsBot() {
        tenant.pageSize = 2;
        ManagementApiSchema management = management();
        BotSchema schema = management.schema();

        assertThat(schema.intents()).contains(Set.of("check_order", "greeting", "check_order_by_email", "opening_hours"));
        assertThat(schema.entities()).contains(Set.of("order_id", "Carrier", "topic", "order_number", "DATE", "NUMBER", "EMAIL",
                "URL"));
        // A Go To node may hand the conversation to any flow of the project: every one is a flow the bot has.
        assertThat(schema.flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(schema.unknown()).isEmpty();
        assertThat(schema.underTest()).contains(BotUnderTest.builder().projectId("proj1").projectName("Order Bot")
                .endpointName("cognigy-junit tests").flowName("Main Flow").flowReferenceId(MAIN_REF).locale("en-US")
                .localeReferenceId(LOCALE_REF).build());
        // The live project has no version id: its flows' last-change times, from the flow list already read, stand in.
        assertThat(schema.flowsLastChanged()).containsOnlyKeys("Main Flow", "FAQ");
        assertThat(tenant.to("flows")).as("the flow list read once, in its two pages: no extra request").hasSize(2);

        assertThat(tenant.requests.get(0).getUrl().encodedPath()).as("the project is probed first").isEqualTo("/new/v2.0/projects/proj1");
        assertThat(tenant.to("endpoints")).as("the endpoint list is read to its end").hasSize(2);
        assertThat(tenant.to("endpoints/ep2")).hasSize(1);
        assertThat(tenant.to("flows/f-legacy/intents")).as("a flow nothing attaches is not the endpoint's bot").isEmpty();
        assertThat(tenant.to("lexicons/lex-legacy/slots")).isEmpty();
        RecordedRequest intents = tenant.to("flows/f-main/intents").get(0);
        assertThat(intents.getUrl().queryParameter("includeChildren")).isEqualTo("true");
        assertThat(intents.getUrl().queryParameter("preferredLocaleId")).isEqualTo("loc-en");
        assertThat(management.flowName(FAQ_REF)).contains("FAQ");
        assertThat(management.flowName(LEGACY_REF)).contains("Legacy");
        assertThat(management.flowName("no-such-reference")).isEmpty();
        assertThat(slept).isEmpty();
    }

    @Test
    @DisplayName("item 1: slot names are compared as Cognigy names them, case-sensitively")
    void caseSensitiveSlots() {
        BotSchema schema = management().schema();
        assertThat(schema.knowsEntity("NUMBER")).isTrue();
        assertThat(schema.knowsEntity("number")).isFalse();
        assertThat(schema.knowsEntity("Carrier")).isTrue();
        assertThat(schema.knowsEntity("carrier")).isFalse();
        assertThat(schema.knowsEntity("MONEY")).as("not enabled in the endpoint's flows").isFalse();
    }

    @Test
    @DisplayName("item 1: settings that cannot be read, or hold no systemSlots, give all ten, said in the notes; settings"
            + " that enable none give none; a list of names is read too")
    void systemSlotFallback() {
        tenant.overrides.put("flows/f-main/settings", ManagementApiFake.problem(403, "Forbidden", "no access to settings"));
        tenant.systemSlots.put("f-faq", List.of("PERCENTAGE"));
        BotSchema schema = management().schema();
        assertThat(schema.entities().orElseThrow()).contains("AGE", "DATE", "DISTANCE", "DURATION", "EMAIL", "MONEY", "NUMBER",
                "PERCENTAGE", "TEMPERATURE", "URL");
        assertThat(schema.unknown()).singleElement().asString().contains("system slots of flow 'Main Flow' unknown", "HTTP 403",
                "no access to settings", "traceId api--", "all ten");

        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0.4, "upper", 0.5))));
        BotSchema absent = management().schema();
        assertThat(absent.unknown()).singleElement().asString().contains("'Main Flow'", "its settings hold no systemSlots");

        tenant.overrides.clear();
        tenant.systemSlots.put("f-main", map("useNumberSlots", false, "useDateSlots", false));
        tenant.systemSlots.put("f-faq", map());
        BotSchema none = management().schema();
        assertThat(none.unknown()).isEmpty();
        assertThat(none.entities().orElseThrow()).doesNotContain("NUMBER", "DATE", "EMAIL", "URL", "PERCENTAGE");
    }

    @Test
    @DisplayName("item 12: an inactive endpoint fails the run once, before any flow is read, naming it")
    void inactive() {
        tenant.endpoint.put("active", false);
        assertThatThrownBy(() -> management().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessage("the endpoint 'cognigy-junit tests' of project 'Order Bot' is not active: Cognigy refuses its messages."
                        + " Activate it (Deploy > Endpoints > Enable Endpoint) or point COGNIGY_ENDPOINT_URL at an active REST endpoint.");
        assertThat(tenant.to("flows")).isEmpty();
        tenant.endpoint.put("channel", "socket");
        assertThatThrownBy(() -> socketManagement().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("or point COGNIGY_SOCKET_URL at an active Socket Endpoint.");
    }

    @Test
    @DisplayName("an endpoint whose flow is not among the flows read fails the run once, naming the flow and where it was"
            + " looked for: the live project, or the snapshot the endpoint serves")
    void endpointsFlowNotListed() {
        tenant.endpoint.put("flowId", "9d9d9d9d-0000-4000-8000-00000000dead");
        assertThatThrownBy(() -> management().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessage("the endpoint 'cognigy-junit tests' serves flow 9d9d9d9d-0000-4000-8000-00000000dead, which is not"
                        + " among the 3 flows of project 'Order Bot'; check the endpoint's Flow setting");
        tenant.endpoint.put("entrypoint", "snap14");
        assertThatThrownBy(() -> management().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessage("the endpoint 'cognigy-junit tests' serves flow 9d9d9d9d-0000-4000-8000-00000000dead, which is not"
                        + " among the 2 flows of snapshot 'v1.4'; check the endpoint's Flow setting");
    }

    @Test
    @DisplayName("an endpoint whose locale the project does not list is read in the flows' default locale, said in the notes;"
            + " one without a locale is too, with nothing to say; neither names a served language")
    void endpointsLocaleNotListed() {
        tenant.endpoint.put("localeId", "e0e0e0e0-0000-4000-8000-00000000beef");
        BotSchema unlisted = management().schema();
        assertThat(unlisted.unknown()).containsExactly("the endpoint's locale e0e0e0e0-0000-4000-8000-00000000beef is not among"
                + " the project's locales; intents are read in the flows' default locale");
        assertThat(unlisted.underTest().orElseThrow().locale()).isNull();
        assertThat(unlisted.intents()).contains(Set.of("check_order", "greeting", "check_order_by_email", "opening_hours"));
        assertThat(tenant.to("flows/f-main/intents").get(0).getUrl().queryParameter("preferredLocaleId")).isNull();

        tenant.endpoint.remove("localeId");
        tenant.requests.clear();
        BotSchema none = management().schema();
        assertThat(none.unknown()).isEmpty();
        assertThat(none.underTest().orElseThrow().locale()).isNull();
        assertThat(tenant.to("locales")).as("no locale to look for").isEmpty();
        assertThat(tenant.to("flows/f-main/intents").get(0).getUrl().queryParameter("preferredLocaleId")).isNull();
    }

    @Test
    @DisplayName("each flow of the project is known by its name, its reference id and its object id: what a next_flow may be"
            + " written as")
    void flowsKnownByEveryName() {
        BotSchema schema = management().schema();
        assertThat(schema.knownFlows()).extracting(BotSchema.KnownFlow::name, BotSchema.KnownFlow::ids).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Main Flow", List.of(MAIN_REF, "f-main")),
                org.assertj.core.groups.Tuple.tuple("FAQ", List.of(FAQ_REF, "f-faq")),
                org.assertj.core.groups.Tuple.tuple("Legacy", List.of(LEGACY_REF, "f-legacy")));
    }

    @Test
    @DisplayName("item 12: an endpoint of another channel fails the run once")
    void notRest() {
        tenant.endpoint.put("channel", "webchat3");
        assertThatThrownBy(() -> management().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'webchat3' endpoint, not a REST endpoint");
    }

    private ManagementApiSchema socketManagement() {
        ManagementApiSchema management = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                        Secret.of(KEY), ManagementApiFake.PROJECT).withEndpointToken(Secret.of(TOKEN), EndpointKind.SOCKET)
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withSleeper(slept::add));
        opened.add(management);
        return management;
    }

    @ParameterizedTest(name = "channel {0}")
    @ValueSource(strings = {"socket", "webchat2", "webchat3"})
    @DisplayName("a Socket Endpoint's run: the endpoint of the socket URL's token is resolved as a REST Endpoint's is, its bot"
            + " the same flows, intents and slots, whether it is a Socket Endpoint or a Webchat endpoint (both Socket.IO)")
    void socketEndpointsBot(String channel) {
        BotSchema rest = management().schema();
        tenant.endpoint.put("channel", channel);
        BotSchema schema = socketManagement().schema();
        assertThat(schema.intents()).isPresent().isEqualTo(rest.intents());
        assertThat(schema.entities()).isEqualTo(rest.entities());
        assertThat(schema.underTest()).map(BotUnderTest::endpointName).contains("cognigy-junit tests");
    }

    @Test
    @DisplayName("a Socket Endpoint's run whose URL token is a REST endpoint's fails the run once, naming the socket URL's"
            + " variable, never the token")
    void socketRunAtARestEndpoint() {
        assertThatThrownBy(() -> socketManagement().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'rest' endpoint, not a Socket Endpoint; cognigy.backend=socket speaks Socket.IO")
                .hasMessageContaining("point COGNIGY_SOCKET_URL at a Socket or Webchat endpoint").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("a Socket Endpoint's run: no endpoint with the token names COGNIGY_SOCKET_URL, never the token")
    void noSuchSocketToken() {
        tenant.endpoints.removeIf(e -> TOKEN.equals(e.get("URLToken")));
        assertThatThrownBy(() -> socketManagement().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has the URL token of COGNIGY_SOCKET_URL").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("item 12: no endpoint with the token: one message with the project and how many endpoints were listed, never the token")
    void noSuchToken() {
        tenant.endpoints.removeIf(e -> TOKEN.equals(e.get("URLToken")));
        assertThatThrownBy(() -> management().schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no endpoint of project 'Order Bot' (proj1)").hasMessageContaining("2 endpoints listed")
                .hasMessageContaining("COGNIGY_ENDPOINT_URL").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("item 12: a No NLU connector and collected analytics are warned about in the schema's notes")
    void warnings() {
        tenant.endpoint.put("nluConnectorId", "noNlu");
        tenant.endpoint.put("useAnalytics", true);
        assertThat(management().schema().unknown()).satisfiesExactly(
                noNlu -> assertThat(noNlu).contains("No NLU connector", "intent and entity expectations cannot pass"),
                analytics -> assertThat(analytics).contains("collects analytics", "Collect Analytics off"));
    }

    @Test
    @DisplayName("item 12: an endpoint serving a snapshot is read from the snapshot's flow resources, and the snapshot is named")
    void snapshot() {
        tenant.endpoint.put("entrypoint", "snap14");
        ManagementApiSchema management = management();
        BotSchema schema = management.schema();
        assertThat(schema.flows()).contains(Set.of("Main Flow", "FAQ"));
        assertThat(schema.underTest().orElseThrow()).extracting(BotUnderTest::snapshotId, BotUnderTest::snapshotName)
                .containsExactly("snap14", "v1.4");
        assertThat(tenant.to("snapshots/snap14/resources").get(0).getUrl().queryParameter("resourceType")).isEqualTo("flow");
        assertThat(tenant.to("flows")).as("not the live project's flows").isEmpty();
        assertThat(schema.flowsLastChanged()).as("the snapshot's id is its version").isEmpty();
        assertThat(tenant.to("flows/f-main-14/intents")).isNotEmpty();
        assertThat(management.flowName(MAIN_REF)).contains("Main Flow");
    }

    @Test
    @DisplayName("item 13: cognigy.expected-snapshot holds by name or id, and fails before any flow is read when the endpoint"
            + " serves another snapshot or the live project, naming both")
    void expectedSnapshot() {
        tenant.endpoint.put("entrypoint", "snap14");
        assertThat(management(Optional.of("v1.4")).schema().underTest().orElseThrow().snapshotName()).isEqualTo("v1.4");
        assertThat(management(Optional.of("snap14")).schema().underTest().orElseThrow().snapshotId()).isEqualTo("snap14");
        tenant.requests.clear();
        assertThatThrownBy(() -> management(Optional.of("v1.5")).schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.expected-snapshot=v1.5").hasMessageContaining("snapshot 'v1.4' (snap14)");
        assertThat(tenant.to("snapshots/snap14/resources")).isEmpty();

        tenant.endpoint.put("entrypoint", ManagementApiFake.PROJECT);
        assertThatThrownBy(() -> management(Optional.of("v1.4")).schema()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.expected-snapshot=v1.4").hasMessageContaining("serves the live project");
    }

    @Test
    @DisplayName("item 12: the schema is read once; flow names are known after it")
    void readOnce() {
        ManagementApiSchema management = management();
        assertThat(management.flowName(MAIN_REF)).isEmpty();
        BotSchema first = management.schema();
        int requests = tenant.requests.size();
        assertThat(management.schema()).isSameAs(first);
        assertThat(tenant.requests).hasSize(requests);
        assertThat(management.flowName(MAIN_REF)).contains("Main Flow");
    }

    @Test
    @DisplayName("the endpoint serves the language of its locale's nluLanguage (en-US), not the locale's name (English),"
            + " which is free text on a tenant: the language a test's locale is checked against")
    void servedLanguageIsNluLanguage() {
        tenant.tenantShapedLocales();
        BotSchema schema = management().schema();

        assertThat(schema.underTest().orElseThrow().locale()).isEqualTo("en-US");
        assertThat(schema.underTest().orElseThrow().localeReferenceId()).isEqualTo(LOCALE_REF);
        assertThat(tenant.to("flows/f-main/intents").get(0).getUrl().queryParameter("preferredLocaleId")).isEqualTo("loc-en");
    }

    @Test
    @DisplayName("a locale is named by its reference id, its name in any case, or its language when one locale reads it; a"
            + " language several locales read is refused naming them, and none matching lists name and language of each")
    void localeByNameOrLanguage() {
        List<ProjectResources.Locale> locales = List.of(
                new ProjectResources.Locale("ref-de", "Deutsch", "de-DE", false),
                new ProjectResources.Locale("ref-en", "English", "en-US", true),
                new ProjectResources.Locale("ref-en2", "English (formal)", "en-US", false),
                new ProjectResources.Locale("ref-old", "fr-FR", "", false));

        assertThat(ProjectResources.locale(locales, "cognigy.nlu.locale", "de-de").referenceId()).isEqualTo("ref-de");
        assertThat(ProjectResources.locale(locales, "cognigy.nlu.locale", "deutsch").referenceId()).isEqualTo("ref-de");
        assertThat(ProjectResources.locale(locales, "cognigy.nlu.locale", "ref-en2").referenceId()).isEqualTo("ref-en2");
        assertThat(ProjectResources.locale(locales, "cognigy.nlu.locale", "English").referenceId()).isEqualTo("ref-en");
        assertThat(ProjectResources.locale(locales, "cognigy.nlu.locale", "fr-FR").referenceId()).isEqualTo("ref-old");
        assertThatThrownBy(() -> ProjectResources.locale(locales, "cognigy.nlu.locale", "en-US"))
                .isInstanceOf(ConfigurationException.class).hasMessage("cognigy.nlu.locale=en-US is the language of 2 locales of"
                        + " the project (English (en-US), English (formal) (en-US)); name one by its name or reference id");
        assertThatThrownBy(() -> ProjectResources.locale(locales, "cognigy.nlu.locale", "it-IT"))
                .isInstanceOf(ConfigurationException.class).hasMessage("cognigy.nlu.locale=it-IT names no locale of the project"
                        + " (locales: Deutsch (de-DE), English (en-US), English (formal) (en-US), fr-FR); use a locale's name,"
                        + " language or reference id");
    }
}
