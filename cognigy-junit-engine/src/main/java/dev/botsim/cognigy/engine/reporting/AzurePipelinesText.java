package dev.botsim.cognigy.engine.reporting;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * Text as the Azure Pipelines agent reads a logging command, {@code ##vso[area.action name=value;…]message}: it reads
 * the command up to the first {@code ]}, splits the properties at {@code ;}, and reads back in every value and in the
 * message {@code %3B} as {@code ;}, {@code %0D} and {@code %0A} as CR and LF, {@code %5D} as {@code ]}, and then — as it
 * does unless a job sets {@code DECODE_PERCENTS} to {@code false} — {@code %AZP25} as {@code %} (the agent's
 * {@code CommandStringConvertor}). A file's name, what a test said or what the bot answered, written so, neither ends the
 * property, the properties or the command's line, nor reads back as another character.
 */
final class AzurePipelinesText {

    private AzurePipelinesText() {
    }

    /**
     * A logging command's property value or message of text (a message, an answer), not a file's path ({@link #pathValue}):
     * {@code %} first, then {@code ;} and {@code ]} written as the agent
     * reads them back, and each line break ({@code \r\n}, {@code \r}, {@code \n}) as {@code %0A}. Other control characters are written visibly ({@link ConsoleText#oneLine}), after the line
     * breaks are taken care of, and so is a command of the agent's own in the text.
     */
    static String commandValue(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append("%0A");
            out.append(ConsoleText.oneLine(lines[i]).replace("%", "%AZP25").replace(";", "%3B").replace("]", "%5D"));
        }
        return out.toString();
    }

    /**
     * A file's path as a logging command's property value or message, for the agent to find the file: only what the agent
     * reads back is written otherwise — {@code %}, {@code ;}, {@code ]}, CR as {@code %0D} and LF as {@code %0A} —, so it
     * reads back the path as it is. Nothing is broken as in a text ({@link #commandValue}): a folder named {@code ##[group]}
     * or {@code ##vso[…} changed so would name no file, and the issue would stand at none. It acts as no command: the
     * agent reads one command a line, from its first {@code ##vso[} (the command's own, the line's start) to the first
     * {@code ]}, which the path never holds written so.
     */
    static String pathValue(String path) {
        return path.replace("%", "%AZP25").replace(";", "%3B").replace("]", "%5D").replace("\r", "%0D").replace("\n", "%0A");
    }
}
