package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
import okio.ByteString;

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
        answeringHelloAfter("{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":" + Long.MAX_VALUE + ",\"pingTimeout\":1e300}");
        backend(Duration.ofSeconds(10));

        assertThat(backend.send(message("hi")).turns().get(0).text()).isEqualTo("Hello!");
    }

    static Stream<Arguments> garbledFrames() {
        return Stream.of(
                Arguments.of("no Engine.IO packet, echoing the URL token", "hello " + TOKEN,
                        "the endpoint sent a frame that is no Engine.IO packet: hello ****"),
                Arguments.of("Engine.IO close", "1", "the endpoint closed the Engine.IO session"),
                Arguments.of("no Socket.IO packet", "4x", "the endpoint sent a message that is no Socket.IO packet: x"),
                Arguments.of("Socket.IO disconnect", "41", "the endpoint disconnected the socket (Socket.IO disconnect)"),
                Arguments.of("Socket.IO error", "44\"Not authorized\"", "the endpoint refused the connection: \"Not authorized\""),
                Arguments.of("binary Socket.IO event", "451-[\"output\",{\"_placeholder\":true,\"num\":0}]",
                        "the endpoint sent a binary Socket.IO packet, which no Cognigy event is"),
                Arguments.of("event cut short", "42[\"output\",{\"type\":\"output\",\"data\":{\"text\":",
                        "the endpoint sent an event that is not JSON: [\"output\""),
                Arguments.of("event without a name", "42[{\"type\":\"output\",\"data\":{\"text\":\"Hi\"}}]",
                        "the endpoint sent an event without a name: [{\"type\":\"output\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbledFrames")
    @DisplayName("a frame no Cognigy endpoint sends mid-turn ends the connection at once: the turn fails as a lost"
            + " connection naming the frame, the URL token masked, the message not sent again, instead of waiting out the"
            + " turn's timeout")
    void garbledFrameEndsTheTurn(String what, String frame, String why) throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Let me check."));
            socket.send(frame);
        });
        backend(Duration.ofSeconds(5));

        assertThatThrownBy(() -> backend.send(message("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.getMessage()).contains("ended before the turn's finalPing, after 1 output (Let me check.): " + why)
                    .doesNotContain(TOKEN);
            assertThat(e.messageUnsent()).isFalse();
        });
        assertThat(endpoint.inputs).hasSize(1);
    }

    @Test
    @DisplayName("a binary WebSocket frame mid-turn, which no Cognigy event is, ends the connection and fails the turn at once")
    void binaryFrameEndsTheTurn() throws Exception {
        new CognigySocketServer(server, (socket, input, index) -> socket.send(ByteString.encodeUtf8("42[\"output\",{}]")));
        backend(Duration.ofSeconds(5));

        assertThatThrownBy(() -> backend.send(message("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.getMessage()).contains("the endpoint sent a binary frame, which no Cognigy event is");
        });
    }

    /** An endpoint that opens with the Engine.IO open packet {@code handshake} and answers every message "Hello!". */
    private void answeringHelloAfter(String handshake) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        socket.send("0" + handshake);
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
    }

    static Stream<Arguments> brokenOpenPackets() {
        return Stream.of(
                Arguments.of("{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":0,\"pingTimeout\":5000}",
                        "the endpoint's Engine.IO open packet gives no pingInterval and pingTimeout"),
                Arguments.of("{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":0}",
                        "the endpoint's Engine.IO open packet gives no pingInterval and pingTimeout"),
                Arguments.of("{\"sid\":\"a\",\"pingInterval\":25000", "the endpoint's Engine.IO open packet is not JSON"));
    }

    @ParameterizedTest
    @MethodSource("brokenOpenPackets")
    @DisplayName("an open packet without a heartbeat (a pingInterval or pingTimeout of 0, which would have the client ping"
            + " without pause) or not JSON fails the turn unsent, the connection refused and not opened again")
    void brokenOpenPacketRefused(String handshake, String why) throws Exception {
        answeringHelloAfter(handshake);
        backend(Duration.ofSeconds(5));

        assertThatThrownBy(() -> backend.send(message("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("cannot connect to Socket Endpoint", why).doesNotContain(TOKEN);
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a turn's events of exactly the cap, its finalPing included, are the turn's; one character more cuts the"
            + " connection")
    void capBoundary() throws Exception {
        new CognigySocketServer(server, (socket, input, index) -> {
            for (String frame : framesOf(SocketConnection.MAX_EVENTS_PER_MESSAGE + (index == 1 ? 0 : 1))) socket.send(frame);
        });
        backend(Duration.ofSeconds(20));

        assertThat(backend.send(message("hi")).turns().get(0).text()).startsWith("xxx");
        assertThatThrownBy(() -> backend.send(message("hi"))).isInstanceOfSatisfying(BackendException.class, e ->
                assertThat(e.getMessage()).contains("sent more than " + SocketConnection.MAX_EVENTS_PER_MESSAGE + " characters"));
    }

    /** Output events, then the finalPing, of {@code total} characters in all. */
    private static java.util.List<String> framesOf(long total) {
        int overhead = output("").length();
        int chunk = 64 * 1024;
        long left = total - CognigySocketServer.FINAL_PING.length();
        java.util.List<String> frames = new java.util.ArrayList<>();
        while (left >= 2L * (overhead + chunk)) {
            frames.add(output("x".repeat(chunk)));
            left -= overhead + chunk;
        }
        frames.add(output("x".repeat((int) (left - overhead))));
        frames.add(CognigySocketServer.FINAL_PING);
        assertThat(frames.stream().mapToLong(String::length).sum()).isEqualTo(total);
        return frames;
    }
}
