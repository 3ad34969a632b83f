package dev.botsim.cognigy.engine.backend.socket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Cognigy Socket Endpoint on a {@link MockWebServer}: every request upgrades to a WebSocket that speaks Engine.IO 3 and
 * Socket.IO 2 as Cognigy's endpoint does — the open packet, the connect {@code 40}, {@code endpoint-ready} — and hands each
 * {@code processInput} to the test's {@link Script}, which answers with the frames Cognigy sends. Every frame the client
 * sent is kept, per socket, in order.
 */
public final class CognigySocketServer {

    /** What the endpoint answers a {@code processInput}. */
    @FunctionalInterface
    public interface Script {
        /**
         * @param socket the socket the message came on, to send frames to
         * @param input  the {@code processInput} event's argument
         * @param index  which message this is on the server, from 1
         */
        void answer(WebSocket socket, JsonNode input, int index) throws Exception;
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The frames each socket's client sent, a list per socket in the order they opened. */
    public final List<List<String>> sent = new CopyOnWriteArrayList<>();
    /** Every processInput argument received, in order. */
    public final List<JsonNode> inputs = new CopyOnWriteArrayList<>();
    /** A permit for each socket whose closing both sides have said: the client has seen it ended. */
    public final java.util.concurrent.Semaphore closed = new java.util.concurrent.Semaphore(0);
    /** Whether the endpoint answers the client's pings ({@code 2}) with a pong ({@code 3}), as a live one does. */
    public volatile boolean answersPings = true;
    private final AtomicInteger messages = new AtomicInteger();
    private final boolean endpointReady;

    public CognigySocketServer(MockWebServer server, Script script) {
        this(server, script, true);
    }

    public CognigySocketServer(MockWebServer server, Script script, boolean endpointReady) {
        this.endpointReady = endpointReady;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                List<String> frames = new CopyOnWriteArrayList<>();
                sent.add(frames);
                return new MockResponse.Builder().webSocketUpgrade(listener(frames, script)).build();
            }
        });
    }

    private WebSocketListener listener(List<String> frames, Script script) {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.send("0{\"sid\":\"Hq2VJ1DpQ0Q5N3_xAAAB\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":5000}");
                socket.send("40");
                if (endpointReady) socket.send("42[\"endpoint-ready\"]");
            }

            @Override
            public void onMessage(WebSocket socket, String text) {
                frames.add(text);
                if (text.equals("2") && answersPings) socket.send("3");
                if (!text.startsWith("42[\"processInput\"")) return;
                try {
                    JsonNode input = JSON.readTree(text.substring(2)).get(1);
                    inputs.add(input);
                    script.answer(socket, input, messages.incrementAndGet());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                socket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket socket, int code, String reason) {
                closed.release();
            }
        };
    }

    /** An {@code output} event of a Say node's text, Cognigy's shape: {@code 42["output",{"type":"output","data":{…}}]}. */
    public static String output(String text) {
        return output(-1, text, "{}");
    }

    /** An {@code output} event with {@code data} (a JSON object), asking for acknowledgement {@code ackId} unless negative. */
    public static String output(int ackId, String text, String data) {
        return "42" + (ackId < 0 ? "" : ackId) + "[\"output\",{\"type\":\"output\",\"data\":{\"text\":"
                + (text == null ? "null" : JSON.writeValueAsString(text)) + ",\"data\":" + data
                + ",\"traceId\":\"endpoint-socketIncomingMessage-3f1c\",\"disableSensitiveLogging\":false,\"source\":\"bot\"}}]";
    }

    /** The Code node's report of docs/real-cognigy.md, as an output without text. */
    public static String report(String intent, double score, String flow) {
        return output(-1, null, "{\"intent\":\"" + intent + "\",\"intentScore\":" + score + ",\"intentFlow\":\"f1\",\"flowName\":\""
                + flow + "\",\"slots\":{},\"state\":\"\"}");
    }

    /** The endpoint's end of a turn, Cognigy.AI 4's event: {@code 42["finalPing",{"type":"regular"}]}. */
    public static final String FINAL_PING = "42[\"finalPing\",{\"type\":\"regular\"}]";
}
