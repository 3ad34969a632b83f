package dev.botsim.cognigy.engine.backend.management;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import dev.botsim.cognigy.engine.transport.RetryAfter;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The management client against a tenant's shapes: the project without an endpoint, paging, errors, context injection. */
class ManagementApiSchemaTest {

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<Duration> slept = new ArrayList<>();
    private ManagementApiSchema schema;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        schema = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), "proj1")
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC()).withSleeper(slept::add));
    }

    @AfterEach
    void stop() {
        schema.close();
        server.close();
    }

    @Test
    @DisplayName("without an endpoint token: every flow of the project across pages, their enabled intents and system slots,"
            + " slot fillers and every lexicon's slots, with the API key")
    void readsProject() throws Exception {
        tenant.pageSize = 2;
        BotSchema result = schema.read();

        assertThat(result.flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(result.intents()).contains(Set.of("check_order", "greeting", "check_order_by_email", "opening_hours",
                "legacy_intent"));
        assertThat(result.entities()).contains(Set.of("order_id", "Carrier", "topic", "legacy_slot", "order_number", "DATE",
                "NUMBER", "EMAIL", "URL", "MONEY"));
        assertThat(result.underTest()).isEmpty();
        // The flow list's lastChanged (milliseconds) is the live project's version; a flow without one is left out.
        assertThat(result.flowsLastChanged()).containsExactly(Map.entry("FAQ", "2024-06-02T12:00:00Z"),
                Map.entry("Main Flow", "2024-06-01T12:00:00Z"));
        assertThat(result.knowsEntity("NUMBER")).isTrue();
        assertThat(result.knowsEntity("number")).as("compared as Cognigy names slots").isFalse();
        RecordedRequest first = tenant.requests.get(0);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/new/v2.0/projects/proj1");
        assertThat(first.getHeaders().get("X-API-Key")).isEqualTo(KEY);
        assertThat(first.getBody()).as("no body on GET").isNull();
        assertThat(tenant.to("flows")).extracting(r -> r.getUrl().queryParameter("next")).containsExactly(null, "c2");
        assertThat(tenant.to("flows")).allSatisfy(r -> assertThat(r.getUrl().queryParameter("projectId")).isEqualTo("proj1"));
    }

    @Test
    @DisplayName("an intent item without a name (absent, null, blank) is no intent of the bot: left out, as a"
            + " flow without a name is, not listed as an intent named \"\"")
    void intentWithoutANameIsLeftOut() throws Exception {
        List<Map<String, Object>> faq = new ArrayList<>(tenant.intents.get("f-faq"));
        faq.add(ManagementApiFake.map("_id", "i8", "isDisabled", false, "isRejectIntent", false));
        faq.add(ManagementApiFake.map("_id", "i9", "name", null, "isDisabled", false, "isRejectIntent", false));
        faq.add(ManagementApiFake.map("_id", "i10", "name", "  ", "isDisabled", false, "isRejectIntent", false));
        tenant.intents.put("f-faq", faq);

        BotSchema result = schema.read();

        assertThat(result.intents()).contains(Set.of("check_order", "greeting", "check_order_by_email", "opening_hours",
                "legacy_intent"));
    }

    @Test
    @DisplayName("a flow item without a name (absent, null, blank) is no flow of the bot: left out of its flows, the"
            + " known flows' labels and the flow name a reference id stands for, not listed as a flow named \"\"")
    void flowWithoutANameIsLeftOut() throws Exception {
        tenant.flows.add(ManagementApiFake.map("_id", "f-n1", "referenceId", "ref-n1", "isTrainingOutOfDate", false));
        tenant.flows.add(ManagementApiFake.map("_id", "f-n2", "referenceId", "ref-n2", "name", null, "isTrainingOutOfDate", false));
        tenant.flows.add(ManagementApiFake.map("_id", "f-n3", "referenceId", "ref-n3", "name", "  ", "isTrainingOutOfDate", false));

        BotSchema result = schema.schema();

        assertThat(result.flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(result.flowLabels()).hasValueSatisfying(labels -> assertThat(labels).hasSize(3)
                .allSatisfy(label -> assertThat(label).matches("(Main Flow|FAQ|Legacy) \\(.+\\)")));
        assertThat(result.knowsFlow("")).as("no flow of the bot is named \"\"").isFalse();
        assertThat(schema.flowName("ref-n1")).isEmpty();
        assertThat(schema.flowName("ref-n3")).isEmpty();
        assertThat(schema.flowName(ManagementApiFake.FAQ_REF)).contains("FAQ");
    }

    @Test
    @DisplayName("a slot filler or lexicon slot without a name (absent, null, blank) is no entity of the bot: left out,"
            + " not listed as an entity named \"\"")
    void slotWithoutANameIsLeftOut() throws Exception {
        tenant.slotFillers.put("f-faq", List.of(ManagementApiFake.map("_id", "sf2"), ManagementApiFake.map("_id", "sf3", "name", null)));
        List<Map<String, Object>> slots = new ArrayList<>(tenant.lexiconSlots.get("lex-faq"));
        slots.add(ManagementApiFake.map("_id", "s5", "name", " "));
        slots.add(ManagementApiFake.map("_id", "s6"));
        tenant.lexiconSlots.put("lex-faq", slots);

        BotSchema result = schema.read();

        assertThat(result.entities()).contains(Set.of("order_id", "Carrier", "topic", "legacy_slot", "order_number", "DATE",
                "NUMBER", "EMAIL", "URL", "MONEY"));
        assertThat(result.knowsEntity("")).isFalse();
    }

    @Test
    @DisplayName("item 14: a 429 is retried after Retry-After; a refused key on the project probe is one configuration message"
            + " naming the project id and the key's variable, never the key")
    void retriesAndAuth() {
        tenant.next.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
        tenant.next.add(problem(401, "Unauthorized", "Invalid API key"));
        assertThatThrownBy(() -> schema.read()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.management.project-id").hasMessageContaining("COGNIGY_API_KEY")
                .hasMessageNotContaining(KEY);
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        assertThat(tenant.requests).hasSize(2);
    }

    @ParameterizedTest(name = "item 14: HTTP {0} on the project probe")
    @ValueSource(ints = {400, 403, 404, 500})
    @DisplayName("item 14: a bad key or project id, whatever status Cognigy gives it, is one configuration message with the"
            + " problem's detail and traceId")
    void probeRefused(int status) {
        for (int i = 0; i < 3; i++) tenant.next.add(problem(status, "Refused", "Invalid projectId"));
        assertThatThrownBy(() -> schema.read()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTP " + status + " on GET /new/v2.0/projects/proj1: Invalid projectId"
                        + " (traceId api--f84324f4-98eb-4f02-abdd-375a2e6c3c1f)")
                .hasMessageContaining("cognigy.management.project-id").hasMessageContaining("COGNIGY_API_KEY");
        assertThat(tenant.to("flows")).as("nothing read after the probe").isEmpty();
    }

    @Test
    @DisplayName("item 14: an RFC 7807 error gives its detail and traceId to the message")
    void problemDetail() {
        tenant.overrides.put("flows/f-faq/intents", problem(404, "Not Found", "Flow f-faq has no intents in this locale"));
        assertThatThrownBy(() -> schema.read()).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f-faq/intents: Flow f-faq has no intents in"
                        + " this locale (traceId api--f84324f4-98eb-4f02-abdd-375a2e6c3c1f)");
    }

    @Test
    @DisplayName("item 14: a list whose pages name their cursor 'next' is read to its end")
    void nextField() {
        tenant.pageSize = 1;
        tenant.cursorField = "next";
        assertThat(schema.read().flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(tenant.to("flows")).hasSize(3);
    }

    @Test
    @DisplayName("item 14: a list that gives no cursor before its total is reached goes on with skip")
    void skipPaging() {
        tenant.pageSize = 2;
        tenant.noCursor = true;
        assertThat(schema.read().flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(tenant.to("flows")).extracting(r -> r.getUrl().queryParameter("skip")).containsExactly(null, "2");
    }

    @Test
    @DisplayName("item 14: a list that ends short of its total fails loudly instead of giving part of the bot")
    void stopsShortLoudly() {
        tenant.totalSurplus = 1;
        assertThatThrownBy(() -> schema.read()).isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("/new/v2.0/flows announced 4 items but its pages ended after 3");
    }

    @Test
    @DisplayName("item 14: a broken connection is retried after a backoff, not at once")
    void ioBackoff() {
        tenant.next.add(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
                .build());
        assertThat(schema.read().flows()).contains(Set.of("Main Flow", "FAQ", "Legacy"));
        assertThat(slept).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    @DisplayName("the client runs on the clock it is given: an HTTP-date Retry-After is waited until that clock's moment")
    void injectedClock() {
        MutableClock clock = new MutableClock();
        ManagementApiSchema onClock = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(KEY), "proj1").withClock(clock).withSleeper(slept::add));
        tenant.next.add(new MockResponse.Builder().code(503).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:07 GMT").build());
        onClock.read();
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        onClock.close();
    }

    @Test
    @DisplayName("an HTTP-date Retry-After is read against the answer's Date: a server whose clock is ten minutes ahead of this"
            + " machine's, or behind it, asking for 7 s is waited 7 s, not given up as asking for ten minutes, nor backed off")
    void retryAfterDateOnTheServersClock() {
        MutableClock clock = new MutableClock();
        ManagementApiSchema onClock = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(KEY), "proj1").withClock(clock).withSleeper(slept::add));
        tenant.next.add(new MockResponse.Builder().code(503).setHeader("Date", "Tue, 24 Nov 2026 10:10:00 GMT")
                .setHeader("Retry-After", "Tue, 24 Nov 2026 10:10:07 GMT").build());
        tenant.next.add(new MockResponse.Builder().code(503).setHeader("Date", "Tue, 24 Nov 2026 09:50:00 GMT")
                .setHeader("Retry-After", "Tue Nov 24 09:50:07 2026").build());
        onClock.read();
        assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        onClock.close();

        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:10:07 GMT", "Tue, 24 Nov 2026 10:10:00 GMT")).isEqualTo("7");
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:10:07 GMT", null)).as("no Date: as it is")
                .isEqualTo("Tue, 24 Nov 2026 10:10:07 GMT");
        assertThat(RetryAfter.onServersClock("Tue, 24 Nov 2026 10:09:00 GMT", "Tue, 24 Nov 2026 10:10:00 GMT"))
                .as("not after the answer's Date: no wait named").isNull();
        assertThat(RetryAfter.onServersClock("120", "Tue, 24 Nov 2026 10:10:00 GMT")).isEqualTo("120");
    }

    @Test
    @DisplayName("an HTTP-date Retry-After naming the answer's own second (a wait under a second, rounded down) from a server"
            + " whose clock is ten minutes ahead names no wait: the backoff applies, not ten minutes given up as beyond the"
            + " longest wait")
    void retryAfterDateNotAfterTheAnswersDate() {
        MutableClock clock = new MutableClock();
        ManagementApiSchema onClock = new ManagementApiSchema(ManagementApiSchema.Settings.of(server.url("/").toString(),
                Secret.of(KEY), "proj1").withClock(clock).withSleeper(slept::add));
        tenant.next.add(new MockResponse.Builder().code(503).setHeader("Date", "Tue, 24 Nov 2026 10:10:00 GMT")
                .setHeader("Retry-After", "Tue, 24 Nov 2026 10:10:00 GMT").build());
        onClock.read();
        assertThat(slept).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        onClock.close();
    }

    @Test
    @DisplayName("an answer over the size cap is a protocol error, read no further, never parsed")
    void bodyCap() {
        tenant.next.add(new MockResponse.Builder().code(200).body("{\"_id\":\"proj1\",\"name\":\""
                + "x".repeat((int) ManagementApiSchema.MAX_PAGE) + "\"}").build());
        assertThatThrownBy(() -> schema.read())
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("more than 4 MiB");
    }

    @Test
    @DisplayName("the API key echoed in an answer is masked before the answer is parsed")
    void echoedKeyMasked() {
        tenant.flows.get(2).put("name", KEY);
        assertThat(schema.read().flows()).contains(Set.of("Main Flow", "FAQ", "****"));
    }

    @Test
    @DisplayName("item 7: context is injected with POST sessions/{id}/context/inject {context, userId}, retried after a 5xx")
    void injectContext() throws Exception {
        tenant.next.add(problem(503, "Service Unavailable", "try again"));
        schema.injectContext("ses_1", "usr_1", Map.of("tier", "gold", "orders", List.of(1, 2)));
        assertThat(tenant.requests).hasSize(2).allSatisfy(r -> {
            assertThat(r.getMethod()).isEqualTo("POST");
            assertThat(r.getUrl().encodedPath()).isEqualTo("/new/v2.0/sessions/ses_1/context/inject");
            assertThat(r.getHeaders().get("X-API-Key")).isEqualTo(KEY);
        });
        JsonNode body = JsonMapper.builder().build().readTree(tenant.requests.get(1).getBody().utf8());
        assertThat(body.path("userId").asString()).isEqualTo("usr_1");
        assertThat(body.path("context").path("tier").asString()).isEqualTo("gold");
        assertThat(body.path("context").path("orders").size()).isEqualTo(2);
        assertThat(slept).hasSize(1);
    }

    @Test
    @DisplayName("item 7: a refused context inject is one message naming the session, the status, detail and traceId")
    void injectRefused() {
        tenant.overrides.put("sessions/ses_2/context/inject", problem(400, "Bad Request", "Validation failed. Missing payload."));
        assertThatThrownBy(() -> schema.injectContext("ses_2", "usr_1", Map.of("a", 1)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED))
                .hasMessage("the management API did not set the context of session ses_2 before its first message (HTTP 400 on"
                        + " POST /new/v2.0/sessions/ses_2/context/inject: Validation failed. Missing payload. (traceId"
                        + " api--f84324f4-98eb-4f02-abdd-375a2e6c3c1f)); the test was not sent");
    }

    @Test
    @DisplayName("the request budget waits for the window instead of exceeding the limit")
    void budget() throws Exception {
        MutableClock clock = new MutableClock();
        List<Duration> waits = new ArrayList<>();
        Sleeper sleeper = d -> {
            waits.add(d);
            clock.advance(d);
        };
        RequestBudget budget = new RequestBudget(3, Duration.ofSeconds(10), clock, sleeper.on(VirtualTicker.of(clock)));
        budget.acquire();
        clock.advance(Duration.ofSeconds(4));
        budget.acquire();
        budget.acquire();
        assertThat(waits).isEmpty();
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofSeconds(6));
    }
}
