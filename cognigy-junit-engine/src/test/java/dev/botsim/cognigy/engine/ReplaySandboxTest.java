package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Record and replay against the in-process sandbox, through the engine as a build runs it: a recorded suite replays
 * with the sandbox never started and nothing sent; {@code auto} sends exactly what changed.
 */
class ReplaySandboxTest {

    private Path folder;
    private Path dataFile;
    private Path bot;
    private Path cassettes;
    private final AtomicInteger opened = new AtomicInteger();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    /** Requests the bot does not answer in time. */
    private volatile java.util.function.Predicate<TurnRequest> timingOut = request -> false;

    @BeforeEach
    void copySuiteAndBot() throws IOException {
        OrderConversation.third = "ORD_77";
        // Below the working directory, so the data file is named by a relative path as on every machine.
        folder = Path.of("target", "replay-tests", UUID.randomUUID().toString());
        Files.createDirectories(folder);
        dataFile = folder.resolve("orders.sim.yaml");
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml"));
        bot = folder.resolve("order-bot.yaml");
        Files.writeString(bot, resource("bots/order-bot.yaml"));
        cassettes = folder.resolve("cassettes");
    }

    @Test
    @DisplayName("record, then replay with the sandbox never started: the same outcomes, zero requests, every result marked replayed")
    void recordThenReplay() throws IOException {
        Run recorded = run("record", "sandbox");
        assertThat(recorded.outcomes()).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        assertThat(sent).hasSize(5);
        assertThat(opened).hasValue(1);
        assertThat(recorded.records()).noneMatch(SimulationRecord::replayed);
        Path cassette = cassettes.resolve(folder.resolve("orders.sim.yaml") + ".cassette.json");
        assertThat(cassette).exists();
        String text = Files.readString(cassette);
        assertThat(text).contains("\"recorded_against\"", "\"sha256:", "\"check_order\"", "ORD_99")
                .doesNotContain("ses_", "usr_", "batch_", "replayed-");

        sent.clear();
        opened.set(0);
        Run replayed = run("replay", "sandbox");
        assertThat(opened).as("the backend is never opened").hasValue(0);
        assertThat(sent).isEmpty();
        assertThat(replayed.outcomes()).isEqualTo(recorded.outcomes());
        assertThat(replayed.records()).hasSize(5).allMatch(SimulationRecord::replayed);
        assertThat(replayed.console()).contains("5 replayed, 0 live");

        // Recording the same bot again changes nothing: a re-record of an unchanged bot is no diff.
        run("record", "sandbox");
        assertThat(Files.readString(cassette)).isEqualTo(text);
    }

