package dev.botsim.cognigy.engine.discovery.datafile;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;

/** Turns a parser's exception into a problem at the position the parser was stuck at. */
final class SyntaxErrors {

    private SyntaxErrors() {
    }

    static void report(JacksonException e, JsonParser parser, Format format, Problems problems) {
        if (e instanceof StreamConstraintsException) {
            Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            String text = firstLine(e.getOriginalMessage());
            if (text.contains("nesting depth")) {
                problems.add(loc, "nesting deeper than " + Factories.MAX_DEPTH
                        + " levels — simulation files need only a few levels; flatten the data");
            } else {
                problems.add(loc, "the file exceeds a parser limit (" + text + ") — split or simplify the file");
            }
            return;
        }
        if (e.getCause() instanceof MarkedYamlEngineException yaml) {
            reportYaml(yaml, e, parser, problems);
            return;
        }
        Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
        problems.add(loc, format.label() + " syntax error: " + firstLine(e.getOriginalMessage()) + " — " + fix(format));
    }

    private static void reportYaml(MarkedYamlEngineException yaml, JacksonException e, JsonParser parser,
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
        problems.add(loc, message.append(" — ").append(fix(Format.YAML)).toString());
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
