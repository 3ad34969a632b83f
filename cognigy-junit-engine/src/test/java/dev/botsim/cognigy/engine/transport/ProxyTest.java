package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.HttpTimeouts;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The JVM's proxy and trust store settings, as every client meets them through the transport: a real proxy (a
 * MockWebServer that a target's requests are sent to through the JVM's {@code https.proxyHost}) and real servers on
 * loopback.
 */
class ProxyTest {

    private final MockWebServer proxy = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static HttpTransport transport(HttpUrl target) {
        return HttpTransport.to(target, HttpTransport.Options.of(HttpTimeouts.all(Duration.ofSeconds(5))));
    }

    private static HttpAnswer get(HttpTransport http, HttpUrl url) throws Exception {
        return http.exchange(new Request.Builder().url(url).build(), UnaryOperator.identity());
    }

    @Test
    @DisplayName("a loopback target (the sandbox, a local receiver) is reached directly, also when the JVM's settings send"
            + " every host to a proxy (http.nonProxyHosts given empty, as -Dhttp.nonProxyHosts=$NO_PROXY does with none)")
    void loopbackNeverThroughTheProxy() throws Exception {
        proxy.enqueue(new MockResponse.Builder().body("the proxy's answer").build());
        try (MockWebServer sandbox = new MockWebServer(); JvmProperties jvm = JvmProperties.proxy(proxy, "http.nonProxyHosts", "")) {
            sandbox.start();
            sandbox.enqueue(new MockResponse.Builder().body("the sandbox's answer").build());
            try (HttpTransport http = transport(sandbox.url("/"))) {
                assertThat(get(http, sandbox.url("/api/bot/info")).text()).isEqualTo("the sandbox's answer");
            }
            assertThat(proxy.getRequestCount()).as("requests at the proxy").isZero();
        }
    }
}
