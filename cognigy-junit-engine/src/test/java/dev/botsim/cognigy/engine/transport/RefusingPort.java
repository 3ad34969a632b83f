package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;

/**
 * A loopback port nobody listens on, so every connection to it is refused — a server restarting, a load balancer
 * between two instances — until a server is started on it ({@link #listen()}): what was refused then connects. The
 * server is started from the waits of {@link #sleeperListeningAfter}, between one attempt and the next, so which attempt
 * finds the port closed and which finds it open is decided by the attempts made, never by timing.
 * <p>
 * Until then the port is held by a socket bound to it that does not listen, where the kernel refuses connections to
 * such a socket (Linux): no other socket — a server another test or JVM starts on a port of the system's choosing, a
 * connection's own end — can take the port meanwhile and answer in its place or keep the server from starting. Where it
 * does not refuse them (macOS drops them, and they would time out), the port is given back at once and merely left free,
 * as the system gives it out again only by chance.
 */
public final class RefusingPort implements AutoCloseable {

    private final int port;
    /** Bound to the port, never listening, until the server starts; {@code null} where it would not refuse connections. */
    private Socket holder;
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public RefusingPort() throws IOException {
        holder = new Socket();
        try {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = holder.getLocalPort();
            if (!refused(port)) {
                // A port the system gave out and took back: nothing listens on it.
                holder.close();
                holder = null;
            }
        } catch (IOException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /** Whether a connection to {@code port}, held by a socket that does not listen, is refused rather than dropped. */
    private static boolean refused(int port) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (ConnectException refused) {
            return true;
        } catch (SocketTimeoutException dropped) {
            return false;
        }
        throw new IllegalStateException("a connection to port " + port + ", bound and not listening, was taken");
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
        if (server.getStarted()) return;
        if (holder != null) holder.close();
        server.start(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * A sleeper that waits nothing — it records each wait and moves {@code clock} by it, durations passing on that clock —
     * and starts the server during wait number {@code waits} (from 1), so the attempts before it are refused and those
     * after it connect; 0 never.
     */
    public Sleeper sleeperListeningAfter(int waits, MutableClock clock) {
        Sleeper listening = wait -> {
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
        return listening.on(VirtualTicker.of(clock));
    }

    /** The waits the sleepers of this port were asked for, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    @Override
    public synchronized void close() throws IOException {
        if (holder != null) holder.close();
        server.close();
    }
}
