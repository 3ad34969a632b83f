package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Turns a parser's exception into a problem at the position the parser was stuck at. The parser
 * does not go on after it, so the message also says how much of the file was never read: the cases
 * there are not reported one by one, and would otherwise go missing without a word.
 */
final class SyntaxErrors {

    /** Jackson's words for a key past {@code maxNameLength}: {@code Name length (1500) exceeds the maximum allowed (1000)}. */
    private static final Pattern NAME_TOO_LONG =
            Pattern.compile("Name length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    /** Jackson's words for a number past {@code maxNumberLength}: {@code Number value length (1500) exceeds ... (100)}. */
    private static final Pattern NUMBER_TOO_LONG =
            Pattern.compile("Number value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    private SyntaxErrors() {
    }

    static void report(JacksonException e, JsonParser parser, Format format, String text, Problems problems) {
        if (e instanceof StreamConstraintsException) {
            Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            // Jackson names the setting it checked (", from `StreamReadConstraints.getMaxNameLength()`"): no words for a
            // reader of the file.
            String limit = firstLine(e.getOriginalMessage()).replaceAll(",? from `[^`]*`", "");
            Matcher name = NAME_TOO_LONG.matcher(limit);
            Matcher number = NUMBER_TOO_LONG.matcher(limit);
            if (limit.contains("nesting depth")) {
                problems.add(loc, "nesting deeper than " + Factories.MAX_DEPTH
                        + " levels — simulation files need only a few levels; flatten the data" + restNotRead(text, loc));
            } else if (name.find()) {
                problems.add(loc, "a key of " + name.group(1) + " characters, more than the " + name.group(2) + " a key may"
                        + " have — shorten it; a text belongs after the key's ':', as its value" + restNotRead(text, loc));
            } else if (number.find()) {
                problems.add(loc, "a number of " + number.group(1) + " characters, more than the " + number.group(2)
                        + " a number may have — write it in quotes to mean the text, or shorten it" + restNotRead(text, loc));
            } else {
                problems.add(loc, "the file exceeds a parser limit (" + limit + ") — split or simplify the file"
                        + restNotRead(text, loc));
            }
            return;
        }
        if (e.getCause() instanceof ReaderException unreadable && reportControlCharacter(unreadable, text, problems)) {
            return;
        }
        if (e.getCause() instanceof MarkedYamlEngineException yaml) {
            reportYaml(yaml, e, parser, text, problems);
            return;
        }
        Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
        if (format == Format.JSON && reportTrailingComma(text, loc, problems)) return;
        if (format == Format.JSON && reportLineBreakInText(text, firstLine(e.getOriginalMessage()), loc, problems)) return;
        if (format == Format.CSV && reportUnclosedQuote(text, firstLine(e.getOriginalMessage()), problems)) return;
        String said = withoutSource(firstLine(e.getOriginalMessage()));
        if (format == Format.JSON && reportRunOnText(text, said, loc, problems)) return;
        if (format == Format.JSON && said.contains("maybe a (non-standard) comment?")) {
            problems.add(loc, "JSON syntax error: JSON has no comments ('//' or '/* */') — remove the comment, or write the"
                    + " file as YAML (*.sim.yaml), where '#' starts one" + restNotRead(text, loc));
            return;
        }
        if (format == Format.JSON && said.contains("Leading zeroes not allowed")) {
            problems.add(loc, "JSON syntax error: a number cannot start with 0 — write it in quotes (\"007\") to mean the"
                    + " text, or without the leading zeros" + restNotRead(text, loc));
            return;
        }
        String quotes = format == Format.JSON && said.matches("(?s)Unexpected character \\('[\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]'.*")
                ? "; typographic quotes such as \u201c \u201d are not JSON's: write the straight quote \"" : "";
        problems.add(loc, format.label() + " syntax error: " + said + " — " + fix(format) + quotes + restNotRead(text, loc));
    }

    private static void reportYaml(MarkedYamlEngineException yaml, JacksonException e, JsonParser parser, String text,
                                   Problems problems) {
        Loc loc = yaml.getProblemMark().map(SyntaxErrors::locOf)
                .orElseGet(() -> Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation()));
        if (reportQuoteNeverClosed(yaml, text, problems)) return;
        String said = firstLine(yaml.getProblem()) + context(yaml, loc);
        Optional<UnclosedQuotes.Span> quote = UnclosedQuotes.yamlClosedByALaterOne(text, offset(text, loc));
        if (quote.isEmpty() && reportMisalignedKey(text, loc, said, problems)) return;
        if (quote.isEmpty() && reportDeeperKey(text, loc, said, problems)) return;
        StringBuilder message = new StringBuilder("YAML syntax error: ").append(said);
        message.append(" — ").append(fix(Format.YAML));
        quote.ifPresent(span -> {
            Loc open = locAt(text, span.open());
            message.append("; the quoted text that starts at line ").append(open.line()).append(", column ")
                    .append(open.column()).append(" ends only on line ").append(locAt(text, span.close()).line())
                    .append(" — is its closing ").append(span.quote()).append(" missing on line ").append(open.line())
                    .append('?');
        });
        problems.add(loc, message.append(restNotRead(text, loc)).toString());
    }

