package dev.botsim.cognigy.engine.backend.management;

import dev.botsim.cognigy.engine.config.HttpTimeouts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class ManagementApiSchemaTest {

    private static final String KEY = "mgmt-api-key-canary-123";
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> slept = new ArrayList<>();
    private ManagementApiSchema schema;

    @BeforeEach
    void start() throws Exception {
        server.start();
        schema = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), "proj1")
                .withHttp(HttpTimeouts.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC()).withSleeper(slept::add));
    }

    @AfterEach
    void stop() {
        schema.close();
        server.close();
    }

    private static MockResponse page(String items, String nextCursor) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"items\":[" + items + "],\"total\":9,\"nextCursor\":" + (nextCursor == null ? "null" : "\"" + nextCursor + "\"")
                        + ",\"previousCursor\":null}").build();
    }

    @Test
    @DisplayName("reads flows across pages, each flow's intents and each lexicon's slots, with the API key")
    void readsSchema() throws Exception {
        server.enqueue(page("{\"_id\":\"f1\",\"referenceId\":\"r1\",\"name\":\"flow_greeting\"}", "c2"));
        server.enqueue(page("{\"_id\":\"f2\",\"referenceId\":\"r2\",\"name\":\"flow_order_status\"}", null));
        server.enqueue(page("{\"name\":\"greeting\"}", null));
        server.enqueue(page("{\"name\":\"check_order\"},{\"name\":\"track_package\"}", null));
        server.enqueue(page("{\"_id\":\"l1\",\"name\":\"orders\"}", null));
        server.enqueue(page("{\"name\":\"order_id\"},{\"name\":\"email\"}", null));

        BotSchema result = schema.read();

        assertThat(result.flows()).contains(java.util.Set.of("flow_greeting", "flow_order_status"));
        assertThat(result.intents()).contains(java.util.Set.of("greeting", "check_order", "track_package"));
        assertThat(result.entities()).contains(java.util.Set.of("order_id", "email"));
        RecordedRequest first = server.takeRequest();
        assertThat(first.getUrl().encodedPath()).isEqualTo("/new/v2.0/flows");
        assertThat(first.getUrl().queryParameter("projectId")).isEqualTo("proj1");
        assertThat(first.getHeaders().get("X-API-Key")).isEqualTo(KEY);
        assertThat(first.getBody()).as("no body on GET").isNull();
        assertThat(server.takeRequest().getUrl().queryParameter("next")).isEqualTo("c2");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/new/v2.0/flows/f1/intents");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/new/v2.0/flows/f2/intents");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/new/v2.0/lexicons");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/new/v2.0/lexicons/l1/slots");
    }

    @Test
    @DisplayName("a 429 is retried after Retry-After; a refused key fails clearly without printing it")
    void retriesAndAuth() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
        server.enqueue(new MockResponse.Builder().code(401).body("{\"code\":1000}").build());
        assertThatThrownBy(() -> schema.read())
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.AUTHENTICATION))
                .hasMessageContaining("COGNIGY_API_KEY").hasMessageNotContaining(KEY);
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 12: the client runs on the clock it is given: an HTTP-date Retry-After is waited until that clock's moment")
    void injectedClock() {
        MutableClock clock = new MutableClock();
        ManagementApiSchema onClock = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(KEY), "proj1").withClock(clock).withSleeper(slept::add));
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:07 GMT").build());
        server.enqueue(page("", null));
        server.enqueue(page("", null));
        onClock.read();
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        onClock.close();
    }

    @Test
    @DisplayName("item 12: an answer over the size cap is a protocol error, read no further, never parsed")
    void bodyCap() {
        server.enqueue(page("{\"_id\":\"f1\",\"name\":\"" + "x".repeat((int) ManagementApiSchema.MAX_PAGE) + "\"}", null));
        assertThatThrownBy(() -> schema.read())
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("more than 4 MiB");
    }

    @Test
    @DisplayName("item 12: the API key echoed in an answer is masked before the answer is parsed")
    void echoedKeyMasked() {
        server.enqueue(page("{\"_id\":\"f1\",\"name\":\"" + KEY + "\"}", null));
        server.enqueue(page("", null));
        server.enqueue(page("", null));
        assertThat(schema.read().flows()).contains(java.util.Set.of("****"));
    }

    @Test
    @DisplayName("the request budget waits for the window instead of exceeding the limit")
    void budget() throws Exception {
        MutableClock clock = new MutableClock();
        List<Duration> waits = new ArrayList<>();
        RequestBudget budget = new RequestBudget(3, Duration.ofSeconds(10), clock, d -> {
            waits.add(d);
            clock.advance(d);
        });
        budget.acquire();
        clock.advance(Duration.ofSeconds(4));
        budget.acquire();
        budget.acquire();
        assertThat(waits).isEmpty();
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofSeconds(6));
    }
}
