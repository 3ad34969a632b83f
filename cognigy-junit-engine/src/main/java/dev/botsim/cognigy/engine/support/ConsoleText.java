package dev.botsim.cognigy.engine.support;

import java.io.PrintStream;

/**
 * The engine's console lines, one line each whatever they quote. A bot's answer, a flow name or an
 * error code may carry line breaks; printed raw, {@code "\n[cognigy] governance: COMPLIANT"} in a
 * bot answer would start a line of its own in CI logs, indistinguishable from the engine's verdict.
 * Every character that can end or rewrite a line is written visibly instead: {@code \n}, {@code \r},
 * {@code \t} as such, other C0 and C1 controls (ESC of terminal colour codes, NEL) and the Unicode
 * line and paragraph separators as {@code \}{@code uXXXX}. So are the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which would reorder the rest of the line as a terminal or a CI's log viewer shows it
 * — a flow named {@code "flow_x\u202E..."} turns the text after it around —, half of a surrogate pair (an answer
 * cut inside an emoji), which no console can print and which cuts the line where Surefire encodes it, and the
 * noncharacters U+FFFE and U+FFFF: XML 1.0 allows neither, Surefire writes a test's name and message into its
 * {@code TEST-*.xml} as they are, and one of them in a name or a bot's answer made the whole report unreadable to
 * GitLab, Jenkins and every other XML parser. With the C0 controls and lone surrogates, these are all the characters
 * XML 1.0 forbids.
 *
 * <p>Backslashes are left alone: Windows paths stay readable, and a literal {@code \n} in the text
 * cannot break a line, which is all that matters here. Failure messages of tests, which Surefire and IDEs print, keep
 * their own lines (a transcript has one per turn), but quote what the bot said escaped the same way.
 *
 * <p>CI servers also act on commands anywhere in a line of a job's output, which a bot's answer, a flow's name or a data
 * file's utterance could carry into the log through the engine's console lines, a test's name or a failure message that
 * Surefire prints: the Azure Pipelines agent on {@code ##vso[area.action …]} (set a variable for the later steps, prepend
 * to {@code PATH}, upload a file, mark the task succeeded), GitHub's runner on its older {@code ##[command …]} form (an
 * error annotation, a step's output, {@code stop-commands}). Both agents find the marker as it is written, so its second
 * {@code #} is written {@code \}{@code u0023}, as other characters that act on the console are:
 * {@code #\}{@code u0023vso[task.complete]}, {@code #\}{@code u0023[error]}. A zero-width character between the two
 * would not do: .NET, which both agents are written in, compares text by culture by default, and ignores such characters
 * there. GitHub's {@code ::command::} counts only at a
 * line's start, leading spaces aside: a text that starts so has its first {@code :} written {@code \}{@code u003a}, which
 * covers an engine console line and each line of a test method's own assertion message, which AssertJ quotes an
 * answer's lines into as they are; the engine's own lines start with {@code [cognigy]} anyway.
 */
public final class ConsoleText {

    private ConsoleText() {
    }

