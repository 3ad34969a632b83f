package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.EscalationPlaybooksSimulation;
import dev.botsim.cognigy.engine.fixtures.GeneratedConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.NluConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation;
import dev.botsim.cognigy.engine.transport.Sleeper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.backend=playbooks} offline: the engine starts the embedded sandbox at discovery with the playbooks of
 * {@code cognigy.sandbox.playbooks}, lists, reads and runs them through the sandbox's management API, and the sandbox
 * itself counts what it saw (executions at once, tasks cancelled, requests), reported as the engine node's entry.
 */
class PlaybooksSandboxEndToEndTest {

    private static EngineTestKit.Builder kit(String seed, Path reports, Sleeper sleeper) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC()),
                        sleeper)).selectors(selectUniqueId("[engine:cognigy]"))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PLAYBOOKS, seed)
                .configurationParameter(Constants.REPORT_DIR, reports.toString());
    }

    /** The sandbox's counters as the engine node reported them. */
    private static Map<String, String> sandboxCounters(EngineExecutionResults results) {
        return results.containerEvents().reportingEntryPublished().stream().filter(e -> e.getTestDescriptor().getParent().isEmpty())
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).filter(m -> m.containsKey("cognigy.sandbox.peak-playbook-executions"))
                .findFirst().orElseThrow(() -> new AssertionError("the engine node reported no sandbox counters"));
    }

    @Test
    @DisplayName("mode generated offline, with only the sandbox bot set: cases, a data-file conversation and a @Conversation"
            + " method run as temporary playbooks at the embedded sandbox's management API, pass or fail as the bot answers,"
            + " none is left there, and the sandbox endpoint's target (endpoint name too) is the run's bot_under_test")
    void generatedOffline(@TempDir Path dir) throws Exception {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC()), Sleeper.SYSTEM))
                .selectors(selectClasspathResource("e2e/generated-playbooks.sim.yaml"), selectClass(GeneratedConversationSimulation.class))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.PLAYBOOKS_MODE, "generated")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(7).succeeded(6).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("I want a human")),
                finishedWithFailure(message(m -> m.contains("test_gen_wrong") && m.contains("Connecting you to a human agent")))));
        Map<String, String> counters = sandboxCounters(results);
        // Three cases and one data-file conversation: one playbook each; the 3-turn @Conversation: three.
        assertThat(counters).containsEntry("cognigy.sandbox.playbook-tasks-scheduled", "7")
                .containsEntry("cognigy.sandbox.generated-playbooks", "0");
        var bot = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("bot_under_test");
        assertThat(bot.path("endpoint").asString()).isEqualTo("order-bot REST endpoint");
        assertThat(bot.path("flow_reference_id").asString()).isNotBlank();
        assertThat(bot.path("locale").asString()).isEqualTo("en-US");
    }

    @Test
    @DisplayName("seeded playbooks run offline: a container each, steps named by their text, assertion lines as report entries,"
            + " the step after a failed one skipped with the reason, and the sandbox's deployment in results.json")
    void treeVerdictsAndRecord(@TempDir Path dir) throws Exception {
        EngineExecutionResults results = kit("classpath:e2e/playbooks/order-bot.playbooks.json", dir, Sleeper.SYSTEM).execute();

        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(displayName("Order status")), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName("Escalation")), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName("Greeting expects an agent")), finishedSuccessfully()));
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(3).failed(1).skipped(1));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("ORD_77")), finishedSuccessfully()))
                .haveExactly(1, event(test(displayName("I want a human")), finishedSuccessfully()))
                .haveExactly(1, event(test(displayName("hello")), finishedWithFailure(message(m -> m.startsWith(
                        "step 1 'hello' failed 1 of 1 assertions:\n  assertIntent {\"intent\":\"escalate\"} negate=false"
                                + " expected=\"escalate\" actual=\"greeting\" failed")))))
                .haveExactly(1, event(test(displayName("where is my order")),
                        skippedWithReason("skipped: step 1 'hello' failed before it")));
        List<String> lines = results.testEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("ORD_77"))
                .flatMap(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().entrySet().stream())
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        assertThat(lines).containsExactly(
                "cognigy.assert.1: assertSlot {\"slot\":\"order_id\"} negate=false expected=\"order_id\" actual=[\"order_id\"] successful",
                "cognigy.assert.2: assertText {\"text\":\"on its way\",\"fuzzy\":true} negate=false expected=\"on its way\""
                        + " actual=[\"Let me look up your order ORD_77. It is on its way.\"] successful");
        Map<String, String> counters = sandboxCounters(results);
        assertThat(counters).containsEntry("cognigy.sandbox.playbook-tasks-scheduled", "3")
                .containsEntry("cognigy.sandbox.playbook-tasks-cancelled", "0");
        var bot = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("bot_under_test");
        assertThat(bot.path("flow_reference_id").asString()).isNotBlank();
        assertThat(bot.path("locale").asString()).isEqualTo("en-US");
        assertThat(bot.path("snapshot_id").isNull()).isTrue();
        assertThat(bot.path("project").asString()).isNotBlank();
    }

    @Test
    @DisplayName("cognigy.expected-snapshot against the sandbox's live project: nothing runs, and the failure names the"
            + " sandbox as what serves the endpoint, not a variable the user never set")
    void expectedSnapshotNamesTheSandbox(@TempDir Path dir) {
        EngineExecutionResults results = kit("classpath:e2e/playbooks/order-bot.playbooks.json", dir, Sleeper.SYSTEM)
                .configurationParameter(Constants.EXPECTED_SNAPSHOT, "v1").execute();

        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(EngineTestSupport.failureMessages(results)).singleElement().asString()
                .startsWith("cognigy.expected-snapshot=v1, but playbooks would run against the live project (the entrypoint of"
                        + " the endpoint").contains("' the embedded sandbox serves)").doesNotContain("COGNIGY_ENDPOINT_URL");
    }

    @Test
    @DisplayName("a playbook with abortOnError false runs on after a failed step, and each step is judged by its own result:"
            + " a second regression in a later step fails that step, a step that held passes, none is skipped")
    void continuesAfterErrorWithoutAbort(@TempDir Path dir) throws Exception {
        EngineExecutionResults results = kit("classpath:e2e/playbooks/continue-on-error.playbooks.json", dir, Sleeper.SYSTEM).execute();

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2).skipped(0));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test(displayName("hello")), finishedWithFailure(message(m -> m.startsWith(
                        "step 1 'hello' failed 1 of 1 assertions:\n  assertIntent {\"intent\":\"escalate\"}")))))
                .haveExactly(1, event(test(displayName("where is my order")), finishedSuccessfully()))
                .haveExactly(1, event(test(displayName("ORD_77")), finishedWithFailure(message(m -> m.startsWith(
                        "step 3 'ORD_77' failed 1 of 1 assertions:\n  assertText {\"text\":\"was cancelled\",\"fuzzy\":true}")
                        && m.endsWith("it ran after step 1 'hello' failed: the playbook does not abort on error")))));
    }

    @Test
    @DisplayName("each step's record names its playbook as its source and is a turn of the playbook's conversation, and keeps"
            + " the bot's answer as its assertions saw it, so index.html groups the steps by playbook and shows the answer")
    void stepRecordsNameThePlaybookAndKeepTheAnswer(@TempDir Path dir) throws Exception {
        kit("classpath:e2e/playbooks/continue-on-error.playbooks.json", dir, Sleeper.SYSTEM).execute();

        var records = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("results");
        assertThat(records).hasSize(3);
        records.forEach(r -> assertThat(r.path("source").asString()).as(r.toString()).isEqualTo("playbook Keeps going"));
        assertThat(records).extracting(r -> r.path("conversation_id").asString() + " " + r.path("turn").asInt())
                .containsExactlyInAnyOrder("Keeps going 1", "Keeps going 2", "Keeps going 3");
        // Each step keeps the bot's answer as its assertions saw it, for the transcript.
        var third = java.util.stream.StreamSupport.stream(records.spliterator(), false)
                .filter(r -> r.path("name").asString().equals("ORD_77")).findFirst().orElseThrow();
        assertThat(third.path("actual").get(0).path("text").asString()).isEqualTo("Let me look up your order ORD_77. It is on its way.");
        var html = Files.readString(dir.resolve("index.html"));
        assertThat(html).doesNotContain("(no source)").contains("playbook Keeps going")
                .contains("<p class=\"label\">Actual</p><pre>user: ORD_77\nresponse: Let me look up your order ORD_77. It is on its way.\n");
    }

    @Test
    @DisplayName("twelve playbooks of five seconds each never have more than ten executions at once at the sandbox")
    void capOfTenMeasuredAtSandbox(@TempDir Path dir) throws Exception {
        String playbooks = IntStream.rangeClosed(1, 12).mapToObj(i -> "{\"name\": \"Escalation " + i + "\", \"steps\": [{\"text\":"
                + " \"I want a human\", \"asserts\": [{\"type\": \"assertIntent\", \"params\": {\"intent\": \"escalate\"}}]}]}")
                .collect(Collectors.joining(",", "[", "]"));
        Path seed = Files.writeString(dir.resolve("twelve.json"), playbooks);

        EngineExecutionResults results = kit(seed.toString(), dir.resolve("reports"), Sleeper.SYSTEM)
                .configurationParameter(Constants.SANDBOX_PROCESSING_TIME, "5s")
                .configurationParameter(Constants.MAX_CONCURRENCY, "16").execute();

        results.testEvents().assertStatistics(s -> s.started(12).succeeded(12));
        Map<String, String> counters = sandboxCounters(results);
        assertThat(counters).containsEntry("cognigy.sandbox.peak-playbook-executions", "10")
                .containsEntry("cognigy.sandbox.playbook-tasks-scheduled", "12");
        System.out.println("[measured] 12 playbooks of 1 step, 5 s each, max-concurrency 16: " + counters);
    }

    @Test
    @DisplayName("a cancelled run cancels its playbook tasks at the sandbox, which counts the cancel, and aborts the playbooks")
    void cancellationReachesSandbox(@TempDir Path dir) {
        CancellationToken token = CancellationToken.create();
        // The first wait for a task asks for cancellation, then waits for real: the run's cancellation interrupts it.
        Sleeper cancelling = duration -> {
            token.cancel();
            Sleeper.SYSTEM.sleep(duration);
        };

        EngineExecutionResults results = kit("classpath:e2e/playbooks/order-bot.playbooks.json", dir, cancelling)
                .configurationParameter(Constants.SANDBOX_PROCESSING_TIME, "30s")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false").cancellationToken(token).execute();

        results.containerEvents().assertThatEvents().haveAtLeastOne(event(container(displayName("Order status")),
                abortedWithReason(message(m -> m.contains("the run was cancelled")))));
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(0));
        Map<String, String> counters = sandboxCounters(results);
        assertThat(counters).containsEntry("cognigy.sandbox.playbook-tasks-scheduled", "1")
                .containsEntry("cognigy.sandbox.playbook-tasks-cancelled", "1");
    }

    @Test
    @DisplayName("selecting classes with @BotSimulation(playbooks) runs the playbooks their globs name, each below its class,"
            + " as Surefire selects them, which reports them under the class's qualified name; a class naming none selects nothing")
    void classesSelectPlaybooks(@TempDir Path dir) throws Exception {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .selectors(selectClass(OrderPlaybooksSimulation.class), selectClass(EscalationPlaybooksSimulation.class),
                        selectClass(NluConversationSimulation.class))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PLAYBOOKS, "classpath:e2e/playbooks/order-bot.playbooks.json")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
        assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId().toString()))
                .anyMatch(id -> id.equals("[engine:cognigy]/[class:" + OrderPlaybooksSimulation.class.getName() + "]"))
                .anyMatch(id -> id.startsWith("[engine:cognigy]/[class:" + EscalationPlaybooksSimulation.class.getName() + "]/[playbook:"));
        assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .contains("OrderPlaybooksSimulation", "Order status", "EscalationPlaybooksSimulation", "Escalation")
                .doesNotContain("Greeting expects an agent", "NluConversationSimulation");
        assertThat(results.containerEvents().started().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals("Order status"))
                .map(e -> e.getTestDescriptor().getParent().flatMap(p -> p.getSource()).orElseThrow()))
                .containsExactly(org.junit.platform.engine.support.descriptor.ClassSource.from(OrderPlaybooksSimulation.class));
        // Surefire's XML names a playbook step's class by its class container's legacy name, as for any other test of
        // a class: the qualified name, so CI tools list the steps under the class's package.
        assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor())
                .filter(d -> d.getSource().equals(java.util.Optional.of(
                        org.junit.platform.engine.support.descriptor.ClassSource.from(OrderPlaybooksSimulation.class))))
                .map(org.junit.platform.engine.TestDescriptor::getLegacyReportingName))
                .containsExactly(OrderPlaybooksSimulation.class.getName());
        // The steps' records come from the class that selected them and name their playbook, so index.html shows them
        // under the class, as Surefire does, a playbook's steps together.
        var records = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("results");
        assertThat(records).extracting(r -> r.path("source").asString() + " | " + r.path("conversation_id").asString())
                .containsExactlyInAnyOrder(OrderPlaybooksSimulation.class.getName() + "#playbook Order status | Order status",
                        OrderPlaybooksSimulation.class.getName() + "#playbook Order status | Order status",
                        EscalationPlaybooksSimulation.class.getName() + "#playbook Escalation | Escalation");
        // One group per class on the page, each playbook's steps together and in order.
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("<h3 class=\"source\">" + OrderPlaybooksSimulation.class.getName() + " <span")
                .doesNotContain("(no source)");
        assertThat(html.indexOf("playbook Order status &gt; step 1: where is my order"))
                .isLessThan(html.indexOf("playbook Order status &gt; step 2: ORD_77")).isPositive();
    }

    @Test
    @DisplayName("a playbook's step that a class selected, rerun by its unique id (an IDE's rerun, Surefire's"
            + " rerunFailingTestsCount), runs its playbook below the class as the class's run did; the class's other"
            + " playbooks do not run")
    void stepOfAClassRerunByUniqueId(@TempDir Path dir) {
        Map<String, String> noEnvironment = Map.of();
        java.util.function.Function<org.junit.platform.engine.DiscoverySelector[], EngineTestKit.Builder> kit = selectors ->
                EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                        .selectors(selectors)
                        .configurationParameter(Constants.BACKEND, "playbooks")
                        .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                        .configurationParameter(Constants.SANDBOX_PLAYBOOKS, "classpath:e2e/playbooks/order-bot.playbooks.json")
                        .configurationParameter(Constants.REPORT_DIR, dir.toString());
        org.junit.platform.engine.TestDescriptor whole = kit.apply(new org.junit.platform.engine.DiscoverySelector[] {
                selectClass(OrderPlaybooksSimulation.class), selectClass(EscalationPlaybooksSimulation.class)}).discover()
                .getEngineDescriptor();
        org.junit.platform.engine.TestDescriptor step = whole.getDescendants().stream()
                .filter(d -> d.isTest() && d.getDisplayName().contains("ORD_77")).findFirst().orElseThrow();
        assertThat(step.getUniqueId().toString()).startsWith("[engine:cognigy]/[class:" + OrderPlaybooksSimulation.class.getName());

        EngineExecutionResults rerun = kit.apply(new org.junit.platform.engine.DiscoverySelector[] {
                selectUniqueId(step.getUniqueId())}).execute();

        rerun.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(rerun.testEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId()))
                .contains(step.getUniqueId())
                .allMatch(id -> id.hasPrefix(step.getParent().orElseThrow().getUniqueId()));
    }

    @Test
    @DisplayName("a class naming no playbooks, selected alone (as -Dtest=Class#method does in a playbooks execution), runs"
            + " no test and the run ends cleanly")
    void classWithoutPlaybooksAlone(@TempDir Path dir) {
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        Backends::create, Clock.systemUTC())))
                .selectors(selectClass(NluConversationSimulation.class))
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PLAYBOOKS, "classpath:e2e/playbooks/order-bot.playbooks.json")
                .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    @DisplayName("a step the sandbox's bot answers after the playbook's timeout comes back timeout: true, as at a tenant: the"
            + " step is a TIMEOUT saying so, not a wrong answer, and the step after it is skipped under abortOnError")
    void slowStepTimesOutEndToEnd(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("slow.playbooks.json");
        Files.writeString(seed, """
                {"playbooks": [{"name": "Slow lookup", "abortOnError": true, "timeout": 5000, "steps": [
                  {"text": "where is my order", "asserts": [{"type": "assertIntent", "params": {"intent": "check_order"}}]},
                  {"text": "ORD_77", "asserts": [{"type": "assertSlot", "params": {"slot": "order_id"}}]}]}]}
                """);
        MutableClock clock = new MutableClock();
        try (dev.botsim.cognigy.sandbox.CognigySandbox sandbox = dev.botsim.cognigy.sandbox.CognigySandbox.start(
                dev.botsim.cognigy.sandbox.BotDefinition.fromClasspath("bots/order-bot.yaml"),
                dev.botsim.cognigy.sandbox.SandboxOptions.defaults().withClock(clock).withPlaybookSeed(seed)
                        .withPlaybookStepAnswerTime("where is my order", java.time.Duration.ofSeconds(8)))) {
            Map<String, String> environment = Map.of("COGNIGY_API_KEY", sandbox.managementApiKey(), "COGNIGY_ENDPOINT_URL",
                    sandbox.endpointUrl());
            RecordingSleeper sleeper = new RecordingSleeper(clock);
            EngineExecutionResults results = EngineTestSupport.kit(EngineTestSupport.realBackends(environment, clock, sleeper), sleeper)
                    .selectors(selectUniqueId("[engine:cognigy]"))
                    .configurationParameter(Constants.BACKEND, "playbooks")
                    .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                    .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

            results.testEvents().assertThatEvents()
                    .haveExactly(1, event(test(displayName("where is my order")), finishedWithFailure(message(
                            "step 1 'where is my order' timed out: the bot did not answer within the playbook's step timeout"))))
                    .haveExactly(1, event(test(displayName("ORD_77")),
                            skippedWithReason("skipped: step 1 'where is my order' failed before it")));
            var records = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("results");
            List<String> outcomes = new java.util.ArrayList<>();
            records.forEach(r -> outcomes.add(r.path("outcome").asString()));
            assertThat(outcomes).containsExactly("TIMEOUT", "SKIPPED");
        }
    }

    @Test
    @DisplayName("a playbook past its deadline is cancelled at the sandbox, polled through 'cancelling' (its execution held until"
            + " it would have ended, as a tenant's) to 'cancelled', and is a TIMEOUT; the next playbook is scheduled only then, so"
            + " with another team's nine executions at the tenant it starts at once and passes, not queued behind this run's"
            + " own cancelled one until its deadline")
    void cancelledPastDeadlineHoldsItsSlotEndToEnd(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("slow.playbooks.json");
        Files.writeString(seed, """
                {"playbooks": [
                  {"name": "Slow lookup", "abortOnError": true, "timeout": 600000, "steps": [
                    {"text": "where is my order", "asserts": [{"type": "assertIntent", "params": {"intent": "check_order"}}]}]},
                  {"name": "Escalation", "abortOnError": true, "timeout": 20000, "steps": [
                    {"text": "I want a human", "asserts": [{"type": "assertIntent", "params": {"intent": "escalate"}}]}]},
                  {"name": "Soak (another team)", "abortOnError": true, "timeout": 3600000, "steps": [
                    {"text": "hold the line", "asserts": []}]}]}
                """);
        MutableClock clock = new MutableClock();
        // Every execution takes 400 s at the tenant, plus its steps' answers: the slow lookup's 600 s step (its playbook
        // waits up to 10 minutes) makes 1,000 s, past the run's deadline of 1 minute + 600 s for its one step; the other
        // team's soak holds its executions for over an hour.
        try (dev.botsim.cognigy.sandbox.CognigySandbox sandbox = dev.botsim.cognigy.sandbox.CognigySandbox.start(
                dev.botsim.cognigy.sandbox.BotDefinition.fromClasspath("bots/order-bot.yaml"),
                dev.botsim.cognigy.sandbox.SandboxOptions.defaults().withClock(clock).withPlaybookSeed(seed)
                        .withProcessingTime(java.time.Duration.ofSeconds(400))
                        .withPlaybookStepAnswerTime("where is my order", java.time.Duration.ofSeconds(600))
                        .withPlaybookStepAnswerTime("hold the line", java.time.Duration.ofHours(1)))) {
            otherTeamRuns(sandbox, "Soak (another team)", 9);
            Map<String, String> environment = Map.of("COGNIGY_API_KEY", sandbox.managementApiKey(), "COGNIGY_ENDPOINT_URL",
                    sandbox.endpointUrl());
            RecordingSleeper sleeper = new RecordingSleeper(clock);
            EngineExecutionResults results = EngineTestSupport.kit(EngineTestSupport.realBackends(environment, clock, sleeper), sleeper)
                    .selectors(selectUniqueId("[engine:cognigy]"))
                    .configurationParameter(Constants.BACKEND, "playbooks")
                    .configurationParameter(Constants.MANAGEMENT_URL, sandbox.managementUrl())
                    .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, sandbox.projectId())
                    .configurationParameter(Constants.PLAYBOOKS_INCLUDE, "{Slow lookup,Escalation}")
                    .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                    .configurationParameter(Constants.REPORT_DIR, dir.toString()).execute();

            results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("I want a human")), finishedSuccessfully()));
            var records = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("results");
            List<String> outcomes = new java.util.ArrayList<>();
            records.forEach(r -> outcomes.add(r.path("conversation_id").asString() + ": " + r.path("outcome").asString()));
            assertThat(outcomes).containsExactlyInAnyOrder("Slow lookup: TIMEOUT", "Escalation: PASSED");
            assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                    .as("the slow lookup runs first, the escalation after it").containsSubsequence("Slow lookup", "Escalation");
            results.containerEvents().assertThatEvents()
                    .haveExactly(1, event(container(displayName("Slow lookup")), finishedWithFailure(message(m ->
                            m.startsWith("playbook 'Slow lookup' has no results: playbook task ") && m.contains("had not ended after"
                                    + " 660 s (last status active); it was cancelled, and Cognigy showed it 'cancelled' ")
                                    && m.contains("(until then 'cancelling', holding one of the tenant's ten playbook executions);"
                                    + " this run started no playbook in its place meanwhile")))));
            assertThat(sandbox.stats().playbookTasksScheduled()).isEqualTo(11L);
            assertThat(sandbox.stats().playbookTasksCancelled()).isEqualTo(1L);
            assertThat(sandbox.stats().peakPlaybookExecutions()).isEqualTo(10);
        }
    }

    /** Another team's runs of {@code playbook} at the sandbox's tenant, scheduled as its CI would through the management API. */
    private static void otherTeamRuns(dev.botsim.cognigy.sandbox.CognigySandbox sandbox, String playbook, int runs) throws Exception {
        var json = JsonMapper.builder().build();
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> request = path -> java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(sandbox.managementUrl() + "/new/v2.0/" + path)).header("X-API-Key", sandbox.managementApiKey())
                .header("Content-Type", "application/json").header("Accept", "application/json");
        var text = java.net.http.HttpResponse.BodyHandlers.ofString();
        var endpoint = json.readTree(http.send(request.apply("endpoints?projectId=" + sandbox.projectId()).build(), text).body())
                .path("items").get(0);
        String id = null;
        for (var listed : json.readTree(http.send(request.apply("playbooks?projectId=" + sandbox.projectId()).build(), text).body())
                .path("items")) {
            if (listed.path("name").asString().equals(playbook)) id = listed.path("_id").asString();
        }
        String target = json.writeValueAsString(Map.of("entrypoint", endpoint.path("entrypoint").asString(), "flowId",
                endpoint.path("flowId").asString(), "localeId", endpoint.path("localeId").asString()));
        for (int i = 0; i < runs; i++) {
            var answer = http.send(request.apply("playbooks/" + id + "/schedule").POST(java.net.http.HttpRequest.BodyPublishers
                    .ofString(target)).build(), text);
            assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        }
    }
}
