package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.LocaleEndpointUrls;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/**
 * A test naming a locale goes to that locale's Socket Endpoint, {@code COGNIGY_SOCKET_URL_<LOCALE>}, by the rules and
 * in the words a REST Endpoint's locale routing has.
 */
class SocketLocalesTest {

    private static final String TOKEN = "9c1e7b2f4a6d8e0c3b5a7f9e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c";
    private static final String DE_TOKEN = "d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MockWebServer german = LoopbackServers.mockWebServer();
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
        german.close();
    }

    private static TurnRequest message(String text, String locale) {
        return new TurnRequest("run-1", "orders.yaml#check", 1, "u1", "web", text, Map.of(), null, "k", locale, Map.of());
    }

    private static LocaleEndpointUrls urls(Map<String, String> env, String... lookedUp) {
        LocaleEndpointUrls urls = LocaleEndpointUrls.sockets(locale -> Optional.ofNullable(env.get(Secrets.socketUrlVariable(locale)))
                .map(Secret::of));
        urls.lookUp(List.of(lookedUp));
        return urls;
    }

    private static CognigySocketServer answering(MockWebServer server, String answer) {
        return new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output(answer));
            socket.send(FINAL_PING);
        });
    }

    @Test
    @DisplayName("a de-DE test goes to COGNIGY_SOCKET_URL_DE_DE's endpoint with that endpoint's URL token, another locale"
            + " without a variable and a test without a locale to COGNIGY_SOCKET_URL's")
    void localeRouted() throws Exception {
        CognigySocketServer english = answering(server, "Hello!");
        CognigySocketServer deutsch = answering(german, "Hallo!");
        server.start();
        german.start();
        LocaleEndpointUrls urls = urls(Map.of("COGNIGY_SOCKET_URL_DE_DE", german.url("/" + DE_TOKEN).toString()), "de-DE");
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())).withLocaleUrls(urls));

        assertThat(backend.send(message("wo ist meine Bestellung", "de-DE")).turns().get(0).text()).isEqualTo("Hallo!");
        assertThat(backend.send(message("where is my order", "en-US")).turns().get(0).text()).isEqualTo("Hello!");
        assertThat(backend.send(message("where is my order", null)).turns().get(0).text()).isEqualTo("Hello!");

        assertThat(german.takeRequest().getUrl().queryParameter("urlToken")).isEqualTo(DE_TOKEN);
        assertThat(deutsch.inputs).extracting(input -> input.get("URLToken").stringValue()).containsExactly(DE_TOKEN);
        assertThat(english.inputs).extracting(input -> input.get("URLToken").stringValue()).containsExactly(TOKEN, TOKEN);
    }

    @Test
    @DisplayName("a locale's variable that holds no Socket Endpoint URL fails the test unsent, naming the variable and why,"
            + " never its value")
    void localeVariableBroken() throws Exception {
        server.start();
        LocaleEndpointUrls urls = urls(Map.of("COGNIGY_SOCKET_URL_DE_DE", "https://endpoint-trial.cognigy.ai/test/" + DE_TOKEN));
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())).withLocaleUrls(urls));

        assertThatThrownBy(() -> backend.send(message("hallo", "de-DE")))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                })
                .hasMessageContaining("the environment variable COGNIGY_SOCKET_URL_DE_DE (the Socket Endpoint of locale de-DE)"
                        + " has /test/ before its URL token")
                .hasMessageContaining("its value is not shown, it is a secret")
                .hasMessageNotContaining(DE_TOKEN);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("the locale variables say which locale an endpoint serves: a fr-FR test whose variable is not set, where"
            + " COGNIGY_SOCKET_URL_DE_DE names the default endpoint, and one whose variable holds the en-US endpoint's URL"
            + " token are refused unsent naming both variables, as for a REST Endpoint")
    void localeSentToTheEndpointAnotherLanguageNames() throws Exception {
        answering(server, "Hallo!");
        server.start();
        german.start();
        String enToken = "e0000aa11bb22cc33dd44ee55ff66770";
        Map<String, String> env = new HashMap<>(Map.of(
                "COGNIGY_SOCKET_URL_DE_DE", server.url("/" + TOKEN).toString(),
                "COGNIGY_SOCKET_URL_EN_US", german.url("/" + enToken).toString()));
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withLocaleUrls(urls(env, "de-DE", "en-US", "fr-FR")));

        assertThatThrownBy(() -> backend.send(message("où est ma commande", "fr-FR")))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                })
                .hasMessageContaining("test orders.yaml#check names locale fr-FR, but COGNIGY_SOCKET_URL_FR_FR is not set,"
                        + " so it would go to COGNIGY_SOCKET_URL, which is the endpoint COGNIGY_SOCKET_URL_DE_DE gives for"
                        + " locale de-DE (the same URL token): a Socket Endpoint serves one locale")
                .hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).isZero();
        assertThat(backend.send(message("wo ist meine Bestellung", "de-DE")).turns().get(0).text()).isEqualTo("Hallo!");
        backend.close();

        env.put("COGNIGY_SOCKET_URL_FR_FR", german.url("/" + enToken + "?x=1").toString());
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withLocaleUrls(urls(env, "de-DE", "en-US", "fr-FR")));
        assertThatThrownBy(() -> backend.send(message("où est ma commande", "fr-FR")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("names locale fr-FR, but COGNIGY_SOCKET_URL_FR_FR holds the endpoint"
                        + " COGNIGY_SOCKET_URL_EN_US gives for locale en-US (the same URL token)")
                .hasMessageNotContaining(enToken);
        assertThat(german.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("the embedded sandbox's Socket Endpoint serves its bot's locale: a test of another language without a"
            + " variable of its own is refused unsent, one of the same language goes")
    void servedLocale() throws Exception {
        answering(server, "Hello!");
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withServedLocale("en-US"));

        assertThatThrownBy(() -> backend.send(message("wo ist meine Bestellung", "de-DE")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                .hasMessageContaining("test orders.yaml#check names locale de-DE, but COGNIGY_SOCKET_URL_DE_DE is not set, so it"
                        + " would go to COGNIGY_SOCKET_URL, whose endpoint serves locale en-US (the sandbox bot's locale): its NLU"
                        + " would read the message in another language. Set COGNIGY_SOCKET_URL_DE_DE to the Socket Endpoint of"
                        + " that locale");
        assertThat(server.getRequestCount()).isZero();
        assertThat(backend.send(message("where is my order", "en-GB")).turns().get(0).text()).isEqualTo("Hello!");
    }
}
