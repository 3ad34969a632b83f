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

    /** An endpoint whose client must send an Engine.IO packet every 80 ms: pingInterval and pingTimeout of 40 ms. */
    private SocketEndpoint endpoint() throws IOException {
        BotDefinition bot = BotDefinition.fromClasspath("bots/order-bot.yaml");
        RestEndpoint rest = new RestEndpoint(new Tenant(bot, "rest-token", null, clock), SandboxOptions.defaults(), json);
        SocketEndpoint endpoint = new SocketEndpoint(rest, "socket-token", () -> Duration.ZERO, new SandboxStats(), clock, json,
                new SocketEndpoint.Timing(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofSeconds(2)));
        started.add(endpoint);
        return endpoint;
    }

    /**
     * Writes {@code bytes} one at a time, each well within the per-read wait (80 ms), until the endpoint ends the
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
}
