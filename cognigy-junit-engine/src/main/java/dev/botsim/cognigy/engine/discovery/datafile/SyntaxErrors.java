package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Turns a parser's exception into a problem at the position the parser was stuck at. The parser
 * does not go on after it, so the message also says how much of the file was never read: the cases
 * there are not reported one by one, and would otherwise go missing without a word.
 */
final class SyntaxErrors {

    private SyntaxErrors() {
    }

    static void report(JacksonException e, JsonParser parser, Format format, String text, Problems problems) {
        if (e instanceof StreamConstraintsException) {
            Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            String limit = firstLine(e.getOriginalMessage());
            if (limit.contains("nesting depth")) {
                problems.add(loc, "nesting deeper than " + Factories.MAX_DEPTH
                        + " levels — simulation files need only a few levels; flatten the data" + restNotRead(text, loc));
            } else {
                problems.add(loc, "the file exceeds a parser limit (" + limit + ") — split or simplify the file"
                        + restNotRead(text, loc));
            }
            return;
        }
        if (e.getCause() instanceof MarkedYamlEngineException yaml) {
            reportYaml(yaml, e, parser, text, problems);
            return;
        }
        Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
        if (format == Format.JSON && reportTrailingComma(text, loc, problems)) return;
        if (format == Format.CSV && reportUnclosedQuote(text, firstLine(e.getOriginalMessage()), problems)) return;
        problems.add(loc, format.label() + " syntax error: " + withoutSource(firstLine(e.getOriginalMessage())) + " — " + fix(format)
                + restNotRead(text, loc));
    }

    private static void reportYaml(MarkedYamlEngineException yaml, JacksonException e, JsonParser parser, String text,
                                   Problems problems) {
        Loc loc = yaml.getProblemMark().map(SyntaxErrors::locOf)
                .orElseGet(() -> Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation()));
        StringBuilder message = new StringBuilder("YAML syntax error: ").append(firstLine(yaml.getProblem()));
        if (yaml.getContext() != null && !yaml.getContext().isBlank()) {
            message.append(" (").append(firstLine(yaml.getContext()));
            yaml.getContextMark().map(SyntaxErrors::locOf)
                    .filter(context -> !context.equals(loc))
                    .ifPresent(context -> message.append(" at line ").append(context.line())
                            .append(", column ").append(context.column()));
            message.append(')');
        }
        problems.add(loc, message.append(" — ").append(fix(Format.YAML)).append(restNotRead(text, loc)).toString());
    }

    /**
     * A '}' or ']' the parser stopped at that follows a comma (whitespace between) is a comma after the last entry, which
     * JSON does not allow: reported at the comma, with the fix. {@code false} when the parser stopped at anything else.
     */
    private static boolean reportTrailingComma(String text, Loc stoppedAt, Problems problems) {
        int at = offset(text, stoppedAt);
        if (at < 0 || at >= text.length() || (text.charAt(at) != '}' && text.charAt(at) != ']')) return false;
        int comma = at - 1;
        while (comma >= 0 && (text.charAt(comma) == ' ' || text.charAt(comma) == '\t' || text.charAt(comma) == '\n'
                || text.charAt(comma) == '\r')) {
            comma--;
        }
        if (comma < 0 || text.charAt(comma) != ',') return false;
        Loc where = locAt(text, comma);
        char closing = text.charAt(at);
        problems.add(where, "JSON syntax error: a comma after the last entry of " + (closing == '}' ? "an object" : "a list")
                + ", before its '" + closing + "' at line " + stoppedAt.line() + ", column " + stoppedAt.column()
                + " — remove the comma after the last entry (line " + where.line() + ", column " + where.column() + ")"
                + restNotRead(text, stoppedAt));
        return true;
    }

    /**
     * A quoted cell whose quote is never closed runs to the end of the file, where the CSV parser stops: reported at the
     * quote that opens it, with the lines it swallowed, not past the file's last line. {@code false} when the parser
     * stopped for another reason, or no quote opening a cell is left open.
     */
    private static boolean reportUnclosedQuote(String text, String parserMessage, Problems problems) {
        if (!parserMessage.toLowerCase(java.util.Locale.ROOT).contains("closing quote")) return false;
        int open = unclosedQuote(text);
        if (open < 0) return false;
        Loc where = locAt(text, open);
        int last = (int) text.lines().count();
        while (last > where.line() && text.lines().skip(last - 1).findFirst().orElse("").isBlank()) last--;
        String lines = last > where.line() ? "lines " + where.line() + " to " + last : "line " + where.line();
        problems.add(where, "CSV syntax error: " + parserMessage + " — the quoted cell that starts here is never closed, so the"
                + " rest of the file (" + lines + ") was read into it; " + fix(Format.CSV));
        return true;
    }

    /**
     * The offset of the quote that opens a cell and is never closed, as RFC 4180 reads a file: a quote opens a cell at the
     * cell's start (spaces before it allowed), {@code ""} inside is a quote; -1 when every quoted cell is closed.
     */
    private static int unclosedQuote(String text) {
        int open = -1;
        boolean cellStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (open >= 0) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        open = -1;
                        cellStart = false;
                    }
                }
            } else if (c == '"' && cellStart) {
                open = i;
            } else {
                cellStart = c == ',' || c == '\n' || c == '\r' || (cellStart && (c == ' ' || c == '\t'));
            }
        }
        return open;
    }

    /** The offset in {@code text} of a 1-based line and column, lines ending as the JSON parser counts them; -1 if none. */
    private static int offset(String text, Loc loc) {
        if (loc.line() <= 0 || loc.column() <= 0) return -1;
        int line = 1;
        int i = 0;
        while (line < loc.line() && i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) line++;
        }
        return line == loc.line() ? i + loc.column() - 1 : -1;
    }

    /** The 1-based line and column of an offset in {@code text}. */
    private static Loc locAt(String text, int offset) {
        int line = 1;
        int start = 0;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                start = i + 1;
            }
        }
        return new Loc(line, offset - start + 1);
    }

    /**
     * {@code "; the rest of the file after line N (K lines) was not read"}, or nothing when only blank
     * lines follow the line reading stopped at.
     */
    static String restNotRead(String text, Loc stoppedAt) {
        if (stoppedAt.line() <= 0) {
            return "";
        }
        List<String> rest = text.lines().skip(stoppedAt.line()).toList();
        int unread = rest.size();
        while (unread > 0 && rest.get(unread - 1).isBlank()) {
            unread--;
        }
        if (unread == 0) {
            return "";
        }
        return "; the rest of the file after line " + stoppedAt.line() + " (" + unread + (unread == 1 ? " line" : " lines")
                + ") was not read";
    }

    private static Loc locOf(Mark mark) {
        return new Loc(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String fix(Format format) {
        return switch (format) {
            case YAML -> "check indentation (spaces, not tabs), quotes, brackets and the ':' after each key";
            case JSON -> "check commas, quotes and brackets";
            case CSV -> "check the quotes: a quoted cell ends with \" and a \" inside it is written \"\"";
        };
    }

    /**
     * The parser's message without where it says an unclosed object or list began: with the source left out of
     * locations (the file may hold secrets), that is {@code [Source: REDACTED (...); byte offset: #UNKNOWN]}, which
     * says nothing to a reader.
     */
    static String withoutSource(String message) {
        return message.replaceAll(" ?\\(start marker at \\[Source: [^\\]]*\\]\\)", "");
    }

    static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "unreadable input";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
