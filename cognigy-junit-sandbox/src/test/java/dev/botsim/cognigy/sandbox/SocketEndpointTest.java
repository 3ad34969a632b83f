package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Socket Endpoint's Socket.IO conversation over real loopback, as {@code @cognigy/socket-client} holds it. */
class SocketEndpointTest {

    private static final Map<String, Object> MARKER = Map.of("cognigyJunit", Map.of("runId", "run_1", "testId", "test_a", "turn", 1));
    private final JsonMapper json = JsonMapper.builder().build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) closeable.close();
    }

    private CognigySandbox start(SandboxOptions options) {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                options.withUrlToken("urltoken123").withClock(clock));
        started.add(sandbox);
        return sandbox;
    }

    /** The connection the socket client opens to {@code socketUrl}, after its open packet, connect and endpoint-ready. */
    private WebSocketClient connect(String socketUrl, String session, boolean testMode, boolean withAck) throws Exception {
        URI url = URI.create(socketUrl);
        WebSocketClient client = WebSocketClient.connect(url.getPort(), "/socket.io/?EIO=3&transport=websocket&urlToken="
                + url.getPath().substring(1) + "&sessionId=" + session + "&userId=user-1&testMode=" + testMode + "&emitWithAck=" + withAck);
        started.add(client);
        assertThat(client.head).startsWith("HTTP/1.1 101 ");
        return client;
    }

    private static void greeted(WebSocketClient client) throws Exception {
        assertThat(client.readText()).startsWith("0{");
        assertThat(client.readText()).isEqualTo("40");
        assertThat(client.readText()).isEqualTo("42[\"endpoint-ready\"]");
    }

    /** {@code processInput} as the socket client emits it. */
    private void say(WebSocketClient client, String token, String session, String text) throws Exception {
        ObjectNode input = json.createObjectNode().put("URLToken", token).put("userId", "user-1").put("sessionId", session)
                .put("channel", "socket-client").put("source", "device").putNull("passthroughIP").put("resetFlow", false)
                .put("text", text);
        input.set("data", json.valueToTree(MARKER));
        client.sendText("42" + json.createArrayNode().add("processInput").add(input));
    }

    private static String token(CognigySandbox sandbox) {
        return URI.create(sandbox.socketEndpointUrl()).getPath().substring(1);
    }

    /**
     * The turn's output events up to its finalPing, each acknowledged when it asks to be ({@code acknowledge}); the
     * {@code data} of each output.
     */
    private List<JsonNode> outputs(WebSocketClient client, boolean acknowledge, List<String> ackIds) throws Exception {
        List<JsonNode> outputs = new ArrayList<>();
        while (true) {
            String frame = client.readText();
            if (frame.equals("42[\"finalPing\",{\"type\":\"regular\"}]")) return outputs;
            assertThat(frame).startsWith("42");
            int bracket = frame.indexOf('[');
            String id = frame.substring(2, bracket);
            if (!id.isEmpty()) {
                ackIds.add(id);
                if (acknowledge) client.sendText("43" + id + "[]");
            }
            JsonNode event = json.readTree(frame.substring(bracket));
            assertThat(event.get(0).asString()).isEqualTo("output");
            outputs.add(event.get(1));
        }
    }

    private JsonNode rest(CognigySandbox sandbox, String url, String session, String text) throws Exception {
        OkHttpClient http = new OkHttpClient();
        String body = json.writeValueAsString(Map.of("userId", "user-1", "sessionId", session, "text", text, "data", MARKER));
        try (Response response = http.newCall(new Request.Builder().url(url)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            return ((ObjectNode) json.readTree(response.body().string())).put("status", response.code());
        }
    }

    /** An output without its trace id, which differs per message and per endpoint. */
    private static JsonNode withoutTrace(JsonNode output) {
        ObjectNode copy = (ObjectNode) output.deepCopy();
        copy.remove("traceId");
        return copy;
    }

    @Test
    @DisplayName("quick replies and buttons reach the socket as Webchat renders them, _cognigy._webchat in Messenger's format,"
            + " and not as the default channel's _cognigy._default the REST Endpoint answers")
    void richContentAsWebchatsPayload() throws Exception {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/shop-bot.yaml"),
                SandboxOptions.defaults().withUrlToken("urltoken123").withClock(clock));
        started.add(sandbox);
        String token = token(sandbox);
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "w1", false, false);
        greeted(client);

        say(client, token, "w1", "hello");
        JsonNode greeting = outputs(client, false, new ArrayList<>()).get(0).path("data");
        say(client, token, "w1", "how can I contact you");
        JsonNode contact = outputs(client, false, new ArrayList<>()).get(0).path("data");

        assertThat(greeting.path("text").isNull()).isTrue();
        assertThat(greeting.path("data").path("_cognigy").has("_default")).isFalse();
        assertThat(greeting.path("data").path("_cognigy").path("_webchat")).isEqualTo(json.readTree("""
                {"message": {"text": "Hello! What can I do for you?", "quick_replies": [
                  {"content_type": "text", "title": "Order status", "payload": "where is my order", "image_url": null},
                  {"content_type": "text", "title": "Agent", "payload": "Agent", "image_url": null}]}}"""));
        assertThat(contact.path("data").path("_cognigy").path("_webchat")).isEqualTo(json.readTree("""
                {"message": {"attachment": {"type": "template", "payload": {"template_type": "button",
                  "text": "Call or write to us.", "buttons": [
                    {"type": "phone_number", "title": "Call", "payload": "+49 211 123"},
                    {"type": "web_url", "title": "Website", "url": "https://example.com/contact"},
                    {"type": "postback", "title": "Chat", "payload": "start_chat"}]}}}}"""));
        assertThat(rest(sandbox, sandbox.endpointUrl(), "r1", "hello").path("outputStack").get(0).path("data")
                .path("_cognigy").has("_default")).as("the REST Endpoint still answers the default channel").isTrue();
    }

    @Test
    @DisplayName("outputs are pushed as the flow sends them: the first at once, the others and finalPing only after the"
            + " processing time, as a Say node, an HTTP call and another Say node reach Webchat")
    void firstOutputBeforeTheProcessingTime() throws Exception {
        CognigySandbox sandbox = start(SandboxOptions.defaults().withProcessingTime(Duration.ofHours(1)));
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "p1", false, false);
        greeted(client);

        say(client, token(sandbox), "p1", "hello");

        String first = client.readText();
        assertThat(first).startsWith("42[\"output\"").contains("Hello! I can check your order");
        assertThat(client.available()).as("nothing more until the flow has worked for the processing time").isZero();
    }

    @Test
    @DisplayName("a two-turn conversation: each processInput answered with output events {type: output, data: {text, data, ...}}"
            + " asking for acknowledgement, then finalPing; the outputs are the REST Endpoint's for the same messages")
    void conversation() throws Exception {
        CognigySandbox sandbox = start(SandboxOptions.defaults());
        String token = token(sandbox);
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "s1", false, true);
        JsonNode open = json.readTree(client.readText().substring(1));
        assertThat(open.path("sid").asString()).isNotBlank();
        assertThat(open.path("pingInterval").asLong()).isEqualTo(25_000);
        assertThat(open.path("pingTimeout").asLong()).isEqualTo(5_000);
        assertThat(client.readText()).isEqualTo("40");
        assertThat(client.readText()).isEqualTo("42[\"endpoint-ready\"]");

        List<String> ackIds = new ArrayList<>();
        say(client, token, "s1", "where is my order");
        List<JsonNode> first = outputs(client, true, ackIds);
        say(client, token, "s1", "ORD_77");
        List<JsonNode> second = outputs(client, true, ackIds);

        assertThat(first).allSatisfy(event -> assertThat(event.path("type").asString()).isEqualTo("output"));
        assertThat(first.stream().map(event -> event.path("data").path("text").asString(null)))
                .contains("Sure, what is your order number?");
        assertThat(second.stream().map(event -> event.path("data").path("text").asString(null)))
                .anySatisfy(text -> assertThat(text).contains("ORD_77"));
        assertThat(first.get(0).path("data").path("traceId").asString()).startsWith("endpoint-socketIncomingMessage-");
        assertThat(ackIds).as("every output asked to be acknowledged, ids counting up").hasSize(first.size() + second.size())
                .startsWith("0", "1");
        assertThat(sandbox.stats().socketAcksMissed()).isZero();
        assertThat(sandbox.stats().requests("socket")).isEqualTo(2);

        JsonNode restFirst = rest(sandbox, sandbox.endpointUrl(), "r1", "where is my order");
        JsonNode restSecond = rest(sandbox, sandbox.endpointUrl(), "r1", "ORD_77");
        assertThat(first.stream().map(event -> withoutTrace(event.path("data"))).toList())
                .isEqualTo(restFirst.path("outputStack").valueStream().map(SocketEndpointTest::withoutTrace).toList());
        assertThat(second.stream().map(event -> withoutTrace(event.path("data"))).toList())
                .isEqualTo(restSecond.path("outputStack").valueStream().map(SocketEndpointTest::withoutTrace).toList());
    }

    @Test
    @DisplayName("the Socket Endpoint keeps the REST Endpoint's sessions: a question asked over REST is answered over the socket")
    void sharesTheRestEndpointsSessions() throws Exception {
        CognigySandbox sandbox = start(SandboxOptions.defaults());
        assertThat(rest(sandbox, sandbox.endpointUrl(), "shared", "where is my order").path("text").asString())
                .isEqualTo("Sure, what is your order number?");
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "shared", false, false);
        greeted(client);
        say(client, token(sandbox), "shared", "ORD_77");
        List<String> ackIds = new ArrayList<>();
        List<JsonNode> outputs = outputs(client, false, ackIds);
        assertThat(ackIds).as("emitWithAck=false: no output asks to be acknowledged").isEmpty();
        assertThat(outputs.get(0).path("data").path("text").asString()).contains("ORD_77");
    }

    @Test
    @DisplayName("an output whose acknowledgement does not come within the wait is counted missing; finalPing follows the wait")
    void missingAcknowledgement() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withClock(clock);
        BotDefinition bot = BotDefinition.fromClasspath("bots/order-bot.yaml");
        SandboxStats stats = new SandboxStats();
        RestEndpoint rest = new RestEndpoint(new Tenant(bot, "rest-token", null, clock), options, json);
        SocketEndpoint endpoint = new SocketEndpoint(rest, "socket-token", () -> Duration.ZERO, stats, clock, json,
                new SocketEndpoint.Timing(Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofMillis(50)));
        started.add(endpoint);
        WebSocketClient client = connect("http://127.0.0.1:" + endpoint.port() + "/socket-token", "s1", false, true);
        greeted(client);
        say(client, "socket-token", "s1", "hi");
        List<String> ackIds = new ArrayList<>();
        List<JsonNode> outputs = outputs(client, false, ackIds);
        assertThat(ackIds).hasSize(outputs.size()).isNotEmpty();
        assertThat(stats.socketAcksMissed()).isEqualTo(outputs.size());
    }

    @Test
    @DisplayName("a client that sends no Engine.IO packet for pingInterval + pingTimeout is disconnected")
    void heartbeat() throws Exception {
        BotDefinition bot = BotDefinition.fromClasspath("bots/order-bot.yaml");
        RestEndpoint rest = new RestEndpoint(new Tenant(bot, "rest-token", null, clock), SandboxOptions.defaults(), json);
        SocketEndpoint endpoint = new SocketEndpoint(rest, "socket-token", () -> Duration.ZERO, new SandboxStats(), clock, json,
                new SocketEndpoint.Timing(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofSeconds(2)));
        started.add(endpoint);
        WebSocketClient client = connect("http://127.0.0.1:" + endpoint.port() + "/socket-token", "s1", false, false);
        JsonNode open = json.readTree(client.readText().substring(1));
        assertThat(open.path("pingInterval").asLong()).isEqualTo(40);
        assertThat(client.readText()).isEqualTo("40");
        assertThat(client.readText()).isEqualTo("42[\"endpoint-ready\"]");
        WebSocketClient.Frame close = client.read();
        assertThat(close.opcode()).isEqualTo(WebSocketFrames.CLOSE);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("ping timeout");
        assertThat(client.read()).isNull();
    }

    @Test
    @DisplayName("test mode (testMode=true) spends the REST Endpoint's hourly quota: beyond it an error output, and /test/ is 429")
    void testModeQuota() throws Exception {
        CognigySandbox sandbox = start(SandboxOptions.defaults().withTestMessagesPerHour(2));
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "s1", true, false);
        greeted(client);
        say(client, token(sandbox), "s1", "hi");
        assertThat(outputs(client, false, new ArrayList<>()).get(0).path("type").asString()).isEqualTo("output");
        assertThat(rest(sandbox, sandbox.testEndpointUrl(), "r1", "hi").path("status").asInt()).isEqualTo(200);
        say(client, token(sandbox), "s1", "hi");
        JsonNode refused = outputs(client, false, new ArrayList<>()).get(0);
        assertThat(refused.path("type").asString()).isEqualTo("error");
        assertThat(refused.path("data").path("error").asString()).contains("test mode");
        assertThat(rest(sandbox, sandbox.testEndpointUrl(), "r1", "hi").path("status").asInt()).isEqualTo(429);

        clock.advance(Duration.ofHours(1));
        say(client, token(sandbox), "s1", "hi");
        assertThat(outputs(client, false, new ArrayList<>()).get(0).path("type").asString()).isEqualTo("output");
    }

    @Test
    @DisplayName("a processInput naming another URL token, or without userId and sessionId, is answered with an error output")
    void refusedMessages() throws Exception {
        CognigySandbox sandbox = start(SandboxOptions.defaults());
        WebSocketClient client = connect(sandbox.socketEndpointUrl(), "s1", false, false);
        greeted(client);
        say(client, "urltoken123", "s1", "hi");
        JsonNode wrongToken = outputs(client, false, new ArrayList<>()).get(0);
        assertThat(wrongToken.path("type").asString()).isEqualTo("error");
        assertThat(wrongToken.toString()).contains("URLToken").doesNotContain("urltoken123");
        client.sendText("42[\"processInput\",{\"URLToken\":\"" + token(sandbox) + "\",\"text\":\"hi\"}]");
        assertThat(outputs(client, false, new ArrayList<>()).get(0).path("data").path("error").asString())
                .contains("userId and sessionId are required");
        assertThat(sandbox.stats().requests("socket")).isEqualTo(2);
    }
}
