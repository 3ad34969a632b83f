package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;

/** The one HTTP transport: bounded, redacted answers; no redirects; an interrupt is an interrupt. */
class HttpTransportTest {

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private HttpTransport http;

    @BeforeEach
    void start() throws Exception {
        server.start();
        http = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(2))).withBodyCap(64));
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private Request get() {
        return new Request.Builder().url(server.url("/x")).build();
    }

    @Test
    @DisplayName("an answer is read whole: status, headers, content type, and its body with the secrets masked before anyone parses it")
    void redactedAnswer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").setHeader("Content-Type", "application/json")
                .body("{\"echo\":\"secret-value-123\"}").build());
        HttpAnswer answer = http.exchange(get(), text -> text.replace("secret-value-123", "****"));
        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.retryAfter()).isEqualTo("7");
        assertThat(answer.contentType().subtype()).isEqualTo("json");
        assertThat(answer.text()).isEqualTo("{\"echo\":\"****\"}");
    }

    @Test
    @DisplayName("a body in the charset its content type names (ISO-8859-1) is masked in it: its other letters stay as"
            + " they were, none turned into U+FFFD")
    void maskedInTheDeclaredCharset() throws Exception {
        String json = "{\"text\":\"Grüße aus Köln, tok-123\"}";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json; charset=ISO-8859-1")
                .body(new okio.Buffer().writeString(json, java.nio.charset.StandardCharsets.ISO_8859_1)).build());

        HttpAnswer answer = http.exchange(get(), text -> text.replace("tok-123", "****"));

        assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("{\"text\":\"Grüße aus Köln, ****\"}");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"UTF-8 with a byte order mark", "UTF-16BE", "UTF-16LE",
            "UTF-16 with a byte order mark", "UTF-32BE", "UTF-32LE"})
    @DisplayName("a secret echoed in a JSON body a parser reads in another encoding than plain UTF-8 (a byte order mark, UTF-16,"
            + " UTF-32), escaped or not, is masked as the parser reads it")
    void secretMaskedInEveryEncodingAParserReads(String encoding) throws Exception {
        String secret = "cs/canary+5b1e9d7c2a==";
        String json = "{\"text\":\"I heard cs\\/canary\\u002B5b1e9d7c2a== and " + secret + "\"}";
        byte[] body = switch (encoding) {
            case "UTF-8 with a byte order mark" -> ("\uFEFF" + json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case "UTF-16 with a byte order mark" -> json.getBytes(java.nio.charset.StandardCharsets.UTF_16);
            default -> json.getBytes(java.nio.charset.Charset.forName(encoding));
        };
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(new okio.Buffer().write(body)).build());
        HttpTransport roomy = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(2))));
        try {
            HttpAnswer answer = roomy.exchange(get(), text -> dev.botsim.cognigy.engine.support.Secret.mask(text, secret));
            // As every client reads an answer: Jackson's parser on the bytes, which detects the encoding.
            String parsed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body()).path("text").asString();
            assertThat(parsed).isEqualTo("I heard **** and ****");
            assertThat(Snippet.of(answer.body(), 1000)).doesNotContain(secret);
        } finally {
            roomy.close();
        }
    }

    @Test
    @DisplayName("a body over the cap is not read further: a checked refusal naming the cap and the status, never an I/O error to retry")
    void bodyCap() {
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(65)).build());
        assertThatThrownBy(() -> http.exchange(get(), UnaryOperator.identity()))
                .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> assertThat(e.code()).isEqualTo(200))
                .hasMessage("more than 64 bytes");
    }

    @Test
    @DisplayName("a body of exactly the cap is read whole; a redirect's page over it, as any answer not a success, is its"
            + " status without the body")
    void bodyCapBoundary() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(64)).build());
        assertThat(http.exchange(get(), UnaryOperator.identity()).text()).isEqualTo("x".repeat(64));
        for (int code : new int[] {300, 302, 404}) {
            server.enqueue(new MockResponse.Builder().code(code).setHeader("Location", "https://elsewhere.example/")
                    .body("<html>" + "x".repeat(100) + "</html>").build());
            HttpAnswer answer = http.exchange(get(), UnaryOperator.identity());
            assertThat(answer.code()).isEqualTo(code);
            assertThat(answer.headers().get("Location")).isEqualTo("https://elsewhere.example/");
            assertThat(answer.body()).as("HTTP " + code).isEmpty();
        }
    }

    @Test
    @DisplayName("the refusal of a body over the cap names the cap as people write it: 1 MiB (the default), 1 KiB, 1536 bytes")
    void capNamedReadably() throws Exception {
        for (long cap : new long[] {HttpTransport.DEFAULT_BODY_CAP, 1024, 1536, 3 << 20}) {
            String named = cap == HttpTransport.DEFAULT_BODY_CAP ? "1 MiB" : cap == 1024 ? "1 KiB" : cap == 1536 ? "1536 bytes" : "3 MiB";
            HttpTransport capped = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5)))
                    .withBodyCap(cap));
            try {
                server.enqueue(new MockResponse.Builder().code(200).body("x".repeat((int) cap + 1)).build());
                assertThatThrownBy(() -> capped.exchange(get(), UnaryOperator.identity()))
                        .isInstanceOf(ResponseTooLargeException.class).hasMessage("more than " + named);
            } finally {
                capped.close();
            }
        }
    }

    @Test
    @DisplayName("an error page over the cap is its status and headers without the body: a gateway's 502 or a 503 naming"
            + " Retry-After is counted and waited like any other, not taken for a protocol error")
    void errorPageOverTheCap() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").setHeader("Content-Type", "text/html")
                .body("<html>" + "x".repeat(100_000) + "</html>").build());
        HttpAnswer answer = http.exchange(get(), UnaryOperator.identity());
        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.retryAfter()).isEqualTo("120");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    @DisplayName("a transport without a body cap reads no body: the status is the answer")
    void noBody() throws Exception {
        HttpTransport statusOnly = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.defaults()).withBodyCap(0));
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(500).body("x".repeat(100_000)).build());
        assertThat(statusOnly.exchange(get(), UnaryOperator.identity()).code()).isEqualTo(204);
        HttpAnswer failed = statusOnly.exchange(get(), UnaryOperator.identity());
        assertThat(failed.code()).isEqualTo(500);
        assertThat(failed.body()).isEmpty();
        statusOnly.close();
    }

    @Test
    @DisplayName("abandoning a transport's calls ends one blocked on its answer at once, from another thread, as cancelled and"
            + " not timed out; calls made afterwards go on")
    void abandonCallsEndsABlockedCall() throws Exception {
        HttpTransport patient = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(30))));
        try {
            server.enqueue(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
            server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
            java.util.concurrent.CompletableFuture<HttpAnswer> blocked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return patient.exchange(get(), UnaryOperator.identity());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            server.takeRequest();
            patient.abandonCalls();
            assertThatThrownBy(() -> blocked.get(25, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(java.io.IOException.class).isNotInstanceOf(java.io.InterruptedIOException.class);
            assertThat(patient.exchange(get(), UnaryOperator.identity()).text()).isEqualTo("{}");
        } finally {
            patient.close();
        }
    }

    @Test
    @DisplayName("redirects are not followed")
    void noRedirects() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", server.url("/elsewhere").toString()).build());
        assertThat(http.exchange(get(), UnaryOperator.identity()).code()).isEqualTo(302);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("an I/O error on an interrupted thread is the interruption: InterruptedException, never an I/O error to retry")
    void interrupted() throws Exception {
        HttpTransport roomy = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.defaults()));
        assertThat(interruptedWhileReading(roomy, get())).hasMessageContaining("GET /x abandoned");
        roomy.close();
    }

    /**
     * A REST Endpoint's transport sends to the endpoint URL itself, whose last segment is its URL token: the interruption
     * names the request's path with the token masked, so no caller that repeats it can print the token.
     */
    @Test
    @DisplayName("an interruption names the request's path with the URL token of the URL the transport was opened for masked")
    void interruptedMasksTheToken() throws Exception {
        String token = "ut-canary-3b7d1f9a5c2e";
        okhttp3.HttpUrl endpoint = server.url("/test/" + token);
        HttpTransport roomy = HttpTransport.to(endpoint, HttpTransport.Options.of(HttpSettings.defaults()));
        Throwable failure = interruptedWhileReading(roomy, new Request.Builder().url(endpoint)
                .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"))).build());
        assertThat(failure).hasMessageContaining("POST /test/**** abandoned").hasMessageNotContaining(token);
        roomy.close();
    }

    /** What {@code request} fails with when its caller is interrupted while the answer is read; the interrupt is carried. */
    private Throwable interruptedWhileReading(HttpTransport transport, Request request) throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("0123456789")
                .throttleBody(1, 200, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                transport.exchange(request, UnaryOperator.identity());
                failure.complete(null);
            } catch (Throwable e) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                failure.complete(e);
            }
        });
        caller.start();
        server.takeRequest();
        caller.interrupt();
        Throwable thrown = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(InterruptedException.class);
        assertThat(stillInterrupted).as("the exception carries the interrupt, as Thread.sleep's does").isFalse();
        return thrown;
    }

    @Test
    @DisplayName("a connect timeout is a request that never left: the call says so itself, where the exception's type"
            + " (a SocketTimeoutException, as a read timeout's) cannot")
    void connectTimeoutNeverLeft() throws Exception {
        try (TimingOutPort full = new TimingOutPort()) {
            okhttp3.HttpUrl url = full.url("/x");
            HttpTransport unreachable = HttpTransport.to(url, HttpTransport.Options.of(
                    new HttpSettings(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10))).withBodyCap(64));
            try {
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> unreachable.exchange(
                        new Request.Builder().url(url).build(), UnaryOperator.identity()));
                assertThat(thrown).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(Delivery.of(thrown)).isEqualTo(Delivery.NOT_SENT);
                assertThat(Delivery.of(new java.io.IOException("wrapped", thrown))).as("through a wrapper too")
                        .isEqualTo(Delivery.NOT_SENT);
            } finally {
                unreachable.close();
            }
        }
    }

    @Test
    @DisplayName("a TLS handshake with a plain-text port is a request that never left, though its SSLException is no"
            + " handshake exception")
    void tlsWithPlainTextNeverLeft() throws Exception {
        try (PlainTextPort plain = new PlainTextPort()) {
            okhttp3.HttpUrl https = plain.httpsUrl("/x");
            HttpTransport tls = HttpTransport.to(https, HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(20))).withBodyCap(64));
            try {
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> tls.exchange(new Request.Builder().url(https).build(),
                        UnaryOperator.identity()));
                assertThat(thrown).isInstanceOf(javax.net.ssl.SSLException.class)
                        .isNotInstanceOf(javax.net.ssl.SSLHandshakeException.class);
                assertThat(Delivery.of(thrown)).isEqualTo(Delivery.NOT_SENT);
            } finally {
                tls.close();
            }
        }
    }

    @Test
    @DisplayName("a read timeout once the request was written may have reached the server: sent")
    void readTimeoutWasSent() {
        // The transport's read timeout, whose clock starts once the request is written, against a server that never
        // answers: the verdict does not hang on how soon a busy machine writes the request. A per-call limit of 200 ms
        // instead could run out while a cold JVM was still opening the connection, nothing written: NOT_SENT.
        server.enqueue(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        HttpTransport impatientReader = HttpTransport.to(server.url("/"), HttpTransport.Options.of(
                new HttpSettings(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(30))).withBodyCap(64));
        try {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> impatientReader.exchange(get(),
                    UnaryOperator.identity()));
            assertThat(thrown).isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(Delivery.of(thrown)).isEqualTo(Delivery.SENT);
        } finally {
            impatientReader.close();
        }
    }

    @Test
    @DisplayName("a per-call time limit shorter than the transport's ends the call")
    void perCallTimeout() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).build());
        assertThatThrownBy(() -> http.exchange(get(), Duration.ofMillis(200), UnaryOperator.identity()))
                .isInstanceOf(java.io.InterruptedIOException.class);
    }

    @Test
    @DisplayName("the connections of a burst of calls stay open for the next burst, as many as the client has calls in flight")
    void burstsKeepTheirConnections() throws Exception {
        HttpTransport sized = HttpTransport.to(server.url("/"),
                HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))).withCallsInFlight(8));
        try {
            server.setDispatcher(new BurstDispatcher(8));
            burst(sized, 8);
            assertThat(sized.idleConnections()).isEqualTo(8);
            burst(sized, 8);
            assertThat(server.getRequestCount()).isEqualTo(16);
            assertThat(connectionsOpened(16)).as("the second burst opened no connection").isEqualTo(8);
        } finally {
            sized.close();
        }
    }

    @Test
    @DisplayName("without calls in flight named, the pool keeps OkHttp's five: the rest of a burst's connections are closed")
    void defaultPoolClosesTheRest() throws Exception {
        HttpTransport plain = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5))));
        try {
            server.setDispatcher(new BurstDispatcher(8));
            burst(plain, 8);
            // The pool closes the surplus on its own thread, just after the calls return.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> plain.idleConnections() == 5);
            burst(plain, 8);
            assertThat(connectionsOpened(16)).isEqualTo(11);
        } finally {
            plain.close();
        }
    }

    /** Sends {@code calls} GETs at once and waits for all of them; the server answers none until all have arrived. */
    private void burst(HttpTransport transport, int calls) throws Exception {
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(calls);
        try {
            java.util.List<java.util.concurrent.Future<HttpAnswer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) answers.add(callers.submit(() -> transport.exchange(get(), UnaryOperator.identity())));
            for (java.util.concurrent.Future<HttpAnswer> answer : answers) {
                assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** How many distinct connections the server's first {@code requests} requests came on. */
    private long connectionsOpened(int requests) throws InterruptedException {
        java.util.Set<Integer> connections = new java.util.HashSet<>();
        for (int i = 0; i < requests; i++) connections.add(server.takeRequest().getConnectionIndex());
        return connections.size();
    }

    /** Holds every request until {@code size} are in, so that each call of a burst needs a connection of its own. */
    private static final class BurstDispatcher extends mockwebserver3.Dispatcher {

        private final java.util.concurrent.CyclicBarrier together;

        BurstDispatcher(int size) {
            this.together = new java.util.concurrent.CyclicBarrier(size);
        }

        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            try {
                together.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                return new MockResponse.Builder().code(500).build();
            }
            return new MockResponse.Builder().code(200).body("{}").build();
        }
    }

    @Test
    @DisplayName("snippets are one line, cut short, with bearer tokens and access tokens masked")
    void snippets() {
        assertThat(Snippet.of("Authorization: Bearer abc.def-123\n{\"access_token\": \"tok-999\"}", 200))
                .isEqualTo("Authorization: Bearer **** {\"access_token\": \"****\"}");
        assertThat(Snippet.of("0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8), 4)).isEqualTo("0123…");
    }

    @Test
    @DisplayName("a snippet of exactly the length allowed is whole, without the mark of a cut")
    void snippetOfExactlyTheLength() {
        assertThat(Snippet.of("0123".getBytes(java.nio.charset.StandardCharsets.UTF_8), 4)).isEqualTo("0123");
        assertThat(Snippet.of("0123", 4)).isEqualTo("0123");
        assertThat(Snippet.of("01234", 4)).isEqualTo("0123…");
    }

    @Test
    @DisplayName("a snippet masks every credential an OAuth or gateway answer names, not the access token alone: an answer"
            + " form-encoded as RFC 6749's predecessors and GitHub's OAuth answer, a JSON one, an echoed request's headers")
    void snippetsMaskEveryNamedCredential() {
        String form = "access_token=at-1111aaaa&token_type=bearer&refresh_token=rt-2222bbbb&id_token=eyJ0.eyJz.c2ln";
        assertThat(Snippet.of(form.getBytes(java.nio.charset.StandardCharsets.UTF_8), 200))
                .isEqualTo("access_token=****&token_type=bearer&refresh_token=****&id_token=****");
        assertThat(Snippet.of("{\"access_token\":\"at-1\",\"refresh_token\": \"rt-2222bbbb\",\"scope\":\"bot\"}", 200))
                .isEqualTo("{\"access_token\":\"****\",\"refresh_token\": \"****\",\"scope\":\"bot\"}");
        assertThat(Snippet.of("GET /x HTTP/1.1\nX-API-Key: key-3333cccc\nAuthorization: Basic dXNlcjpwdw==\n"
                + "Proxy-Authorization: Bearer pa-4444", 200))
                .isEqualTo("GET /x HTTP/1.1 X-API-Key: **** Authorization: Basic **** Proxy-Authorization: Bearer ****");
        assertThat(Snippet.of("client_secret=cs-5555dddd&password=pw-6666eeee&api_key=ak-7777ffff&apikey=ak-8888", 200))
                .isEqualTo("client_secret=****&password=****&api_key=****&apikey=****");
        // A value holding characters no token has (a password's @, #, ^, an escaped quote) is masked whole, quoted or not.
        assertThat(Snippet.of("{\"password\":\"hunter@2024#x\\\"q\",\"user\":\"bob\"}", 200))
                .isEqualTo("{\"password\":\"****\",\"user\":\"bob\"}");
        assertThat(Snippet.of("refresh_token=r1#2^3@4&scope=bot X-API-Key: k@y#1 next", 200))
                .isEqualTo("refresh_token=****&scope=bot X-API-Key: **** next");
        // A request quoted inside a JSON string, a Python literal, and a long value: masked, the matcher's stack unharmed.
        assertThat(Snippet.of("{\"body\":\"{\\\"password\\\":\\\"s3cr@t\\\"}\",\"n\":1}", 200))
                .isEqualTo("{\"body\":\"{\\\"password\\\":\\\"****\\\"}\",\"n\":1}");
        assertThat(Snippet.of("{'password': 'pa#ss', 'user': 'bob'}", 200)).isEqualTo("{'password': '****', 'user': 'bob'}");
        String longValue = "{\"password\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(Snippet.of(longValue.getBytes(java.nio.charset.StandardCharsets.UTF_8), 80_000))
                .isEqualTo("{\"password\":\"****\"}");
        assertThat(Snippet.of("the token type is not supported; tokens expire", 200)).as("words are left alone")
                .isEqualTo("the token type is not supported; tokens expire");
    }

    @Test
    @DisplayName("an answer carrying the sandbox's identifying header marks the transport and the copies sharing its"
            + " connections, naming the server by scheme, host and port only (a REST Endpoint's path holds its URL token);"
            + " answers without it mark nothing")
    void sandboxHeaderIsSeen() throws Exception {
        assertThat(SandboxSighting.HEADER).as("the sandbox's own name for it")
                .isEqualTo(dev.botsim.cognigy.sandbox.CognigySandbox.IDENTITY_HEADER);
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        http.exchange(new Request.Builder().url(server.url("/secret-url-token")).build(), UnaryOperator.identity());
        assertThat(http.sandboxSeen()).isEmpty();

        HttpTransport once = http.withoutRepeats();
        server.enqueue(new MockResponse.Builder().code(429).setHeader(SandboxSighting.HEADER, "1").body("{}").build());
        once.exchange(new Request.Builder().url(server.url("/secret-url-token")).build(), UnaryOperator.identity());
        String at = "http://" + server.getHostName() + ":" + server.getPort();
        assertThat(http.sandboxSeen()).get().asString().startsWith("a cognigy-junit sandbox at " + at + " (")
                .contains("X-Cognigy-Junit-Sandbox").doesNotContain("secret-url-token");
        assertThat(once.sandboxSeen()).isEqualTo(http.sandboxSeen());
    }
}
