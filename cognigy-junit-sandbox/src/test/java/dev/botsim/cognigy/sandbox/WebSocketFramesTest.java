package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Socket Endpoint's WebSocket (RFC 6455) over real loopback: the handshake and the frames a client may and may not send. */
class WebSocketFramesTest {

    private final CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
            SandboxOptions.defaults().withUrlToken("urltoken123"));
    private final URI url = URI.create(sandbox.socketEndpointUrl());
    private final String token = url.getPath().substring(1);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String target() {
        return "/socket.io/?EIO=3&transport=websocket&urlToken=" + token + "&sessionId=s1&userId=u1&testMode=false&emitWithAck=false";
    }

    /** Connects and reads what the endpoint says first: the open packet, the connect and endpoint-ready. */
    private WebSocketClient connected() throws Exception {
        WebSocketClient client = WebSocketClient.connect(url.getPort(), target());
        assertThat(client.head).startsWith("HTTP/1.1 101 ");
        assertThat(client.readText()).startsWith("0{");
        assertThat(client.readText()).isEqualTo("40");
        assertThat(client.readText()).isEqualTo("42[\"endpoint-ready\"]");
        return client;
    }

    @Test
    @DisplayName("Sec-WebSocket-Accept is RFC 6455's own example: key dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    void acceptKeyOfTheRfc() throws Exception {
        assertThat(WebSocketFrames.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), target(), "dGhlIHNhbXBsZSBub25jZQ==")) {
            assertThat(client.head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .containsIgnoringCase("Upgrade: websocket\r\n")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                    .contains(CognigySandbox.IDENTITY_HEADER + ": 1\r\n");
        }
    }

    @Test
    @DisplayName("a masked text frame is read (an Engine.IO ping answered with its pong), a message in fragments is put together,"
            + " and a WebSocket ping is answered with a pong of its payload")
    void maskedAndFragmentedFrames() throws Exception {
        try (WebSocketClient client = connected()) {
            client.sendText("2");
            assertThat(client.readText()).isEqualTo("3");
            client.send(false, WebSocketFrames.TEXT, "2pr".getBytes(StandardCharsets.UTF_8), true);
            client.send(true, WebSocketFrames.PING, "hb".getBytes(StandardCharsets.UTF_8), true);
            WebSocketClient.Frame pong = client.read();
            assertThat(pong.opcode()).isEqualTo(WebSocketFrames.PONG);
            assertThat(pong.text()).isEqualTo("hb");
            client.send(true, WebSocketFrames.CONTINUATION, "obe".getBytes(StandardCharsets.UTF_8), true);
            assertThat(client.readText()).isEqualTo("3probe");
        }
    }

    @Test
    @DisplayName("a close frame is answered with a close of the same code, and the connection ends")
    void close() throws Exception {
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.CLOSE, WebSocketFrames.closePayload(1000, "bye"), true);
            WebSocketClient.Frame close = client.read();
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(client.read()).isNull();
        }
    }

    @Test
    @DisplayName("a close frame RFC 6455 forbids is answered with 1002, never with its own code: a code no endpoint may send"
            + " (1005, 1006, 999, 2999), a payload of one byte; a reason that is not UTF-8 with 1007")
    void malformedClose() throws Exception {
        for (int code : new int[] {1005, 1006, 1015, 999, 2999, 0}) {
            try (WebSocketClient client = connected()) {
                client.send(true, WebSocketFrames.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, true);
                WebSocketClient.Frame close = client.read();
                assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
                assertThat(close.closeCode()).as("the answer to close code %d", code).isEqualTo(1002);
                assertThat(client.read()).isNull();
            }
        }
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.CLOSE, new byte[] {0x03}, true);
            assertThat(client.read().closeCode()).isEqualTo(1002);
        }
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}, true);
            assertThat(client.read().closeCode()).isEqualTo(1007);
        }
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.CLOSE, WebSocketFrames.closePayload(4001, "app"), true);
            assertThat(client.read().closeCode()).isEqualTo(4001);
        }
    }

    @Test
    @DisplayName("an acknowledgement whose id is beyond any number the endpoint gave fails the connection with 1002, its"
            + " close frame sent, instead of killing the connection's thread")
    void ackIdBeyondLong() throws Exception {
        try (WebSocketClient client = connected()) {
            client.sendText("43" + "9".repeat(40) + "[]");
            WebSocketClient.Frame close = client.read();
            assertThat(close).isNotNull();
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(client.read()).isNull();
        }
    }

    @Test
    @DisplayName("an unmasked client frame fails the connection with 1002 (protocol error)")
    void unmaskedFrame() throws Exception {
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.TEXT, "2".getBytes(StandardCharsets.UTF_8), false);
            WebSocketClient.Frame close = client.read();
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(client.read()).isNull();
        }
    }

    @Test
    @DisplayName("a frame announcing more than the endpoint takes is refused with 1009 before its payload is read")
    void oversizedFrame() throws Exception {
        try (WebSocketClient client = connected()) {
            long length = SocketEndpoint.MAX_MESSAGE + 1L;
            byte[] header = new byte[14];
            header[0] = (byte) (0x80 | WebSocketFrames.TEXT);
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) header[2 + i] = (byte) (length >>> (56 - 8 * i));
            client.sendRaw(header);
            WebSocketClient.Frame close = client.read();
            assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    @DisplayName("fragments adding up to more than the endpoint takes are refused with 1009; a binary frame with 1003")
    void oversizedFragmentsAndBinary() throws Exception {
        try (WebSocketClient client = connected()) {
            byte[] half = new byte[SocketEndpoint.MAX_MESSAGE / 2 + 1];
            client.send(false, WebSocketFrames.TEXT, half, true);
            client.send(true, WebSocketFrames.CONTINUATION, half, true);
            assertThat(client.read().closeCode()).isEqualTo(1009);
        }
        try (WebSocketClient client = connected()) {
            client.send(true, WebSocketFrames.BINARY, new byte[] {1, 2}, true);
            assertThat(client.read().closeCode()).isEqualTo(1003);
        }
    }

    @Test
    @DisplayName("the upgrade is refused before any frame: an unknown URL token 404, Engine.IO 4 and HTTP long-polling 400, a"
            + " path other than /socket.io/ 404")
    void refusedUpgrades() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), target().replace(token, "urltoken123"))) {
            assertThat(client.head).startsWith("HTTP/1.1 404 ").contains(CognigySandbox.IDENTITY_HEADER + ": 1");
            assertThat(client.body()).contains("no Socket Endpoint has this URL token").doesNotContain("urltoken123");
        }
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), target().replace("EIO=3", "EIO=4"))) {
            assertThat(client.head).startsWith("HTTP/1.1 400 ");
            assertThat(client.body()).contains("Unsupported protocol version");
        }
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), target().replace("transport=websocket", "transport=polling"))) {
            assertThat(client.head).startsWith("HTTP/1.1 400 ");
            assertThat(client.body()).contains("Transport unknown");
        }
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), "/" + token)) {
            assertThat(client.head).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    @DisplayName("an upgrade whose query holds a malformed percent escape (%zz) is answered 400, instead of its connection's"
            + " thread dying on the decoding with no answer")
    void malformedQueryEscape() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(url.getPort(), target().replace("sessionId=s1", "sessionId=%zz"))) {
            assertThat(client.head).startsWith("HTTP/1.1 400 ").contains(CognigySandbox.IDENTITY_HEADER + ": 1");
            assertThat(client.body()).contains("Bad request");
        }
    }

    @Test
    @DisplayName("a request that is only its empty line is answered as a malformed head, instead of its connection's thread"
            + " dying on an index out of bounds with no answer")
    void emptyRequestHead() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), url.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 4").contains(CognigySandbox.IDENTITY_HEADER + ": 1");
        }
    }
}
