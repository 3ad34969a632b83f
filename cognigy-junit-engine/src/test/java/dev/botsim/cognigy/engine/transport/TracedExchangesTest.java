package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.HttpTrace;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The run's HTTP trace over real loopback: the exact line each exchange writes, no secret in it, what
 * {@code cognigy.replay.redact} names redacted, repeats counted, long bodies cut.
 */
class TracedExchangesTest {

    private static final String URL_TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
    private static final String API_KEY = "mgmt-KEY-7f3a9c2e5b8d1f4a";
    private static final String CLIENT_SECRET = "cs-5b1e9d7c2a-canary";
    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
    private static final MediaType JSON = MediaType.get("application/json");

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** Moves 5 ms at each reading: the trace reads it once as it is made, then at each exchange's start and end. */
    private final AtomicLong nanos = new AtomicLong();
    private HttpTransport http;

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        server.close();
    }

    private HttpTransport traced(List<String> redact, long bodyCap) {
        Secrets secrets = Secrets.none().withEndpointUrl(Secret.of(server.url("/" + URL_TOKEN).toString()))
                .withManagementApiKey(Secret.of(API_KEY)).withClientSecret(Secret.of(CLIENT_SECRET));
        HttpTrace trace = HttpTrace.writingTo(lines::add, Clock.fixed(STARTED.plusSeconds(2), ZoneOffset.UTC),
                () -> nanos.addAndGet(5_000_000), secrets, redact);
        http = HttpTransport.to(server.url("/"), HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5)).withTrace(trace))
                .withBodyCap(bodyCap).withClient("REST Endpoint"));
        return http;
    }

    private String base() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    @Test
    @DisplayName("one exchange is one line: the URL token, the Authorization and X-API-Key headers and the API key a body echoes"
            + " are ****, a value cognigy.replay.redact points at is <redacted> wherever the exchange holds it")
    void exactLine() throws Exception {
        traced(List.of("/request/data/email"), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Your key " + API_KEY + " and ann@example.com are noted\",\"data\":null}").build());
        Request request = new Request.Builder().url(server.url("/" + URL_TOKEN))
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.issued")
                .header("X-API-Key", API_KEY)
                .post(RequestBody.create("{\"userId\":\"u1\",\"sessionId\":\"s1\",\"text\":\"mail ann@example.com\","
                        + "\"data\":{\"email\":\"ann@example.com\"}}", JSON)).build();

        HttpAnswer answer = http.exchange(request, UnaryOperator.identity());

        RecordedRequest received = server.takeRequest();
        assertThat(received.getHeaders().get("X-API-Key")).as("what is sent is unchanged").isEqualTo(API_KEY);
        assertThat(answer.text()).as("what the client reads is unchanged").contains(API_KEY);
        assertThat(lines).containsExactly("{\"at\":\"2026-03-01T10:00:02Z\",\"since_ms\":5,\"client\":\"REST Endpoint\",\"attempt\":1,"
                + "\"method\":\"POST\",\"url\":\"" + base() + "/****\","
                + "\"request_headers\":{\"Authorization\":\"****\",\"X-API-Key\":\"****\",\"Content-Type\":\"application/json; charset=utf-8\"},"
                + "\"request_body\":\"{\\\"userId\\\":\\\"u1\\\",\\\"sessionId\\\":\\\"s1\\\",\\\"text\\\":\\\"mail <redacted>\\\","
                + "\\\"data\\\":{\\\"email\\\":\\\"<redacted>\\\"}}\",\"request_body_bytes\":97,"
                + "\"status\":200,\"response_headers\":{\"Content-Type\":\"application/json\",\"Content-Length\":\"87\"},"
                + "\"response_body\":\"{\\\"text\\\":\\\"Your key **** and <redacted> are noted\\\",\\\"data\\\":null}\","
                + "\"response_body_bytes\":87,\"duration_ms\":5}");
        assertThat(String.join("\n", lines)).doesNotContain(URL_TOKEN, API_KEY, "eyJhbGciOiJIUzI1NiJ9", "ann@example.com");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"access_token", "accessToken", "ACCESS_TOKEN", "refreshToken", "id-token"})
    @DisplayName("an access token a server issues is **** in that answer and wherever a later exchange holds it, the client"
            + " secret of the form-encoded token request too; its field named in snake, camel or upper case alike")
    void issuedTokenLearned(String field) throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String token = "eyJhbGciOiJSUzI1NiJ9.payload.sig";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"" + field + "\":\"" + token + "\",\"expires_in\":3600}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"echo\":\"you sent " + token + "\"}").build());

        http.exchange(new Request.Builder().url(server.url("/oauth/token")).post(RequestBody.create(
                "grant_type=client_credentials&client_id=qa&client_secret=" + CLIENT_SECRET,
                MediaType.get("application/x-www-form-urlencoded"))).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/simulations")).build(), UnaryOperator.identity());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"request_body\":\"grant_type=client_credentials&client_id=qa&client_secret=****\"",
                "\"response_body\":\"{\\\"" + field + "\\\":\\\"****\\\",\\\"expires_in\\\":3600}\"");
        assertThat(lines.get(1)).contains("\"response_body\":\"{\\\"echo\\\":\\\"you sent ****\\\"}\"");
        assertThat(String.join("\n", lines)).doesNotContain(token, CLIENT_SECRET, "payload.sig");
    }

    @Test
    @DisplayName("a 429 sent again is two exchanges, attempt 1 and attempt 2; the next send of the same request after a success"
            + " is attempt 1")
    void repeatedRequestCountsAttempts() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        Request submit = new Request.Builder().url(server.url("/simulations")).post(RequestBody.create("{\"text\":\"hi\"}", JSON)).build();

        assertThat(http.exchange(submit, UnaryOperator.identity()).code()).isEqualTo(429);
        assertThat(http.exchange(submit, UnaryOperator.identity()).code()).isEqualTo(200);
        assertThat(http.exchange(submit, UnaryOperator.identity()).code()).isEqualTo(200);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"attempt\":1,", "\"status\":429,", "\"Retry-After\":\"1\"");
        assertThat(lines.get(1)).contains("\"attempt\":2,", "\"status\":200,");
        assertThat(lines.get(2)).contains("\"attempt\":1,", "\"status\":200,");
    }

    @Test
    @DisplayName("a body beyond 64 KiB is written as its first 64 KiB, saying so and giving its size; the client still reads it whole")
    void longBodyCut() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String big = "{\"text\":\"" + "x".repeat(100_000) + "\"}";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(big).build());

        HttpAnswer answer = http.exchange(new Request.Builder().url(server.url("/big")).build(), UnaryOperator.identity());

        assertThat(answer.text()).isEqualTo(big);
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        String written = line.substring(line.indexOf("\"response_body\":\"") + "\"response_body\":\"".length(),
                line.indexOf("\",\"response_body_cut\""));
        assertThat(written.replace("\\\"", "\"")).isEqualTo(big.substring(0, TracedExchanges.BODY_LIMIT));
        assertThat(line).contains("\"response_body_cut\":\"the first 65536 of 100011 bytes\",\"response_body_bytes\":100011");
    }

    @Test
    @DisplayName("a request no server answered is one line with the failure in place of the answer, and the failure still reaches"
            + " the client")
    void failureWritten() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        Request request = new Request.Builder().url(server.url("/" + URL_TOKEN)).build();
        server.close();

        assertThatThrownBy(() -> http.exchange(request, UnaryOperator.identity())).isInstanceOf(IOException.class);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"url\":\"" + base() + "/****\"", "\"failure\":\"ConnectException:")
                .doesNotContain("\"status\"", URL_TOKEN);
    }

    @Test
    @DisplayName("an answer whose body breaks off is written with its status and the body not read, and the client meets the"
            + " failure as it would without a trace")
    void bodyBrokenOff() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "500").body("{\"text\":")
                .onResponseBody(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());

        assertThatThrownBy(() -> http.exchange(new Request.Builder().url(server.url("/cut")).build(), UnaryOperator.identity()))
                .isInstanceOf(IOException.class);

        assertThat(lines).singleElement().asString().contains("\"status\":200,", "\"response_body_cut\":\"not read: ")
                .doesNotContain("\"response_body\":");
    }

    @Test
    @DisplayName("without a trace that writes — off, or asked for before the run started — the client has no interceptor at all")
    void offAddsNothing() throws Exception {
        for (HttpTrace trace : List.of(HttpTrace.OFF, HttpTrace.ASKED)) {
            try (HttpTransport plain = HttpTransport.to(server.url("/"),
                    HttpTransport.Options.of(HttpSettings.all(Duration.ofSeconds(5)).withTrace(trace)))) {
                assertThat(plain.interceptors()).isEmpty();
            }
        }
        assertThat(traced(List.of(), 1024).interceptors()).hasSize(1);
    }

    @Test
    @DisplayName("a value cognigy.replay.redact named in the request is <redacted> in an answer that writes it with JSON escapes"
            + " (a non-ASCII letter as \\u00fc, a slash as \\/), as the client decodes it; so is an issued token so written")
    void namedValueEscapedInTheOtherBody() throws Exception {
        traced(List.of("/request/data/name"), HttpTransport.DEFAULT_BODY_CAP);
        String token = "tok/9f8e7d6c5b4a";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"" + token + "\"}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Hello J\\u00fcrgen M\\u00fcller\"}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"text\":\"you sent tok\\/9f8e7d6c5b4a\"}").build());

        http.exchange(new Request.Builder().url(server.url("/oauth/token")).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/" + URL_TOKEN)).post(RequestBody.create(
                "{\"text\":\"hi\",\"data\":{\"name\":\"J\u00fcrgen M\u00fcller\"}}", JSON)).build(), UnaryOperator.identity());

        http.exchange(new Request.Builder().url(server.url("/simulations")).build(), UnaryOperator.identity());

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("Hello <redacted>").doesNotContain("rgen");
        assertThat(lines.get(2)).contains("you sent ****").doesNotContain("9f8e7d6c5b4a");
    }

    @Test
    @DisplayName("two named values that overlap in a later answer (one ends where the other begins) are one <redacted>: no"
            + " part of either is left, whichever is longer")
    void overlappingNamedValues() throws Exception {
        traced(List.of("/request/data/first", "/request/data/full"), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Hello Anna-Maria Schmidt, and Maria Schmidt-Anna\"}").build());

        http.exchange(new Request.Builder().url(server.url("/" + URL_TOKEN)).post(RequestBody.create(
                "{\"text\":\"hi\",\"data\":{\"first\":\"Anna-Maria\",\"full\":\"Maria Schmidt\"}}", JSON)).build(),
                UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/simulations")).build(), UnaryOperator.identity());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("Hello <redacted>, and <redacted>-Anna").doesNotContain("Anna-", "Maria", "Schmidt");
    }

    @Test
    @DisplayName("a JSON answer in UTF-16 without a charset, which the client's parser reads as UTF-16, is written as it reads,"
            + " the API key it echoes ****")
    void utf16AnswerMasked() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String json = "{\"text\":\"Your key " + API_KEY + "\"}";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body(new okio.Buffer().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_16BE))).build());

        http.exchange(new Request.Builder().url(server.url("/simulations")).build(), UnaryOperator.identity());

        assertThat(lines).singleElement().asString().contains("\"response_body\":\"{\\\"text\\\":\\\"Your key ****\\\"}\"")
                .doesNotContain("m\\u0000g\\u0000m\\u0000t");
    }

    @Test
    @DisplayName("a token answer opening with a UTF-8 byte order mark, which the client's parser skips, has its access_token ****"
            + " as without one")
    void byteOrderMarkedTokenAnswerMasked() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String token = "eyJhbGciOiJSUzI1NiJ9.bom.sig";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("\uFEFF{\"access_token\":\"" + token + "\",\"expires_in\":3600}").build());

        http.exchange(new Request.Builder().url(server.url("/oauth/token")).build(), UnaryOperator.identity());

        assertThat(lines).singleElement().asString().contains("\"response_body\":\"{\\\"access_token\\\":\\\"****\\\",")
                .doesNotContain("bom.sig");
    }

    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    @Test
    @DisplayName("a form-encoded body has a field cognigy.replay.redact names <redacted>, its value redacted in the answer too,"
            + " and a field named as a credential ****, a field without a value beside them or not")
    void formFieldsRedacted() throws Exception {
        traced(List.of("username"), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"welcome\":\"ann@example.com\"}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build());

        http.exchange(new Request.Builder().url(server.url("/login")).post(RequestBody.create(
                "grant_type=password&username=ann%40example.com&password=pw-plain-4711", FORM)).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/login")).post(RequestBody.create(
                "password=pw-plain-4712&remember", FORM)).build(), UnaryOperator.identity());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"request_body\":\"grant_type=password&username=<redacted>&password=****\"",
                "\"response_body\":\"{\\\"welcome\\\":\\\"<redacted>\\\"}\"");
        assertThat(lines.get(1)).contains("\"request_body\":\"password=****&remember\"");
        assertThat(String.join("\n", lines)).doesNotContain("ann%40example.com", "ann@example.com", "pw-plain-471");
    }

    @Test
    @DisplayName("a form-encoded body ending in a line break or an empty field (a trailing '&') has its credentials masked as"
            + " any form's")
    void formWithTrailingLineBreakOrEmptyFieldMasked() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/x-www-form-urlencoded")
                .body("access_token=gho_tok4711&token_type=bearer\n").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build());

        http.exchange(new Request.Builder().url(server.url("/token")).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/login")).post(RequestBody.create(
                "password=pw-plain-4713&&remember&", FORM)).build(), UnaryOperator.identity());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"response_body\":\"access_token=****&token_type=bearer\\n\"");
        assertThat(lines.get(1)).contains("\"request_body\":\"password=****&&remember&\"");
        assertThat(String.join("\n", lines)).doesNotContain("gho_tok4711", "pw-plain-4713");
    }

    @Test
    @DisplayName("an access token a server issues form-encoded is **** in that answer and wherever a later exchange holds it")
    void formEncodedTokenLearned() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/x-www-form-urlencoded")
                .body("access_token=" + token + "&scope=&token_type=bearer").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"echo\":\"you sent " + token + "\"}").build());

        http.exchange(new Request.Builder().url(server.url("/login/oauth/access_token")).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/user")).build(), UnaryOperator.identity());

        assertThat(lines.get(0)).contains("\"response_body\":\"access_token=****&scope=&token_type=bearer\"");
        assertThat(lines.get(1)).contains("you sent ****");
        assertThat(String.join("\n", lines)).doesNotContain(token);
    }

    @Test
    @DisplayName("a JSON body's field named as a credential that is no secret of the run is ****; a named slot in an answer"
            + " that is a JSON list is <redacted>")
    void jsonCredentialFieldAndList() throws Exception {
        traced(List.of("/answer/turns/0/slots/EMAIL"), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("[{\"EMAIL\":\"ann@example.com\"},{\"EMAIL\":null}]").build());

        http.exchange(new Request.Builder().url(server.url("/login")).post(RequestBody.create(
                "{\"username\":\"qa\",\"password\":\"pw-plain-4711\"}", JSON)).build(), UnaryOperator.identity());

        assertThat(lines).singleElement().asString()
                .contains("\"request_body\":\"{\\\"username\\\":\\\"qa\\\",\\\"password\\\":\\\"****\\\"}\"",
                        "\"response_body\":\"[{\\\"EMAIL\\\":\\\"<redacted>\\\"},{\\\"EMAIL\\\":null}]\"")
                .doesNotContain("pw-plain-4711", "ann@example.com");
    }

    @Test
    @DisplayName("a pointer to an answer's position (/answer/turns/0) redacts every answer's body whole, JSON or text, and its"
            + " values in later requests; the request's body stays")
    void wholeAnswerRedacted() throws Exception {
        traced(List.of("/answer/turns/0"), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"text\":\"Booked for Anna Schmidt\",\"order\":\"ORD-7731\",\"n\":null}").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain").body("Anna Schmidt").build());

        http.exchange(new Request.Builder().url(server.url("/book")).post(RequestBody.create("{\"text\":\"book\"}", JSON)).build(),
                UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/track")).post(RequestBody.create("{\"order\":\"ORD-7731\"}", JSON))
                .build(), UnaryOperator.identity());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"request_body\":\"{\\\"text\\\":\\\"book\\\"}\"",
                "\"response_body\":\"<redacted>\"");
        assertThat(lines.get(1)).contains("\"request_body\":\"{\\\"order\\\":\\\"<redacted>\\\"}\"",
                "\"response_body\":\"<redacted>\"");
        assertThat(String.join("\n", lines)).doesNotContain("ORD-7731", "Anna");
    }

    @Test
    @DisplayName("a URL's user name and password are **** in the trace, its host and path readable")
    void userInfoMasked() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        server.enqueue(new MockResponse.Builder().body("ok").build());

        http.exchange(new Request.Builder().url(server.url("/x").newBuilder().username("qa-user").password("pw-in-url-4711").build())
                .build(), UnaryOperator.identity());

        assertThat(lines).singleElement().asString().contains("\"url\":\"http://****:****@" + server.getHostName() + ":"
                + server.getPort() + "/x\"").doesNotContain("qa-user", "pw-in-url-4711");
    }

    @Test
    @DisplayName("a body of exactly 64 KiB is written whole; one cut at 64 KiB inside a character is cut before it, never"
            + " half of it")
    void bodyLimitBoundary() throws Exception {
        traced(List.of(), HttpTransport.DEFAULT_BODY_CAP);
        String exact = "x".repeat(TracedExchanges.BODY_LIMIT);
        String across = "x".repeat(TracedExchanges.BODY_LIMIT - 1) + "\u00e9yz";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain; charset=utf-8").body(exact).build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain; charset=utf-8").body(across).build());

        http.exchange(new Request.Builder().url(server.url("/a")).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/b")).build(), UnaryOperator.identity());

        assertThat(lines.get(0)).contains("\"response_body\":\"" + exact + "\",\"response_body_bytes\":65536")
                .doesNotContain("response_body_cut");
        assertThat(lines.get(1)).contains("\"response_body\":\"" + "x".repeat(TracedExchanges.BODY_LIMIT - 1) + "\","
                + "\"response_body_cut\":\"the first 65536 of 65539 bytes\"").doesNotContain("\ufffd");
    }

    @Test
    @DisplayName("an answer of exactly the bytes the client reads is written; an error page beyond them is written unread")
    void answerAtTheClientsCap() throws Exception {
        traced(List.of(), 64);
        server.enqueue(new MockResponse.Builder().body("y".repeat(64)).build());
        server.enqueue(new MockResponse.Builder().code(503).body("z".repeat(65)).build());

        http.exchange(new Request.Builder().url(server.url("/a")).build(), UnaryOperator.identity());
        http.exchange(new Request.Builder().url(server.url("/b")).build(), UnaryOperator.identity());

        assertThat(lines.get(0)).contains("\"response_body\":\"" + "y".repeat(64) + "\",\"response_body_bytes\":64");
        assertThat(lines.get(1)).contains("\"response_body_cut\":\"not read: beyond the 64 bytes the client reads\"")
                .doesNotContain("zzz");
    }
}
