package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import okhttp3.HttpUrl;

/**
 * A loopback port that speaks plain-text HTTP to whoever connects, at once: a client starting a TLS handshake with it
 * always reads a record that is no TLS and fails with an {@code SSLException} before any of its request is written.
 * MockWebServer cannot stand in: it waits for a line ending, which a ClientHello's random bytes hold only by chance, so
 * the handshake would usually end in the client's timeout instead. Every connection is answered, for clients that
 * repeat the request.
 */
public final class PlainTextPort implements AutoCloseable {

    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;

    public PlainTextPort() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(this::answerEveryConnection, "plain-text port " + socket.getLocalPort());
        answering.setDaemon(true);
        answering.start();
    }

    private void answerEveryConnection() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                // Each on its own thread: one client still reading must not keep the next from its answer.
                Thread answer = new Thread(() -> answer(connection), "plain-text answer");
                answer.setDaemon(true);
                answer.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket connection) {
        try (connection) {
            OutputStream out = connection.getOutputStream();
            out.write(BAD_REQUEST);
            out.flush();
            // Held open until the client gives up, so it reads the answer rather than a reset.
            connection.getInputStream().readNBytes(1);
        } catch (IOException clientGone) {
            // the client gave up first: nothing more to answer
        }
    }

    /** {@code https://127.0.0.1:<port>} followed by {@code path}: a TLS client's URL for this plain-text port. */
    public HttpUrl httpsUrl(String path) {
        return HttpUrl.get("https://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