    /**
     * A character YAML does not allow anywhere, quoted or not (a control character such as ESC or BEL): SnakeYAML refuses
     * it while reading the stream, before any token, so its message names no place and Jackson's is the file's start.
     * Reported where it stands, named by its code, with how to write it. {@code false} for another refusal of the reader.
     */
    private static boolean reportControlCharacter(ReaderException unreadable, String text, Problems problems) {
        int position = unreadable.getPosition();
        if (position < 0 || position > text.codePointCount(0, text.length())) return false;
        Loc loc = locAt(text, text.offsetByCodePoints(0, position));
        int codePoint = unreadable.getCodePoint();
        String code = String.format(java.util.Locale.ROOT, "%04X", codePoint);
        // YAML writes a character beyond the 16-bit range as \U and eight hex digits.
        String escape = codePoint > 0xFFFF ? String.format(java.util.Locale.ROOT, "\\U%08x", codePoint)
                : "\\u" + code.toLowerCase(java.util.Locale.ROOT);
        // Besides control characters YAML refuses the noncharacters U+FFFE and U+FFFF and lone surrogates: no "control".
        String what = Character.getType(codePoint) == Character.CONTROL ? "the control character" : "the character";
        problems.add(loc, "YAML syntax error: " + what + " U+" + code + " is not allowed in YAML, quoted or not —"
                + " remove it (most editors do not show it); to send it to the bot, write it as " + escape
                + " inside a double-quoted text" + restNotRead(text, loc));
        return true;
    }

    /** {@code " (while parsing … at line 3, column 3)"}: what the parser was reading, where it began; or nothing. */
    private static String context(MarkedYamlEngineException yaml, Loc loc) {
        if (yaml.getContext() == null || yaml.getContext().isBlank()) return "";
        StringBuilder context = new StringBuilder(" (").append(firstLine(yaml.getContext()));
        yaml.getContextMark().map(SyntaxErrors::locOf)
                .filter(begun -> !begun.equals(loc))
                .ifPresent(begun -> context.append(" at line ").append(begun.line()).append(", column ").append(begun.column()));
        return context.append(')').toString();
    }

    /**
     * A quoted text never closed runs to the end of the file, where the parser stops: reported at its opening quote,
     * with the lines it swallowed. {@code false} when the parser stopped for another reason.
     */
    private static boolean reportQuoteNeverClosed(MarkedYamlEngineException yaml, String text, Problems problems) {
        if (yaml.getContext() == null || !yaml.getContext().contains("quoted scalar")
                || yaml.getProblem() == null || !yaml.getProblem().contains("end of stream")) {
            return false;
        }
        Optional<Loc> open = yaml.getContextMark().map(SyntaxErrors::locOf);
        int at = open.map(loc -> offset(text, loc)).orElse(-1);
        if (at < 0 || at >= text.length()) return false;
        char quote = text.charAt(at);
        String inside = quote == '"' ? "\\\"" : "''";
        problems.add(open.get(), "YAML syntax error: the quoted text that starts here is never closed, so the rest of the"
                + " file (" + linesFrom(text, open.get()) + ") was read into it — close it with " + quote + " on line "
                + open.get().line() + " (a " + quote + " inside it is written " + inside + ")");
        return true;
    }

    /**
     * A YAML key out of line with the key above it, where the parser stopped at it ({@code said}, its words): told against
     * that key, with what was not read. {@code false} when the parser stopped for another reason.
     */
    static boolean reportMisalignedKey(String text, Loc loc, String said, Problems problems) {
        return said.contains("found '<block mapping start>'")
                && reportKey(MisalignedKey.explain(text, loc), text, loc, said, problems);
    }

