package dev.botsim.cognigy.engine.discovery.botium;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Botium's text format. A convo file: its first line is the convo's name, further lines before the first tag
 * describe it; a line {@code #me}, {@code #bot}, {@code #begin}, {@code #end} or {@code #include} starts a step,
 * and the lines below it are the step's. An utterances file: its first line is the list's name, every further
 * non-blank line one utterance.
 */
final class TextFormat {

    /** In the order Botium's documentation gives them, as messages name them. */
    static final List<String> SENDERS = List.of("me", "bot", "begin", "end", "include");

    private TextFormat() {
    }

    static Convo convo(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Convo.Step> steps = new ArrayList<>();
        String name = null;
        String sender = null;
        String channel = null;
        int stepLine = 0;
        List<Convo.Line> current = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Optional<String[]> tag = tag(line);
            if (tag.isPresent()) {
                if (sender != null) steps.add(new Convo.Step(sender, channel, stepLine, current));
                sender = tag.get()[0];
                channel = tag.get()[1];
                stepLine = i + 1;
                current = new ArrayList<>();
            } else if (sender == null) {
                // The header: the first line names the convo, the rest describe it.
                if (i == 0 && !line.isBlank()) name = line.strip();
            } else if (!line.isBlank()) {
                current.add(new Convo.Line(line, i + 1));
            }
        }
        if (sender != null) steps.add(new Convo.Step(sender, channel, stepLine, current));
        return new Convo(name, 1, steps);
    }

    static Convo.UtteranceList utterances(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<String> utterances = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) utterances.add(lines[i].strip());
        }
        return new Convo.UtteranceList(lines[0].strip(), utterances);
    }

    /** {@code [sender, channel or null]} when the line is a step's tag. */
    private static Optional<String[]> tag(String line) {
        if (!line.startsWith("#")) return Optional.empty();
        String[] words = line.substring(1).strip().split("\\s+", 2);
        if (!SENDERS.contains(words[0])) return Optional.empty();
        return Optional.of(new String[] {words[0], words.length > 1 && !words[1].isBlank() ? words[1].strip() : null});
    }
}
