package dev.botsim.cognigy.engine.discovery.datafile;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.support.WholeCodePointReader;

/**
 * Streams a YAML or JSON document into a {@link Node} tree with positions. One code path for both
 * formats; YAML-only hazards (aliases, tags, several documents) are refused here.
 *
 * <p>Iterative, not recursive, and bounded by the factory's nesting limit. When the parser fails
 * half-way, the tree read so far is kept, with the open containers, and those that end right before the error, marked
 * incomplete.
 */
final class TreeReader {

    private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";

    /** Tags that only restate a plain type; anything else asks a YAML library to build objects. */
    private static final Set<String> PLAIN_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq");

    /** YAML's merge key: refused, and its field left for {@link Fields} to pass over. */
    static final String MERGE_KEY = "<<";

    private final Format format;
    private final Problems problems;
    private final Deque<Builder> open = new ArrayDeque<>();
    private Node root;
    private CutByComment cuts;

    private TreeReader(Format format, Problems problems) {
        this.format = format;
        this.problems = problems;
    }

    /** The root node, or {@code null} when the document is empty or broken before its first value. */
    static Node read(TokenStreamFactory factory, Format format, String text, Problems problems) {
        return new TreeReader(format, problems).run(factory, text);
    }

    private Node run(TokenStreamFactory factory, String text) {
        cuts = format == Format.YAML ? new CutByComment(text) : null;
        try (JsonParser parser = parser(factory, text)) {
            try {
                readRoot(parser);
            } catch (JacksonException e) {
                SyntaxErrors.report(e, parser, format, text, problems);
                closeAllIncomplete();
                return root;
            } catch (YamlEngineException e) {
                Loc loc = Loc.of(parser.currentLocation());
                problems.add(loc, "YAML error: " + SyntaxErrors.firstLine(e.getMessage()) + " — fix the YAML here"
                        + SyntaxErrors.restNotRead(text, loc));
                closeAllIncomplete();
                return root;
            } catch (RuntimeException e) {
                // A fault of the parser itself, not of the file: it is this file's problem, where reading stopped, so
                // that the other files' tests are still discovered and run.
                Loc loc = Loc.of(parser.currentLocation());
                problems.add(loc, "the " + format.label() + " reader failed here (" + e + "), a fault of the reader,"
                        + " not necessarily of the file — report it to cognigy-junit with the file; rewording the text"
                        + " near here may get it read" + SyntaxErrors.restNotRead(text, loc));
                closeAllIncomplete();
                return root;
            }
            if (root != null) {
                checkNothingFollows(parser, text);
            }
        }
        return root;
    }

    /**
     * YAML is read through a {@link WholeCodePointReader}: SnakeYAML Engine 3.0.x, which a project's dependency
     * management may still pick, fails with an {@code IndexOutOfBoundsException} when one of its 1,024-character
     * windows ends between the two halves of an emoji, so a file with an emoji at that place could not be read at all.
     */
    private JsonParser parser(TokenStreamFactory factory, String text) {
        return format == Format.YAML
                ? factory.createParser(ObjectReadContext.empty(), new WholeCodePointReader(new StringReader(endingInLf(text))))
                : factory.createParser(ObjectReadContext.empty(), text);
    }

