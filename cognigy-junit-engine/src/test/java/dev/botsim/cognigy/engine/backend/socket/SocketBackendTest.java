package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** The socket backend against a Socket Endpoint scripted with the frames Cognigy's endpoint sends. */
class SocketBackendTest {

    private static final String TOKEN = "9c1e7b2f4a6d8e0c3b5a7f9e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private SocketBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private SocketBackend backend(CognigySocketServer.Script script) throws Exception {
        return backend(script, Duration.ofSeconds(10));
    }

    private SocketBackend backend(CognigySocketServer.Script script, Duration turnTimeout) throws Exception {
        return backend(new CognigySocketServer(server, script), turnTimeout);
    }

    private SocketBackend backend(CognigySocketServer endpoint, Duration turnTimeout) throws Exception {
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withTurnTimeout(turnTimeout).withNotices(notices::add)
                .withHttp(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))));
        return backend;
    }

    private static TurnRequest message(String text, String sessionId, int turn) {
        return new TurnRequest("run-1", "test_order#" + turn, turn, "user@example.com", "web", text, Map.of("origin", "qa"),
                sessionId, "key-" + turn, null, Map.of());
    }

    @Test
    @DisplayName("a single turn: one socket to /socket.io/ with the session in the query, processInput as the socket client"
            + " sends it, every output until finalPing read as a REST Endpoint's outputStack, and the socket left with 41")
    void singleTurn() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Sure, what is your order number?"));
            socket.send(report("check_order", 0.91, "Order status"));
            socket.send(FINAL_PING);
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult result = backend.send(message("where is my order", null, 1));

        BotTurn turn = result.turns().get(0);
        assertThat(turn.text()).isEqualTo("Sure, what is your order number?");
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.flowId()).isEqualTo("Order status");
        assertThat(result.status()).isEqualTo("completed");
        RecordedRequest upgrade = server.takeRequest();
        HttpUrl url = upgrade.getUrl();
        assertThat(url.encodedPath()).isEqualTo("/socket.io/");
        assertThat(url.queryParameter("EIO")).isEqualTo("3");
        assertThat(url.queryParameter("transport")).isEqualTo("websocket");
        assertThat(url.queryParameter("urlToken")).isEqualTo(TOKEN);
        assertThat(url.queryParameter("userId")).isEqualTo("user@example.com");
        assertThat(url.queryParameter("sessionId")).isEqualTo(result.sessionId()).startsWith("ses_");
        assertThat(url.queryParameter("testMode")).isEqualTo("false");
        assertThat(url.queryParameter("emitWithAck")).isEqualTo("true");
        assertThat(endpoint.inputs).hasSize(1);
        var input = endpoint.inputs.get(0);
        assertThat(input.get("URLToken").stringValue()).isEqualTo(TOKEN);
        assertThat(input.get("userId").stringValue()).isEqualTo("user@example.com");
        assertThat(input.get("sessionId").stringValue()).isEqualTo(result.sessionId());
        assertThat(input.get("channel").stringValue()).isEqualTo("socket-client");
        assertThat(input.get("source").stringValue()).isEqualTo("device");
        assertThat(input.get("passthroughIP").isNull()).isTrue();
        assertThat(input.get("resetFlow").booleanValue()).isFalse();
        assertThat(input.get("text").stringValue()).isEqualTo("where is my order");
        assertThat(input.get("data").toString()).isEqualTo(
                "{\"origin\":\"qa\",\"cognigyJunit\":{\"runId\":\"run-1\",\"testId\":\"test_order#1\",\"turn\":1}}");
        awaitFrame(endpoint, 0, "41");
        assertThat(endpoint.sent.get(0)).containsExactly(endpoint.sent.get(0).get(0), "41");
        assertThat(notices).isEmpty();
    }

    @Test
    @DisplayName("a Webchat bot's outputs: a Say node, a gallery from the Webchat tab (_cognigy._webchat, a generic template)"
            + " and quick replies only in _cognigy._facebook, as Webchat renders them: every text, card and quick reply is"
            + " the turn's")
    void webchatPayloads() throws Exception {
        backend((socket, input, index) -> {
            socket.send(output("One moment, I am looking that up."));
            socket.send(output(-1, null, """
                    {"_cognigy": {"_webchat": {"message": {"attachment": {"type": "template", "payload": {
                      "template_type": "generic", "elements": [{"title": "Berlin branch", "subtitle": "Open until 8 pm",
                      "image_url": null, "buttons": [{"type": "postback", "title": "Directions", "payload": "DIR_BER"},
                      {"type": "web_url", "title": "Map", "url": "https://example.com/map"}]}]}}}}}}"""));
            socket.send(output(-1, "", """
                    {"_cognigy": {"_facebook": {"message": {"text": "Anything else?", "quick_replies": [
                      {"content_type": "text", "title": "No, thanks", "payload": "NO"}]}}}}"""));
            socket.send(FINAL_PING);
        });

        BotTurn turn = backend.send(message("where is the nearest branch", null, 1)).turns().get(0);

        assertThat(turn.text()).isEqualTo("One moment, I am looking that up.\nBerlin branch\nOpen until 8 pm\nAnything else?");
        assertThat(turn.cardButtons()).containsExactly(new BotChoice("Directions", "DIR_BER", "postback"),
                new BotChoice("Map", "https://example.com/map", "web_url"));
        assertThat(turn.quickReplies()).containsExactly(new BotChoice("No, thanks", "NO", null));
    }

    @Test
    @DisplayName("a conversation keeps one socket across its turns, each turn answered with its own outputs")
    void conversationOnOneSocket() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output(index == 1 ? "Sure, what is your order number?" : "Order ORD_77 ships tomorrow."));
            socket.send(FINAL_PING);
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult first = backend.send(message("where is my order", "ses_conv", 1));
        TurnResult second = backend.send(message("ORD_77", "ses_conv", 2));

        assertThat(first.turns().get(0).text()).isEqualTo("Sure, what is your order number?");
        assertThat(second.turns().get(0).text()).isEqualTo("Order ORD_77 ships tomorrow.");
        assertThat(second.sessionId()).isEqualTo("ses_conv");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(endpoint.sent).hasSize(1);
        assertThat(endpoint.inputs).extracting(input -> input.get("text").stringValue()).containsExactly("where is my order", "ORD_77");
    }

    @Test
    @DisplayName("no more conversations than idleSockets keep their socket open between turns: the least recently used is"
            + " closed to make room, and that conversation's next turn opens a new socket of the same session; the others"
            + " go on on theirs")
    void idleSocketsBounded() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Turn " + index + " of " + input.get("sessionId").stringValue()));
            socket.send(FINAL_PING);
        });
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withNotices(notices::add).withIdleSockets(2)
                .withHttp(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))));

        backend.send(message("hi", "ses_a", 1));
        backend.send(message("hi", "ses_b", 1));
        backend.send(message("hi", "ses_c", 1));
        awaitFrame(endpoint, 0, "41");
        assertThat(endpoint.sent.get(0)).as("the least recently used conversation's socket, closed").contains("41");
        assertThat(endpoint.sent.get(1)).as("ses_b's socket, kept").doesNotContain("41");
        assertThat(endpoint.sent.get(2)).as("ses_c's socket, kept").doesNotContain("41");

        TurnResult b = backend.send(message("ORD_77", "ses_b", 2));
        assertThat(server.getRequestCount()).as("ses_b went on on its socket").isEqualTo(3);
        TurnResult a = backend.send(message("ORD_77", "ses_a", 2));
        assertThat(server.getRequestCount()).as("ses_a opened a new socket").isEqualTo(4);
        assertThat(a.sessionId()).isEqualTo("ses_a");
        assertThat(a.turns().get(0).text()).isEqualTo("Turn 5 of ses_a");
        assertThat(b.turns().get(0).text()).isEqualTo("Turn 4 of ses_b");
        RecordedRequest first = server.takeRequest();
        server.takeRequest();
        server.takeRequest();
        RecordedRequest reopened = server.takeRequest();
        assertThat(reopened.getUrl().queryParameter("sessionId")).isEqualTo("ses_a")
                .isEqualTo(first.getUrl().queryParameter("sessionId"));
        assertThat(endpoint.inputs).extracting(input -> input.get("sessionId").stringValue())
                .containsExactly("ses_a", "ses_b", "ses_c", "ses_b", "ses_a");
    }

    @Test
    @DisplayName("an output the flow sends after a delay (an API call, a Sleep node) belongs to the turn until finalPing:"
            + " what a REST Endpoint, answering when the synchronous part ends, does not see")
    void delayedOutput() throws Exception {
        backend((socket, input, index) -> {
            socket.send(output("Let me check that for you."));
            new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                socket.send(output("Your order ships tomorrow."));
                socket.send(FINAL_PING);
            }).start();
        });

        TurnResult result = backend.send(message("where is my order", null, 1));

        assertThat(result.turns().get(0).text()).isEqualTo("Let me check that for you.\nYour order ships tomorrow.");
    }

    @Test
    @DisplayName("events the endpoint asks to be acknowledged (emitWithAck) are, each with 43<id>[], as they come; the"
            + " end of a turn as Cognigy.AI 3 sends it (an output of type finalPing) ends it too")
    void acknowledgements() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output(7, "Hello!", "{}"));
            socket.send("428[\"typingStatus\",{\"status\":\"typingOff\"}]");
            socket.send("429[\"output\",{\"type\":\"finalPing\",\"data\":{\"type\":\"regular\"}}]");
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult result = backend.send(message("hi", null, 1));

        assertThat(result.turns().get(0).text()).isEqualTo("Hello!");
        awaitFrame(endpoint, 0, "41");
        assertThat(endpoint.sent.get(0)).filteredOn(frame -> frame.startsWith("43")).containsExactly("437[]", "438[]", "439[]");
    }

    @Test
    @DisplayName("no finalPing within cognigy.socket.turn-timeout: a TIMEOUT naming the setting and what had come, the"
            + " message sent once")
    void noFinalPing() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> socket.send(output("Hello!")));
        server.start();
        // The turn's deadline goes by a virtual ticker: on the thread waiting for the turn, its first reading sets the
        // deadline, its second leaves the whole timeout to wait for the output (which comes at the machine's speed),
        // and every later one is past the deadline. Nothing depends on how fast the output comes.
        Thread turnThread = Thread.currentThread();
        java.util.concurrent.atomic.AtomicInteger turnReads = new java.util.concurrent.atomic.AtomicInteger();
        Duration turnTimeout = Duration.ofSeconds(30);
        dev.botsim.cognigy.engine.transport.Ticker ticker = () ->
                Thread.currentThread() == turnThread && turnReads.incrementAndGet() > 2 ? turnTimeout.toNanos() : 0;
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withTicker(ticker).withTurnTimeout(turnTimeout).withNotices(notices::add)
                .withHttp(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))));

        assertThatThrownBy(() -> backend.send(message("hi", null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("sent no finalPing within 30000 ms (cognigy.socket.turn-timeout)",
                    "after 1 output (Hello!)", "it was not sent again").doesNotContain(TOKEN);
            assertThat(e.messageUnsent()).isFalse();
        });
        assertThat(endpoint.inputs).hasSize(1);
    }

    @Test
    @DisplayName("an error output (type error) fails the turn naming the endpoint's error, its URL token masked")
    void errorOutput() throws Exception {
        backend((socket, input, index) -> socket.send("42[\"output\",{\"type\":\"error\",\"data\":{\"error\":{\"message\":"
                + "\"No endpoint with URL token " + TOKEN + " is active\"}}}]"));

        assertThatThrownBy(() -> backend.send(message("hi", null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("answered an error instead of the bot's outputs",
                    "No endpoint with URL token **** is active", "after no output.").doesNotContain(TOKEN);
        });
    }

    @Test
    @DisplayName("an error output or an exception after the bot said something (a Say node, then an HTTP call that failed)"
            + " fails the turn quoting what it said, its rich content's text too, as a lost connection's failure does")
    void failureAfterOutputsSaysWhatTheBotSent() throws Exception {
        backend((socket, input, index) -> {
            socket.send(output("One moment, I am checking your order."));
            socket.send(output(-1, null, """
                    {"_cognigy": {"_webchat": {"message": {"text": "Is it about ORD_12?", "quick_replies": [
                      {"content_type": "text", "title": "Yes", "payload": "YES"}]}}}}"""));
            socket.send(index == 1 ? "42[\"output\",{\"type\":\"error\",\"data\":{\"error\":\"HTTP request failed\"}}]"
                    : "42[\"exception\",{\"message\":\"Flow execution failed\"}]");
        });

        assertThatThrownBy(() -> backend.send(message("where is my order", "ses_a", 1)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.getMessage()).contains(
                        "HTTP request failed", "after 2 outputs (One moment, I am checking your order. / Is it about ORD_12?)"));
        assertThatThrownBy(() -> backend.send(message("where is my order", "ses_a", 2)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.getMessage()).contains(
                        "Flow execution failed", "after 2 outputs (One moment, I am checking your order. / Is it about ORD_12?)"));
    }

    @Test
    @DisplayName("an exception event fails the turn naming it")
    void exception() throws Exception {
        backend((socket, input, index) -> socket.send("42[\"exception\",{\"message\":\"Flow execution failed\"}]"));

        assertThatThrownBy(() -> backend.send(message("hi", null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("raised an exception", "Flow execution failed");
        });
    }

    @Test
    @DisplayName("a connection lost mid-turn fails that turn and its message is never sent again; the conversation's next"
            + " turn goes on a new socket of the same session carrying only its own message")
    void disconnectMidTurn() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            if (index == 1) {
                socket.send(output("Let me check."));
                socket.close(1011, "server restarting");
            } else {
                socket.send(output("Order ORD_77 ships tomorrow."));
                socket.send(FINAL_PING);
            }
        });
        backend(endpoint, Duration.ofSeconds(10));

        assertThatThrownBy(() -> backend.send(message("where is my order", "ses_conv", 1)))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
                    assertThat(e.getMessage()).contains("ended before the turn's finalPing, after 1 output (Let me check.)",
                            "code 1011, server restarting", "it was not sent again");
                    assertThat(e.messageUnsent()).isFalse();
                });
        TurnResult next = backend.send(message("ORD_77", "ses_conv", 2));

        assertThat(next.turns().get(0).text()).isEqualTo("Order ORD_77 ships tomorrow.");
        assertThat(endpoint.inputs).extracting(input -> input.get("text").stringValue()).containsExactly("where is my order", "ORD_77");
        assertThat(endpoint.sent).hasSize(2);
        assertThat(endpoint.sent.get(1)).filteredOn(frame -> frame.startsWith("42[\"processInput\"")).hasSize(1);
        assertThat(server.takeRequest().getUrl().queryParameter("sessionId")).isEqualTo("ses_conv");
        assertThat(server.takeRequest().getUrl().queryParameter("sessionId")).isEqualTo("ses_conv");
    }

    @Test
    @DisplayName("a test's platform other than the run's default is sent as the channel; test mode as testMode=true")
    void channelAndTestMode() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Hi!"));
            socket.send(FINAL_PING);
        });
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())).withTestMode(true));

        backend.send(new TurnRequest("run-1", "t#1", 1, "u1", "webchat-client", "hi", Map.of(), null, "k", null, Map.of()));

        assertThat(endpoint.inputs.get(0).get("channel").stringValue()).isEqualTo("webchat-client");
        assertThat(server.takeRequest().getUrl().queryParameter("testMode")).isEqualTo("true");
    }

    @Test
    @DisplayName("an endpoint that refuses the upgrade fails the turn unsent, naming the status")
    void upgradeRefused() throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).body("Not Found").build());
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())));

        assertThatThrownBy(() -> backend.send(message("hi", null, 1))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.messageUnsent()).isTrue();
            assertThat(e.getMessage()).contains("cannot connect to Socket Endpoint http://", "/****",
                    "answered HTTP 404 to the WebSocket upgrade").doesNotContain(TOKEN);
        });
    }

    @Test
    @DisplayName("an upgrade answered 401 or 403 says the Socket Endpoint takes no credentials, so what refused stands in"
            + " front of it")
    void upgradeRefusedByWhatStandsInFront() throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(401).body("Unauthorized").build());
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(403).body("Forbidden").build());
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())));
        for (int code : new int[] {401, 403}) {
            assertThatThrownBy(() -> backend.send(message("hi", null, 1))).as("HTTP " + code)
                    .hasMessageContaining("answered HTTP " + code + " to the WebSocket upgrade (a Socket Endpoint takes no"
                            + " credentials: what refused the connection stands in front of it, a proxy, an IP allow-list or a"
                            + " firewall)");
        }
    }

    @Test
    @DisplayName("a data-only message (a postback) is processInput with the empty text and its data, as the socket client"
            + " sends one, resetFlow false")
    void dataOnlyMessage() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Welcome!"));
            socket.send(FINAL_PING);
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult result = backend.send(new TurnRequest("run-1", "test_get_started", 1, "u1", "web", null,
                Map.of("action", "GET_STARTED"), null, "k", null, Map.of()));

        assertThat(result.turns().get(0).text()).isEqualTo("Welcome!");
        var input = endpoint.inputs.get(0);
        assertThat(input.get("text").stringValue()).isEmpty();
        assertThat(input.get("data").get("action").stringValue()).isEqualTo("GET_STARTED");
        assertThat(input.get("data").has("cognigyJunit")).isTrue();
        assertThat(input.get("resetFlow").booleanValue()).isFalse();
    }

    @Test
    @DisplayName("in test mode messages are paced to its quota as a REST Endpoint's test-mode URL's are: the 601st within"
            + " the hour waits for the hour to pass before it is sent, and the progress line expects the hours it takes")
    void testModePaced() throws Exception {
        // One frame a turn, so 600 turns take no time on loopback.
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            if (index > 600) socket.send(output("Turn " + index));
            socket.send(FINAL_PING);
        });
        MutableClock clock = new MutableClock();
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())).withTestMode(true)
                .withClock(clock).withSleeper(sleeper));

        for (int turn = 1; turn <= 600; turn++) backend.send(message("hi", "ses_paced", turn));
        assertThat(sleeper.waits()).isEmpty();
        TurnResult last = backend.send(message("hi", "ses_paced", 601));

        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
        assertThat(last.turns().get(0).text()).isEqualTo("Turn 601");
        assertThat(endpoint.inputs).hasSize(601);
        assertThat(backend.pacing(1500)).hasValueSatisfying(line -> assertThat(line).contains("1500 messages at most 600 per"
                + " hour (the test-mode quota; cognigy.endpoint.max-messages-per-hour changes it): expect at least 2 h"));
    }

    @Test
    @DisplayName("out of test mode messages are not paced unless cognigy.endpoint.max-messages-per-hour sets a budget,"
            + " which then holds for every message, as for a REST Endpoint")
    void maxMessagesPerHour() throws Exception {
        new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Turn " + index));
            socket.send(FINAL_PING);
        });
        MutableClock clock = new MutableClock();
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        server.start();
        SocketBackend.Settings settings = SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withClock(clock).withSleeper(sleeper);
        backend = new SocketBackend(settings);
        for (int turn = 1; turn <= 3; turn++) backend.send(message("hi", "ses_free", turn));
        assertThat(sleeper.waits()).isEmpty();
        assertThat(backend.pacing(1500)).isEmpty();
        backend.close();

        backend = new SocketBackend(settings.withMaxMessagesPerHour(OptionalInt.of(2)));
        for (int turn = 1; turn <= 3; turn++) backend.send(message("hi", "ses_budget", turn));
        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
    }

    @Test
    @DisplayName("an output that comes after a turn's finalPing belongs to no turn: the conversation's next turn is its own"
            + " outputs only, not the late one, which would judge it by what the bot said before; the run is told what came,"
            + " in which session and when, not left to find it lost")
    void lateOutputBelongsToNoTurn() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            if (index == 1) {
                socket.send(output("Sure, what is your order number?"));
                socket.send(FINAL_PING);
                socket.send(output(9, "Anything else?", "{}"));
                socket.send("4210[\"typingStatus\",{\"status\":\"typingOff\"}]");
            } else {
                socket.send(output("Order ORD_77 ships tomorrow."));
                socket.send(FINAL_PING);
            }
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult first = backend.send(message("where is my order", "ses_conv", 1));
        // Acknowledged in the order they came: the late output was read once the event after it is acknowledged.
        awaitFrame(endpoint, 0, "4310[]");
        TurnResult second = backend.send(message("ORD_77", "ses_conv", 2));

        assertThat(first.turns().get(0).text()).isEqualTo("Sure, what is your order number?");
        assertThat(second.turns().get(0).text()).isEqualTo("Order ORD_77 ships tomorrow.");
        assertThat(endpoint.sent.get(0)).contains("439[]", "4310[]");
        assertThat(notices).singleElement().asString().contains("Socket Endpoint session ses_conv: 1 output (Anything else?)"
                + " came after its last turn's finalPing, before turn 2's message (test test_order#2), and is read as no"
                + " turn's answer", "after its execution had finished");
    }

    @Test
    @DisplayName("an output echoing the message's own data (a transformer answering input.data) is not the Code node's"
            + " report, though the test's data has an intent and a flowName; the report beside it is read")
    void echoOfTestDataIsNoReport() throws Exception {
        backend((socket, input, index) -> {
            socket.send(output("Which order is it about?"));
            socket.send(output(-1, null, input.path("data").toString()));
            if (index == 2) socket.send(report("order_status", 0.42, "Orders"));
            socket.send(FINAL_PING);
        });
        TurnRequest refund = new TurnRequest("run-1", "test_refund", 1, "user@example.com", "web", "I want my money back",
                Map.of("intent", "refund", "flowName", "Refunds"), null, "key-1", null, Map.of());

        BotTurn echoed = backend.send(refund).turns().get(0);
        assertThat(echoed.intent()).isNull();
        assertThat(echoed.flowId()).isNull();
        assertThat(echoed.outputData()).isEmpty();

        BotTurn reported = backend.send(refund).turns().get(0);
        assertThat(reported.intent()).isEqualTo("order_status");
        assertThat(reported.flowId()).isEqualTo("Orders");
    }

    @Test
    @DisplayName("outputs that come after a conversation's last turn, while its socket is kept, are told to the run when the"
            + " socket is closed at the run's end, not dropped unsaid")
    void lateOutputsAfterLastTurn() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Your order has shipped."));
            socket.send(FINAL_PING);
            socket.send(output(7, "An agent will contact you shortly.", "{}"));
            socket.send(output(8, "Rate this chat?", "{}"));
            socket.send("429[\"typingStatus\",{\"status\":\"typingOff\"}]");
        });
        backend(endpoint, Duration.ofSeconds(10));

        TurnResult only = backend.send(message("where is my order", "ses_last", 1));
        awaitFrame(endpoint, 0, "439[]");
        assertThat(notices).isEmpty();
        backend.close();
        backend = null;

        assertThat(only.turns().get(0).text()).isEqualTo("Your order has shipped.");
        assertThat(notices).singleElement().asString().contains("Socket Endpoint session ses_last: 2 outputs (An agent will"
                + " contact you shortly. / Rate this chat?) came after its last turn's finalPing, before its socket was closed"
                + " at the end of the run, and are read as no turn's answer");
    }

    @Test
    @DisplayName("an endpoint of Cognigy.AI before 4.79, which sends no endpoint-ready, is talked to all the same once the"
            + " wait for it has passed, the run told so once, the URL token masked")
    void noEndpointReady() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Hello!"));
            socket.send(FINAL_PING);
        }, false);
        server.start();
        // A connect timeout no loaded machine reaches, a short wait for endpoint-ready: the wait expiring is what is
        // tested, and a slow machine only makes it expire later.
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString()))
                .withNotices(notices::add)
                .withHttp(new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))),
                java.util.Optional.empty(), Duration.ofMillis(50));

        assertThat(backend.send(message("hi", null, 1)).turns().get(0).text()).isEqualTo("Hello!");
        assertThat(notices).as("told at the first connection").hasSize(1);
        assertThat(backend.send(message("hi", null, 2)).turns().get(0).text()).isEqualTo("Hello!");

        assertThat(endpoint.inputs).hasSize(2);
        assertThat(endpoint.sent).as("a connection for each conversation").hasSize(2);
        assertThat(notices).singleElement().asString().contains("/****", "sent no endpoint-ready within 50 ms"
                + " (cognigy.http.connect-timeout)", "Cognigy.AI sends from 4.79 on").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("closing the backend at the run's end leaves every conversation's socket kept between turns as the socket"
            + " client leaves, with 41 and the WebSocket closed: the endpoint is not left holding them until its own timeout")
    void closeLeavesKeptSockets() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            socket.send(output("Hello!"));
            socket.send(FINAL_PING);
        });
        backend(endpoint, Duration.ofSeconds(10));
        backend.send(message("hi", "ses_a", 1));
        backend.send(message("hi", "ses_b", 1));
        assertThat(endpoint.sent).allSatisfy(frames -> assertThat(frames).doesNotContain("41"));

        backend.close();
        backend = null;

        assertThat(endpoint.closed.tryAcquire(2, 5, java.util.concurrent.TimeUnit.SECONDS)).as("both WebSockets closed").isTrue();
        assertThat(endpoint.sent).allSatisfy(frames -> assertThat(frames).contains("41"));
    }

    @Test
    @DisplayName("an error after an output holding only the Code node's report quotes no text of it: there was none")
    void errorAfterTheReportAlone() throws Exception {
        backend((socket, input, index) -> {
            socket.send(report("check_order", 0.91, "Order status"));
            socket.send("42[\"output\",{\"type\":\"error\",\"data\":{\"error\":\"HTTP request failed\"}}]");
        });

        assertThatThrownBy(() -> backend.send(message("where is my order", null, 1)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.getMessage()).contains(
                        "HTTP request failed\", after 1 output. The message reached the endpoint"));
    }

    @Test
    @DisplayName("a Socket Endpoint, like a REST Endpoint, says nothing of the intent unless the flow reports it: a turn"
            + " without the report leaves the intent unknown, and the hint names the Code node to add")
    void intentUnknownWithoutTheReport() throws Exception {
        server.start();
        backend = new SocketBackend(SocketBackend.Settings.of(Secret.of(server.url("/" + TOKEN).toString())));

        assertThat(backend.intentUnknownWithoutNluData()).isTrue();
        assertThat(backend.missingNluDataHint()).get().asString().contains("Socket Endpoint", "api.output(null", "input.intent");
    }

    /** Waits, up to five seconds, for the client to have sent {@code frame} on socket {@code socket}. */
    private static void awaitFrame(CognigySocketServer endpoint, int socket, String frame) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && !endpoint.sent.get(socket).contains(frame)) Thread.sleep(10);
    }
}
