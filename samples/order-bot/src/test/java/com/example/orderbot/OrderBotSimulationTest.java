package com.example.orderbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.ExpectEntity;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.annotations.Utterance;

/**
 * The order bot's simulations written in Java, next to those in data files: the class also runs
 * every data file under src/test/resources/simulations (Surefire selects classes, so a class is
 * how data files join `mvn test`). Its conversations are in {@link OrderBotConversationsTest}.
 */
@BotSimulation(bot = "order-bot", flows = {"flow_greeting", "flow_order_status", "flow_escalation"},
        data = "simulations", tags = "java")
class OrderBotSimulationTest {

    @Utterance(value = "Where is my order ORD_42?", intent = "check_order", nextFlow = "flow_order_status",
            responseContains = "ORD_42")
    @ExpectEntity(name = "order_id", value = "ORD_42")
    void orderStatusWithId() {
    }

    @Utterance(value = {"I want a human", "let me talk to a real person"}, intent = "escalate",
            nextFlow = "flow_escalation", id = "test_escalation_variants")
    void escalationVariants() {
    }

    @Utterance("hello there")
    void greetingIsConfident(SimulationResult result) {
        assertThat(result.intent()).isEqualTo("greeting");
        assertThat(result.intentScore()).isGreaterThan(0.5);
    }

    /** Error codes are the simulation API's own: a REST Endpoint has none, so this runs through the simulation API only. */
    @Utterance(value = "give me my money back", errorCode = "FLOW_NOT_DEPLOYED", id = "test_refund_flow_is_not_deployed",
            tags = "simulation-api")
    void refundFlowIsNotDeployedYet() {
    }
}
