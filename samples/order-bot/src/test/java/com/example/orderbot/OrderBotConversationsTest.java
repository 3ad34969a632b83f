package com.example.orderbot;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;

/**
 * The order bot's conversations written in Java. A class of its own, as a suite grows: Surefire hands whole classes
 * to its forks, so the execution that runs the suite in two forks (sandbox-forks) has two parts to merge.
 */
@BotSimulation(bot = "order-bot", flows = {"flow_greeting", "flow_order_status", "flow_escalation"}, tags = "java")
class OrderBotConversationsTest {

    @Conversation
    void orderNumberAskedThenGiven(BotSession bot) {
        bot.say("where is my order").expectIntent("check_order").expectNextFlow("flow_order_status");
        bot.say("ORD_77").expectEntity("order_id", "ORD_77").expectResponseContains("ORD_77");
    }

    /** Quick replies are what a REST Endpoint shows: this runs through the REST Endpoint only. */
    @Conversation(tags = "rest-endpoint")
    void greetingOffersQuickReplies(BotSession bot) {
        bot.say("hello").expectIntent("greeting").expectQuickReplies("Check my order", "Talk to an agent");
        bot.click("Talk to an agent").expectIntent("escalate").expectNextFlow("flow_escalation");
    }
}
