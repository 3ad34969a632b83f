package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.EndpointKind;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The steps of one socket turn together — the hour's message budget, the context injected through the management API,
 * the socket opened (again, when refused for the moment), {@code processInput}, the outputs — each taken once and in
 * that order, and a step that fails leaving nothing spent behind it: the Socket Endpoint and the management API are two
 * servers on loopback, the budget and the retries on the virtual clock.
 */
class SocketTurnOrderTest {

    private static final HttpSettings TIMEOUTS = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final MockWebServer endpointServer = LoopbackServers.mockWebServer();
    private final MockWebServer managementServer = LoopbackServers.mockWebServer();
    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    /** Upgrades answered with these, one each, before the endpoint upgrades again. */
    private final Queue<MockResponse> refusals = new ConcurrentLinkedQueue<>();
    /** For each context inject, how many messages the Socket Endpoint had received when it came. */
    private final List<Integer> injectedAfter = new CopyOnWriteArrayList<>();
    private CognigySocketServer endpoint;
    private SocketBackend backend;

    @BeforeEach
    void start() throws Exception {
        tenant.endpoint.put("channel", "socket");
        endpoint = new CognigySocketServer(endpointServer, (socket, input, index) -> {
            socket.send(output("Your order ships tomorrow."));
            socket.send(FINAL_PING);
        });
        Dispatcher upgrades = endpointServer.getDispatcher();
        endpointServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                MockResponse refusal = refusals.poll();
                return refusal != null ? refusal : upgrades.dispatch(request);
            }
        });
        managementServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().endsWith("/context/inject")) injectedAfter.add(endpoint.inputs.size());
                return tenant.dispatch(request);
            }
        });
        endpointServer.start();
        managementServer.start();
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        endpointServer.close();
        managementServer.close();
    }

    /** The backend with the management API, {@code perHour} messages an hour; the bot's schema read, as a run reads it first. */
    private SocketBackend backend(int perHour) {
        Secret url = Secret.of(endpointServer.url("/" + ManagementApiFake.TOKEN).toString());
        ManagementApiSchema management = new ManagementApiSchema(ManagementApiSchema.Settings.of(
                        managementServer.url("/").toString(), Secret.of(ManagementApiFake.KEY), ManagementApiFake.PROJECT)
                .withEndpointToken(SocketBackend.token(url).orElseThrow(), EndpointKind.SOCKET).withHttp(TIMEOUTS)
                .withSleeper(wait -> { }));
        backend = new SocketBackend(SocketBackend.Settings.of(url).withHttp(TIMEOUTS).withClock(clock).withSleeper(sleeper)
                .withMaxMessagesPerHour(OptionalInt.of(perHour)), Optional.of(management));
        backend.schema();
        return backend;
    }

    private static TurnRequest message(String sessionId, int turn, Map<String, Object> injectContext) {
        return new TurnRequest("run-1", "orders.yaml#check", turn, "u1", "web", "where is my order", Map.of(), sessionId, "k" + turn,
                null, injectContext);
    }

    private static MockResponse answered(int code, String retryAfter) {
        MockResponse.Builder answer = new MockResponse.Builder().code(code).body("busy");
        return (retryAfter == null ? answer : answer.addHeader("Retry-After", retryAfter)).build();
    }

    @Test
    @DisplayName("an inject the management API refuses fails the test unsent without spending a message of the hour's budget:"
            + " the next test's message goes at once, not after the hour")
    void refusedInjectSpendsNoMessage() {
        SocketBackend socket = backend(1);
        tenant.next.add(ManagementApiFake.problem(400, "Bad Request", "context must be an object"));

        assertThatThrownBy(() -> socket.send(message(null, 1, Map.of("customerTier", "gold"))))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue());
        TurnResult next = socket.send(message(null, 1, Map.of()));

        assertThat(next.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(sleeper.waits()).isEmpty();
        assertThat(endpoint.inputs).hasSize(1);
    }

    @Test
    @DisplayName("without the management API, inject_context fails the test unsent at once, however spent the hour's budget"
            + " is: nothing waits for a message that will not be sent")
    void injectWithoutTheApiWaitsForNothing() {
        Secret url = Secret.of(endpointServer.url("/" + ManagementApiFake.TOKEN).toString());
        backend = new SocketBackend(SocketBackend.Settings.of(url).withHttp(TIMEOUTS).withClock(clock).withSleeper(sleeper)
                .withMaxMessagesPerHour(OptionalInt.of(1)));
        backend.send(message(null, 1, Map.of()));

        assertThatThrownBy(() -> backend.send(message(null, 1, Map.of("customerTier", "gold"))))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.CONFIGURATION);
                    assertThat(e.messageUnsent()).isTrue();
                });
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("an upgrade refused twice (503, then 429 with Retry-After: 7) is opened again without pacing or injecting"
            + " again: one inject before processInput, one message of the budget, the waits the retries' alone")
    void retriedConnectPacesAndInjectsOnce() {
        SocketBackend socket = backend(2);
        refusals.add(answered(503, null));
        refusals.add(answered(429, "7"));

        TurnResult first = socket.send(message(null, 1, Map.of("customerTier", "gold")));
        TurnResult second = socket.send(message(null, 1, Map.of()));

        assertThat(first.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(second.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(first.retries()).hasSize(2);
        assertThat(injectedAfter).containsExactly(0);
        assertThat(tenant.to("sessions/" + first.sessionId() + "/context/inject")).hasSize(1);
        assertThat(endpoint.inputs).hasSize(2);
        assertThat(endpoint.inputs.get(0).get("sessionId").stringValue()).isEqualTo(first.sessionId());
        // The backoff after the 503 and the 7 s asked for; the hour's budget of 2 held both messages without a wait.
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(1)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("a conversation's turns each inject their own context before their own processInput, on the socket the"
            + " conversation keeps; a turn injecting nothing injects nothing")
    void conversationInjectsPerTurn() {
        SocketBackend socket = backend(10);

        socket.send(message("ses_conv", 1, Map.of("step", 1)));
        socket.send(message("ses_conv", 2, Map.of()));
        socket.send(message("ses_conv", 3, Map.of("step", 3)));

        assertThat(injectedAfter).containsExactly(0, 2);
        assertThat(endpointServer.getRequestCount()).isEqualTo(1);
        assertThat(endpoint.inputs).hasSize(3);
    }

    @Test
    @DisplayName("while the endpoint holds connections back (a 429 asking for longer than cognigy.retry.longest-wait), the"
            + " next message fails unsent at once: it neither waits for the hour's budget nor spends any of it")
    void heldConnectionsWaitForNoBudget() {
        SocketBackend socket = backend(1);
        refusals.add(answered(429, "3600"));

        assertThatThrownBy(() -> socket.send(message(null, 1, Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.messageUnsent()).isTrue());
        assertThatThrownBy(() -> socket.send(message(null, 1, Map.of())))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.messageUnsent()).isTrue();
                    assertThat(e.getMessage()).contains("cannot connect to Socket Endpoint");
                });

        assertThat(sleeper.waits()).isEmpty();
        assertThat(endpointServer.getRequestCount()).isEqualTo(1);
        assertThat(endpoint.inputs).isEmpty();
    }

    @Test
    @DisplayName("a conversation's next turn counts against the hour's budget on the socket it keeps, once: its message waits"
            + " for the budget, then goes on that socket")
    void conversationPacedOnItsSocket() {
        SocketBackend socket = backend(1);

        socket.send(message("ses_conv", 1, Map.of()));
        TurnResult second = socket.send(message("ses_conv", 2, Map.of()));

        assertThat(second.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
        assertThat(endpoint.inputs).hasSize(2);
    }

    @Test
    @DisplayName("a conversation's socket the endpoint closes while its next message waits for the hour's budget is opened"
            + " again, and the message goes once on the new socket of the same session, counted once")
    void socketClosedWhileTheBudgetWaits() throws Exception {
        java.util.concurrent.atomic.AtomicReference<okhttp3.WebSocket> serverSide = new java.util.concurrent.atomic.AtomicReference<>();
        endpoint = new CognigySocketServer(endpointServer, (socketOfServer, input, index) -> {
            serverSide.set(socketOfServer);
            socketOfServer.send(output("Your order ships tomorrow."));
            socketOfServer.send(FINAL_PING);
        });
        Secret url = Secret.of(endpointServer.url("/" + ManagementApiFake.TOKEN).toString());
        dev.botsim.cognigy.engine.transport.Sleeper closingThenWaiting = new dev.botsim.cognigy.engine.transport.Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                serverSide.get().close(1001, "idle");
                assertThat(endpoint.closed.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                sleeper.sleep(duration);
            }

            @Override
            public dev.botsim.cognigy.engine.transport.Ticker ticker() {
                return sleeper.ticker();
            }
        };
        backend = new SocketBackend(SocketBackend.Settings.of(url).withHttp(TIMEOUTS).withClock(clock)
                .withSleeper(closingThenWaiting).withMaxMessagesPerHour(OptionalInt.of(1)));

        backend.send(message("ses_conv", 1, Map.of()));
        TurnResult second = backend.send(message("ses_conv", 2, Map.of()));

        assertThat(second.turns().get(0).text()).isEqualTo("Your order ships tomorrow.");
        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
        assertThat(endpointServer.getRequestCount()).isEqualTo(2);
        assertThat(endpoint.inputs).hasSize(2);
        assertThat(endpoint.inputs.get(1).get("sessionId").stringValue()).isEqualTo("ses_conv");
    }
}
