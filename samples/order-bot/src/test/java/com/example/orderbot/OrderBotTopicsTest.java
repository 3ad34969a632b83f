package com.example.orderbot;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Utterance;

/**
 * The order bot's simulations grouped by topic, each group a static member class with a {@code @BotSimulation} of its
 * own. Surefire selects this class only (its default excludes skip member classes, {@code **}{@code /*$*}), and the
 * engine runs every group the class holds.
 */
class OrderBotTopicsTest {

    @BotSimulation(bot = "order-bot", flows = "flow_invoice", tags = "java")
    static class Invoices {

        @Utterance(value = "send the invoice to my email", intent = "send_invoice", nextFlow = "flow_invoice",
                responseContains = "invoice")
        void invoiceByEmail() {
        }
    }

    @BotSimulation(bot = "order-bot", flows = "flow_escalation", tags = "java")
    static class Escalation {

        @Utterance(value = "can I speak to someone", intent = "escalate", nextFlow = "flow_escalation")
        void speakToSomeone() {
        }
    }
}
