package dev.botsim.cognigy.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written out frame by frame, for the sandbox's Socket Endpoint: the upgrade request as an HTTP/1.1
 * client writes it, and frames masked (or, to test the endpoint's refusal, not) as RFC 6455 says a client's are.
 */
final class WebSocketClient implements AutoCloseable {

    /** A frame from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    /** The server's answer to the upgrade: its status line and headers. */
    final String head;

    private WebSocketClient(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.head = head;
    }

    /** Connects to {@code port} and sends the upgrade for {@code target} with {@code key}. */
    static WebSocketClient connect(int port, String target, String key) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        return new WebSocketClient(socket, head.toString(StandardCharsets.ISO_8859_1));
    }

    static WebSocketClient connect(int port, String target) throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return connect(port, target, Base64.getEncoder().encodeToString(key));
    }

    /** The rest of the HTTP answer after its head (a refused upgrade's body). */
    String body() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    void sendText(String text) throws IOException {
        send(true, WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    void send(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift) & 0xFF);
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
        }
        frame.writeBytes(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes raw bytes: a frame's header that announces more than is sent. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server; {@code null} when the connection ended. */
    Frame read() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        int second = in.read();
        if ((second & 0x80) != 0) throw new IOException("a server's frame must not be masked");
        long length = second & 0x7F;
        if (length == 126) length = (in.read() << 8) | in.read();
        else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | in.read();
        }
        return new Frame((first & 0x80) != 0, first & 0x0F, in.readNBytes((int) length));
    }

    /** How many bytes the endpoint has sent that are not read yet (0: no frame is waiting). */
    int available() throws IOException {
        return in.available();
    }

    /** The next text frame's text, failing on any other frame. */
    String readText() throws IOException {
        Frame frame = read();
        if (frame == null || frame.opcode() != WebSocketFrames.TEXT) {
            throw new IOException("expected a text frame, got " + (frame == null ? "the end" : "opcode " + frame.opcode()
                    + (frame.opcode() == WebSocketFrames.CLOSE ? " " + frame.closeCode() + " " + new String(frame.payload(), 2,
                    frame.payload().length - 2, StandardCharsets.UTF_8) : "")));
        }
        return frame.text();
    }

    /** The connection, to write to byte by byte. */
    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