    /**
     * The YAML text with a lone CR at its very end read as LF: YAML reads every line break as LF, but SnakeYAML's marks
     * count a CR that ends the stream as a character of the last line, so a file saved with CR line ends (classic Mac OS)
     * would have what ends with it placed past the end of its last line instead of on the line after. The same length:
     * every other place stays as it is.
     */
    private static String endingInLf(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) + "\n" : text;
    }

    private void readRoot(JsonParser parser) {
        boolean rejectNextValue = false;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            Loc loc = Loc.of(parser.currentTokenLocation());
            if (token == JsonToken.PROPERTY_NAME) {
                ((MappingBuilder) open.peek()).key(parser.currentName(), loc);
                rejectNextValue = refusedMergeKey(parser, loc) || refusedTag(parser, loc);
                continue;
            }
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                attach(open.pop().build(true));
            } else if (rejectNextValue || refusedAlias(parser, loc) || refusedTag(parser, loc)) {
                rejectNextValue = false;
                if (token.isStructStart()) {
                    parser.skipChildren();
                }
                attach(new Node.Rejected(loc));
            } else if (token == JsonToken.START_OBJECT) {
                open.push(new MappingBuilder(loc));
            } else if (token == JsonToken.START_ARRAY) {
                open.push(new SequenceBuilder(loc));
            } else {
                attach(scalar(parser, token, loc));
            }
            if (open.isEmpty()) {
                return;
            }
        }
    }

    private void checkNothingFollows(JsonParser parser, String text) {
        try {
            JsonToken next = parser.nextToken();
            if (next != null) {
                Loc loc = Loc.of(parser.currentTokenLocation());
                problems.add(loc, format == Format.YAML
                        ? "a second YAML document starts here — keep one document per file (remove the '---' separator)"
                        : "unexpected content after the JSON document — a file holds exactly one JSON object; remove what follows it");
            }
        } catch (JacksonException e) {
            Loc loc = Loc.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            String said = SyntaxErrors.firstLine(e.getOriginalMessage());
            // A key indented less than the first key of an indented document ends the document there: it belongs to it,
            // one column off, and removing it would remove what it holds (the cases).
            if (format == Format.YAML && SyntaxErrors.reportMisalignedKey(text, loc, said, problems)) {
                // The document was cut there: what the key belonged to is incomplete, not a file without cases.
                closeAllIncomplete();
                return;
            }
            problems.add(loc, "unexpected content after the " + format.label() + " document (" + said
                    + ") — remove what follows the document");
        }
    }

    /**
     * YAML's merge key, {@code <<: *base}, as Botium's and hand-written YAML share fields with: it copies the fields of
     * another mapping, which takes an alias (refused) and which the engine does not do. Reported once, at the key, as
     * what it is; its value (the alias, or a mapping or list of them) is not read, so no alias or unknown field is
     * reported for it too ({@link Fields} passes over the key).
     */
    private boolean refusedMergeKey(JsonParser parser, Loc loc) {
        if (!(parser instanceof YAMLParser) || !MERGE_KEY.equals(parser.currentName())) {
            return false;
        }
        problems.add(loc, "a YAML merge key (<<) copies another mapping's fields, which the engine does not read (aliases are"
                + " refused) — write the fields out, or put the values every case and conversation shares under"
                + " 'defaults:' (user, platform, data, tags)");
        return true;
    }

    private boolean refusedAlias(JsonParser parser, Loc loc) {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            problems.add(loc, "YAML alias '*" + parser.getString() + "' is not supported — write the value out in full");
            return true;
        }
        return false;
    }

    private boolean refusedTag(JsonParser parser, Loc loc) {
        if (!(parser instanceof YAMLParser yaml)) {
            return false;
        }
        String tag = yaml.getRawTag();
        if (tag == null || tag.equals("!")) {
            return false;
        }
        if (tag.startsWith(CORE_TAG_PREFIX) && PLAIN_TAGS.contains(tag.substring(CORE_TAG_PREFIX.length()))) {
            return false;
        }
        String shown = tag.startsWith(CORE_TAG_PREFIX) ? "!!" + tag.substring(CORE_TAG_PREFIX.length()) : tag;
        problems.add(loc, "YAML tag '" + CaseRules.shorten(shown) + "' is not allowed — remove it; simulation files hold only text,"
                + " numbers, true/false, lists and mappings");
        return true;
    }

    private Node scalar(JsonParser parser, JsonToken token, Loc loc) {
        Node node = scalarAsRead(parser, token, loc);
        if (cuts != null && node instanceof Node.Scalar scalar && scalar.kind() != Node.Kind.NULL) {
            Loc comment = cuts.after(loc, Loc.of(parser.currentLocation()));
            if (comment != null) {
                return new Node.Scalar(scalar.kind(), scalar.text(), scalar.value(), loc, comment);
            }
        }
        return node;
    }

    private Node scalarAsRead(JsonParser parser, JsonToken token, Loc loc) {
        return switch (token) {
            case VALUE_STRING -> new Node.Scalar(Node.Kind.TEXT, parser.getString(), parser.getString(), loc);
            case VALUE_NUMBER_INT -> {
                Object value = parser.getNumberValue();
                yield new Node.Scalar(Node.Kind.INTEGER, parser.getString(),
                        value instanceof Integer i ? Long.valueOf(i) : value, loc);
            }
            case VALUE_NUMBER_FLOAT -> {
                Object value = decimal(parser);
                if (value instanceof Double d && !Double.isFinite(d)) {
                    // No field takes them, and JSON has no way to write them: sent as data they would reach the bot
                    // as a text or not at all.
                    String written = parser.getString();
                    problems.add(loc, "'" + written + "' is YAML's " + (d.isNaN() ? "not-a-number" : "infinity")
                            + ", which JSON cannot carry to the bot — quote it (\"" + written + "\") to send the text,"
                            + " or write a number");
                    yield new Node.Rejected(loc);
                }
                yield new Node.Scalar(Node.Kind.DECIMAL, parser.getString(), value, loc);
            }
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(Node.Kind.BOOLEAN, parser.getString(),
                    token == JsonToken.VALUE_TRUE, loc);
            case VALUE_NULL -> new Node.Scalar(Node.Kind.NULL, "", null, loc);
            default -> {
                problems.add(loc, "unsupported value — use text, a number, true/false, a list or a mapping");
                yield new Node.Rejected(loc);
            }
        };
    }

    /** Double where it round-trips; YAML's .inf and .nan stay doubles (and are reported by the caller). */
    private static Object decimal(JsonParser parser) {
        double value = parser.getDoubleValue();
        if (Double.isFinite(value)) {
            try {
                BigDecimal exact = new BigDecimal(parser.getString());
                if (BigDecimal.valueOf(value).compareTo(exact) != 0) {
                    return exact;
                }
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private void attach(Node node) {
        if (open.isEmpty()) {
            root = node;
        } else {
            open.peek().add(node);
        }
    }

    private void closeAllIncomplete() {
        while (!open.isEmpty()) {
            attach(open.pop().build(false));
        }
        if (root != null) root = lastCutShort(root);
    }

    /**
     * {@code node} marked cut short, and its last container child, and that child's on down: those the parser had closed
     * too. The parser stops where it finds the text no longer makes sense, which is often past the
     * value the text belonged to: a key indented one space too little ({@code expect:} under {@code utterance:}) closes
     * the case before it and breaks the list. Reported complete, that case would run without what was meant to be in it
     * — an expectation lost, a test passing — so whatever ends right before the error is left out with it.
     */
    private static Node lastCutShort(Node node) {
        if (node instanceof Node.Mapping mapping && !mapping.fields().isEmpty()) {
            List<Node.Field> fields = new ArrayList<>(mapping.fields());
            Node.Field last = fields.get(fields.size() - 1);
            if (last.value() != null) {
                fields.set(fields.size() - 1, new Node.Field(last.name(), last.keyLoc(), lastCutShort(last.value())));
            }
            return new Node.Mapping(fields, false, mapping.loc());
        }
        if (node instanceof Node.Mapping mapping) return new Node.Mapping(mapping.fields(), false, mapping.loc());
        if (node instanceof Node.Sequence sequence) {
            // In JSON the stray key that broke the list ("expect" after a case's closing brace) is read as an item of
            // its own before the parser fails on its ':': the last container of the list is the suspect, not the text.
            List<Node> items = new ArrayList<>(sequence.items());
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i) instanceof Node.Mapping || items.get(i) instanceof Node.Sequence) {
                    items.set(i, lastCutShort(items.get(i)));
                    break;
                }
            }
            return new Node.Sequence(items, false, sequence.loc());
        }
        return node;
    }

    private interface Builder {
        void add(Node node);

        Node build(boolean complete);
    }

    private static final class MappingBuilder implements Builder {
        private final Loc loc;
        private final List<Node.Field> fields = new ArrayList<>();
        private String pendingName;
        private Loc pendingLoc;

        MappingBuilder(Loc loc) {
            this.loc = loc;
        }

        void key(String name, Loc keyLoc) {
            pendingName = name;
            pendingLoc = keyLoc;
        }

        @Override
        public void add(Node node) {
            fields.add(new Node.Field(pendingName, pendingLoc, node));
            pendingName = null;
        }

        @Override
        public Node build(boolean complete) {
            return new Node.Mapping(fields, complete, loc);
        }
    }

    private static final class SequenceBuilder implements Builder {
        private final Loc loc;
        private final List<Node> items = new ArrayList<>();

        SequenceBuilder(Loc loc) {
            this.loc = loc;
        }

        @Override
        public void add(Node node) {
            items.add(node);
        }

        @Override
        public Node build(boolean complete) {
            return new Node.Sequence(items, complete, loc);
        }
    }
}
