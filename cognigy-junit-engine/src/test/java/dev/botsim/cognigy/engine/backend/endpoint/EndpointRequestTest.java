package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.LocaleEndpointUrls;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the endpoint backend sends, where, when and with what around it. */
class EndpointRequestTest {

    private static final String TOKEN = "c0ffee00deadbeef1234567890abcdef";
    private static final String DE_TOKEN = "de0000aa11bb22cc33dd44ee55ff6677";
    private static final String FLOW_REF = "8d2c7e3a-0b1f-4c5d-9e6f-1a2b3c4d5e6f";
    private static final String NLU_ANSWER = """
            {"text":"Your order has shipped.","data":{},"outputStack":[
              {"text":"Your order has shipped.","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
              {"text":null,"data":{"intent":"check_order","intentScore":0.93,"intentFlow":"%s","flowName":"Main Flow",
                 "slots":{},"state":""},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],
             "userId":"usr_qa01","sessionId":"ses_1"}""".formatted(FLOW_REF);

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MockWebServer german = LoopbackServers.mockWebServer();
    private final JsonMapper json = JsonMapper.builder().build();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<EndpointBackend> backends = new ArrayList<>();

    /** The management API as the endpoint backend sees it: one flow, and a record of injected context. */
    private class StubManagement implements BotManagement {
        final List<String> injected = new ArrayList<>();

        @Override
        public BotSchema schema() {
            return BotSchema.UNKNOWN;
        }

        @Override
        public Optional<String> localeServedBy(String urlToken) {
            return Optional.empty();
        }

        @Override
        public Optional<String> flowName(String referenceId) {
            return FLOW_REF.equals(referenceId) ? Optional.of("Order Status") : Optional.empty();
        }

