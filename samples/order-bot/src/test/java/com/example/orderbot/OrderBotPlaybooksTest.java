package com.example.orderbot;

import dev.botsim.cognigy.annotations.BotSimulation;

/**
 * The order bot's Cognigy Playbooks (src/test/resources/order-bot.playbooks.json, as exported from the project), run
 * as JUnit tests by the pom's {@code sandbox-playbooks} execution with {@code cognigy.backend=playbooks}: Surefire
 * selects classes, so this class selects the playbooks, each a container of its steps. Under the other backends it
 * has no tests.
 */
@BotSimulation(playbooks = "*")
class OrderBotPlaybooksTest {
}
