package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's Socket Endpoint against a hostile client on loopback: a connection that feeds its upgrade request or a
 * frame a byte at a time, each byte in time for the read, holds no thread beyond the heartbeat's deadline.
 */
class SocketEndpointAbuseTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) closeable.close();
    }

    /**
     * An endpoint whose client must send an Engine.IO packet every 400 ms: pingInterval and pingTimeout of 200 ms. Twenty
     * times the 20 ms between two dripped bytes, so that no pause of a busy machine between two of them times out a
     * single read: only the deadline ends a dripping connection.
     */
    private SocketEndpoint endpoint() throws IOException {
        return endpoint(Duration.ZERO, new SocketEndpoint.Timing(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2)),
                SocketEndpoint.MAX_CONNECTIONS);
    }

    private SocketEndpoint endpoint(Duration processing, SocketEndpoint.Timing timing, int maxConnections) throws IOException {
        BotDefinition bot = BotDefinition.fromClasspath("bots/order-bot.yaml");
        RestEndpoint rest = new RestEndpoint(new Tenant(bot, "rest-token", null, clock), SandboxOptions.defaults(), json);
        SocketEndpoint endpoint = new SocketEndpoint(rest, "socket-token", () -> processing, new SandboxStats(), clock, json,
                timing, maxConnections);
        started.add(endpoint);
        return endpoint;
    }

    private WebSocketClient connected(SocketEndpoint endpoint) throws IOException {
        WebSocketClient client = WebSocketClient.connect(endpoint.port(),
                "/socket.io/?EIO=3&transport=websocket&urlToken=socket-token&sessionId=s1&userId=u1");
        started.add(client);
        return client;
    }

    /**
     * Writes {@code bytes} one at a time, each well within the per-read wait (400 ms), until the endpoint ends the
     * connection; true when it did within ten seconds, false when it kept reading all of them.
     */
    private static boolean endedWhileDripping(Socket socket, byte[] bytes) throws IOException {
        socket.setSoTimeout(20);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < bytes.length && System.nanoTime() < until; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
                // Whatever the endpoint sent first (its open packet) is read past; its end is what is waited for.
                while (true) {
                    if (in.read() < 0) return true;
                }
            } catch (SocketTimeoutException inTime) {
                // Nothing more from the endpoint: the next byte.
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Test
    @DisplayName("an upgrade request fed a byte at a time, each in time for its read, is cut at the heartbeat's deadline"
            + " instead of holding its thread as long as it drips")
    void slowUpgradeRequest() throws Exception {
        SocketEndpoint endpoint = endpoint();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            byte[] head = ("GET /socket.io/?EIO=3&transport=websocket&urlToken=socket-token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Padding: " + "a".repeat(10_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThat(endedWhileDripping(socket, head)).isTrue();
        }
    }

    @Test
    @DisplayName("a frame whose payload is fed a byte at a time, each in time for its read, is cut at the heartbeat's deadline"
            + " instead of holding its thread as long as it drips")
    void slowFrame() throws Exception {
        SocketEndpoint endpoint = endpoint();
        WebSocketClient client = WebSocketClient.connect(endpoint.port(),
                "/socket.io/?EIO=3&transport=websocket&urlToken=socket-token&sessionId=s1&userId=u1");
        started.add(client);
        assertThat(client.head).startsWith("HTTP/1.1 101 ");
        // A masked text frame announcing 10,000 bytes: its header and mask now, its payload a byte at a time.
        client.sendRaw(new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (10_000 >>> 8), (byte) (10_000 & 0xFF), 1, 2, 3, 4});
        assertThat(endedWhileDripping(client.socket(), new byte[10_000])).isTrue();
    }

    @Test
    @DisplayName("a client emitting messages faster than its turns run, more than MAX_WAITING_TURNS waiting behind the one"
            + " running, is disconnected with 1008 instead of queueing them without bound")
    void messageFlood() throws Exception {
        // Each turn's flow runs a minute: every message after the first waits.
        SocketEndpoint endpoint = endpoint(Duration.ofMinutes(1), SocketEndpoint.Timing.defaults(), SocketEndpoint.MAX_CONNECTIONS);
        WebSocketClient client = connected(endpoint);
        assertThat(client.readText()).startsWith("0{");
        assertThat(client.readText()).isEqualTo("40");
        assertThat(client.readText()).isEqualTo("42[\"endpoint-ready\"]");
        String input = "42[\"processInput\",{\"URLToken\":\"socket-token\",\"userId\":\"u1\",\"sessionId\":\"s1\","
                + "\"text\":\"where is my order\"}]";
        for (int i = 0; i < SocketEndpoint.MAX_WAITING_TURNS + 2; i++) client.sendText(input);

        // The first turn's first output comes at once; its others wait for the minute.
        WebSocketClient.Frame close = client.read();
        while (close.opcode() == WebSocketFrames.TEXT) close = client.read();
        assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(client.read()).isNull();
    }

    @Test
    @DisplayName("beyond its connections' cap the endpoint answers an upgrade 503 at once, and the connections it holds go on")
    void connectionCap() throws Exception {
        SocketEndpoint endpoint = endpoint(Duration.ZERO, SocketEndpoint.Timing.defaults(), 2);
        WebSocketClient first = connected(endpoint);
        WebSocketClient second = connected(endpoint);
        assertThat(first.head).startsWith("HTTP/1.1 101 ");
        assertThat(second.head).startsWith("HTTP/1.1 101 ");

        WebSocketClient third = connected(endpoint);

        assertThat(third.head).startsWith("HTTP/1.1 503 ").contains(CognigySandbox.IDENTITY_HEADER + ": 1");
        assertThat(third.body()).contains("too many connections");
        for (WebSocketClient client : List.of(first, second)) {
            assertThat(client.readText()).startsWith("0{");
            client.readText();
            client.readText();
            client.sendText("2");
            assertThat(client.readText()).isEqualTo("3");
        }
    }
}