    @Test
    @DisplayName("a replay that asks the bot nothing says so: turns skipped after a failed one are neither replayed nor live")
    void skippedTurnsAreNotLive() throws IOException {
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml").replace("response_contains: order number",
                "response_contains: no such words"));
        run("record", "sandbox");
        sent.clear();
        opened.set(0);
        Run replayed = run("replay", "sandbox");
        assertThat(opened).hasValue(0);
        assertThat(sent).isEmpty();
        assertThat(replayed.records()).extracting(SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Outcome.PASSED, Outcome.PASSED, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(replayed.console()).contains("[cognigy] replay: 3 replayed, 0 live");
        JsonNode replay = JsonMapper.builder().build().readTree(folder.resolve("reports/results.json").toFile()).path("replay");
        assertThat(replay.path("replayed").asInt()).isEqualTo(3);
        assertThat(replay.path("live").asInt()).isZero();
    }

    @Test
    @DisplayName("replayed, a schema recorded from the management API keeps its fix for an unknown entity and takes the slots"
            + " cognigy.management.unlisted-slots names now: a slot named after the recording is known, as it would be live")
    void replayTakesTheSlotsNamedNow() throws IOException {
        run("record", "endpoint");
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml").replace("entities: { order_id: ORD_99 }",
                "entities: { tracking_id: ORD_99 }"));
        opened.set(0);

        SimulationRecord unnamed = order(run("replay", "endpoint"));
        assertThat(unnamed.outcome()).isEqualTo(Outcome.MISCONFIGURATION);
        assertThat(unnamed.message()).contains("the bot has no entity tracking_id", "a slot a Regex Slot Filler node or a Code"
                + " node fills is listed nowhere in the management API: name it in cognigy.management.unlisted-slots");

        SimulationRecord named = order(run("replay", "endpoint", Map.of(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id,tracking_id")));
        assertThat(named.outcome()).as("judged by the recorded answer, which has no tracking_id: " + named.message())
                .isEqualTo(Outcome.FAILED);
        assertThat(named.message()).doesNotContain("the bot has no entity");
        assertThat(opened).as("neither replay opens the bot").hasValue(0);
    }

    private static SimulationRecord order(Run run) {
        return run.records().stream().filter(r -> r.testId().equals("test_e2e_order")).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("through the sandbox's REST Endpoint too: a conversation replays turn by turn")
    void endpointConversation() {
        Run recorded = run("record", "endpoint");
        assertThat(recorded.outcomes()).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        sent.clear();
        opened.set(0);
        Run replayed = run("replay", "endpoint");
        assertThat(opened).hasValue(0);
        assertThat(replayed.outcomes()).isEqualTo(recorded.outcomes());
    }

    @Test
    @DisplayName("through the nlu backend: scores are recorded with the NLU's ranking and replayed without opening it")
    void nluBackend() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order
                    expect: { intent: check_order }
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: escalate }
                  - id: test_not_greeting
                    utterance: where is my order
                    expect: { not_intent: greeting }
                """);
        Run recorded = run("record", "nlu");
        assertThat(recorded.outcomes()).hasSize(3).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        assertThat(sent).hasSize(3);
        sent.clear();
        opened.set(0);
        Run replayed = run("replay", "nlu");
        assertThat(opened).hasValue(0);
        assertThat(replayed.outcomes()).isEqualTo(recorded.outcomes());
        // The margin between the two best intents travels in the recorded outputs, so analysis sees it replayed too.
        assertThat(margins(replayed)).hasSize(3).isEqualTo(margins(recorded));
        assertThat(margins(replayed).values()).doesNotContainNull();
    }

    @Test
    @DisplayName("auto after changing one case sends exactly that case; the other tests are replayed")
    void autoSendsTheChangedCase() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("where is my order ORD_99", "where is my parcel ORD_99"));
        sent.clear();
        Run auto = run("auto", "sandbox");
        assertThat(sent).containsExactly("where is my parcel ORD_99");
        assertThat(auto.outcomes()).hasSize(5);
        assertThat(auto.records().stream().filter(r -> !r.replayed()).map(SimulationRecord::testId)).containsExactly("test_e2e_order");
        assertThat(auto.console()).contains("4 replayed, 1 live");

        // And it was re-recorded: the next auto run sends nothing.
        sent.clear();
        run("auto", "sandbox");
        assertThat(sent).isEmpty();
    }

    @Test
    @DisplayName("auto after changing a later turn of a conversation sends that turn after the turns before it, in its session")
    void autoCatchesUpAConversation() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("say: I want a human", "say: I want a human please"));
        sent.clear();
        Run auto = run("auto", "sandbox");
        assertThat(sent).containsExactly("hi", "where is my order", "ORD_77", "I want a human please");
        assertThat(auto.outcomes().values()).containsOnly(Outcome.PASSED);
        // Every turn the run sent is judged on the answer the bot gave in this run, the one recorded; each says why.
        assertThat(auto.records()).hasSize(5).filteredOn(r -> r.testId().startsWith("test_e2e_conversation#")).hasSize(4)
                .allSatisfy(turn -> {
                    assertThat(turn.replayed()).as(turn.testId()).isFalse();
                    assertThat(turn.replayedAnswers()).as(turn.testId()).isZero();
                    assertThat(auto.entries(turn.displayName(), "cognigy.replay")).as(turn.testId()).containsExactly(
                            "sent live: turn 4's text (recorded \"I want a human\", now \"I want a human please\") changed"
                                    + " since it was recorded, so the conversation went to the bot from its first turn, and"
                                    + " every turn it sent is judged on the answer the bot gave in this run (the one recorded)");
                });
        assertThat(auto.console()).contains("[cognigy] replay: 1 replayed, 4 live (cognigy.replay=auto)")
                .doesNotContain("partly replayed");

        // Recorded whole: the next auto run replays the conversation whole and sends nothing.
        sent.clear();
        Run again = run("auto", "sandbox");
        assertThat(sent).isEmpty();
        assertThat(again.records()).allMatch(SimulationRecord::replayed);
        assertThat(again.entries()).noneMatch(e -> e.contains("cognigy.replay="));
    }

    @Test
    @DisplayName("auto: a conversation whose turn 3 changed goes live from its first turn, and every turn it sends is judged"
            + " on this run's answer — the one its cassette records — so replay then judges the same answers alike")
    void autoJudgesEveryTurnAConversationSendsLive() throws IOException {
        Files.writeString(dataFile, THREE_TURNS);
        String definition = Files.readString(bot);
        int port;
        try (CognigySandbox tenant = tenant(definition, 0)) {
            port = tenant.port();
            Run recorded = endpointOnly(tenant, "record");
            assertThat(recorded.outcomes().values()).hasSize(3).containsOnly(Outcome.PASSED);
        }
        // The bot's greeting edited where no fingerprint sees it (an endpoint serving the live project, read without the
        // management API: docs/replay.md's limits), and the data file's turn 3 changed.
        String edited = definition.replace("Hello! I can check", "Good day! I can check");
        assertThat(edited).isNotEqualTo(definition);
        Files.writeString(dataFile, THREE_TURNS.replace("ORD_77", "ORD_78"));
        Run auto;
        try (CognigySandbox tenant = tenant(edited, port)) {
            sent.clear();
            auto = endpointOnly(tenant, "auto");
        }
        // Turn 1 went to the bot again and is judged on what the bot said to it now; the turns after it are skipped.
        assertThat(sent).containsExactly("hi");
        SimulationRecord first = record(auto, "test_conv#1");
        assertThat(first.outcome()).as("turn 1 judged on the answer the bot gave it in this run").isEqualTo(Outcome.FAILED);
        assertThat(first.actual()).extracting(dev.botsim.cognigy.annotations.BotTurn::text).containsExactly(
                "Good day! I can check your order or connect you to an agent.");
        assertThat(auto.records()).extracting(SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(auto.records()).noneMatch(SimulationRecord::replayed);
        assertThat(auto.console()).contains("[cognigy] replay: 0 replayed, 1 live", "[conversation:test_conv] sent live from"
                + " its first turn, its unchanged turns too, each judged on this run's answer, because turn 3's text (recorded"
                + " \"ORD_77\", now \"ORD_78\") changed since it was recorded");
        assertThat(Files.readString(cassettes.resolve(dataFile + ".cassette.json"))).contains("Good day!")
                .doesNotContain("Hello!", "ORD_77");

        // The recording replayed: the same verdicts, nothing sent.
        sent.clear();
        Run replayed = run("replay", "endpoint", Map.of(), Map.of(), false);
        assertThat(sent).isEmpty();
        assertThat(replayed.outcomes()).isEqualTo(auto.outcomes());
    }

    private static final String THREE_TURNS = """
            version: 1
            conversations:
              - id: test_conv
                turns:
                  - say: hi
                    expect: { response_contains: Hello }
                  - say: where is my order
                    expect: { intent: check_order }
                  - say: ORD_77
                    expect: { entities: { order_id: ORD_77 } }
            """;

    @Test
    @DisplayName("a not_intent on a turn the REST Endpoint's flow did not report fails replayed as it failed live: the"
            + " recorded answer names no intent, which is not no intent")
    void notIntentWithoutReportFailsReplayedAsLive() throws IOException {
        Files.writeString(dataFile, "version: 1\nbot: order-bot\ncases:\n  - id: test_not_escalated\n    utterance: where is my"
                + " order\n    expect: { not_intent: escalate, response_contains: order number }\n");
        try (CognigySandbox tenant = CognigySandbox.start(BotDefinition.parse(Files.readString(bot), "order-bot.yaml"),
                SandboxOptions.defaults().withManagementApiKey(TENANT_KEY).withUrlToken(TENANT_TOKEN).withCodeNodeBeforeQuestions(false))) {
            // The node in each flow, as the sandbox places it: at the end only, the turn that asks reports nothing.
            Map<String, String> perFlow = Map.of(Constants.ENDPOINT_CODE_NODE, "per-flow");
            Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl());
            Run recorded = run("record", "endpoint", perFlow, environment, false);
            assertThat(recorded.outcomes().values()).containsExactly(Outcome.FAILED);
            sent.clear();
            Run replayed = run("replay", "endpoint", perFlow, environment, false);
            assertThat(sent).isEmpty();
            SimulationRecord judged = record(replayed, "test_not_escalated");
            assertThat(judged.replayed()).isTrue();
            assertThat(judged.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(judged.message()).contains("(not_intent), and the answer names no intent or flow: whether the bot"
                    + " recognised it is unknown");
        }
    }

    @Test
    @DisplayName("auto through a REST Endpoint without the management API knows nothing of the bot's version: after the"
            + " bot changed it still replays every unchanged test, and the run warns that it cannot tell, naming the fix;"
            + " with the management API it says nothing")
    void autoWithAFingerprintThatNamesNoVersionSaysSo() throws IOException {
        String definition = Files.readString(bot);
        int port;
        try (CognigySandbox tenant = tenant(definition, 0)) {
            port = tenant.port();
            endpointOnly(tenant, "record");
            Run unchanged = runAgainst(tenant, "record");
            assertThat(unchanged.console()).doesNotContain("names no version of the bot");
            assertThat(runAgainst(tenant, "auto").console()).doesNotContain("names no version of the bot");
            endpointOnly(tenant, "record");
        }
        // The bot no longer names the order it looks up: two tests fail live.
        String edited = definition.replace("Let me look up your order {order_id}.", "Let me look up your order.");
        try (CognigySandbox tenant = tenant(edited, port)) {
            sent.clear();
            Run auto = endpointOnly(tenant, "auto");
            assertThat(sent).as("nothing tells auto the bot changed").isEmpty();
            assertThat(auto.console()).contains("[cognigy] WARNING auto replayed 5 messages on a fingerprint that names no"
                    + " version of the bot (backend, endpoint, engine: a REST Endpoint without the management API tells"
                    + " nothing of the bot behind it), so a changed bot looks like the one recorded and its tests pass or fail"
                    + " on the answers it gave then — give the run the management API (cognigy.management.url,"
                    + " cognigy.management.project-id, COGNIGY_API_KEY), whose deployment and flows version the recordings,"
                    + " or run cognigy.replay=record after the bot changes");
        }
    }

    private static SimulationRecord record(Run run, String testId) {
        return run.records().stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }

    /** A run of the {@code endpoint} backend at {@code tenant}'s REST endpoint, without its management API. */
    private Run endpointOnly(CognigySandbox tenant, String mode) {
        return run(mode, "endpoint", Map.of(), Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl()), false);
    }

    /** The same, of what {@code selector} selects. */
    private Run endpointOnly(CognigySandbox tenant, String mode, org.junit.platform.engine.DiscoverySelector selector) {
        return run(mode, "endpoint", Map.of(), Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl()), false, List.of(selector));
    }

    /** A run of what {@code selectors} select, which must end without a failure of the engine node. */
    private Run run(String mode, String backend, Map<String, String> more, Map<String, String> environment, boolean embeddedBot,
                    List<org.junit.platform.engine.DiscoverySelector> selectors) {
        Run run = runToItsEnd(mode, backend, more, environment, embeddedBot, selectors);
        assertThat(run.engineFailure()).isEmpty();
        return run;
    }

    @Test
    @DisplayName("auto after changing the bot's definition re-records every test; unchanged, it asks nothing and never starts the sandbox")
    void autoAfterBotChange() throws IOException {
        run("record", "sandbox");
        sent.clear();
        opened.set(0);
        run("auto", "sandbox");
        assertThat(sent).isEmpty();
        assertThat(opened).hasValue(0);

        Files.writeString(bot, Files.readString(bot) + "\n# a changed bot\n");
        Run auto = run("auto", "sandbox");
        assertThat(sent).hasSize(5);
        assertThat(auto.records()).noneMatch(SimulationRecord::replayed);
    }

    @Test
    @DisplayName("auto against a REST endpoint serving the live project, read through the management API: an edit inside a"
            + " flow (same flows, intents and snapshot) re-records every test; unchanged, nothing is sent")
    void autoNoticesAnEditInsideAFlowOfTheLiveProject() throws IOException {
        String definition = Files.readString(bot);
        int port;
        try (CognigySandbox tenant = tenant(definition, 0)) {
            port = tenant.port();
            Run recorded = runAgainst(tenant, "auto");
            assertThat(recorded.outcomes()).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
            assertThat(sent).hasSize(5);
        }
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        String recordedText = Files.readString(cassette);
        assertThat(recordedText).contains("\"snapshot\" : \"live project\"", "\"flow changed: flow_escalation\"");

        // The same bot on the same tenant: the flow list's last-change times match, so nothing is sent.
        try (CognigySandbox tenant = tenant(definition, port)) {
            sent.clear();
            Run unchanged = runAgainst(tenant, "auto");
            assertThat(sent).isEmpty();
            assertThat(unchanged.records()).hasSize(5).allMatch(SimulationRecord::replayed);
        }

        // A response edited inside one flow: its names, intents and the served snapshot (none) are as before.
        String edited = definition.replace("Connecting you to a human agent now.", "Connecting you to a colleague now.");
        assertThat(edited).isNotEqualTo(definition);
        try (CognigySandbox tenant = tenant(edited, port)) {
            sent.clear();
            Run auto = runAgainst(tenant, "auto");
            assertThat(sent).hasSize(5);
            assertThat(auto.records()).noneMatch(SimulationRecord::replayed);
            assertThat(auto.console()).contains("flow changed: flow_escalation");
        }
        String rerecorded = Files.readString(cassette);
        assertThat(rerecorded).contains("Connecting you to a colleague now.");
        // Only the edited flow's time changed in what the cassette was recorded against.
        assertThat(changedFlowLines(rerecorded)).hasSameSizeAs(changedFlowLines(recordedText))
                .containsAll(changedFlowLines(recordedText).stream().filter(l -> !l.contains("flow_escalation")).toList())
                .doesNotContainAnyElementsOf(changedFlowLines(recordedText).stream().filter(l -> l.contains("flow_escalation")).toList());
    }

    @Test
    @DisplayName("auto with generated playbooks against a tenant's live project: the flows' last-change times are in the"
            + " fingerprint, so an edit inside a flow runs every test again; unchanged, nothing is run")
    void autoWithGeneratedPlaybooksNoticesAnEditInsideAFlow() throws IOException {
        // The generated playbooks' backend is made from the run's tests, not by the services' factory: what ran live and
        // what was replayed is read from the records.
        String definition = Files.readString(bot);
        int port;
        try (CognigySandbox tenant = tenant(definition, 0)) {
            port = tenant.port();
            Run recorded = generatedPlaybooksAgainst(tenant, "auto");
            assertThat(recorded.outcomes()).isNotEmpty().allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
            assertThat(recorded.records()).noneMatch(SimulationRecord::replayed);
        }
        String recordedText = Files.readString(cassettes.resolve(dataFile + ".cassette.json"));
        assertThat(recordedText).contains("\"snapshot\" : \"live project\"", "\"flow changed: flow_escalation\"");

        try (CognigySandbox tenant = tenant(definition, port)) {
            Run unchanged = generatedPlaybooksAgainst(tenant, "auto");
            assertThat(unchanged.records()).isNotEmpty().allMatch(SimulationRecord::replayed);
        }

        String edited = definition.replace("Connecting you to a human agent now.", "Connecting you to a colleague now.");
        try (CognigySandbox tenant = tenant(edited, port)) {
            Run auto = generatedPlaybooksAgainst(tenant, "auto");
            assertThat(auto.records()).isNotEmpty().noneMatch(SimulationRecord::replayed);
            assertThat(auto.console()).contains("flow changed: flow_escalation");
        }
    }

    /** A run of generated playbooks at {@code tenant}'s management API, against its REST endpoint, in {@code mode}. */
    private Run generatedPlaybooksAgainst(CognigySandbox tenant, String mode) {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(), Constants.MANAGEMENT_API_KEY_ENV,
                TENANT_KEY);
        return run(mode, "playbooks", Map.of(Constants.PLAYBOOKS_MODE, "generated", Constants.MANAGEMENT_URL,
                tenant.managementUrl(), Constants.MANAGEMENT_PROJECT_ID, tenant.projectId()), environment, false);
    }

    private static List<String> changedFlowLines(String cassette) {
        return cassette.lines().filter(l -> l.contains("\"flow changed: ")).toList();
    }

    private static final String TENANT_KEY = "replay-mgmt-key-271";
    private static final String TENANT_TOKEN = "replay0url0token0000000000000000000000000000000000000000000000ab";

    /** The bot as a tenant serves it: its REST endpoint and management API, on {@code port} (0: any free one). */
    private static CognigySandbox tenant(String definition, int port) {
        return CognigySandbox.start(BotDefinition.parse(definition, "order-bot.yaml"), SandboxOptions.defaults()
                .withManagementApiKey(TENANT_KEY).withUrlToken(TENANT_TOKEN).withPort(port));
    }

    /** A run of the {@code endpoint} backend at {@code tenant}'s REST endpoint, with its management API, in {@code mode}. */
    private Run runAgainst(CognigySandbox tenant, String mode) {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, tenant.endpointUrl(), Constants.MANAGEMENT_API_KEY_ENV,
                TENANT_KEY);
        return run(mode, "endpoint", Map.of(Constants.MANAGEMENT_URL, tenant.managementUrl(), Constants.MANAGEMENT_PROJECT_ID,
                tenant.projectId()), environment, false);
    }

    @Test
    @DisplayName("auto: cassettes recorded with the REST Endpoint's Code node in each flow (per-flow) are not replayed for a run"
            + " that places it once (shared), where flowName names another flow: its tests run live and fail as they do live")
    void autoNoticesTheCodeNodePlacement() throws IOException {
        Files.writeString(dataFile, resource("e2e/no-intent-follow-up.sim.yaml"));
        Map<String, String> perFlow = Map.of(Constants.ENDPOINT_CODE_NODE, "per-flow");
        Run recorded = run("record", "endpoint", perFlow);
        assertThat(recorded.outcomes()).hasSize(2).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));

        sent.clear();
        Run shared = run("auto", "endpoint", Map.of(Constants.ENDPOINT_CODE_NODE, "shared"));
        assertThat(shared.console()).contains("recorded against another bot, its tests ran live (code-node: per-flow -> null)");
        assertThat(sent).hasSize(2);
        assertThat(shared.outcomes().values()).containsExactlyInAnyOrder(Outcome.PASSED, Outcome.FAILED);

        sent.clear();
        Run again = run("auto", "endpoint", perFlow);
        assertThat(again.outcomes().values()).containsOnly(Outcome.PASSED);
        assertThat(sent).as("recorded under shared by the run before, which ran them live").hasSize(2);
    }

    @Test
    @DisplayName("a replayed answer whose flow came from a Code node placed once still says so when its next_flow fails, as"
            + " the live answer did")
    void replayKeepsTheFlowCaveat() throws IOException {
        Files.writeString(dataFile, resource("e2e/no-intent-follow-up.sim.yaml"));
        Run recorded = run("record", "endpoint");
        Run replayed = run("replay", "endpoint");
        assertThat(replayed.records()).allMatch(SimulationRecord::replayed);
        for (Run run : List.of(recorded, replayed)) {
            assertThat(run.records()).as(run == recorded ? "recorded" : "replayed").filteredOn(r -> r.outcome() == Outcome.FAILED).singleElement()
                    .extracting(SimulationRecord::message).asString()
                    .contains("but was: \"Test Reporting\"", "cognigy.endpoint.code-node=per-flow");
        }
    }

    @Test
    @DisplayName("a repeated test (repeat: 3) records each repetition under its own id and replays each: the same"
            + " distribution, nothing sent, the test marked replayed, no repetition listed as stale")
    void repeatedTestRecordsAndReplaysEachRepetition() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        Run recorded = run("record", "sandbox");
        assertThat(sent).hasSize(4);
        SimulationRecord where = recorded.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(where.repetitions().runs()).isEqualTo(3);
        String cassette = Files.readString(cassettes.resolve(dataFile + ".cassette.json"));
        assertThat(cassette).contains("[case:test_where]/[repetition:2]", "[case:test_where]/[repetition:3]");

        sent.clear();
        Run replayed = run("replay", "sandbox");
        assertThat(sent).isEmpty();
        SimulationRecord again = replayed.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(again.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(again.repetitions()).isEqualTo(where.repetitions());
        assertThat(again.replayed()).as("every repetition was answered from the cassette").isTrue();
        assertThat(replayed.console()).contains("2 replayed, 0 live").doesNotContain("not in this run");

        sent.clear();
        run("auto", "sandbox");
        assertThat(sent).isEmpty();

        // Repeated more often than recorded: the runs without a recording are no answers of the bot, so even a pass
        // ratio the recorded runs meet does not pass the test; it fails saying to record.
        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 3", "repeat: 5"));
        Run more = run("replay", "sandbox", Map.of(Constants.REPEAT_PASS_RATIO, "0.5"));
        assertThat(sent).isEmpty();
        SimulationRecord five = more.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(five.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(five.message()).contains("no recording for ", "[case:test_where]/[repetition:4]",
                "the test repeats more often than it was recorded", "run once with cognigy.replay=record");
        // Never judged, so under no stability verdict: not "1 stable" for the runs it made before the missing one.
        assertThat(five.repetitions()).isNull();
        assertThat(more.console()).doesNotContain("[cognigy] stability:");
    }

    @Test
    @DisplayName("a repeated test's run that timed out while recording is recorded as unanswered: replayed, it counts as"
            + " a run that got no answer, as when recording, so a pass ratio below 1 passes the test in replay as in record,"
            + " with the same runs; auto asks the bot that run again")
    void repetitionThatTimedOutWhileRecording() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                """);
        timingOut = request -> request.test() != null && request.test().endsWith("[repetition:2]");
        Map<String, String> ratio = Map.of(Constants.REPEAT_PASS_RATIO, "0.6");
        Run recorded = run("record", "sandbox", ratio);
        SimulationRecord where = recorded.records().get(0);
        assertThat(where.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(where.repetitions().passed()).isEqualTo(2);

        timingOut = request -> false;
        sent.clear();
        Run replayed = run("replay", "sandbox", ratio);

        assertThat(sent).isEmpty();
        SimulationRecord again = replayed.records().get(0);
        assertThat(again.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(again.repetitions()).isEqualTo(where.repetitions());
        assertThat(again.message()).isEqualTo(where.message());
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        assertThat(Files.readString(cassette)).contains("[case:test_where]/[repetition:2]", "[case:test_where]/[repetition:3]",
                "\"unanswered\" : {", "\"kind\" : \"timeout\"", "\"message\" : \"no answer within 30s\"");
        assertThat(recorded.console()).contains("recorded 3 exchanges in ", "(1 of them unanswered");

        // auto replays answers only: the run that got none is asked again, and recorded with the answer it now gets.
        run("auto", "sandbox", ratio);
        assertThat(sent).containsExactly("where is my order ORD_99");
        assertThat(Files.readString(cassette)).doesNotContain("unanswered");
    }

    @Test
    @DisplayName("a message recorded unanswered, replayed, counts as replayed: its test's outcome comes from the cassette,"
            + " so results.json, the console and require-live's reason count it so, not as neither replayed nor live; in"
            + " auto, a repeated test whose run the bot again leaves unanswered asked the bot, and is partly replayed")
    void unansweredMessagesAreCountedWhereTheyCameFrom() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        timingOut = request -> request.test() != null
                && (request.test().endsWith("[repetition:2]") || request.test().endsWith("[case:test_hi]"));
        Map<String, String> ratio = Map.of(Constants.REPEAT_PASS_RATIO, "0.6");
        Run recorded = run("record", "sandbox", ratio);
        assertThat(recorded.console()).contains("4 sent to the bot", "(2 of them unanswered");

        Map<String, String> strict = Map.of(Constants.REPEAT_PASS_RATIO, "0.6", Constants.GOVERNANCE_REQUIRE_LIVE, "true");
        Run replayed = runToItsEnd("replay", "sandbox", strict, Map.of(), true);
        SimulationRecord hi = replayed.records().stream().filter(r -> r.testId().equals("test_hi")).findFirst().orElseThrow();
        assertThat(hi.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(hi.replayed()).as("its outcome came from the cassette").isTrue();
        assertThat(replayed.records()).allSatisfy(r -> assertThat(r.replayed()).as(r.testId()).isTrue());
        assertThat(replayed.console()).contains("[cognigy] replay: 2 replayed, 0 live (cognigy.replay=replay)",
                "2 messages answered from cassettes, 2 replayed unanswered as recorded, 0 sent to the bot");
        JsonNode results = JsonMapper.builder().build().readTree(folder.resolve("reports/results.json").toFile());
        assertThat(results.path("replay").path("replayed").asInt()).isEqualTo(2);
        assertThat(results.path("replay").path("live").asInt()).isZero();
        assertThat(replayed.engineFailure()).get().asString().contains("2 of 2 simulations were answered from cassettes");

        // auto asks the bot again what was recorded unanswered; it answers test_hi now, but not the second run.
        sent.clear();
        Run auto = run("auto", "sandbox", ratio);
        assertThat(sent).hasSize(2);
        SimulationRecord where = auto.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(where.replayed()).as("its second run went to the bot").isFalse();
        assertThat(where.replayedAnswers()).isEqualTo(2);
        assertThat(auto.console()).contains("[cognigy] replay: 0 replayed, 2 live, 1 of them partly replayed (cognigy.replay=auto)");
    }

    @Test
    @DisplayName("a cassette without an entry for a repeated test's run (recorded by an earlier version, which kept none"
            + " for a run that got no answer, or an entry removed) still fails that run in replay, never passing on the"
            + " runs it has")
    void repetitionNeverRecordedStillFails() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                """);
        Map<String, String> ratio = Map.of(Constants.REPEAT_PASS_RATIO, "0.6");
        run("record", "sandbox", ratio);
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        JsonMapper json = JsonMapper.builder().enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();
        tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) json.readTree(cassette.toFile());
        tools.jackson.databind.node.ArrayNode exchanges = (tools.jackson.databind.node.ArrayNode) root.get("exchanges");
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            if (exchanges.get(i).path("test").asString().endsWith("[repetition:2]")) exchanges.remove(i);
        }
        Files.writeString(cassette, json.writeValueAsString(root));

        Run replayed = run("replay", "sandbox", ratio);

        SimulationRecord again = replayed.records().get(0);
        assertThat(again.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(again.repetitions()).as("never judged").isNull();
        assertThat(again.message()).contains("no recording for ", "[case:test_where]/[repetition:2]",
                        "a later run of the test was recorded, this one not", "run once with cognigy.replay=record")
                .doesNotContain("repeats more often");
    }

    @Test
    @DisplayName("recorded again, a test or a repeated test's run that now gets no answer is recorded as unanswered, its"
            + " earlier answer dropped: replayed, it fails there as it did when recorded, with the same outcome, instead of"
            + " replaying the answer of the recording before")
    void recordingAgainDropsWhatGotNoAnswerNow() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        run("record", "sandbox");
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        assertThat(Files.readString(cassette)).contains("[case:test_where]/[repetition:2]", "[case:test_hi]")
                .doesNotContain("unanswered");

        // The nightly recording meets a bot that leaves two messages unanswered.
        timingOut = request -> request.test() != null
                && (request.test().endsWith("[repetition:2]") || request.test().endsWith("[case:test_hi]"));
        Run recorded = run("record", "sandbox");
        assertThat(recorded.records()).extracting(SimulationRecord::outcome).containsOnly(Outcome.TIMEOUT);
        assertThat(recorded.console()).contains("recorded 4 exchanges in ", "(2 of them unanswered");
        String text = Files.readString(cassette);
        assertThat(text).contains("[case:test_where]/[repetition:3]");
        assertThat(text.substring(text.indexOf("[case:test_hi]"))).contains("\"unanswered\"");
        assertThat(text.substring(text.indexOf("[case:test_where]/[repetition:2]"))).contains("\"unanswered\"");

        timingOut = request -> false;
        sent.clear();
        Run replayed = run("replay", "sandbox");
        assertThat(sent).isEmpty();
        Map<String, SimulationRecord> byTest = new TreeMap<>();
        replayed.records().forEach(r -> byTest.put(r.testId(), r));
        Map<String, SimulationRecord> byTestRecorded = new TreeMap<>();
        recorded.records().forEach(r -> byTestRecorded.put(r.testId(), r));
        for (String test : List.of("test_where", "test_hi")) {
            assertThat(byTest.get(test).outcome()).as(test).isEqualTo(Outcome.TIMEOUT);
            assertThat(byTest.get(test).repetitions()).as(test).isEqualTo(byTestRecorded.get(test).repetitions());
        }
        assertThat(byTest.get("test_where").message()).contains("run 2 of 3: no answer within 30s",
                "the bot gave this message no answer when it was recorded");
        assertThat(byTest.get("test_hi").message()).contains("no answer within 30s",
                "the bot gave this message no answer when it was recorded");
    }

    @Test
    @DisplayName("a repeated test recorded again with fewer runs keeps none of the earlier recording's later runs: its"
            + " count raised again, replay fails at the first run not recorded instead of judging the new runs beside"
            + " the old ones; the other tests' entries are kept")
    void repeatLoweredThenRecordedAgainKeepsNoOlderRuns() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 4
                    expect: { intent: check_order }
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        run("record", "sandbox");
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        assertThat(Files.readString(cassette)).contains("[case:test_where]/[repetition:4]");

        // Recorded again with two runs and only test_where selected (a shard, an IDE): test_hi's entry is not its to drop.
        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 4", "repeat: 2"));
        Run lowered = runSelecting("record", org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                org.junit.platform.engine.UniqueId.forEngine("cognigy").append("file", shown(dataFile)).append("case", "test_where")));
        assertThat(lowered.records()).extracting(SimulationRecord::testId).containsExactly("test_where");
        assertThat(Files.readString(cassette)).contains("[case:test_where]/[repetition:2]", "[case:test_hi]")
                .doesNotContain("[case:test_where]/[repetition:3]", "[case:test_where]/[repetition:4]");
        assertThat(lowered.console()).doesNotContain("[repetition:3]", "[repetition:4]");

        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 2", "repeat: 4"));
        sent.clear();
        Run raised = run("replay", "sandbox");
        assertThat(sent).isEmpty();
        SimulationRecord where = raised.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(where.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(where.message()).contains("no recording for ", "[case:test_where]/[repetition:3]",
                "the test repeats more often than it was recorded");
        assertThat(where.repetitions()).isNull();
    }

    @Test
    @DisplayName("recording one test drops earlier entries a replay still asks for, and says which and why: a conversation's"
            + " later turns after its turn was rerun alone (an IDE's rerun), every other test after the bot changed")
    void recordingOneTestSaysWhatItDropped() throws IOException {
        run("record", "sandbox");
        org.junit.platform.engine.UniqueId file = org.junit.platform.engine.UniqueId.forEngine("cognigy").append("file", shown(dataFile));
        String conversation = "[file:" + shown(dataFile) + "]/[conversation:test_e2e_conversation]";

        Run turnAlone = runSelecting("record", org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                file.append("conversation", "test_e2e_conversation").append("turn", "2")));
        assertThat(turnAlone.console()).contains("recorded 2 exchanges in ", "; dropped 2 earlier entries: " + conversation
                + "/[turn:3], " + conversation + "/[turn:4], since this run sent their conversation only up to an earlier"
                + " turn, and the bot answered them in another session, after other answers: a replay that reaches them"
                + " finds no answer until their tests are recorded again (record them, or the whole suite, with"
                + " cognigy.replay=record or auto)");
        Run replayed = run("replay", "sandbox");
        assertThat(replayed.records()).filteredOn(r -> r.outcome() == Outcome.ERROR).singleElement()
                .extracting(SimulationRecord::message).asString().contains("no recording for " + conversation + "/[turn:3]");

        run("record", "sandbox");
        Files.writeString(bot, Files.readString(bot) + "\n# a changed bot\n");
        Run oneCase = runSelecting("record", org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                file.append("case", "test_e2e_order")));
        assertThat(oneCase.console()).contains("recorded 1 exchanges in ", "; dropped 4 earlier entries: " + conversation
                + "/[turn:1], ", ", since they were recorded against another bot (bot: sha256:");
    }

    @Test
    @DisplayName("a cassette that cannot be written (a folder where it should be) fails the recording run once its tests have"
            + " reported, naming the file, the tests whose recordings are lost and the fix; record and auto alike")
    void unwritableCassetteFailsTheRun() throws IOException {
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        Files.createDirectories(cassette.resolve("in the way"));
        String tests = "[file:" + shown(dataFile) + "]/[case:test_e2e_order], [file:" + shown(dataFile)
                + "]/[conversation:test_e2e_conversation]";
        for (String mode : List.of("record", "auto")) {
            Run recorded = runToItsEnd(mode, "sandbox", Map.of(), Map.of(), true);
            assertThat(recorded.outcomes()).as(mode).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
            assertThat(recorded.engineFailure()).as(mode).get().asString().startsWith("recordings were not saved: " + shown(cassette)
                    + " cannot be written (").contains("): this run's recordings of " + tests + " are not saved — a folder stands"
                    + " where the file should be: move " + shown(cassette) + " away, and record them again with"
                    + " cognigy.replay=record or auto");
            assertThat(recorded.console()).as(mode).contains("[cognigy] ERROR recordings not saved: " + shown(cassette) + " cannot be written")
                    .doesNotContain("recorded 5 exchanges");
            assertThat(cassette.resolve("in the way")).as("left as it was").isDirectory();
        }

        // Once the folder is moved away the same run records, and passes.
        Files.delete(cassette.resolve("in the way"));
        Files.delete(cassette);
        assertThat(run("record", "sandbox").console()).contains("recorded 5 exchanges in " + shown(cassette));
    }

    @Test
    @DisplayName("the bot's schema that cannot be written fails the recording run too, naming bot.schema.json and the fix")
    void unwritableSchemaFailsTheRun() throws IOException {
        Path schema = cassettes.resolve("bot.schema.json");
        Files.createDirectories(schema);
        Run recorded = runToItsEnd("record", "sandbox", Map.of(), Map.of(), true);
        assertThat(recorded.outcomes()).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        assertThat(recorded.engineFailure()).get().asString().startsWith("recordings were not saved: " + shown(schema)
                + " cannot be written (").contains("the bot's schema this run read is not saved, so a replay checks no"
                + " expectation against it before sending — a folder stands where the file should be: move " + shown(schema) + " away");
        assertThat(cassettes.resolve(dataFile + ".cassette.json")).as("the cassettes are written all the same").isRegularFile();
    }

    @Test
    @DisplayName("a Botium convo named near the file system's 255 bytes (a Japanese name) records into a cassette of a"
            + " shorter name of its own, and replays from it")
    void convoWithALongNameRecordsAndReplays() throws IOException {
        Path convo = folder.resolve("挨拶の長い名前".repeat(11) + ".convo.txt"); // 241 bytes
        Files.writeString(convo, "greeting\n\n#me\nhello\n\n#bot\nINTENT greeting\n");

        Run recorded = run("record", "sandbox", Map.of(), convo);
        assertThat(recorded.outcomes()).hasSize(6).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        assertThat(recorded.console()).doesNotContain("could not write");
        Path cassette;
        try (java.util.stream.Stream<Path> files = Files.list(cassettes.resolve(folder))) {
            cassette = files.filter(f -> f.getFileName().toString().startsWith("挨拶")).findFirst().orElseThrow();
        }
        assertThat(cassette.getFileName().toString()).matches("(挨拶の長い名前)+挨?拶?の?長?い?名?前?~[0-9a-f]{8}\\.cassette\\.json");

        sent.clear();
        Run replayed = run("replay", "sandbox", Map.of(), convo);
        assertThat(sent).isEmpty();
        assertThat(replayed.records()).hasSize(6).allMatch(SimulationRecord::replayed);
    }

    @Test
    @DisplayName("auto keeps a repeated test's recording whole: fewer runs replayed keep the later ones (one recording),"
            + " more runs keep the replayed ones beside the runs recorded live, and a changed test sent again loses"
            + " the runs it no longer makes")
    void autoKeepsARepeatedTestsRecordingWhole() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                """);
        run("record", "sandbox");
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        String three = Files.readString(cassette);

        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 3", "repeat: 2"));
        sent.clear();
        Run fewer = run("auto", "sandbox");
        assertThat(sent).isEmpty();
        assertThat(Files.readString(cassette)).isEqualTo(three);
        assertThat(fewer.console()).contains("[case:test_where]/[repetition:3]").doesNotContain("not in this run");

        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 2", "repeat: 4"));
        sent.clear();
        run("auto", "sandbox");
        assertThat(sent).as("only the fourth run asks the bot").hasSize(1);
        assertThat(Files.readString(cassette)).contains("[case:test_where]\"", "[case:test_where]/[repetition:3]",
                "[case:test_where]/[repetition:4]");

        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 4", "repeat: 2")
                .replace("where is my order ORD_99", "where is my order ORD_98"));
        sent.clear();
        run("auto", "sandbox");
        assertThat(sent).hasSize(2);
        assertThat(Files.readString(cassette)).contains("ORD_98", "[case:test_where]/[repetition:2]")
                .doesNotContain("ORD_99", "[repetition:3]", "[repetition:4]");
    }

    @Test
    @DisplayName("runs of a repeated conversation's turn the run did not make (beyond the count now, or after a failed"
            + " turn) are listed as such, not as recorded tests that are not in the run")
    void runsNotMadeAreNotCalledTestsNotInTheRun() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                conversations:
                  - id: test_conv
                    repeat: 3
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order ORD_99
                        expect: { intent: check_order }
                """);
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 3", "repeat: 2")
                .replace("expect: { intent: greeting }", "expect: { intent: escalate }"));
        Run replayed = run("replay", "sandbox");
        assertThat(replayed.records()).extracting(SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Outcome.FAILED, Outcome.SKIPPED);
        String file = shown(cassettes.resolve(dataFile + ".cassette.json"));
        assertThat(replayed.console()).doesNotContain("not in this run")
                .contains(file + ": 3 recorded runs of this run's repeated tests that it did not make (beyond the repeat"
                        + " count now, or not reached), kept until their test is recorded again: ")
                .contains("[turn:1]/[repetition:3]", "[turn:2]/[repetition:2]", "[turn:2]/[repetition:3]");

        // A conversation gone (renamed): its turn tests are stale, each named once, not once for every recorded run.
        Files.writeString(dataFile, Files.readString(dataFile).replace("id: test_conv", "id: test_renamed"));
        String conversation = "[file:" + shown(dataFile) + "]/[conversation:test_conv]";
        assertThat(run("replay", "sandbox").console()).contains(file + ": 2 recorded tests not in this run (stale if removed): "
                + conversation + "/[turn:1], " + conversation + "/[turn:2]\n");
    }

    @Test
    @DisplayName("a test partly replayed (repeated more often than recorded, in auto) counts as live but is marked partly"
            + " replayed everywhere, and cognigy.governance.require-live refuses it: some of its answers are the bot's as recorded")
    void partlyReplayedTestIsNotLiveForRequireLive() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    repeat: 3
                    expect: { intent: check_order }
                """);
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("repeat: 3", "repeat: 4"));

        sent.clear();
        Run partly = runToItsEnd("auto", "sandbox", Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "true"), Map.of(), true);
        assertThat(sent).as("only the fourth run asks the bot").hasSize(1);
        SimulationRecord where = partly.records().stream().filter(r -> r.testId().equals("test_where")).findFirst().orElseThrow();
        assertThat(where.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(where.replayed()).isFalse();
        assertThat(where.replayedAnswers()).isEqualTo(3);
        assertThat(partly.governance()).isEqualTo(Governance.REVIEW_REQUIRED);
        assertThat(partly.engineFailure()).get().asString().contains("1 of 1 simulations were answered from cassettes, wholly or"
                + " partly", "cognigy.governance.require-live=true");
        assertThat(partly.console()).contains("[cognigy] replay: 0 replayed, 1 live, 1 of them partly replayed (cognigy.replay=auto)");
        JsonNode results = JsonMapper.builder().build().readTree(folder.resolve("reports/results.json").toFile());
        assertThat(results.path("replay").path("partly_replayed").asInt()).isEqualTo(1);
        assertThat(results.path("results").get(0).path("replayed_answers").asInt()).isEqualTo(3);
        assertThat(Files.readString(folder.resolve("reports/index.html"))).contains(">partly replayed</span>",
                "1 live, 1 of them partly replayed");

        // All four runs recorded now: the same test, wholly live when recorded again, no longer falls short for replayed
        // answers; only for the sandbox answering in the bot's place, which require-live refuses as well.
        Run live = runToItsEnd("record", "sandbox", Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "true"), Map.of(), true);
        assertThat(live.records().get(0).replayedAnswers()).isZero();
        assertThat(live.engineFailure()).get().asString().doesNotContain("cassettes")
                .contains("the run's answers came from the embedded sandbox (cognigy.backend=sandbox)");
        assertThat(live.governance()).isEqualTo(Governance.REVIEW_REQUIRED);
    }

    @Test
    @DisplayName("a repeated conversation records every run's turns under ids of their own and replays them: the same"
            + " distributions, nothing sent, every turn test replayed")
    void repeatedConversationRecordsAndReplaysEachRun() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                conversations:
                  - id: test_conv
                    repeat: 3
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order ORD_99
                        expect: { intent: check_order }
                """);
        Run recorded = run("record", "sandbox");
        assertThat(sent).hasSize(6);
        String cassette = Files.readString(cassettes.resolve(dataFile + ".cassette.json"));
        assertThat(cassette).contains("[turn:2]/[repetition:3]");

        sent.clear();
        Run replayed = run("replay", "sandbox");
        assertThat(sent).isEmpty();
        for (String test : List.of("test_conv#1", "test_conv#2")) {
            SimulationRecord before = recorded.records().stream().filter(r -> r.testId().equals(test)).findFirst().orElseThrow();
            SimulationRecord again = replayed.records().stream().filter(r -> r.testId().equals(test)).findFirst().orElseThrow();
            assertThat(again.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(again.repetitions().runs()).isEqualTo(3);
            assertThat(again.repetitions()).isEqualTo(before.repetitions());
            assertThat(again.replayed()).isTrue();
        }
    }

    @Test
    @DisplayName("a repeated conversation whose second run got no answer at its first turn while recording gets the same"
            + " verdicts in replay: each turn's test passes or fails as recorded, with the same runs")
    void repeatedConversationWithAnUnansweredRun() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                conversations:
                  - id: test_conv
                    repeat: 3
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order ORD_99
                        expect: { intent: check_order }
                """);
        timingOut = request -> request.test() != null && request.test().endsWith("[turn:1]/[repetition:2]");
        Map<String, String> ratio = Map.of(Constants.REPEAT_PASS_RATIO, "0.6");
        Run recorded = run("record", "sandbox", ratio);
        assertThat(sent).hasSize(5);

        timingOut = request -> false;
        sent.clear();
        Run replayed = run("replay", "sandbox", ratio);
        assertThat(sent).isEmpty();
        for (String test : List.of("test_conv#1", "test_conv#2")) {
            SimulationRecord before = recorded.records().stream().filter(r -> r.testId().equals(test)).findFirst().orElseThrow();
            SimulationRecord again = replayed.records().stream().filter(r -> r.testId().equals(test)).findFirst().orElseThrow();
            assertThat(before.outcome()).as(test).isEqualTo(Outcome.PASSED);
            assertThat(again.outcome()).as(test).isEqualTo(before.outcome());
            assertThat(again.repetitions()).as(test).isEqualTo(before.repetitions());
        }
    }

    @Test
    @DisplayName("replay of a test never recorded fails it, saying to record once; the recorded tests still pass")
    void noRecording() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("conversations:", """
                  - id: test_e2e_new
                    utterance: hi
                    expect: { intent: greeting }
                conversations:"""));
        Run replayed = run("replay", "sandbox");
        assertThat(sent).hasSize(5);
        assertThat(replayed.outcomes().values()).containsOnly(Outcome.PASSED, Outcome.ERROR);
        SimulationRecord missing = replayed.records().stream().filter(r -> r.testId().equals("test_e2e_new")).findFirst().orElseThrow();
        assertThat(missing.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(missing.message()).contains("no recording for ", "test_e2e_new", ": run once with cognigy.replay=record");
    }

    @Test
    @DisplayName("runs through two backends sharing one cognigy.replay.dir (a build's Surefire executions): a test the other"
            + " backend's record left out fails in replay saying so and naming the fix, not 'run once with record', which"
            + " would write over the other backend's cassette again; auto says why the cassette went live")
    void cassetteOfAnotherBackend() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("conversations:", """
                  - id: test_e2e_new
                    utterance: hi
                    expect: { intent: greeting }
                conversations:"""));
        Run replayed = run("replay", "endpoint");
        SimulationRecord missing = replayed.records().stream().filter(r -> r.testId().equals("test_e2e_new")).findFirst().orElseThrow();
        assertThat(missing.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(missing.message()).contains("no recording for ", "test_e2e_new",
                        "(the cassette was recorded through backend sandbox, this run's is sandbox-endpoint: runs through different"
                                + " backends that share one cognigy.replay.dir replace each other's recordings): give each backend"
                                + " its own cognigy.replay.dir")
                .doesNotContain(": run once with cognigy.replay=record (");
        // The tests the other backend recorded were replayed for this one: said once for the cassette.
        assertThat(replayed.console()).containsOnlyOnce("its answers were replayed for this run's backend").contains(": the cassette was recorded through backend"
                + " sandbox, this run's is sandbox-endpoint: runs through different backends that share one cognigy.replay.dir"
                + " replace each other's recordings; its answers were replayed for this run's backend — if each backend is"
                + " meant to be checked on its own answers, give each its own cognigy.replay.dir and record through it");

        Run auto = run("auto", "endpoint");
        assertThat(auto.console()).contains("recorded against another bot, its tests ran live (backend: sandbox -> sandbox-endpoint",
                "; the cassette was recorded through backend sandbox, this run's is sandbox-endpoint: runs through different"
                        + " backends that share one cognigy.replay.dir replace each other's recordings: give each backend its own"
                        + " cognigy.replay.dir)");
        // the same backend: the message stays as it was
        Files.writeString(dataFile, Files.readString(dataFile).replace("id: test_e2e_new", "id: test_e2e_newer"));
        Run same = run("replay", "endpoint");
        assertThat(same.records().stream().filter(r -> r.testId().equals("test_e2e_newer")).findFirst().orElseThrow().message())
                .endsWith(": run once with cognigy.replay=record").doesNotContain("backend");
        assertThat(same.console()).as("replayed through the backend that recorded").doesNotContain("its answers were replayed");
    }

    @Test
    @DisplayName("replay of a test whose message changed since it was recorded fails it, naming the change, instead of"
            + " judging the old message's answer: a case's new text, a conversation turn's new text")
    void replayOfAChangedMessage() throws IOException {
        run("record", "sandbox");
        // The bot would not answer the new texts as expected; the old recordings would still pass.
        Files.writeString(dataFile, Files.readString(dataFile)
                .replace("utterance: where is my order ORD_99", "utterance: I want a human ORD_99")
                .replace("say: I want a human", "say: thanks, bye"));
        sent.clear();
        Run replayed = run("replay", "sandbox");

        assertThat(sent).isEmpty();
        SimulationRecord changedCase = replayed.records().stream().filter(r -> r.testId().equals("test_e2e_order")).findFirst().orElseThrow();
        assertThat(changedCase.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(changedCase.message()).contains("no recording for ", "test_e2e_order", "its text (recorded \"where is my"
                + " order ORD_99\", now \"I want a human ORD_99\") changed since it was recorded", "cognigy.replay=record");
        SimulationRecord changedTurn = replayed.records().stream().filter(r -> r.testId().equals("test_e2e_conversation#4"))
                .findFirst().orElseThrow();
        assertThat(changedTurn.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(changedTurn.message()).contains("turn 4", "now \"thanks, bye\"");
        assertThat(replayed.records().stream().filter(r -> r.outcome() == Outcome.PASSED).map(SimulationRecord::testId))
                .containsExactlyInAnyOrder("test_e2e_conversation#1", "test_e2e_conversation#2", "test_e2e_conversation#3");
        assertThat(replayed.governance()).isEqualTo(Governance.REVIEW_REQUIRED);
        // The two tests without a recording asked the bot nothing either: neither replayed nor live.
        assertThat(replayed.console()).contains("[cognigy] replay: 3 replayed, 0 live (cognigy.replay=replay)");
        JsonNode replay = JsonMapper.builder().build().readTree(folder.resolve("reports/results.json").toFile()).path("replay");
        assertThat(replay.path("replayed").asInt()).isEqualTo(3);
        assertThat(replay.path("live").asInt()).isZero();
    }

    @Test
    @DisplayName("the changed text is quoted escaped: a terminal escape sequence, a carriage return or a line separator in"
            + " it does not reach the console raw")
    void changedMessageQuotedEscaped() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile)
                .replace("utterance: where is my order ORD_99", "utterance: \"where is my order ORD_99 \\e[2J\\r\\u2028\\u202Eevil\""));
        Run replayed = run("replay", "sandbox");

        String message = replayed.records().stream().filter(r -> r.testId().equals("test_e2e_order")).findFirst().orElseThrow()
                .message();
        assertThat(message).contains("its text (recorded \"where is my order ORD_99\", now \"where is my order ORD_99"
                + " \\u001b[2J\\r\\u2028\\u202eevil\") changed since it was recorded");
        assertThat(message.chars().filter(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x202E)).isEmpty();
    }

    @Test
    @DisplayName("a replayed run says so: results.json, index.html, the audit record and the console carry the mode and the"
            + " fingerprint; with cognigy.governance.require-live it is REVIEW_REQUIRED and the run fails")
    void reportsSayReplayed() throws IOException {
        Run recorded = run("record", "sandbox");
        assertThat(recorded.governance()).isEqualTo(Governance.COMPLIANT);
        Path audit = folder.resolve("audit.jsonl");
        Run replayed = run("replay", "sandbox", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(replayed.governance()).isEqualTo(Governance.COMPLIANT);
        assertThat(replayed.console()).contains("[cognigy] replay: 5 replayed, 0 live (cognigy.replay=replay)");

        JsonNode results = JsonMapper.builder().build().readTree(folder.resolve("reports/results.json").toFile());
        assertThat(results.path("replay").path("mode").asString()).isEqualTo("replay");
        assertThat(results.path("replay").path("replayed").asInt()).isEqualTo(5);
        assertThat(results.path("replay").path("live").asInt()).isZero();
        assertThat(results.path("replay").path("fingerprint").path("bot").asString()).startsWith("sha256:");
        assertThat(results.path("results").valueStream().map(r -> r.path("replayed").asBoolean())).containsOnly(true);
        assertThat(Files.readString(folder.resolve("reports/index.html"))).contains("<span class=\"chip replayed\"");
        JsonNode record = JsonMapper.builder().build().readTree(Files.readAllLines(audit).get(0));
        assertThat(record.findValue("replay").path("mode").asString()).isEqualTo("replay");
        assertThat(record.findValue("replay").path("fingerprint").path("backend").asString()).isEqualTo("sandbox");

        Run strict = runToItsEnd("replay", "sandbox", Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "true"), Map.of(), true);
        assertThat(strict.governance()).isEqualTo(Governance.REVIEW_REQUIRED);
        // Every test passed, on the answers the bot gave when they were recorded: the run itself fails, as its merge would.
        assertThat(strict.outcomes().values()).containsOnly(Outcome.PASSED);
        assertThat(strict.engineFailure()).get().asString().contains("5 of 5 simulations were answered from cassettes",
                "cognigy.governance.require-live=true", "cognigy.replay=off or record");
        // Recorded live, nothing is replayed: what still falls short is the sandbox answering in the bot's place.
        Run live = runToItsEnd("record", "sandbox", Map.of(Constants.GOVERNANCE_REQUIRE_LIVE, "true"), Map.of(), true);
        assertThat(live.engineFailure()).get().asString().doesNotContain("cassettes")
                .contains("the run's answers came from the embedded sandbox (cognigy.backend=sandbox)");
    }

    @Test
    @DisplayName("a cassette holding the run's secrets in clear (an earlier version's recording, an edit) replays them masked"
            + " into no message, console line or report, and a cassette written anew keeps them masked, also where JSON"
            + " escapes them")
    void secretsInACassetteAreMaskedWhenReplayedAndWritten() throws IOException {
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml").replace("response_contains: ORD_99",
                "response_contains: shipped to the moon"));
        run("record", "sandbox");
        Path cassette = cassettes.resolve(folder.resolve("orders.sim.yaml") + ".cassette.json");
        String key = "mk-canary-\"q\\x-5d8b1e";
        String escapedKey = key.replace("\\", "\\\\").replace("\"", "\\\"");
        String token = "ut-canary-7e3a9c1f5d8b";
        Files.writeString(cassette, Files.readString(cassette).replace("Let me look up your order",
                "your key is " + escapedKey + " and your token " + token + ", order"));
        Map<String, String> environment = Map.of(Constants.MANAGEMENT_API_KEY_ENV, key, Constants.ENDPOINT_URL_ENV,
                "https://endpoint.example.com/" + token);

        Run replayed = runToItsEnd("replay", "sandbox", Map.of(), environment, true);
        assertThat(replayed.records()).filteredOn(r -> r.outcome() == Outcome.FAILED).singleElement()
                .extracting(SimulationRecord::message).asString().contains("your key is **** and your token ****, order ORD_99");
        List<String> seen = new java.util.ArrayList<>(List.of(replayed.console()));
        replayed.records().forEach(r -> seen.add(String.valueOf(r.message())));
        seen.add(Files.readString(folder.resolve("reports/results.json")));
        seen.add(Files.readString(folder.resolve("reports/index.html")));
        for (String canary : List.of(key, escapedKey, token)) assertThat(String.join("\n", seen)).doesNotContain(canary);

        // The conversation changed: auto sends it live and writes the cassette anew, keeping the order test's entry.
        Files.writeString(dataFile, Files.readString(dataFile).replace("say: I want a human", "say: transfer me to an agent"));
        runToItsEnd("auto", "sandbox", Map.of(), environment, true);
        assertThat(Files.readString(cassette)).contains("your key is **** and your token ****, order", "transfer me to an agent")
                .doesNotContain(escapedKey, token);
    }

    @Test
    @DisplayName("the audit record lists the SHA-256 of each cassette answers were replayed from, beside the data files:"
            + " a cassette edited to turn a failure into a pass shows in the trail")
    void auditRecordPinsTheCassettes() throws IOException {
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml").replace("response_contains: order number",
                "response_contains: shipped to the moon"));
        run("record", "sandbox");
        Path cassette = cassettes.resolve(folder.resolve("orders.sim.yaml") + ".cassette.json");
        String shown = cassette.toString().replace('\\', '/');
        Path audit = folder.resolve("audit.jsonl");

        Run honest = run("replay", "sandbox", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(honest.governance()).isNotEqualTo(Governance.COMPLIANT);
        Files.writeString(cassette, Files.readString(cassette).replace("what is your order number", "shipped to the moon"));
        Run edited = run("replay", "sandbox", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(edited.outcomes().values()).doesNotContain(Outcome.FAILED);

        List<String> lines = Files.readAllLines(audit);
        JsonNode first = JsonMapper.builder().build().readTree(lines.get(0)).path("data_files");
        JsonNode second = JsonMapper.builder().build().readTree(lines.get(1)).path("data_files");
        assertThat(first.path(shown).asString()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(
                Files.readString(cassette).replace("shipped to the moon", "what is your order number").getBytes(StandardCharsets.UTF_8)));
        assertThat(second.path(shown).asString()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(cassette)))
                .isNotEqualTo(first.path(shown).asString());
        assertThat(first.path(folder.resolve("orders.sim.yaml").toString().replace('\\', '/')).isMissingNode()).isFalse();
    }

    @Test
    @DisplayName("the audit record lists the SHA-256 of the recorded schema a replayed run checked its tests against: a"
            + " bot.schema.json edited to name the answer's flow as the expected one turns a failure into a pass, and shows"
            + " in the trail")
    void auditRecordPinsTheRecordedSchema() throws IOException {
        Files.writeString(dataFile, resource("e2e/order-bot.sim.yaml").replace(
                "next_flow: flow_order_status\n      response_contains: ORD_99", "next_flow: flow_escalation\n      response_contains: ORD_99"));
        run("record", "sandbox");
        Path schema = cassettes.resolve("bot.schema.json");
        String shown = schema.toString().replace('\\', '/');
        Path audit = folder.resolve("audit.jsonl");

        Run honest = run("replay", "sandbox", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(honest.outcomes().values()).contains(Outcome.FAILED);
        String recorded = Files.readString(schema);
        // flow_escalation is now a name of the flow the answer ended in: the next_flow expectation holds for it.
        Files.writeString(schema, recorded.replace("\"flow_escalation\", ", "").replace("\"flows\" :",
                "\"known_flows\" : [ { \"reported\" : \"flow_order_status\", \"name\" : \"flow_escalation\", \"ids\" : [ ] } ],\n  \"flows\" :"));
        Run edited = run("replay", "sandbox", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(edited.outcomes().values()).containsOnly(Outcome.PASSED);

        List<String> lines = Files.readAllLines(audit);
        JsonNode first = JsonMapper.builder().build().readTree(lines.get(0)).path("data_files");
        JsonNode second = JsonMapper.builder().build().readTree(lines.get(1)).path("data_files");
        assertThat(first.path(shown).asString()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(
                recorded.getBytes(StandardCharsets.UTF_8)));
        assertThat(second.path(shown).asString()).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(schema)))
                .isNotEqualTo(first.path(shown).asString());
    }

    @Test
    @DisplayName("a conversation recorded again only up to a failing turn keeps none of the earlier recording's later"
            + " turns: they were answered in another session, after other turns, and would be judged as this one's")
    void conversationRecordedAgainUpToAFailingTurn() throws IOException {
        // The second turn's answer depends on the first: a message the bot cannot place is its question asked again only
        // while the flow waits for an order number.
        Files.writeString(dataFile, """
                version: 1
                conversations:
                  - id: test_tier
                    turns:
                      - say: where is my order
                        expect: { intent: check_order }
                      - say: xyzzy plugh
                        expect: { response_contains: order number }
                """);
        run("record", "sandbox");
        // The first turn now says something else, under an expectation not yet right: the second turn is skipped.
        Files.writeString(dataFile, Files.readString(dataFile).replace("say: where is my order", "say: hello there"));
        assertThat(run("record", "sandbox").records()).extracting(SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Outcome.FAILED, Outcome.SKIPPED);
        assertThat(Files.readString(cassettes.resolve(dataFile + ".cassette.json"))).contains("hello there")
                .doesNotContain("[conversation:test_tier]/[turn:2]");

        // The first turn's expectation fixed: nothing waits for an order number, so the second turn is not understood.
        Files.writeString(dataFile, Files.readString(dataFile).replace("expect: { intent: check_order }",
                "expect: { intent: greeting }"));
        Run live = run("off", "sandbox");
        assertThat(live.records()).extracting(SimulationRecord::outcome).containsExactlyInAnyOrder(Outcome.PASSED, Outcome.FAILED);
        Run replayed = run("replay", "sandbox");
        SimulationRecord second = replayed.records().stream().filter(r -> r.testId().equals("test_tier#2")).findFirst().orElseThrow();
        assertThat(second.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(second.message()).contains("no recording for ", "[conversation:test_tier]/[turn:2]", "cognigy.replay=record");
        sent.clear();
        Run auto = run("auto", "sandbox");
        assertThat(sent).containsExactly("hello there", "xyzzy plugh");
        assertThat(auto.outcomes()).isEqualTo(live.outcomes());
    }

    @Test
    @DisplayName("a replay names the bot its cassettes were recorded against, not the one the configuration names now:"
            + " results.json, the audit record and the console, after the bot's definition changed")
    void replayNamesTheBotTheCassettesWereRecordedAgainst() throws IOException {
        run("record", "sandbox");
        JsonMapper json = JsonMapper.builder().build();
        JsonNode recordedAgainst = json.readTree(cassettes.resolve(dataFile + ".cassette.json").toFile()).path("recorded_against");
        Files.writeString(bot, Files.readString(bot).replace("Connecting you to a human agent now.", "Goodbye."));
        Path audit = folder.resolve("audit.jsonl");

        Run replayed = run("replay", "endpoint", Map.of(Constants.AUDIT_FILE, audit.toString()));
        assertThat(replayed.records()).hasSize(5).allMatch(SimulationRecord::replayed);
        JsonNode reported = json.readTree(folder.resolve("reports/results.json").toFile()).path("replay").path("fingerprint");
        assertThat(reported).isEqualTo(recordedAgainst);
        assertThat(reported.path("backend").asString()).isEqualTo("sandbox");
        assertThat(json.readTree(Files.readAllLines(audit).get(0)).findValue("replay").path("fingerprint")).isEqualTo(recordedAgainst);
        Map<String, String> facts = new TreeMap<>();
        recordedAgainst.properties().forEach(e -> facts.put(e.getKey(), e.getValue().asString()));
        assertThat(replayed.console()).contains("bot fingerprint " + dev.botsim.cognigy.engine.replay.Fingerprint.of(facts).digest());
    }

    @Test
    @DisplayName("a message whose data or injected context holds numbers (a whole number, one in a list, a decimal"
            + " with more digits than a double keeps) is replayed as recorded, not refused as changed; auto sends nothing")
    void numbersInTheRequestReplay() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_quantity
                    utterance: where is my order ORD_99
                    data: { quantity: 3, items: [1, 2], price: 0.1000000000000000055511151231257827 }
                    expect: { intent: check_order }
                conversations:
                  - id: test_counted
                    inject_context: { visits: 2 }
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                """);
        // Through the REST Endpoint: the simulation API cannot inject context.
        run("record", "endpoint");
        sent.clear();
        Run replayed = run("replay", "endpoint");
        assertThat(replayed.records()).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.PASSED);
            assertThat(r.replayed()).isTrue();
        });
        Run auto = run("auto", "endpoint");
        assertThat(sent).isEmpty();
        assertThat(auto.records()).allMatch(SimulationRecord::replayed);
    }

    @Test
    @DisplayName("a check of a part of the answer cognigy.replay.redact wrote as <redacted> is not judged on the replayed"
            + " answer: response_not_contains, response_length and not_intent would pass on the placeholder where the bot's"
            + " answer fails them live; the test fails naming the checks and the fix, and a test checking nothing redacted"
            + " still replays")
    void checksOfRedactedPartsAreNotJudgedOnTheReplay() throws IOException {
        Files.writeString(dataFile, """
                version: 1
                cases:
                  - id: test_order
                    utterance: where is my order ORD_99
                    expect: { intent: check_order }
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: escalate }
                """);
        Map<String, String> redact = Map.of(Constants.REPLAY_REDACT, "/answer/turns/0/text,/answer/turns/0/intent");
        run("record", "sandbox", redact);
        // Expectations added after the recording: the bot's answer ("Let me look up your order ORD_99. …", intent
        // check_order) fails each of them.
        Files.writeString(dataFile, Files.readString(dataFile)
                .replace("expect: { intent: check_order }", "expect: { not_intent: check_order, response_not_contains: ORD_99,"
                        + " response_length: { max: 15 } }")
                .replace("expect: { intent: escalate }", "expect: { next_flow: flow_escalation }"));
        Run live = run("off", "sandbox", redact);
        assertThat(live.outcomes().values()).containsExactlyInAnyOrder(Outcome.FAILED, Outcome.PASSED);

        Run replayed = run("replay", "sandbox", redact);
        SimulationRecord order = replayed.records().stream().filter(r -> r.testId().equals("test_order")).findFirst().orElseThrow();
        assertThat(order.outcome()).as(order.message()).isEqualTo(Outcome.FAILED);
        assertThat(order.message()).contains("cannot judge not_intent, response_not_contains, response_length for \"where is my"
                + " order ORD_99\" on its replayed answer: what they check was written to the cassette as <redacted>"
                + " (cognigy.replay.redact)", "leave what the test checks out of cognigy.replay.redact and record the test again");
        SimulationRecord human = replayed.records().stream().filter(r -> r.testId().equals("test_human")).findFirst().orElseThrow();
        assertThat(human.outcome()).as("its flow was not redacted: " + human.message()).isEqualTo(Outcome.PASSED);
        assertThat(human.replayed()).isTrue();
    }

    @Test
    @DisplayName("replay from a cassette recorded against the sandbox's bot before its definition was edited says so once"
            + " per cassette, naming what changed and the fix, instead of passing on the old bot's answers unsaid; an"
            + " unchanged definition says nothing")
    void replayAfterTheSandboxBotWasEditedSaysSo() throws IOException {
        run("record", "sandbox");
        String cassette = shown(cassettes.resolve(dataFile + ".cassette.json"));
        Run unchanged = run("replay", "sandbox");
        assertThat(unchanged.console()).doesNotContain("recorded against another bot");

        String before = "sha256:" + dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(bot));
        // The bot no longer names the order it looks up: test_e2e_order's response_contains ORD_99 fails live.
        Files.writeString(bot, Files.readString(bot).replace("Let me look up your order {order_id}.", "Let me look up your order."));
        String after = "sha256:" + dev.botsim.cognigy.engine.support.Sha256.hex(Files.readAllBytes(bot));
        assertThat(order(run("off", "sandbox")).outcome()).isEqualTo(Outcome.FAILED);

        Run replayed = run("replay", "sandbox");
        assertThat(order(replayed).outcome()).as("replay judges the recorded answer").isEqualTo(Outcome.PASSED);
        assertThat(replayed.console()).containsOnlyOnce("recorded against another bot").contains("[cognigy] WARNING " + cassette
                + ": recorded against another bot than this run's configuration names (bot: " + before + " -> " + after
                + "); its answers, the bot's as it was then, were replayed all the same, and its tests judged on them — record"
                + " again (cognigy.replay=record, or auto, which sends only what changed) to judge the bot as it is now");
    }

    @Test
    @DisplayName("an expectation changed since the recording is judged on the recorded answer, and its failure says the"
            + " answer was the bot's when the test was recorded, not necessarily now; a live failure says nothing of it")
    void changedExpectationFailsSayingTheAnswerWasReplayed() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("response_contains: ORD_99", "response_contains: ORD_12345"));

        SimulationRecord replayed = order(run("replay", "sandbox"));
        assertThat(replayed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.message()).contains("in response_contains", "expected to contain \"ORD_12345\"")
                .contains("(the answer was replayed from the test's cassette, cognigy.replay: the bot's answer when the test"
                        + " was recorded, not necessarily its answer now — cognigy.replay=auto or record asks the bot)");
        SimulationRecord live = order(run("off", "sandbox"));
        assertThat(live.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(live.message()).doesNotContain("replayed");
    }

    @Test
    @DisplayName("recorded tests that are not in the run are listed as stale at its end")
    void staleEntries() throws IOException {
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("  - id: test_e2e_order", "  - id: test_e2e_renamed"));
        Run auto = run("auto", "sandbox");
        assertThat(auto.console()).contains("1 recorded test not in this run (stale if removed): [file:"
                + folder.resolve("orders.sim.yaml").toString().replace('\\', '/') + "]/[case:test_e2e_order]");
    }

    @Test
    @DisplayName("a merge-conflicted cassette fails its file's tests naming file:line and the fix, the other file's tests"
            + " still replay; auto runs that file live but does not write over it, which would lose the other side's"
            + " entries: the run fails naming the file and the fix, and once the file is deleted auto records it again")
    void conflictedCassette() throws IOException {
        Path other = folder.resolve("greeting.sim.yaml");
        Files.writeString(other, """
                version: 1
                cases:
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        run("record", "sandbox", Map.of(), other);
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(cassette));
        lines.add(9, "<<<<<<< HEAD");
        lines.add(11, "=======");
        lines.add(12, ">>>>>>> nightly");
        Files.write(cassette, lines);

        Run replayed = run("replay", "sandbox", Map.of(), other);
        assertThat(sent).hasSize(6);
        SimulationRecord hi = replayed.records().stream().filter(r -> r.testId().equals("test_hi")).findFirst().orElseThrow();
        assertThat(hi.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(hi.replayed()).isTrue();
        // The case and the conversation's first turn fail; the conversation's later turns are skipped after it.
        assertThat(replayed.records()).filteredOn(r -> r.outcome() == Outcome.ERROR).extracting(SimulationRecord::testId)
                .containsExactlyInAnyOrder("test_e2e_order", "test_e2e_conversation#1");
        assertThat(replayed.records()).filteredOn(r -> r.outcome() == Outcome.ERROR)
                .allSatisfy(r -> assertThat(r.message()).contains("cannot replay ", shown(cassette)
                        + ":10:1: a merge-conflict marker (<<<<<<<)", "resolve the conflict", "cognigy.replay=record"));
        assertThat(replayed.console()).contains("cassette problem: " + shown(cassette) + ":10:1:");

        sent.clear();
        String conflicted = Files.readString(cassette);
        Run auto = runToItsEnd("auto", "sandbox", Map.of(), Map.of(), true, other);
        assertThat(sent).hasSize(5);
        assertThat(auto.outcomes().values()).containsOnly(Outcome.PASSED);
        assertThat(Files.readString(cassette)).as("not written over").isEqualTo(conflicted);
        assertThat(auto.engineFailure()).get().asString().startsWith("recordings were not saved: " + shown(cassette)
                + ":10:1: a merge-conflict marker (<<<<<<<)").contains(". It was not written over, which would lose every"
                + " entry it holds: this run's recordings of [file:" + shown(dataFile) + "]/[case:test_e2e_order], [file:"
                + shown(dataFile) + "]/[conversation:test_e2e_conversation] are not saved — resolve it by hand and record"
                + " them again, or delete it and record all of its tests with cognigy.replay=record");

        Files.delete(cassette);
        sent.clear();
        run("auto", "sandbox", Map.of(), other);
        assertThat(sent).hasSize(5);
        assertThat(Files.readString(cassette)).doesNotContain("<<<<<<<").contains("test_e2e_conversation");
    }

    @Test
    @DisplayName("a hand-edited cassette entry that cannot be read is not dropped unsaid: auto leaves the file as it is and"
            + " fails naming the entry's line and the fix while no recording of the run replaces the entry, and writes"
            + " the file once the entry's own test is recorded again, saying which line that replaced")
    void entryItCannotReadIsNotDroppedUnsaid() throws IOException {
        run("record", "sandbox");
        Path cassette = cassettes.resolve(dataFile + ".cassette.json");
        String order = "[file:" + shown(dataFile) + "]/[case:test_e2e_order]";
        String gone = "[file:" + shown(dataFile) + "]/[case:test_gone]";
        String recorded = Files.readString(cassette);
        assertThat(recorded).contains("\"test\" : \"" + order + "\"");
        String list = "\"exchanges\" : [ {";
        // An entry of a test the data file no longer has, its answer lost in a hand edit, first in the list.
        String handEdited = recorded.replace(list, list + "\n    \"test\" : \"" + gone + "\",\n    \"turn\" : 1,\n"
                + "    \"request\" : { \"text\" : \"hand-edited\" }\n  }, {");
        // The line the list opens on, its indentation counted as the line's beginning.
        long line = recorded.substring(0, recorded.indexOf(list)).lines().count();
        Files.writeString(cassette, handEdited);
        Files.writeString(dataFile, Files.readString(dataFile).replace("where is my order ORD_99", "where is my parcel ORD_99"));

        sent.clear();
        Run kept = runToItsEnd("auto", "sandbox", Map.of(), Map.of(), true);
        assertThat(sent).containsExactly("where is my parcel ORD_99");
        assertThat(kept.outcomes()).hasSize(5).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        assertThat(Files.readString(cassette)).as("not written over").isEqualTo(handEdited);
        assertThat(kept.engineFailure()).get().asString().startsWith("recordings were not saved: " + shown(cassette) + ":"
                + line + ":1: exchanges[0] has no 'answer' object. It was not written over, which would drop that entry, which"
                + " it cannot read and no recording of this run replaces: this run's recordings of " + order + " are not saved"
                + " — fix or delete the entry by hand, and record them again with cognigy.replay=record or auto");

        // The entry made one of the test this run records: its recording takes the entry's place.
        Files.writeString(cassette, handEdited.replace(gone, order));
        sent.clear();
        Run replaced = run("auto", "sandbox");
        assertThat(sent).containsExactly("where is my parcel ORD_99");
        assertThat(replaced.console()).contains("recorded 1 exchanges in " + shown(cassette), "; replaced 1 entry it could not"
                + " read (line " + line + ") with this run's recording of its test");
        assertThat(Files.readString(cassette)).doesNotContain("hand-edited").contains("where is my parcel ORD_99");
        sent.clear();
        assertThat(run("replay", "sandbox").console()).doesNotContain("cassette problem");
    }

    @Test
    @DisplayName("a data file recorded through its @BotSimulation class (a Maven build) replays selected on its own (an IDE"
            + " running the file, a suite), and the other way round: its cassette names the file's tests, not the class")
    void cassetteOfAClassDataFileServesEverySelection() throws IOException {
        String resource = "fixtures/replay-by-class/orders.sim.yaml";
        Run recorded = runSelecting("record", selectClass(RecordedThroughItsClass.class));
        assertThat(recorded.outcomes()).hasSize(3).allSatisfy((test, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
        Path cassette = cassettes.resolve(resource + ".cassette.json");
        assertThat(Files.readString(cassette)).contains("\"test\" : \"[file:" + resource + "]/[case:test_by_class_order]\"")
                .doesNotContain("[class:");

        sent.clear();
        Run byResource = runSelecting("replay", selectClasspathResource(resource));
        assertThat(sent).isEmpty();
        assertThat(byResource.records()).hasSize(3).allMatch(SimulationRecord::replayed);
        assertThat(byResource.outcomes().values()).containsOnly(Outcome.PASSED);
        assertThat(byResource.console()).doesNotContain("not in this run");

        Run byFile = runSelecting("replay", selectFile("src/test/resources/" + resource));
        assertThat(sent).isEmpty();
        assertThat(byFile.records()).hasSize(3).allMatch(SimulationRecord::replayed);

        Files.delete(cassette);
        runSelecting("record", selectClasspathResource(resource));
        sent.clear();
        Run byClass = runSelecting("replay", selectClass(RecordedThroughItsClass.class));
        assertThat(sent).isEmpty();
        assertThat(byClass.records()).hasSize(3).allMatch(SimulationRecord::replayed);
        assertThat(byClass.outcomes().values()).containsOnly(Outcome.PASSED);
    }

    @Test
    @DisplayName("a cassette of earlier versions, whose entries name a data file's tests under their @BotSimulation class,"
            + " still replays through the class and on its own; an entry keyed as now wins over one under the class")
    void cassetteKeyedUnderItsClassStillReplays() throws IOException {
        String resource = "fixtures/replay-by-class/orders.sim.yaml";
        runSelecting("record", selectClass(RecordedThroughItsClass.class));
        Path cassette = cassettes.resolve(resource + ".cassette.json");
        String classKey = "[class:" + RecordedThroughItsClass.class.getName() + "]/[file:";
        String now = Files.readString(cassette);
        Files.writeString(cassette, now.replace("\"test\" : \"[file:", "\"test\" : \"" + classKey));
        assertThat(Files.readString(cassette)).contains(classKey);

        for (org.junit.platform.engine.DiscoverySelector selector : List.of(selectClass(RecordedThroughItsClass.class),
                selectClasspathResource(resource))) {
            sent.clear();
            Run replayed = runSelecting("replay", selector);
            assertThat(sent).as("replayed through %s", selector).isEmpty();
            assertThat(replayed.records()).hasSize(3).allMatch(SimulationRecord::replayed);
            assertThat(replayed.outcomes().values()).containsOnly(Outcome.PASSED);
            assertThat(replayed.console()).doesNotContain("not in this run", "again");
        }

        // Both keys in one cassette (an old entry left beside one recorded since): read once, no duplicate reported.
        String both = Files.readString(cassette).replaceFirst("\"exchanges\" : \\[", java.util.regex.Matcher.quoteReplacement(
                "\"exchanges\" : [" + now.substring(now.indexOf("\"exchanges\" : [") + "\"exchanges\" : [".length(),
                        now.lastIndexOf(']')).trim() + ","));
        Files.writeString(cassette, both);
        sent.clear();
        Run replayed = runSelecting("replay", selectClasspathResource(resource));
        assertThat(sent).isEmpty();
        assertThat(replayed.outcomes().values()).hasSize(3).containsOnly(Outcome.PASSED);
        assertThat(replayed.console()).doesNotContain("again");
    }

    @dev.botsim.cognigy.annotations.BotSimulation(data = "fixtures/replay-by-class")
    static class RecordedThroughItsClass {
    }

    @Test
    @DisplayName("auto: a @Conversation method whose third message changed runs again, its conversation sent to the bot"
            + " from the first message, and checks the answers the bot gave in this run; unchanged, it replays whole")
    void autoRunsAConversationMethodAgainLive() throws IOException {
        String definition = Files.readString(bot);
        int port;
        try (CognigySandbox tenant = tenant(definition, 0)) {
            port = tenant.port();
            assertThat(endpointOnly(tenant, "record", selectClass(OrderConversation.class)).outcomes().values())
                    .containsExactly(Outcome.PASSED);
        }
        try (CognigySandbox tenant = tenant(definition, port)) {
            sent.clear();
            OrderConversation.calls.set(0);
            Run unchanged = endpointOnly(tenant, "auto", selectClass(OrderConversation.class));
            assertThat(sent).isEmpty();
            assertThat(OrderConversation.calls).hasValue(1);
            assertThat(unchanged.records()).singleElement().matches(SimulationRecord::replayed);
        }

        OrderConversation.third = "ORD_78";
        try (CognigySandbox tenant = tenant(definition, port)) {
            sent.clear();
            OrderConversation.calls.set(0);
            Run changed = endpointOnly(tenant, "auto", selectClass(OrderConversation.class));
            assertThat(sent).containsExactly("hi", "where is my order", "ORD_78");
            assertThat(OrderConversation.calls).as("called once on replayed answers, then again live").hasValue(2);
            SimulationRecord order = changed.records().get(0);
            assertThat(order.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(order.replayedAnswers()).isZero();
            assertThat(order.userTurns()).extracting(SimulationRecord.UserTurn::text)
                    .containsExactly("hi", "where is my order", "ORD_78");
            assertThat(changed.entries(order.displayName(), "cognigy.replay")).containsExactly("sent live: turn 3's text"
                    + " (recorded \"ORD_77\", now \"ORD_78\") changed since it was recorded, so the method ran again, its"
                    + " conversation sent to the bot from the first turn, and checked the answers the bot gave in this run"
                    + " (the ones recorded)");
            assertThat(changed.console()).contains("[cognigy] replay: 0 replayed, 1 live (cognigy.replay=auto)",
                    "[method:order] sent live from its first turn, its unchanged turns too, each judged on this run's answer,"
                            + " because turn 3's text (recorded \"ORD_77\", now \"ORD_78\") changed since it was recorded");
        }

        // The greeting edited where the fingerprint does not see it, and the third message changed again: the method
        // checks the greeting the bot gives now, and the recording it leaves replays to the same verdict.
        OrderConversation.third = "ORD_79";
        String edited = definition.replace("Hello! I can check", "Good day! I can check");
        Run failed;
        try (CognigySandbox tenant = tenant(edited, port)) {
            sent.clear();
            failed = endpointOnly(tenant, "auto", selectClass(OrderConversation.class));
        }
        assertThat(sent).containsExactly("hi");
        assertThat(failed.records()).singleElement().satisfies(order -> {
            assertThat(order.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(order.message()).contains("Hello", "Good day!");
            assertThat(order.replayed()).isFalse();
        });
        sent.clear();
        Run replayed = run("replay", "endpoint", Map.of(), Map.of(), false, List.of(selectClass(OrderConversation.class)));
        assertThat(sent).isEmpty();
        assertThat(replayed.outcomes()).isEqualTo(failed.outcomes());
    }

    @Test
    @DisplayName("auto: a repeated @Conversation method whose message changed runs again live in each run; a repeated"
            + " data-file conversation whose turn changed goes live from its first turn in each run")
    void autoSendsRepeatedConversationsLiveWhole() throws IOException {
        Map<String, String> twice = Map.of(Constants.REPEAT, "2");
        runSelecting("record", twice, selectClass(OrderConversation.class));
        OrderConversation.third = "ORD_78";
        sent.clear();
        OrderConversation.calls.set(0);
        Run method = runSelecting("auto", twice, selectClass(OrderConversation.class));
        assertThat(sent).hasSize(6).containsOnly("hi", "where is my order", "ORD_78");
        assertThat(OrderConversation.calls).as("each run called on replayed answers, then again live").hasValue(4);
        SimulationRecord order = method.records().get(0);
        assertThat(order.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(order.repetitions().runs()).isEqualTo(2);
        assertThat(order.replayedAnswers()).isZero();
        assertThat(method.entries(order.displayName(), "cognigy.replay")).hasSize(2)
                .allMatch(e -> e.contains("sent live: turn 3's text (recorded \"ORD_77\", now \"ORD_78\")"))
                .anyMatch(e -> e.startsWith("run 1 ")).anyMatch(e -> e.startsWith("run 2 "));

        Files.writeString(dataFile, """
                version: 1
                conversations:
                  - id: test_conv
                    repeat: 2
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order ORD_99
                        expect: { intent: check_order }
                """);
        run("record", "sandbox");
        Files.writeString(dataFile, Files.readString(dataFile).replace("ORD_99", "ORD_98"));
        sent.clear();
        Run conversation = run("auto", "sandbox");
        assertThat(sent).containsExactlyInAnyOrder("hi", "where is my order ORD_98", "hi", "where is my order ORD_98");
        assertThat(conversation.records()).hasSize(2).allSatisfy(turn -> {
            assertThat(turn.outcome()).as(turn.testId()).isEqualTo(Outcome.PASSED);
            assertThat(turn.replayedAnswers()).as(turn.testId()).isZero();
            assertThat(conversation.entries(turn.displayName(), "cognigy.replay")).as(turn.testId()).containsExactly(
                    "runs 1, 2 sent live: turn 2's text (recorded \"where is my order ORD_99\", now \"where is my order"
                            + " ORD_98\") changed since it was recorded, so the conversation went to the bot from its first"
                            + " turn, and every turn it sent is judged on the answer the bot gave in this run (the one recorded)");
        });
        // Unchanged since: replayed whole, run by run, nothing sent.
        sent.clear();
        assertThat(run("auto", "sandbox").records()).allMatch(SimulationRecord::replayed);
        assertThat(sent).isEmpty();
    }

    @dev.botsim.cognigy.annotations.BotSimulation
    static class OrderConversation {
        /** The third message the method sends: a test changes it between runs, as an edit of the method would. */
        static volatile String third = "ORD_77";
        static final AtomicInteger calls = new AtomicInteger();

        @dev.botsim.cognigy.annotations.Conversation
        void order(dev.botsim.cognigy.annotations.BotSession bot) {
            calls.incrementAndGet();
            bot.say("hi").expectResponseContains("Hello");
            bot.say("where is my order").expectIntent("check_order");
            bot.say(third).expectEntity("order_id", third);
        }
    }

    private static Map<String, dev.botsim.cognigy.spi.IntentMargin> margins(Run run) {
        Map<String, dev.botsim.cognigy.spi.IntentMargin> margins = new TreeMap<>();
        run.records().forEach(r -> margins.put(r.testId(), r.intentMargin()));
        return margins;
    }

    private static String shown(Path file) {
        return file.toString().replace('\\', '/');
    }

    /** @param entries the report entries published, {@code <test's display name> <key>=<value>} each */
    private record Run(Map<String, Outcome> outcomes, List<SimulationRecord> records, String console, Governance governance,
                       Optional<String> engineFailure, List<String> entries) {

        /** The report entries {@code key} of the test named {@code name}, its values. */
        List<String> entries(String name, String key) {
            String prefix = name + " " + key + "=";
            return entries.stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).toList();
        }
    }

    private Run run(String mode, String backend) {
        return run(mode, backend, Map.of());
    }

    private Run run(String mode, String backend, Map<String, String> more, Path... otherFiles) {
        return run(mode, backend, more, Map.of(), true, otherFiles);
    }

    private Run run(String mode, String backend, Map<String, String> more, Map<String, String> environment, boolean embeddedBot,
                    Path... otherFiles) {
        Run run = runToItsEnd(mode, backend, more, environment, embeddedBot, otherFiles);
        assertThat(run.engineFailure()).isEmpty();
        return run;
    }

    /** A run that may fall short as a whole: the engine node's failure, if any, is in {@link Run#engineFailure}. */
    private Run runToItsEnd(String mode, String backend, Map<String, String> more, Map<String, String> environment,
                            boolean embeddedBot, Path... otherFiles) {
        List<org.junit.platform.engine.DiscoverySelector> selectors = new java.util.ArrayList<>();
        selectors.add(selectFile(dataFile.toFile()));
        java.util.Arrays.stream(otherFiles).map(f -> selectFile(f.toFile())).forEach(selectors::add);
        return runToItsEnd(mode, backend, more, environment, embeddedBot, selectors);
    }

    /** A run of what the selectors select, which must end without a failure of the engine node. */
    private Run runSelecting(String mode, org.junit.platform.engine.DiscoverySelector... selectors) {
        return runSelecting(mode, Map.of(), selectors);
    }

    /** The same with configuration parameters {@code more}. */
    private Run runSelecting(String mode, Map<String, String> more, org.junit.platform.engine.DiscoverySelector... selectors) {
        Run run = runToItsEnd(mode, "sandbox", more, Map.of(), true, List.of(selectors));
        assertThat(run.engineFailure()).isEmpty();
        return run;
    }

    private Run runToItsEnd(String mode, String backend, Map<String, String> more, Map<String, String> environment,
                            boolean embeddedBot, List<org.junit.platform.engine.DiscoverySelector> selectors) {
        RecordingListener listener = new RecordingListener();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineServices services = new EngineServices(environment::get, config -> {
            opened.incrementAndGet();
            return new Counting(Backends.create(config));
        }, Clock.systemUTC()).withListeners(listener).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services));
        // A REST endpoint's bot is read from a management API, which lists the pattern entity order_id (a Regex Slot
        // Filler node on a tenant) nowhere: named, as against a tenant.
        if (backend.equals("endpoint")) kit.configurationParameter(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id");
        more.forEach(kit::configurationParameter);
        if (embeddedBot) kit.configurationParameter(Constants.SANDBOX_BOT, bot.toString());
        EngineExecutionResults results = kit
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, folder.resolve("reports").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, cassettes.toString())
                .selectors(selectors.toArray(org.junit.platform.engine.DiscoverySelector[]::new)).execute();
        Optional<Throwable> engineFailure = results.containerEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable);
        Map<String, Outcome> outcomes = new TreeMap<>();
        listener.finished.forEach(r -> outcomes.put(r.uniqueId(), r.outcome()));
        List<String> entries = new java.util.ArrayList<>();
        results.allEvents().reportingEntryPublished().stream().forEach(event -> event.getPayload(
                org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow().getKeyValuePairs().forEach((key, value) ->
                entries.add(event.getTestDescriptor().getDisplayName() + " " + key + "=" + value)));
        return new Run(outcomes, List.copyOf(listener.finished), console.toString(StandardCharsets.UTF_8),
                listener.summaries.get(0).governance(), engineFailure.map(Throwable::getMessage), entries);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReplaySandboxTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The sandbox's backend, counting what is sent to it. */
    private final class Counting implements Backend {
        private final Backend delegate;

        Counting(Backend delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public BotSchema schema() {
            return delegate.schema();
        }

        @Override
        public TurnResult send(TurnRequest request) {
            sent.add(request.text());
            if (timingOut.test(request)) {
                throw new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 30s");
            }
            return delegate.send(request);
        }

        @Override
        public Optional<String> missingNluDataHint() {
            return delegate.missingNluDataHint();
        }

        @Override
        public boolean intentUnknownWithoutNluData() {
            return delegate.intentUnknownWithoutNluData();
        }

        @Override
        public Optional<ConcurrencyLimit.State> concurrency() {
            return delegate.concurrency();
        }

        @Override
        public boolean checksIntentsOnly() {
            return delegate.checksIntentsOnly();
        }

        @Override
        public void prepareNluScoring() {
            delegate.prepareNluScoring();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
