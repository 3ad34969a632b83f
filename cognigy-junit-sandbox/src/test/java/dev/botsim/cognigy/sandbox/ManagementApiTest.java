package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

/** The management API subset over real HTTP on loopback, as a client of a tenant's API sees it. */
class ManagementApiTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String KEY = "test-api-key-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private final List<CognigySandbox> started = new ArrayList<>();
    private CognigySandbox sandbox;

    private record Answer(int code, JsonNode body, String retryAfter) {
    }

    @AfterEach
    void stop() {
        started.forEach(CognigySandbox::close);
    }

    private CognigySandbox start(SandboxOptions options) {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/shop-bot.yaml"),
                options.withUrlToken("urltoken123").withManagementApiKey(KEY).withClock(clock));
        started.add(sandbox);
        return sandbox;
    }

    private Answer call(Request.Builder request) throws IOException {
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), text.isEmpty() ? null : json.readTree(text), response.header("Retry-After"));
        }
    }

    private Answer get(String pathAndQuery) throws IOException {
        return call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + pathAndQuery).header("X-API-Key", KEY));
    }

    private JsonNode ok(String pathAndQuery) throws IOException {
        Answer answer = get(pathAndQuery);
        assertThat(answer.code()).as(pathAndQuery + " answered " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private List<JsonNode> items(String pathAndQuery) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        ok(pathAndQuery).path("items").forEach(all::add);
        return all;
    }

    private JsonNode item(List<JsonNode> items, String field, String value) {
        return items.stream().filter(i -> i.path(field).asString().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no item with " + field + "=" + value + " in " + items));
    }

    @Test
    @DisplayName("a flow's intentThreshold has two thresholds, as a tenant's: lower (reconfirmation) is the bot's threshold, where"
            + " its NLU recognises an intent; upper (confidence) stands above it, so a client reading the wrong one sees it")
    void twoThresholds() throws Exception {
        start(SandboxOptions.defaults());
        String flow = item(items("flows?projectId=" + sandbox.projectId()), "name", "Order status").path("_id").asString();
        JsonNode threshold = ok("flows/" + flow + "/settings").path("intentThreshold");
        // shop-bot.yaml has the default threshold, 0.35; Cognigy's defaults put confidence 0.2 above reconfirmation (0.4, 0.2).
        assertThat(threshold.path("lower").asDouble()).isEqualTo(0.35);
        assertThat(threshold.path("upper").asDouble()).isEqualTo(0.55);
        assertThat(ManagementApi.confidenceThreshold(0.9)).as("never above 1").isEqualTo(1.0);
        assertThat(ManagementApi.confidenceThreshold(1.0)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("item 17: X-API-Key (or ?api_key=) is required; a missing or wrong key is 401 with an RFC 7807 problem and a traceId")
    void apiKey() throws Exception {
        start(SandboxOptions.defaults());
        String project = "projects/" + sandbox.projectId();
        Answer missing = call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + project));
        assertThat(missing.code()).isEqualTo(401);
        assertThat(missing.body().path("status").asInt()).isEqualTo(401);
        assertThat(missing.body().path("title").asString()).isEqualTo("Unauthorized");
        assertThat(missing.body().path("detail").asString()).isNotBlank();
        assertThat(missing.body().path("type").asString()).isNotBlank();
        assertThat(missing.body().path("traceId").asString()).startsWith("api--");
        Answer wrong = call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + project).header("X-API-Key", "nope"));
        assertThat(wrong.code()).isEqualTo(401);
        assertThat(wrong.body().toString()).doesNotContain("nope").doesNotContain(KEY);
        assertThat(call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + project + "?api_key=" + KEY)).code())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("item 17: the project, and 404 problems for unknown project, flow, endpoint and snapshot ids")
    void projectAndUnknownIds() throws Exception {
        start(SandboxOptions.defaults());
        JsonNode project = ok("projects/" + sandbox.projectId());
        assertThat(project.path("_id").asString()).isEqualTo(sandbox.projectId()).matches("[0-9a-f]{24}");
        assertThat(project.path("name").asString()).isEqualTo("shop-bot");
        for (String unknown : List.of("projects/0123456789abcdef01234567", "flows/0123456789abcdef01234567",
                "endpoints/0123456789abcdef01234567", "snapshots/0123456789abcdef01234567",
                "flows?projectId=0123456789abcdef01234567")) {
            Answer answer = get(unknown);
            assertThat(answer.code()).as(unknown).isEqualTo(404);
            assertThat(answer.body().path("status").asInt()).isEqualTo(404);
            assertThat(answer.body().path("traceId").asString()).isNotBlank();
        }
        assertThat(get("flows").code()).as("a list needs projectId").isEqualTo(400);
    }

    @Test
    @DisplayName("the Socket Endpoint is an endpoint of its own, channel socket, its URL token the socket URL's, serving the"
            + " REST Endpoint's flow, locale and snapshot")
    void socketEndpointResource() throws Exception {
        start(SandboxOptions.defaults());
        List<JsonNode> endpoints = items("endpoints?projectId=" + sandbox.projectId());
        JsonNode rest = item(endpoints, "channel", "rest");
        JsonNode socket = item(endpoints, "channel", "socket");
        String socketUrl = sandbox.socketEndpointUrl();
        assertThat(socket.path("URLToken").asString()).isEqualTo(socketUrl.substring(socketUrl.lastIndexOf('/') + 1))
                .isNotEqualTo("urltoken123");
        assertThat(socket.path("_id").asString()).isNotEqualTo(rest.path("_id").asString()).matches("[0-9a-f]{24}");
        JsonNode detail = ok("endpoints/" + socket.path("_id").asString());
        assertThat(detail.path("channel").asString()).isEqualTo("socket");
        assertThat(detail.path("URLToken").asString()).isEqualTo(socket.path("URLToken").asString());
        JsonNode restDetail = ok("endpoints/" + rest.path("_id").asString());
        for (String same : List.of("flowId", "localeId", "entrypoint", "active")) {
            assertThat(detail.path(same)).as(same).isEqualTo(restDetail.path(same));
        }
    }

    @Test
    @DisplayName("item 17: the endpoint resource: its URLToken is the REST Endpoint's, flowId the main flow's referenceId,"
            + " localeId the locale's, entrypoint the project; active; the built-in NLU, analytics off")
    void endpointResource() throws Exception {
        start(SandboxOptions.defaults());
        List<JsonNode> endpoints = items("endpoints?projectId=" + sandbox.projectId());
        assertThat(endpoints).hasSize(2);
        JsonNode item = item(endpoints, "channel", "rest");
        assertThat(item.path("URLToken").asString()).isEqualTo("urltoken123");
        JsonNode detail = ok("endpoints/" + item.path("_id").asString());
        assertThat(detail.path("URLToken").asString()).isEqualTo("urltoken123");
        assertThat(detail.path("entrypoint").asString()).isEqualTo(sandbox.projectId());
        assertThat(detail.path("active").asBoolean()).isTrue();
        assertThat(detail.has("nluConnectorId")).isTrue();
        assertThat(detail.path("useAnalytics").asBoolean()).isFalse();
        assertThat(detail.has("useContactProfiles")).isTrue();
        assertThat(detail.has("maskAnalytics")).isTrue();
        List<JsonNode> flows = items("flows?projectId=" + sandbox.projectId());
        assertThat(item(flows, "referenceId", detail.path("flowId").asString()).path("name").asString()).isEqualTo("Main Flow");
        List<JsonNode> locales = items("locales?projectId=" + sandbox.projectId());
        JsonNode locale = item(locales, "referenceId", detail.path("localeId").asString());
        assertThat(locale.path("primary").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("the locale as a tenant's: its name is free text, not the language tag, which is nluLanguage (Cognigy's API"
            + " reference: name English, nluLanguage en-US); a client taking the name for the language reads no tag")
    void localeNameIsNoTag() throws Exception {
        start(SandboxOptions.defaults());
        JsonNode locale = items("locales?projectId=" + sandbox.projectId()).get(0);
        assertThat(locale.path("nluLanguage").asString()).isEqualTo("en-US");
        assertThat(locale.path("name").asString()).isEqualTo("English (United States)");
        assertThat(locale.path("_id").asString()).matches("[a-z0-9]{24}");
        assertThat(ManagementApi.localeName("xx-YY")).as("a tag Java names by itself is not given as the name")
                .isNotEqualToIgnoringCase("xx-YY");
    }

    @Test
    @DisplayName("item 17: flows by display name with the referenceIds the REST Endpoint reports; the main flow attaches the deployed"
            + " flows and the lexicon; settings list the enabled system slots; intents and slot fillers per flow")
    void flows() throws Exception {
        start(SandboxOptions.defaults());
        List<JsonNode> flows = items("flows?projectId=" + sandbox.projectId());
        assertThat(flows).extracting(f -> f.path("name").asString())
                .containsExactly("Main Flow", "Greeting", "Order status", "Contact", "Membership", "flow_paint", "Refund");
        assertThat(flows).allSatisfy(f -> assertThat(f.path("isTrainingOutOfDate").isBoolean()).isTrue());
        JsonNode order = item(flows, "name", "Order status");
        String answered = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"u\",\"sessionId\":\"s\",\"text\":\"where is my order ORD_1\",\"data\":{\"cognigyJunit\":{\"turn\":1}}}", JSON)))
                .body().path("outputStack").get(1).path("data").path("intentFlow").asString();
        assertThat(order.path("referenceId").asString()).as("the id the Code node reports as intentFlow").isEqualTo(answered);

        JsonNode main = ok("flows/" + item(flows, "name", "Main Flow").path("_id").asString());
        List<String> attached = new ArrayList<>();
        main.path("attachedFlows").forEach(f -> attached.add(f.asString()));
        assertThat(attached).contains(order.path("referenceId").asString())
                .doesNotContain(item(flows, "name", "Refund").path("referenceId").asString());
        assertThat(attached).hasSize(5);
        String lexicon = items("lexicons?projectId=" + sandbox.projectId()).get(0).path("_id").asString();
        assertThat(main.path("attachedLexicons").get(0).asString()).isEqualTo(lexicon);
        assertThat(items("lexicons/" + lexicon + "/slots")).extracting(s -> s.path("name").asString()).containsExactly("colour");

        String orderId = order.path("_id").asString();
        JsonNode settings = ok("flows/" + orderId + "/settings");
        // Switches, as Cognigy's API reference gives them: the bot's system_slots on, the other five off.
        assertThat(settings.path("systemSlots").toString()).isEqualTo("{\"useAgeSlots\":false,\"useDateSlots\":true,"
                + "\"useDistanceSlots\":false,\"useDurationSlots\":true,\"useEmailSlots\":true,\"useMoneySlots\":true,"
                + "\"useNumberSlots\":true,\"usePercentageSlots\":false,\"useTemperatureSlots\":false,\"useURLSlots\":false}");
        assertThat(settings.path("intentThreshold").path("lower").isNumber()).isTrue();
        List<JsonNode> intents = items("flows/" + orderId + "/intents?includeChildren=true&preferredLocaleId="
                + items("locales?projectId=" + sandbox.projectId()).get(0).path("referenceId").asString());
        assertThat(intents).hasSize(1);
        assertThat(intents.get(0).path("name").asString()).isEqualTo("check_order");
        assertThat(intents.get(0).path("isDisabled").asBoolean()).isFalse();
        assertThat(intents.get(0).path("isRejectIntent").asBoolean()).isFalse();
        assertThat(ok("flows/" + orderId + "/slotfillers").path("items").isArray()).isTrue();
    }

    @Test
    @DisplayName("item 21: a pattern entity is a Regex Slot Filler node, as on a tenant: the REST Endpoint's input.slots has it,"
            + " but no lexicon lists it and neither do the flows' slot fillers; a keyphrase entity is a lexicon slot, listed")
    void patternEntityIsListedNowhere() throws Exception {
        start(SandboxOptions.defaults());
        JsonNode answer = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"u\",\"sessionId\":\"s\",\"text\":\"where is my red order ORD_77\",\"data\":{\"cognigyJunit\":{\"turn\":1}}}",
                JSON))).body();
        List<JsonNode> outputs = new ArrayList<>();
        answer.path("outputStack").forEach(outputs::add);
        JsonNode slots = outputs.stream().map(o -> o.path("data").path("slots")).filter(JsonNode::isObject).findFirst()
                .orElseThrow(() -> new AssertionError("no output reports input.slots: " + answer));
        assertThat(slots.path("order_id").get(0).path("keyphrase").asString()).as("input.slots: " + slots).isEqualTo("ORD_77");
        assertThat(slots.path("colour").get(0).path("keyphrase").asString()).as("input.slots: " + slots).isEqualTo("red");

        List<String> listed = new ArrayList<>();
        for (JsonNode lexicon : items("lexicons?projectId=" + sandbox.projectId())) {
            items("lexicons/" + lexicon.path("_id").asString() + "/slots").forEach(slot -> listed.add(slot.path("name").asString()));
        }
        for (JsonNode flow : items("flows?projectId=" + sandbox.projectId())) {
            items("flows/" + flow.path("_id").asString() + "/slotfillers").forEach(filler -> listed.add(filler.path("name").asString()));
        }
        assertThat(listed).containsExactly("colour");
    }

    @Test
    @DisplayName("item 17: cursor pagination: limit up to 100, nextCursor followed with next=, total counts all; limit 101 is 400")
    void pagination() throws Exception {
        start(SandboxOptions.defaults());
        JsonNode first = ok("flows?projectId=" + sandbox.projectId() + "&limit=3");
        assertThat(first.path("items")).hasSize(3);
        assertThat(first.path("total").asInt()).isEqualTo(7);
        assertThat(first.path("previousCursor").isNull()).isTrue();
        List<String> names = new ArrayList<>();
        JsonNode page = first;
        while (true) {
            page.path("items").forEach(i -> names.add(i.path("name").asString()));
            if (page.path("nextCursor").isNull()) break;
            page = ok("flows?projectId=" + sandbox.projectId() + "&limit=3&next=" + page.path("nextCursor").asString());
        }
        assertThat(names).hasSize(7).doesNotHaveDuplicates();
        assertThat(ok("flows?projectId=" + sandbox.projectId()).path("items")).as("25 by default").hasSize(7);
        assertThat(ok("flows?projectId=" + sandbox.projectId() + "&limit=100").path("nextCursor").isNull()).isTrue();
        assertThat(get("flows?projectId=" + sandbox.projectId() + "&limit=101").code()).isEqualTo(400);
        assertThat(get("flows?projectId=" + sandbox.projectId() + "&next=garbage").code()).isEqualTo(400);
    }

    @Test
    @DisplayName("item 17: 1,000 requests in 5 minutes on the sandbox's clock, then 429 with Retry-After and a problem body")
    void rateLimit() throws Exception {
        start(SandboxOptions.defaults());
        String project = "projects/" + sandbox.projectId();
        for (int i = 0; i < 1000; i++) assertThat(get(project).code()).isEqualTo(200);
        Answer limited = get(project);
        assertThat(limited.code()).isEqualTo(429);
        assertThat(limited.retryAfter()).isEqualTo("300");
        assertThat(limited.body().path("status").asInt()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(5));
        assertThat(get(project).code()).isEqualTo(200);
    }

    @Test
    @DisplayName("item 17: snapshots: none by default; with a snapshot the endpoint's entrypoint is its id, and its flow resources are listed")
    void snapshots() throws Exception {
        start(SandboxOptions.defaults());
        assertThat(items("snapshots?projectId=" + sandbox.projectId())).isEmpty();
        start(SandboxOptions.defaults().withSnapshot("release-1.4"));
        List<JsonNode> snapshots = items("snapshots?projectId=" + sandbox.projectId());
        assertThat(snapshots).hasSize(1);
        String id = snapshots.get(0).path("_id").asString();
        assertThat(snapshots.get(0).path("name").asString()).isEqualTo("release-1.4");
        JsonNode endpoint = ok("endpoints/" + items("endpoints?projectId=" + sandbox.projectId()).get(0).path("_id").asString());
        assertThat(endpoint.path("entrypoint").asString()).isEqualTo(id).isNotEqualTo(sandbox.projectId());
        JsonNode snapshot = ok("snapshots/" + id);
        assertThat(snapshot.path("name").asString()).isEqualTo("release-1.4");
        // An integer Unix timestamp in seconds, as Cognigy's API reference types createdAt.
        assertThat(snapshot.path("createdAt").isIntegralNumber()).as("createdAt " + snapshot.path("createdAt")).isTrue();
        assertThat(snapshot.path("createdAt").asLong()).isEqualTo(java.time.Instant.parse("2026-11-24T10:00:00Z").getEpochSecond());
        assertThat(snapshot.has("description")).isTrue();
        List<JsonNode> resources = items("snapshots/" + id + "/resources?resourceType=flow");
        assertThat(resources).hasSize(7).allSatisfy(r -> assertThat(r.path("type").asString()).isEqualTo("flow"));
        JsonNode order = item(resources, "name", "Order status");
        JsonNode live = item(items("flows?projectId=" + sandbox.projectId()), "name", "Order status");
        assertThat(order.path("referenceId").asString()).isEqualTo(live.path("referenceId").asString());
        assertThat(order.path("resourceId").asString()).isEqualTo(live.path("_id").asString());
    }

    @Test
    @DisplayName("item 17: context injected into a session is the flow's context on the REST Endpoint's next message")
    void contextInject() throws Exception {
        start(SandboxOptions.defaults());
        Answer injected = call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/sessions/ses-7/context/inject")
                .header("X-API-Key", KEY).post(RequestBody.create(json.writeValueAsString(
                        Map.of("userId", "user-1", "context", Map.of("tier", "platinum"))), JSON)));
        assertThat(injected.code()).isEqualTo(200);
        assertThat(injected.body().path("tier").asString()).isEqualTo("platinum");
        String text = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"user-1\",\"sessionId\":\"ses-7\",\"text\":\"what is my membership tier\"}", JSON))).body()
                .path("text").asString();
        assertThat(text).isEqualTo("Your tier is platinum.");
        String other = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(
                "{\"userId\":\"user-1\",\"sessionId\":\"ses-8\",\"text\":\"what is my membership tier\"}", JSON))).body()
                .path("text").asString();
        assertThat(other).as("another session has no such context").isEqualTo("I do not know your tier.");
        assertThat(call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/sessions/ses-7/context/inject")
                .header("X-API-Key", KEY).post(RequestBody.create("{\"userId\":\"u\"}", JSON))).code()).isEqualTo(400);
    }

    @Test
    @DisplayName("a JSON body beyond Cognigy's 60 kB is refused with 413, and a REST Endpoint message beyond its 65 kB input")
    void payloadLimits() throws Exception {
        start(SandboxOptions.defaults());
        String within = "{\"userId\":\"u\",\"context\":{\"blob\":\"" + "x".repeat(59_000) + "\"}}";
        assertThat(call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/sessions/ses-1/context/inject")
                .header("X-API-Key", KEY).post(RequestBody.create(within, JSON))).code()).isEqualTo(200);
        String beyond = "{\"userId\":\"u\",\"context\":{\"blob\":\"" + "x".repeat(61_000) + "\"}}";
        Answer refused = call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/sessions/ses-1/context/inject")
                .header("X-API-Key", KEY).post(RequestBody.create(beyond, JSON)));
        assertThat(refused.code()).isEqualTo(413);
        assertThat(refused.body().path("status").asInt()).isEqualTo(413);
        assertThat(refused.body().path("detail").asString()).contains("60 kB");
        String message = "{\"userId\":\"u\",\"sessionId\":\"s\",\"text\":\"hi\",\"data\":{\"blob\":\"" + "x".repeat(66_000) + "\"}}";
        Answer tooLong = call(new Request.Builder().url(sandbox.endpointUrl()).post(RequestBody.create(message, JSON)));
        assertThat(tooLong.code()).isEqualTo(413);
        assertThat(tooLong.body().path("message").asString()).contains("65 kB");
    }

    private String contentType(Request.Builder request) throws IOException {
        try (Response response = http.newCall(request.build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.header("Content-Type");
        }
    }

    @Test
    @DisplayName("answers are application/hal+json, the API's default media type, unless the request's Accept names"
            + " application/json, the one Cognigy promises pure data in")
    void halJsonUnlessJsonIsAsked() throws Exception {
        start(SandboxOptions.defaults());
        String project = sandbox.managementUrl() + "/new/v2.0/projects/" + sandbox.projectId();
        assertThat(contentType(new Request.Builder().url(project).header("X-API-Key", KEY))).isEqualTo("application/hal+json");
        assertThat(contentType(new Request.Builder().url(project).header("X-API-Key", KEY).header("Accept", "*/*")))
                .isEqualTo("application/hal+json");
        assertThat(contentType(new Request.Builder().url(project).header("X-API-Key", KEY)
                .header("Accept", "application/hal+json, application/json;q=0.9"))).isEqualTo("application/json");
        assertThat(contentType(new Request.Builder().url(project).header("X-API-Key", KEY).header("Accept", "application/json")))
                .isEqualTo("application/json");
    }

    @Test
    @DisplayName("a request body not declared application/json is refused with a 400 problem naming its Content-Type")
    void bodyMustBeDeclaredJson() throws Exception {
        start(SandboxOptions.defaults());
        Answer refused = call(new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/sessions/ses-1/context/inject")
                .header("X-API-Key", KEY).post(RequestBody.create("{\"userId\":\"u\",\"context\":{\"a\":1}}",
                        MediaType.get("text/plain"))));
        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.body().path("status").asInt()).isEqualTo(400);
        assertThat(refused.body().path("detail").asString()).contains("text/plain").contains("application/json");
    }
}
