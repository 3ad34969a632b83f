package dev.botsim.cognigy.engine.discovery.botium;

import java.util.List;

/**
 * A Botium convo as written, before anything is mapped: its name and its steps ({@code #me}, {@code #bot},
 * {@code #begin}, {@code #end}, {@code #include}), each holding its lines.
 *
 * @param name  the convo's name, or {@code null} when it has none
 * @param line  where the convo starts
 * @param steps the steps in order
 */
record Convo(String name, int line, List<Step> steps) {

    Convo {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param sender  {@code me}, {@code bot}, {@code begin}, {@code end} or {@code include}
     * @param channel the channel written after the sender ({@code #me facebook}), or {@code null}
     * @param line    the line of the step's tag ({@code #me})
     * @param lines   its lines, blank ones left out; an object item of a YAML or JSON step is rewritten as the
     *                line the text format would have ({@code {INTENT: greeting}} is {@code INTENT greeting})
     */
    record Step(String sender, String channel, int line, List<Line> lines) {
        Step {
            lines = List.copyOf(lines);
        }
    }

    /** A line of a step and where it stands. */
    record Line(String text, int line) {
    }

    /**
     * A named list of utterances: a {@code #me} that says its name stands for each of them.
     *
     * @param name       the name, trimmed
     * @param utterances the utterances, blank ones left out
     */
    record UtteranceList(String name, List<String> utterances) {
        UtteranceList {
            utterances = List.copyOf(utterances);
        }
    }
}
