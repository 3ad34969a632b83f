package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.TestSource;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.GeneratedConversationFailing;
import dev.botsim.cognigy.engine.fixtures.GeneratedConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.NluConversationSimulation;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.backend=playbooks}, mode {@code generated}, end to end against the in-process sandbox: the run's
 * cases and conversations become temporary playbooks at the sandbox's management API, which run them through its
 * bot. The engine talks to the sandbox through a recording proxy, so the tests see every request and its body.
 */
class GeneratedPlaybooksEngineTest {

    private static final String KEY = "gen-mgmt-key-314";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final MutableClock clock = new MutableClock();
    private final JsonMapper json = JsonMapper.builder().build();
    private final OkHttpClient http = new OkHttpClient();
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final MockWebServer proxy = LoopbackServers.mockWebServer();
    private CognigySandbox sandbox;
    private volatile Clock sandboxClock;
    /** Changes the playbook runs the engine reads, as a bot answering differently from one session to the next would. */
    private volatile java.util.function.UnaryOperator<String> rewriteRun;
    /** Counted down as the proxy is asked to pass on a schedule request. */
    private final CountDownLatch scheduleSent = new CountDownLatch(1);
    /** When set, schedule requests are passed on, and their task started, only once it is counted down. */
    private volatile CountDownLatch schedulesHeld;
    /** When set, the create of the playbook whose name ends so is passed on only once {@link #createReleased} opens. */
    private volatile String createHeld;
    private volatile CountDownLatch createReleased;
    /** Counted down as the proxy is asked to pass on the create it holds. */
    private final CountDownLatch createArrived = new CountDownLatch(1);
    /** The tasks the sandbox's answers to schedule requests named, as the proxy passed them back. */
    private final List<String> scheduledTasks = Collections.synchronizedList(new ArrayList<>());

    /** One request the engine made, as the proxy passed it on. */
    record Recorded(String method, String path, JsonNode body) {
        String line() {
            return method + " " + path.replaceAll("[0-9a-f]{24}", "{id}");
        }
    }

    private void start(Clock sandboxClock, Duration processing) throws IOException {
        start(sandboxClock, processing, "bots/order-bot.yaml");
    }

