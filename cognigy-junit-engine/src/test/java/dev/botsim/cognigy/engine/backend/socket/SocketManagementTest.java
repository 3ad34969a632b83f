package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.management.EndpointKind;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The socket backend with Cognigy's management API, as the REST Endpoint backend has it: the bot resolved from the Socket
 * Endpoint's URL token, a turn's flow named from the answer's {@code intentFlow}, context injected before the message, the
 * locale the endpoint serves. The endpoint and the management API are two servers on loopback, in their real shapes.
 */
class SocketManagementTest {

    private static final HttpSettings TIMEOUTS = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    /** The Code node's report of a turn understood in the Main Flow, placed once in a shared flow (its flowName). */
    private static final String REPORT = output(-1, null, "{\"intent\":\"check_order\",\"intentScore\":0.91,\"intentFlow\":\""
            + ManagementApiFake.MAIN_REF + "\",\"flowName\":\"Test Reporting\",\"slots\":{},\"state\":\"\"}");

    private final MockWebServer endpointServer = LoopbackServers.mockWebServer();
    private final MockWebServer managementServer = LoopbackServers.mockWebServer();
    private final ManagementApiFake tenant = new ManagementApiFake();
    /** For each context inject, how many messages the Socket Endpoint had received when it came. */
    private final List<Integer> injectedAfter = new CopyOnWriteArrayList<>();
    private CognigySocketServer endpoint;
    private SocketBackend backend;

