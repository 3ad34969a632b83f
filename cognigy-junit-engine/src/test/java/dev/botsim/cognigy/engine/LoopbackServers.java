package dev.botsim.cognigy.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * MockWebServers whose connections send each write at once (TCP_NODELAY). MockWebServer writes an answer's head and
 * body apart; with Nagle's algorithm the body then waits for the client's delayed acknowledgement of the head, some
 * 40 ms on Linux, so every request a test makes took that long on the wall clock for nothing the test checks. What the
 * client reads is unchanged: the same bytes, sooner. (The sandbox sets {@code sun.net.httpserver.nodelay} for the same
 * reason.)
 */
public final class LoopbackServers {

    private LoopbackServers() {
    }

    /** A MockWebServer, not started, whose accepted connections have TCP_NODELAY set. */
    public static MockWebServer mockWebServer() {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelaySockets());
        return server;
    }

    private static final class NoDelaySockets extends ServerSocketFactory {

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket socket = createServerSocket();
            socket.bind(new InetSocketAddress(port));
            return socket;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket socket = createServerSocket();
            socket.bind(new InetSocketAddress(port), backlog);
            return socket;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket socket = createServerSocket();
            socket.bind(new InetSocketAddress(address, port), backlog);
            return socket;
        }
    }
}
