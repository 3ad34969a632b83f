package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A flow's question (asks_for) over real HTTP on loopback, through the REST Endpoint and the simulation API: asked
 * again on every message that does not answer it, as a Cognigy Question node does by default, until one does; and the
 * Question node's escalations (on intents, on wrong answers) when the bot definition configures them.
 */
class QuestionNodeTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Map<String, Object> MARKER = Map.of("cognigyJunit", Map.of("runId", "run_1", "testId", "test_q", "turn", 1));
    private static final String QUESTION = "Sure, what is your order number?";
    private static final String FALLBACK = "Sorry, I did not get that. You can ask about an order or for an agent.";

    /** The order bot's flows, with {@code %s} for the order flow's question settings. */
    private static final String BOT = """
            bot: question-bot
            entities:
              - name: order_id
                pattern: "ORD_[0-9A-Z]+"
            flows:
              - id: flow_order_status
                asks_for: order_id
                intents:
                  - name: check_order
                    examples: [where is my order, track my package, order status ORD_12]
                responses:
                  - "Let me look up your order {order_id}. It is on its way."
                  - "Sure, what is your order number?"
            %s
              - id: flow_escalation
                intents:
                  - name: escalate
                    examples: [I want a human, transfer me to an agent, let me talk to a real person]
                responses: ["Connecting you to a human agent now."]
              - id: flow_help
                intents:
                  - name: help
                    examples: [what can you do, help me please]
                responses: ["I can look up orders."]
            fallback:
              flow: flow_fallback
              response: "Sorry, I did not get that. You can ask about an order or for an agent."
            """;

    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final List<CognigySandbox> started = new ArrayList<>();
    private int submissions;

    @AfterEach
    void stop() {
        started.forEach(CognigySandbox::close);
    }

    /** The bot with these lines (indented as a flow's keys) under the order flow. */
    private CognigySandbox start(String question) {
        String settings = question.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.parse(BOT.formatted(settings), "question-bot.yaml"),
                SandboxOptions.defaults().withUrlToken("urltoken123").withCredentials("client-q", "secret-q"));
        started.add(sandbox);
        return sandbox;
    }

    /** A message to the REST Endpoint carrying the engine's test marker. */
    private JsonNode say(CognigySandbox sandbox, String session, String text) throws IOException {
        return post(sandbox, session, text, MARKER);
    }

    private JsonNode post(CognigySandbox sandbox, String session, String text, Map<String, Object> data) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", "user-1");
        body.put("sessionId", session);
        if (text != null) body.put("text", text);
        body.put("data", data);
        try (Response response = http.newCall(new Request.Builder().url(sandbox.endpointUrl())
                .post(RequestBody.create(json.writeValueAsString(body), JSON)).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return json.readTree(response.body().string());
        }
    }

    /** The bot's texts, in order, without the Code node's NLU output. */
    private static List<String> texts(JsonNode answer) {
        List<String> texts = new ArrayList<>();
        for (JsonNode output : answer.path("outputStack")) {
            if (!output.path("data").has("intentFlow")) texts.add(output.path("text").asString());
        }
        return texts;
    }

    /** The Code node's NLU output, or {@code null} when it did not run on the turn. */
    private static JsonNode nlu(JsonNode answer) {
        for (JsonNode output : answer.path("outputStack")) {
            if (output.path("data").has("intentFlow")) return output.path("data");
        }
        return null;
    }

    @Test
    @DisplayName("by default a message without the asked entity is asked again, as a Question node repeats itself until it gets a"
            + " valid answer: the question's text, no NLU output (neither Code node runs), however often; the fallback never answers."
            + " The message that then carries the entity fills the slot and the flow goes on")
    void asksAgainUntilAnswered() throws IOException {
        CognigySandbox sandbox = start("");
        JsonNode asked = say(sandbox, "s1", "where is my order");
        assertThat(texts(asked)).containsExactly(QUESTION);
        assertThat(nlu(asked)).as("the Code node right before the Question node reports the asking turn").isNotNull();

        for (String wrong : List.of("xyzzy plugh", "what do you mean", "I want a human")) {
            JsonNode again = say(sandbox, "s1", wrong);
            assertThat(texts(again)).as("after '%s'", wrong).containsExactly(QUESTION);
            assertThat(again.path("text").asString()).isEqualTo(QUESTION);
            assertThat(nlu(again)).as("the entry point is the Question node: no Code node runs after '%s'", wrong).isNull();
        }
        JsonNode dataOnly = post(sandbox, "s1", null, Map.of("cognigyJunit", Map.of("turn", 5), "action", "GET_STARTED"));
        assertThat(texts(dataOnly)).as("a data-only message is no answer either").containsExactly(QUESTION);

        JsonNode answered = say(sandbox, "s1", "ORD_77");
        assertThat(texts(answered)).containsExactly("Let me look up your order ORD_77. It is on its way.");
        assertThat(nlu(answered).path("slots").path("order_id").get(0).path("keyphrase").asString()).isEqualTo("ORD_77");
        assertThat(nlu(answered).path("flowName").asString()).isEqualTo("flow_order_status");

        assertThat(texts(say(sandbox, "s1", "xyzzy plugh"))).as("answered: nothing waits any more").containsExactly(FALLBACK);
    }

    @Test
    @DisplayName("the simulation API asks again too: the turn is the waiting flow's with the question's text, and the turn that"
            + " answers continues the flow with the entity")
    void simulationApiAsksAgain() throws IOException {
        CognigySandbox sandbox = start("");
        String token = token(sandbox);
        assertThat(simulate(sandbox, token, "ses_1", "where is my order").path("text").asString()).isEqualTo(QUESTION);
        JsonNode again = simulate(sandbox, token, "ses_1", "xyzzy plugh");
        assertThat(again.path("text").asString()).isEqualTo(QUESTION);
        assertThat(again.path("flowId").asString()).isEqualTo("flow_order_status");
        assertThat(again.path("intent").isNull()).as("what the NLU found: nothing").isTrue();
        assertThat(again.path("errorCode").isNull()).isTrue();
        JsonNode answered = simulate(sandbox, token, "ses_1", "it is ORD_77");
        assertThat(answered.path("text").asString()).isEqualTo("Let me look up your order ORD_77. It is on its way.");
        assertThat(answered.path("entities").path("order_id").asString()).isEqualTo("ORD_77");
        assertThat(answered.path("intent").asString()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("reprompt_message is said before the question; repeat_question: false leaves the question out")
    void repromptMessage() throws IOException {
        CognigySandbox both = start("""
                question:
                  reprompt_message: "That is not an order number."
                """);
        say(both, "s1", "where is my order");
        assertThat(texts(say(both, "s1", "no idea"))).containsExactly("That is not an order number.", QUESTION);

        CognigySandbox messageOnly = start("""
                question:
                  reprompt_message: "Please give me the number, it starts with ORD_."
                  repeat_question: false
                """);
        say(messageOnly, "s1", "where is my order");
        JsonNode again = say(messageOnly, "s1", "no idea");
        assertThat(texts(again)).containsExactly("Please give me the number, it starts with ORD_.");
        assertThat(texts(say(messageOnly, "s1", "ORD_5"))).containsExactly("Let me look up your order ORD_5. It is on its way.");
    }

    @Test
    @DisplayName("escalate_on_intents with go_to_node: a listed intent found at its score threshold leaves the question for the"
            + " flow, which reports as any flow does; an intent below the threshold, or not listed, is a wrong answer")
    void escalateOnIntentsGoesToAFlow() throws IOException {
        CognigySandbox sandbox = start("""
                question:
                  escalate_on_intents:
                    intents: [escalate]
                    score_threshold: 0.8
                    action: go_to_node
                    flow: flow_escalation
                """);
        say(sandbox, "s1", "where is my order");
        assertThat(texts(say(sandbox, "s1", "help me please"))).as("help is not listed").containsExactly(QUESTION);
        Nlu nlu = new Nlu(BotDefinition.parse(BOT.formatted(""), "question-bot.yaml"));
        assertThat(nlu.understand("I want a human please now").intent()).isEqualTo("escalate");
        assertThat(nlu.understand("I want a human please now").score()).as("precondition: found, but below 0.8").isLessThan(0.8);
        assertThat(texts(say(sandbox, "s1", "I want a human please now"))).containsExactly(QUESTION);

        JsonNode escalated = say(sandbox, "s1", "I want a human");
        assertThat(texts(escalated)).containsExactly("Connecting you to a human agent now.");
        assertThat(nlu(escalated).path("intent").asString()).isEqualTo("escalate");
        assertThat(nlu(escalated).path("flowName").asString()).isEqualTo("flow_escalation");
        assertThat(texts(say(sandbox, "s1", "xyzzy plugh"))).as("the question was left").containsExactly(FALLBACK);
    }

    @Test
    @DisplayName("escalate_on_wrong_answers with output_message: the after-th wrong answer in a row says the message, then the"
            + " question again (and every later one, unless only_escalate_once); prevent_reprompt leaves the question out")
    void escalateOnWrongAnswersSaysAMessage() throws IOException {
        CognigySandbox sandbox = start("""
                question:
                  escalate_on_wrong_answers:
                    after: 2
                    action: output_message
                    message: "You can find the number in your confirmation e-mail."
                """);
        say(sandbox, "s1", "where is my order");
        assertThat(texts(say(sandbox, "s1", "no idea"))).containsExactly(QUESTION);
        JsonNode second = say(sandbox, "s1", "still no idea");
        assertThat(texts(second)).containsExactly("You can find the number in your confirmation e-mail.", QUESTION);
        assertThat(nlu(second)).as("the Question node said it: no Code node runs").isNull();
        assertThat(texts(say(sandbox, "s1", "really no idea"))).as("from the threshold on")
                .containsExactly("You can find the number in your confirmation e-mail.", QUESTION);
        assertThat(texts(say(sandbox, "s1", "ORD_9"))).containsExactly("Let me look up your order ORD_9. It is on its way.");
        say(sandbox, "s1", "where is my order");
        assertThat(texts(say(sandbox, "s1", "no idea"))).as("a new question counts afresh").containsExactly(QUESTION);

        CognigySandbox once = start("""
                question:
                  escalate_on_wrong_answers:
                    after: 1
                    only_escalate_once: true
                    action: output_message
                    message: "It starts with ORD_."
                    prevent_reprompt: true
                """);
        say(once, "s1", "where is my order");
        assertThat(texts(say(once, "s1", "no idea"))).containsExactly("It starts with ORD_.");
        assertThat(texts(say(once, "s1", "no idea"))).as("only once").containsExactly(QUESTION);
        assertThat(texts(say(once, "s1", "ORD_1"))).containsExactly("Let me look up your order ORD_1. It is on its way.");
    }

    @Test
    @DisplayName("skip_question gives the asked entity the escalation's value and the flow goes on; execute_flow_and_return"
            + " says the flow's answer, whose Code node reports, then asks again, and the question still waits")
    void skipQuestionAndExecuteFlowAndReturn() throws IOException {
        CognigySandbox skip = start("""
                question:
                  escalate_on_wrong_answers:
                    after: 2
                    action: skip_question
                    value: unknown
                """);
        say(skip, "s1", "where is my order");
        assertThat(texts(say(skip, "s1", "no idea"))).containsExactly(QUESTION);
        JsonNode skipped = say(skip, "s1", "no idea");
        assertThat(texts(skipped)).containsExactly("Let me look up your order unknown. It is on its way.");
        assertThat(nlu(skipped).path("slots").has("order_id")).as("the value is the question's result, not a slot").isFalse();
        assertThat(texts(say(skip, "s1", "xyzzy"))).containsExactly(FALLBACK);

        CognigySandbox execute = start("""
                question:
                  escalate_on_intents:
                    intents: [help]
                    action: execute_flow_and_return
                    flow: flow_help
                """);
        say(execute, "s1", "where is my order");
        JsonNode helped = say(execute, "s1", "what can you do");
        assertThat(texts(helped)).containsExactly("I can look up orders.", QUESTION);
        assertThat(nlu(helped).path("flowName").asString()).isEqualTo("flow_help");
        assertThat(texts(say(execute, "s1", "ORD_3"))).as("back at the question")
                .containsExactly("Let me look up your order ORD_3. It is on its way.");
    }

    private String token(CognigySandbox sandbox) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "/api/oauth/token").post(new FormBody.Builder()
                .add("grant_type", "client_credentials").add("client_id", "client-q").add("client_secret", "secret-q")
                .add("scope", "bot:read simulation:execute").build()).build()).execute()) {
            return json.readTree(response.body().string()).path("access_token").asString();
        }
    }

    /** One message through the simulation API (no processing time: complete at once), its one turn. */
    private JsonNode simulate(CognigySandbox sandbox, String token, String session, String text) throws IOException {
        String body = json.writeValueAsString(Map.of("userId", "usr_q1", "platform", "web", "input", Map.of("text", text),
                "context", Map.of(), "testId", "test_q", "sessionId", session));
        String id;
        try (Response response = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulate")
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", "key-" + ++submissions)
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            id = json.readTree(response.body().string()).path("simulationId").asString();
        }
        try (Response response = http.newCall(new Request.Builder().url(sandbox.baseUrl() + "/api/bot/simulation/" + id)
                .header("Authorization", "Bearer " + token).build()).execute()) {
            JsonNode simulation = json.readTree(response.body().string());
            assertThat(simulation.path("status").asString()).isIn("completed", "failed");
            return simulation.path("turns").get(0);
        }
    }
}
