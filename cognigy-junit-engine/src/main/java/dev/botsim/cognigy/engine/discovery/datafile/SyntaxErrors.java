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
        problems.add(loc, format.label() + " syntax error: " + firstLine(e.getOriginalMessage()) + " — " + fix(format)
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

    static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "unreadable input";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
