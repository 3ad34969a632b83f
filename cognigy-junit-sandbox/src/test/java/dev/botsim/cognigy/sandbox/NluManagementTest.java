package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

/** The management API's NLU routes over HTTP: scores from the sandbox's NLU, training state and the train task. */
class NluManagementTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String KEY = "test-api-key-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private CognigySandbox sandbox;

    private record Answer(int code, JsonNode body) {
    }

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    private void start(Duration processingTime) {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/shop-bot.yaml"), SandboxOptions.defaults()
                .withUrlToken("urltoken123").withManagementApiKey(KEY).withClock(clock).withProcessingTime(processingTime));
    }

    private Answer call(String method, String path, String body) throws IOException {
        Request.Builder request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + path).header("X-API-Key", KEY);
        request = body == null ? request.get() : request.method(method, RequestBody.create(body, JSON));
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), text.isEmpty() ? null : json.readTree(text));
        }
    }

    private JsonNode flowItem(String name) throws IOException {
        for (JsonNode item : call("GET", "flows?projectId=" + sandbox.projectId() + "&limit=100", null).body().path("items")) {
            if (item.path("name").asString().equals(name)) return item;
        }
        throw new AssertionError("no flow " + name);
    }

    private String body(String flowReferenceId, String localeReferenceId, String sentence) {
        return json.createObjectNode().put("flowReferenceId", flowReferenceId).put("localeReferenceId", localeReferenceId)
                .put("sentence", sentence).toString();
    }

    private String endpointLocale() throws IOException {
        return call("GET", "endpoints?projectId=" + sandbox.projectId(), null).body().path("items").get(0).path("localeId").asString();
    }

    @Test
    @DisplayName("POST projects/{id}/nlu/scores for the endpoint's main flow: the score of every intent of that flow and the"
            + " flows attached to it as the documented bare array, best first, not negated, with its flow's reference id;"
            + " the top one is what the sandbox's REST endpoint recognises")
    void scores() throws IOException {
        start(Duration.ZERO);
        String main = call("GET", "endpoints?projectId=" + sandbox.projectId(), null).body().path("items").get(0).path("flowId").asString();

        Answer answer = call("POST", "projects/" + sandbox.projectId() + "/nlu/scores", body(main, endpointLocale(), "where is my order"));

        assertThat(answer.code()).as(String.valueOf(answer.body())).isEqualTo(200);
        JsonNode scores = answer.body();
        assertThat(scores.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        scores.forEach(s -> names.add(s.path("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("greeting", "check_order", "contact", "tier", "paint");
        assertThat(scores.get(0).path("name").asString()).isEqualTo("check_order");
        assertThat(scores.get(0).path("score").asDouble()).isEqualTo(1.0);
        assertThat(scores.get(0).path("flow").asString()).isEqualTo(flowItem("Order status").path("referenceId").asString());
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i).path("score").asDouble()).isLessThanOrEqualTo(scores.get(i - 1).path("score").asDouble());
        }
        scores.forEach(s -> assertThat(s.path("negated").asBoolean(true)).isFalse());
    }

    @Test
    @DisplayName("a flow's model knows its own intents and those of the flows attached to it: an intent of a flow not attached"
            + " to the scored flow (an undeployed flow's, for the main flow) is never scored, as the REST endpoint never"
            + " recognises it")
    void scoresOnlyTheScoredFlowsIntents() throws IOException {
        start(Duration.ZERO);
        String main = call("GET", "endpoints?projectId=" + sandbox.projectId(), null).body().path("items").get(0).path("flowId").asString();
        String path = "projects/" + sandbox.projectId() + "/nlu/scores";

        JsonNode fromMain = call("POST", path, body(main, endpointLocale(), "I want a refund")).body();
        List<String> names = new ArrayList<>();
        fromMain.forEach(s -> names.add(s.path("name").asString()));
        assertThat(names).doesNotContain("request_refund").contains("greeting", "check_order");
        String restEndpoint = restEndpointIntent("I want a refund");
        assertThat(restEndpoint).as("what the REST endpoint recognises").isNotEqualTo("request_refund");

        JsonNode fromRefund = call("POST", path, body(flowItem("Refund").path("referenceId").asString(), endpointLocale(),
                "I want a refund")).body();
        assertThat(fromRefund).hasSize(1);
        assertThat(fromRefund.get(0).path("name").asString()).isEqualTo("request_refund");
        assertThat(fromRefund.get(0).path("flow").asString()).isEqualTo(flowItem("Refund").path("referenceId").asString());

        JsonNode fromGreeting = call("POST", path, body(flowItem("Greeting").path("referenceId").asString(), endpointLocale(),
                "where is my order")).body();
        assertThat(fromGreeting).hasSize(1);
        assertThat(fromGreeting.get(0).path("name").asString()).isEqualTo("greeting");
    }

    private String restEndpointIntent(String text) throws IOException {
        String message = json.createObjectNode().put("userId", "u").put("sessionId", "s-" + text.hashCode()).put("text", text)
                .set("data", json.createObjectNode().set("cognigyJunit", json.createObjectNode())).toString();
        Request request = new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(message, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode stack = json.readTree(response.body().string()).path("outputStack");
            return stack.get(stack.size() - 1).path("data").path("intent").asString(null);
        }
    }

    @Test
    @DisplayName("a flow or locale that is not the project's, or no sentence, is a 400 problem")
    void refusesUnknownFlow() throws IOException {
        start(Duration.ZERO);
        String path = "projects/" + sandbox.projectId() + "/nlu/scores";

        assertThat(call("POST", path, body("no-such-flow", endpointLocale(), "hi")).code()).isEqualTo(400);
        assertThat(call("POST", path, body(flowItem("Greeting").path("referenceId").asString(), "no-locale", "hi")).code())
                .isEqualTo(400);
        assertThat(call("POST", path, "{}").body().path("detail").asString()).contains("sentence");
    }

    @Test
    @DisplayName("isTrainingOutOfDate is false, true once marked; training is a task done after the processing time, after"
            + " which the flow is up to date")
    void training() throws IOException {
        start(Duration.ofSeconds(3));
        assertThat(flowItem("Greeting").path("isTrainingOutOfDate").asBoolean(true)).isFalse();
        sandbox.markNluModelOutOfDate();
        assertThat(flowItem("Greeting").path("isTrainingOutOfDate").asBoolean(false)).isTrue();
        String flowId = flowItem("Greeting").path("_id").asString();

        Answer task = call("POST", "flows/" + flowId + "/intents/train", "{}");
        assertThat(task.code()).isEqualTo(200);
        String taskId = task.body().path("_id").asString();
        assertThat(call("GET", "tasks/" + taskId, null).body().path("status").asString()).isEqualTo("active");
        clock.advance(Duration.ofSeconds(3));
        assertThat(call("GET", "tasks/" + taskId, null).body().path("status").asString()).isEqualTo("done");

        assertThat(flowItem("Greeting").path("isTrainingOutOfDate").asBoolean(true)).isFalse();
        assertThat(flowItem("Membership").path("isTrainingOutOfDate").asBoolean(false)).as("not trained").isTrue();
        assertThat(call("GET", "tasks/task-unknown", null).code()).isEqualTo(404);
    }
}
