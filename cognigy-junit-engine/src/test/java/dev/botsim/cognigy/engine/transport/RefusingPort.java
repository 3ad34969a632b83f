package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.engine.MutableClock;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;

/**
 * A loopback port nobody listens on, so every connection to it is refused — a server restarting, a load balancer
 * between two instances — until a server is started on it ({@link #listen()}): what was refused then connects. The
 * server is started from the waits of {@link #sleeperListeningAfter}, between one attempt and the next, so which attempt
 * finds the port closed and which finds it open is decided by the attempts made, never by timing.
 */
public final class RefusingPort implements AutoCloseable {

    private final int port;
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public RefusingPort() throws IOException {
        // A port the system gave out and took back: nothing listens on it.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
        }
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    public HttpUrl url(String path) {
        return HttpUrl.get("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + path);
    }

    public int port() {
        return port;
    }

    /** The server that listens on the port once {@link #listen()} started it; enqueue its answers before. */
    public MockWebServer server() {
        return server;
    }

    /** Starts the server on the port: connections are taken from now on. */
    public synchronized void listen() throws IOException {
        if (!server.getStarted()) server.start(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * A sleeper that waits nothing — it records each wait and moves {@code clock} by it — and starts the server during
     * wait number {@code waits} (from 1), so the attempts before it are refused and those after it connect; 0 never.
     */
    public Sleeper sleeperListeningAfter(int waits, MutableClock clock) {
        return wait -> {
            this.waits.add(wait);
            clock.advance(wait);
            if (this.waits.size() == waits) {
                try {
                    listen();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot listen on port " + port, e);
                }
            }
        };
    }

    /** The waits the sleepers of this port were asked for, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    @Override
    public void close() {
        server.close();
    }
}
