package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.descriptor.CognigyEngineDescriptor;
import dev.botsim.cognigy.engine.execution.EngineServices;
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
}
