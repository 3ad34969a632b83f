package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointBackend;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.InspectingProxyCertificate;
import dev.botsim.cognigy.engine.transport.JvmProperties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every client behind the JVM's proxy ({@code -Dhttps.proxyHost}), as a bank's CI runner reaches a tenant: each goes
 * through it, and a request the proxy or the JVM's trust store stops for good fails at once as the run's setup —
 * {@code CONFIGURATION}, the message unsent, no retry, no backoff — saying what to set, never as a transient failure
 * repeated and counted towards an outage. The proxy is a MockWebServer on loopback.
 */
class ClientsBehindProxyTest {

    private static final String TOKEN = "b7e4c1d2a9f05e3c8d6a";
    private static final String CLIENT_SECRET = "cs-canary-91d0e2f4";
    private static final String API_KEY = "key-canary-4c7b2e90";

    private final MockWebServer proxy = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @BeforeEach
    void start() throws IOException {
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static TurnRequest request(String text) {
        return new TurnRequest("batch_test", "test_x", 1, "usr_qa01", "web", text, Map.of(), "ses_1", "key-1", null, Map.of());
    }

    private static MockResponse asksForCredentials() {
        return new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build();
    }

    private List<String> connects() throws InterruptedException {
        List<String> targets = new java.util.ArrayList<>();
        for (RecordedRequest request; (request = proxy.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            targets.add(request.getMethod() + " " + request.getTarget());
        }
        return targets;
    }

    @Test
    @DisplayName("REST Endpoint: a proxy asking for credentials fails each message once, unsent, as the run's setup naming"
            + " -Dhttps.proxyUser, never the URL token; not repeated after a backoff, nor taken for an outage")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void endpointBehindAuthenticatingProxy() throws Exception {
        for (int i = 0; i < 3; i++) proxy.enqueue(asksForCredentials());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy)) {
            EndpointBackend endpoint = new EndpointBackend(EndpointBackend.Settings.of(Secret.of("https://endpoint.cognigy.test/" + TOKEN))
                    .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                    .withClock(clock).withSleeper(sleeper), Optional.empty());
            try {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> endpoint.send(request("where is my order"))).isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                        assertThat(e.messageUnsent()).isTrue();
                        assertThat(e.retries()).isEmpty();
                    }).hasMessageStartingWith("cannot reach REST Endpoint https://endpoint.cognigy.test/****: the proxy "
                            + proxy.getHostName() + ":" + proxy.getPort() + " asks for credentials")
                            .hasMessageContaining("-Dhttps.proxyUser=<user>").hasMessageNotContaining(TOKEN);
                }
            } finally {
                endpoint.close();
            }
        }
        assertThat(sleeper.waits()).as("backoffs").isEmpty();
        assertThat(connects()).containsExactly("CONNECT endpoint.cognigy.test:443", "CONNECT endpoint.cognigy.test:443",
                "CONNECT endpoint.cognigy.test:443");
    }

    @Test
    @DisplayName("simulation API: a proxy refusing the tunnel to the tenant fails the token request once, the message"
            + " unsent, as the run's setup naming http.nonProxyHosts, never the client secret")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void simulationApiBehindRefusingProxy() throws Exception {
        proxy.enqueue(new MockResponse.Builder().code(403).build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy)) {
            SimulationApiBackend api = new SimulationApiBackend(SimulationApiSettings.of("https://api.cognigy.test/", "client-1",
                    Secret.of(CLIENT_SECRET)).withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                    .withClock(clock).withSleeper(sleeper));
            try {
                assertThatThrownBy(() -> api.send(request("where is my order"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                }).hasMessageContaining("cannot get an access token: cannot connect to ")
                        .hasMessageContaining("the proxy " + proxy.getHostName() + ":" + proxy.getPort() + " refused to open a tunnel to"
                                + " api.cognigy.test:443 (it answered CONNECT with HTTP 403)")
                        .hasMessageContaining("-Dhttp.nonProxyHosts").hasMessageNotContaining(CLIENT_SECRET);
            } finally {
                api.close();
            }
        }
        assertThat(sleeper.waits()).as("backoffs").isEmpty();
        assertThat(connects()).containsExactly("CONNECT api.cognigy.test:443");
    }

    @Test
    @DisplayName("management API: a TLS-inspecting proxy whose CA the JVM does not trust fails a message-carrying request"
            + " once, unsent, as the run's setup naming javax.net.ssl.trustStore")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void managementApiBehindInspectingProxy() throws Exception {
        proxy.useHttps(InspectingProxyCertificate.serverSockets());
        proxy.enqueue(new MockResponse.Builder().inTunnel().build());
        List<Duration> slept = new CopyOnWriteArrayList<>();
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "javax.net.ssl.trustStore", null)) {
            ManagementClient client = ManagementClient.open(ManagementApiSchema.Settings.of("https://api.cognigy.test/",
                    Secret.of(API_KEY), "proj1").withSleeper(slept::add));
            try {
                assertThatThrownBy(() -> client.postMessage("projects/proj1/nlu/scores", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> {
                            assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                            assertThat(e.messageUnsent()).isTrue();
                        }).hasMessageStartingWith("cannot reach the management API at api.cognigy.test:443: the TLS handshake with"
                                + " api.cognigy.test:443 failed: this JVM does not trust the certificate it was shown")
                        .hasMessageContaining("-Djavax.net.ssl.trustStore=<file>").hasMessageNotContaining(API_KEY);
            } finally {
                client.close();
            }
        }
        assertThat(slept).as("backoffs").isEmpty();
        assertThat(connects()).containsExactly("CONNECT api.cognigy.test:443");
    }
}
