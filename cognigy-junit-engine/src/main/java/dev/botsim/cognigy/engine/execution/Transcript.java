package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.stream.Collectors;

import dev.botsim.cognigy.annotations.BotTurn;

/** The bot's turns as failure messages show them. */
final class Transcript {

    private Transcript() {
    }

    static String of(String utterance, List<BotTurn> turns) {
        String said = "user: \"" + utterance + "\"";
        if (turns.isEmpty()) return said + "\nbot: (no turns)";
        return said + "\n" + turns.stream().map(t -> "bot " + t).collect(Collectors.joining("\n"));
    }
}
