package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The JVM's proxy and trust store settings, as every client meets them through the transport: a real proxy (a
 * MockWebServer that a target's requests are sent to through the JVM's {@code https.proxyHost}) and real servers on
 * loopback.
 */
class ProxyTest {

    private static final String USER = "svc-cognigy-canary";
    private static final String PASSWORD = "pw-canary-7f3a9c";
    private static final HttpUrl TENANT = HttpUrl.get("https://api.cognigy.test/new/v2.0/projects");

    private final MockWebServer proxy = LoopbackServers.mockWebServer();

    @BeforeEach
    void start() throws IOException {
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** A transport to {@code target} in an environment without a variable: none of the machine's running the tests. */
    private static HttpTransport transport(HttpUrl target) {
        return transport(target, Map.of());
    }

    private static HttpTransport transport(HttpUrl target, Map<String, String> environment) {
        return HttpTransport.to(target, HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))).withEnvironment(environment::get));
    }

    private static HttpAnswer get(HttpTransport http, HttpUrl url) throws Exception {
        return http.exchange(new Request.Builder().url(url).build(), UnaryOperator.identity());
    }

    private RecordedRequest taken() throws InterruptedException {
        RecordedRequest request = proxy.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request at the proxy").isNotNull();
        return request;
    }

    private static MockResponse proxyAsks(String... schemes) {
        MockResponse.Builder answer = new MockResponse.Builder().code(407);
        for (String scheme : schemes) answer.addHeader("Proxy-Authenticate", scheme);
        return answer.build();
    }

    @Test
    @DisplayName("a loopback target (the sandbox, a local receiver) is reached directly, also when the JVM's settings send"
            + " every host to a proxy (http.nonProxyHosts given empty, as -Dhttp.nonProxyHosts=$NO_PROXY does with none)")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void loopbackNeverThroughTheProxy() throws Exception {
        proxy.enqueue(new MockResponse.Builder().body("the proxy's answer").build());
        try (MockWebServer sandbox = LoopbackServers.mockWebServer(); JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "http.nonProxyHosts", "")) {
            sandbox.start();
            sandbox.enqueue(new MockResponse.Builder().body("the sandbox's answer").build());
            try (HttpTransport http = transport(sandbox.url("/"))) {
                assertThat(get(http, sandbox.url("/api/bot/info")).text()).isEqualTo("the sandbox's answer");
            }
            assertThat(proxy.getRequestCount()).as("requests at the proxy").isZero();
        }
    }

    @Test
    @DisplayName("an https target goes through the JVM's https.proxyHost; a proxy asking for credentials none were given for"
            + " fails the request at once, unsent, saying which -D to give, instead of OkHttp's 'Failed to authenticate with proxy'")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void proxyAsksForCredentialsNoneGiven() throws Exception {
        proxy.enqueue(proxyAsks("Basic realm=\"corp\"", "Negotiate"));
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy); HttpTransport http = transport(TENANT)) {
            assertThatThrownBy(() -> get(http, TENANT)).isInstanceOfSatisfying(NetworkSetupException.class, e -> {
                assertThat(e.problem()).isEqualTo(NetworkSetupException.Problem.PROXY_AUTHENTICATION);
                assertThat(Delivery.of(e)).isEqualTo(Delivery.NOT_SENT);
            }).hasMessageStartingWith("the proxy " + proxy.getHostName() + ":" + proxy.getPort() + " asks for credentials (407 Proxy"
                    + " Authentication Required; it offers Basic, Negotiate): give the user to the JVM that runs the tests")
                    .hasMessageContaining("-Dhttps.proxyUser=<user>, and the password in the environment variable"
                            + " COGNIGY_PROXY_PASSWORD (not as -Dhttps.proxyPassword: Surefire copies every system property into"
                            + " its TEST-*.xml)")
                    .hasMessageEndingWith("(not repeated: every attempt would meet the same)");
        }
        RecordedRequest connect = taken();
        assertThat(connect.getMethod()).isEqualTo("CONNECT");
        assertThat(connect.getTarget()).isEqualTo("api.cognigy.test:443");
        assertThat(proxy.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("the user of -Dhttp.proxyUser and the password of COGNIGY_PROXY_PASSWORD are sent the Basic way to the"
            + " proxy that asks for them, only once it asks, and the request goes on")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void credentialsSentWhenAsked() throws Exception {
        HttpUrl receiver = HttpUrl.get("http://qa.bank.test/hooks/cognigy");
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        proxy.enqueue(new MockResponse.Builder().code(204).build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "http.proxyUser", USER);
             HttpTransport http = transport(receiver, Map.of("COGNIGY_PROXY_PASSWORD", PASSWORD))) {
            assertThat(get(http, receiver).code()).isEqualTo(204);
        }
        assertThat(taken().getHeaders().get("Proxy-Authorization")).as("unasked").isNull();
        RecordedRequest asked = taken();
        assertThat(asked.getUrl()).isEqualTo(receiver);
        assertThat(asked.getHeaders().get("Proxy-Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    @DisplayName("without COGNIGY_PROXY_PASSWORD, the JVM's -Dhttps.proxyPassword is the password, as other JVM tools read it")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void passwordOfTheJvm() throws Exception {
        proxy.useHttps(InspectingProxyCertificate.serverSockets());
        // Answers to CONNECT, in plain text before TLS: the tunnel's.
        proxy.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").inTunnel().build());
        proxy.enqueue(new MockResponse.Builder().inTunnel().build());
        proxy.enqueue(new MockResponse.Builder().body("{}").build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "https.proxyUser", USER, "https.proxyPassword", PASSWORD,
                "javax.net.ssl.trustStore", InspectingProxyCertificate.file().toString(), "javax.net.ssl.trustStorePassword",
                InspectingProxyCertificate.PASSWORD, "javax.net.ssl.trustStoreType", "PKCS12"); HttpTransport http = transport(TENANT)) {
            assertThat(get(http, TENANT).text()).isEqualTo("{}");
        }
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    @DisplayName("a proxy's error page that echoes the request's Proxy-Authorization header shows neither the password nor"
            + " the Basic credentials to the client that reads it")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void echoedCredentialsMasked() throws Exception {
        HttpUrl receiver = HttpUrl.get("http://qa.bank.test/hooks/cognigy");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        proxy.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html").body("<p>upstream failed for"
                + " Proxy-Authorization: Basic " + basic + " (password " + PASSWORD + ")</p>").build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "http.proxyUser", USER, "http.proxyPassword", PASSWORD);
             HttpTransport http = transport(receiver)) {
            HttpAnswer answer = get(http, receiver);
            assertThat(answer.code()).isEqualTo(502);
            assertThat(answer.text()).isEqualTo("<p>upstream failed for Proxy-Authorization: Basic **** (password ****)</p>");
        }
    }

    @Test
    @DisplayName("the run's HTTP trace masks a proxy's error page that echoes the Basic credentials and the JVM's proxy password,"
            + " as the client that reads it does")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void echoedCredentialsMaskedInTheTrace() throws Exception {
        HttpUrl receiver = HttpUrl.get("http://qa.bank.test/hooks/cognigy");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        proxy.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html").body("<p>upstream failed for"
                + " Proxy-Authorization: Basic " + basic + " (password " + PASSWORD + ")</p>").build());
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.botsim.cognigy.engine.config.HttpTrace trace = dev.botsim.cognigy.engine.config.HttpTrace.writingTo(lines::add,
                java.time.Clock.systemUTC(), () -> 0L, dev.botsim.cognigy.engine.config.Secrets.none(),
                java.util.List.of());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "http.proxyUser", USER, "http.proxyPassword", PASSWORD);
             HttpTransport http = HttpTransport.to(receiver, HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))
                     .withTrace(trace)).withEnvironment(Map.<String, String>of()::get))) {
            assertThat(get(http, receiver).code()).isEqualTo(502);
        }
        assertThat(lines).singleElement().asString()
                .contains("\"response_body\":\"<p>upstream failed for Proxy-Authorization: Basic **** (password ****)</p>\"")
                .doesNotContain(basic, PASSWORD);
    }

    @Test
    @DisplayName("credentials a proxy refuses are sent no more by any transport of the JVM, so a run of many tests cannot"
            + " lock the directory account; no message names the user or the password")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void refusedCredentialsNotSentAgain() throws Exception {
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "https.proxyUser", USER, "https.proxyPassword", PASSWORD)) {
            try (HttpTransport http = transport(TENANT)) {
                assertThatThrownBy(() -> get(http, TENANT)).isInstanceOf(NetworkSetupException.class)
                        .hasMessageContaining("refused the credentials given (https.proxyUser and its password) (407 Proxy"
                                + " Authentication Required to the request that carried them): check them; they are not sent again"
                                + " in this run")
                        .satisfies(ProxyTest::namesNoCredential);
            }
            try (HttpTransport another = transport(TENANT.resolve("/api/oauth/token"))) {
                assertThatThrownBy(() -> get(another, TENANT.resolve("/api/oauth/token"))).isInstanceOf(NetworkSetupException.class)
                        .hasMessageContaining("refused the credentials given (https.proxyUser and its password) (407 Proxy"
                                + " Authentication Required, earlier in this run)")
                        .satisfies(ProxyTest::namesNoCredential);
            }
        }
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isNotNull();
        assertThat(taken().getHeaders().get("Proxy-Authorization")).as("sent again").isNull();
        assertThat(proxy.getRequestCount()).isEqualTo(3);
    }

    private static void namesNoCredential(Throwable e) {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(e.getMessage()).doesNotContain(USER).doesNotContain(PASSWORD).doesNotContain(basic);
    }

    @Test
    @DisplayName("a proxy that asks only for NTLM or Negotiate is sent no credentials: the failure says to run a local"
            + " proxy that signs in (cntlm, px)")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void proxyAsksForSchemesNotSpoken() throws Exception {
        proxy.enqueue(proxyAsks("Negotiate", "NTLM"));
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "https.proxyUser", USER, "https.proxyPassword", PASSWORD);
             HttpTransport http = transport(TENANT)) {
            assertThatThrownBy(() -> get(http, TENANT)).isInstanceOf(NetworkSetupException.class)
                    .hasMessageContaining("(407 Proxy Authentication Required; it offers Negotiate, NTLM) in a way the engine does"
                            + " not speak").hasMessageContaining("(cntlm, px)").satisfies(ProxyTest::namesNoCredential);
        }
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(proxy.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("credentials given for another proxy host are not sent to the proxy that asks")
    @SuppressWarnings("try") // the JVM's properties and proxy selector are set for the block's length, never read in it
    void credentialsOnlyForTheirProxy() throws Exception {
        HttpUrl receiver = HttpUrl.get("http://qa.bank.test/hooks/cognigy");
        proxy.enqueue(proxyAsks("Basic realm=\"corp\""));
        ProxySelectorStub selector = new ProxySelectorStub(proxy);
        try (JvmProperties setMeanwhile = JvmProperties.set("http.proxyHost", "other-proxy.bank.test", "http.proxyUser", USER,
                "http.proxyPassword", PASSWORD); ProxySelectorStub installed = selector.install(); HttpTransport http = transport(receiver)) {
            assertThatThrownBy(() -> get(http, receiver)).isInstanceOf(NetworkSetupException.class)
                    .hasMessageContaining("http.proxyUser is given for http.proxyHost=other-proxy.bank.test, another proxy");
        }
        assertThat(taken().getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(proxy.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a proxy refusing a tunnel to the host (CONNECT answered 403) fails the request at once, unsent, naming"
            + " http.nonProxyHosts; one answering 502 (it cannot reach the host) stays a transient failure")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void proxyRefusesTunnel() throws Exception {
        proxy.enqueue(new MockResponse.Builder().code(403).build());
        proxy.enqueue(new MockResponse.Builder().code(502).build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy); HttpTransport http = transport(TENANT)) {
            assertThatThrownBy(() -> get(http, TENANT)).isInstanceOfSatisfying(NetworkSetupException.class,
                    e -> assertThat(e.problem()).isEqualTo(NetworkSetupException.Problem.PROXY_REFUSED))
                    .hasMessageStartingWith("the proxy " + proxy.getHostName() + ":" + proxy.getPort() + " refused to open a tunnel to"
                            + " api.cognigy.test:443 (it answered CONNECT with HTTP 403)").hasMessageContaining("-Dhttp.nonProxyHosts");
            assertThatThrownBy(() -> get(http, TENANT)).isNotInstanceOf(NetworkSetupException.class)
                    .isInstanceOfSatisfying(IOException.class, e -> assertThat(Delivery.of(e)).isEqualTo(Delivery.NOT_SENT))
                    .hasMessage("Unexpected response code for CONNECT: 502");
        }
    }

    @Test
    @DisplayName("a TLS-inspecting proxy whose CA the JVM does not trust: the request fails at once, unsent, naming the"
            + " proxy, javax.net.ssl.trustStore and the trust store in use, rather than a bare 'PKIX path building failed'")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void inspectingProxyNotTrusted() throws Exception {
        proxy.useHttps(InspectingProxyCertificate.serverSockets());
        proxy.enqueue(new MockResponse.Builder().inTunnel().build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "javax.net.ssl.trustStore", null); HttpTransport http = transport(TENANT)) {
            assertThatThrownBy(() -> get(http, TENANT)).isInstanceOfSatisfying(NetworkSetupException.class, e -> {
                assertThat(e.problem()).isEqualTo(NetworkSetupException.Problem.UNTRUSTED_CERTIFICATE);
                assertThat(Delivery.of(e)).isEqualTo(Delivery.NOT_SENT);
            }).hasMessageStartingWith("the TLS handshake with api.cognigy.test:443 failed: this JVM does not trust the certificate"
                    + " it was shown (PKIX path building failed: unable to find valid certification path to requested target),"
                    + " through the proxy " + proxy.getHostName() + ":" + proxy.getPort() + ": a proxy that inspects TLS shows"
                    + " certificates signed by a CA of its own")
                    .hasMessageContaining("-Djavax.net.ssl.trustStore=<file>")
                    .hasMessageContaining("the trust store now is the JDK's own (" + java.nio.file.Path.of(System.getProperty("java.home"),
                            "lib", "security", "cacerts") + ")");
        }
    }

    @Test
    @DisplayName("with the inspecting proxy's CA in the trust store given as -Djavax.net.ssl.trustStore, the request goes"
            + " through it")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void inspectingProxyTrusted() throws Exception {
        proxy.useHttps(InspectingProxyCertificate.serverSockets());
        proxy.enqueue(new MockResponse.Builder().inTunnel().build());
        proxy.enqueue(new MockResponse.Builder().body("{\"projects\":[]}").build());
        try (JvmProperties setMeanwhile = JvmProperties.proxy(proxy, "javax.net.ssl.trustStore", InspectingProxyCertificate.file().toString(),
                "javax.net.ssl.trustStorePassword", InspectingProxyCertificate.PASSWORD, "javax.net.ssl.trustStoreType", "PKCS12");
             HttpTransport http = transport(TENANT)) {
            assertThat(get(http, TENANT).text()).isEqualTo("{\"projects\":[]}");
        }
        assertThat(taken().getMethod()).isEqualTo("CONNECT");
        assertThat(taken().getUrl().encodedPath()).isEqualTo("/new/v2.0/projects");
    }

    @Test
    @DisplayName("a direct connection that failed where HTTPS_PROXY names a proxy the JVM does not read says so, with the"
            + " -D settings that would use it and NO_PROXY as http.nonProxyHosts, never the user or password in the variable")
    @SuppressWarnings("try") // the JVM's properties are set for the block's length, never read in it
    void environmentProxyNamed() {
        HttpUrl tenant = HttpUrl.get("https://api.cognigy-tenant.invalid/new/v2.0/projects");
        Map<String, String> environment = Map.of("HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@proxy.bank.test:8080",
                "NO_PROXY", "localhost,.bank.internal,qa.bank.test,10.0.0.0/8");
        try (JvmProperties setMeanwhile = JvmProperties.set("https.proxyHost", null, "http.proxyHost", null, "socksProxyHost", null);
             HttpTransport http = HttpTransport.to(tenant, HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5)))
                     .withEnvironment(environment::get))) {
            assertThatThrownBy(() -> get(http, tenant)).isInstanceOf(java.net.UnknownHostException.class)
                    .satisfies(e -> assertThat(NetworkAdvice.said(e)).isEqualTo(". HTTPS_PROXY is set in the environment"
                            + " (proxy.bank.test:8080), but the JVM does not read it, and the connection was made directly. If this"
                            + " machine reaches api.cognigy-tenant.invalid only through that proxy, give it to the JVM that runs the"
                            + " tests (with Maven: Surefire's argLine, not MAVEN_OPTS) as -Dhttps.proxyHost=proxy.bank.test"
                            + " -Dhttps.proxyPort=8080 -Dhttps.proxyUser=<user>, the password in the environment variable"
                            + " COGNIGY_PROXY_PASSWORD (the user and password written in HTTPS_PROXY, not repeated here),"
                            + " '-Dhttp.nonProxyHosts=localhost|*.bank.internal"
                            + "|qa.bank.test|*.qa.bank.test' (the hosts of NO_PROXY, reached directly)"))
                    .satisfies(ProxyTest::namesNoCredential);
        }
    }

    @Test
    @DisplayName("a host NO_PROXY names as reached directly gets no word of HTTPS_PROXY; nor does a loopback target")
    void environmentProxyNotForThisHost() throws Exception {
        HttpUrl internal = HttpUrl.get("https://qa.bank.invalid/hooks");
        Map<String, String> environment = Map.of("https_proxy", "proxy.bank.test:8080", "no_proxy", "*.bank.invalid");
        try (HttpTransport http = HttpTransport.to(internal, HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5)))
                .withEnvironment(environment::get))) {
            assertThatThrownBy(() -> get(http, internal)).satisfies(e -> assertThat(NetworkAdvice.said(e)).isEmpty());
        }
        try (RefusingPort refusing = new RefusingPort(); HttpTransport http = HttpTransport.to(refusing.url("/"),
                HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))).withEnvironment(Map.of("HTTP_PROXY", "proxy:3128")::get))) {
            assertThatThrownBy(() -> get(http, refusing.url("/x"))).isInstanceOf(java.net.ConnectException.class)
                    .satisfies(e -> assertThat(NetworkAdvice.said(e)).isEmpty());
        }
    }
}
