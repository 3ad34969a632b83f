package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Playbook and task API over real HTTP on loopback, in the shapes of Cognigy's API reference. */
class PlaybooksApiTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String KEY = "test-api-key-0123456789";
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final SandboxHttpTest.MutableClock clock = new SandboxHttpTest.MutableClock();
    private final List<CognigySandbox> started = new ArrayList<>();
    private CognigySandbox sandbox;

    private record Answer(int code, JsonNode body) {
    }

    @AfterEach
    void stop() {
        started.forEach(CognigySandbox::close);
    }

    private void start(SandboxOptions options) {
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/shop-bot.yaml"), options.withUrlToken("urltoken123")
                .withManagementApiKey(KEY).withClock(clock).withProcessingTime(Duration.ofSeconds(1)));
        started.add(sandbox);
    }

    private Answer call(String method, String pathAndQuery, Object body) throws IOException {
        Request.Builder request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/" + pathAndQuery).header("X-API-Key", KEY);
        request.method(method, body == null ? (method.equals("POST") ? RequestBody.create(new byte[0], JSON) : null)
                : RequestBody.create(json.writeValueAsString(body), JSON));
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            return new Answer(response.code(), text.isEmpty() ? null : json.readTree(text));
        }
    }

    private JsonNode ok(String method, String pathAndQuery, Object body) throws IOException {
        Answer answer = call(method, pathAndQuery, body);
        assertThat(answer.code()).as(method + " " + pathAndQuery + " answered " + answer.body()).isBetween(200, 201);
        return answer.body();
    }

    private String playbook(String name, boolean abortOnError) throws IOException {
        return ok("POST", "playbooks", Map.of("projectId", sandbox.projectId(), "name", name, "abortOnError", abortOnError,
                "timeout", 20000)).path("_id").asString();
    }

    private String step(String playbook, String text, Map<String, Object> params, String type) throws IOException {
        String step = ok("POST", "playbooks/" + playbook + "/steps", Map.of("text", text, "data", Map.of())).path("_id").asString();
        if (type != null) ok("POST", "playbooks/" + playbook + "/steps/" + step + "/asserts", Map.of("type", type, "params", params));
        return step;
    }

    private Map<String, String> target() throws IOException {
        JsonNode endpoint = ok("GET", "endpoints?projectId=" + sandbox.projectId(), null).path("items").get(0);
        return Map.of("entrypoint", endpoint.path("entrypoint").asString(), "flowId", endpoint.path("flowId").asString(),
                "localeId", endpoint.path("localeId").asString());
    }

    private JsonNode schedule(String playbook) throws IOException {
        return ok("POST", "playbooks/" + playbook + "/schedule", target());
    }

    /** The run a finished task of {@code playbook} made. */
    private JsonNode runOf(String playbook, String taskId) throws IOException {
        return ok("GET", "playbooks/" + playbook + "/runs/" + task(taskId).path("data").path("playbookRunId").asString(), null);
    }

    private JsonNode task(String id) throws IOException {
        return ok("GET", "tasks/" + id, null);
    }

    @Test
    @DisplayName("item 5: playbooks CRUD: create, paginated list, detail with steps and asserts, 50 steps at most, delete")
    void crud() throws Exception {
        start(SandboxOptions.defaults());
        String first = playbook("Order status", true);
        playbook("Greeting", false);
        playbook("Contact", false);
        JsonNode page = ok("GET", "playbooks?projectId=" + sandbox.projectId() + "&limit=2", null);
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("items").get(0).path("name").asString()).isEqualTo("Order status");
        JsonNode rest = ok("GET", "playbooks?projectId=" + sandbox.projectId() + "&limit=2&next=" + page.path("nextCursor").asString(), null);
        assertThat(rest.path("items").get(0).path("name").asString()).isEqualTo("Contact");
        assertThat(call("GET", "playbooks", null).code()).isEqualTo(400);

        step(first, "where is my order", Map.of("intent", "check_order", "negate", false), "assertIntent");
        JsonNode detail = ok("GET", "playbooks/" + first, null);
        assertThat(detail.path("abortOnError").asBoolean()).isTrue();
        assertThat(detail.path("timeout").asLong()).isEqualTo(20000);
        assertThat(detail.path("steps").get(0).path("text").asString()).isEqualTo("where is my order");
        JsonNode assertion = detail.path("steps").get(0).path("asserts").get(0);
        assertThat(assertion.path("type").asString()).isEqualTo("assertIntent");
        assertThat(assertion.path("params").path("intent").asString()).isEqualTo("check_order");

        String stepId = detail.path("steps").get(0).path("_id").asString();
        Answer badType = call("POST", "playbooks/" + first + "/steps/" + stepId + "/asserts", Map.of("type", "assertSlots",
                "params", Map.of("slot", "order_id")));
        assertThat(badType.code()).isEqualTo(400);
        assertThat(badType.body().path("detail").asString()).contains("assertSlot");
        for (int i = 1; i < Playbooks.MAX_STEPS; i++) step(first, "step " + i, null, null);
        Answer tooMany = call("POST", "playbooks/" + first + "/steps", Map.of("text", "one more"));
        assertThat(tooMany.code()).isEqualTo(400);
        assertThat(tooMany.body().path("detail").asString()).contains("at most 50 steps");

        assertThat(call("DELETE", "playbooks/" + first, null).code()).isEqualTo(204);
        assertThat(call("GET", "playbooks/" + first, null).code()).isEqualTo(404);
        assertThat(ok("GET", "playbooks?projectId=" + sandbox.projectId(), null).path("total").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 5: a scheduled playbook is a runPlaybook task, queued -> active -> done, whose run holds step and assertion results")
    void scheduleAndRun() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Order status", false);
        step(playbook, "hello", Map.of("text", "Hello! What can I do for you?"), "assertText");
        step(playbook, "where is my order", Map.of("intent", "check_order"), "assertIntent");
        String third = step(playbook, "ORD_77", Map.of("slot", "order_id"), "assertSlot");
        ok("POST", "playbooks/" + playbook + "/steps/" + third + "/asserts", Map.of("type", "assertText",
                "params", Map.of("text", "look up your ORDER", "fuzzy", true)));

        JsonNode scheduled = schedule(playbook);
        assertThat(scheduled.path("status").asString()).isEqualTo("queued");
        assertThat(scheduled.path("type").asString()).isEqualTo("runPlaybook");
        String taskId = scheduled.path("_id").asString();
        assertThat(task(taskId).path("status").asString()).isEqualTo("active");
        assertThat(task(taskId).path("data").has("playbookRunId")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = task(taskId);
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertThat(done.path("failReason").isNull()).isTrue();

        JsonNode run = ok("GET", "playbooks/" + playbook + "/runs/" + done.path("data").path("playbookRunId").asString(), null);
        assertThat(run.path("status").asString()).isEqualTo("successful");
        JsonNode results = run.path("stepResults");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("status").asString()).isEqualTo("successful");
        assertThat(results.get(0).path("timeout").asBoolean()).isFalse();
        assertThat(results.get(2).path("asserts")).hasSize(2);
        JsonNode slot = results.get(2).path("asserts").get(0);
        assertThat(slot.path("type").asString()).isEqualTo("assertSlot");
        assertThat(slot.path("status").asString()).isEqualTo("successful");
        assertThat(slot.path("negate").asBoolean()).isFalse();
        assertThat(slot.path("actual").toString()).contains("order_id");
        // The third step continues the second's question: one session per run.
        assertThat(results.get(2).path("asserts").get(1).path("actual").toString()).contains("Let me look up your order ORD_77.");
    }

    @Test
    @DisplayName("a playbook scheduled in a sub-flow runs in that flow: its model knows that flow's intents only, as a tenant's")
    void subFlowTarget() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Order status", false);
        step(playbook, "where is my order", Map.of("intent", "check_order"), "assertIntent");
        String greeting = null;
        for (JsonNode flow : ok("GET", "flows?projectId=" + sandbox.projectId(), null).path("items")) {
            if (flow.path("name").asString().equals("Greeting")) greeting = flow.path("referenceId").asString();
        }
        assertThat(greeting).isNotNull();
        Map<String, String> inGreeting = new java.util.HashMap<>(target());
        inGreeting.put("flowId", greeting);

        String subFlowTask = ok("POST", "playbooks/" + playbook + "/schedule", inGreeting).path("_id").asString();
        String mainFlowTask = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode inSubFlow = runOf(playbook, subFlowTask);
        assertThat(inSubFlow.path("status").asString()).isEqualTo("failed");
        assertThat(inSubFlow.path("stepResults").get(0).path("asserts").get(0).path("actual").asString()).isNotEqualTo("check_order");
        JsonNode inMainFlow = runOf(playbook, mainFlowTask);
        assertThat(inMainFlow.path("status").asString()).isEqualTo("successful");
    }

    @Test
    @DisplayName("item 5: asserts are case-sensitive unless fuzzy, negate inverts, and abortOnError skips the steps after a failure")
    void assertsAndAbort() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Strict", true);
        String first = step(playbook, "hello", Map.of("text", "hello! what can I do for you?", "fuzzy", true), "assertText");
        ok("POST", "playbooks/" + playbook + "/steps/" + first + "/asserts", Map.of("type", "assertIntent",
                "params", Map.of("intent", "contact", "negate", true)));
        ok("POST", "playbooks/" + playbook + "/steps/" + first + "/asserts", Map.of("type", "assertState",
                "params", Map.of("state", "default")));
        ok("POST", "playbooks/" + playbook + "/steps/" + first + "/asserts", Map.of("type", "assertData",
                "params", Map.of("data", Map.of("_cognigy", Map.of("_default", Map.of("_quickReplies", Map.of("type", "quick_replies")))),
                        "partial", true)));
        ok("POST", "playbooks/" + playbook + "/steps/" + first + "/asserts", Map.of("type", "assertContext",
                "params", Map.of("data", Map.of("tier", "gold"), "partial", true, "negate", true)));
        step(playbook, "hello", Map.of("text", "hello! what can I do for you?"), "assertText");
        step(playbook, "where is my order", Map.of("intent", "check_order"), "assertIntent");

        String taskId = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode run = runOf(playbook, taskId);
        assertThat(run.path("status").asString()).isEqualTo("failed");
        JsonNode results = run.path("stepResults");
        assertThat(results.get(0).path("status").asString()).isEqualTo("successful");
        results.get(0).path("asserts").forEach(a -> assertThat(a.path("status").asString()).as(a.toString()).isEqualTo("successful"));
        assertThat(results.get(0).path("asserts").get(1).path("negate").asBoolean()).isTrue();
        assertThat(results.get(0).path("asserts").get(1).path("actual").asString()).isEqualTo("greeting");
        assertThat(results.get(0).path("asserts").get(4).path("actual").isObject()).isTrue();
        assertThat(results.get(1).path("status").asString()).isEqualTo("failed");
        JsonNode failed = results.get(1).path("asserts").get(0);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("actual").get(0).asString()).isEqualTo("Hello! What can I do for you?");
        assertThat(results.get(2).path("status").asString()).isEqualTo("skipped");
        assertThat(results.get(2).path("asserts").get(0).path("status").asString()).isEqualTo("skipped");
    }

    @Test
    @DisplayName("assertData checks the user input's data when the bot's outputs carry none, as Cognigy documents it: negated,"
            + " it fails on data the step itself sent; a step whose answer carries data is checked against that alone")
    void assertDataFallsBackToInputData() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Data", false);
        Map<String, Object> app = Map.of("channel", "app");
        String plain = ok("POST", "playbooks/" + playbook + "/steps", Map.of("text", "where is my order ORD_1", "data", app))
                .path("_id").asString();
        ok("POST", "playbooks/" + playbook + "/steps/" + plain + "/asserts", Map.of("type", "assertData",
                "params", Map.of("data", app, "partial", true)));
        ok("POST", "playbooks/" + playbook + "/steps/" + plain + "/asserts", Map.of("type", "assertData",
                "params", Map.of("data", app, "partial", true, "negate", true)));
        String rich = ok("POST", "playbooks/" + playbook + "/steps", Map.of("text", "hello", "data", app)).path("_id").asString();
        ok("POST", "playbooks/" + playbook + "/steps/" + rich + "/asserts", Map.of("type", "assertData",
                "params", Map.of("data", app, "partial", true)));

        String taskId = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode results = runOf(playbook, taskId).path("stepResults");
        JsonNode first = results.get(0).path("asserts");
        assertThat(first.get(0).path("status").asString()).as(first.get(0).toString()).isEqualTo("successful");
        assertThat(first.get(0).path("actual").toString()).isEqualTo("[{\"channel\":\"app\"}]");
        assertThat(first.get(1).path("status").asString()).as("negated, the step's own data fails it").isEqualTo("failed");
        JsonNode second = results.get(1).path("asserts").get(0);
        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("failed");
        assertThat(second.path("actual").toString()).contains("_quickReplies").doesNotContain("channel");
    }

    @Test
    @DisplayName("item 5: at most 10 playbook executions at once; further schedules stay queued until a slot is free (measured)")
    void cap() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Greeting", false);
        step(playbook, "hello", Map.of("intent", "greeting"), "assertIntent");
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 25; i++) tasks.add(schedule(playbook).path("_id").asString());
        int maxActive = 0;
        int done = 0;
        for (int tick = 0; tick < 5 && done < tasks.size(); tick++) {
            int active = 0;
            int queued = 0;
            done = 0;
            for (String id : tasks) {
                switch (task(id).path("status").asString()) {
                    case "active" -> active++;
                    case "queued" -> queued++;
                    case "done" -> done++;
                    default -> throw new AssertionError("unexpected status of " + id);
                }
            }
            if (tick == 0) assertThat(List.of(active, queued, done)).isEqualTo(List.of(10, 15, 0));
            maxActive = Math.max(maxActive, active);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(done).isEqualTo(25);
        assertThat(maxActive).isEqualTo(10);
        assertThat(sandbox.stats().peakPlaybookExecutions()).isEqualTo(10);
    }

    @Test
    @DisplayName("item 5: cancel makes a running task cancelling, holding its slot as a tenant's does, then cancelled, which frees"
            + " the slot for the oldest queued task; a queued task is cancelled at once; the stats count each once")
    void cancel() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Greeting", false);
        step(playbook, "hello", Map.of("intent", "greeting"), "assertIntent");
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) tasks.add(schedule(playbook).path("_id").asString());
        assertThat(task(tasks.get(10)).path("status").asString()).isEqualTo("queued");
        JsonNode cancelling = ok("POST", "tasks/" + tasks.get(0) + "/cancel", null);
        assertThat(cancelling.path("status").asString()).isEqualTo("cancelling");
        assertThat(ok("POST", "tasks/" + tasks.get(11) + "/cancel", null).path("status").asString()).isEqualTo("cancelling");
        clock.advance(Duration.ofMillis(500));
        // Still cancelling, its slot held: the queued task waits; the one cancelled while queued held none and is cancelled.
        assertThat(task(tasks.get(0)).path("status").asString()).isEqualTo("cancelling");
        assertThat(task(tasks.get(10)).path("status").asString()).isEqualTo("queued");
        assertThat(task(tasks.get(11)).path("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().peakPlaybookExecutions()).isEqualTo(10);
        clock.advance(Duration.ofMillis(500));
        assertThat(task(tasks.get(10)).path("status").asString()).isEqualTo("active");
        JsonNode cancelled = task(tasks.get(0));
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.path("data").has("playbookRunId")).isFalse();
        assertThat(task(tasks.get(1)).path("status").asString()).isEqualTo("done");
        // Counted once: cancelling a task that is already cancelled stops nothing more.
        ok("POST", "tasks/" + tasks.get(0) + "/cancel", null);
        ok("POST", "tasks/" + tasks.get(1) + "/cancel", null);
        assertThat(sandbox.stats().playbookTasksScheduled()).isEqualTo(12);
        assertThat(sandbox.stats().playbookTasksCancelled()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 5: a step the bot answers after the playbook's timeout times out: timeout true, the step and its"
            + " assertions failed, the run failed, the steps after it skipped under abortOnError; the wait, up to the"
            + " timeout, adds to the execution's time, and a step answered in time but slowly only takes longer")
    void slowStepTimesOut() throws Exception {
        start(SandboxOptions.defaults().withPlaybookStepAnswerTime("hello", Duration.ofSeconds(25))
                .withPlaybookStepAnswerTime("hi there", Duration.ofSeconds(5)));
        String slow = playbook("Slow greeting", true);
        step(slow, "hello", Map.of("intent", "greeting"), "assertIntent");
        step(slow, "where is my order", Map.of("intent", "check_order"), "assertIntent");
        String inTime = playbook("Slow but in time", true);
        step(inTime, "hi there", Map.of("intent", "greeting"), "assertIntent");
        String slowTask = schedule(slow).path("_id").asString();
        String inTimeTask = schedule(inTime).path("_id").asString();

        clock.advance(Duration.ofSeconds(5));
        assertThat(task(inTimeTask).path("status").asString()).isEqualTo("active");
        clock.advance(Duration.ofSeconds(1));
        assertThat(task(inTimeTask).path("status").asString()).isEqualTo("done");
        JsonNode answered = runOf(inTime, inTimeTask).path("stepResults").get(0);
        assertThat(answered.path("timeout").asBoolean()).isFalse();
        assertThat(answered.path("status").asString()).isEqualTo("successful");

        clock.advance(Duration.ofSeconds(14));
        assertThat(task(slowTask).path("status").asString()).isEqualTo("active");
        clock.advance(Duration.ofSeconds(1));
        JsonNode run = runOf(slow, slowTask);
        assertThat(run.path("status").asString()).isEqualTo("failed");
        JsonNode timedOut = run.path("stepResults").get(0);
        assertThat(timedOut.path("timeout").asBoolean()).isTrue();
        assertThat(timedOut.path("status").asString()).isEqualTo("failed");
        assertThat(timedOut.path("asserts").get(0).path("status").asString()).isEqualTo("failed");
        assertThat(timedOut.path("asserts").get(0).path("actual").isNull()).isTrue();
        assertThat(run.path("stepResults").get(1).path("status").asString()).isEqualTo("skipped");
    }

    @Test
    @DisplayName("item 5: options delay playbookRunId after done and answer the first run read 404 (Cognigy CLI #145); runs list newest first")
    void runIdDelayAnd145() throws Exception {
        start(SandboxOptions.defaults().withPlaybookRunIdDelay(Duration.ofSeconds(3)).withPlaybookRunMissingOnFirstRead(true));
        String playbook = playbook("Greeting", false);
        step(playbook, "hello", Map.of("intent", "greeting"), "assertIntent");
        String firstTask = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        String secondTask = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = task(secondTask);
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertThat(done.path("data").has("playbookRunId")).isFalse();
        clock.advance(Duration.ofSeconds(3));
        String runId = task(secondTask).path("data").path("playbookRunId").asString();
        assertThat(runId).isNotEmpty();

        Answer missing = call("GET", "playbooks/" + playbook + "/runs/" + runId, null);
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.body().path("detail").asString()).isEqualTo("Playbook run does not exist");
        assertThat(ok("GET", "playbooks/" + playbook + "/runs/" + runId, null).path("status").asString()).isEqualTo("successful");

        JsonNode newest = ok("GET", "playbooks/" + playbook + "/runs?sort=createdAt:desc&limit=1", null);
        assertThat(newest.path("total").asInt()).isEqualTo(2);
        assertThat(newest.path("items").get(0).path("_id").asString()).isEqualTo(runId);
        String firstRun = task(firstTask).path("data").path("playbookRunId").asString();
        assertThat(call("DELETE", "playbooks/" + playbook + "/runs/" + firstRun, null).code()).isEqualTo(204);
        assertThat(ok("GET", "playbooks/" + playbook + "/runs", null).path("total").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("times are integer Unix seconds, as Cognigy's API reference types them: a playbook's createdAt, a task's"
            + " createdAt, lastChangedAt, lastRunAt and lastFinishedAt, a run's createdAt and lastChanged; runs started in the"
            + " same second are listed in the order they started")
    void timesInSeconds() throws Exception {
        start(SandboxOptions.defaults());
        long second = java.time.Instant.parse("2026-11-24T10:00:00Z").getEpochSecond();
        clock.advance(Duration.ofMillis(100));
        String playbook = playbook("Greeting", false);
        step(playbook, "hello", Map.of("intent", "greeting"), "assertIntent");
        assertSeconds(ok("GET", "playbooks/" + playbook, null), "createdAt", second);
        assertSeconds(ok("GET", "playbooks?projectId=" + sandbox.projectId(), null).path("items").get(0), "createdAt", second);

        JsonNode scheduled = schedule(playbook);
        assertSeconds(scheduled, "createdAt", second);
        assertSeconds(scheduled, "lastChangedAt", second);
        assertThat(scheduled.path("lastFinishedAt").isNull()).isTrue();
        clock.advance(Duration.ofMillis(500));
        String secondTask = schedule(playbook).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = task(scheduled.path("_id").asString());
        assertThat(done.path("status").asString()).isEqualTo("done");
        assertSeconds(done, "createdAt", second);
        assertSeconds(done, "lastRunAt", second);
        assertSeconds(done, "lastFinishedAt", second + 1);
        assertSeconds(done, "lastChangedAt", second + 1);
        JsonNode first = runOf(playbook, scheduled.path("_id").asString());
        assertSeconds(first, "createdAt", second);
        assertSeconds(first, "lastChanged", second + 1);

        // Both runs started at 10:00:00 (.1 and .6): the same createdAt, listed in the order they started.
        String firstRun = first.path("_id").asString();
        String secondRun = task(secondTask).path("data").path("playbookRunId").asString();
        JsonNode newestFirst = ok("GET", "playbooks/" + playbook + "/runs?sort=createdAt:desc", null).path("items");
        assertThat(newestFirst).extracting(r -> r.path("_id").asString()).containsExactly(secondRun, firstRun);
        assertThat(newestFirst).allSatisfy(r -> assertSeconds(r, "createdAt", second));
        JsonNode oldestFirst = ok("GET", "playbooks/" + playbook + "/runs?sort=createdAt:asc", null).path("items");
        assertThat(oldestFirst).extracting(r -> r.path("_id").asString()).containsExactly(firstRun, secondRun);
    }

    private static void assertSeconds(JsonNode resource, String field, long seconds) {
        assertThat(resource.path(field).isIntegralNumber()).as(field + " of " + resource).isTrue();
        assertThat(resource.path(field).asLong()).as(field).isEqualTo(seconds);
    }

    @Test
    @DisplayName("item 5: a flow that is not the project's ends the task in error with a failReason")
    void error() throws Exception {
        start(SandboxOptions.defaults());
        String playbook = playbook("Greeting", false);
        Map<String, String> target = new java.util.HashMap<>(target());
        target.put("flowId", "00000000-0000-0000-0000-000000000000");
        String taskId = ok("POST", "playbooks/" + playbook + "/schedule", target).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        JsonNode task = task(taskId);
        assertThat(task.path("status").asString()).isEqualTo("error");
        assertThat(task.path("failReason").asString()).contains("flow 00000000-0000-0000-0000-000000000000");
        assertThat(call("POST", "playbooks/" + playbook + "/schedule", Map.of("flowId", "x")).code()).isEqualTo(400);
    }

    @Test
    @DisplayName("item 5: playbooks seeded from a JSON export are listed and run")
    void seed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop-bot.playbooks.json");
        Files.writeString(file, """
                {"playbooks": [{"name": "Greets", "abortOnError": true, "timeout": 20000, "steps": [
                  {"text": "hello", "data": {}, "asserts": [{"type": "assertIntent", "params": {"intent": "greeting", "negate": false}}]}
                ]}]}""");
        start(SandboxOptions.defaults().withPlaybookSeed(file));
        JsonNode item = ok("GET", "playbooks?projectId=" + sandbox.projectId(), null).path("items").get(0);
        assertThat(item.path("name").asString()).isEqualTo("Greets");
        String taskId = schedule(item.path("_id").asString()).path("_id").asString();
        clock.advance(Duration.ofSeconds(1));
        String runId = task(taskId).path("data").path("playbookRunId").asString();
        assertThat(ok("GET", "playbooks/" + item.path("_id").asString() + "/runs/" + runId, null).path("status").asString())
                .isEqualTo("successful");
    }

    @Test
    @DisplayName("item 5: the standalone sandbox seeds playbooks with --playbooks; an invalid seed names the file and the assertion")
    void seedFromCommandLineAndErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.json");
        Files.writeString(file, "[{\"name\": \"Greets\", \"steps\": [{\"text\": \"hello\"}]}]");
        String bot = Path.of(PlaybooksApiTest.class.getResource("/bots/shop-bot.yaml").toURI()).toString();
        sandbox = SandboxMain.start(new String[] {"--bot", bot, "--port", "0", "--api-key", KEY, "--playbooks", file.toString()},
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        started.add(sandbox);
        assertThat(ok("GET", "playbooks?projectId=" + sandbox.projectId(), null).path("items").get(0).path("steps").isMissingNode()).isTrue();
        assertThat(ok("GET", "playbooks?projectId=" + sandbox.projectId(), null).path("items").get(0).path("name").asString())
                .isEqualTo("Greets");

        Files.writeString(file, "{\"playbooks\": [{\"name\": \"Bad\", \"steps\": [{\"text\": \"hi\", \"asserts\": "
                + "[{\"type\": \"assertSlots\", \"params\": {\"slot\": \"x\"}}]}]}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(SandboxOptions.defaults().withPlaybookSeed(file)))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageContaining("seed.json: playbooks[0].steps[0].asserts[0]: type must be one of");
    }

    @Test
    @DisplayName("item 5: a seed that is not valid JSON names the file, line and column of the syntax error")
    void seedSyntaxErrorNamesLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.json");
        Files.writeString(file, "{\"playbooks\": [\n  {\"name\": \"Greets\" \"steps\": []}\n]}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(SandboxOptions.defaults().withPlaybookSeed(file)))
                .isInstanceOf(InvalidBotDefinitionException.class)
                .hasMessageStartingWith(file + ":2:21: JSON syntax error: ")
                .hasMessageNotContaining("REDACTED")
                .hasMessageNotContaining("StreamReadFeature");
    }
}
