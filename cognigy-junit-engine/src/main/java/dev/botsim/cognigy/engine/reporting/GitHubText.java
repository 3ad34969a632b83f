package dev.botsim.cognigy.engine.reporting;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;

/**
 * Text as GitHub Actions reads it: Markdown of a job summary, and the properties and message of a workflow command
 * ({@code ::error file=…,line=…::message}). What the bot said, a test's id and a flow's name come from whoever edits the bot
 * or the data files, so they reach neither as markup nor as a command of their own.
 */
final class GitHubText {

    /**
     * The characters GitHub's Markdown (cmark-gfm) reads as inline markup, each written after a backslash, which
     * CommonMark allows before any ASCII punctuation and renders as the character itself: emphasis, code spans, links and
     * images ({@code ![} is no image once its bracket is escaped), strikethrough, a table's cell boundary ({@code |},
     * escaped so even inside a cell), math ({@code $}), and the backslash itself. {@code <}, {@code >} and {@code &} are
     * written as entities, so no tag or entity is read. The summary writes what it takes from the run only inside a
     * table's cell or after a list item's code, never at a line's start, so no block (a heading, a quote) can begin there.
     */
    private static final String MARKUP = "\\`*_[]|~$";

    private GitHubText() {
    }

    /**
     * {@code text} as Markdown that renders as the text itself, on one line: line breaks, tabs, other control characters
     * and the characters that hide or reorder text written visibly as the console writes them ({@code \n},
     * {@code \u202e}: {@link ConsoleText#visible}), markup escaped. Fit for a table's cell and for a list item.
     */
    static String markdown(String text) {
        String shown = ConsoleText.visible(text);
        StringBuilder out = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (MARKUP.indexOf(c) >= 0) out.append('\\');
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** {@link #markdown} of the text's first {@code shown} characters and its length when it is longer ({@link Excerpt}). */
    static String markdown(String text, int shown) {
        return markdown(Excerpt.of(text, shown));
    }

    /**
     * A workflow command's message: {@code %}, CR and LF written as GitHub's runner reads them back ({@code %25},
     * {@code %0D}, {@code %0A}), so a line break in it is one of the message and never ends the command. Other control
     * characters are written visibly ({@link ConsoleText#oneLine}) after the line breaks are taken care of.
     */
    static String commandMessage(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append("%0A");
            out.append(ConsoleText.oneLine(lines[i]).replace("%", "%25"));
        }
        return out.toString();
    }

    /**
     * A workflow command's property value ({@code file=}, {@code title=}): on one line, and {@code %}, {@code :} and
     * {@code ,} written as the runner reads them back ({@code %25}, {@code %3A}, {@code %2C}), so a value never ends its
     * property or the properties.
     */
    static String commandProperty(String text) {
        return ConsoleText.oneLine(text).replace("%", "%25").replace(":", "%3A").replace(",", "%2C");
    }
}