    /**
     * {@code text} with every control character and line separator escaped and every CI log command broken
     * ({@code ##vso[}, {@code ##[} anywhere, {@code ::…::} at its start); the same string when there is none.
     */
    public static String oneLine(String text) {
        if (text == null) return "null";
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape == null && Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (paired) {
                    if (escaped != null) escaped.append(c).append(text.charAt(i + 1));
                    i++;
                    continue;
                }
                escape = unicode(c);
            }
            if (escape != null && escaped == null) escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (escaped != null) {
                if (escape == null) escaped.append(c);
                else escaped.append(escape);
            }
        }
        return workflowCommandBroken(commandsBroken(escaped == null ? text : escaped.toString()));
    }

    /**
     * {@code line} with what GitHub's runner reads as a workflow command at a line's start broken: {@code ::} after spaces
     * of any kind (the runner trims every space, the no-break ones too: {@link Character#isSpaceChar}; the other
     * characters it trims are controls, written visibly already) and another {@code ::} after it, the first {@code :}
     * written {@code \}{@code u003a}. A text is broken so wherever it starts a line: an engine console line, a line of
     * a test method's own assertion message (AssertJ quotes an answer's lines as they are). The runner finds the closing
     * {@code ::} comparing by culture, which ignores a zero-width space, a soft hyphen or a word joiner between its two
     * {@code :}: any two {@code :} after the opening ones count as one.
     */
    private static String workflowCommandBroken(String line) {
        int start = 0;
        while (start < line.length() && Character.isSpaceChar(line.charAt(start))) start++;
        if (!line.startsWith("::", start)) return line;
        int closing = line.indexOf(':', start + 2);
        if (closing < 0 || line.indexOf(':', closing + 1) < 0) return line;
        return line.substring(0, start) + unicode(':') + line.substring(start + 1);
    }

    /**
     * {@code line} with every {@code ##vso[} and {@code ##[} (and {@code ##VSO[}) broken by writing its second {@code #} as
     * {@code \}{@code u0023}: no CI agent reads a command in it. A run of {@code #} keeps its others:
     * {@code ##\}{@code u0023vso[}.
     */
    private static String commandsBroken(String line) {
        int at = line.indexOf("##");
        if (at < 0) return line;
        StringBuilder broken = null;
        int copied = 0;
        for (int i = at + 1; i < line.length(); i++) {
            if (line.charAt(i) != '#' || line.charAt(i - 1) != '#') continue;
            boolean opens = line.startsWith("[", i + 1) || line.regionMatches(true, i + 1, "vso[", 0, 4);
            if (!opens) continue;
            if (broken == null) broken = new StringBuilder(line.length() + 8);
            broken.append(line, copied, i).append(unicode('#'));
            copied = i + 1;
        }
        return broken == null ? line : broken.append(line, copied, line.length()).toString();
    }

    /**
     * {@link #oneLine} that also writes visibly, as {@code \}{@code uXXXX}, the characters a reader cannot tell from a
     * space or from nothing: the no-break spaces (U+00A0, U+2007, U+202F — French typography puts one before {@code :}
     * and {@code !}), the other typographic spaces U+2000–U+200A and U+205F, the zero-width space U+200B, the
     * left-to-right and right-to-left marks U+200E, U+200F and U+061C, the word joiner and invisible operators
     * U+2060–U+2064, the soft hyphen U+00AD and U+FEFF. For failure messages, where an expected text and an answer that
     * print alike must show how they differ. The joiners U+200C and U+200D are left alone: emoji and scripts are made
     * of them.
     */
    public static String visible(String text) {
        String line = oneLine(text);
        StringBuilder shown = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean hidden = c == '\u00a0' || c == '\u00ad' || c == '\u061c' || (c >= '\u2000' && c <= '\u200b')
                    || c == '\u200e' || c == '\u200f' || c == '\u202f' || c == '\u205f' || (c >= '\u2060' && c <= '\u2064')
                    || c == '\ufeff';
            if (hidden && shown == null) shown = new StringBuilder(line.length() + 16).append(line, 0, i);
            if (shown != null) {
                if (hidden) shown.append(unicode(c));
                else shown.append(c);
            }
        }
        return shown == null ? line : shown.toString();
    }

    /** Prints {@code line} as exactly one console line, and never one a CI reads as a command ({@link #oneLine}). */
    public static void println(PrintStream out, String line) {
        out.println(oneLine(line));
    }

    /**
     * Prints {@code text}, a message of several lines (a refusal listing its reasons one a line), as its lines, each as
     * {@link #println} prints one: so each ends in the platform's line separator. One {@code println} of the whole text
     * would end only its last line so, the others in the {@code \n} the text holds — LF alone on Windows.
     */
    public static void printLines(PrintStream out, String text) {
        if (text == null || text.isEmpty()) {
            out.println(oneLine(text));
            return;
        }
        text.lines().forEach(line -> println(out, line));
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\ufffe' || c == '\uffff'
                    || isDirectional(c) ? unicode(c) : null;
        };
    }

    /**
     * Whether {@code c} is a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2068) or what closes
     * one (PDF is U+202C, PDI U+2069): a character that can turn the text after it around.
     */
    public static boolean isDirectional(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static String unicode(char c) {
        return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
    }
}