    /**
     * A YAML key indented more than the key above it, whose text it was read into ({@link MisalignedKey#explainDeeper}):
     * told against that key, with what was not read. {@code false} when the parser stopped for another reason.
     */
    private static boolean reportDeeperKey(String text, Loc loc, String said, Problems problems) {
        return said.startsWith("mapping values are not allowed here")
                && reportKey(MisalignedKey.explainDeeper(text, loc), text, loc, said, problems);
    }

    /** A key's place {@code explained}, told at {@code loc} with the parser's words and what was not read; whether it was. */
    private static boolean reportKey(Optional<String> explained, String text, Loc loc, String said, Problems problems) {
        explained.ifPresent(why -> problems.add(loc, "YAML syntax error: " + why + "; in the parser's words: " + said
                + restNotRead(text, loc)));
        return explained.isPresent();
    }

    /**
     * A word right after a JSON text's closing quote, where a comma or colon belongs: most often a text whose own closing
     * quote is missing ({@code "say": "hi, "expect": ...}), so the quote meant to open the next text closed it and the
     * next key stands outside quotes. Told with the text as read and the word after it, at the word. {@code false} when
     * the parser stopped for another reason.
     */
    private static boolean reportRunOnText(String text, String said, Loc stoppedAt, Problems problems) {
        if (!said.startsWith("Unexpected character") || !(said.contains("was expecting comma")
                || said.contains("was expecting a colon"))) {
            return false;
        }
        int at = offset(text, stoppedAt);
        if (at < 2 || at >= text.length() || text.charAt(at - 1) != '"' || !Character.isLetterOrDigit(text.charAt(at))) {
            return false;
        }
        // The text the quote before the word closed: the one still open on its line up to that quote.
        int open = UnclosedQuotes.jsonOpenAtLineEnd(text, at - 1);
        if (open < 0) return false;
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
        String read = dev.botsim.cognigy.engine.support.ConsoleText.visible(
                dev.botsim.cognigy.engine.support.Excerpt.of(text.substring(open + 1, at - 1), 40));
        String word = dev.botsim.cognigy.engine.support.ConsoleText.visible(
                dev.botsim.cognigy.engine.support.Excerpt.of(text.substring(at, end), 40));
        Loc opened = locAt(text, open);
        problems.add(stoppedAt, "JSON syntax error: '" + word + "' stands outside quotes right after the text \"" + read
                + "\" (opened at line " + opened.line() + ", column " + opened.column() + ") — a closing \" is likely"
                + " missing inside that text, so the quote meant to open '" + word + "' closed it: close the text where it"
                + " ends (a \" inside a text is written \\\"); in the parser's words: " + said + restNotRead(text, stoppedAt));
        return true;
    }

    /**
     * A line break inside a JSON text, which JSON does not allow: most often a text whose closing quote is missing.
     * Reported at the line's end with where the text opens. {@code false} when the parser stopped for another reason.
     */
    private static boolean reportLineBreakInText(String text, String parserMessage, Loc stoppedAt, Problems problems) {
        if (!parserMessage.contains("CTRL-CHAR, code 10") && !parserMessage.contains("CTRL-CHAR, code 13")) return false;
        int at = offset(text, stoppedAt);
        int open = at < 0 ? -1 : UnclosedQuotes.jsonOpenAtLineEnd(text, at);
        if (open < 0) return false;
        Loc where = locAt(text, open);
        problems.add(stoppedAt, "JSON syntax error: the text that starts at line " + where.line() + ", column " + where.column()
                + " is not closed before the line ends — close it with \", or write a line break inside a text as \\n"
                + restNotRead(text, stoppedAt));
        return true;
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
        int open = UnclosedQuotes.csv(text);
        if (open < 0) return false;
        Loc where = locAt(text, open);
        problems.add(where, "CSV syntax error: " + parserMessage + " — the quoted cell that starts here is never closed, so the"
                + " rest of the file (" + linesFrom(text, where) + ") was read into it; " + fix(Format.CSV));
        return true;
    }

    /** {@code "lines 3 to 7"} from {@code from}'s line to the file's last line that is not blank, or {@code "line 3"}. */
    private static String linesFrom(String text, Loc from) {
        int last = (int) text.lines().count();
        while (last > from.line() && text.lines().skip(last - 1).findFirst().orElse("").isBlank()) last--;
        return last > from.line() ? "lines " + from.line() + " to " + last : "line " + from.line();
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