        @Override
        public void injectContext(String sessionId, String userId, Map<String, Object> context) {
            injected.add(sessionId + " " + userId + " " + context + " after " + server.getRequestCount() + " messages");
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void start() throws Exception {
        server.start();
        german.start();
    }

    @AfterEach
    void stop() {
        backends.forEach(EndpointBackend::close);
        server.close();
        german.close();
    }

    private EndpointBackend.Settings settings(String path) {
        return EndpointBackend.Settings.of(Secret.of(server.url(path).toString()))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(RetrySettings.defaults().withLongestWait(Duration.ofSeconds(5))).withClock(clock).withSleeper(sleeper)
                .withNotices(notices::add);
    }

    private EndpointBackend backend(EndpointBackend.Settings settings, Optional<BotManagement> management) {
        EndpointBackend backend = new EndpointBackend(settings, management);
        backends.add(backend);
        return backend;
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static TurnRequest request(String text, Map<String, Object> data, String platform, String locale,
                                       Map<String, Object> injectContext) {
        return new TurnRequest("batch_r7", "orders.sim.yaml#check", 2, "usr_qa01", platform, text, data, "ses_1", "key-1",
                locale, injectContext);
    }

    private static TurnRequest request(String text) {
        return request(text, Map.of("channelHint", "app"), "web", null, Map.of());
    }

    private JsonNode sentBody(MockWebServer to) throws InterruptedException {
        return json.readTree(to.takeRequest().getBody().utf8());
    }

    @Test
    @DisplayName("item 9: every message carries data.cognigyJunit = {runId, testId, turn} next to the test's own data")
    void testMarker() throws Exception {
        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), Optional.empty()).send(request("where is my order"));
        JsonNode data = sentBody(server).path("data");
        assertThat(data.path("channelHint").asString()).isEqualTo("app");
        assertThat(data.path("cognigyJunit").path("runId").asString()).isEqualTo("batch_r7");
        assertThat(data.path("cognigyJunit").path("testId").asString()).isEqualTo("orders.sim.yaml#check");
        assertThat(data.path("cognigyJunit").path("turn").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 9: a test's own cognigyJunit data key is refused clearly, before anything is sent")
    void markerKeyReserved() {
        EndpointBackend backend = backend(settings("/" + TOKEN), Optional.empty());
        assertThatThrownBy(() -> backend.send(request("hi", Map.of("cognigyJunit", true), "web", null, Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).as("never left for the bot").isTrue();
                }).hasMessageContaining("'cognigyJunit'").hasMessageContaining("orders.sim.yaml#check");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a data-only message (a postback) sends no text field")
    void dataOnly() throws Exception {
        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), Optional.empty()).send(request(null, Map.of("payload", "SIZE_L"), "web", null, Map.of()));
        JsonNode body = sentBody(server);
        assertThat(body.has("text")).isFalse();
        assertThat(body.path("data").path("payload").asString()).isEqualTo("SIZE_L");
    }

    @Test
    @DisplayName("item 9: intentFlow is named through the management API; without it flowName is the flow and intentFlow its reference")
    void intentFlowNamed() {
        server.enqueue(ok(NLU_ANSWER));
        BotTurn named = backend(settings("/" + TOKEN), Optional.of(new StubManagement())).send(request("where is my order"))
                .turns().get(0);
        assertThat(named.flowId()).isEqualTo("Order Status");
        assertThat(named.flowReferenceId()).isEqualTo(FLOW_REF);

        server.enqueue(ok(NLU_ANSWER));
        BotTurn unnamed = backend(settings("/" + TOKEN), Optional.empty()).send(request("where is my order")).turns().get(0);
        assertThat(unnamed.flowId()).isEqualTo("Main Flow");
        assertThat(unnamed.flowReferenceId()).isEqualTo(FLOW_REF);
    }

    @Test
    @DisplayName("a Code node in each handling flow (cognigy.endpoint.code-node=per-flow): flowName is the turn's flow even"
            + " with the management API, as on a follow-up the waiting flow answers while the NLU found another flow's intent")
    void perFlowCodeNodeKeepsFlowName() {
        // The waiting Refunds flow answers "ORD_77, please"; the NLU placed the text in the Order Status flow (FLOW_REF).
        String followUp = NLU_ANSWER.replace("\"flowName\":\"Main Flow\"", "\"flowName\":\"Refunds\"");
        EndpointBackend.Settings perFlow = settings("/" + TOKEN).withConvention(OutputConvention.of(
                dev.botsim.cognigy.engine.config.EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(
                        Map.of(dev.botsim.cognigy.engine.config.Constants.ENDPOINT_CODE_NODE, "per-flow")), name -> null)
                        .backend().endpointData()));
        server.enqueue(ok(followUp));
        BotTurn turn = backend(perFlow, Optional.of(new StubManagement())).send(request("ORD_77, please")).turns().get(0);
        assertThat(turn.flowId()).isEqualTo("Refunds");
        assertThat(turn.flowReferenceId()).as("kept for next_flow").isEqualTo(FLOW_REF);

        // Shared (the default): the flow the input was understood in, named, stands for the turn's flow.
        server.enqueue(ok(followUp));
        assertThat(backend(settings("/" + TOKEN), Optional.of(new StubManagement())).send(request("ORD_77, please")).turns()
                .get(0).flowId()).isEqualTo("Order Status");
    }

