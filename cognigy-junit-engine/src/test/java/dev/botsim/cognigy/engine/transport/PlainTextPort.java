package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import okhttp3.HttpUrl;

/**
 * A loopback port that speaks plain-text HTTP and answers every connection at once, before reading anything: a TLS
 * handshake with it always reads a record that is no TLS, and fails with an {@code SSLException} on its first read. A
 * MockWebServer cannot stand in for it: it reads up to a line ending that a ClientHello's random bytes hold only by
 * chance, so a handshake with it ends, about one time in six, in the read timeout instead ({@code SocketTimeoutException}).
 * Each connection is held until the client closes it, so no reset overtakes the answer.
 */
public final class PlainTextPort implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Thread answering = new Thread(this::answer, "plain-text port");

    public PlainTextPort() throws IOException {
        answering.setDaemon(true);
        answering.start();
    }

    /** {@code https://127.0.0.1:<port>} followed by {@code path}: TLS to a port that does not speak it. */
    public HttpUrl httpsUrl(String path) {
        return HttpUrl.get("https://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path);
    }

    private void answer() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(ANSWER);
                socket.getOutputStream().flush();
                // Until the client, its handshake failed, closes the connection: closing first with its ClientHello
                // unread would send a reset.
                InputStream in = socket.getInputStream();
                while (in.read(new byte[1024]) >= 0) {
                    // the ClientHello, read and dropped
                }
            } catch (IOException e) {
                // closed, or the client went away first: take the next connection, if any
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