    @BeforeEach
    void start() throws Exception {
        // The tenant lists the endpoint the socket URL names as a Socket Endpoint.
        tenant.endpoint.put("channel", "socket");
        endpoint = new CognigySocketServer(endpointServer, (socket, input, index) -> {
            socket.send(output("Sure, what is your order number?"));
            socket.send(REPORT);
            socket.send(FINAL_PING);
        });
        managementServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().endsWith("/context/inject")) injectedAfter.add(endpoint.inputs.size());
                return tenant.dispatch(request);
            }
        });
        endpointServer.start();
        managementServer.start();
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        endpointServer.close();
        managementServer.close();
    }

    private SocketBackend backend(boolean withManagement) {
        Secret url = Secret.of(endpointServer.url("/" + ManagementApiFake.TOKEN).toString());
        Optional<BotManagement> management = withManagement ? Optional.of(new ManagementApiSchema(ManagementApiSchema.Settings.of(
                        managementServer.url("/").toString(), Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT)
                .withEndpointToken(SocketBackend.token(url).orElseThrow(), EndpointKind.SOCKET).withHttp(TIMEOUTS)
                .withSleeper(wait -> { }))) : Optional.empty();
        backend = new SocketBackend(SocketBackend.Settings.of(url).withHttp(TIMEOUTS), management);
        return backend;
    }

    private static TurnRequest message(String locale, Map<String, Object> injectContext) {
        return new TurnRequest("run-1", "test_order", 1, "user@example.com", "web", "where is my order", Map.of(), null, "key-1",
                locale, injectContext);
    }

    @Test
    @DisplayName("the bot is the one the management API says the Socket Endpoint serves, found by the socket URL's token;"
            + " without the API it is unknown")
    void schemaFromTheManagementApi() {
        BotSchema schema = backend(true).schema();

        assertThat(schema.intents()).isPresent();
        assertThat(schema.underTest()).isPresent().get().extracting(bot -> bot.endpointName()).isEqualTo("cognigy-junit tests");
        assertThat(tenant.to("endpoints")).isNotEmpty();
        backend.close();
        assertThat(backend(false).schema()).isSameAs(BotSchema.UNKNOWN);
    }

    @Test
    @DisplayName("with the Code node placed once, a turn's flow is named from the answer's intentFlow through the management"
            + " API, as a REST answer's is; without the API it is the node's own flowName")
    void flowNamedFromIntentFlow() {
        SocketBackend withApi = backend(true);
        withApi.schema();
        BotTurn named = withApi.send(message(null, Map.of())).turns().get(0);
        assertThat(named.flowId()).isEqualTo("Main Flow");
        assertThat(named.flowReferenceId()).isEqualTo(ManagementApiFake.MAIN_REF);
        withApi.close();

        BotTurn unnamed = backend(false).send(message(null, Map.of())).turns().get(0);
        assertThat(unnamed.flowId()).isEqualTo("Test Reporting");
        assertThat(unnamed.flowReferenceId()).isEqualTo(ManagementApiFake.MAIN_REF);
    }

    @Test
    @DisplayName("inject_context is set through the management API for the turn's session before processInput is sent")
    void injectsContextBeforeTheMessage() throws Exception {
        SocketBackend withApi = backend(true);
        withApi.schema();

        var result = withApi.send(message(null, Map.of("customerTier", "gold")));

        assertThat(injectedAfter).containsExactly(0);
        RecordedRequest inject = tenant.to("sessions/" + result.sessionId() + "/context/inject").get(0);
        assertThat(inject.getUrl().encodedPath()).isEqualTo("/new/v2.0/sessions/" + result.sessionId() + "/context/inject");
        assertThat(inject.getBody().utf8()).contains("\"customerTier\":\"gold\"", "\"userId\":\"user@example.com\"");
        assertThat(endpoint.inputs).hasSize(1);
        assertThat(endpoint.inputs.get(0).get("sessionId").stringValue()).isEqualTo(result.sessionId());
    }

    @Test
    @DisplayName("an inject the management API refuses fails the test unsent, before any socket is opened")
    void refusedInjectLeavesTheMessageUnsent() {
        SocketBackend withApi = backend(true);
        withApi.schema();
        tenant.next.add(ManagementApiFake.problem(400, "Bad Request", "context must be an object"));

        assertThatThrownBy(() -> withApi.send(message(null, Map.of("customerTier", "gold"))))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("context must be an object");
        assertThat(endpointServer.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("without the management API, inject_context fails the test unsent naming the settings to add, as through a"
            + " REST Endpoint; no socket is opened")
    void injectNeedsTheManagementApi() {
        SocketBackend withoutApi = backend(false);

        assertThatThrownBy(() -> withoutApi.send(message(null, Map.of("customerTier", "gold"))))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                })
                .hasMessageContaining("test test_order injects Cognigy context (inject_context), which needs the management API:"
                        + " set cognigy.management.url, cognigy.management.project-id and the environment variable COGNIGY_API_KEY");
        assertThat(endpointServer.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a test of another language than the locale the management API says the Socket Endpoint serves is refused"
            + " unsent, as through a REST Endpoint")
    void otherLanguageRefused() {
        SocketBackend withApi = backend(true);
        withApi.schema();

        assertThatThrownBy(() -> withApi.send(message("de-DE", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("names locale de-DE, but COGNIGY_SOCKET_URL_DE_DE is not set")
                .hasMessageContaining("serves locale en-US (as the management API says)");
        assertThat(endpointServer.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a locale's own Socket Endpoint that serves another language, as the management API says, refuses that"
            + " locale's tests unsent naming COGNIGY_SOCKET_URL_DE_DE, never its token, as through a REST Endpoint")
    void localeEndpointOfAnotherLanguageRefused() {
        String germanToken = "de5e6f7a8b9cSocketTokenCanary";
        String frenchReference = "f7e8d9c0-0000-4000-8000-000000000003";
        tenant.tenantShapedLocales();
        tenant.locales.add(ManagementApiFake.map("_id", "loc-fr", "referenceId", frenchReference, "name", "Français",
                "nluLanguage", "fr-FR", "primary", false));
        // The de-DE variable holds the URL of the French endpoint, copied from the wrong endpoint's settings.
        tenant.endpoints.add(ManagementApiFake.map("_id", "ep-de", "name", "Tests FR", "URLToken", germanToken,
                "channel", "socket", "flowId", ManagementApiFake.MAIN_REF, "localeId", frenchReference,
                "entrypoint", ManagementApiFake.PROJECT, "active", true));
        Secret url = Secret.of(endpointServer.url("/" + ManagementApiFake.TOKEN).toString());
        Secret germanUrl = Secret.of(endpointServer.url("/" + germanToken).toString());
        backend = new SocketBackend(SocketBackend.Settings.of(url).withHttp(TIMEOUTS)
                .withLocaleUrls(locale -> "de-DE".equals(locale) ? Optional.of(germanUrl) : Optional.empty()),
                Optional.of(new ManagementApiSchema(ManagementApiSchema.Settings.of(managementServer.url("/").toString(),
                        Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT)
                        .withEndpointToken(SocketBackend.token(url).orElseThrow(), EndpointKind.SOCKET).withHttp(TIMEOUTS)
                        .withSleeper(wait -> { }))));

        assertThatThrownBy(() -> backend.send(message("de-DE", Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("names locale de-DE, but COGNIGY_SOCKET_URL_DE_DE gives an endpoint that serves locale"
                        + " fr-FR (as the management API says)")
                .hasMessageContaining("Set COGNIGY_SOCKET_URL_DE_DE to the Socket Endpoint of de-DE")
                .hasMessageNotContaining(germanToken);
        assertThat(endpointServer.getRequestCount()).isZero();
    }
}
