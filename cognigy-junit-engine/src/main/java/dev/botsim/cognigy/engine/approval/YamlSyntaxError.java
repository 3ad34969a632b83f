package dev.botsim.cognigy.engine.approval;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Where an approval file stops being YAML, and what kind of error it is, in words that quote nothing of the file. The
 * parsers' own messages quote it: SnakeYAML repeats the line under a caret and names what it found (a tag's handle, the
 * character after an escape), Jackson a value its tag does not fit ({@code Invalid base-16 number ('...')}). An approval
 * file holds what the tests said and the bot's answers — a customer's data, a token a bot echoed — and the message lands
 * in the CI log, the reports and the webhook's payload, so only the line, the column and the kind are said, as a
 * cassette's JSON errors are.
 *
 * @param line   1-based; 0 when the parser said nowhere
 * @param column 1-based; 0 when the parser said nowhere
 * @param what   the kind of error, quoting nothing of the file: {@code a tab where YAML takes spaces only}
 */
record YamlSyntaxError(int line, int column, String what) {

    /** What SnakeYAML's problems mean, by how they begin; checked before the context, being the more precise. */
    private static final List<Map.Entry<String, String>> PROBLEMS = List.of(
            Map.entry("found unexpected end of stream", "the file ends inside a value: a closing quote missing, or the file cut short?"),
            Map.entry("found unknown escape character", "a backslash escape YAML does not know, in a text in double quotes"),
            Map.entry("expected escape sequence", "a malformed \\x, \\u or \\U escape, in a text in double quotes"),
            Map.entry("found character", "a character no plain text can begin with (such as @ or `): put the text in quotes"),
            Map.entry("mapping values are not allowed", "a colon and a space inside a text not in quotes, or a line indented"
                    + " unlike its neighbours"),
            Map.entry("mapping keys are not allowed", "a '? ' where no key can stand: put the text in quotes"),
            Map.entry("sequence entries are not allowed", "a '- ' where no list can stand: put the text in quotes"),
            Map.entry("duplicate tag handle", "a %TAG directive YAML cannot read"),
            Map.entry("found undefined tag handle", "a tag (!...) YAML cannot read: put a text beginning with ! in quotes"),
            Map.entry("found unexpected document separator", "a line of '---' or '...' inside a text: indent it, or put the"
                    + " text in quotes"),
            Map.entry("could not find expected ':'", "a key without its ':'"),
            Map.entry("special characters are not allowed", "a control character YAML does not allow"),
            Map.entry("DEL character", "a control character YAML does not allow"),
            Map.entry("The incoming YAML document exceeds the limit", "a file beyond the parser's limit on its length"));

    /** What SnakeYAML was reading when it stopped, by how its words begin. */
    private static final List<Map.Entry<String, String>> CONTEXTS = List.of(
            Map.entry("while scanning a tag", "a tag (!...) YAML cannot read: put a text beginning with ! in quotes"),
            Map.entry("while scanning an ", "an anchor or alias YAML cannot read: put a text beginning with & or * in quotes"),
            Map.entry("while scanning a block scalar", "a block text (| or >) whose indicators YAML cannot read"),
            Map.entry("while scanning a directive", "a directive (a line beginning with %) YAML cannot read"),
            Map.entry("while scanning a YAML directive", "a directive (a line beginning with %) YAML cannot read"),
            Map.entry("while parsing a flow", "a [ or { not closed, or a text beginning with one not in quotes"),
            Map.entry("while parsing a block", "a line indented unlike its neighbours"),
            Map.entry("while scanning a simple key", "a key without its ':'"),
            Map.entry("while scanning a quoted scalar", "a text in quotes YAML cannot read"),
            Map.entry("while scanning a double-quoted scalar", "a text in double quotes YAML cannot read"),
            Map.entry("while scanning a plain scalar", "a text not in quotes YAML cannot read: put it in quotes"),
            Map.entry("while scanning a comment", "a control character YAML does not allow, in a comment"));

    /** The error {@code e} reports, where it stands. */
    static YamlSyntaxError of(JacksonException e) {
        int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
        int column = e.getLocation() == null ? 0 : Math.max(e.getLocation().getColumnNr(), 0);
        if (e instanceof StreamConstraintsException) {
            return new YamlSyntaxError(line, column, "a value beyond the parser's limits: nested too deep, or too long a text");
        }
        if (e.getCause() instanceof MarkedYamlEngineException yaml) return of(yaml, line, column);
        if (e.getCause() instanceof ReaderException) {
            return new YamlSyntaxError(line, column, "a control character YAML does not allow");
        }
        if (e.getCause() instanceof YamlVersionException) {
            return new YamlSyntaxError(line, column, "a %YAML directive of a version other than 1.x");
        }
        // Jackson's own: a value its tag does not fit (!!int 0xZZ, !!binary with a character base64 has none of).
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("base64") || message.startsWith("Invalid") && message.contains("number")) {
            // Said at the value, not past its end where the parser stopped.
            if (e.processor() instanceof JsonParser parser && parser.currentTokenLocation() != null) {
                line = Math.max(parser.currentTokenLocation().getLineNr(), 0);
                column = Math.max(parser.currentTokenLocation().getColumnNr(), 0);
            }
            return new YamlSyntaxError(line, column, "a value its tag (!!int, !!float, !!binary) does not fit: remove the tag,"
                    + " or put the value in quotes");
        }
        return new YamlSyntaxError(line, column, "a syntax error");
    }

    /**
     * Where SnakeYAML stopped — for a file ending inside a value, where that value began, since the end of the file is no
     * place to fix it — and what its problem, else what it was reading, means.
     */
    private static YamlSyntaxError of(MarkedYamlEngineException yaml, int line, int column) {
        String problem = yaml.getProblem() == null ? "" : yaml.getProblem();
        String context = yaml.getContext() == null ? "" : yaml.getContext();
        Optional<Mark> at = problem.startsWith("found unexpected end of stream") && yaml.getContextMark().isPresent()
                ? yaml.getContextMark() : yaml.getProblemMark();
        // A tab is named so in the problem however it stands ("found character '\t(TAB)'", "found a ... after \t(TAB)").
        String what = problem.contains("\\t(TAB)") ? "a tab where YAML takes spaces only: indent with spaces"
                : meaning(PROBLEMS, problem).or(() -> meaning(CONTEXTS, context)).orElse("a syntax error");
        return at.map(mark -> new YamlSyntaxError(mark.getLine() + 1, mark.getColumn() + 1, what))
                .orElseGet(() -> new YamlSyntaxError(line, column, what));
    }

    private static Optional<String> meaning(List<Map.Entry<String, String>> known, String said) {
        return known.stream().filter(entry -> said.startsWith(entry.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
