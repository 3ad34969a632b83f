package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BotSchema;

class UnknownExpectedFlowsTest {

    private static final BotSchema BOT = new BotSchema(Optional.empty(),
            Optional.of(Set.of("flow_greeting", "flow_escalation", "flow_order_status")), Optional.empty());

    @Test
    @DisplayName("a file's unknown expected flows make one warning: each flow with its line and likely name, the bot's"
            + " flows listed once; another file has its own warning")
    void oneWarningPerFile() {
        UnknownExpectedFlows unknown = new UnknownExpectedFlows(BOT);
        Map<String, Integer> lines = Map.of("flow_greting", 4, "flow_greeting", 5, "flow_refunds_xyz", 6);
        unknown.check(List.of("flow_greting", "flow_greeting", "flow_refunds_xyz"),
                flow -> "greeting.sim.yaml, line " + lines.get(flow) + " (flows:)");
        unknown.check(List.of("flow_escalaton"), flow -> "escalation.sim.yaml, line 3 (flows:)");

        assertThat(unknown.warnings()).containsExactly(
                "greeting.sim.yaml, line 4 (flows:): expected flow flow_greting is not a flow of the bot — did you mean"
                        + " 'flow_greeting'?; greeting.sim.yaml, line 6 (flows:): expected flow flow_refunds_xyz is not a flow"
                        + " of the bot. They can never be reached, so the flow coverage counts them as never reached (and"
                        + " cognigy.coverage.minimum with them); write each flow's name or id as the bot has it (flows of the"
                        + " bot: flow_escalation, flow_greeting, flow_order_status)",
                "escalation.sim.yaml, line 3 (flows:): expected flow flow_escalaton is not a flow of the bot — did you mean"
                        + " 'flow_escalation'? It can never be reached, so the flow coverage counts it as never reached (and"
                        + " cognigy.coverage.minimum with it); write the flow's name or id as the bot has it (flows of the bot:"
                        + " flow_escalation, flow_greeting, flow_order_status)");
    }

    @Test
    @DisplayName("a bot of more flows than a warning lists is said by their number and the first of them")
    void manyFlows() {
        Set<String> flows = IntStream.rangeClosed(1, 150).mapToObj(i -> String.format("flow_%03d", i)).collect(Collectors.toSet());
        UnknownExpectedFlows unknown = new UnknownExpectedFlows(new BotSchema(Optional.empty(), Optional.of(flows), Optional.empty()));
        unknown.check(List.of("greeting", "refund"), flow -> "orders.sim.yaml, line " + (flow.equals("greeting") ? 3 : 4) + " (flows:)");

        assertThat(unknown.warnings()).singleElement().asString()
                .contains("orders.sim.yaml, line 3 (flows:): expected flow greeting is not a flow of the bot",
                        "orders.sim.yaml, line 4 (flows:): expected flow refund is not a flow of the bot",
                        "(the bot has 150 flows, e.g. flow_001, flow_002, ", "flow_020, …)")
                .doesNotContain("flow_021");
    }

    @Test
    @DisplayName("a flow a place names twice is warned of once; a place whose flows are all the bot's makes no warning")
    void repeatsAndKnownFlows() {
        UnknownExpectedFlows unknown = new UnknownExpectedFlows(BOT);
        unknown.check(List.of("flow_greeting"), flow -> "greeting.sim.yaml, line 2 (flows:)");
        unknown.check(List.of("flow_x"), flow -> UnknownExpectedFlows.CONFIGURED);
        unknown.check(List.of("flow_x"), flow -> UnknownExpectedFlows.CONFIGURED);

        assertThat(unknown.warnings()).singleElement().asString().startsWith("cognigy.flows: expected flow flow_x is not a"
                + " flow of the bot. It can never be reached");
    }
}
