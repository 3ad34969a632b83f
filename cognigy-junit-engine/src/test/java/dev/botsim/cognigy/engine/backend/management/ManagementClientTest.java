package dev.botsim.cognigy.engine.backend.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.RefusingPort;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import tools.jackson.databind.json.JsonMapper;

class ManagementClientTest {

    private static final String KEY = "mgmt-key-canary-5d1f0c";

    private final MockWebServer tenant = LoopbackServers.mockWebServer();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private ManagementClient client;

    @BeforeEach
    void start() throws Exception {
        tenant.start();
        client = ManagementClient.open(ManagementApiSchema.Settings.of(tenant.url("/").toString(), Secret.of(KEY), "proj1")
                .withSleeper(slept::add));
    }

    @AfterEach
    void stop() {
        client.close();
        tenant.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** The tenant reads the request, then the connection breaks before it answers: it may have acted on it. */
    private static MockResponse readThenBroken() {
        return new MockResponse.Builder().code(200).onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    @Test
    @DisplayName("a key holding a character no HTTP header carries is refused naming the character as a reader sees it: an"
            + " emoji by its code point, counted as one character, never the key")
    void keyHoldingAnEmoji() {
        assertThatThrownBy(() -> ManagementClient.open(ManagementApiSchema.Settings.of(tenant.url("/").toString(),
                Secret.of("ab\uD83D\uDE00" + KEY + "\u00A0"), "proj1")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("COGNIGY_API_KEY holds the character U+1F600 at position 3,")
                .hasMessageNotContaining(KEY);
    }

    @Test
    @DisplayName("H8: a schedule request whose connection breaks after the tenant read it is never sent again, not even by OkHttp")
    void onceOnlyPostNotRepeatedOnBrokenConnection() throws Exception {
        tenant.enqueue(json("{\"_id\":\"pb1\",\"name\":\"Order status\"}"));
        tenant.enqueue(readThenBroken());
        tenant.enqueue(json("{\"_id\":\"task2\",\"status\":\"queued\",\"type\":\"runPlaybook\"}"));
        client.get("playbooks/pb1", List.of()); // the schedule request goes out on this pooled connection
        assertThatThrownBy(() -> client.postOnce("playbooks/pb1/schedule",
                JsonMapper.builder().build().readTree("{\"entrypoint\":\"proj1\",\"flowId\":\"f1\",\"localeId\":\"l1\"}")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                .hasMessageNotContaining(KEY);
        assertThat(tenant.getRequestCount()).as("requests the tenant received").isEqualTo(2);
        assertThat(slept).isEmpty();
    }

    @Test
    @DisplayName("a request carrying a message whose connection timed out never left, repeated or not: the client asks how"
            + " far the OkHttp failure itself got, so the transport's mark is never lost on the way")
    void connectTimeoutOfAMessageNeverLeft() throws Exception {
        try (dev.botsim.cognigy.engine.transport.TimingOutPort unreachable = new dev.botsim.cognigy.engine.transport.TimingOutPort()) {
            ManagementClient dropping = ManagementClient.open(ManagementApiSchema.Settings.of(unreachable.url("/").toString(),
                    Secret.of(KEY), "proj1").withHttp(new dev.botsim.cognigy.engine.config.HttpSettings(Duration.ofMillis(300),
                    Duration.ofSeconds(5), Duration.ofSeconds(10))).withSleeper(slept::add));
            try {
                assertThatThrownBy(() -> dropping.postMessage("projects/proj1/nlu/scores", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue())
                        .hasMessageContaining("cannot reach the management API").hasMessageContaining("SocketTimeoutException");
                assertThat(slept).as("a scores request is repeated: three attempts").hasSize(2);
                assertThatThrownBy(() -> dropping.postMessageOnce("playbooks/pb1/schedule", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue());
                assertThat(slept).as("a schedule request that never left is too: three attempts").hasSize(4);
            } finally {
                dropping.close();
            }
        }
    }

    @Test
    @DisplayName("a schedule request whose connection was refused is sent again after the backoff once the tenant listens:"
            + " the tenant gets it once, and the retry is said")
    void onceOnlyRepeatedWhileNeverSent() throws Exception {
        MutableClock clock = new MutableClock();
        try (RefusingPort restarting = new RefusingPort()) {
            restarting.server().enqueue(json("{\"_id\":\"task1\",\"status\":\"queued\",\"type\":\"runPlaybook\"}"));
            ManagementClient scheduling = ManagementClient.open(ManagementApiSchema.Settings.of(restarting.url("/").toString(),
                    Secret.of(KEY), "proj1").withClock(clock).withSleeper(restarting.sleeperListeningAfter(1, clock)));
            try {
                assertThat(scheduling.postMessageOnce("playbooks/pb1/schedule", JsonMapper.builder().build().createObjectNode())
                        .path("_id").asString()).isEqualTo("task1");
                assertThat(restarting.server().getRequestCount()).as("schedule requests the tenant received").isEqualTo(1);
                assertThat(restarting.waits()).singleElement().satisfies(wait ->
                        assertThat(wait).as("the management API's first backoff").isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
            } finally {
                scheduling.close();
            }
        }
    }

    @Test
    @DisplayName("a schedule request that left on its second attempt and whose connection then broke is not sent a third"
            + " time; one refused on every attempt stops at three and never left")
    void onceOnlyNotRepeatedOnceSent() throws Exception {
        MutableClock clock = new MutableClock();
        try (RefusingPort restarting = new RefusingPort()) {
            restarting.server().enqueue(readThenBroken());
            restarting.server().enqueue(json("{\"_id\":\"task2\"}"));
            ManagementClient scheduling = ManagementClient.open(ManagementApiSchema.Settings.of(restarting.url("/").toString(),
                    Secret.of(KEY), "proj1").withClock(clock).withSleeper(restarting.sleeperListeningAfter(1, clock)));
            try {
                assertThatThrownBy(() -> scheduling.postMessageOnce("playbooks/pb1/schedule", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> {
                            assertThat(e.messageUnsent()).as(e.getMessage()).isFalse();
                            assertThat(e.retries()).singleElement().asString()
                                    .startsWith("POST /new/v2.0/playbooks/pb1/schedule failed (ConnectException)");
                        }).hasMessageNotContaining(KEY);
                assertThat(restarting.server().getRequestCount()).as("schedule requests the tenant received").isEqualTo(1);
            } finally {
                scheduling.close();
            }
        }
        try (RefusingPort gone = new RefusingPort()) {
            ManagementClient scheduling = ManagementClient.open(ManagementApiSchema.Settings.of(gone.url("/").toString(),
                    Secret.of(KEY), "proj1").withClock(clock).withSleeper(gone.sleeperListeningAfter(0, clock)));
            try {
                assertThatThrownBy(() -> scheduling.postMessageOnce("playbooks/pb1/schedule", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> {
                            assertThat(e.messageUnsent()).as(e.getMessage()).isTrue();
                            assertThat(e.retries()).hasSize(2);
                        }).hasMessageContaining("cannot reach the management API at 127.0.0.1:" + gone.port() + ": ConnectException"
                                + " (Failed to connect to /127.0.0.1:" + gone.port() + ")");
                assertThat(gone.waits()).hasSize(2);
            } finally {
                scheduling.close();
            }
        }
    }

    @Test
    @DisplayName("a read whose connection breaks the same way is repeated: reading twice changes nothing")
    void readRepeatedOnBrokenConnection() {
        tenant.enqueue(json("{\"_id\":\"pb1\"}"));
        tenant.enqueue(readThenBroken());
        tenant.enqueue(json("{\"_id\":\"pb1\",\"name\":\"Order status\"}"));
        client.get("playbooks/pb1", List.of());
        assertThat(client.get("playbooks/pb1", List.of()).path("name").asString()).isEqualTo("Order status");
        assertThat(tenant.getRequestCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a schedule request answered 503 is not repeated, but counts towards an outage like a read's last attempt:"
            + " after outage-after of them the next request is not sent")
    void onceOnlyServiceUnavailableCounts() throws Exception {
        MutableClock clock = new MutableClock();
        // The clock moved by hand is the time the outage breaker measures too.
        Sleeper recording = slept::add;
        ManagementClient breaking = ManagementClient.open(ManagementApiSchema.Settings.of(tenant.url("/").toString(), Secret.of(KEY),
                "proj1").withRetry(RetrySettings.defaults().withOutageAfter(2)).withClock(clock)
                .withSleeper(recording.on(VirtualTicker.of(clock))));
        try {
            for (int i = 0; i < 2; i++) tenant.enqueue(new MockResponse.Builder().code(503).build());
            tenant.enqueue(json("{\"_id\":\"pb1\"}"));
            for (int i = 0; i < 2; i++) {
                if (i > 0) clock.advance(Duration.ofSeconds(30));
                assertThatThrownBy(() -> breaking.postOnce("playbooks/pb1/schedule", JsonMapper.builder().build().createObjectNode()))
                        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT))
                        .hasMessageContaining("HTTP 503 on POST /new/v2.0/playbooks/pb1/schedule");
            }
            assertThatThrownBy(() -> breaking.get("playbooks/pb1", List.of())).isInstanceOf(BackendException.class)
                    .hasMessageContaining("GET /new/v2.0/playbooks/pb1 not sent: the server failed 2 requests in a row")
                    .hasMessageContaining("the first: POST /new/v2.0/playbooks/pb1/schedule answered 503");
            assertThat(tenant.getRequestCount()).isEqualTo(2);
        } finally {
            breaking.close();
        }
    }

    @Test
    @DisplayName("a read that kept failing carries the retries made for it: the run that could not read the bot, or the NLU"
            + " test that could not score a sentence, says how often it asked")
    void giveUpCarriesTheRetries() {
        for (int i = 0; i < 3; i++) tenant.enqueue(new MockResponse.Builder().code(503).build());
        assertThatThrownBy(() -> client.get("flows", List.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retries()).hasSize(2)
                        .allMatch(line -> line.startsWith("GET /new/v2.0/flows answered 503; retried after ")));
        assertThat(tenant.getRequestCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a gateway's 502 page larger than a page of the API is retried and counted like a small one, not a protocol error")
    void oversizedGatewayPage() {
        MockResponse page = new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html>" + "x".repeat((int) ManagementClient.MAX_PAGE) + "</html>").build();
        tenant.enqueue(page);
        tenant.enqueue(json("{\"_id\":\"pb1\",\"name\":\"Order status\"}"));
        assertThat(client.get("playbooks/pb1", List.of()).path("name").asString()).isEqualTo("Order status");
        assertThat(tenant.getRequestCount()).isEqualTo(2);
        assertThat(slept).hasSize(1);
    }

    @Test
    @DisplayName("a proxy's HTML page answered with 200 is a protocol error naming its content type and its start, the key masked")
    void htmlPageInTheApisPlace() {
        tenant.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .body("<html><head><title>Sign in</title></head><body>Session expired for key " + KEY + "</body></html>").build());
        assertThatThrownBy(() -> client.get("flows", List.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageContaining("management API GET /new/v2.0/flows answered HTTP 200 with something that is not JSON"
                        + " (Content-Type text/html): <html><head><title>Sign in</title>")
                .hasMessageNotContaining(KEY);
    }

    private static MockResponse problem(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/problem+json").body(body).build();
    }

    @Test
    @DisplayName("a refusal's RFC 7807 body in Cognigy's shape: a long detail on one line, cut after 300 characters; the title"
            + " when there is no detail; the traceId alone as 'no detail'; a body that is no problem adds nothing; the key and"
            + " the endpoint token a detail quotes are masked")
    void problemBodiesInMessages() {
        String longDetail = "Flow  f-faq\\nhas " + "x".repeat(400);
        tenant.enqueue(problem(404, "{\"type\":\"NotFound\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"" + longDetail
                + "\",\"code\":1000,\"traceId\":\"api--1\",\"details\":{}}"));
        assertThatThrownBy(() -> client.get("flows/f-faq", List.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f-faq: Flow f-faq has " + "x".repeat(285)
                        + "… (traceId api--1)");

        tenant.enqueue(problem(400, "{\"title\":\"Bad Request\",\"status\":400,\"traceId\":\"api--2\"}"));
        assertThatThrownBy(() -> client.get("flows", List.of()))
                .hasMessage("management API answered HTTP 400 on GET /new/v2.0/flows: Bad Request (traceId api--2)");

        tenant.enqueue(problem(409, "{\"status\":409,\"traceId\":\"api--3\"}"));
        assertThatThrownBy(() -> client.get("flows", List.of()))
                .hasMessage("management API answered HTTP 409 on GET /new/v2.0/flows: no detail (traceId api--3)");

        tenant.enqueue(new MockResponse.Builder().code(422).body("<html>Unprocessable</html>").build());
        assertThatThrownBy(() -> client.get("flows", List.of())).hasMessage("management API answered HTTP 422 on GET /new/v2.0/flows");

        tenant.enqueue(problem(404, "{\"detail\":\"no endpoint with key " + KEY + "\"}"));
        assertThatThrownBy(() -> client.get("endpoints/ep9", List.of())).hasMessageNotContaining(KEY)
                .hasMessageStartingWith("management API answered HTTP 404 on GET /new/v2.0/endpoints/ep9: no endpoint with key ");

        String token = "a1b2c3d4e5f6EndpointTokenCanary";
        try (ManagementClient withEndpoint = ManagementClient.open(ManagementApiSchema.Settings.of(tenant.url("/").toString(),
                Secret.of(KEY), "proj1").withEndpointToken(Secret.of(token)).withSleeper(slept::add))) {
            tenant.enqueue(problem(404, "{\"detail\":\"no endpoint with URLToken " + token + "\"}"));
            assertThatThrownBy(() -> withEndpoint.get("endpoints", List.of())).hasMessageNotContaining(token)
                    .hasMessageStartingWith("management API answered HTTP 404 on GET /new/v2.0/endpoints: no endpoint with"
                            + " URLToken ");
        }
    }

    @Test
    @DisplayName("401 and 403 are the key refused, in those words, with Cognigy's detail; a 5xx still there after three attempts"
            + " is a transport failure naming the status and the detail, never a refusal of the key")
    void statusesInTheirWords() {
        for (int status : List.of(401, 403)) {
            tenant.enqueue(problem(status, "{\"detail\":\"Invalid API key\",\"traceId\":\"api--4\"}"));
            assertThatThrownBy(() -> client.get("flows", List.of()))
                    .isInstanceOfSatisfying(ManagementRefusal.class, e -> {
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.AUTHENTICATION);
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.answered()).isEqualTo("HTTP " + status + " on GET /new/v2.0/flows: Invalid API key (traceId api--4)");
                    })
                    .hasMessage("the management API refused the API key (HTTP " + status + " on GET /new/v2.0/flows: Invalid API key"
                            + " (traceId api--4)); check COGNIGY_API_KEY and that the key's user can read the project");
        }
        for (int i = 0; i < 3; i++) tenant.enqueue(problem(500, "{\"detail\":\"Internal error\",\"traceId\":\"api--5\"}"));
        assertThatThrownBy(() -> client.get("flows", List.of()))
                .isInstanceOfSatisfying(ManagementRefusal.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.status()).isEqualTo(500);
                })
                .hasMessage("management API answered HTTP 500 on GET /new/v2.0/flows: Internal error (traceId api--5)");
        assertThat(tenant.getRequestCount()).as("a 401 and a 403 once each, a 500 three times").isEqualTo(5);
    }

    @Test
    @DisplayName("a list of exactly its total on one page without a cursor is read in one request; a page cursor given twice"
            + " stops the read instead of looping; a page without an items list, or with no body at all, is a protocol error")
    void listEdges() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < ManagementClient.PAGE; i++) items.append(i == 0 ? "" : ",").append("{\"_id\":\"f").append(i).append("\"}");
        tenant.enqueue(json("{\"items\":[" + items + "],\"total\":" + ManagementClient.PAGE + ",\"nextCursor\":null}"));
        assertThat(client.list("flows", List.of("projectId", "proj1"))).hasSize(ManagementClient.PAGE);
        assertThat(tenant.getRequestCount()).isEqualTo(1);

        tenant.enqueue(json("{\"items\":[{\"_id\":\"a\"}],\"total\":5,\"nextCursor\":\"c1\"}"));
        tenant.enqueue(json("{\"items\":[{\"_id\":\"b\"}],\"total\":5,\"nextCursor\":\"c1\"}"));
        assertThatThrownBy(() -> client.list("flows", List.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessage("management API /new/v2.0/flows gave the same page cursor twice after 2 items; the list cannot be read whole");

        tenant.enqueue(json("{\"flows\":[]}"));
        assertThatThrownBy(() -> client.list("flows", List.of()))
                .hasMessage("management API /new/v2.0/flows returned no items list, but {\"flows\":[]}");

        tenant.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "0").build());
        assertThatThrownBy(() -> client.list("flows", List.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessage("management API /new/v2.0/flows returned no items list, but an empty body");
    }

    @Test
    @DisplayName("a list answered with 200 and an error, or in another shape (HAL's _embedded), says what came, the key masked,"
            + " rather than only that no items list came")
    void listAnsweredOtherwise() {
        tenant.enqueue(json("{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid API key " + KEY + "\"}"));
        assertThatThrownBy(() -> client.list("flows", List.of("projectId", "proj1")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessageStartingWith("management API /new/v2.0/flows returned no items list, but {\"statusCode\":401,"
                        + "\"error\":\"Unauthorized\",\"message\":\"Invalid API key ****\"}")
                .hasMessageNotContaining(KEY);

        tenant.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/hal+json")
                .body("{\"_embedded\":{\"flows\":[{\"_id\":\"f1\"}]},\"_links\":{},\"total\":1}").build());
        assertThatThrownBy(() -> client.list("flows", List.of()))
                .hasMessageContaining("returned no items list, but {\"_embedded\":{\"flows\":[{\"_id\":\"f1\"}]}");
    }

    @Test
    @DisplayName("a list whose pages end before its announced total stops the run, in words true of any list read (the"
            + " playbooks, a flow's training sentences), not only of the bot's schema")
    void pagesEndedBeforeTheTotalOfAnyList() {
        tenant.enqueue(json("{\"items\":[{\"_id\":\"pb1\"},{\"_id\":\"pb2\"}],\"total\":3}"));
        tenant.enqueue(json("{\"items\":[],\"total\":3}"));
        assertThatThrownBy(() -> client.list("playbooks", List.of("projectId", "proj1")))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL))
                .hasMessage("management API /new/v2.0/playbooks announced 3 items but its pages ended after 2; tests would be"
                        + " judged by part of the list, so the run stops here");
    }

    @Test
    @DisplayName("a cursor that leads to an empty last page keeps every item read before it, in order: Cognigy gives a"
            + " nextCursor on a full page without knowing it is the last")
    void cursorToAnEmptyLastPage() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < ManagementClient.PAGE; i++) items.append(i == 0 ? "" : ",").append("{\"_id\":\"f").append(i).append("\"}");
        tenant.enqueue(json("{\"items\":[" + items + "],\"total\":" + ManagementClient.PAGE + ",\"nextCursor\":\"c100\"}"));
        tenant.enqueue(json("{\"items\":[],\"total\":" + ManagementClient.PAGE + ",\"nextCursor\":null}"));
        assertThat(client.list("flows", List.of("projectId", "proj1"))).hasSize(ManagementClient.PAGE)
                .extracting(item -> item.path("_id").asString()).startsWith("f0", "f1").endsWith("f99");
        assertThat(tenant.takeRequest().getUrl().queryParameter("next")).isNull();
        assertThat(tenant.takeRequest().getUrl()).satisfies(url -> {
            assertThat(url.queryParameter("next")).isEqualTo("c100");
            assertThat(url.queryParameter("limit")).isEqualTo("100");
            assertThat(url.queryParameter("projectId")).isEqualTo("proj1");
        });
    }

    @Test
    @DisplayName("a route that names its cursor next, as the reference's intents example does, is followed by it even"
            + " without a total to count against; a blank cursor ends the list")
    void cursorNamedNextWithoutTotal() throws Exception {
        tenant.enqueue(json("{\"items\":[{\"name\":\"greet\"},{\"name\":\"order\"}],\"next\":\"p2\",\"previous\":null}"));
        tenant.enqueue(json("{\"items\":[{\"name\":\"refund\"}],\"next\":\" \",\"previous\":\"p1\"}"));
        assertThat(client.list("flows/f1/intents", List.of("includeChildren", "true")))
                .extracting(item -> item.path("name").asString()).containsExactly("greet", "order", "refund");
        tenant.takeRequest();
        assertThat(tenant.takeRequest().getUrl().queryParameter("next")).isEqualTo("p2");
        assertThat(tenant.getRequestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("a full page with neither a cursor nor a total is read on with skip until a page comes back short, not taken"
            + " for the whole list; a total written as text is counted against")
    void fullPageWithoutCursorOrTotal() throws Exception {
        tenant.enqueue(json("{\"items\":[" + items("f", 0, ManagementClient.PAGE) + "]}"));
        tenant.enqueue(json("{\"items\":[" + items("f", ManagementClient.PAGE, 20) + "]}"));
        assertThat(client.list("flows", List.of("projectId", "proj1"))).hasSize(ManagementClient.PAGE + 20)
                .extracting(item -> item.path("_id").asString()).startsWith("f0").endsWith("f119").doesNotHaveDuplicates();
        assertThat(tenant.takeRequest().getUrl().queryParameter("skip")).isNull();
        assertThat(tenant.takeRequest().getUrl().queryParameter("skip")).isEqualTo("100");

        // A route that pages by neither: the same page again is the whole list, read once.
        tenant.enqueue(json("{\"items\":[" + items("g", 0, ManagementClient.PAGE) + "]}"));
        tenant.enqueue(json("{\"items\":[" + items("g", 0, ManagementClient.PAGE) + "]}"));
        assertThat(client.list("flows", List.of())).hasSize(ManagementClient.PAGE).doesNotHaveDuplicates();

        tenant.enqueue(json("{\"items\":[" + items("h", 0, 2) + "],\"total\":\"3\"}"));
        tenant.enqueue(json("{\"items\":[],\"total\":\"3\"}"));
        assertThatThrownBy(() -> client.list("playbooks", List.of()))
                .hasMessage("management API /new/v2.0/playbooks announced 3 items but its pages ended after 2; tests would be"
                        + " judged by part of the list, so the run stops here");
    }

    /** {@code count} list items {@code {"_id": "<prefix><n>"}} from {@code from} on, comma-separated. */
    private static String items(String prefix, int from, int count) {
        StringBuilder items = new StringBuilder();
        for (int i = from; i < from + count; i++) items.append(i == from ? "" : ",").append("{\"_id\":\"").append(prefix).append(i).append("\"}");
        return items.toString();
    }

    @Test
    @DisplayName("a schedule request answered 429 is sent again after the Retry-After the tenant names: a rate limit refuses a"
            + " request before acting on it, so it cannot have run twice")
    void onceOnlyRepeatedAfterRateLimit() throws Exception {
        tenant.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").setHeader("Content-Type",
                "application/problem+json").body("{\"title\":\"Too Many Requests\",\"status\":429,\"traceId\":\"api--6\"}").build());
        tenant.enqueue(json("{\"_id\":\"task3\",\"status\":\"queued\",\"type\":\"runPlaybook\"}"));
        assertThat(client.postOnce("playbooks/pb1/schedule", JsonMapper.builder().build()
                .readTree("{\"entrypoint\":\"proj1\",\"flowId\":\"f1\",\"localeId\":\"l1\"}")).path("_id").asString())
                .isEqualTo("task3");
        assertThat(tenant.getRequestCount()).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("a key character is sendable from the space to the tilde, and a tab; a control character or DEL next to"
            + " that range is refused by its code point")
    void sendableKeyCharactersAtTheEdges() {
        assertThat(ManagementClient.unsendableCharacter(" ab~\tcd~ ")).isEmpty();
        assertThat(ManagementClient.unsendableCharacter("ab\u001Fcd")).contains("the character U+001F at position 3");
        assertThat(ManagementClient.unsendableCharacter("abc\u007F")).contains("the character U+007F at position 4");
    }

    @Test
    @DisplayName("a problem detail's 300 characters are counted as a reader sees them: an emoji is one, and the cut never"
            + " splits one in half")
    void problemDetailCutBetweenCharacters() {
        String rocket = "\uD83D\uDE80";
        tenant.enqueue(problem(404, "{\"detail\":\"" + rocket.repeat(300) + "\"}"));
        assertThatThrownBy(() -> client.get("flows/f1", List.of()))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f1: " + rocket.repeat(300));
        tenant.enqueue(problem(404, "{\"detail\":\"" + "d".repeat(299) + rocket + "tail\"}"));
        assertThatThrownBy(() -> client.get("flows/f1", List.of()))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f1: " + "d".repeat(299) + rocket + "…");
    }

    @Test
    @DisplayName("a problem detail of exactly 300 characters is shown whole; one more is cut with an ellipsis")
    void problemDetailAtItsLimit() {
        tenant.enqueue(problem(404, "{\"detail\":\"" + "d".repeat(300) + "\",\"traceId\":\"api--7\"}"));
        assertThatThrownBy(() -> client.get("flows/f1", List.of()))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f1: " + "d".repeat(300) + " (traceId api--7)");
        tenant.enqueue(problem(404, "{\"detail\":\"" + "d".repeat(301) + "\"}"));
        assertThatThrownBy(() -> client.get("flows/f1", List.of()))
                .hasMessage("management API answered HTTP 404 on GET /new/v2.0/flows/f1: " + "d".repeat(300) + "…");
    }

    @Test
    @DisplayName("a request of an interrupted thread, or one interrupted while it waits to retry, ends as abandoned and leaves"
            + " the thread interrupted, so the run's cancellation is not lost")
    void interruptionKeptOnTheThread() {
        tenant.enqueue(new MockResponse.Builder().code(503).build());
        try (ManagementClient waiting = ManagementClient.open(ManagementApiSchema.Settings.of(tenant.url("/").toString(),
                Secret.of(KEY), "proj1").withSleeper(wait -> {
                    throw new InterruptedException("cancelled");
                }))) {
            assertThatThrownBy(() -> waiting.get("playbooks/pb1", List.of()))
                    .isInstanceOf(dev.botsim.cognigy.engine.backend.BackendInterruptedException.class)
                    .hasMessage("a management API request was abandoned while waiting to retry: the waiting thread was interrupted");
            assertThat(Thread.interrupted()).as("the thread still interrupted").isTrue();
        } finally {
            Thread.interrupted();
        }

        tenant.enqueue(json("{\"_id\":\"pb1\"}"));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.get("playbooks/pb1", List.of()))
                    .isInstanceOf(dev.botsim.cognigy.engine.backend.BackendInterruptedException.class)
                    .hasMessage("the management API request GET /new/v2.0/playbooks/pb1 was abandoned: the waiting thread was interrupted");
            assertThat(Thread.interrupted()).as("the thread still interrupted").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
