package dev.botsim.cognigy.engine.backend.endpoint;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.TimingOutPort;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EndpointBackendTest {

    private static final String TOKEN = "a1b2c3d4e5f6secrettoken";
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final JsonMapper json = JsonMapper.builder().build();
    private EndpointBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.start();
        backend = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(server.url("/test/" + TOKEN).toString()))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))).withMaxConcurrency(3)
                .withRetry(RetrySettings.defaults().withLongestWait(Duration.ofSeconds(5)).withRateLimitTimeout(Duration.ofSeconds(30))));
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static TurnRequest request(String text, String sessionId) {
        return new TurnRequest("batch_test", "test_x", 1, "usr_qa01", "web", text, Map.of("language", "en"), sessionId, "key-1", null, Map.of());
    }

    @Test
    @DisplayName("POSTs userId, sessionId, text and data to the endpoint URL, a fresh session per single message")
    void requestShape() throws Exception {
        server.enqueue(json(200, "{\"outputStack\":[]}"));
        server.enqueue(json(200, "{\"outputStack\":[]}"));
        TurnResult first = backend.send(request("hi", null));
        backend.send(request("hi", null));
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/test/" + TOKEN);
        JsonNode body = json.readTree(recorded.getBody().utf8());
        assertThat(body.path("userId").asString()).isEqualTo("usr_qa01");
        assertThat(body.path("text").asString()).isEqualTo("hi");
        assertThat(body.path("data").path("language").asString()).isEqualTo("en");
        assertThat(body.path("sessionId").asString()).startsWith("ses_").isEqualTo(first.sessionId());
        String second = json.readTree(server.takeRequest().getBody().utf8()).path("sessionId").asString();
        assertThat(second).isNotEqualTo(first.sessionId());
    }

    @Test
    @DisplayName("a conversation's session id is sent as given")
    void sessionKept() throws Exception {
        server.enqueue(json(200, "{\"outputStack\":[]}"));
        backend.send(request("hi", "ses_conversation1"));
        assertThat(json.readTree(server.takeRequest().getBody().utf8()).path("sessionId").asString())
                .isEqualTo("ses_conversation1");
    }

    @Test
    @DisplayName("texts of all outputs are collected; intent, score, flow and slots are read from the Code-node output")
    void outputsAndConvention() {
        server.enqueue(json(200, """
                {"text":"ignored top-level join","outputStack":[
                  {"text":"Let me look up your order ORD_99","data":{},"source":"bot"},
                  {"text":"Anything else?","data":null,"source":"bot"},
                  {"text":null,"data":{"intent":"check_order","intentScore":0.87,"intentFlow":"flow_order_status",
                     "flowName":"flow_order_status","slots":{"order_id":[{"keyphrase":"ORD_99","value":"ORD_99"}],"NUMBER":[99]},
                     "state":"default"},"source":"bot"}]}"""));
        TurnResult result = backend.send(request("where is my order ORD_99", null));
        assertThat(result.status()).isEqualTo("completed");
        BotTurn turn = result.turns().get(0);
        assertThat(turn.text()).isEqualTo("Let me look up your order ORD_99\nAnything else?");
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.intentScore()).isEqualTo(0.87);
        assertThat(turn.flowId()).isEqualTo("flow_order_status");
        assertThat(turn.entities()).containsExactlyInAnyOrderEntriesOf(Map.of("order_id", "ORD_99", "NUMBER", 99));
    }

    @Test
    @DisplayName("an intent score outside 0 to 1 (a pointer aimed at another number) is a protocol error naming the key,"
            + " not a score that passes any intent_min_score")
    void scoreOutOfRange() {
        server.enqueue(json(200, """
                {"outputStack":[{"text":"Found it","data":{}},
                  {"text":null,"data":{"intent":"check_order","intentScore":87,"flowName":"flow_order_status"}}]}"""));
        assertThatThrownBy(() -> backend.send(request("where is my order ORD_99", null))).isInstanceOf(BackendException.class)
                .hasMessageContaining("the output data's /intentScore (cognigy.endpoint.data.intent-score) has the intent score"
                        + " 87.0, outside 0 to 1");
    }

    @Test
    @DisplayName("a flow pointer aimed at a list, or an intent score at a text that is no number, is a protocol error saying"
            + " what the pointer found and which key to change")
    void pointerAimedAtAnotherValue() {
        server.enqueue(json(200, """
                {"outputStack":[{"text":"Found it","data":{}},
                  {"text":null,"data":{"intent":"check_order","flowName":["Main Flow","Orders"]}}]}"""));
        assertThatThrownBy(() -> backend.send(request("where is my order ORD_99", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("the output data's /flowName (cognigy.endpoint.data.flow) is a list, [\"Main Flow\",\"Orders\"],"
                        + " not the flow's name (input.flowName): point cognigy.endpoint.data.flow at the flow's name");
        server.enqueue(json(200, """
                {"outputStack":[{"text":"Found it","data":{}},
                  {"text":null,"data":{"intent":"check_order","intentScore":"high","flowName":"Orders"}}]}"""));
        assertThatThrownBy(() -> backend.send(request("where is my order ORD_99", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("the output data's /intentScore (cognigy.endpoint.data.intent-score) is the text \"high\","
                        + " not an intent score: point cognigy.endpoint.data.intent-score at the score");
    }

    @Test
    @DisplayName("item 2: an empty outputStack is no answer: no turn, rather than one turn with nothing in it")
    void emptyOutputStackIsNoTurn() {
        server.enqueue(json(200, "{\"text\":\"\",\"data\":{},\"outputStack\":[]}"));
        TurnResult result = backend.send(request("hello", null));
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.turns()).isEmpty();
    }

    @Test
    @DisplayName("an error reported by the flow makes the turn carry the error code")
    void errorCode() {
        server.enqueue(json(200, """
                {"outputStack":[{"text":null,"data":{"intent":"request_refund","flowName":"flow_refund",
                  "error":{"code":"FLOW_NOT_DEPLOYED","message":"flow flow_refund is not deployed"}}}]}"""));
        BotTurn turn = backend.send(request("I want a refund", null)).turns().get(0);
        assertThat(turn.errorCode()).isEqualTo("FLOW_NOT_DEPLOYED");
        assertThat(turn.errorMessage()).isEqualTo("flow flow_refund is not deployed");
    }

    @Test
    @DisplayName("429 with Retry-After is retried (the turn never reached the flow); 5xx is not, and never shows the URL token")
    void retriesOnlyRefusals() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"hello\",\"data\":{}}]}"));
        TurnResult result = backend.send(request("hi", null));
        assertThat(result.retries()).singleElement().asString()
                .matches("POST to the REST Endpoint answered 429 with Retry-After 0; retried after [1-9][0-9]* ms");
        assertThat(server.getRequestCount()).isEqualTo(2);

        server.enqueue(json(502, "{\"error\":\"bad gateway\"}"));
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                .hasMessageContaining("HTTP 502").hasMessageContaining("/test/****").hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a 401 or 403 says the REST Endpoint takes no credentials, so what refused stands in front of it; a 413 says"
            + " how large the message was and what limits it")
    void refusalsSayWhatTheyMean() {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "text/html")
                .body("<html><body><h1>401 Authorization Required</h1><hr>nginx</body></html>").build());
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .hasMessageContaining("answered HTTP 401: an HTML page")
                .hasMessageContaining("a REST Endpoint takes no credentials: what refused the message stands in front of it"
                        + " (a proxy, an IP allow-list, a firewall), and the message never reached the flow");
        server.enqueue(json(403, "{\"error\":\"Forbidden\"}"));
        assertThatThrownBy(() -> backend.send(request("hi", null))).hasMessageContaining("a REST Endpoint takes no credentials");

        server.enqueue(json(413, "{\"error\":\"request entity too large\"}"));
        String said = "x".repeat(70_000);
        assertThatThrownBy(() -> backend.send(request(said, null)))
                .hasMessageContaining("answered HTTP 413: {\"error\":\"request entity too large\"}")
                .hasMessageContaining("; the message was about 70 kB (its text and data, with the test marker), more than the"
                        + " endpoint, or a proxy in front of it, accepts: Cognigy's Maximum Input Size is 65 kB by default");
    }

    @Test
    @DisplayName("an error answer is told by whose it is: the REST Endpoint takes no credentials, so a 401 or 403 (a proxy"
            + " or allow-list in front of it) and a 404 (a URL token naming no endpoint) are the run's setup, not the bot's"
            + " answer to the message, which a 400 or 413 is; a record of the run keeps none of the first three")
    void errorAnswersAreToldByWhoseTheyAre() {
        Map<Integer, BackendException.Kind> kinds = new java.util.LinkedHashMap<>();
        kinds.put(401, BackendException.Kind.AUTHENTICATION);
        kinds.put(403, BackendException.Kind.PERMISSION);
        kinds.put(404, BackendException.Kind.CONFIGURATION);
        kinds.put(400, BackendException.Kind.REJECTED);
        kinds.put(413, BackendException.Kind.REJECTED);
        kinds.forEach((code, kind) -> {
            server.enqueue(json(code, "{\"error\":\"refused\"}"));
            assertThatThrownBy(() -> backend.send(request("hi", null))).as("HTTP " + code)
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.kind().ofTheRunsSetup()).isEqualTo(code == 401 || code == 403 || code == 404);
                    })
                    .hasMessageContaining("answered HTTP " + code).hasMessageNotContaining(TOKEN);
        });
        server.enqueue(json(404, "{}"));
        assertThatThrownBy(() -> backend.send(request("hi", null))).hasMessageContaining("its URL names no endpoint: check the"
                + " URL token in COGNIGY_ENDPOINT_URL");
    }

    @Test
    @DisplayName("an HTTP 500 (a flow that broke on the message) is the endpoint failing, sent once: the message says it may"
            + " have reached the flow")
    void serverErrorIsTheEndpointsFailure() {
        server.enqueue(json(500, "{\"error\":\"Internal Server Error\",\"statusCode\":500}"));
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.messageUnsent()).isFalse();
                })
                .hasMessageContaining("REST Endpoint " + server.url("/test/****") + " answered HTTP 500: {\"error\":\"Internal"
                        + " Server Error\",\"statusCode\":500}; the message may have reached the flow, so it is not repeated")
                .hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("503s the endpoint answered count towards an outage though never repeated: after cognigy.retry.outage-after"
            + " of them in a row, over the probe interval, the next message is not sent; a 500 of a live flow does not count")
    void unavailableAnswersOpenTheOutageBreaker() {
        MutableClock clock = new MutableClock();
        EndpointBackend guarded = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(server.url("/test/" + TOKEN).toString()))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(RetrySettings.defaults().withOutageAfter(2).withOutageProbe(Duration.ofSeconds(30)))
                .withClock(clock).withSleeper(new RecordingSleeper(clock)));
        try {
            for (int code : new int[] {500, 500, 503, 503}) {
                // The failures in a row open it once they span the probe interval.
                clock.advance(Duration.ofSeconds(30));
                server.enqueue(json(code, "{\"error\":\"HTTP " + code + "\"}"));
                assertThatThrownBy(() -> guarded.send(request("hi", null))).hasMessageContaining("answered HTTP " + code);
            }
            assertThat(server.getRequestCount()).isEqualTo(4);
            assertThatThrownBy(() -> guarded.send(request("hi", null)))
                    .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue())
                    .hasMessageContaining("POST to the REST Endpoint not sent: the server failed 2 requests in a row since")
                    .hasMessageContaining("the first: POST to the REST Endpoint answered 503").hasMessageNotContaining(TOKEN);
            assertThat(server.getRequestCount()).isEqualTo(4);
        } finally {
            guarded.close();
        }
    }

    @Test
    @DisplayName("a redirect (an http:// URL sent on to https://, an endpoint host moved) is the run's setup, not the bot's"
            + " answer: the message never reached the flow, a record keeps none of it, and the message names where it"
            + " points with its URL token masked")
    void redirectIsTheRunsSetup() {
        for (int code : new int[] {300, 301, 302, 307, 308}) {
            server.enqueue(new MockResponse.Builder().code(code).setHeader("Location", "https://endpoint-trial.cognigy.ai/test/" + TOKEN)
                    .setHeader("Content-Type", "text/html")
                    .body("<html><head><title>" + code + " Moved</title></head><body><h1>Moved</h1></body></html>").build());
            assertThatThrownBy(() -> backend.send(request("hi", null))).as("HTTP " + code)
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                        assertThat(e.messageUnsent()).isTrue();
                    })
                    .hasMessageContaining("answered HTTP " + code + ", a redirect to https://endpoint-trial.cognigy.ai/test/****")
                    .hasMessageContaining("give that URL in COGNIGY_ENDPOINT_URL")
                    .hasMessageNotContaining(TOKEN).hasMessageNotContaining("may have reached the flow");
        }
        server.enqueue(new MockResponse.Builder().code(302).build());
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION))
                .hasMessageContaining("answered HTTP 302, a redirect without a Location");
    }

    @Test
    @DisplayName("a gateway's HTML error page is shown by its text and said to be no answer of Cognigy's; a 5xx says the"
            + " message may have reached the flow and was not sent again, a 4xx does not")
    void gatewayErrorPage() {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
                        + "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>").build());
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                .hasMessageContaining("answered HTTP 502: an HTML page, not Cognigy's answer (a gateway or proxy in front of the"
                        + " endpoint): 502 Bad Gateway 502 Bad Gateway nginx; the message may have reached the flow, so it is"
                        + " not repeated").hasMessageNotContaining("<center>");
        server.enqueue(json(400, "{\"error\":\"text or data required\"}"));
        assertThatThrownBy(() -> backend.send(request("hi", null))).hasMessageContaining("answered HTTP 400: {\"error\":\"text or data required\"}")
                .hasMessageNotContaining("may have reached the flow");
    }

    @Test
    @DisplayName("an answer over the 1 MiB the engine reads is a protocol error that says where in the flow to look")
    void answerTooLarge() {
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"hello\",\"data\":{\"context\":\"" + "x".repeat(1 << 20)
                + "\"}}]}"));
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("answered more than 1 MiB, which is not read: far more than a chat answer — look in the"
                        + " flow for an output whose data carries a large object");
    }

    @Test
    @DisplayName("H6: a 429 from the endpoint cuts the concurrency limit, a 5xx or a message answered does not")
    void rateLimitCutsConcurrency() {
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"hello\",\"data\":{}}]}"));
        server.enqueue(json(502, "{\"error\":\"bad gateway\"}"));
        backend.send(request("hi", null));
        assertThatThrownBy(() -> backend.send(request("hi", null))).isInstanceOf(BackendException.class);
        assertThat(backend.concurrency()).get().satisfies(state -> {
            assertThat(state.cuts()).isZero();
            assertThat(state.lowest()).isEqualTo(3);
        });

        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"hello\",\"data\":{}}]}"));
        backend.send(request("hi", null));
        assertThat(backend.concurrency()).get().satisfies(state -> {
            assertThat(state.cuts()).isEqualTo(1);
            assertThat(state.lowest()).isEqualTo(2);
            assertThat(state.inFlight()).isZero();
        });
    }

    @Test
    @DisplayName("F2: a connection broken after the endpoint read the message is not sent again, and the message says it may have arrived")
    void brokenAfterReadNotRepeated() throws Exception {
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"hello\",\"data\":{}}]}"));
        backend.send(request("hi", null)); // the next message goes out on this pooled connection
        server.enqueue(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"sent twice\",\"data\":{}}]}"));
        assertThatThrownBy(() -> backend.send(request("where is my order", "ses_1")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                .hasMessageContaining("REST Endpoint " + "http://" + server.getHostName() + ":" + server.getPort() + "/test/****")
                .hasMessageContaining("may have reached the flow").hasMessageNotContaining("cannot reach")
                .hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).as("messages the endpoint received").isEqualTo(2);
    }

    @Test
    @DisplayName("a message the endpoint read but did not answer in time is not sent again, and the timeout says it may"
            + " have reached the flow")
    void timeoutNotRepeated() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        server.enqueue(json(200, "{\"outputStack\":[{\"text\":\"sent twice\",\"data\":{}}]}"));
        assertThatThrownBy(() -> backend.send(request("ORD_99", "ses_1")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT))
                .hasMessageContaining("did not answer in time").hasMessageContaining("may have reached the flow")
                .hasMessageContaining("not sent again").hasMessageNotContaining(TOKEN);
        assertThat(server.getRequestCount()).as("messages the endpoint received").isEqualTo(1);
    }

    @Test
    @DisplayName("a message whose connection timed out never left, though its SocketTimeoutException is a read timeout's:"
            + " it says the endpoint cannot be reached, not that the message may have reached the flow")
    void connectTimeoutNeverLeft() throws Exception {
        try (TimingOutPort unreachable = new TimingOutPort()) {
            EndpointBackend dropping = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(unreachable.url("/test/" + TOKEN).toString()))
                    .withHttp(new HttpSettings(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                    .withRetry(RetrySettings.defaults().withMaxAttempts(1)));
            try {
                assertThatThrownBy(() -> dropping.send(request("ORD_99", "ses_1"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                }).hasMessageContaining("cannot reach REST Endpoint http://127.0.0.1:" + unreachable.port() + "/test/****")
                        .hasMessageContaining("SocketTimeoutException").hasMessageNotContaining("may have reached the flow")
                        .hasMessageNotContaining(TOKEN);
            } finally {
                dropping.close();
            }
        }
    }

    @Test
    @DisplayName("H5: a Retry-After longer than the run waits fails clearly instead of stalling")
    void absurdRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "86400").build());
        assertThatThrownBy(() -> backend.send(request("hi", null))).isInstanceOf(BackendException.class)
                .hasMessageContaining("86400 s").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("F3: a 200 with an HTML body is a protocol error with a short snippet, never a pass")
    void htmlBody() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body>Maintenance</body></html>").build());
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("Maintenance");
    }

    @Test
    @DisplayName("an HTML page of close to 1 MiB of '<' and scripts never ended (cut short, or hostile) is shown by its text at"
            + " once, as any page: removing its markup searched on to its end from each '<', for hours")
    void htmlPageOfOpeningsWithoutEnds() {
        String page = "<html><body><h1>Maintenance</h1>" + "<script x".repeat(40_000) + "a<".repeat(300_000);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body(page).build());

        Throwable failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> backend.send(request("hi", null))));

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("answered HTTP 200 with an HTML page, not Cognigy's answer")
                .hasMessageContaining("Maintenance");
    }

    @Test
    @DisplayName("a 200 HTML page (a corporate proxy's sign-in page, a maintenance page) is said to be one and shown by its"
            + " text, not by the markup and scripts it opens with")
    void htmlPageWithSuccessStatus() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .body("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
                        + "device-width, initial-scale=1\"><title>Sign in</title><style>body{font-family:sans-serif;margin:0;"
                        + "padding:2em;background:#f4f4f4}</style><script>window.dataLayer=window.dataLayer||[];</script></head>"
                        + "<body><h1>Sign in to continue to /" + TOKEN + "</h1></body></html>").build());
        assertThatThrownBy(() -> backend.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("answered HTTP 200 with an HTML page, not Cognigy's answer")
                .hasMessageContaining("Sign in Sign in to continue to /****")
                .hasMessageNotContaining("<meta").hasMessageNotContaining("dataLayer").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("F5: connection refused is a fast transport error that does not print the URL token")
    void connectionRefused() throws Exception {
        String url = server.url("/" + TOKEN).toString();
        server.close();
        MutableClock clock = new MutableClock();
        EndpointBackend closed = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(url))
                .withHttp(new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))).withMaxConcurrency(3)
                .withRetry(RetrySettings.defaults().withLongestWait(Duration.ofSeconds(5)).withRateLimitTimeout(Duration.ofSeconds(30)))
                .withClock(clock).withSleeper(new RecordingSleeper(clock)));
        assertThatThrownBy(() -> closed.send(request("hi", null)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                .hasMessageNotContaining(TOKEN);
        closed.close();
    }

    @Test
    @DisplayName("the backend names the Code node to add when outputs carry no NLU data")
    void hint() {
        assertThat(backend.missingNluDataHint()).get().asString().contains("api.output(null", "input.intent");
    }

    @Test
    @DisplayName("the masked URL keeps host and path but hides the URL token")
    void masking() {
        assertThat(EndpointBackend.masked(okhttp3.HttpUrl.get("https://endpoint-trial.cognigy.ai/" + TOKEN)))
                .isEqualTo("https://endpoint-trial.cognigy.ai/****");
    }
}
