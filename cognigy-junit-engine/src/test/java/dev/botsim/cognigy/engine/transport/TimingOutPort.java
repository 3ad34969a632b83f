package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import okhttp3.HttpUrl;

/**
 * A loopback port that a connection attempt cannot reach in time: a listening socket that never accepts, whose accept
 * queue this fills, so the kernel drops further connection attempts and they end in a real connect timeout — the same
 * {@code SocketTimeoutException} a read timeout is, before any byte of a request is written. The way a tenant behind a
 * firewall that drops packets, or a host that is down, looks to a client.
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
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        close();
        throw new IllegalStateException("the accept queue of " + address + " took 16 connections and was not full");
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
