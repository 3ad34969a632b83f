package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/**
 * Engine.IO 3's heartbeat on a live connection, its time on a virtual ticker: the endpoint's open packet gives Cognigy's
 * {@code pingInterval} 25000 and {@code pingTimeout} 5000; the client pings on its own, and takes an endpoint that stops
 * answering for gone. Nothing waits for the heartbeat's time to pass: the ticker is moved, and the client's timer sees it.
 */
class SocketHeartbeatTest {

    private static final String TOKEN = "9c1e7b2f4a6d8e0c3b5a7f9e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final AtomicLong ticker = new AtomicLong();
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private SocketBackend backend(Duration turnTimeout) throws Exception {
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withTicker(ticker::get).withTurnTimeout(turnTimeout).withNotices(notice -> { })
                .withHttp(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))));
        return backend;
    }

    private static TurnRequest message(String text, int turn) {
        return new TurnRequest("run-1", "test_order#1", turn, "user@example.com", "web", text, Map.of(), "ses_idle", "key-" + turn,
                null, Map.of());
    }

    private void advance(Duration by) {
        ticker.addAndGet(by.toNanos());
    }

    @Test
    @DisplayName("a conversation idle between its turns keeps its socket: the client pings pingInterval after the open and"
            + " again pingInterval after the endpoint's pong, as the socket client does, so the endpoint does not drop it")
    void pingsKeepAnIdleConversation() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Turn " + index));
            socket.send(FINAL_PING);
        });
        backend(Duration.ofSeconds(10));

        assertThat(backend.send(message("where is my order", 1)).turns().get(0).text()).isEqualTo("Turn 1");
        assertThat(pings(endpoint)).isZero();
        advance(Duration.ofSeconds(25));
        awaitPings(endpoint, 1);
        // The endpoint's pong came before this turn's outputs, on the same socket: it is read when the turn is answered.
        assertThat(backend.send(message("ORD_77", 2)).turns().get(0).text()).isEqualTo("Turn 2");
        advance(Duration.ofSeconds(25));
        awaitPings(endpoint, 2);
        TurnResult third = backend.send(message("thanks", 3));

        assertThat(third.turns().get(0).text()).isEqualTo("Turn 3");
        assertThat(server.getRequestCount()).as("one socket for the conversation").isEqualTo(1);
        assertThat(pings(endpoint)).isEqualTo(2);
    }

    @Test
    @DisplayName("an endpoint that answers no ping within pingTimeout is taken for gone: the turn waiting for its finalPing"
            + " fails at once as a lost connection, saying so and what the bot had sent, not after the turn's timeout")
    void unansweredPingEndsTheTurn() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> socket.send(output(5, "Let me check.", "{}")));
        endpoint.answersPings = false;
        backend(Duration.ofSeconds(60));

        CompletableFuture<TurnResult> turn = CompletableFuture.supplyAsync(() -> backend.send(message("where is my order", 1)));
        awaitFrame(endpoint, "435[]");
        advance(Duration.ofSeconds(25));
        awaitPings(endpoint, 1);
        advance(Duration.ofSeconds(5));

        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> turn.get(30, TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.getMessage()).contains("ended before the turn's finalPing, after 1 output (Let me check.)",
                    "the endpoint stopped answering pings (Engine.IO pingTimeout)").doesNotContain(TOKEN);
            assertThat(e.messageUnsent()).isFalse();
        });
        assertThat(endpoint.inputs).hasSize(1);
    }

    private static long pings(CognigySocketServer endpoint) {
        return endpoint.sent.get(0).stream().filter("2"::equals).count();
    }

    /** Waits, up to five seconds, for the client to have pinged {@code count} times on the first socket. */
    private static void awaitPings(CognigySocketServer endpoint, long count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && pings(endpoint) < count) Thread.sleep(10);
        assertThat(pings(endpoint)).as("pings the client sent").isEqualTo(count);
    }

    /** Waits, up to five seconds, for the client to have sent {@code frame} on the first socket. */
    private static void awaitFrame(CognigySocketServer endpoint, String frame) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && (endpoint.sent.isEmpty() || !endpoint.sent.get(0).contains(frame))) Thread.sleep(10);
        assertThat(endpoint.sent.get(0)).contains(frame);
    }
}
