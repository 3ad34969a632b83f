package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.PlainTextPort;
import dev.botsim.cognigy.engine.transport.RefusingPort;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.TimingOutPort;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * A REST Endpoint message none of whose attempts left this machine — the connection refused, or not made within the
 * connect timeout — is sent again, within {@code cognigy.retry.max-attempts} and the transient backoff, since the flow
 * cannot have seen it; one that may have left is never sent again. On the test clock: nothing really waits.
 */
class UnsentMessageRetriesTest {

    private static final String TOKEN = "a1b2c3d4e5f6secrettoken";
    private static final String HELLO = "{\"outputStack\":[{\"text\":\"hello\",\"data\":{}}]}";

    private final MutableClock clock = new MutableClock();

    private EndpointBackend backend(String url, RetrySettings retry, Sleeper sleeper) {
        return new EndpointBackend(EndpointBackend.Settings.of(Secret.of(url))
                .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withRetry(retry).withClock(clock).withSleeper(sleeper));
    }

    private static TurnRequest request(String text) {
        return new TurnRequest("batch_test", "test_x", 1, "usr_qa01", "web", text, Map.of(), "ses_1", "key-1", null, Map.of());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    @DisplayName("F5: a message whose connection was refused is sent again after a backoff once the endpoint listens: the"
            + " endpoint gets it once, the test passes, and the retry is a report entry naming the refusal, not the token")
    void refusedThenAccepted() throws Exception {
        try (RefusingPort endpoint = new RefusingPort()) {
            endpoint.server().enqueue(json(200, HELLO));
            EndpointBackend backend = backend(endpoint.url("/test/" + TOKEN).toString(), RetrySettings.defaults(),
                    endpoint.sleeperListeningAfter(1, clock));
            try {
                TurnResult result = backend.send(request("where is my order"));
                assertThat(result.turns()).singleElement().satisfies(turn -> assertThat(turn.text()).isEqualTo("hello"));
                assertThat(endpoint.server().getRequestCount()).as("messages the endpoint received").isEqualTo(1);
                assertThat(result.retries()).singleElement().asString()
                        .startsWith("POST to the REST Endpoint failed (ConnectException: ")
                        .contains(String.valueOf(endpoint.port()), "; retried after ").doesNotContain(TOKEN);
                assertThat(endpoint.waits()).singleElement().satisfies(wait ->
                        assertThat(wait).as("the transient backoff's first step").isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
            } finally {
                backend.close();
            }
        }
    }

    @Test
    @DisplayName("a message that left on its second attempt and whose connection then broke, or that was answered 502, is"
            + " not sent a third time: it may have reached the flow")
    void sentOnceNeverRepeated() throws Exception {
        MockResponse readThenBroken = new MockResponse.Builder().code(200).onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        try (RefusingPort endpoint = new RefusingPort()) {
            endpoint.server().enqueue(readThenBroken);
            endpoint.server().enqueue(json(200, "{\"outputStack\":[{\"text\":\"sent twice\",\"data\":{}}]}"));
            EndpointBackend backend = backend(endpoint.url("/test/" + TOKEN).toString(), RetrySettings.defaults(),
                    endpoint.sleeperListeningAfter(1, clock));
            try {
                assertThatThrownBy(() -> backend.send(request("where is my order"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isFalse();
                    assertThat(e.retries()).singleElement().asString().contains("failed (ConnectException");
                }).hasMessageContaining("may have reached the flow").hasMessageNotContaining("cannot reach").hasMessageNotContaining(TOKEN);
                assertThat(endpoint.server().getRequestCount()).as("messages the endpoint received").isEqualTo(1);
                assertThat(endpoint.waits()).hasSize(1);
            } finally {
                backend.close();
            }
        }
        try (RefusingPort endpoint = new RefusingPort()) {
            endpoint.server().enqueue(json(502, "{\"error\":\"bad gateway\"}"));
            endpoint.server().enqueue(json(200, "{\"outputStack\":[{\"text\":\"sent twice\",\"data\":{}}]}"));
            EndpointBackend backend = backend(endpoint.url("/test/" + TOKEN).toString(), RetrySettings.defaults(),
                    endpoint.sleeperListeningAfter(1, clock));
            try {
                assertThatThrownBy(() -> backend.send(request("where is my order"))).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("answered HTTP 502");
                assertThat(endpoint.server().getRequestCount()).as("messages the endpoint received").isEqualTo(1);
            } finally {
                backend.close();
            }
        }
    }

    @Test
    @DisplayName("a message refused on every attempt is sent cognigy.retry.max-attempts times, then fails saying the endpoint"
            + " cannot be reached and the message never left, its retries said")
    void attemptLimitHolds() throws Exception {
        try (RefusingPort endpoint = new RefusingPort()) {
            RecordingSleeper sleeper = new RecordingSleeper(clock);
            EndpointBackend backend = backend(endpoint.url("/test/" + TOKEN).toString(), RetrySettings.defaults().withMaxAttempts(3),
                    sleeper);
            try {
                assertThatThrownBy(() -> backend.send(request("where is my order"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                    assertThat(e.retries()).hasSize(2).allSatisfy(line -> assertThat(line)
                            .startsWith("POST to the REST Endpoint failed (ConnectException: ").doesNotContain(TOKEN));
                }).hasMessageContaining("cannot reach REST Endpoint http://127.0.0.1:" + endpoint.port() + "/test/****")
                        .hasMessageNotContaining(TOKEN);
                assertThat(sleeper.waits()).as("3 attempts, the backoff between them").hasSize(2);
                assertThat(sleeper.waits().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            } finally {
                backend.close();
            }
        }
    }

    @Test
    @DisplayName("a message whose connection was not made in time is sent again too: a connect timeout never left")
    void connectTimeoutRepeated() throws Exception {
        try (TimingOutPort unreachable = new TimingOutPort()) {
            RecordingSleeper sleeper = new RecordingSleeper(clock);
            EndpointBackend backend = new EndpointBackend(EndpointBackend.Settings.of(Secret.of(unreachable.url("/test/" + TOKEN).toString()))
                    .withHttp(new HttpSettings(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                    .withRetry(RetrySettings.defaults().withMaxAttempts(2)).withClock(clock).withSleeper(sleeper));
            try {
                assertThatThrownBy(() -> backend.send(request("ORD_99"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                    assertThat(e.retries()).singleElement().asString().startsWith("POST to the REST Endpoint failed (SocketTimeoutException");
                }).hasMessageContaining("cannot reach REST Endpoint").hasMessageNotContaining("may have reached the flow");
                assertThat(sleeper.waits()).hasSize(1);
            } finally {
                backend.close();
            }
        }
    }

    @Test
    @DisplayName("F5: a host that does not resolve and a TLS handshake with a port that speaks plain HTTP never left either:"
            + " repeated the same bounded way, as the simulation API repeats them, then failing unsent and classified")
    void dnsAndHandshakeFailuresRepeatedBounded() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        EndpointBackend nowhere = backend("http://no-such-host.invalid/test/" + TOKEN, RetrySettings.defaults().withMaxAttempts(2), sleeper);
        try {
            assertThatThrownBy(() -> nowhere.send(request("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
                assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                assertThat(e.retries()).singleElement().asString().startsWith("POST to the REST Endpoint failed (UnknownHostException");
            }).hasMessageContaining("cannot reach REST Endpoint http://no-such-host.invalid/test/****").hasMessageNotContaining(TOKEN);
        } finally {
            nowhere.close();
        }
        try (PlainTextPort plain = new PlainTextPort()) {
            EndpointBackend tlsToPlain = backend(plain.httpsUrl("/test/" + TOKEN).toString(), RetrySettings.defaults().withMaxAttempts(2),
                    sleeper);
            try {
                assertThatThrownBy(() -> tlsToPlain.send(request("hi"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                    assertThat(e.retries()).singleElement().asString().startsWith("POST to the REST Endpoint failed (SSL");
                }).hasMessageContaining("cannot reach REST Endpoint https://").hasMessageNotContaining(TOKEN);
            } finally {
                tlsToPlain.close();
            }
        }
        assertThat(sleeper.waits()).as("one backoff each: two attempts, never more").hasSize(2)
                .allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(100)));
    }

    @Test
    @DisplayName("a message repeated while it never left counts once towards an outage when it finally fails, with its"
            + " attempts, as a simulation API request does: its own attempts never open the breaker on it")
    void countsOnceTowardsAnOutage() throws Exception {
        try (RefusingPort endpoint = new RefusingPort()) {
            RecordingSleeper sleeper = new RecordingSleeper(clock);
            EndpointBackend backend = backend(endpoint.url("/test/" + TOKEN).toString(),
                    RetrySettings.defaults().withOutageAfter(2).withOutageProbe(Duration.ofSeconds(30)), sleeper);
            try {
                assertThatThrownBy(() -> backend.send(request("first"))).isInstanceOf(BackendException.class);
                clock.advance(Duration.ofSeconds(30));
                assertThatThrownBy(() -> backend.send(request("second"))).isInstanceOfSatisfying(BackendException.class, e ->
                        assertThat(e.retries()).as("every attempt made: four failures of the first did not open it").hasSize(3));
                assertThatThrownBy(() -> backend.send(request("third"))).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.messageUnsent()).isTrue();
                    assertThat(e.retries()).isEmpty();
                }).hasMessageContaining("POST to the REST Endpoint not sent: the server failed 2 requests in a row since")
                        .hasMessageContaining("the first: POST to the REST Endpoint failed (ConnectException: ")
                        .hasMessageContaining(" (4 attempts) (cognigy.retry.outage-after)").hasMessageNotContaining(TOKEN);
                assertThat(sleeper.waits()).as("3 waits for each of the first two messages, none for the third").hasSize(6);
            } finally {
                backend.close();
            }
        }
    }
}
