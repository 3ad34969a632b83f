package dev.botsim.cognigy.engine.approval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileNameLimit;
import dev.botsim.cognigy.spi.Expectation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The approval file of one data file or class: YAML mapping each test id to its approved answer (what the test said,
 * {@code said:}, then the answer's approved fields), written so that a review shows only what changed — tests in a
 * stable order (by id, a variant's or turn's number compared as a number), fields in a fixed order, slots by name, and
 * nothing that differs between runs (no time, no session or simulation id). Read back with the line of every problem,
 * since the file is edited and merged by hand.
 */
public final class ApprovalFile {

    /** Test ids in reading order: {@code test_x[2]} before {@code test_x[10]}, {@code test_c#2} before {@code test_c#10}. */
    public static final Comparator<String> TEST_ORDER = ApprovalFile::compareNaturally;

    static final String SUFFIX = ".approved.yaml";

    /** The entry's field naming what the test said when its answer was approved: the text, or a data message's label. */
    static final String SAID = "said";

    private static final Pattern DIGITS = Pattern.compile("\\d+|\\D+");

    private ApprovalFile() {
    }

    /**
     * {@code simulations/orders.sim.yaml} keeps its approvals in {@code simulations/orders.sim.yaml.approved.yaml}; a data
     * file named near the file system's limit in a shorter name of its own ({@link FileNameLimit#fitting}).
     */
    public static String forDataFile(String resource) {
        return withSuffix(safe(resource));
    }

    /** {@code com.example.OrderBotTest} keeps its approvals in {@code com/example/OrderBotTest.approved.yaml}. */
    public static String forClass(String className) {
        return withSuffix(safe(className.replace('.', '/')));
    }

    /** {@code path} and {@link #SUFFIX}, its last segment shortened where the two would be too long a file name. */
    private static String withSuffix(String path) {
        int folder = path.lastIndexOf('/') + 1;
        return path.substring(0, folder) + FileNameLimit.fitting(path.substring(folder), SUFFIX);
    }

    /**
     * A data file selected by a path outside the class path is named relative to the working directory, possibly
     * with {@code ..}: its approval file must still land inside the approval folder.
     */
    private static String safe(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            segments.add(segment.equals("..") ? "_up_" : segment.replace(':', '_'));
        }
        return String.join("/", segments);
    }

    /** The file's text: a comment naming the subject and how to accept new answers, then the tests in {@link #TEST_ORDER}. */
    public static String write(String subject, Map<String, ApprovedAnswer> answers) {
        SortedMap<String, Object> tests = new TreeMap<>(TEST_ORDER);
        answers.forEach((test, answer) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (answer.said() != null) entry.put(SAID, answer.said());
            entry.putAll(answer.fields());
            tests.put(test, entry);
        });
        // One comment line whatever the subject's name holds: a line break of any kind would end it (what follows would
        // be read as YAML), and a control character is no YAML at all.
        String header = "# Approved answers of " + ConsoleText.oneLine(subject) + " (cognigy-junit): review changes like code.\n"
                + "# Each test: what it said (said:), then the bot's approved answer. A test that now says something else\n"
                + "# fails until approved again. Accept the bot's current answers with -Dcognigy.approve=true;\n"
                + "# see docs/approved-answers.md.\n";
        if (tests.isEmpty()) return header + "{}\n";
        return header + ApprovalYaml.MAPPER.writeValueAsString(new LinkedHashMap<>(tests));
    }

    /** What reading a file gave: its answers, or the first problem with its 1-based line (0 when unknown). */
    public record Read(Map<String, ApprovedAnswer> answers, Optional<Problem> problem) {
    }

    /**
     * What is wrong with an approval file, and where.
     *
     * @param line    1-based; 0 when unknown
     * @param column  1-based; 0 when unknown or not said (a problem of a whole line or entry)
     * @param message what is wrong and the fix, after {@code approval file}
     */
    public record Problem(int line, int column, String message) {

        public Problem(int line, String message) {
            this(line, 0, message);
        }
    }

    /**
     * Reads a file's text; a merge conflict, a syntax error, a shape that is not an approval, or nothing at all (no bytes,
     * blank lines, or comments alone) is a problem. An approval file the engine writes is never empty — one without
     * answers holds {@code {}} under its header — so an empty one was cut short (a copy interrupted, a crash before the
     * disk kept it): read as no answers, it would have every test of its file approve its answer afresh outside CI, a
     * regression among them.
     */
    public static Read read(String text) {
        if (text.replace("\uFEFF", "").isBlank()) return cutShort("is empty");
        Optional<Problem> conflict = conflictMarker(text);
        if (conflict.isPresent()) return new Read(Map.of(), conflict);
        Map<String, ApprovedAnswer> answers = new TreeMap<>(TEST_ORDER);
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser parser = ApprovalYaml.parser(text)) {
            JsonToken token = parser.nextToken();
            // Comments and nothing else: the header the engine writes before its answers, cut short after it.
            if (token == null) return cutShort("holds only comments");
            if (token == JsonToken.VALUE_NULL) return new Read(answers, Optional.empty());
            if (token != JsonToken.START_OBJECT) {
                return problem(line(parser), "is not a mapping of test ids to approved answers");
            }
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String test = parser.currentName();
                int at = line(parser);
                Integer earlier = lines.putIfAbsent(test, at);
                if (earlier != null) {
                    return problem(at, "test " + test + " appears twice (lines " + earlier + " and " + at
                            + "), as a merge may leave it — keep one");
                }
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return problem(line(parser), "the approved answer of " + test + " is not a mapping of fields such as"
                            + " intent: and text:");
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                Map<String, Integer> fieldLines = new LinkedHashMap<>();
                String said = null;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = parser.currentName();
                    int fieldLine = line(parser);
                    if (!field.equals(SAID) && !Expectation.APPROVABLE.contains(field)) {
                        return problem(fieldLine, "the approved answer of " + test + " has an unknown field '" + field
                                + "' — its fields are " + SAID + ", " + String.join(", ", Expectation.APPROVABLE));
                    }
                    Integer earlierField = fieldLines.putIfAbsent(field, fieldLine);
                    if (earlierField != null) {
                        return problem(fieldLine, "'" + field + "' of " + test + " appears twice (lines " + earlierField
                                + " and " + fieldLine + "), as a merge may leave it — keep one");
                    }
                    parser.nextToken();
                    if (field.equals(SAID)) {
                        // Text only: a 'said' left empty must not turn the entry into one compared by its key alone,
                        // and a quoted empty or blank one names no message a test can send.
                        if (!parser.currentToken().isScalarValue() || parser.currentToken() == JsonToken.VALUE_NULL
                                || parser.getString().isBlank()) {
                            return problem(fieldLine, "'" + SAID + "' of " + test + " must be the text the test said — write"
                                    + " that text there, or remove the line: the next -Dcognigy.approve=true writes it");
                        }
                        said = parser.getString();
                        continue;
                    }
                    Object value;
                    try {
                        value = value(parser);
                    } catch (DuplicateKey e) {
                        return problem(e.line, "'" + field + "' of " + test + " names '" + e.key + "' twice (lines "
                                + e.earlier + " and " + e.line + "), as a merge may leave it — keep one");
                    }
                    if (!field.equals("entities") && !(value == null || value instanceof String)) {
                        return problem(fieldLine, "'" + field + "' of " + test + " must be text or null — write the"
                                + " approved " + field.replace('_', ' ') + " there as a text (quoted if YAML would read it"
                                + " otherwise), or remove the line and run its test with -Dcognigy.approve=true to record the"
                                + " bot's current answer");
                    }
                    if (field.equals("entities") && !(value == null || value instanceof Map)) {
                        return problem(fieldLine, "'entities' of " + test + " must be a mapping of slot names to values"
                                + " — write each as 'SLOT: value' on its own line below it, or remove it and run its test"
                                + " with -Dcognigy.approve=true to record the bot's current answer");
                    }
                    fields.put(field, value);
                }
                answers.put(test, new ApprovedAnswer(said, fields));
            }
            if (token == JsonToken.END_OBJECT && parser.nextToken() != null) {
                return problem(line(parser), "goes on after its answers (a second YAML document after '---'?) — keep one"
                        + " mapping of test ids to approved answers");
            }
            return new Read(answers, Optional.empty());
        } catch (JacksonException e) {
            // The parser's own message quotes the file, which holds the bot's answers: only where and what kind is said.
            YamlSyntaxError error = YamlSyntaxError.of(e);
            return new Read(Map.of(), Optional.of(new Problem(error.line(), error.column(), "is not valid YAML (" + error.what()
                    + ") — fix the YAML there, or run its tests with -Dcognigy.approve=true to record the bot's current answers")));
        }
    }

    /** A file that holds no answers and not the {@code {}} the engine writes for none: a write or a copy cut short. */
    private static Read cutShort(String what) {
        return problem(1, what + ", which no approval the engine writes is (a file without answers holds {}): a write"
                + " or a copy was cut short — restore it from version control (git checkout -- <file>), or approve its"
                + " tests again with -Dcognigy.approve=true, reviewing every answer");
    }

    private static Read problem(int line, String message) {
        return new Read(Map.of(), Optional.of(new Problem(line, message)));
    }

    private static int line(JsonParser parser) {
        return Math.max(parser.currentTokenLocation().getLineNr(), 0);
    }

    /** A key that a mapping inside an approved answer names twice: YAML would keep the last silently. */
    private static final class DuplicateKey extends RuntimeException {
        private final String key;
        private final int earlier;
        private final int line;

        DuplicateKey(String key, int earlier, int line) {
            super(key, null, false, false);
            this.key = key;
            this.earlier = earlier;
            this.line = line;
        }
    }

    /** The value at the parser's current token, text for every scalar; a key named twice in a mapping is refused. */
    private static Object value(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) return null;
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> map = new LinkedHashMap<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                int at = line(parser);
                Integer earlier = lines.putIfAbsent(name, at);
                if (earlier != null) throw new DuplicateKey(name, earlier, at);
                parser.nextToken();
                map.put(name, value(parser));
            }
            return map;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) list.add(value(parser));
            return list;
        }
        return parser.getString();
    }

    /** Git's conflict markers, which no YAML parser explains well: {@code <<<<<<<}, {@code |||||||}, {@code =======}, {@code >>>>>>>}. */
    private static Optional<Problem> conflictMarker(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            for (String marker : List.of("<<<<<<<", "|||||||", "=======", ">>>>>>>")) {
                if (line.equals(marker) || line.startsWith(marker + " ")) {
                    return Optional.of(new Problem(i + 1, "has a merge conflict marker '" + marker + "' — resolve the"
                            + " conflict (keep one answer per test), or run with -Dcognigy.approve=true to record the bot's"
                            + " current answers"));
                }
            }
        }
        return Optional.empty();
    }

    /** Compares runs of digits as numbers and the rest as text. */
    private static int compareNaturally(String a, String b) {
        Matcher left = DIGITS.matcher(a);
        Matcher right = DIGITS.matcher(b);
        while (left.find() && right.find()) {
            String x = left.group();
            String y = right.group();
            int order;
            if (Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))) {
                String xs = x.replaceFirst("^0+(?=.)", "");
                String ys = y.replaceFirst("^0+(?=.)", "");
                order = xs.length() != ys.length() ? Integer.compare(xs.length(), ys.length()) : xs.compareTo(ys);
            } else {
                order = x.compareTo(y);
            }
            if (order != 0) return order;
        }
        int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
