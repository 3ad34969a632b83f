package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.RefusingPort;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A connection the Socket Endpoint refused before anything of the turn left — the upgrade answered 429, 502, 503 or
 * 504, or no connection made — is opened again, after the {@code Retry-After} asked for or a backoff, on the virtual
 * clock; anything else, and anything after {@code processInput} was sent, is not.
 */
class SocketConnectRetriesTest {

    private static final String TOKEN = "9c1e7b2f4a6d8e0c3b5a7f9e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c";
    private static final HttpSettings TIMEOUTS = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private static TurnRequest message(String sessionId, int turn) {
        return new TurnRequest("run-1", "orders.yaml#check", turn, "u1", "web", "where is my order", Map.of(), sessionId, "k",
                null, Map.of());
    }

    /** The endpoint: each of {@code refusals} answers one upgrade, in order; after them it upgrades and answers. */
    private CognigySocketServer endpoint(MockResponse... refusals) {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Your order ships tomorrow."));
            socket.send(FINAL_PING);
        });
        Dispatcher upgrades = server.getDispatcher();
        Queue<MockResponse> refused = new ConcurrentLinkedQueue<>(java.util.List.of(refusals));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                MockResponse refusal = refused.poll();
                return refusal != null ? refusal : upgrades.dispatch(request);
            }
        });
        return endpoint;
    }

    private static MockResponse answered(int code, String retryAfter) {
        MockResponse.Builder answer = new MockResponse.Builder().code(code).body("busy");
        return (retryAfter == null ? answer : answer.addHeader("Retry-After", retryAfter)).build();
    }

    private SocketBackend backend() throws Exception {
        server.start();
        return new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())).withHttp(TIMEOUTS)
                .withClock(clock).withSleeper(sleeper));
    }

    @Test
    @DisplayName("an upgrade answered 503, then 429 with Retry-After: 7, is opened again after a backoff and after 7 s; the"
            + " turn is answered, processInput sent once, and its retries are in the turn's result")
    void upgradeRefusedForTheMoment() throws Exception {
        CognigySocketServer endpoint = endpoint(answered(503, null), answered(429, "7"));
        backend = backend();

        TurnResult result = backend.send(message(null, 1));

        assertThat(result.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(endpoint.inputs).hasSize(1);
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeper.waits().get(1)).isEqualTo(Duration.ofSeconds(7));
        assertThat(result.retries()).hasSize(2);
        assertThat(result.retries().get(0)).startsWith("the WebSocket upgrade to the Socket Endpoint answered 503; retried after");
        assertThat(result.retries().get(1)).isEqualTo("the WebSocket upgrade to the Socket Endpoint answered 429 with"
                + " Retry-After 7; retried after 7.0 s");
        assertThat(String.join("\n", result.retries())).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("502s until cognigy.retry.max-attempts is spent fail the turn unsent, naming the last answer, the retries"
            + " following the message")
    void attemptsSpent() throws Exception {
        endpoint(answered(502, null), answered(502, null), answered(502, null), answered(502, null));
        backend = backend();

        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("answered HTTP 502 to the WebSocket upgrade", "the message was not sent")
                    .doesNotContain(TOKEN);
            assertThat(e.retries()).hasSize(3);
        });
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    @DisplayName("a Retry-After beyond cognigy.retry.longest-wait fails the turn at once, unsent, saying so; no wait begun")
    void retryAfterTooLong() throws Exception {
        endpoint(answered(429, "3600"));
        backend = backend();

        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("answered HTTP 429 to the WebSocket upgrade",
                    "asked to retry after 3600 s, longer than the 300 s a request waits (cognigy.retry.longest-wait)");
        });
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("an upgrade answered 500 or 404 is no refusal for the moment: the turn fails unsent at once, not opened again")
    void otherAnswersStand() throws Exception {
        endpoint(answered(500, null), answered(404, null));
        backend = backend();

        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.getMessage()).contains("answered HTTP 500 to the WebSocket upgrade")
                        .doesNotContain("URL token is wrong"));
        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.getMessage()).contains("answered HTTP 404 to the WebSocket upgrade (its URL names no Socket"
                        + " Endpoint, or the URL token is wrong)"));
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("a connection refused (the endpoint restarting) is opened again after a backoff, and the turn answered")
    void connectionRefused() throws Exception {
        try (RefusingPort port = new RefusingPort()) {
            CognigySocketServer endpoint = new CognigySocketServer(port.server(), (socket, input, index) -> {
                socket.send(output("Your order ships tomorrow."));
                socket.send(FINAL_PING);
            });
            backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(port.url("/" + TOKEN).toString())).withHttp(TIMEOUTS)
                    .withClock(clock).withSleeper(port.sleeperListeningAfter(1, clock)));

            TurnResult result = backend.send(message(null, 1));

            assertThat(result.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
            assertThat(port.waits()).hasSize(1);
            assertThat(result.retries()).singleElement().asString()
                    .startsWith("the WebSocket upgrade to the Socket Endpoint failed (the connection failed: ConnectException");
            assertThat(endpoint.inputs).hasSize(1);
        }
    }

    @Test
    @DisplayName("a 500 to the upgrade asking to retry after an hour stands, and holds the next message: it fails unsent at"
            + " once, saying so, without asking the endpoint again a moment later")
    void finalAnswerHoldsTheNextMessage() throws Exception {
        endpoint(answered(500, "3600"));
        backend = backend();

        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.getMessage()).contains("answered HTTP 500 to the WebSocket upgrade"));
        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("cannot connect to Socket Endpoint", "3600 s").doesNotContain(TOKEN);
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint that upgrades but answers the Socket.IO connect with an error packet (44\"Not authorized\")"
            + " refused the session: the turn fails unsent at once naming its words, not opened again")
    void socketIoErrorInsteadOfConnect() throws Exception {
        CognigySocketServer endpoint = endpoint(new MockResponse.Builder().webSocketUpgrade(new okhttp3.WebSocketListener() {
            @Override
            public void onOpen(okhttp3.WebSocket socket, okhttp3.Response response) {
                socket.send("0{\"sid\":\"Hq2VJ1DpQ0Q5N3_xAAAB\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":5000}");
                socket.send("44\"Not authorized\"");
            }

            @Override
            public void onClosing(okhttp3.WebSocket socket, int code, String reason) {
                socket.close(1000, null);
            }
        }).build());
        backend = backend();

        assertThatThrownBy(() -> backend.send(message(null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("cannot connect to Socket Endpoint",
                    "the endpoint refused the connection: \"Not authorized\"", "the message was not sent").doesNotContain(TOKEN);
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(endpoint.inputs).isEmpty();
    }
}
