package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.opentest4j.TestAbortedException;

import okhttp3.HttpUrl;

/**
 * A loopback port that a connection attempt cannot reach in time: a listening socket that never accepts, whose accept
 * queue this fills, so the kernel drops further connection attempts and they end in a real connect timeout — the same
 * {@code SocketTimeoutException} a read timeout is, before any byte of a request is written. The way a tenant behind a
 * firewall that drops packets, or a host that is down, looks to a client.
 * <p>
 * Nothing here is timed against the machine's speed: the queue stays full for as long as the port is open (nobody
 * accepts, and the kernel keeps an established connection queued without limit), so every later attempt is dropped
 * however soon or late it comes; and a loopback connection the queue takes is made at once, well within the 200 ms the
 * filling allows it. Linux keeps one connection more than the backlog of 1 and drops the SYN of any other while the
 * queue is full; macOS (XNU) takes new connections while fewer than 3/2 of the backlog are queued (one, here) and drops
 * the SYN of the next ("listen drop"): the first attempt that times out says the queue is full on both. A system that
 * refuses such an attempt at once instead, or queues connections without bound, cannot make a connect timeout this way:
 * the test using the port is then skipped, saying so, rather than failed.
 */
public final class TimingOutPort implements AutoCloseable {

    private final ServerSocket full;
    private final List<Socket> queued = new ArrayList<>();

    public TimingOutPort() throws IOException {
        full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(full.getInetAddress(), full.getLocalPort());
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(address, 200);
                    queued.add(socket);
                } catch (SocketTimeoutException queueFull) {
                    socket.close();
                    return;
                } catch (ConnectException refused) {
                    socket.close();
                    throw new TestAbortedException("this system refuses a connection to a loopback socket whose accept queue"
                            + " is full (" + refused.getMessage() + ", " + i + " queued), where Linux and macOS drop it: no connect"
                            + " timeout can be made this way here");
                }
            }
        } catch (IOException | RuntimeException e) { // a TestAbortedException too
            close();
            throw e;
        }
        close();
        throw new TestAbortedException("the accept queue of a loopback socket listening with a backlog of 1 took 16"
                + " connections and was not full: this system does not bound it, so no connect timeout can be made this way here");
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
    public HttpUrl url(String path) {
        return HttpUrl.get("http://" + full.getInetAddress().getHostAddress() + ":" + full.getLocalPort() + path);
    }

    public int port() {
        return full.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : queued) socket.close();
        full.close();
    }
}
