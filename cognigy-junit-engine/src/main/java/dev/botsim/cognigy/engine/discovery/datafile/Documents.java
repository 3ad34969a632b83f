package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reading steps of data files, for other suite formats read next to them (Botium's): the same size
 * limit, the same refusal of anything but plain UTF-8, and the same safe YAML/JSON parsing with a position
 * on every value, so a foreign file is held to the rules of ours and its problems read the same.
 */
public final class Documents {

    private Documents() {
    }

    /**
     * A file's text, or why it has none.
     *
     * @param text     the decoded text, or {@code null} when the bytes were refused
     * @param problems what was wrong, positioned; empty when {@code text} is given
     */
    public record Text(String text, List<FileProblem> problems) {
        public Text {
            problems = List.copyOf(problems);
        }
    }

    /**
     * A value of a YAML or JSON document where it stands.
     *
     * @param content {@code String}, a {@code Number}, {@code Boolean}, {@code null}, a {@code List<Value>} or a
     *                {@code Map<String, Value>} in file order (a key given twice keeps its first value)
     * @param line    1-based line, 0 when unknown
     * @param column  1-based column, 0 when unknown
     * @param cutShort a list or mapping a syntax error cut short: what follows the error in it was never read
     * @param keyLine   the 1-based line of the key a mapping holds this value under; 0 for a list's item or the root
     * @param keyColumn the 1-based column of that key; 0 when there is none
     * @param commentLine   the 1-based line of a {@code #} right after a plain scalar that YAML took for a comment, though
     *                      text follows it directly ({@code order #4711}): the text was cut there; 0 when it was not
     * @param commentColumn the 1-based column of that {@code #}; 0 when there is none
     */
    public record Value(Object content, int line, int column, boolean cutShort, int keyLine, int keyColumn,
                        int commentLine, int commentColumn) {

        Value(Object content, int line, int column, boolean cutShort, int keyLine, int keyColumn) {
            this(content, line, column, cutShort, keyLine, keyColumn, 0, 0);
        }
    }

    /**
     * A parsed document.
     *
     * @param root     the document, or {@code null} when it is empty or broken before its first value
     * @param problems syntax errors and refused YAML features (aliases, tags, a second document), positioned
     */
    public record Tree(Value root, List<FileProblem> problems) {
        public Tree {
            problems = List.copyOf(problems);
        }
    }

    /** The bytes as text, refused when larger than {@code maxBytes} or not plain UTF-8 (a UTF-8 byte order mark is left out). */
    public static Text text(String resource, byte[] bytes, int maxBytes) {
        Problems problems = new Problems(resource);
        if (bytes.length > maxBytes) {
            problems.add(Loc.UNKNOWN, "the file has more than " + maxBytes + " bytes — split it into several files");
            return new Text(null, problems.sorted());
        }
        String text = Utf8Text.decode(bytes, problems);
        return new Text(text, problems.sorted());
    }

    /** Parses YAML ({@code yaml}) or JSON text with the data files' limits (nesting, lengths, no aliases or tags). */
    public static Tree tree(String resource, String text, boolean yaml, int maxBytes) {
        Problems problems = new Problems(resource);
        Format format = yaml ? Format.YAML : Format.JSON;
        Node root = TreeReader.read(new Factories(maxBytes).treeFactory(format), format, text, problems);
        return new Tree(root == null ? null : value(root, Loc.UNKNOWN), problems.sorted());
    }

    /** Recursive, and bounded by the factory's nesting limit. */
    private static Value value(Node node, Loc key) {
        Loc loc = node.loc();
        if (node instanceof Node.Scalar scalar) {
            Loc comment = scalar.comment() == null ? Loc.UNKNOWN : scalar.comment();
            return new Value(scalar.value(), loc.line(), loc.column(), false, key.line(), key.column(), comment.line(),
                    comment.column());
        }
        if (node instanceof Node.Sequence sequence) {
            List<Value> items = new ArrayList<>();
            sequence.items().forEach(item -> items.add(value(item, Loc.UNKNOWN)));
            return new Value(items, loc.line(), loc.column(), !sequence.complete(), key.line(), key.column());
        }
        if (node instanceof Node.Mapping mapping) {
            Map<String, Value> fields = new LinkedHashMap<>();
            mapping.fields().forEach(f -> fields.putIfAbsent(f.name(), value(f.value(), f.keyLoc())));
            return new Value(fields, loc.line(), loc.column(), !mapping.complete(), key.line(), key.column());
        }
        // Refused while parsing (an alias or tag): its problem is reported already.
        return new Value(null, loc.line(), loc.column(), false, key.line(), key.column());
    }
}
