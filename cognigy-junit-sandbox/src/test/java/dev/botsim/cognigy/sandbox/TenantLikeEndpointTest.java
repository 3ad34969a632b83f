package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** The REST Endpoint over real HTTP on loopback, answering as a tenant's does. */
class TenantLikeEndpointTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Map<String, Object> MARKER = Map.of("cognigyJunit", Map.of("runId", "run_1", "testId", "test_a", "turn", 1));
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private final List<CognigySandbox> started = new ArrayList<>();

    private record Answer(int code, JsonNode body, String retryAfter) {
    }

    @AfterEach
    void stop() {
        started.forEach(CognigySandbox::close);
    }

    private CognigySandbox start(String bot, SandboxOptions options) {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath(bot), options.withUrlToken("urltoken123").withClock(clock));
        started.add(sandbox);
        return sandbox;
    }

    private CognigySandbox start(String bot) {
        return start(bot, SandboxOptions.defaults());
    }

    private Answer send(String url, String session, String text, Map<String, Object> data) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", "user-1");
        body.put("sessionId", session);
        if (text != null) body.put("text", text);
        if (data != null) body.put("data", data);
        try (Response response = http.newCall(new Request.Builder().url(url)
                .post(RequestBody.create(json.writeValueAsString(body), JSON)).build()).execute()) {
            return new Answer(response.code(), json.readTree(response.body().string()), response.header("Retry-After"));
        }
    }

    /** A message carrying the engine's test marker. */
    private JsonNode marked(CognigySandbox sandbox, String session, String text) throws IOException {
        return send(sandbox.endpointUrl(), session, text, MARKER).body();
    }

    private static JsonNode nlu(JsonNode answer) {
        for (JsonNode output : answer.path("outputStack")) {
            if (output.path("data").has("intentFlow")) return output.path("data");
        }
        throw new AssertionError("no NLU output in " + answer);
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> data = new LinkedHashMap<>(MARKER);
        data.put(key, value);
        return data;
    }

    @Test
    @DisplayName("item 16: the NLU data output comes only with the test marker data.cognigyJunit, as the gated Code node emits it")
    void markerGatesNluOutput() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        JsonNode unmarked = send(sandbox.endpointUrl(), "s1", "where is my order ORD_9", Map.of()).body();
        assertThat(unmarked.path("outputStack")).hasSize(1);
        assertThat(unmarked.toString()).doesNotContain("intent").doesNotContain("check_order");
        assertThat(unmarked.path("text").asString()).contains("ORD_9");

        JsonNode withMarker = marked(sandbox, "s2", "where is my order ORD_9");
        assertThat(withMarker.path("outputStack")).hasSize(2);
        assertThat(nlu(withMarker).path("intent").asString()).isEqualTo("check_order");
        assertThat(nlu(withMarker).path("intentScore").isNumber()).isTrue();
    }

    @Test
    @DisplayName("item 16: options emit the NLU output always (the ungated snippet) or never (a bot without the Code node)")
    void nluOutputOptions() throws Exception {
        CognigySandbox always = start("bots/order-bot.yaml", SandboxOptions.defaults().withNluOutput(NluOutput.ALWAYS));
        assertThat(nlu(send(always.endpointUrl(), "s1", "hi", null).body()).path("intent").asString()).isEqualTo("greeting");
        CognigySandbox never = start("bots/order-bot.yaml", SandboxOptions.defaults().withNluOutput(NluOutput.NEVER));
        JsonNode answer = marked(never, "s1", "hi");
        assertThat(answer.path("outputStack")).hasSize(1);
        assertThat(answer.toString()).doesNotContain("greeting");
    }

    @Test
    @DisplayName("item 16: a follow-up answering the bot's question is reported with the NLU result of that text (never the waiting"
            + " flow's intent with 1.0), by the flow that handled it")
    void followUpReportsItsOwnNlu() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        assertThat(marked(sandbox, "s1", "where is my order").path("text").asString()).isEqualTo("Sure, what is your order number?");
        JsonNode followUp = marked(sandbox, "s1", "ORD_77");
        assertThat(followUp.path("text").asString()).contains("ORD_77");
        JsonNode nlu = nlu(followUp);
        JsonNode alone = nlu(marked(sandbox, "fresh", "ORD_77"));
        assertThat(nlu.path("intentScore").asDouble()).as("what the NLU finds in 'ORD_77', not 1.0")
                .isEqualTo(alone.path("intentScore").asDouble()).isLessThan(1.0);
        assertThat(nlu.path("flowName").asString()).isEqualTo("flow_order_status");
        assertThat(nlu.path("slots").path("order_id").get(0).path("keyphrase").asString()).isEqualTo("ORD_77");

        String unrecognised = "xyzzy plugh frobnicate ORD_78";
        assertThat(new Nlu(BotDefinition.fromClasspath("bots/order-bot.yaml")).understand(unrecognised).intent())
                .as("precondition: the NLU finds no intent in this text").isNull();
        marked(sandbox, "s2", "where is my order");
        JsonNode unclear = marked(sandbox, "s2", unrecognised);
        assertThat(unclear.path("text").asString()).as("the waiting flow continues").contains("ORD_78");
        assertThat(nlu(unclear).path("intent").isNull()).isTrue();
        assertThat(nlu(unclear).path("intentScore").isNull()).isTrue();
        assertThat(nlu(unclear).path("flowName").asString()).isEqualTo("flow_order_status");
    }

    @Test
    @DisplayName("item 16: when no intent matched, intent and intentScore are null; the main flow handled it")
    void noIntentNullScore() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        JsonNode nlu = nlu(marked(sandbox, "s1", "xyzzy plugh"));
        assertThat(nlu.path("intent").isNull()).isTrue();
        assertThat(nlu.path("intentScore").isNull()).isTrue();
        assertThat(nlu.path("flowName").asString()).isEqualTo("flow_fallback");
    }

    @Test
    @DisplayName("intentFlow is the flow the intent was found in, as Cognigy's input.intentFlow: null when no intent was found"
            + " (the fallback, a data-only message, an answer the NLU found nothing in), and the intent's own flow when a waiting"
            + " flow takes an answer in which the NLU found another flow's intent; flowName stays the flow that handled it")
    void intentFlowIsWhereTheIntentWasFound() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        JsonNode fallback = nlu(marked(sandbox, "s1", "xyzzy plugh"));
        assertThat(fallback.path("intentFlow").isNull()).as(fallback.toString()).isTrue();
        assertThat(fallback.path("flowName").asString()).isEqualTo("flow_fallback");

        String greetingFlow = nlu(marked(sandbox, "s2", "hello")).path("intentFlow").asString();
        assertThat(greetingFlow).matches(UUID);
        marked(sandbox, "s3", "where is my order");
        JsonNode answer = marked(sandbox, "s3", "hello ORD_77");
        assertThat(answer.path("text").asString()).as("the waiting flow takes the answer").contains("ORD_77");
        JsonNode followUp = nlu(answer);
        assertThat(followUp.path("intent").asString()).as("what the NLU found in 'hello ORD_77'").isEqualTo("greeting");
        assertThat(followUp.path("intentFlow").asString()).as("the flow the greeting intent was found in").isEqualTo(greetingFlow);
        assertThat(followUp.path("flowName").asString()).as("the flow in execution").isEqualTo("flow_order_status");

        marked(sandbox, "s4", "where is my order");
        JsonNode unclear = nlu(marked(sandbox, "s4", "xyzzy plugh frobnicate ORD_78"));
        assertThat(unclear.path("intent").isNull()).isTrue();
        assertThat(unclear.path("intentFlow").isNull()).as(unclear.toString()).isTrue();
        assertThat(unclear.path("flowName").asString()).isEqualTo("flow_order_status");

        CognigySandbox postback = start("bots/postback-bot.yaml");
        JsonNode getStarted = nlu(send(postback.endpointUrl(), "s5", null, with("action", "GET_STARTED")).body());
        assertThat(getStarted.path("intentFlow").isNull()).as(getStarted.toString()).isTrue();
        assertThat(getStarted.path("flowName").asString()).isEqualTo("Get started");
    }

    @Test
    @DisplayName("withCodeNodeFlow: a Code node placed once reports the flow it runs in as flowName on every turn, an intent's"
            + " or not, as on a tenant; intentFlow stays the flow the intent was found in, null without one. Without the option"
            + " flowName is the flow that handled the message")
    void codeNodePlacedOnce() throws Exception {
        CognigySandbox perFlow = start("bots/postback-bot.yaml");
        JsonNode handled = nlu(send(perFlow.endpointUrl(), "s0", null, with("action", "GET_STARTED")).body());
        assertThat(handled.path("flowName").asString()).isEqualTo("Get started");

        CognigySandbox shared = start("bots/postback-bot.yaml", SandboxOptions.defaults().withCodeNodeFlow("Test Reporting"));
        JsonNode getStarted = nlu(send(shared.endpointUrl(), "s1", null, with("action", "GET_STARTED")).body());
        assertThat(getStarted.path("flowName").asString()).as("a data-only turn").isEqualTo("Test Reporting");
        assertThat(getStarted.path("intent").isNull()).isTrue();
        assertThat(getStarted.path("intentFlow").isNull()).as(getStarted.toString()).isTrue();

        CognigySandbox orders = start("bots/order-bot.yaml", SandboxOptions.defaults().withCodeNodeFlow("Test Reporting"));
        JsonNode greeting = nlu(marked(orders, "s2", "hello"));
        assertThat(greeting.path("intent").asString()).isEqualTo("greeting");
        assertThat(greeting.path("flowName").asString()).as("an intent's turn").isEqualTo("Test Reporting");
        assertThat(greeting.path("intentFlow").asString()).matches(UUID)
                .isEqualTo(nlu(marked(start("bots/order-bot.yaml"), "s3", "hello")).path("intentFlow").asString());
        marked(orders, "s4", "where is my order");
        JsonNode followUp = nlu(marked(orders, "s4", "xyzzy plugh frobnicate ORD_78"));
        assertThat(followUp.path("intentFlow").isNull()).as("an answer to the bot's question, no intent in it").isTrue();
        assertThat(followUp.path("flowName").asString()).isEqualTo("Test Reporting");

        assertThatThrownBy(() -> SandboxOptions.defaults().withCodeNodeFlow(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("display name");
    }

    @Test
    @DisplayName("a keyphrase slot is the keyphrase as the bot lists it, whatever case it was written in, as a lexicon slot's"
            + " keyphrase is the lexicon's")
    void keyphraseAsListed() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        JsonNode answer = marked(sandbox, "s1", "paint it RED and Blue");
        assertThat(nlu(answer).path("slots").path("colour").toString()).isEqualTo("[{\"keyphrase\":\"red\"},{\"keyphrase\":\"blue\"}]");
        assertThat(answer.path("text").asString()).isEqualTo("Painting it red.");
    }

    @Test
    @DisplayName("a pattern entity, a Regex Slot Filler node without the g flag, fills its slot with the first match only;"
            + " a lexicon slot keeps every match")
    void regexSlotKeepsTheFirstMatch() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        JsonNode slots = nlu(marked(sandbox, "s1", "move ORD_1 to ORD_2 and paint it red and blue")).path("slots");
        // Cognigy's node stores all matches only with the g flag; without it, and in a flow-wide slot filler, the first.
        assertThat(slots.path("order_id").toString()).isEqualTo("[{\"keyphrase\":\"ORD_1\"}]");
        assertThat(slots.path("colour").toString()).isEqualTo("[{\"keyphrase\":\"red\"},{\"keyphrase\":\"blue\"}]");
    }

    @Test
    @DisplayName("the REST Endpoint answers once the flow has run, after the processing time: a client's read timeout shorter"
            + " than it times out, as against a tenant's slow flow; a refused message ran no flow and is answered at once")
    void answersAfterTheProcessingTime() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml", SandboxOptions.defaults().withProcessingTime(Duration.ofSeconds(2)));
        OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofSeconds(1)).build();
        Request message = new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"user-1\",\"sessionId\":\"s1\",\"text\":\"where is my order ORD_1\"}", JSON)).build();
        assertThatThrownBy(() -> impatient.newCall(message).execute().close()).isInstanceOf(SocketTimeoutException.class);

        Request refused = new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create("{\"text\":\"hello\"}", JSON)).build();
        try (Response response = impatient.newCall(refused).execute()) {
            assertThat(response.code()).isEqualTo(400);
        }
        assertThat(send(sandbox.endpointUrl(), "s2", "where is my order ORD_1", null).code()).isEqualTo(200);
    }

    @Test
    @DisplayName("item 16: flows are named by display name (the id without one) and referenced by a stable UUID per flow")
    void displayNamesAndReferenceIds() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        JsonNode order = nlu(marked(sandbox, "s1", "where is my order ORD_99"));
        assertThat(order.path("flowName").asString()).isEqualTo("Order status");
        assertThat(order.path("intentFlow").asString()).matches(UUID);
        assertThat(nlu(marked(sandbox, "s2", "track my package ORD_1")).path("intentFlow").asString())
                .isEqualTo(order.path("intentFlow").asString());
        JsonNode paint = nlu(marked(sandbox, "s3", "paint it red"));
        assertThat(paint.path("flowName").asString()).isEqualTo("flow_paint");
        assertThat(paint.path("intentFlow").asString()).matches(UUID).isNotEqualTo(order.path("intentFlow").asString());
        assertThat(nlu(marked(sandbox, "s4", "xyzzy")).path("flowName").asString()).isEqualTo("Main Flow");
    }

    @Test
    @DisplayName("item 16: request data is the message's input.data, not kept into the session's context")
    void dataIsPerMessage() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        assertThat(send(sandbox.endpointUrl(), "s1", "what is my membership tier", with("tier", "gold")).body().path("text").asString())
                .isEqualTo("This message says your tier is gold.");
        assertThat(marked(sandbox, "s1", "what is my membership tier").path("text").asString())
                .isEqualTo("I do not know your tier.");
    }

    @Test
    @DisplayName("item 16: one traceId endpoint-httpIncomingMessage-<uuid> shared by a request's outputs, none at the root")
    void oneTraceIdPerRequest() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        JsonNode first = marked(sandbox, "s1", "where is my order ORD_1");
        JsonNode outputs = first.path("outputStack");
        assertThat(outputs).hasSize(2);
        String traceId = outputs.get(0).path("traceId").asString();
        assertThat(traceId).matches("endpoint-httpIncomingMessage-" + UUID);
        assertThat(outputs.get(1).path("traceId").asString()).isEqualTo(traceId);
        assertThat(first.has("traceId")).isFalse();
        assertThat(marked(sandbox, "s1", "hi").path("outputStack").get(0).path("traceId").asString()).isNotEqualTo(traceId);
    }

    @Test
    @DisplayName("item 16: quick replies and buttons arrive in data._cognigy._default with their text, as Cognigy's default channel format")
    void quickRepliesAndButtons() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        JsonNode greeting = send(sandbox.endpointUrl(), "s1", "hello", null).body().path("outputStack").get(0);
        assertThat(greeting.path("text").isNull()).as("the text is in the channel payload").isTrue();
        JsonNode quick = greeting.path("data").path("_cognigy").path("_default").path("_quickReplies");
        assertThat(quick.path("type").asString()).isEqualTo("quick_replies");
        assertThat(quick.path("text").asString()).isEqualTo("Hello! What can I do for you?");
        assertThat(quick.path("quickReplies").toString()).isEqualTo("[{\"title\":\"Order status\",\"payload\":\"where is my order\","
                + "\"contentType\":\"postback\"},{\"title\":\"Agent\",\"payload\":\"Agent\",\"contentType\":\"postback\"}]");

        JsonNode contact = send(sandbox.endpointUrl(), "s2", "how can I contact you", null).body().path("outputStack").get(0);
        JsonNode buttons = contact.path("data").path("_cognigy").path("_default").path("_buttons");
        assertThat(buttons.path("type").asString()).isEqualTo("buttons");
        assertThat(buttons.path("text").asString()).isEqualTo("Call or write to us.");
        assertThat(buttons.path("buttons").toString()).isEqualTo("[{\"title\":\"Call\",\"payload\":\"+49 211 123\",\"type\":\"phone_number\","
                + "\"url\":null},{\"title\":\"Website\",\"payload\":null,\"type\":\"web_url\",\"url\":\"https://example.com/contact\"},"
                + "{\"title\":\"Chat\",\"payload\":\"start_chat\",\"type\":\"postback\",\"url\":null}]");
        assertThat(send(sandbox.endpointUrl(), "s3", "where is my order ORD_1", null).body().path("outputStack").get(0)
                .path("data").isEmpty()).as("a plain text output carries no channel payload").isTrue();
    }

    @Test
    @DisplayName("withDefaultReplyNesting: quick replies and buttons come nested as an Intent Default Reply's rich content,"
            + " in data._data._cognigy._default, and nothing at data._cognigy")
    void defaultReplyNesting() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml", SandboxOptions.defaults().withDefaultReplyNesting(true));
        JsonNode greeting = send(sandbox.endpointUrl(), "s1", "hello", null).body().path("outputStack").get(0);
        assertThat(greeting.path("data").propertyNames()).containsExactly("_data");
        JsonNode quick = greeting.path("data").path("_data").path("_cognigy").path("_default").path("_quickReplies");
        assertThat(quick.path("text").asString()).isEqualTo("Hello! What can I do for you?");
        assertThat(quick.path("quickReplies").get(0).path("payload").asString()).isEqualTo("where is my order");
        JsonNode buttons = send(sandbox.endpointUrl(), "s2", "how can I contact you", null).body().path("outputStack").get(0)
                .path("data").path("_data").path("_cognigy").path("_default").path("_buttons");
        assertThat(buttons.path("buttons").get(0).path("title").asString()).isEqualTo("Call");
    }

    @Test
    @DisplayName("withCodeNodeBeforeQuestions(false): a turn on which the flow asks its question reports nothing, as a Code node"
            + " only at the end of the flow never runs when a Question node stops it; the answering turn reports; by default both do")
    void codeNodeOnlyAtTheEnd() throws Exception {
        CognigySandbox endOnly = start("bots/order-bot.yaml", SandboxOptions.defaults().withCodeNodeBeforeQuestions(false));
        JsonNode asked = marked(endOnly, "s1", "where is my order");
        assertThat(asked.path("text").asString()).isEqualTo("Sure, what is your order number?");
        assertThat(asked.path("outputStack")).as("the question alone, no NLU output").hasSize(1);
        JsonNode answered = marked(endOnly, "s1", "ORD_77");
        assertThat(answered.path("text").asString()).contains("ORD_77");
        assertThat(nlu(answered).path("flowName").asString()).isEqualTo("flow_order_status");
        assertThat(nlu(marked(endOnly, "s2", "where is my order ORD_5")).path("intent").asString())
                .as("a turn that asks nothing reaches the end of the flow").isEqualTo("check_order");

        CognigySandbox beforeQuestions = start("bots/order-bot.yaml");
        assertThat(nlu(marked(beforeQuestions, "s1", "where is my order")).path("intent").asString()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("a response with a gallery is its text, then a Gallery Say node: _gallery's cards with their typed buttons,"
            + " as Cognigy's default channel format; a card without a title is refused where written")
    void gallery() throws Exception {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse("""
                bot: bank-bot
                flows:
                  - id: flow_accounts
                    intents: [{name: open_account, examples: [open an account]}]
                    responses:
                      - text: "Which account would you like?"
                        gallery:
                          - title: Giro account
                            subtitle: free with a monthly salary
                            buttons:
                              - {title: Choose Giro, payload: ACCOUNT_GIRO}
                              - {title: Fees, url: "https://bank.example/fees"}
                """, "bank-bot.yaml"), SandboxOptions.defaults().withUrlToken("urltoken123").withClock(clock));
        started.add(sandbox);
        JsonNode outputs = send(sandbox.endpointUrl(), "s1", "open an account", null).body().path("outputStack");
        assertThat(outputs.get(0).path("text").asString()).isEqualTo("Which account would you like?");
        assertThat(outputs.get(1).path("text").isNull()).isTrue();
        JsonNode gallery = outputs.get(1).path("data").path("_cognigy").path("_default").path("_gallery");
        assertThat(gallery.path("type").asString()).isEqualTo("carousel");
        assertThat(gallery.path("items").toString()).isEqualTo("[{\"title\":\"Giro account\",\"subtitle\":\"free with a"
                + " monthly salary\",\"imageUrl\":null,\"buttons\":[{\"title\":\"Choose Giro\",\"payload\":\"ACCOUNT_GIRO\","
                + "\"type\":\"postback\",\"url\":null},{\"title\":\"Fees\",\"payload\":null,\"type\":\"web_url\","
                + "\"url\":\"https://bank.example/fees\"}]}]");

        assertThatThrownBy(() -> BotDefinition.parse("""
                bot: bank-bot
                flows:
                  - id: flow_accounts
                    intents: [{name: open_account, examples: [open an account]}]
                    responses:
                      - text: "Which account would you like?"
                        gallery: [{subtitle: no title}]
                """, "bank-bot.yaml")).hasMessageContaining("a gallery card of flow flow_accounts has no 'title'");
    }

    @Test
    @DisplayName("a response with buttons and quick replies is two Say nodes, as a Say node shows one of them: two outputs, each"
            + " with the text, the buttons' first; both under the request's one traceId, the NLU output after them")
    void buttonsAndQuickRepliesAreTwoSayNodes() throws Exception {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse("""
                bot: menu-bot
                flows:
                  - id: flow_greeting
                    intents: [{name: greeting, examples: [hello, hi]}]
                    responses:
                      - text: "What would you like to do?"
                        quick_replies: [{title: Track order, payload: where is my order}]
                        buttons: [{title: Website, url: "https://example.com/contact"}]
                """, "menu-bot.yaml"), SandboxOptions.defaults().withUrlToken("urltoken123").withClock(clock));
        started.add(sandbox);
        JsonNode answer = marked(sandbox, "s1", "hello");
        JsonNode outputs = answer.path("outputStack");
        assertThat(outputs).hasSize(3);
        JsonNode buttons = outputs.get(0).path("data").path("_cognigy").path("_default");
        assertThat(outputs.get(0).path("text").isNull()).isTrue();
        assertThat(buttons.propertyNames()).containsExactly("_buttons");
        assertThat(buttons.path("_buttons").path("text").asString()).isEqualTo("What would you like to do?");
        assertThat(buttons.path("_buttons").path("buttons").get(0).path("title").asString()).isEqualTo("Website");
        JsonNode quick = outputs.get(1).path("data").path("_cognigy").path("_default");
        assertThat(outputs.get(1).path("text").isNull()).isTrue();
        assertThat(quick.propertyNames()).containsExactly("_quickReplies");
        assertThat(quick.path("_quickReplies").path("text").asString()).isEqualTo("What would you like to do?");
        assertThat(quick.path("_quickReplies").path("quickReplies").get(0).path("payload").asString()).isEqualTo("where is my order");
        assertThat(outputs.get(2).path("data").path("intent").asString()).isEqualTo("greeting");
        assertThat(outputs.findValuesAsString("traceId")).hasSize(3).containsOnly(outputs.get(0).path("traceId").asString());
    }

    @Test
    @DisplayName("item 16: slots in Cognigy's shapes: lexicon slots [{keyphrase}] with every match, the enabled system slots"
            + " NUMBER, EMAIL, DATE, DURATION, MONEY as Cognigy writes them")
    void slotShapes() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml"); // the clock says 2026-11-24
        JsonNode money = nlu(marked(sandbox, "s1", "I paid 500 dollars for 2 items")).path("slots");
        assertThat(money.path("MONEY").toString()).isEqualTo("[{\"value\":500,\"unit\":\"$\"}]");
        assertThat(money.path("NUMBER").toString()).isEqualTo("[500,2]");
        JsonNode mail = nlu(marked(sandbox, "s2", "mail me at ann@example.com tomorrow")).path("slots");
        assertThat(mail.path("EMAIL").toString()).isEqualTo("[\"ann@example.com\"]");
        JsonNode date = mail.path("DATE").get(0);
        assertThat(date.path("start").path("ISODate").asString()).isEqualTo("2026-11-25T00:00:00Z");
        assertThat(date.path("start").path("dayOfWeek").asString()).isEqualTo("Wednesday");
        assertThat(date.path("start").path("plain").asString()).isEqualTo("November 25, 2026");
        assertThat(date.path("end").isNull()).isTrue();
        assertThat(date.path("text").asString()).isEqualTo("tomorrow");
        assertThat(nlu(marked(sandbox, "s3", "deliver on 2026-12-24")).path("slots").path("DATE").get(0).path("start")
                .path("ISODate").asString()).isEqualTo("2026-12-24T00:00:00Z");
        assertThat(nlu(marked(sandbox, "s4", "call back in 10 minutes 20 seconds")).path("slots").path("DURATION").toString())
                .as("an object, not an array").isEqualTo("{\"hour\":null,\"minute\":10,\"second\":20}");
        JsonNode colours = nlu(marked(sandbox, "s5", "paint it red and blue")).path("slots");
        assertThat(colours.path("colour").toString()).isEqualTo("[{\"keyphrase\":\"red\"},{\"keyphrase\":\"blue\"}]");
        JsonNode age = nlu(marked(sandbox, "s6", "I am 32 years old")).path("slots");
        assertThat(age.has("AGE")).as("AGE is not enabled for this bot").isFalse();
        assertThat(age.path("NUMBER").toString()).isEqualTo("[32]");
        assertThat(nlu(marked(sandbox, "s7", "hello")).path("slots").isEmpty()).isTrue();
    }

    @Test
    @DisplayName("time_zone: DATE slots are read and written in the project's time zone, as Cognigy's: ISODate carries its"
            + " offset, and today is the zone's (without it, UTC and Z)")
    void dateSlotsInTheProjectsTimeZone() throws Exception {
        String bot = """
                bot: zoned-bot
                system_slots: [DATE]
                time_zone: %s
                flows:
                  - id: flow_delivery
                    intents: [{name: delivery, examples: [deliver on]}]
                    responses: ["Noted."]
                """;
        CognigySandbox berlin = CognigySandbox.start(BotDefinition.parse(bot.formatted("Europe/Berlin"), "zoned-bot.yaml"),
                SandboxOptions.defaults().withUrlToken("urltoken123").withClock(clock));
        started.add(berlin);
        assertThat(nlu(marked(berlin, "s1", "deliver on 2026-12-24")).path("slots").path("DATE").get(0).path("start")
                .path("ISODate").asString()).isEqualTo("2026-12-24T00:00:00+01:00");
        // 10:00 UTC on 2026-11-24 is already the 25th on Kiritimati (UTC+14): its tomorrow is the 26th.
        CognigySandbox kiritimati = CognigySandbox.start(BotDefinition.parse(bot.formatted("Pacific/Kiritimati"), "zoned-bot.yaml"),
                SandboxOptions.defaults().withUrlToken("urltoken123").withClock(clock));
        started.add(kiritimati);
        JsonNode tomorrow = nlu(marked(kiritimati, "s1", "deliver on tomorrow")).path("slots").path("DATE").get(0).path("start");
        assertThat(tomorrow.path("ISODate").asString()).isEqualTo("2026-11-26T00:00:00+14:00");
        assertThat(tomorrow.path("day").asInt()).isEqualTo(26);
    }

    @Test
    @DisplayName("item 16: an undeployed flow is not attached to the endpoint: its intent is not recognised and no error code is given")
    void undeployedFlowNotAttached() throws Exception {
        CognigySandbox sandbox = start("bots/shop-bot.yaml");
        JsonNode answer = marked(sandbox, "s1", "I want a refund");
        assertThat(nlu(answer).path("intent").asString("")).isNotEqualTo("request_refund");
        assertThat(answer.toString()).doesNotContain("FLOW_NOT_DEPLOYED").doesNotContain("\"error\"");
    }

    @Test
    @DisplayName("item 16: the transformer mode answers {text} only, as an Execution-Finished transformer that drops the rest")
    void textOnlyTransformer() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml", SandboxOptions.defaults().withTextOnlyTransformer(true));
        JsonNode answer = send(sandbox.endpointUrl(), "s1", "where is my order ORD_5", MARKER).body();
        assertThat(answer.propertyNames()).containsExactly("text");
        assertThat(answer.path("text").asString()).contains("ORD_5");
    }

    @Test
    @DisplayName("item 16: test mode (/test/<token>) accepts 600 messages an hour on the sandbox's clock, then 429 with Retry-After;"
            + " the production URL does not count")
    void testModeQuota() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        for (int i = 0; i < 600; i++) {
            assertThat(send(sandbox.testEndpointUrl(), "s" + i, "hi", null).code()).isEqualTo(200);
        }
        Answer over = send(sandbox.testEndpointUrl(), "s600", "hi", null);
        assertThat(over.code()).isEqualTo(429);
        assertThat(over.retryAfter()).isEqualTo("3600");
        assertThat(send(sandbox.endpointUrl(), "s601", "hi", null).code()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(59));
        assertThat(send(sandbox.testEndpointUrl(), "s602", "hi", null).code()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(send(sandbox.testEndpointUrl(), "s603", "hi", null).code()).isEqualTo(200);
    }

    @Test
    @DisplayName("a data-only message reaches the flow entered by its data, with no intent; without that data, the fallback")
    void dataOnlyMessage() throws IOException {
        CognigySandbox sandbox = start("bots/postback-bot.yaml");
        Map<String, Object> getStarted = with("action", "GET_STARTED");
        getStarted.put("name", "Ada");
        JsonNode answer = send(sandbox.endpointUrl(), "s-data", null, getStarted).body();
        assertThat(answer.path("text").stringValue()).isEqualTo("Welcome, Ada!");
        assertThat(nlu(answer).path("flowName").stringValue()).isEqualTo("Get started");
        assertThat(nlu(answer).path("intent").isNull()).isTrue();

        JsonNode other = send(sandbox.endpointUrl(), "s-other", null, with("action", "SOMETHING_ELSE")).body();
        assertThat(other.path("text").stringValue()).isEqualTo("Sorry, I did not get that.");
    }

    @Test
    @DisplayName("the Code node right before a Question node runs before the node outputs its question: its report is the"
            + " first output of the turn that asks; at the end of the flow it is the last, after the Say nodes")
    void reportBeforeTheQuestion() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        JsonNode asked = marked(sandbox, "s1", "where is my order").path("outputStack");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).path("data").path("intent").asString()).isEqualTo("check_order");
        assertThat(asked.get(0).path("text").isNull()).isTrue();
        assertThat(asked.get(1).path("text").asString()).isEqualTo("Sure, what is your order number?");

        JsonNode answered = marked(sandbox, "s1", "ORD_77").path("outputStack");
        assertThat(answered).hasSize(2);
        assertThat(answered.get(0).path("text").asString()).contains("ORD_77");
        assertThat(answered.get(1).path("data").has("intentFlow")).isTrue();
    }

    @Test
    @DisplayName("a body not declared application/json is not read, as a tenant's REST Endpoint reads none: 400 as a body"
            + " without userId and sessionId; application/json with a charset is read")
    void bodyMustBeDeclaredJson() throws Exception {
        CognigySandbox sandbox = start("bots/order-bot.yaml");
        String body = "{\"userId\":\"user-1\",\"sessionId\":\"s1\",\"text\":\"hi\"}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            try (Response response = http.newCall(new Request.Builder().url(sandbox.endpointUrl())
                    .post(RequestBody.create(body, MediaType.get(type))).build()).execute()) {
                assertThat(response.code()).as(type).isEqualTo(400);
                assertThat(response.body().string()).contains("userId and sessionId are required").contains(type);
            }
        }
        try (Response response = http.newCall(new Request.Builder().url(sandbox.endpointUrl())
                .post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(json.readTree(response.body().string()).path("text").asString()).startsWith("Hello");
        }
    }
}
