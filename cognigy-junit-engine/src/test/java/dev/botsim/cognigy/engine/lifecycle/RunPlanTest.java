package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.descriptor.CognigyEngineDescriptor;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.execution.PreflightProblem;
import dev.botsim.cognigy.engine.execution.TestMessage;
import dev.botsim.cognigy.spi.RunInfo;

class RunPlanTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    /** A YAML file of 3 cases and a file of 2 conversations (5 turns), discovered as the engine does. */
    private static TestDescriptor tree() {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> null, CLOCK)))
                .configurationParameter(Constants.FLOWS, "flow_extra")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
                        selectClasspathResource("fixtures/referenced/conversation.sim.yaml"))
                .discover().getEngineDescriptor();
    }

    private static RunPlan plan(TestDescriptor tree, BotSchema schema) {
        EngineConfig config = ((CognigyEngineDescriptor) tree).configuration().orThrow();
        return RunPlan.of(tree, config, schema, "scripted", CLOCK);
    }

    @Test
    @DisplayName("item 12: the plan counts the tests, merges the expected flows, names the bot and hashes the data files")
    void runInfo() {
        RunPlan plan = plan(tree(), new BotSchema(Optional.of(Set.of("order_id")), Optional.of(Set.of("flow_greeting")),
                Optional.empty(), List.of("no intent list")));
        RunInfo info = plan.info();
        assertThat(info.batchId()).matches("batch_[0-9a-f]{12}");
        assertThat(info.started()).isEqualTo(CLOCK.instant());
        assertThat(info.backend()).isEqualTo("scripted");
        assertThat(info.plannedTests()).isEqualTo(8);
        assertThat(info.expectedFlows()).containsExactly("flow_escalation", "flow_extra", "flow_greeting", "flow_order_status");
        assertThat(info.botName()).isEqualTo("order-bot");
        assertThat(info.configuration()).containsEntry(Constants.FLOWS, "flow_extra");
        assertThat(info.bot().entities()).containsExactly("order_id");
        assertThat(info.bot().unknown()).containsExactly("no intent list");
        assertThat(plan.dataFiles()).containsOnlyKeys("fixtures/referenced/conversation.sim.yaml", "fixtures/standalone/orders.sim.yaml")
                .allSatisfy((file, sha256) -> assertThat(sha256).matches("[0-9a-f]{64}"));
    }

    @Test
    @DisplayName("item 12: single-turn tests start ahead in tree order, except one already known to fail preflight; conversation turns never do")
    void startAhead() {
        TestDescriptor tree = tree();
        RunPlan plan = plan(tree, new BotSchema(Optional.of(Set.of("customer_id")), Optional.empty(), Optional.empty()));

        assertThat(plan.preflight().problems().entrySet()).singleElement().satisfies(problem -> {
            assertThat(problem.getKey().toString()).contains("test_yaml_order");
            assertThat(problem.getValue().code()).isEqualTo("UNKNOWN_ENTITY");
        });
        assertThat(plan.startAhead().values()).extracting(StartsAheadText::of)
                .containsExactly("hello there", "I want a human");
        plan.startAhead().forEach((test, ahead) -> assertThat(ahead.message().test()).isEqualTo(test));
    }

    @Test
    @DisplayName("the plan counts every run of a repeated test, so a REST Endpoint's hourly quota is foreseen: a file's"
            + " repeat: 3 over 2 cases and a 2-turn conversation, cognigy.repeat=5 over 3 other cases")
    void repeatedSends() {
        TestDescriptor tree = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> null, CLOCK)))
                .configurationParameter(Constants.REPEAT, "5")
                .selectors(selectClasspathResource("fixtures/repeat/users.sim.yaml"),
                        selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                .discover().getEngineDescriptor();

        RunPlan plan = plan(tree, BotSchema.UNKNOWN);

        assertThat(plan.info().plannedTests()).isEqualTo(4 + 3);
        assertThat(plan.flowSends()).isEqualTo(4 * 3 + 3 * 5);
        assertThat(plan.nluSends()).isZero();
        // What the tests still to finish will send, for a budget's wait: 27 messages over 7 tests.
        assertThat(plan.messagesFor(7)).isEqualTo(27);
        assertThat(plan.messagesFor(1)).isEqualTo(4);
        assertThat(plan.messagesFor(0)).isZero();
    }

    @Test
    @DisplayName("the plan counts only the runs that will be made: at cognigy.repeat=5 a test that never repeats (a playbook's"
            + " step) sends once, and a conversation the bot cannot answer at all runs once, up to its turn that fails"
            + " preflight; a case repeats 5 times")
    void sendsOnlyWhatRuns(@TempDir Path dir) throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - { id: test_hello, utterance: hello }
                conversations:
                  - id: test_order
                    turns:
                      - { say: hi }
                      - { say: where is my order ORD_99, expect: { entities: { order_id: ORD_99 } } }
                      - { say: thanks }
                """);
        TestDescriptor tree = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> null, CLOCK)))
                .configurationParameter(Constants.REPEAT, "5")
                .selectors(selectFile(file.toFile())).discover().getEngineDescriptor();
        // A test that says nothing of how often it runs, as a playbook's step in mode existing: Cognigy's test, run once.
        tree.addChild(new org.junit.platform.engine.support.descriptor.AbstractTestDescriptor(
                tree.getUniqueId().append("playbook", "pb1").append("step", "1"), "where is my order") {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        });

        // The bot has no entity order_id: turn 2 fails preflight, so the conversation runs once and ends there.
        RunPlan plan = plan(tree, new BotSchema(Optional.of(Set.of("customer_id")), Optional.empty(), Optional.empty()));

        assertThat(plan.preflight().problems().keySet()).extracting(UniqueId::toString).singleElement()
                .satisfies(id -> assertThat(id).contains("test_order").endsWith("[turn:2]"));
        assertThat(plan.info().plannedTests()).isEqualTo(5);
        // test_hello 5 times, turn 1 once, the step once.
        assertThat(plan.flowSends()).isEqualTo(5 + 1 + 1);
        assertThat(plan.nluSends()).isZero();
    }

    @Test
    @DisplayName("a user id the backend does not take fails its tests in preflight (a case's, every turn of a conversation's),"
            + " not the test that names none nor one the NLU scores; they are not started ahead nor counted as sends; a"
            + " backend that takes any user id refuses none")
    void userIdsTheBackendDoesNotTake(@TempDir Path dir) throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("users.sim.yaml"), """
                version: 1
                cases:
                  - { id: test_mail, utterance: hello, user: jane@example.com }
                  - { id: test_usr, utterance: hello, user: usr_jane }
                  - { id: test_default, utterance: hello }
                conversations:
                  - id: test_crm
                    user: "CRM-4711"
                    turns: [ { say: hi }, { say: where is my order } ]
                """);
        Path nlu = Files.writeString(dir.resolve("nlu.sim.yaml"), """
                version: 1
                mode: nlu
                cases:
                  - { id: test_scored, utterance: hello, user: jane@example.com, expect: { intent: greeting } }
                """);
        // Discovered under cognigy.backend=endpoint, which takes any user id, and planned for a backend that does not.
        TestDescriptor tree = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> null, CLOCK)))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .selectors(selectFile(file.toFile()), selectFile(nlu.toFile())).discover().getEngineDescriptor();
        EngineConfig config = ((CognigyEngineDescriptor) tree).configuration().orThrow();

        RunPlan plan = RunPlan.of(tree, config, BotSchema.UNKNOWN, "simulation", false, false,
                Optional.of(Pattern.compile("^usr_[a-zA-Z0-9]+$")), CLOCK);

        assertThat(plan.preflight().problems()).hasSize(3);
        assertThat(plan.preflight().problems().entrySet()).allSatisfy(problem -> {
            assertThat(problem.getKey().toString()).containsAnyOf("test_mail", "test_crm");
            assertThat(problem.getValue().code()).isEqualTo("USER_ID_NOT_TAKEN");
        });
        assertThat(plan.preflight().problems().values()).extracting(PreflightProblem::message)
                .contains("user 'jane@example.com' does not match ^usr_[a-zA-Z0-9]+$, the user ids the simulation backend"
                        + " takes; run this test with cognigy.backend=endpoint (a REST Endpoint takes any text, such as an"
                        + " e-mail address or a CRM id), or give it a usr_... user (letters and digits after usr_). Nothing was"
                        + " submitted for this test.")
                .anyMatch(message -> message.startsWith("user 'CRM-4711' does not match"));
        // test_usr, test_default and the NLU's test_scored.
        assertThat(plan.startAhead().keySet()).extracting(UniqueId::toString).hasSize(3)
                .noneMatch(id -> id.contains("test_mail") || id.contains("test_crm"));
        assertThat(plan.flowSends()).isEqualTo(2);
        assertThat(plan.nluSends()).isEqualTo(1);

        RunPlan anyUser = RunPlan.of(tree, config, BotSchema.UNKNOWN, "endpoint", false, true, Optional.empty(), CLOCK);
        assertThat(anyUser.preflight().problems()).isEmpty();
        assertThat(anyUser.flowSends()).isEqualTo(5);
    }

    @Test
    @DisplayName("item 12: every plan has a batch id of its own")
    void batchIds() {
        TestDescriptor tree = tree();
        assertThat(plan(tree, BotSchema.UNKNOWN).info().batchId()).isNotEqualTo(plan(tree, BotSchema.UNKNOWN).info().batchId());
    }

    /** What a test started ahead says. */
    private static final class StartsAheadText {
        static String of(dev.botsim.cognigy.engine.execution.StartsAhead ahead) {
            TestMessage message = ahead.message();
            assertThat(message.turn()).isEqualTo(1);
            assertThat(message.sessionId()).isNull();
            return message.text();
        }
    }

    @Test
    @DisplayName("a budget's wait counts what the NLU scores beside what goes to the bot: 6 flow and 6 NLU runs over 4 tests"
            + " are 3 messages a test")
    void messagesCountNluSends() {
        RunPlan plan = new RunPlan(dev.botsim.cognigy.spi.RunInfo.builder().batchId("batch_0123456789ab")
                        .started(java.time.Instant.parse("2026-03-01T10:00:00Z")).backend("endpoint").plannedTests(4).build(),
                null, java.util.Map.of(), java.util.Map.of(), 2, 6, 6);

        assertThat(plan.messagesFor(4)).isEqualTo(12);
        assertThat(plan.messagesFor(1)).isEqualTo(3);
    }

    @Test
    @DisplayName("expected flows the bot's flow list lacks are named where declared, a data file's with its line and"
            + " cognigy.flows by its key; none when the backend lists no flow")
    void unknownExpectedFlows() {
        TestDescriptor tree = tree();
        RunPlan plan = plan(tree, new BotSchema(Optional.empty(), Optional.of(Set.of("flow_greeting", "flow_escalation")),
                Optional.empty()));

        assertThat(plan.unknownFlows()).hasSize(2);
        assertThat(plan.unknownFlows().get(0)).startsWith("cognigy.flows: expected flow flow_extra is not a flow of the bot."
                + " It can never be reached");
        assertThat(plan.unknownFlows().get(1)).startsWith("fixtures/standalone/orders.sim.yaml, line 3 (flows:): expected flow"
                + " flow_order_status is not a flow of the bot. It can never be reached").endsWith("(flows of the bot:"
                + " flow_escalation, flow_greeting)");
        // The flows are still expected: the coverage counts them as never reached.
        assertThat(plan.info().expectedFlows()).contains("flow_extra", "flow_order_status");

        assertThat(plan(tree, BotSchema.UNKNOWN).unknownFlows()).isEmpty();
        assertThat(plan(tree, new BotSchema(Optional.empty(), Optional.of(Set.of()), Optional.empty())).unknownFlows()).isEmpty();
    }
}
