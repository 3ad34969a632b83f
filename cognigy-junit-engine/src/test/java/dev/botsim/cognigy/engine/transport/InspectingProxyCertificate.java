package dev.botsim.cognigy.engine.transport;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The certificate a TLS-inspecting proxy shows in these tests: self-signed by "Example Bank TLS Inspection CA" for
 * {@code localhost}, {@code 127.0.0.1}, {@code api.cognigy.test} and {@code endpoint.cognigy.test}, valid from 2000 to
 * 2147, its key with it, in the PKCS12 file {@code tls/intercepting-proxy.p12} (password {@value #PASSWORD}), made once
 * with {@code keytool -genkeypair -keyalg EC}. No JDK trusts it; the file given as {@code javax.net.ssl.trustStore}
 * makes a JVM trust it.
 */
public final class InspectingProxyCertificate {

    public static final String PASSWORD = "changeit";

    private InspectingProxyCertificate() {
    }

    /** The PKCS12 file: a key store for the proxy, a trust store for a client that trusts it. */
    public static Path file() {
        try {
            return Path.of(InspectingProxyCertificate.class.getResource("/tls/intercepting-proxy.p12").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a MockWebServer serves TLS with ({@code useHttps}) to show the certificate. */
    public static SSLSocketFactory serverSockets() {
        try (InputStream in = InspectingProxyCertificate.class.getResourceAsStream("/tls/intercepting-proxy.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load tls/intercepting-proxy.p12", e);
        }
    }
}