    @Test
    @DisplayName("item 7: context to inject is set through the management API before the message is sent")
    void injectsContextFirst() throws Exception {
        StubManagement management = new StubManagement();
        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), Optional.of(management))
                .send(request("hi", Map.of(), "web", null, Map.of("customerTier", "gold")));
        assertThat(management.injected).containsExactly("ses_1 usr_qa01 {customerTier=gold} after 0 messages");
        assertThat(server.getRequestCount()).isEqualTo(1);

        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), Optional.of(management)).send(request("hi"));
        assertThat(management.injected).hasSize(1);
    }

    @Test
    @DisplayName("context that could not be injected (the management API answering 503, or gone) keeps the message from the"
            + " bot: it never left, whatever became of the inject, and the REST Endpoint is not sent it")
    @SuppressWarnings("try") // the management API is closed half-way, to be gone for the last send; the try closes it if the test stops before
    void injectFailingKeepsTheMessage() throws Exception {
        ManagementApiFake tenant = new ManagementApiFake();
        try (MockWebServer api = LoopbackServers.mockWebServer()) {
            api.setDispatcher(tenant);
            api.start();
            ManagementApiSchema management = new ManagementApiSchema(ManagementApiSchema.Settings.of(api.url("/").toString(),
                    Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT).withClock(clock).withSleeper(sleeper));
            EndpointBackend backend = backend(settings("/" + TOKEN), Optional.of(management));
            tenant.overrides.put("sessions/ses_1/context/inject", ManagementApiFake.problem(503, "Service Unavailable", "try again"));
            assertThatThrownBy(() -> backend.send(request("hi", Map.of(), "web", null, Map.of("customerTier", "gold"))))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                    .hasMessageContaining("did not set the context of session ses_1");
            assertThat(tenant.to("sessions/ses_1/context/inject")).as("the inject was sent, and answered").isNotEmpty();

            api.close();
            assertThatThrownBy(() -> backend.send(request("hi", Map.of(), "web", null, Map.of("customerTier", "gold"))))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                    .hasMessageContaining("cannot reach the management API");
        }
        assertThat(server.getRequestCount()).as("no message was posted").isZero();
    }

    @Test
    @DisplayName("item 7: context to inject without a management API fails the test naming what to configure, its message"
            + " never sent")
    void injectWithoutManagement() {
        EndpointBackend backend = backend(settings("/" + TOKEN), Optional.empty());
        assertThatThrownBy(() -> backend.send(request("hi", Map.of(), "web", null, Map.of("customerTier", "gold"))))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                .hasMessageContaining("cognigy.management.url").hasMessageContaining("cognigy.management.project-id")
                .hasMessageContaining("COGNIGY_API_KEY");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("item 8: a platform other than the default is said to be ignored, once per run")
    void platformOnce() {
        EndpointBackend backend = backend(settings("/" + TOKEN), Optional.empty());
        for (int i = 0; i < 3; i++) server.enqueue(ok(NLU_ANSWER));
        backend.send(request("hi"));
        assertThat(notices).isEmpty();
        backend.send(request("hi", Map.of(), "whatsapp", null, Map.of()));
        backend.send(request("hi", Map.of(), "voice", null, Map.of()));
        assertThat(notices).singleElement().asString().contains("'whatsapp'", "no channel", "once");
    }

    @Test
    @DisplayName("item 15: a locale with its own URL goes there; one without goes to the default URL; tokens never shown")
    void localeRouting() throws Exception {
        Map<String, Secret> env = Map.of("de-DE", Secret.of(german.url("/" + DE_TOKEN).toString()));
        EndpointBackend backend = backend(settings("/" + TOKEN).withLocaleUrls(locale -> Optional.ofNullable(env.get(locale))),
                Optional.empty());
        german.enqueue(ok(NLU_ANSWER));
        server.enqueue(ok(NLU_ANSWER));
        backend.send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
        backend.send(request("où est ma commande", Map.of(), "web", "fr-FR", Map.of()));
        assertThat(german.takeRequest().getUrl().encodedPath()).isEqualTo("/" + DE_TOKEN);
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/" + TOKEN);

        german.enqueue(new MockResponse.Builder().code(502).body("upstream /" + DE_TOKEN + " failed").build());
        assertThatThrownBy(() -> backend.send(request("hallo", Map.of(), "web", "de-DE", Map.of())))
                .hasMessageContaining("/****").hasMessageNotContaining(DE_TOKEN);
    }

    /** The management API naming the locale the default endpoint serves, by the locale's name as Cognigy lists it. */
    private Optional<BotManagement> servingLocale(String name) {
        return Optional.of(new StubManagement() {
            @Override
            public BotSchema schema() {
                return new BotSchema(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), true,
                        Optional.of(dev.botsim.cognigy.spi.BotUnderTest.builder().locale(name).build()));
            }
        });
    }

    @Test
    @DisplayName("a test in a language the default endpoint does not serve, with no URL of its own, is refused unsent naming"
            + " the variable to set: the endpoint's NLU would read it in another language; the same language, a locale name"
            + " that is no tag, or no management API send it there as before")
    void localeTheDefaultEndpointDoesNotServe() throws Exception {
        EndpointBackend backend = backend(settings("/" + TOKEN), servingLocale("en-US"));
        assertThatThrownBy(() -> backend.send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                })
                .hasMessageContaining("test orders.sim.yaml#check names locale de-DE")
                .hasMessageContaining("COGNIGY_ENDPOINT_URL_DE_DE is not set")
                .hasMessageContaining("serves locale en-US").hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).isZero();

        server.enqueue(ok(NLU_ANSWER));
        backend.send(request("where is my order", Map.of(), "web", "en-GB", Map.of()));
        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), servingLocale("German (formal)"))
                .send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
        server.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN), Optional.empty()).send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
        assertThat(server.getRequestCount()).isEqualTo(3);

        Map<String, Secret> env = Map.of("de-DE", Secret.of(german.url("/" + DE_TOKEN).toString()));
        german.enqueue(ok(NLU_ANSWER));
        backend(settings("/" + TOKEN).withLocaleUrls(locale -> Optional.ofNullable(env.get(locale))), servingLocale("en-US"))
                .send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
        assertThat(german.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a locale's own endpoint that serves another language, as the management API says (a URL copied from the"
            + " wrong endpoint's settings), refuses that locale's tests unsent naming its variable, never its token; the"
            + " project is asked once per endpoint; an endpoint serving the locale, or one the project does not list, is sent to")
    void localeEndpointOfAnotherLanguage() throws Exception {
        String frenchReference = "f7e8d9c0-0000-4000-8000-000000000003";
        ManagementApiFake tenant = new ManagementApiFake();
        tenant.tenantShapedLocales();
        tenant.locales.add(ManagementApiFake.map("_id", "loc-fr", "referenceId", frenchReference, "name", "Français",
                "nluLanguage", "fr-FR", "primary", false));
        Map<String, Object> copied = ManagementApiFake.map("_id", "ep-fr", "name", "Tests FR", "URLToken", DE_TOKEN,
                "channel", "rest", "flowId", ManagementApiFake.MAIN_REF, "localeId", frenchReference,
                "entrypoint", ManagementApiFake.PROJECT, "active", true);
        tenant.endpoints.add(copied);
        Map<String, Secret> env = Map.of("de-DE", Secret.of(german.url("/" + DE_TOKEN).toString()));
        try (MockWebServer api = LoopbackServers.mockWebServer()) {
            api.setDispatcher(tenant);
            api.start();
            java.util.function.Supplier<EndpointBackend> withApi = () -> backend(settings("/" + TOKEN)
                    .withLocaleUrls(locale -> Optional.ofNullable(env.get(locale))), Optional.of(new ManagementApiSchema(
                    ManagementApiSchema.Settings.of(api.url("/").toString(), Secret.of(ManagementApiFake.KEY),
                            ManagementApiFake.PROJECT).withClock(clock).withSleeper(sleeper))));
            EndpointBackend backend = withApi.get();

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> backend.send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of())))
                        .isInstanceOfSatisfying(BackendException.class, e -> {
                            assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                            assertThat(e.messageUnsent()).isTrue();
                        })
                        .hasMessageContaining("test orders.sim.yaml#check names locale de-DE, but COGNIGY_ENDPOINT_URL_DE_DE gives"
                                + " an endpoint that serves locale fr-FR (as the management API says): its NLU would read the"
                                + " message in another language. Set COGNIGY_ENDPOINT_URL_DE_DE to the REST Endpoint of de-DE,"
                                + " copied from its endpoint's settings")
                        .hasMessageNotContaining(DE_TOKEN);
            }
            assertThat(german.getRequestCount()).isZero();
            assertThat(tenant.to("endpoints/ep-fr")).as("asked once for the run").hasSize(1);

            copied.put("localeId", "d1e2f3a4-0000-4000-8000-000000000001");
            german.enqueue(ok(NLU_ANSWER));
            withApi.get().send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
            tenant.endpoints.remove(copied);
            german.enqueue(ok(NLU_ANSWER));
            withApi.get().send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
            assertThat(german.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("without the management API, the locale variables say which locale an endpoint serves: a fr-FR test whose"
            + " variable is not set, where COGNIGY_ENDPOINT_URL_DE_DE names the default endpoint, and one whose variable holds"
            + " the en-US endpoint's URL token (pasted twice) are refused unsent naming both variables; de-DE, de-AT and en-US go")
    void localeSentToTheEndpointAnotherLanguageNames() throws Exception {
        String enToken = "e0000aa11bb22cc33dd44ee55ff66770";
        Map<String, String> env = new HashMap<>(Map.of(
                "COGNIGY_ENDPOINT_URL_DE_DE", server.url("/" + TOKEN).toString(),
                "COGNIGY_ENDPOINT_URL_EN_US", german.url("/test/" + enToken).toString()));
        LocaleEndpointUrls urls = LocaleEndpointUrls.of(locale -> Optional.ofNullable(env.get(Secrets.endpointUrlVariable(locale)))
                .map(Secret::of));
        urls.lookUp(List.of("de-DE", "en-US", "fr-FR", "de-AT"));
        EndpointBackend backend = backend(settings("/" + TOKEN).withLocaleUrls(urls), Optional.empty());

        assertThatThrownBy(() -> backend.send(request("où est ma commande", Map.of(), "web", "fr-FR", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                })
                .hasMessageContaining("test orders.sim.yaml#check names locale fr-FR, but COGNIGY_ENDPOINT_URL_FR_FR is not set,"
                        + " so it would go to COGNIGY_ENDPOINT_URL, which is the endpoint COGNIGY_ENDPOINT_URL_DE_DE gives for"
                        + " locale de-DE (the same URL token)")
                .hasMessageNotContaining(TOKEN);
        server.enqueue(ok(NLU_ANSWER));
        backend.send(request("wo ist meine Bestellung", Map.of(), "web", "de-DE", Map.of()));
        server.enqueue(ok(NLU_ANSWER));
        backend.send(request("wo ist meine Bestellung", Map.of(), "web", "de-AT", Map.of()));
        german.enqueue(ok(NLU_ANSWER));
        backend.send(request("where is my order", Map.of(), "web", "en-US", Map.of()));
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(german.getRequestCount()).isEqualTo(1);

        env.put("COGNIGY_ENDPOINT_URL_FR_FR", german.url("/" + enToken + "?x=1").toString());
        LocaleEndpointUrls pasted = LocaleEndpointUrls.of(locale -> Optional.ofNullable(env.get(Secrets.endpointUrlVariable(locale)))
                .map(Secret::of));
        pasted.lookUp(List.of("de-DE", "en-US", "fr-FR"));
        assertThatThrownBy(() -> backend(settings("/" + TOKEN).withLocaleUrls(pasted), Optional.empty())
                .send(request("où est ma commande", Map.of(), "web", "fr-FR", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("names locale fr-FR, but COGNIGY_ENDPOINT_URL_FR_FR holds the endpoint"
                        + " COGNIGY_ENDPOINT_URL_EN_US gives for locale en-US (the same URL token)")
                .hasMessageNotContaining(enToken);
        assertThat(german.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("the URL token of a locale's endpoint the run looked up is masked in what any endpoint answers, before any"
            + " of that locale's tests sent to it")
    void lookedUpLocaleTokenMaskedBeforeItsFirstMessage() {
        String enToken = "e0000aa11bb22cc33dd44ee55ff66770";
        Map<String, String> env = Map.of("COGNIGY_ENDPOINT_URL_EN_US", german.url("/test/" + enToken).toString());
        LocaleEndpointUrls urls = LocaleEndpointUrls.of(locale -> Optional.ofNullable(env.get(Secrets.endpointUrlVariable(locale)))
                .map(Secret::of));
        urls.lookUp(List.of("en-US", "de-DE"));
        EndpointBackend backend = backend(settings("/" + TOKEN).withLocaleUrls(urls), Optional.empty());
        server.enqueue(new MockResponse.Builder().code(502).body("no upstream for /test/" + enToken).build());
        assertThatThrownBy(() -> backend.send(request("hallo", Map.of(), "web", "de-DE", Map.of())))
                .hasMessageContaining("no upstream for /test/****").hasMessageNotContaining(enToken);
        assertThat(german.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("item 15: a locale whose variable holds no endpoint URL fails naming COGNIGY_ENDPOINT_URL_DE_DE, never its"
            + " value, the message never sent")
    void localeVariableBroken() {
        EndpointBackend backend = backend(settings("/" + TOKEN)
                .withLocaleUrls(locale -> Optional.of(Secret.of("not a url " + DE_TOKEN))), Optional.empty());
        assertThatThrownBy(() -> backend.send(request("hallo", Map.of(), "web", "de-DE", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as("never left for the bot").isTrue())
                .hasMessageContaining("COGNIGY_ENDPOINT_URL_DE_DE")
                .hasMessageNotContaining(DE_TOKEN);
    }

    @Test
    @DisplayName("a locale's URL whose token holds a pasted invisible character fails naming its variable and the character,"
            + " never the token")
    void localeTokenStrayCharacter() {
        EndpointBackend backend = backend(settings("/" + TOKEN)
                .withLocaleUrls(locale -> Optional.of(Secret.of(german.url("/" + DE_TOKEN) + "\u200B"))), Optional.empty());
        assertThatThrownBy(() -> backend.send(request("hallo", Map.of(), "web", "de-DE", Map.of())))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("COGNIGY_ENDPOINT_URL_DE_DE (the REST Endpoint of locale de-DE) holds the character U+200B"
                        + " at position 33 in its URL token")
                .hasMessageNotContaining("is not an http(s) URL").hasMessageNotContaining(DE_TOKEN);
    }

    @Test
    @DisplayName("item 10: a configured hourly budget waits on the run's clock instead of sending more")
    void pacedToBudget() {
        EndpointBackend backend = backend(settings("/" + TOKEN).withMaxMessagesPerHour(OptionalInt.of(3)), Optional.empty());
        for (int i = 0; i < 4; i++) server.enqueue(ok(NLU_ANSWER));
        for (int i = 0; i < 3; i++) backend.send(request("hi"));
        assertThat(sleeper.waits()).isEmpty();
        backend.send(request("hi"));
        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    @DisplayName("item 10: a test-mode URL is paced to 600 an hour by default; the first progress line is told how long")
    void testModeDefault() {
        assertThat(backend(settings("/test/" + TOKEN), Optional.empty()).pacing(1500))
                .contains("1500 messages at most 600 per hour (the test-mode quota; cognigy.endpoint.max-messages-per-hour"
                        + " changes it): expect at least 2 h");
        assertThat(backend(settings("/test/" + TOKEN), Optional.empty()).pacing(600)).isEmpty();
        assertThat(backend(settings("/" + TOKEN), Optional.empty()).pacing(1500)).isEmpty();
        assertThat(backend(settings("/test/" + TOKEN).withMaxMessagesPerHour(OptionalInt.of(0)), Optional.empty()).pacing(1500))
                .isEmpty();
    }
}
