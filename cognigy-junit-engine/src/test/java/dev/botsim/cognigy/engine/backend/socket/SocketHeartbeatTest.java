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
    private final AtomicLong now = new AtomicLong();
    /** How often the heartbeat's timer, and anything else (the reader of the endpoint's frames, a turn), read the ticker. */
    private final java.util.concurrent.atomic.AtomicInteger timerReads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger otherReads = new java.util.concurrent.atomic.AtomicInteger();
    /** The virtual ticker, which tells the test when the client has looked at it: nothing waits for time to pass. */
    private final dev.botsim.cognigy.engine.transport.Ticker ticker = () -> {
        (Thread.currentThread().getName().equals("cognigy-socket-heartbeat") ? timerReads : otherReads).incrementAndGet();
        return now.get();
    };
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private SocketBackend backend(Duration turnTimeout) throws Exception {
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withTicker(ticker).withTurnTimeout(turnTimeout).withNotices(notice -> { })
                .withHttp(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))));
        return backend;
    }

    private static TurnRequest message(String text, int turn) {
        return new TurnRequest("run-1", "test_order#1", turn, "user@example.com", "web", text, Map.of(), "ses_idle", "key-" + turn,
                null, Map.of());
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /** Waits, up to five seconds, for the heartbeat's timer to have looked at the ticker {@code beats} more times. */
    private void awaitBeats(int beats) throws InterruptedException {
        awaitReads(timerReads, beats);
    }

    private static void awaitReads(java.util.concurrent.atomic.AtomicInteger reads, int more) throws InterruptedException {
        awaitAtLeast(reads, reads.get() + more);
    }

    private static void awaitAtLeast(java.util.concurrent.atomic.AtomicInteger reads, int until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && reads.get() < until) Thread.sleep(10);
        assertThat(reads.get()).as("reads of the ticker").isGreaterThanOrEqualTo(until);
    }

    @Test
    @DisplayName("a conversation idle between its turns keeps its socket: the client pings pingInterval after the open and"
            + " again pingInterval after the endpoint's pong, as the socket client does, and not while nothing is due")
    void pingsKeepAnIdleConversation() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Turn " + index));
            socket.send(FINAL_PING);
        });
        backend(Duration.ofSeconds(10));

        assertThat(backend.send(message("where is my order", 1)).turns().get(0).text()).isEqualTo("Turn 1");
        advance(Duration.ofSeconds(24));
        awaitBeats(2);
        assertThat(pings(endpoint)).as("no ping before pingInterval").isZero();
        int read = otherReads.get();
        advance(Duration.ofSeconds(1));
        awaitPings(endpoint, 1);
        // The endpoint's pong, the only frame it sends now, read at 25 s: the next ping is due at 50 s.
        awaitAtLeast(otherReads, read + 1);
        advance(Duration.ofSeconds(25));
        awaitPings(endpoint, 2);
        TurnResult second = backend.send(message("ORD_77", 2));

        assertThat(second.turns().get(0).text()).isEqualTo("Turn 2");
        assertThat(server.getRequestCount()).as("one socket for the conversation").isEqualTo(1);
        assertThat(pings(endpoint)).isEqualTo(2);
    }

    @Test
    @DisplayName("any packet from the endpoint after a ping shows it is there, as Engine.IO 3 has it: an endpoint busy"
            + " sending, its pong not yet come, is not taken for gone pingTimeout after the ping")
    void anyPacketKeepsTheEndpoint() throws Exception {
        java.util.concurrent.atomic.AtomicReference<okhttp3.WebSocket> serverSide = new java.util.concurrent.atomic.AtomicReference<>();
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            serverSide.set(socket);
            socket.send(output("Turn " + index));
            socket.send(FINAL_PING);
        });
        endpoint.answersPings = false;
        backend(Duration.ofSeconds(10));

        backend.send(message("where is my order", 1));
        advance(Duration.ofSeconds(25));
        awaitPings(endpoint, 1);
        advance(Duration.ofSeconds(2));
        serverSide.get().send("4211[\"typingStatus\",{\"status\":\"typingOn\"}]");
        awaitFrame(endpoint, "4311[]");
        advance(Duration.ofSeconds(4));
        awaitBeats(2);
        TurnResult second = backend.send(message("ORD_77", 2));

        assertThat(second.turns().get(0).text()).isEqualTo("Turn 2");
        assertThat(server.getRequestCount()).as("the conversation's socket kept").isEqualTo(1);
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
