package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.stream.Collectors;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * The bot's turns as failure messages show them: one line for the user's message, one per turn of the bot, each
 * escaped as {@link ConsoleText#oneLine} does, so what a bot said can never start a line of the CI log of its own.
 */
final class Transcript {

    private Transcript() {
    }

    static String of(String utterance, List<BotTurn> turns) {
        String said = "user: \"" + ConsoleText.oneLine(utterance) + "\"";
        if (turns.isEmpty()) return said + "\nbot: (no turns)";
        return said + "\n" + turns.stream().map(t -> "bot " + ConsoleText.oneLine(t.toString())).collect(Collectors.joining("\n"));
    }
}
