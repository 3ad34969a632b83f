package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.Optional;

/**
 * Finds the quote a writer most likely left open, where a parser only says where it got stuck: at the end of the file,
 * or lines later at the next text's quote, which closed the open one. Read as the formats read quotes, without parsing
 * the rest: a guess that names a place, given as a hint beside the parser's own message.
 */
final class UnclosedQuotes {

    private UnclosedQuotes() {
    }

    /** A quoted text from its opening quote to its closing one (offsets in the file's text). */
    record Span(int open, int close, char quote) {
    }

    /**
     * The offset of the quote that opens a CSV cell and is never closed, as RFC 4180 reads a file: a quote opens a cell
     * at the cell's start (spaces before it allowed), {@code ""} inside is a quote; -1 when every quoted cell is closed.
     */
    static int csv(String text) {
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

    /**
     * The quoted YAML text that ends just before {@code stuckAt} on the same line, when it runs over several lines and its
     * closing quote stands where a text's opening quote would (after {@code key: }, {@code - }, or first on its line):
     * the quote of an earlier text left open, closed by the opening quote of the next one.
     */
    static Optional<Span> yamlClosedByALaterOne(String text, int stuckAt) {
        Span last = null;
        boolean valueStart = true;
        for (int i = 0; i < Math.min(stuckAt, text.length()); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                if (!valueStart) {
                    continue;
                }
                int close = closingQuote(text, i, c);
                if (close < 0 || close >= stuckAt) {
                    break;
                }
                last = new Span(i, close, c);
                i = close;
                valueStart = false;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n' && text.charAt(i + 1) != '\r') i++;
            } else if (c == '\n' || c == '\r') {
                valueStart = true;
            } else if (c == ' ' || c == '\t') {
                valueStart |= i > 0 && (text.charAt(i - 1) == ':' || text.charAt(i - 1) == '-');
            } else {
                valueStart = c == '[' || c == '{' || c == ',';
            }
        }
        if (last == null || hasLineBreak(text.substring(last.close() + 1, stuckAt))) return Optional.empty();
        int lineStart = Math.max(text.lastIndexOf('\n', last.close()), text.lastIndexOf('\r', last.close())) + 1;
        String beforeClose = text.substring(lineStart, last.close()).stripTrailing();
        boolean closesWhereATextOpens = beforeClose.isEmpty() || beforeClose.endsWith(":") || beforeClose.endsWith("-")
                || beforeClose.endsWith("[") || beforeClose.endsWith("{") || beforeClose.endsWith(",");
        boolean overSeveralLines = hasLineBreak(text.substring(last.open(), last.close()));
        return closesWhereATextOpens && overSeveralLines ? Optional.of(last) : Optional.empty();
    }

    /** The offset of the JSON text's opening quote on the line that ends at {@code lineEnd}, or -1 if none is open. */
    static int jsonOpenAtLineEnd(String text, int lineEnd) {
        int open = -1;
        for (int i = text.lastIndexOf('\n', lineEnd - 1) + 1; i < lineEnd; i++) {
            char c = text.charAt(i);
            if (open >= 0 && c == '\\') {
                i++;
            } else if (c == '"') {
                open = open >= 0 ? -1 : i;
            }
        }
        return open;
    }

    /** Lines end at LF, CR LF or a lone CR (classic Mac OS), as YAML reads them. */
    private static boolean hasLineBreak(String part) {
        return part.indexOf('\n') >= 0 || part.indexOf('\r') >= 0;
    }

    /** Where the YAML text opened at {@code open} with {@code quote} is closed, or -1 when it is not. */
    private static int closingQuote(String text, int open, char quote) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
