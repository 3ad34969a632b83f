package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reject intents, disabled intents and confirmation sentences, as a tenant treats them: through the REST Endpoint, the
 * management API's intent lists and its NLU scores. The bot's threshold 0.6 is the reconfirmation threshold, 0.8 the
 * confidence threshold ({@code bots/intent-kinds-bot.yaml}).
 */
class IntentKindsTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String KEY = "test-api-key-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private CognigySandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/intent-kinds-bot.yaml"), SandboxOptions.defaults()
                .withManagementApiKey(KEY));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** The REST Endpoint's answer to {@code text}, marked so that the Code node reports. */
    private JsonNode say(String text) throws IOException {
        String message = json.createObjectNode().put("userId", "u").put("sessionId", "s-" + text.hashCode()).put("text", text)
                .set("data", json.createObjectNode().set("cognigyJunit", json.createObjectNode())).toString();
        Request request = new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(message, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            return json.readTree(response.body().string());
        }
    }

    /** The Code node's NLU output in an answer, or a missing node when no Code node ran. */
    private static JsonNode nluOutput(JsonNode answer) {
        for (JsonNode output : answer.path("outputStack")) {
            if (output.path("data").has("intent")) return output.path("data");
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private JsonNode get(String path) throws IOException {
        Request request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + path).header("X-API-Key", KEY).build();
        try (Response response = http.newCall(request).execute()) {
            return json.readTree(response.body().string());
        }
    }

    private JsonNode scores(String sentence) throws IOException {
        JsonNode endpoint = get("endpoints?projectId=" + sandbox.projectId()).path("items").get(0);
        String body = json.createObjectNode().put("flowReferenceId", endpoint.path("flowId").asString())
                .put("localeReferenceId", endpoint.path("localeId").asString()).put("sentence", sentence).toString();
        Request request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/projects/" + sandbox.projectId()
                + "/nlu/scores").header("X-API-Key", KEY).post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            return json.readTree(response.body().string());
        }
    }

    private static JsonNode item(JsonNode scores, String intent) {
        for (JsonNode s : scores) if (s.path("name").asString().equals(intent)) return s;
        throw new AssertionError("no score of " + intent + " in " + scores);
    }

    @Test
    @DisplayName("an intent with a confirmation sentence scoring between the thresholds (0.74) is asked back: the answer is the"
            + " sentence, no flow runs and no Code node reports; at the confidence threshold or above (1.0) it is taken")
    void confirmationSentence() throws IOException {
        JsonNode asked = say("is my order here");
        assertThat(asked.path("text").asString()).isEqualTo("Do you want to check an order?");
        assertThat(nluOutput(asked).isMissingNode()).as("no flow ran: " + asked).isTrue();

        JsonNode taken = say("where is my order");
        assertThat(taken.path("text").asString()).isEqualTo("Let me look at your order.");
        assertThat(nluOutput(taken).path("intent").asString()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("a reject intent scoring best leaves no intent: the fallback answers and the NLU output's intent is null")
    void rejectIntent() throws IOException {
        JsonNode answer = say("where is the park");

        assertThat(answer.path("text").asString()).isEqualTo("Sorry, I did not get that.");
        assertThat(nluOutput(answer).path("intent").isNull()).as(answer.toString()).isTrue();
    }

    @Test
    @DisplayName("a disabled intent is never recognised: the next intent takes its place")
    void disabledIntent() throws IOException {
        assertThat(nluOutput(say("i want a pizza deal")).path("intent").asString()).isEqualTo("order_pizza");
    }

    @Test
    @DisplayName("the management API lists each intent's isDisabled and isRejectIntent, and its scores answer marks neither"
            + " but scores reject and disabled intents too, with each intent's confirmation sentence in both fields")
    void managementApi() throws IOException {
        String flowId = null;
        for (JsonNode flow : get("flows?projectId=" + sandbox.projectId()).path("items")) {
            if (flow.path("name").asString().equals("Orders")) flowId = flow.path("_id").asString();
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode intent : get("flows/" + flowId + "/intents").path("items")) {
            listed.add(intent.path("name").asString() + " disabled=" + intent.path("isDisabled").asBoolean()
                    + " reject=" + intent.path("isRejectIntent").asBoolean());
        }
        assertThat(listed).containsExactly("check_order disabled=false reject=false", "order_pizza disabled=false reject=false",
                "old_promo disabled=true reject=false", "Reject Intent disabled=false reject=true");

        JsonNode scores = scores("i want a pizza deal");
        assertThat(scores.get(0).path("name").asString()).as("the disabled intent scored best, unmarked").isEqualTo("old_promo");
        assertThat(scores.get(0).has("isDisabled")).isFalse();
        JsonNode checkOrder = item(scores, "check_order");
        assertThat(checkOrder.path("confirmationSentence").asString()).isEqualTo("Do you want to check an order?");
        assertThat(checkOrder.path("confirmationSentences").get(0).asString()).isEqualTo("Do you want to check an order?");
        assertThat(item(scores, "order_pizza").path("confirmationSentence").isNull()).isTrue();
        assertThat(item(scores, "order_pizza").path("confirmationSentences")).isEmpty();
        assertThat(item(scores("where is the park"), "Reject Intent").path("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("the simulation API's bot lists the intents it can recognise: neither the reject nor the disabled intent")
    void botInfo() throws IOException {
        Request tokenRequest = new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new okhttp3.FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", sandbox.clientId()).add("client_secret", sandbox.clientSecret())
                .add("scope", "bot:read").build()).build();
        String token;
        try (Response response = http.newCall(tokenRequest).execute()) {
            token = json.readTree(response.body().string()).path("access_token").asString();
        }
        Request request = new Request.Builder().url(sandbox.baseUrl() + "/api/bot/info").header("Authorization", "Bearer " + token).build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode info = json.readTree(response.body().string());
            List<String> intents = new ArrayList<>();
            info.path("intents").forEach(i -> intents.add(i.asString()));
            assertThat(intents).as(info.toString()).containsExactly("check_order", "order_pizza");
        }
    }

    @Test
    @DisplayName("an empty confirmation_sentence, and a flip of or to a reject or disabled intent, are refused where written")
    void refused() {
        String bot = """
                bot: b
                flows:
                  - id: flow_a
                    intents:
                      - {name: greet, examples: [hello there], confirmation_sentence: " "}
                      - {name: nope, reject: true, examples: [go away]}
                    responses: ["Hi!"]
                flips:
                  - {intent: greet, flips_to: nope, probability: 0.5}
                """;
        assertThatThrownBy(() -> BotDefinition.parse(bot, "bot.yaml")).isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("bot.yaml:5:").hasMessageContaining("intent greet has an empty confirmation_sentence")
                .hasMessageContaining("nope is a reject or disabled intent, which is never recognised");
    }

    @Test
    @DisplayName("an intent written without the new settings keeps its text, so a flow's last change time (which a replay"
            + " compares) is what it was")
    void ordinaryIntentText() {
        assertThat(new BotDefinition.Intent("greet", List.of("hello there")).toString()).isEqualTo("Intent[name=greet, examples=[hello there]]");
    }
}