    private void start(Clock sandboxClock, Duration processing, String bot) throws IOException {
        this.sandboxClock = sandboxClock;
        sandbox = CognigySandbox.start(BotDefinition.fromClasspath(bot), SandboxOptions.defaults()
                .withManagementApiKey(KEY).withClock(sandboxClock).withProcessingTime(processing));
        proxy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return forward(request);
            }
        });
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
        if (sandbox != null) sandbox.close();
    }

    private MockResponse forward(RecordedRequest request) {
        String target = sandbox.managementUrl() + request.getUrl().encodedPath()
                + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        JsonNode parsed = body.length == 0 ? null : json.readTree(body);
        if (request.getUrl().encodedPath().startsWith("/new/v2.0/")) {
            requests.add(new Recorded(request.getMethod(), request.getUrl().encodedPath(), parsed));
        }
        boolean schedule = request.getMethod().equals("POST") && request.getUrl().encodedPath().endsWith("/schedule");
        if (schedule) {
            scheduleSent.countDown();
            CountDownLatch held = schedulesHeld;
            if (held != null) awaitQuietly(held);
        }
        String heldName = createHeld;
        if (heldName != null && request.getMethod().equals("POST") && request.getUrl().encodedPath().equals("/new/v2.0/playbooks")
                && parsed != null && parsed.path("name").asString("").endsWith(heldName)) {
            createArrived.countDown();
            awaitQuietly(createReleased);
        }
        Request.Builder out = new Request.Builder().url(target);
        for (String name : List.of("X-API-Key", "Accept")) {
            if (request.getHeaders().get(name) != null) out.header(name, request.getHeaders().get(name));
        }
        out.method(request.getMethod(), request.getMethod().equals("POST") ? RequestBody.create(body, JSON_TYPE) : null);
        try (Response response = http.newCall(out.build()).execute()) {
            String answered = response.body().string();
            if (schedule && response.isSuccessful()) scheduledTasks.add(json.readTree(answered).path("_id").asString());
            if (rewriteRun != null && request.getMethod().equals("GET") && request.getUrl().encodedPath().contains("/runs/")) {
                answered = rewriteRun.apply(answered);
            }
            MockResponse.Builder answer = new MockResponse.Builder().code(response.code()).body(answered);
            Headers headers = response.headers();
            for (String name : headers.names()) {
                if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) answer.setHeader(name, headers.get(name));
            }
            // A tenant's Date is on the clock that stamps its createdAt: the sandbox's HTTP server gives the real time.
            if (headers.get("Date") != null) {
                answer.setHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        sandboxClock.instant().atOffset(java.time.ZoneOffset.UTC)));
            }
            return answer.build();
        } catch (IOException e) {
            return new MockResponse.Builder().code(502).build();
        }
    }

    private EngineTestKit.Builder kit(Clock engineClock, Sleeper sleeper, dev.botsim.cognigy.spi.SimulationListener... listeners) {
        Map<String, String> environment = Map.of("COGNIGY_API_KEY", KEY, "COGNIGY_ENDPOINT_URL", sandbox.endpointUrl());
        return EngineTestSupport.kit(EngineTestSupport.realBackends(environment, engineClock, sleeper).withListeners(listeners), sleeper)
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.PLAYBOOKS_MODE, "generated")
                .configurationParameter(Constants.MANAGEMENT_URL, proxy.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .configurationParameter(Constants.AUDIT_FILE, "target/engine-test-reports/generated-playbooks-audit.jsonl");
    }

    private EngineTestKit.Builder kit() {
        return kit(clock, new RecordingSleeper(clock));
    }

    /** The sandbox's playbooks by name, read straight from it. */
    private List<String> playbooksAtSandbox() throws IOException {
        Request request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/playbooks?projectId=" + sandbox.projectId()
                + "&limit=100").header("X-API-Key", KEY).build();
        try (Response response = http.newCall(request).execute()) {
            List<String> names = new ArrayList<>();
            json.readTree(response.body().string()).path("items").forEach(item -> names.add(item.path("name").asString()));
            return names;
        }
    }

    private void createAtSandbox(String name) throws IOException {
        Request request = new Request.Builder().url(sandbox.managementUrl() + "/new/v2.0/playbooks").header("X-API-Key", KEY)
                .post(RequestBody.create(json.writeValueAsString(Map.of("projectId", sandbox.projectId(), "name", name)), JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(201);
        }
    }

    private static String line(TestSource source) {
        return source instanceof ClasspathResourceSource resource
                ? resource.getPosition().map(p -> String.valueOf(p.getLine())).orElse("?") : source.toString();
    }

    private List<Recorded> recorded(String method, String pathEnd) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method) && r.line().endsWith(pathEnd)).toList();
        }
    }

    @Test
    @DisplayName("cases and a conversation run as generated playbooks: Cognigy's assertions and the engine's own checks from"
            + " what they read back pass or fail each test with expected/actual; no cognigy-junit/ playbook is left")
    void casesAndConversation() throws IOException {
        start(clock, Duration.ofSeconds(2));

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1));
        Event wrong = results.testEvents().failed().stream().findFirst().orElseThrow();
        assertThat(wrong.getTestDescriptor().getDisplayName()).contains("test_gen_wrong");
        Throwable failure = wrong.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessageContaining("generated-playbooks.sim.yaml:10 test_gen_wrong")
                .hasMessageContaining("Connecting you to a human agent");
        assertThat(((AssertionFailedError) failure).getExpected().getStringRepresentation()).isEqualTo("intent: greeting");
        assertThat(((AssertionFailedError) failure).getActual().getStringRepresentation()).isEqualTo("intent: escalate");
        // The conversation's turns are the steps of one playbook: they report one after the other, in the file's order.
        assertThat(results.testEvents().stream().filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("test_gen_conversation"))
                .filter(e -> e.getType() == EventType.STARTED || e.getType() == EventType.FINISHED)
                .map(e -> e.getType() + " " + e.getTestDescriptor().getSource().map(GeneratedPlaybooksEngineTest::line).orElse("?")))
                .containsExactly("STARTED 16", "FINISHED 16", "STARTED 18", "FINISHED 18", "STARTED 20", "FINISHED 20");

        // One playbook per case and one for the conversation, each deleted after its run.
        List<Recorded> created = recorded("POST", "/playbooks");
        assertThat(created).hasSize(4);
        assertThat(created).extracting(r -> r.body().path("name").asString().replaceAll("batch_[0-9a-f]+", "<run>"))
                .containsExactlyInAnyOrder("cognigy-junit/<run>/test_gen_greeting", "cognigy-junit/<run>/test_gen_order",
                        "cognigy-junit/<run>/test_gen_wrong", "cognigy-junit/<run>/test_gen_conversation");
        assertThat(created).allSatisfy(r -> {
            assertThat(r.body().path("projectId").asString()).isEqualTo(sandbox.projectId());
            assertThat(r.body().path("abortOnError").asBoolean(true)).isFalse();
            assertThat(r.body().path("timeout").asLong()).isEqualTo(20_000);
        });
        assertThat(recorded("DELETE", "/playbooks/{id}")).hasSize(4);
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("a text assertion Cognigy failed fails its test, naming the assertion and what Cognigy saw, though the engine's"
            + " own check on the same texts passes")
    void cognigyFailedTextAssertionStands() throws IOException {
        start(clock, Duration.ofSeconds(1));
        // Cognigy's fuzzy match is not the engine's: here it fails "check your order" on texts the engine finds it in.
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            for (JsonNode step : run.path("stepResults")) {
                for (JsonNode a : step.path("asserts")) {
                    if (a.path("params").path("text").asString("").equals("check your order")) {
                        ((tools.jackson.databind.node.ObjectNode) a).put("status", "failed");
                        ((tools.jackson.databind.node.ObjectNode) step).put("status", "failed");
                        ((tools.jackson.databind.node.ObjectNode) run).put("status", "failed");
                    }
                }
            }
            return run.toString();
        };

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(4));
        Event greeting = results.testEvents().finished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().contains("test_gen_greeting")).findFirst().orElseThrow();
        assertThat(greeting.getPayload(TestExecutionResult.class).orElseThrow().getStatus()).isNotEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(message(greeting)).contains("Cognigy judged step 1 of playbook cognigy-junit/")
                .contains("assertText {\"text\":\"check your order\",\"fuzzy\":true,\"negate\":false} failed, it saw [");
    }

    @Test
    @DisplayName("a bot that says the same text twice in a step said two outputs: a check of the whole answer sees both, in"
            + " order, as it would over the REST Endpoint")
    void sameTextTwiceIsTwoOutputs(@TempDir Path dir) throws IOException {
        start(clock, Duration.ofSeconds(1));
        // The step's text assertion saw the bot say "Sorry, what?" twice, as a flow repeating its question does.
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            for (JsonNode step : run.path("stepResults")) {
                for (JsonNode a : step.path("asserts")) {
                    if (a.path("type").asString("").equals("assertText")) {
                        ((tools.jackson.databind.node.ObjectNode) a).putArray("actual").add("Sorry, what?").add("Sorry, what?");
                    }
                }
            }
            return run.toString();
        };
        Path file = Files.writeString(dir.resolve("twice.sim.yaml"), """
                version: 1
                cases:
                  - id: test_gen_twice
                    utterance: hello there
                    expect: { response_matches: '^Sorry, what\\?\\nSorry, what\\?$' }
                  - id: test_gen_once
                    utterance: hello there
                    expect: { response_matches: '^Sorry, what\\?$' }
                """);

        EngineExecutionResults results = kit().selectors(selectFile(file.toFile())).execute();

        assertThat(results.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("test_gen_twice");
        assertThat(results.testEvents().failed().stream().map(GeneratedPlaybooksEngineTest::message))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("\"Sorry, what?\\nSorry, what?\"");
    }

    @Test
    @DisplayName("a greeting with quick replies and a button, two Say nodes each saying the text, says it twice, as over the"
            + " REST Endpoint: the text assertion's texts and the data assertion's payloads are the same two outputs")
    void richOutputsSaidOnceEach(@TempDir Path dir) throws IOException {
        start(clock, Duration.ofSeconds(1), "bots/menu-bot.yaml");
        Path file = Files.writeString(dir.resolve("menu.sim.yaml"), """
                version: 1
                cases:
                  - id: test_gen_menu
                    utterance: hello
                    expect:
                      response_matches: '^Hello! What would you like to do\\?\\nHello! What would you like to do\\?$'
                      quick_replies: [Track order]
                """);

        EngineExecutionResults results = kit().selectors(selectFile(file.toFile())).execute();

        assertThat(results.testEvents().failed().stream().map(GeneratedPlaybooksEngineTest::message)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("each turn takes the result of its own step, by the step's _id, whatever order Cognigy's run lists the results"
            + " in: a data-file conversation and a @Conversation method pass as when they are in order")
    void turnsTakeTheirStepsResultByItsId() throws IOException {
        start(clock, Duration.ofSeconds(1));
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            List<JsonNode> results = new ArrayList<>();
            run.path("stepResults").forEach(results::add);
            Collections.reverse(results);
            ((tools.jackson.databind.node.ObjectNode) run).putArray("stepResults").addAll(results);
            return run.toString();
        };

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml"),
                selectClass(GeneratedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(s -> s.started(7).succeeded(6).failed(1));
        assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("test_gen_wrong");
    }

    @Test
    @DisplayName("a tenant whose step results carry _ids of their own, not the steps': each turn takes the result of its"
            + " step by the step's text, in order, as mode existing does, and the run passes and fails as in order")
    void resultIdsOfTheirOwnFallBackToText() throws IOException {
        start(clock, Duration.ofSeconds(1));
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            int n = 0;
            for (JsonNode step : run.path("stepResults")) {
                ((tools.jackson.databind.node.ObjectNode) step).put("_id", String.format("7e57e5a1000000000000%04d", ++n));
            }
            return run.toString();
        };

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml"),
                selectClass(GeneratedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(s -> s.started(7).succeeded(6).failed(1));
        assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("test_gen_wrong");
    }

    @Test
    @DisplayName("an intent assertion Cognigy passed without giving the intent it saw (no actual) passes the test's intent;"
            + " one it failed still fails it")
    void passedIntentAssertionWithoutActual() throws IOException {
        start(clock, Duration.ofSeconds(1));
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            for (JsonNode step : run.path("stepResults")) {
                for (JsonNode a : step.path("asserts")) {
                    if (a.path("type").asString().equals("assertIntent") && a.path("status").asString().equals("successful")) {
                        ((tools.jackson.databind.node.ObjectNode) a).remove("actual");
                    }
                }
            }
            return run.toString();
        };

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1));
        Event wrong = results.testEvents().failed().stream().findFirst().orElseThrow();
        assertThat(wrong.getTestDescriptor().getDisplayName()).contains("test_gen_wrong");
        Throwable failure = wrong.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(((AssertionFailedError) failure).getActual().getStringRepresentation()).isEqualTo("intent: escalate");
    }

    @Test
    @DisplayName("cognigy.repeat=3: every run of a case, and every run of the conversation, is a playbook run of its own"
            + " (created, scheduled, read and deleted), never one run's answer counted three times")
    void repeatedRunsArePlaybookRunsOfTheirOwn() throws IOException {
        start(clock, Duration.ofSeconds(2));

        EngineExecutionResults results = kit().configurationParameter(Constants.REPEAT, "3")
                .selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1));
        // 3 cases and 1 conversation, 3 runs each.
        assertThat(recorded("POST", "/playbooks")).hasSize(12);
        assertThat(recorded("POST", "/playbooks/{id}/schedule")).hasSize(12);
        assertThat(recorded("DELETE", "/playbooks/{id}")).hasSize(12);
        assertThat(recorded("POST", "/playbooks").stream().filter(r -> r.body().path("name").asString()
                .endsWith("/test_gen_conversation"))).hasSize(3);
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("exact requests: the playbook, each step with the test marker in its data, each assertion in Cognigy's"
            + " {type, params} shape, the schedule with the endpoint's target, then the delete")
    void requestShapes() throws IOException {
        start(clock, Duration.ofSeconds(2));

        kit().selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();

        Recorded order = recorded("POST", "/playbooks").stream()
                .filter(r -> r.body().path("name").asString().endsWith("/test_gen_order")).findFirst().orElseThrow();
        String run = order.body().path("name").asString().split("/")[1];
        List<Recorded> steps = recorded("POST", "/steps").stream()
                .filter(r -> r.body().path("data").path("cognigyJunit").path("testId").asString().equals("test_gen_order")).toList();
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).body().path("text").asString()).isEqualTo("where is my order ORD_99");
        assertThat(steps.get(0).body().path("data").toString())
                .isEqualTo("{\"cognigyJunit\":{\"runId\":\"" + run + "\",\"testId\":\"test_gen_order\",\"turn\":1}}");
        String stepPath = steps.get(0).path();
        List<String> asserts;
        synchronized (requests) {
            asserts = requests.stream().filter(r -> r.path().startsWith(stepPath.substring(0, stepPath.length() - "steps".length())))
                    .filter(r -> r.path().endsWith("/asserts")).map(r -> r.body().toString()).toList();
        }
        assertThat(asserts).containsExactly(
                "{\"type\":\"assertIntent\",\"params\":{\"intent\":\"check_order\",\"negate\":false}}",
                "{\"type\":\"assertSlot\",\"params\":{\"slot\":\"order_id\",\"negate\":false}}",
                "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true,\"negate\":false}}",
                "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true,\"negate\":false}}");
        List<Recorded> greeting = recorded("POST", "/asserts").stream()
                .filter(r -> r.body().path("params").path("intent").asString("").equals("escalate")).toList();
        assertThat(greeting).extracting(r -> r.body().toString())
                .containsExactly("{\"type\":\"assertIntent\",\"params\":{\"intent\":\"escalate\",\"negate\":true}}");
        assertThat(recorded("POST", "/asserts")).extracting(r -> r.body().toString())
                .contains("{\"type\":\"assertText\",\"params\":{\"text\":\"check your order\",\"fuzzy\":true,\"negate\":false}}");
        Recorded schedule = recorded("POST", "/schedule").get(0);
        assertThat(schedule.body().propertyNames()).containsExactly("entrypoint", "flowId", "localeId");
        assertThat(schedule.body().path("entrypoint").asString()).isEqualTo(sandbox.projectId());
    }

    @Test
    @DisplayName("request cost: a single-utterance case and a 3-turn conversation, each from creation to deletion")
    void requestCost() throws IOException {
        start(clock, Duration.ofSeconds(1));
        kit().selectors(selectClasspathResource("e2e/generated-single.sim.yaml")).execute()
                .testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        List<String> single = runRequests();
        requests.clear();
        kit().selectors(selectClasspathResource("e2e/generated-conversation.sim.yaml")).execute()
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        List<String> conversation = runRequests();

        assertThat(single).containsExactly("POST /new/v2.0/playbooks", "POST /new/v2.0/playbooks/{id}/steps",
                "POST /new/v2.0/playbooks/{id}/steps/{id}/asserts", "POST /new/v2.0/playbooks/{id}/steps/{id}/asserts",
                "POST /new/v2.0/playbooks/{id}/schedule", "GET /new/v2.0/tasks/{id}", "GET /new/v2.0/playbooks/{id}/runs/{id}",
                "DELETE /new/v2.0/playbooks/{id}");
        // One playbook, three steps, five assertions (a text probe on the two turns without response_contains), one run.
        assertThat(conversation).hasSize(13);
        assertThat(conversation.stream().filter(r -> r.endsWith("/asserts"))).hasSize(5);
        assertThat(conversation.stream().filter(r -> r.endsWith("/schedule"))).hasSize(1);
        System.out.println("generated playbooks, requests per run: single case " + single.size() + " (" + single + "); 3-turn"
                + " conversation " + conversation.size() + " (" + conversation + ")");
    }

    /** The requests of the run itself: without resolving the target and the sweep, which every run makes once. */
    private List<String> runRequests() {
        synchronized (requests) {
            return requests.stream().map(Recorded::line)
                    .filter(l -> !l.equals("GET /new/v2.0/playbooks") && !l.contains("/endpoints") && !l.contains("/flows")
                            && !l.contains("/locales") && !l.contains("/lexicons") && !l.contains("/projects") && !l.contains("/snapshots"))
                    .toList();
        }
    }

    @Test
    @DisplayName("a 3-turn @Conversation method: turn k runs a playbook of turns 1..k (1, 2, 3 steps, probes only) in one session"
            + " and answers from its last step; the method's expectations pass; each playbook is deleted after its run")
    void conversationMethodReplaysTurns() throws IOException {
        start(clock, Duration.ofSeconds(1));

        kit().selectors(selectClass(GeneratedConversationSimulation.class)).execute()
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));

        List<Recorded> created = recorded("POST", "/playbooks");
        assertThat(created).extracting(r -> r.body().path("name").asString().replaceAll("batch_[0-9a-f]+", "<run>"))
                .containsExactly("cognigy-junit/<run>/test_orderStatus#1", "cognigy-junit/<run>/test_orderStatus#2",
                        "cognigy-junit/<run>/test_orderStatus#3");
        // Turns 1..k, each step carrying the test marker of the turn it replays, in the order the method sent them.
        assertThat(recorded("POST", "/steps")).extracting(r -> r.body().path("text").asString() + " "
                        + r.body().path("data").path("cognigyJunit").path("testId").asString())
                .containsExactly("hi test_orderStatus#1",
                        "hi test_orderStatus#1", "where is my order test_orderStatus#2",
                        "hi test_orderStatus#1", "where is my order test_orderStatus#2", "ORD_77 test_orderStatus#3");
        assertThat(recorded("POST", "/asserts")).extracting(r -> r.body().toString()).containsOnly(
                "{\"type\":\"assertText\",\"params\":{\"text\":\"\",\"fuzzy\":true,\"negate\":false}}",
                "{\"type\":\"assertData\",\"params\":{\"data\":{},\"partial\":true,\"negate\":false}}").hasSize(12);
        // One at a time: each playbook is deleted before the next turn's is created.
        List<String> lines;
        synchronized (requests) {
            lines = requests.stream().map(Recorded::line).filter(l -> l.equals("POST /new/v2.0/playbooks")
                    || l.equals("DELETE /new/v2.0/playbooks/{id}")).toList();
        }
        assertThat(lines).containsExactly("POST /new/v2.0/playbooks", "DELETE /new/v2.0/playbooks/{id}", "POST /new/v2.0/playbooks",
                "DELETE /new/v2.0/playbooks/{id}", "POST /new/v2.0/playbooks", "DELETE /new/v2.0/playbooks/{id}");
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));

        List<String> cost = runRequests();
        assertThat(cost.stream().filter(r -> r.endsWith("/schedule"))).hasSize(3);
        assertThat(cost.stream().filter(r -> r.contains("/runs/"))).hasSize(3);
        System.out.println("generated playbooks, requests for a 3-turn @Conversation: " + cost.size() + " (" + cost + ")");
    }

    @Test
    @DisplayName("a @Conversation method's expectation that fails says so with expected/actual, and the method stops there")
    void conversationMethodFails() throws IOException {
        start(clock, Duration.ofSeconds(1));

        EngineExecutionResults results = kit().selectors(selectClass(GeneratedConversationFailing.class)).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        assertThat(((AssertionFailedError) failure).getExpected().getStringRepresentation()).isEqualTo("intent: greeting");
        assertThat(((AssertionFailedError) failure).getActual().getStringRepresentation()).isEqualTo("intent: check_order");
        assertThat(recorded("POST", "/playbooks")).hasSize(2);
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("a bot that answers an earlier turn differently on replay fails the turn saying which, and leaves no playbook")
    void conversationMethodReplayDiffers() throws IOException {
        start(clock, Duration.ofSeconds(1));
        // From the second turn's run on, the first step's texts read back differ from what turn 1 answered.
        rewriteRun = body -> {
            JsonNode run = json.readTree(body);
            if (run.path("stepResults").size() < 2) return body;
            for (JsonNode a : run.path("stepResults").get(0).path("asserts")) {
                if (a.path("type").asString().equals("assertText")) {
                    ((tools.jackson.databind.node.ObjectNode) a).putArray("actual").add("Good evening! How may I help?");
                }
            }
            return run.toString();
        };

        EngineExecutionResults results = kit().selectors(selectClass(GeneratedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String message = message(results.testEvents().failed().stream().findFirst().orElseThrow());
        assertThat(message).contains("the bot answered turn 1 differently on replay")
                .contains("turn 1 'hi' answered text \"Good evening! How may I help?\"")
                .contains("write the conversation in a data file");
        assertThat(recorded("DELETE", "/playbooks/{id}")).hasSize(2);
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("refused at discovery with file:line and the expectation: error_code, inject_context, more than 50 turns; the"
            + " rest of the file and the class's @Utterance and @Conversation still run")
    void refusals(@TempDir Path dir) throws IOException {
        start(clock, Duration.ofSeconds(1));
        StringBuilder long_ = new StringBuilder("version: 1\nconversations:\n  - id: test_gen_long\n    turns:\n");
        for (int i = 0; i < 51; i++) long_.append("      - say: hi\n");
        Path file = dir.resolve("long.sim.yaml");
        Files.writeString(file, long_);

        EngineExecutionResults results = kit().selectors(selectClasspathResource("e2e/generated-refused.sim.yaml"), selectFile(file.toFile()),
                selectClass(NluConversationSimulation.class)).execute();

        Map<String, String> failures = results.testEvents().failed().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName(), GeneratedPlaybooksEngineTest::message, (a, b) -> a));
        assertThat(failures).hasSize(3);
        assertThat(failures.values()).anySatisfy(m -> assertThat(m).startsWith("e2e/generated-refused.sim.yaml:4")
                .contains("'error_code: FLOW_NOT_DEPLOYED' of test_gen_error_code cannot be checked by a Cognigy playbook"));
        assertThat(failures.values()).anySatisfy(m -> assertThat(m).startsWith("e2e/generated-refused.sim.yaml:7")
                .contains("'inject_context' of test_gen_context cannot be run as a generated playbook"));
        assertThat(failures.values()).anySatisfy(m -> assertThat(m).contains("long.sim.yaml:3")
                .contains("test_gen_long has 51 turns, and a Cognigy playbook holds at most 50 steps"));
        results.testEvents().assertStatistics(s -> s.succeeded(3));
        // Refused at discovery: nothing of theirs reached the tenant; the fine case, the @Utterance and the one-turn
        // @Conversation each ran as a playbook.
        assertThat(recorded("POST", "/playbooks")).extracting(r -> r.body().path("name").asString().replaceAll("batch_[0-9a-f]+", "<run>"))
                .containsExactlyInAnyOrder("cognigy-junit/<run>/test_gen_fine", "cognigy-junit/<run>/test_orderShipped",
                        "cognigy-junit/<run>/test_greets#1");
    }

    @Test
    @DisplayName("discovery reports each refusal as a discovery issue, before anything runs")
    void refusalIsDiscoveryIssue() throws IOException {
        start(clock, Duration.ofSeconds(1));

        List<DiscoveryIssue> issues = kit().selectors(selectClasspathResource("e2e/generated-refused.sim.yaml")).discover()
                .getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).anySatisfy(m -> assertThat(m).contains("test_gen_error_code"))
                .anySatisfy(m -> assertThat(m).contains("test_gen_context"));
        assertThat(requests).isEmpty();
    }

    @Test
    @DisplayName("the sweep: generated playbooks older than an hour are deleted before the run creates its own; a recent one"
            + " (another run's) and the team's own playbooks are left")
    void sweep() throws IOException {
        start(clock, Duration.ofSeconds(1));
        createAtSandbox("cognigy-junit/batch_killed/test_left");
        createAtSandbox("Order status");
        clock.advance(Duration.ofHours(2));
        createAtSandbox("cognigy-junit/batch_running/test_other");

        kit().selectors(selectClasspathResource("e2e/generated-single.sim.yaml")).execute()
                .testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(playbooksAtSandbox()).containsExactlyInAnyOrder("Order status", "cognigy-junit/batch_running/test_other");
        List<String> lines;
        synchronized (requests) {
            lines = requests.stream().map(Recorded::line).toList();
        }
        assertThat(lines.indexOf("DELETE /new/v2.0/playbooks/{id}")).isLessThan(lines.indexOf("POST /new/v2.0/playbooks"));
    }

    @Test
    @DisplayName("a cancelled run cancels its tasks and deletes its playbooks: none outlives the run")
    void cancelled() throws Exception {
        start(Clock.systemUTC(), Duration.ofSeconds(30));
        CancellationToken token = CancellationToken.create();
        // Every schedule sent before the run is cancelled is answered only after: the tenant has started its task, and
        // the run learns the task's id once cancelled (whether before or after its thread is interrupted, the task is
        // to be cancelled). The tasks take 30 s, so none ends on its own first.
        CountDownLatch runCancelled = new CountDownLatch(1);
        schedulesHeld = runCancelled;
        Thread canceller = new Thread(() -> {
            awaitQuietly(scheduleSent);
            token.cancel();
            runCancelled.countDown();
        });
        canceller.start();

        EngineExecutionResults results = kit(Clock.systemUTC(), Sleeper.SYSTEM).cancellationToken(token)
                .selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();
        canceller.join(5_000);

        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(scheduledTasks).as("tasks started").isNotEmpty();
        assertThat(recorded("POST", "/cancel")).extracting(r -> r.path().split("/")[4]).as("every task started is cancelled, once")
                .containsExactlyInAnyOrderElementsOf(scheduledTasks);
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    @Test
    @DisplayName("a run cancelled while the tenant is making a conversation's playbook: the test ends without waiting for the"
            + " answer, and the playbook made after it is deleted by the time the run is over")
    void cancelledWhileCreating() throws Exception {
        start(Clock.systemUTC(), Duration.ofSeconds(30));
        CancellationToken token = CancellationToken.create();
        // The conversation's create reaches the tenant, the run is cancelled, and the tenant makes the playbook only once
        // the conversation's test has ended: its answer comes to a thread whose run was cancelled, and after that thread
        // gave up on it.
        CountDownLatch conversationEnded = new CountDownLatch(1);
        createReleased = conversationEnded;
        createHeld = "test_gen_conversation";
        dev.botsim.cognigy.spi.SimulationListener ended = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(dev.botsim.cognigy.spi.SimulationRecord record) {
                if ("test_gen_conversation".equals(record.conversationId())) conversationEnded.countDown();
            }
        };
        Thread canceller = new Thread(() -> {
            awaitQuietly(createArrived);
            token.cancel();
        });
        canceller.start();

        EngineExecutionResults results = kit(Clock.systemUTC(), Sleeper.SYSTEM, ended).cancellationToken(token)
                .selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml")).execute();
        canceller.join(5_000);

        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(recorded("POST", "/playbooks")).extracting(r -> r.body().path("name").asString())
                .as("the conversation's create was sent").anyMatch(n -> n.endsWith("test_gen_conversation"));
        assertThat(playbooksAtSandbox()).noneMatch(n -> n.startsWith("cognigy-junit/"));
    }

    /** Waits for {@code latch}, at most 30 s: a test that never counts it down fails on what it then finds, not by hanging. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).map(EngineTestSupport::problem)
                .orElse("");
    }

    @Test
    @DisplayName("a conversation's generated playbook sends each turn with the conversation's data and the turn's own"
            + " merged over it, as the turns send it to any other backend")
    void turnDataMergedOverTheConversations(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data.sim.yaml"), """
                conversations:
                  - id: test_with_data
                    data: { channel: web, tier: silver }
                    turns:
                      - say: hi
                      - say: upgrade me
                        data: { tier: gold }
                """);
        org.junit.platform.engine.TestDescriptor engine = EngineTestSupport.kit(new ScriptedBackend())
                .selectors(selectFile(file.toFile())).discover().getEngineDescriptor();

        dev.botsim.cognigy.engine.generated.GeneratedSuite suite = dev.botsim.cognigy.engine.discovery.GeneratedPlaybookTree.suite(engine);

        assertThat(suite.playbooks()).singleElement().satisfies(playbook -> assertThat(playbook.steps())
                .extracting(dev.botsim.cognigy.engine.generated.GeneratedPlaybook.Step::data).containsExactly(
                        Map.of("channel", "web", "tier", "silver"), Map.of("channel", "web", "tier", "gold")));
    }
}
