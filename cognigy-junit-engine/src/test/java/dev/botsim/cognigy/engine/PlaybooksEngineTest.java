package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenantFake.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

import dev.botsim.cognigy.engine.backend.playbooks.PlaybookTenantFake;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code cognigy.backend=playbooks}, mode existing: a tenant's playbooks as JUnit containers and steps (item 1). */
class PlaybooksEngineTest {

    /** Where a run that names no folder of its own writes its reports and audit trail: never the module's folder. */
    @TempDir
    Path reports;

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final PlaybookTenantFake tenant = new PlaybookTenantFake(clock);
    private final MockWebServer server = LoopbackServers.mockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        tenant.playbook("pb1", "Order status", Duration.ofSeconds(3), "where is my order", "it is 123", "thanks");
        tenant.playbook("pb2", "Refunds", Duration.ofSeconds(2), "I want a refund", "yes please");
        tenant.playbook("pb3", "Smalltalk", Duration.ofSeconds(1), "hi");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineTestKit.Builder kit(String managementUrl) {
        return kit(managementUrl, sleeper);
    }

    private EngineTestKit.Builder kit(String managementUrl, Sleeper waits) {
        return EngineTestSupport.kit(EngineTestSupport.realBackends(Map.of("COGNIGY_API_KEY", KEY), clock, waits), waits).selectors(selectUniqueId("[engine:cognigy]"))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.MANAGEMENT_URL, managementUrl)
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, "proj1")
                .configurationParameter(Constants.PLAYBOOKS_FLOW, "flow-ref-1")
                .configurationParameter(Constants.PLAYBOOKS_LOCALE, "locale-ref-1")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("playbooks-audit.jsonl").toString());
    }

    private EngineTestKit.Builder kit() {
        return kit(server.url("/").toString());
    }

    /**
     * A run in playbooks mode whose project and endpoint are those of {@link ManagementApiFake} (COGNIGY_ENDPOINT_URL names
     * its endpoint), the playbook calls answered by the tenant fake.
     */
    private EngineTestKit.Builder endpointProjectKit() {
        return endpointProjectKit(new ManagementApiFake());
    }

    /** {@link #endpointProjectKit()} with the given project, changed as a test needs. */
    private EngineTestKit.Builder endpointProjectKit(ManagementApiFake project) {
        tenant.key = ManagementApiFake.KEY;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String path = request.getUrl().encodedPath();
                boolean playbooks = path.startsWith("/new/v2.0/playbooks") || path.startsWith("/new/v2.0/tasks");
                return playbooks ? tenant.dispatch(request) : project.dispatch(request);
            }
        });
        Map<String, String> env = Map.of("COGNIGY_API_KEY", ManagementApiFake.KEY,
                "COGNIGY_ENDPOINT_URL", "https://endpoint.example.com/" + ManagementApiFake.TOKEN);
        return EngineTestSupport.kit(EngineTestSupport.realBackends(env, clock, sleeper), sleeper).selectors(selectUniqueId("[engine:cognigy]"))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT);
    }

    /** The run Surefire starts: the given classes selected, the playbooks they name run in the given flow. */
    private EngineTestKit.Builder classes(String flow, Class<?>... selected) {
        return EngineTestSupport.kit(EngineTestSupport.realBackends(Map.of("COGNIGY_API_KEY", KEY), clock, sleeper), sleeper)
                .selectors(java.util.Arrays.stream(selected).map(org.junit.platform.engine.discovery.DiscoverySelectors::selectClass)
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, "proj1")
                .configurationParameter(Constants.PLAYBOOKS_FLOW, flow)
                .configurationParameter(Constants.PLAYBOOKS_LOCALE, "locale-ref-1")
                .configurationParameter(Constants.REPORT_DIR, reports.toString());
    }

    @Test
    @DisplayName("two playbooks of one name (a copy made in Cognigy's UI keeps it) stay two: each step's test id, display"
            + " name, conversation and source name its own playbook, qualified by its _id, in the JUnit tree, results.json and"
            + " index.html; a playbook whose name is unique keeps its name")
    void playbooksOfOneNameStayApart(@TempDir Path dir) throws Exception {
        tenant.playbook("pb4", "Order status", Duration.ofSeconds(2), "where is my order", "cancel it");
        tenant.failingSteps.put("pb4", List.of(0));

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Order*,Refunds}")
                .configurationParameter(Constants.NAMING_STRATEGY, "long")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1).skipped(1));
        List<org.junit.platform.engine.TestDescriptor> steps = results.testEvents().started().stream()
                .map(org.junit.platform.testkit.engine.Event::getTestDescriptor).toList();
        // What Surefire's XML and an IDE show: six names for six steps.
        assertThat(steps).extracting(org.junit.platform.engine.TestDescriptor::getDisplayName).doesNotHaveDuplicates()
                .contains("playbook Order status (pb1) > step 1: where is my order",
                        "playbook Order status (pb4) > step 1: where is my order", "playbook Refunds > step 1: I want a refund");
        assertThat(steps).extracting(org.junit.platform.engine.TestDescriptor::getLegacyReportingName).doesNotHaveDuplicates();
        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(displayName("Order status (pb1)")), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName("Order status (pb4)")), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName("Refunds")), finishedSuccessfully()));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("playbook Order status (pb4) > step 1: where is my order")),
                        finishedWithFailure(message(m -> m.startsWith("step 1 'where is my order' failed 1 of 2 assertions:")))))
                .haveExactly(1, event(test(displayName("playbook Order status (pb4) > step 2: cancel it")),
                        skippedWithReason("skipped: step 1 'where is my order' failed before it")))
                .haveExactly(1, event(test(displayName("playbook Order status (pb1) > step 1: where is my order")),
                        finishedSuccessfully()));

        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        Map<String, List<JsonNode>> byConversation = new java.util.TreeMap<>();
        json.path("results").forEach(r -> byConversation.computeIfAbsent(r.path("conversation_id").asString(),
                k -> new java.util.ArrayList<>()).add(r));
        assertThat(byConversation).containsOnlyKeys("Order status (pb1)", "Order status (pb4)", "Refunds");
        assertThat(byConversation.get("Order status (pb1)")).extracting(r -> r.path("turn").asInt() + " " + r.path("outcome").asString()
                + " " + r.path("source").asString() + " | " + r.path("test_id").asString()).containsExactlyInAnyOrder(
                "1 PASSED playbook Order status (pb1) | playbook Order status (pb1) > step 1: where is my order",
                "2 PASSED playbook Order status (pb1) | playbook Order status (pb1) > step 2: it is 123",
                "3 PASSED playbook Order status (pb1) | playbook Order status (pb1) > step 3: thanks");
        assertThat(byConversation.get("Order status (pb4)")).extracting(r -> r.path("turn").asInt() + " " + r.path("outcome").asString()
                + " " + r.path("source").asString() + " | " + r.path("test_id").asString()).containsExactlyInAnyOrder(
                "1 FAILED playbook Order status (pb4) | playbook Order status (pb4) > step 1: where is my order",
                "2 SKIPPED playbook Order status (pb4) | playbook Order status (pb4) > step 2: cancel it");
        assertThat(byConversation.get("Refunds")).extracting(r -> r.path("source").asString() + " | " + r.path("test_id").asString())
                .containsExactlyInAnyOrder("playbook Refunds | playbook Refunds > step 1: I want a refund",
                        "playbook Refunds | playbook Refunds > step 2: yes please");
        assertThat(json.path("summary").path("total").asInt()).as("skipped steps aside").isEqualTo(6);
        assertThat(json.path("summary").path("failed").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("skipped").asInt()).isEqualTo(1);
        String html = Files.readString(dir.resolve("index.html"));
        List<String> anchors = java.util.regex.Pattern.compile("<details id=\"([^\"]*)\"").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(anchors).hasSize(7).doesNotHaveDuplicates();
        assertThat(html).contains("conversation Order status (pb1)</h4>", "conversation Order status (pb4)</h4>");

        // Selected by a class, as Surefire selects them: the records' source names the class and the playbook so qualified.
        Path byClass = dir.resolve("by-class");
        classes("flow-ref-1", dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class)
                .configurationParameter(Constants.REPORT_DIR, byClass.toString()).execute()
                .testEvents().assertStatistics(s -> s.started(4).succeeded(3).failed(1).skipped(1));
        List<String> sources = new java.util.ArrayList<>();
        JsonMapper.builder().build().readTree(byClass.resolve("results.json").toFile()).path("results")
                .forEach(r -> sources.add(r.path("source").asString() + " | " + r.path("conversation_id").asString()));
        String simulation = dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class.getName();
        assertThat(sources).containsExactlyInAnyOrder(
                simulation + "#playbook Order status (pb1) | Order status (pb1)", simulation + "#playbook Order status (pb1) | Order status (pb1)",
                simulation + "#playbook Order status (pb1) | Order status (pb1)", simulation + "#playbook Order status (pb4) | Order status (pb4)",
                simulation + "#playbook Order status (pb4) | Order status (pb4)");
    }

    @Test
    @DisplayName("a tenant's playbooks are written in Cognigy: their nodes have no source, below the engine or below the class"
            + " that selected them (which keeps its class source), so an IDE has no file to open for them")
    void tenantPlaybooksHaveNoSource() {
        org.junit.platform.engine.TestDescriptor engine = kit().discover().getEngineDescriptor();
        org.junit.platform.engine.TestDescriptor byClass = classes("flow-ref-1",
                dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class).discover().getEngineDescriptor();

        assertThat(engine.getDescendants()).hasSize(9).allSatisfy(node -> assertThat(node.getSource()).isEmpty());
        assertThat(byClass.getChildren()).singleElement().satisfies(c -> assertThat(c.getSource())
                .contains(org.junit.platform.engine.support.descriptor.ClassSource.from(
                        dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class)));
        assertThat(byClass.getDescendants()).filteredOn(node -> !node.getChildren().isEmpty() || node.isTest())
                .filteredOn(node -> node.getParent().filter(p -> p != byClass).isPresent())
                .hasSize(4).allSatisfy(node -> assertThat(node.getSource()).isEmpty());
    }

    @Test
    @DisplayName("a tenant's failing step has no file to point at: its failure keeps a trace, with no frame naming a file"
            + " as an export's step's has")
    void tenantStepFailureNamesNoFile() {
        tenant.failingSteps.put("pb1", List.of(0));

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Order*").execute();

        assertThat(results.testEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow()))
                .singleElement().satisfies(failure -> assertThat(failure.getStackTrace()).isNotEmpty()
                        .noneMatch(frame -> frame.getClassName().equals("✽")));
    }

    @Test
    @DisplayName("each included playbook is a container, each step a test named by its text; a failed step's assertions are its"
            + " message, the steps after it are skipped with the reason; passing steps carry one report entry per assertion")
    void treeNamesAndVerdicts() {
        tenant.failingSteps.put("pb1", List.of(0));

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Order*,Refunds}").execute();

        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(displayName("Order status")), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName("Refunds")), finishedSuccessfully()))
                .noneMatch(e -> e.getTestDescriptor().getDisplayName().equals("Smalltalk"));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("where is my order")), finishedWithFailure(
                        message(m -> m.startsWith("step 1 'where is my order' failed 1 of 2 assertions:")
                                && m.contains("assertText {\"text\":\"reply 0\",\"fuzzy\":true} negate=false expected=\"reply 0\""
                                + " actual=\"something else\" failed")
                                && m.contains("assertIntent {\"intent\":\"intent_0\"} negate=false expected=\"intent_0\"")))))
                .haveExactly(1, event(test(displayName("it is 123")), skippedWithReason("skipped: step 1 'where is my order' failed before it")))
                .haveExactly(1, event(test(displayName("thanks")), skippedWithReason("skipped: step 1 'where is my order' failed before it")))
                .haveExactly(1, event(test(displayName("I want a refund")), finishedSuccessfully()))
                .haveExactly(1, event(test(displayName("yes please")), finishedSuccessfully()));
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("yes please"))
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).toList();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).getKeyValuePairs()).containsEntry("cognigy.assert.2",
                "assertIntent {\"intent\":\"intent_1\"} negate=true expected=\"intent_1\" actual=\"reply 1\" successful");
        assertThat(tenant.to("/schedule")).hasSize(2);
    }

    @Test
    @DisplayName("a playbook with abortOnError false is judged step by step from Cognigy's results: a second failing step fails"
            + " too, saying which step failed before it, a passing step between them passes, and none is skipped")
    void withoutAbortOnErrorEveryStepIsJudged(@TempDir Path dir) throws Exception {
        tenant.playbooks.get("pb1").put("abortOnError", false);
        tenant.failingSteps.put("pb1", List.of(0, 2));

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Order*")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2).skipped(0));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("where is my order")), finishedWithFailure(
                        message(m -> m.startsWith("step 1 'where is my order' failed 1 of 2 assertions:") && !m.contains("ran after")))))
                .haveExactly(1, event(test(displayName("it is 123")), finishedSuccessfully()))
                .haveExactly(1, event(test(displayName("thanks")), finishedWithFailure(message(m -> m.startsWith(
                        "step 3 'thanks' failed 1 of 2 assertions:\n  assertText {\"text\":\"reply 2\",\"fuzzy\":true} negate=false"
                                + " expected=\"reply 2\" actual=\"something else\" failed")
                        && m.endsWith("\n  it ran after step 1 'where is my order' failed: the playbook does not abort on error")))));
        JsonNode summary = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("summary");
        assertThat(summary.path("failed").asInt()).isEqualTo(2);
        assertThat(summary.path("skipped").asInt()).isEqualTo(0);
    }

    @Test
    @DisplayName("the steps skipped after a failed one are results of the run: SKIPPED with the reason in results.json, as"
            + " Surefire counts them, skip_reason earlier_turn_failed, not sent, and not in the governance verdict")
    void skippedStepsAreRecorded(@TempDir Path dir) throws Exception {
        tenant.failingSteps.put("pb1", List.of(0));

        kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Order*,Refunds}")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        JsonNode results = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        List<JsonNode> skipped = new java.util.ArrayList<>();
        results.path("results").forEach(r -> {
            if (r.path("outcome").asString().equals("SKIPPED")) skipped.add(r);
        });
        assertThat(skipped).extracting(r -> r.path("name").asString()).containsExactlyInAnyOrder("it is 123", "thanks");
        assertThat(skipped).allSatisfy(r -> assertThat(r.path("message").asString())
                .isEqualTo("skipped: step 1 'where is my order' failed before it"));
        // Cognigy's run stopped at the failed step: the steps after it were never said to the bot.
        assertThat(skipped).allSatisfy(r -> assertThat(r.path("sent").asBoolean(true)).as("sent").isFalse());
        // A step after a failed one in the playbook's one session: the kind of a conversation's turn after a failed one.
        assertThat(skipped).allSatisfy(r -> assertThat(r.path("skip_reason").asString()).isEqualTo("earlier_turn_failed"));
        results.path("results").forEach(r -> {
            if (!r.path("outcome").asString().equals("SKIPPED")) assertThat(r.has("skip_reason")).as(r.toString()).isFalse();
        });
        assertThat(results.path("summary").path("skipped").asInt()).isEqualTo(2);
        assertThat(results.path("summary").path("total").asInt()).isEqualTo(3);
        assertThat(results.path("governance").path("total").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("a tenant's own playbooks run live under cognigy.replay=replay too (they are not replayed), and the run says"
            + " so: its steps count as live, not as neither replayed nor live")
    void existingPlaybooksUnderReplayAreLive(@TempDir Path dir) throws Exception {
        kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Order*")
                .configurationParameter(Constants.REPLAY, "replay")
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(3));

        JsonNode replay = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("replay");
        assertThat(replay.path("mode").asString()).isEqualTo("replay");
        assertThat(replay.path("replayed").asInt()).isZero();
        assertThat(replay.path("live").asInt()).as("three steps Cognigy ran against the bot").isEqualTo(3);
    }

    @Test
    @DisplayName("one playbook of three steps taking 3 s costs the tenant eight requests: the flows, locales and project once"
            + " (to resolve and name the target), list, read, schedule, one task poll (placed at 1 s per step), the run")
    void requestCost() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");

        kit().execute().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

        assertThat(tenant.requests).extracting(r -> r.getMethod() + " " + r.getUrl().encodedPath()).containsExactly(
                "GET /new/v2.0/flows", "GET /new/v2.0/locales", "GET /new/v2.0/playbooks", "GET /new/v2.0/playbooks/pb1",
                "GET /new/v2.0/projects/proj1", "POST /new/v2.0/playbooks/pb1/schedule",
                "GET /new/v2.0/tasks/task1", "GET /new/v2.0/playbooks/pb1/runs/run2");
    }

    @Test
    @DisplayName("a CLI playbooks.json names the playbooks and what each runs against")
    void cliFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("playbooks.json");
        Files.writeString(file, "[{\"playbookId\":\"pb2\",\"entrypoint\":\"snap-7\",\"flowId\":\"flow-ref-9\",\"localeId\":\"loc-9\"}]");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FILE, file.toString()).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        RecordedRequest schedule = tenant.to("/schedule").get(0);
        assertThat(schedule.getUrl().encodedPath()).isEqualTo("/new/v2.0/playbooks/pb2/schedule");
        assertThat(JsonMapper.builder().build().readTree(schedule.getBody().utf8()).toString())
                .isEqualTo("{\"entrypoint\":\"snap-7\",\"flowId\":\"flow-ref-9\",\"localeId\":\"loc-9\"}");
        assertThat(tenant.to("/new/v2.0/playbooks").stream().filter(r -> r.getUrl().encodedPath().equals("/new/v2.0/playbooks")))
                .as("the file names the playbooks: no listing").isEmpty();
    }

    @Test
    @DisplayName("a playbooks.json naming one playbook twice (against two flows, say) is refused at discovery, naming both"
            + " entries: a playbook is one container of the run, so the second entry would silently not run")
    void cliFileNamingOnePlaybookTwiceIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("playbooks.json");
        Files.writeString(file, "[{\"playbookId\":\"pb2\",\"entrypoint\":\"snap-7\",\"flowId\":\"flow-ref-9\",\"localeId\":\"loc-9\"},"
                + "{\"playbookId\":\"pb3\",\"entrypoint\":\"snap-7\",\"flowId\":\"flow-ref-9\",\"localeId\":\"loc-9\"},"
                + "{\"playbookId\":\"pb2\",\"entrypoint\":\"snap-7\",\"flowId\":\"flow-ref-1\",\"localeId\":\"loc-9\"}]");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FILE, file.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), new org.assertj.core.api.Condition<>(e -> e.getTestDescriptor().getDisplayName()
                        .startsWith("invalid: playbooks: "), "an invalid: playbooks: test"),
                finishedWithFailure(message(m -> m.contains(Constants.PLAYBOOKS_FILE + "=" + file + ": entry 1 (line 1) and entry 3"
                        + " (line 1) both name playbook pb2")))));
        assertThat(tenant.to("/schedule")).as("nothing run").isEmpty();
    }

    /** The problem the one failing {@code invalid: playbooks: ...} test of a run with {@code file} as its playbooks.json states. */
    private String cliFileProblem(String file) {
        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FILE, file).execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(tenant.to("/schedule")).as("nothing run").isEmpty();
        return results.testEvents().failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow().getMessage().lines()
                .reduce((first, second) -> second).orElseThrow().strip();
    }

    @Test
    @DisplayName("a playbooks.json the CLI's users keep beside their pipeline, not where the run looks: the failure says where it"
            + " looked, not that the file is no JSON")
    void cliFileNotThere(@TempDir Path dir) {
        String missing = dir.resolve("ci").resolve("playbooks.json").toString();

        assertThat(cliFileProblem(missing)).isEqualTo(Constants.PLAYBOOKS_FILE + "=" + missing + ": there is no such file (looked for "
                + missing + "; a relative path is read from the working directory, the module's directory under Maven or"
                + " Gradle): give its path from there, or an absolute one");
    }

    @Test
    @DisplayName("a playbooks.json of forty entries with one mistake: a syntax error names its line and column, an entry without a"
            + " field its number from 1 and its line")
    void cliFileProblemsNameTheirLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("playbooks.json");
        String entry = "  {\"playbookId\": \"pb2\", \"entrypoint\": \"snap-7\", \"flowId\": \"flow-ref-9\", \"localeId\": \"loc-9\"}";
        Files.writeString(file, "[\n" + entry + ",\n  {\"playbookId\": \"pb3\", \"entrypoint\": \"snap-7\", \"localeId\":"
                + " \"loc-9\"}\n]\n");

        assertThat(cliFileProblem(file.toString())).isEqualTo(Constants.PLAYBOOKS_FILE + "=" + file + ": entry 2 (line 3) has no"
                + " \"flowId\"; every entry names playbookId, entrypoint, flowId and localeId");

        // A trailing comma, as a hand-edited file has it (Cognigy's CLI refuses it too).
        Files.writeString(file, "[\n" + entry + ",\n" + entry.replace("pb2", "pb3") + ",\n]\n");

        assertThat(cliFileProblem(file.toString())).startsWith(Constants.PLAYBOOKS_FILE + "=" + file + ":4:1 is not valid JSON: ")
                .endsWith("; it must be Cognigy CLI's playbooks.json: [{\"playbookId\", \"entrypoint\", \"flowId\", \"localeId\"}]");
    }

    @Test
    @DisplayName("cognigy.playbooks.file naming another file, a credentials file say: the failure says the length of the word it"
            + " could not read and where, never the word, which would reach the console and the CI log")
    void cliFileOfAnotherKindQuotedNot(@TempDir Path dir) throws Exception {
        String token = "ghp_R3alT0kenOfTheCiUser";
        Path credentials = Files.writeString(dir.resolve(".git-credentials"), "\n  " + token + " x-oauth-basic\n");

        assertThat(cliFileProblem(credentials.toString())).isEqualTo(Constants.PLAYBOOKS_FILE + "=" + credentials + ":2:3 is not"
                + " valid JSON: Unrecognized token of " + token.length() + " characters: was expecting (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false'); it must be Cognigy CLI's playbooks.json: [{\"playbookId\","
                + " \"entrypoint\", \"flowId\", \"localeId\"}]").doesNotContain("ghp_");
    }

    @Test
    @DisplayName("a playbooks.json naming a playbook deleted in Cognigy since it was written fails naming the entry and its line")
    void cliFileNamingADeletedPlaybook(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("playbooks.json");
        Files.writeString(file, "[\n  {\"playbookId\": \"pb2\", \"entrypoint\": \"snap-7\", \"flowId\": \"flow-ref-9\", \"localeId\":"
                + " \"loc-9\"},\n  {\"playbookId\": \"pb9\", \"entrypoint\": \"snap-7\", \"flowId\": \"flow-ref-9\", \"localeId\":"
                + " \"loc-9\"}\n]\n");

        assertThat(cliFileProblem(file.toString())).startsWith(Constants.PLAYBOOKS_FILE + "=" + file + ": entry 2 (line 3) names"
                + " playbook pb9, which the project does not have (HTTP 404 on GET /new/v2.0/playbooks/pb9")
                .endsWith("remove the entry or correct its playbookId").doesNotContain(KEY);
    }

    @Test
    @DisplayName("a task ending in error fails its playbook with Cognigy's failReason")
    void errorFailsContainer() {
        tenant.failReasons.put("pb3", "Locale locale-ref-1 not found");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Smalltalk").execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(displayName("Smalltalk")),
                finishedWithFailure(message("playbook 'Smalltalk' failed at Cognigy: Locale locale-ref-1 not found"))));
    }

    @Test
    @DisplayName("a playbook Cognigy could not run is in the run's records: each step ERROR with the reason, so results.json,"
            + " index.html and the governance verdict count it, as JUnit fails its container")
    void playbookThatCouldNotRunIsRecorded(@TempDir Path dir) throws Exception {
        tenant.failReasons.put("pb3", "Locale locale-ref-1 not found");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Smalltalk,Refunds}")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(displayName("Smalltalk")),
                finishedWithFailure(message("playbook 'Smalltalk' failed at Cognigy: Locale locale-ref-1 not found"))));
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        List<JsonNode> smalltalk = new java.util.ArrayList<>();
        json.path("results").forEach(r -> {
            if (r.path("source").asString().equals("playbook Smalltalk")) smalltalk.add(r);
        });
        assertThat(smalltalk).hasSize(1);
        assertThat(smalltalk.get(0).path("outcome").asString()).isEqualTo("ERROR");
        assertThat(smalltalk.get(0).path("name").asString()).isEqualTo("hi");
        assertThat(smalltalk.get(0).path("message").asString())
                .isEqualTo("playbook 'Smalltalk' failed at Cognigy: Locale locale-ref-1 not found");
        // Cognigy got the playbook and failed it: its steps were sent, not kept from the bot.
        assertThat(smalltalk.get(0).path("sent").asBoolean(false)).as("sent").isTrue();
        assertThat(json.path("summary").path("total").asInt()).isEqualTo(3);
        assertThat(json.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("playbook Smalltalk");
    }

    @Test
    @DisplayName("a playbook whose task someone cancelled at the tenant (not this run) fails with its steps ERROR, as a"
            + " generated playbook's does: the run's verdict is not COMPLIANT on the other playbooks' passes alone")
    void playbookCancelledAtTheTenantIsNoSkip(@TempDir Path dir) throws Exception {
        tenant.cancelledAtTenant.add("pb2");

        EngineExecutionResults results = kit().configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(displayName("Refunds")),
                finishedWithFailure(message(m -> m.startsWith("playbook 'Refunds' was cancelled at Cognigy")))));
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        List<String> refunds = new java.util.ArrayList<>();
        json.path("results").forEach(r -> {
            if (r.path("source").asString().equals("playbook Refunds")) refunds.add(r.path("outcome").asString());
        });
        assertThat(refunds).containsExactly("ERROR", "ERROR");
        assertThat(json.path("summary").path("total").asInt()).isEqualTo(6);
        assertThat(json.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
    }

    @Test
    @DisplayName("tolerant governance tolerates a playbook step that failed its assertions, as it does a simulation: aborted"
            + " with its reason, recorded FAILED, and judged with the others at the run's end")
    void tolerantModeToleratesAFailedStep(@TempDir Path dir) throws Exception {
        tenant.failingSteps.put("pb1", List.of(2));

        EngineExecutionResults results = kit().configurationParameter(Constants.REPORT_DIR, dir.toString())
                .configurationParameter(Constants.GOVERNANCE_MODE, "tolerant")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.8").execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(0).aborted(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("thanks")),
                abortedWithReason(message(m -> m.startsWith("tolerated (cognigy.governance.mode=tolerant): step 3 'thanks' failed")))));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("summary").path("failed").asInt()).isEqualTo(1);
        assertThat(json.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
    }

    @Test
    @DisplayName("a step the bot did not answer within the playbook's step timeout is a TIMEOUT, as a simulation the bot never"
            + " answered is: tolerant governance does not tolerate it, and results.json counts it as a timeout, not a wrong answer")
    void stepTimeoutIsNoToleratedWrongAnswer(@TempDir Path dir) throws Exception {
        tenant.timingOutSteps.put("pb1", List.of(2));

        EngineExecutionResults results = kit().configurationParameter(Constants.REPORT_DIR, dir.toString())
                .configurationParameter(Constants.GOVERNANCE_MODE, "tolerant")
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.8").execute();

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(5).failed(1).aborted(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("thanks")),
                finishedWithFailure(message(m -> m.contains("step 3 'thanks' timed out")))));
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        List<String> outcomes = new java.util.ArrayList<>();
        json.path("results").forEach(r -> outcomes.add(r.path("test_id").asString() + "=" + r.path("outcome").asString()));
        assertThat(outcomes).filteredOn(o -> o.endsWith("=TIMEOUT")).singleElement().asString().contains("thanks");
        assertThat(json.path("summary").path("failed").asInt()).isZero();
        assertThat(json.path("summary").path("timeout").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("an unreachable tenant is one failing test saying so, with no key in it")
    void unreachableTenant() throws Exception {
        MockWebServer closed = LoopbackServers.mockWebServer();
        closed.start();
        String url = closed.url("/").toString();
        closed.close();

        EngineExecutionResults results = kit(url).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String failure = EngineTestSupport.failureMessages(results).get(0);
        okhttp3.HttpUrl gone = okhttp3.HttpUrl.parse(url);
        assertThat(failure).startsWith("cannot reach the management API at " + gone.host() + ":" + gone.port() + ": ConnectException (")
                .doesNotContain(KEY);
    }

    @Test
    @DisplayName("at most ten playbooks run at once at the tenant, whatever max-concurrency allows")
    void tenRunsAtMost() {
        for (int i = 0; i < 24; i++) tenant.playbook("many" + i, "Many " + i, Duration.ZERO, "hi " + i);

        // Runs done at their first poll; each wait a real 2 ms and no clock movement, so runs overlap as on a tenant and
        // no run's deadline depends on how the threads happen to interleave.
        EngineExecutionResults results = kit(server.url("/").toString(), d -> Thread.sleep(2))
                .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Many*")
                .configurationParameter(Constants.MAX_CONCURRENCY, "40").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(24));
        assertThat(tenant.mostInFlight()).isBetween(1, 10);
        assertThat(results.allEvents().filter(e -> e.getType() == EventType.FINISHED).count()).isEqualTo(24 + 24 + 1);
    }

    @Test
    @DisplayName("a cancelled run cancels the playbook's task at the tenant and aborts the playbook")
    void cancellationCancelsTask() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");
        tenant.durations.put("pb1", Duration.ofMinutes(30));
        CancellationToken token = CancellationToken.create();
        // The first wait for the task asks for cancellation, then waits for real: the run's cancellation interrupts it.
        Sleeper cancelling = d -> {
            token.cancel();
            Thread.sleep(10_000);
        };

        EngineExecutionResults results = kit(server.url("/").toString(), cancelling).cancellationToken(token).execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(displayName("Order status")), abortedWithReason()));
        assertThat(tenant.cancelled).containsExactly("task1");
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(0));
    }

    @Test
    @DisplayName("without flow and locale set, they and the entrypoint are those of the endpoint COGNIGY_ENDPOINT_URL names")
    void targetFromEndpoint() {
        EngineExecutionResults results = endpointProjectKit()
                .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Refunds")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("playbooks-audit.jsonl").toString()).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8()).toString())
                .isEqualTo("{\"entrypoint\":\"" + ManagementApiFake.PROJECT + "\",\"flowId\":\"" + ManagementApiFake.MAIN_REF
                        + "\",\"localeId\":\"" + ManagementApiFake.LOCALE_REF + "\"}");
    }

    @Test
    @DisplayName("an endpoint serving another flow than the project's first in a locale that is not the primary one: playbooks"
            + " run in that flow and locale, never the primary locale")
    void targetFromEndpointInItsOwnLocale(@TempDir Path dir) {
        ManagementApiFake project = new ManagementApiFake();
        String german = "d1e2f3a4-0000-4000-8000-000000000001";
        project.endpoint.put("flowId", ManagementApiFake.FAQ_REF);
        project.endpoint.put("localeId", german);

        endpointProjectKit(project).configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Refunds")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString()).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8()).toString())
                .isEqualTo("{\"entrypoint\":\"" + ManagementApiFake.PROJECT + "\",\"flowId\":\"" + ManagementApiFake.FAQ_REF
                        + "\",\"localeId\":\"" + german + "\"}");
    }

    @Test
    @DisplayName("an endpoint serving a snapshot: playbooks run against that snapshot, never the live project")
    void targetFromEndpointServingASnapshot(@TempDir Path dir) {
        ManagementApiFake project = new ManagementApiFake();
        project.endpoint.put("entrypoint", "snap14");

        endpointProjectKit(project).configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Refunds")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString()).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8()).path("entrypoint")
                .asString()).isEqualTo("snap14");
    }

    @Test
    @DisplayName("cognigy.expected-snapshot holds for playbooks too: when the endpoint their target is read from serves the live"
            + " project, not that snapshot, nothing is scheduled and one failing test says so")
    void expectedSnapshotOfTheEndpoint() {
        EngineExecutionResults results = endpointProjectKit()
                .configurationParameter(Constants.EXPECTED_SNAPSHOT, "v1.4")
                .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Refunds")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("playbooks-audit.jsonl").toString()).execute();

        assertThat(tenant.to("/schedule")).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(EngineTestSupport.failureMessages(results)).containsExactly("cognigy.expected-snapshot=v1.4, but playbooks would run against the"
                + " live project (the entrypoint of the endpoint 'cognigy-junit tests' COGNIGY_ENDPOINT_URL names). Point the"
                + " entrypoint at snapshot 'v1.4' or change cognigy.expected-snapshot; no playbook was run.");
    }

    @Test
    @DisplayName("cognigy.expected-snapshot against cognigy.playbooks.entrypoint: the snapshot named by its name runs; another"
            + " snapshot fails the run before anything is scheduled")
    void expectedSnapshotOfTheEntrypoint() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");

        kit().configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "snap-1")
                .configurationParameter(Constants.EXPECTED_SNAPSHOT, "release 7").execute()
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        int scheduled = tenant.to("/schedule").size();

        EngineExecutionResults other = kit().configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "snap-1")
                .configurationParameter(Constants.EXPECTED_SNAPSHOT, "release 8").execute();

        assertThat(tenant.to("/schedule")).hasSize(scheduled);
        assertThat(EngineTestSupport.failureMessages(other)).containsExactly("cognigy.expected-snapshot=release 8, but playbooks would run against"
                + " snapshot 'release 7' (snap-1) (cognigy.playbooks.entrypoint=snap-1). Point the entrypoint at snapshot 'release 8'"
                + " or change cognigy.expected-snapshot; no playbook was run.");
    }

    @Test
    @DisplayName("without flow or endpoint, one failing test names the keys to set")
    void targetMissing() {
        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FLOW, "").execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName(
                "invalid: playbooks: cognigy.backend=playbooks needs the flow playbooks run in: set cognigy.playbooks.flow"
                        + " (a name or reference id), or COGNIGY_ENDPOINT_URL to read it from that endpoint")),
                finishedWithFailure()));
        assertThat(tenant.to("/schedule")).isEmpty();
    }

    @Test
    @DisplayName("flow and locale are taken by name too, the locale defaults to the project's primary one, and the flow, locale"
            + " and entrypoint a playbook ran against are in its report entries, results.json, index.html and the audit record")
    void targetByNameRecorded(@TempDir Path dir) throws Exception {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FLOW, "Returns")
                .configurationParameter(Constants.PLAYBOOKS_LOCALE, "")
                .configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "snap-1")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString()).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8()).toString())
                .isEqualTo("{\"entrypoint\":\"snap-1\",\"flowId\":\"flow-ref-2\",\"localeId\":\"locale-ref-1\"}");
        assertThat(results.containerEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).filter(m -> m.containsKey("cognigy.playbook.flow")))
                .containsExactly(Map.of("cognigy.playbook.entrypoint", "snapshot snap-1 (release 7)",
                        "cognigy.playbook.flow", "Returns (flow-ref-2)", "cognigy.playbook.locale", "en-US (locale-ref-1)"));
        String recorded = "{\"project_id\":\"proj1\",\"project\":\"Order bot\",\"endpoint\":null,\"flow\":\"Returns\","
                + "\"flow_reference_id\":\"flow-ref-2\",\"locale\":\"en-US\",\"locale_reference_id\":\"locale-ref-1\","
                + "\"snapshot_id\":\"snap-1\",\"snapshot\":\"release 7\"}";
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(dir.resolve("reports/results.json").toFile()).path("bot_under_test").toString()).isEqualTo(recorded);
        assertThat(json.readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(0)).path("bot_under_test").toString())
                .isEqualTo(recorded);
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains("bot under test Order bot / Returns (en-US), snapshot release 7");
    }

    @Test
    @DisplayName("the tenant's flow and snapshot names holding line breaks are written on one line in the playbook's report"
            + " entries, which the console launcher prints as they are: none starts a line a CI reads as a command")
    void targetNamesInReportEntriesStayOneLine() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");
        tenant.override = request -> {
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/flows")) {
                return okJson(Map.of("items", List.of(Map.of("_id", "flow-obj-2", "referenceId", "flow-ref-2",
                        "name", "Returns\n::error title=x::forged")), "total", 1));
            }
            if (path.endsWith("/snapshots")) {
                return okJson(Map.of("items", List.of(Map.of("_id", "snap-1", "name", "release 7\u2028::warning::x\r")),
                        "total", 1));
            }
            return null;
        };

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FLOW, "flow-ref-2")
                .configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "snap-1").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(results.containerEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).filter(m -> m.containsKey("cognigy.playbook.flow")))
                .containsExactly(Map.of("cognigy.playbook.entrypoint", "snapshot snap-1 (release 7\\u2028::warning::x\\r)",
                        "cognigy.playbook.flow", "Returns\\n::error title=x::forged (flow-ref-2)",
                        "cognigy.playbook.locale", "en-US (locale-ref-1)"));
    }

    @Test
    @DisplayName("cognigy.expected-snapshot refusing the entrypoint writes the tenant's snapshot name on one line: a line break"
            + " in it cannot start a forged line of the log")
    void expectedSnapshotRefusalNamesTheSnapshotOnOneLine() {
        tenant.override = request -> request.getUrl().encodedPath().endsWith("/snapshots")
                ? okJson(Map.of("items", List.of(Map.of("_id", "snap-1", "name", "release 7\n::error::forged")), "total", 1))
                : null;

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "snap-1")
                .configurationParameter(Constants.EXPECTED_SNAPSHOT, "release 8").execute();

        assertThat(EngineTestSupport.failureMessages(results)).singleElement().asString()
                .contains("but playbooks would run against snapshot 'release 7\\n::error::forged' (snap-1)")
                .doesNotContain("\n::error::");
    }

    private static MockResponse okJson(Object body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(JsonMapper.shared().writeValueAsString(body)).build();
    }

    @Test
    @DisplayName("an endpoint whose locale id is blank (the tenant's to give) still runs its playbooks: the locale report entry,"
            + " which JUnit refuses blank, shows the blank id quoted, where the playbook failed before any step ran")
    void blankLocaleOfTheEndpointInReportEntry() {
        ManagementApiFake project = new ManagementApiFake();
        project.endpoint.put("localeId", " ");
        project.endpoints.forEach(e -> e.put("localeId", " "));

        EngineExecutionResults results = endpointProjectKit(project)
                .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Refunds")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.AUDIT_FILE, reports.resolve("playbooks-audit.jsonl").toString()).execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(displayName("Refunds")), finishedSuccessfully()));
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(results.containerEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("cognigy.playbook.locale"))
                .filter(java.util.Objects::nonNull)).containsExactly("\" \"");
    }

    @Test
    @DisplayName("the entrypoint is taken by snapshot name too, resolved through the project's snapshot list, and recorded by"
            + " that name; a name the project does not have is one failing test listing its snapshots")
    void entrypointBySnapshotName() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "release 8").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(JsonMapper.builder().build().readTree(tenant.to("/schedule").get(0).getBody().utf8()).path("entrypoint").asString())
                .isEqualTo("snap-2");
        assertThat(results.containerEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("cognigy.playbook.entrypoint"))
                .filter(java.util.Objects::nonNull)).containsExactly("snapshot snap-2 (release 8)");
        assertThat(tenant.to("/snapshots/")).isEmpty();

        int scheduled = tenant.to("/schedule").size();
        EngineExecutionResults unknown = kit().configurationParameter(Constants.PLAYBOOKS_ENTRYPOINT, "release 9").execute();

        unknown.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("invalid: playbooks:"
                + " cognigy.playbooks.entrypoint=release 9 names no snapshot of the project (snapshots: release 7, release 8); use a"
                + " snapshot's name or id, or the project id to run against the live project")), finishedWithFailure()));
        assertThat(tenant.to("/schedule")).hasSize(scheduled);
    }

    @Test
    @DisplayName("a flow or locale name the project does not have is one failing test listing what it has")
    void unknownFlowName() {
        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_FLOW, "Orders").execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("invalid: playbooks: cognigy.playbooks.flow=Orders"
                + " names no flow of the project (flows: Main, Returns); use a flow's name or reference id")), finishedWithFailure()));
        assertThat(tenant.to("/schedule")).isEmpty();
    }

    @Test
    @DisplayName("playbooks a class selects that cannot be discovered fail one test below that class, where a build tool"
            + " selecting classes reports it, not beside it where it would report no test and pass")
    void undiscoverablePlaybooksFailBelowTheSelectingClass() {
        EngineExecutionResults results = classes("Orders", dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class).execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("invalid: playbooks: cognigy.playbooks.flow=Orders"
                + " names no flow of the project (flows: Main, Returns); use a flow's name or reference id")), finishedWithFailure()));
        org.junit.platform.engine.TestDescriptor problem = results.testEvents().finished().list().get(0).getTestDescriptor();
        assertThat(problem.getParent().flatMap(org.junit.platform.engine.TestDescriptor::getSource))
                .contains(org.junit.platform.engine.support.descriptor.ClassSource.from(
                        dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class));
        assertThat(tenant.to("/schedule")).isEmpty();
    }

    @Test
    @DisplayName("a class whose glob matches no playbook of the project fails one test below it naming the glob, rather than"
            + " running no test and passing")
    void globMatchingNoPlaybookFails() {
        EngineExecutionResults results = classes("flow-ref-1", dev.botsim.cognigy.engine.fixtures.EscalationPlaybooksSimulation.class,
                dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class).execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("invalid: playbooks: @BotSimulation(playbooks"
                + " = \"Escalation\") of EscalationPlaybooksSimulation matches no playbook of the project; check the glob and the"
                + " playbooks' names in Cognigy")), finishedWithFailure()));
        // The other class's playbook runs as before.
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    }

    @Test
    @DisplayName("cognigy.playbooks.include matching no playbook of the project (a typo, a comment left on the value's line) is"
            + " one failing test naming the glob, rather than a run of no test that passes")
    void includeMatchingNoPlaybookFails() {
        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Order*   # a glob").execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("invalid: playbooks: cognigy.playbooks.include="
                + "Order*   # a glob matches no playbook of the project (playbooks: Order status, Refunds, Smalltalk);"
                + " check the glob and the playbooks' names in Cognigy")), finishedWithFailure()));
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(tenant.to("/schedule")).isEmpty();
    }

    @Test
    @DisplayName("the project's playbook names a glob matching none lists are written on one line each, a line break as \\n:"
            + " a name the tenant holds cannot start a forged line of the log")
    void playbookNamesListedOnOneLine() {
        tenant.playbook("pb4", "Returns\n::error::forged", Duration.ofSeconds(1), "hi");

        EngineExecutionResults results = kit().configurationParameter(Constants.PLAYBOOKS_INCLUDE, "Nothing*").execute();

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                message(m -> m.contains("(playbooks: Order status, Refunds, Smalltalk, Returns\\n::error::forged)")
                        && !m.contains("\n::error::")))));
    }

    @Test
    @DisplayName("a member class naming playbooks runs them when its class is selected, as Surefire selects it (never its member"
            + " classes), below the member class; selected both ways, they run once")
    void memberClassSelectsPlaybooks() {
        for (Class<?>[] selected : List.of(new Class<?>[] {PlaybookGroups.class},
                new Class<?>[] {PlaybookGroups.class, PlaybookGroups.Orders.class})) {
            EngineExecutionResults results = classes("flow-ref-1", selected).execute();

            results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
            org.junit.platform.engine.UniqueId orders = org.junit.platform.engine.UniqueId.forEngine("cognigy")
                    .append("class", PlaybooksEngineTest.class.getName()).append("class", PlaybookGroups.class.getName())
                    .append("class", PlaybookGroups.Orders.class.getName());
            assertThat(results.testEvents().finished().stream().map(e -> e.getTestDescriptor().getUniqueId()))
                    .allMatch(id -> id.hasPrefix(orders));
            // Below its class's node, and that one's: Surefire runs a class it selected only when a node has it as its source.
            assertThat(results.containerEvents().finished().stream().flatMap(e -> e.getTestDescriptor().getSource().stream()))
                    .contains(org.junit.platform.engine.support.descriptor.ClassSource.from(PlaybookGroups.class),
                            org.junit.platform.engine.support.descriptor.ClassSource.from(PlaybookGroups.Orders.class));
        }
        // An IDE's "rerun failed": a step's unique id, below both classes, runs its playbook again.
        org.junit.platform.engine.TestDescriptor step = classes("flow-ref-1", PlaybookGroups.class).execute().testEvents().finished()
                .list().get(0).getTestDescriptor();
        EngineExecutionResults rerun = classes("flow-ref-1").selectors(selectUniqueId(step.getUniqueId())).execute();
        rerun.testEvents().assertStatistics(s -> s.failed(0).succeeded(step.getParent().orElseThrow().getChildren().size()));
        assertThat(rerun.testEvents().finished().stream().map(e -> e.getTestDescriptor().getUniqueId())).contains(step.getUniqueId());
    }

    /** Groups a project's playbooks by topic, as a team groups its simulations: Surefire selects this class only. */
    static class PlaybookGroups {

        @dev.botsim.cognigy.annotations.BotSimulation(playbooks = "Order*")
        static class Orders {
        }
    }

    @Test
    @DisplayName("Surefire selecting two classes, one naming a playbook with a comma in its name, runs that playbook below its"
            + " class: the project is listed once for both globs, and the comma stays part of the name")
    void classGlobWithACommaBesideAnotherClass() {
        tenant.playbook("pb4", "Checkout, guest user", Duration.ofSeconds(1), "buy as guest");

        EngineExecutionResults results = classes("flow-ref-1", GuestCheckout.class,
                dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("buy as guest")), finishedSuccessfully()));
        assertThat(tenant.to("/playbooks/pb4")).isNotEmpty();
    }

    @dev.botsim.cognigy.annotations.BotSimulation(playbooks = "Checkout, guest user")
    static class GuestCheckout {
    }

    @Test
    @DisplayName("mode existing warns that the selected classes of data files and @Utterance methods are not run, naming mode"
            + " generated; the playbooks run as before")
    void dataFileClassesUnderModeExisting() {
        EngineTestKit.Builder kit = classes("flow-ref-1", dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation.class,
                dev.botsim.cognigy.engine.fixtures.SharedFileSimulation.class, dev.botsim.cognigy.engine.fixtures.OrderBotSimulation.class);
        assertThat(kit.discover().getDiscoveryIssues()).extracting(org.junit.platform.engine.DiscoveryIssue::message)
                .anySatisfy(m -> assertThat(m).contains("the data files and @Utterance/@Conversation methods of SharedFileSimulation,"
                        + " OrderBotSimulation are not run", "set cognigy.playbooks.mode=generated"));
        kit.execute().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    }

    @Test
    @DisplayName("a run Cognigy marks failed fails a step even when its step results are missing: never all steps skipped and"
            + " the build green")
    void failedRunWithoutStepResults() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");
        tenant.override = r -> r.getUrl().encodedPath().matches(".*/runs/run\\d+") ? new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body("{\"_id\":\"run2\",\"status\":\"failed\",\"stepResults\":[]}").build()
                : null;

        EngineExecutionResults results = kit().execute();

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("where is my order")), finishedWithFailure(message(
                        "step 1 'where is my order' has no result in Cognigy's run of playbook 'Order status' (run run2, failed):"
                                + " the playbook may have been edited in Cognigy since this run read it; run again"))))
                .haveExactly(1, event(test(displayName("it is 123")), skippedWithReason("skipped: step 1 'where is my order' failed before it")))
                .haveExactly(1, event(test(displayName("thanks")), skippedWithReason("skipped: step 1 'where is my order' failed before it")));
    }

    @Test
    @DisplayName("a run Cognigy marks failed though every step result it gave passed fails its last step")
    void failedRunWithPassingSteps() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb1");
        tenant.override = r -> r.getUrl().encodedPath().matches(".*/runs/run\\d+") ? new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body("{\"_id\":\"run2\",\"status\":\"failed\",\"unknownField\":1,"
                        + "\"stepResults\":[{\"_id\":\"r0\",\"status\":\"successful\",\"text\":\"hi\",\"asserts\":["
                        + "{\"type\":\"assertText\",\"status\":\"successful\",\"params\":{\"text\":\"reply 0\",\"fuzzy\":true}},"
                        + "{\"type\":\"assertIntent\",\"status\":\"successful\",\"params\":{\"intent\":\"intent_0\"}}]}]}").build()
                : null;

        kit().execute().testEvents().assertThatEvents().haveExactly(1, event(test(displayName("hi")), finishedWithFailure(message(
                "step 1 'hi': Cognigy marks its run of playbook 'Smalltalk' failed, though every step result it gave passed"))));
    }

    @Test
    @DisplayName("a playbook with a long step timeout (60 s, for slow flows) is followed as long as Cognigy lets it run: five steps"
            + " taking 250 s in all pass, where 30 s per step would have cancelled the run at 210 s")
    void longStepTimeoutFollowed() {
        tenant.playbooks.remove("pb2");
        tenant.playbooks.remove("pb3");
        tenant.playbook("pb1", "Slow flow", Duration.ofSeconds(250), "a", "b", "c", "d", "e");
        tenant.playbooks.get("pb1").put("timeout", 60000);

        EngineExecutionResults results = kit().execute();

        results.testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
        assertThat(tenant.cancelled).isEmpty();
    }
}
