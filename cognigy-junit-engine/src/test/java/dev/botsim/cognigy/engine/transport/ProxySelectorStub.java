package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

import mockwebserver3.MockWebServer;

/**
 * The JVM's default proxy selector replaced, while installed, by one that sends every host to {@code proxy}: as a PAC
 * file or the system's proxy settings ({@code java.net.useSystemProxies}) choose a proxy whatever {@code http.proxyHost}
 * says. A transport made while it is installed keeps it.
 */
final class ProxySelectorStub extends ProxySelector implements AutoCloseable {

    private final Proxy chosen;
    private ProxySelector before;

    ProxySelectorStub(MockWebServer proxy) {
        this.chosen = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHostName(), proxy.getPort()));
    }

    ProxySelectorStub install() {
        before = ProxySelector.getDefault();
        ProxySelector.setDefault(this);
        return this;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return List.of(chosen);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn
    }

    @Override
    public void close() {
        ProxySelector.setDefault(before);
    }
}
