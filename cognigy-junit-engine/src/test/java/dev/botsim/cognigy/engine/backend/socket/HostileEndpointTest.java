package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** The socket backend against an endpoint that breaks the protocol's limits, as a hostile or broken server would. */
class HostileEndpointTest {

    private static final String TOKEN = "9c1e7b2f4a6d8e0c3b5a7f9e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private SocketBackend backend(Duration turnTimeout) throws Exception {
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withTurnTimeout(turnTimeout).withNotices(notice -> { })
                .withHttp(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))));
        return backend;
    }

    private static TurnRequest message(String text) {
        return new TurnRequest("run-1", "test_order#1", 1, "user@example.com", "web", text, Map.of(), null, "key-1", null, Map.of());
    }

    @Test
    @DisplayName("an endpoint sending outputs without end and no finalPing is cut once a turn's events pass the cap: the turn"
            + " fails at once, naming the cap, instead of holding every output in memory until the turn's timeout")
    void outputsWithoutEnd() throws Exception {
        String text = "x".repeat(64 * 1024);
        new CognigySocketServer(server, (socket, input, index) -> {
            // More than the cap, and no finalPing: as many outputs as memory would hold, were the endpoint left to go on.
            for (int i = 0; i < 80; i++) socket.send(output(text));
        });
        backend(Duration.ofSeconds(20));

        assertThatThrownBy(() -> backend.send(message("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.getMessage()).contains("ended before the turn's finalPing",
                    "sent more than " + SocketConnection.MAX_EVENTS_PER_MESSAGE + " characters of events since the last message")
                    .doesNotContain(TOKEN);
            assertThat(e.messageUnsent()).isFalse();
        });
    }

    @Test
    @DisplayName("an open packet whose pingInterval and pingTimeout pass what a clock counts in nanoseconds still connects,"
            + " its heartbeat bounded to an hour, instead of failing the connection with an arithmetic overflow")
    void absurdHeartbeat() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        socket.send("0{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":" + Long.MAX_VALUE
                                + ",\"pingTimeout\":1e300}");
                        socket.send("40");
                        socket.send("42[\"endpoint-ready\"]");
                    }

                    @Override
                    public void onMessage(WebSocket socket, String text) {
                        if (!text.startsWith("42[\"processInput\"")) return;
                        socket.send(output("Hello!"));
                        socket.send(CognigySocketServer.FINAL_PING);
                    }

                    @Override
                    public void onClosing(WebSocket socket, int code, String reason) {
                        socket.close(1000, null);
                    }
                }).build();
            }
        });
        backend(Duration.ofSeconds(10));

        assertThat(backend.send(message("hi")).turns().get(0).text()).isEqualTo("Hello!");
    }
}
