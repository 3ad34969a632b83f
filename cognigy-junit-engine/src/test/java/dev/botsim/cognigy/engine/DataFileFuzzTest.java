package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.descriptor.ProblemDescriptor;

/**
 * Data files as a careless or hostile hand writes them: the project's own valid YAML, JSON, CSV and Botium files,
 * mutated from a fixed list of seeds, each discovered from a folder beside a valid file. Whatever the text, discovery
 * completes without an error escaping; every problem names the file, a line within it (or none, for the whole file)
 * and a fix, with no exception's or class's name; and the valid file beside it still gives its test.
 * A failure names the seed, the mutation and the mutated text, so the case is run again from those alone.
 */
class DataFileFuzzTest {

    /** Each seed mutates every base file once per round; the seeds and rounds never change, so the cases do not either. */
    private static final long[] SEEDS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597};
    private static final int ROUNDS = Integer.getInteger("cognigy.fuzz.rounds", 3);
    private static final long CASE_TIMEOUT_SECONDS = 10;
    /** Every so many cases run too, not only discovered: a problem must reach the run as a failed test, not end it. */
    private static final int EXECUTED_EVERY = Integer.getInteger("cognigy.fuzz.executed-every", 32);
    private static final String SENTINEL = "test_fuzz_sentinel";

    /** Text a problem must never show a user: an exception's or parser's class, a stack frame. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\bat (dev|java|tools|org|com)\\.|java\\.lang|tools\\.jackson|org\\.yaml|snakeyaml|\\$Proxy|@[0-9a-f]{6,}"
                    + "|StreamReadConstraints|`\\w+\\.\\w+\\(\\)`");
    /** Characters a console must not receive raw in a message: they move the cursor, recolour or reorder what follows. */
    private static final Pattern RAW_CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F\\u0085\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern PLACE = Pattern.compile("^invalid: (.*?):(\\d+)(?::(\\d+))?: ");

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "data-file-fuzz");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path root;

    @AfterAll
    static void stopRunner() {
        RUNNER.shutdownNow();
    }

    record Base(String name, String text) {
        String suffix() {
            return name.substring(name.indexOf('.'));
        }
    }

    private static List<Base> bases() {
        List<Base> bases = new ArrayList<>();
        for (String resource : List.of("datafile/orders.sim.yaml", "datafile/orders.sim.json", "datafile/orders.sim.csv",
                "fixtures/rich/rich.sim.yaml", "fixtures/referenced/conversation.sim.yaml",
                "botium/shop/greeting.convo.txt", "botium/shop/orders.convo.yml", "botium/shop/escalation.convo.json",
                "botium/shop/utterances/orders.utterances.txt")) {
            bases.add(new Base(resource.substring(resource.lastIndexOf('/') + 1), resourceText(resource)));
        }
        bases.add(new Base("sample.sim.yaml", fileText(Path.of("../samples/order-bot/src/test/resources/simulations/orders.sim.yaml"))));
        bases.add(new Base("smoke.sim.csv", fileText(Path.of("../samples/order-bot/src/test/resources/simulations/smoke.sim.csv"))));
        return bases;
    }

    private static String resourceText(String resource) {
        try (var in = DataFileFuzzTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileText(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One way to spoil a file: the text's bytes, from the text and the seed's random numbers. */
    record Mutation(String name, BiFunction<String, Random, byte[]> apply) {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int at(String text, Random random) {
        return text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    }

    private static String insert(String text, int at, String what) {
        return text.substring(0, at) + what + text.substring(at);
    }

    /** A random position of {@code what} in the text, or -1. */
    private static int find(String text, Pattern what, Random random) {
        Matcher m = what.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find()) found.add(new int[] {m.start(), m.end()});
        return found.isEmpty() ? -1 : found.get(random.nextInt(found.size()))[0];
    }

    /** Replaces one random match of {@code what} (its group 1 when it has one) with {@code by}. */
    private static String replaceOne(String text, Pattern what, String by, Random random) {
        Matcher m = what.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.groupCount() > 0 && m.group(1) != null ? new int[] {m.start(1), m.end(1)} : new int[] {m.start(), m.end()});
        }
        if (found.isEmpty()) return insert(text, at(text, random), by);
        int[] span = found.get(random.nextInt(found.size()));
        return text.substring(0, span[0]) + by + text.substring(span[1]);
    }

    private static final String[] ODD_VALUES = {"42", "-0", "1e999999", "99999999999999999999999999999", "0x1F", ".inf",
            "-.nan", "true", "false", "null", "~", "\"\"", "''", "[]", "{}", "[a, [b, {c: d}]]", "{a: 1, b: [2]}", "- x",
            "|", ">-", "&x", "*x", "!!binary aGk=", "!!int 7", "\"unterminated", "'also", "{unclosed", "[unclosed", "@at",
            "`tick", "%TAG", "? complex", "2026-12-05", "0o17", "1_000", "NaN", "\\u0000", "\"\\uD800\"", "\"\\x\""};

    private static final String[] ODD_CHARACTERS = {"\u0000", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085",
            "\u2028", "\u2029", "\uFEFF", "\u200B", "\u202E", "\t", "\r", "\r\n", "\n\n", "\uD83D\uDE00", "\uFFFD", "\uFFFF",
            "\"", "'", ",", ";", ":", "#", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "\\", "---\n",
            "...\n", "<<: ", "? "};

    /** Lines of each format a hand writes wrongly: Botium's markers and asserters, CSV's header forms, YAML's keys. */
    private static final String[] ODD_LINES = {"#me", "#bot", "#begin", "#end", "#include other", "#sender", "#", "#me #bot",
            "INTENT", "INTENT_CONFIDENCE abc", "INTENT_CONFIDENCE 1e999", "INTENT_CONFIDENCE -5", "ENTITY_CONTENT |",
            "ENTITY_CONTENT order_id|", "ENTITY_VALUES", "BUTTONS", "BUTTONS |||", "MEDIA", "CARDS x|y", "PAUSE 99999999999",
            "WAITFORBOT -1", "UPDATE_CUSTOM SET_SLOT|x", "ORDER_QUESTION", "ORDER_WITH_ID", "NO_SUCH_LIST", "TEXT_CONTAINS_ANY",
            "!INTENT greeting", "!!INTENT", "sep=;", "sep=", "id;utterance", "\"id\",\"utterance\"", "id,id,utterance",
            ",,,,,,,,,,,,,,,,,,,,", "\"", "test_x,\"unclosed", "ID,Utterance,Intent", "\uFEFFid,utterance",
            "  - id: test_extra", "- utterance: x", "  expect: { intent: [a, b] }", "cases: {}", "conversations: x",
            "defaults: [1]", "version: 2", "mode: nlu", "mode: [nlu]", "locale: xx-XXXX", "repeat: 0", "repeat: 1001",
            "  repeat: 99999999999999", "? [a, b]", ": orphan value", "- - - nested", "  <<: *x", "&a x: 1", "!!binary x: 1",
            "utterances:", "convos:", "  ORDER_WITH_ID:", "%YAML 1.1", "%TAG ! tag:x,2000:", "---", "..."};

    private static final byte[][] BAD_BYTES = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0x80},
            {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

    private static byte[] bytesWith(String text, int at, byte[] inserted) {
        byte[] before = utf8(text.substring(0, at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        out.writeBytes(inserted);
        out.writeBytes(utf8(text.substring(at)));
        return out.toByteArray();
    }

    /** Text longer than any message should quote: words, sometimes with control characters among them. */
    private static String longText(Random random) {
        String word = List.of("x", "bonjour ", "\u001b[1m", "\uD83D\uDE00", "a\u202Eb").get(random.nextInt(5));
        return word.repeat(2_000 + random.nextInt(20_000) / word.length());
    }

    private static String billionLaughs(Random random) {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        int levels = 3 + random.nextInt(8);
        for (int level = 1; level < levels; level++) {
            char c = (char) ('a' + level);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("truncate anywhere", (t, r) -> utf8(t.substring(0, at(t, r)))),
            new Mutation("truncate the bytes (inside a character too)", (t, r) -> {
                byte[] b = utf8(t);
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            }),
            new Mutation("truncate after a key, a quote, a bracket or a comma", (t, r) -> {
                int i = find(t, Pattern.compile("[:\"'\\[{,\\-]"), r);
                return utf8(i < 0 ? t : t.substring(0, i + 1));
            }),
            new Mutation("delete characters", (t, r) -> {
                String s = t;
                for (int n = 1 + r.nextInt(4); n > 0 && !s.isEmpty(); n--) {
                    int i = r.nextInt(s.length());
                    s = s.substring(0, i) + s.substring(i + 1);
                }
                return utf8(s);
            }),
            new Mutation("duplicate a character", (t, r) -> {
                if (t.isEmpty()) return utf8(t);
                int i = r.nextInt(t.length());
                return utf8(insert(t, i, String.valueOf(t.charAt(i))));
            }),
            new Mutation("duplicate a line (a duplicate key)", (t, r) -> {
                List<String> lines = new ArrayList<>(t.lines().toList());
                if (lines.isEmpty()) return utf8(t);
                int i = r.nextInt(lines.size());
                lines.add(i, lines.get(i));
                return utf8(String.join("\n", lines) + "\n");
            }),
            new Mutation("delete a line", (t, r) -> {
                List<String> lines = new ArrayList<>(t.lines().toList());
                if (lines.isEmpty()) return utf8(t);
                lines.remove(r.nextInt(lines.size()));
                return utf8(String.join("\n", lines) + "\n");
            }),
            new Mutation("swap two lines", (t, r) -> {
                List<String> lines = new ArrayList<>(t.lines().toList());
                if (lines.size() < 2) return utf8(t);
                java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
                return utf8(String.join("\n", lines) + "\n");
            }),
            new Mutation("an odd value for a value", (t, r) -> utf8(replaceOne(t,
                    Pattern.compile("(?m)(?:: |^\\s*- |\\[|, |,)([^,\\]}\\n\"]+)"), ODD_VALUES[r.nextInt(ODD_VALUES.length)], r))),
            new Mutation("a scalar for a list or a mapping", (t, r) -> utf8(replaceOne(t,
                    Pattern.compile("(\\[[^\\[\\]\\n]*\\]|\\{[^{}\\n]*\\})"), ODD_VALUES[r.nextInt(10)], r))),
            new Mutation("a list or mapping for a scalar", (t, r) -> utf8(replaceOne(t,
                    Pattern.compile("(?::|,) ?(\"?[A-Za-z_][\\w ]*\"?)"), r.nextBoolean() ? "[x, y]" : "{k: v}", r))),
            new Mutation("an odd character anywhere", (t, r) -> utf8(insert(t, at(t, r), ODD_CHARACTERS[r.nextInt(ODD_CHARACTERS.length)]))),
            new Mutation("invalid UTF-8 bytes", (t, r) -> bytesWith(t, at(t, r), BAD_BYTES[r.nextInt(BAD_BYTES.length)])),
            new Mutation("empty file", (t, r) -> new byte[0]),
            new Mutation("only a byte order mark", (t, r) -> new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
            new Mutation("only white space or a comment", (t, r) -> utf8(List.of("\n", "   ", "# nothing\n", "\r\n\r\n", "\t", "---\n",
                    "...\n", "\uFEFF\n", "{}", "[]", "null", "\"\"", "id,utterance\n", ",,,\n").get(r.nextInt(14)))),
            new Mutation("CR LF line ends", (t, r) -> utf8(t.replace("\n", "\r\n"))),
            new Mutation("lone CR line ends", (t, r) -> utf8(t.replace("\n", "\r"))),
            new Mutation("mixed line ends", (t, r) -> {
                StringBuilder s = new StringBuilder();
                for (char c : t.toCharArray()) s.append(c == '\n' ? List.of("\n", "\r", "\r\n", "\n\r").get(r.nextInt(4)) : String.valueOf(c));
                return utf8(s.toString());
            }),
            new Mutation("a tab in an indentation", (t, r) -> utf8(replaceOne(t, Pattern.compile("(?m)^( {2})"), "\t", r))),
            new Mutation("tabs for all indentation", (t, r) -> utf8(t.replaceAll("(?m)^ {2}", "\t"))),
            new Mutation("a very long line", (t, r) -> utf8(insert(t, at(t, r), "x".repeat(50_000 + r.nextInt(200_000))))),
            new Mutation("a very long value", (t, r) -> utf8(replaceOne(t,
                    Pattern.compile("(?m)(?:: |^\\s*- |\\[|, |,)([^,\\]}\\n\"]+)"), longText(r), r))),
            new Mutation("a very long key", (t, r) -> utf8(replaceOne(t, Pattern.compile("(?m)^\\s*(?:- )?\"?(\\w+)\"?:"),
                    longText(r).replaceAll("[ :,]", "_"), r))),
            new Mutation("many short lines", (t, r) -> utf8(insert(t, at(t, r), "\n".repeat(20_000)))),
            new Mutation("deep nesting", (t, r) -> {
                int depth = 50 + r.nextInt(20_000);
                String open = r.nextBoolean() ? "[" : "{a: ";
                String close = open.equals("[") ? "]" : "}";
                return utf8(insert(t, at(t, r), open.repeat(depth) + (r.nextBoolean() ? close.repeat(depth) : "")));
            }),
            new Mutation("deep block nesting", (t, r) -> {
                StringBuilder s = new StringBuilder("cases:\n");
                int depth = 60 + r.nextInt(400);
                for (int i = 0; i < depth; i++) s.append("  ".repeat(i + 1)).append("- ");
                return utf8(s.append("x\n").append(t).toString());
            }),
            new Mutation("billion laughs", (t, r) -> utf8(billionLaughs(r) + t.replaceFirst("utterance: [^\\n]+",
                    "utterance: *" + (char) ('a' + 2)))),
            new Mutation("an alias to a missing anchor", (t, r) -> utf8(replaceOne(t, Pattern.compile(": ([^\\n]+)"), "*nowhere", r))),
            new Mutation("an unterminated quote", (t, r) -> utf8(insert(t, at(t, r), r.nextBoolean() ? "\"" : "'"))),
            new Mutation("a quote inside a CSV cell", (t, r) -> utf8(replaceOne(t, Pattern.compile(",([^,\\n]*)"),
                    List.of("a\"b", "\"a\"b", "\"a", "a\"", "\"\"\"", "\"a\nb\"").get(r.nextInt(6)), r))),
            new Mutation("a ragged row", (t, r) -> utf8(r.nextBoolean() ? replaceOne(t, Pattern.compile(","), "", r)
                    : replaceOne(t, Pattern.compile(","), ",,", r))),
            new Mutation("a repeated key in a mapping", (t, r) -> utf8(replaceOne(t, Pattern.compile("\\{ ?(\"?\\w+\"?: ?[^,}\\n]+)"),
                    "$0, $0".replace("$0", "intent: a"), r))),
            new Mutation("an odd line", (t, r) -> {
                List<String> lines = new ArrayList<>(t.lines().toList());
                lines.add(lines.isEmpty() ? 0 : r.nextInt(lines.size() + 1), ODD_LINES[r.nextInt(ODD_LINES.length)]);
                return utf8(String.join("\n", lines) + "\n");
            }),
            new Mutation("many documents", (t, r) -> utf8(t + "\n---\n" + t)),
            new Mutation("two mutations", (t, r) -> {
                Random inner = new Random(r.nextLong());
                Mutation first = MUTATION_LIST()[inner.nextInt(13)];
                Mutation second = MUTATION_LIST()[inner.nextInt(13)];
                String once = new String(first.apply().apply(t, inner), StandardCharsets.UTF_8);
                return second.apply().apply(once, inner);
            }));

    private static Mutation[] MUTATION_LIST() {
        return MUTATIONS.toArray(Mutation[]::new);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final tools.jackson.dataformat.yaml.YAMLMapper YAML = tools.jackson.dataformat.yaml.YAMLMapper.builder().build();

    /**
     * Mutations of the file's structure, for YAML and JSON: the file read as a tree, one node of it changed, written back
     * in its own format. They reach every field the regular expressions above miss: a list where a mapping is expected
     * at any depth, a key renamed or gone, a value of every other type.
     */
    private static final List<Mutation> STRUCTURAL = List.of(
            new Mutation("a node of another type", (t, r) -> tree(t, r, (node, random) -> odd(random))),
            new Mutation("a key renamed", (t, r) -> treeField(t, r, (parent, key, random) -> {
                tools.jackson.databind.JsonNode value = parent.remove(key);
                parent.set(List.of("", " ", key.toUpperCase(java.util.Locale.ROOT), key + " ", "\u00a0" + key, key + "_",
                        "cases", "expect", "id", "1", "null", "x".repeat(3_000)).get(random.nextInt(12)), value);
            })),
            new Mutation("a key removed", (t, r) -> treeField(t, r, (parent, key, random) -> parent.remove(key))),
            new Mutation("a list's item repeated", (t, r) -> tree(t, r, (node, random) -> {
                if (!(node instanceof tools.jackson.databind.node.ArrayNode list) || list.isEmpty()) return odd(random);
                tools.jackson.databind.node.ArrayNode copy = list.deepCopy();
                copy.add(list.get(random.nextInt(list.size())).deepCopy());
                return copy;
            })),
            new Mutation("a value wrapped in a list or mapping", (t, r) -> tree(t, r, (node, random) -> random.nextBoolean()
                    ? JSON.createArrayNode().add(node.deepCopy())
                    : JSON.createObjectNode().set(random.nextBoolean() ? "value" : "say", node.deepCopy()))));

    private static tools.jackson.databind.JsonNode odd(Random random) {
        tools.jackson.databind.node.JsonNodeFactory nodes = JSON.getNodeFactory();
        return switch (random.nextInt(12)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> nodes.numberNode(random.nextInt());
            case 3 -> nodes.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400))));
            case 4 -> nodes.numberNode(new java.math.BigDecimal("1e" + (random.nextInt(2_000) - 1_000)));
            case 5 -> nodes.stringNode("");
            case 6 -> nodes.stringNode(longText(random));
            case 7 -> nodes.stringNode(ODD_CHARACTERS[random.nextInt(ODD_CHARACTERS.length)]);
            case 8 -> nodes.arrayNode();
            case 9 -> nodes.objectNode();
            case 10 -> nodes.arrayNode().add("x").add(nodes.objectNode().put("k", 1));
            default -> nodes.objectNode().put("intent", "greeting").set("entities", nodes.arrayNode().add(1));
        };
    }

    /** The text read as a tree (YAML or JSON, as it is written), one of its nodes replaced, written back the same way. */
    private static byte[] tree(String text, Random random,
                               BiFunction<tools.jackson.databind.JsonNode, Random, tools.jackson.databind.JsonNode> change) {
        boolean json = text.stripLeading().startsWith("{");
        tools.jackson.databind.JsonNode root = json ? JSON.readTree(text) : YAML.readTree(text);
        List<Runnable> places = new ArrayList<>();
        collect(root, random, change, places);
        if (places.isEmpty()) return utf8(text);
        places.get(random.nextInt(places.size())).run();
        return utf8(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) : YAML.writeValueAsString(root));
    }

    private static void collect(tools.jackson.databind.JsonNode node, Random random,
                                BiFunction<tools.jackson.databind.JsonNode, Random, tools.jackson.databind.JsonNode> change,
                                List<Runnable> places) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                tools.jackson.databind.JsonNode child = object.get(key);
                places.add(() -> object.set(key, change.apply(child, random)));
                collect(child, random, change, places);
            }
        } else if (node instanceof tools.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int at = i;
                tools.jackson.databind.JsonNode child = array.get(i);
                places.add(() -> array.set(at, change.apply(child, random)));
                collect(child, random, change, places);
            }
        }
    }

    /** A change to one field of one mapping of the tree. */
    private interface FieldChange {
        void apply(tools.jackson.databind.node.ObjectNode parent, String key, Random random);
    }

    private static byte[] treeField(String text, Random random, FieldChange change) {
        boolean json = text.stripLeading().startsWith("{");
        tools.jackson.databind.JsonNode root = json ? JSON.readTree(text) : YAML.readTree(text);
        List<Runnable> places = new ArrayList<>();
        collectFields(root, random, change, places);
        if (places.isEmpty()) return utf8(text);
        places.get(random.nextInt(places.size())).run();
        return utf8(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) : YAML.writeValueAsString(root));
    }

    private static void collectFields(tools.jackson.databind.JsonNode node, Random random, FieldChange change, List<Runnable> places) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                places.add(() -> change.apply(object, key, random));
                collectFields(object.get(key), random, change, places);
            }
        } else if (node != null) {
            node.forEach(child -> collectFields(child, random, change, places));
        }
    }

    /** One case: what is run, and what a failure names. */
    record Case(long seed, int round, Base base, Mutation mutation, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String describe() {
            String shown = new String(bytes, StandardCharsets.UTF_8);
            if (shown.length() > 1200) shown = shown.substring(0, 600) + "\n…[" + (shown.length() - 1200) + " chars]…\n"
                    + shown.substring(shown.length() - 600);
            return "seed " + seed + " round " + round + ", " + base.name() + ", mutation '" + mutation.name() + "' ("
                    + bytes.length + " bytes):\n" + dev.botsim.cognigy.engine.support.ConsoleText.visible(shown);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<Base> bases = bases();
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < ROUNDS; round++) {
                for (Base base : bases) {
                    boolean tree = base.name().matches(".*\\.(json|ya?ml)");
                    Mutation mutation = tree && random.nextBoolean() ? STRUCTURAL.get(random.nextInt(STRUCTURAL.size()))
                            : MUTATIONS.get(random.nextInt(MUTATIONS.size()));
                    byte[] bytes = mutation.apply().apply(base.text(), new Random(random.nextLong()));
                    cases.add(new Case(seed, round, base, mutation, bytes));
                }
            }
        }
        return cases;
    }

    @Test
    @DisplayName("mutated data files: discovery completes, every problem names the file, a line in it and a fix, with"
            + " no exception's name, and the valid file beside it still runs")
    void mutatedDataFiles() throws Exception {
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Case c : cases) {
            Path folder = Files.createDirectories(root.resolve("case" + index++));
            List<String> found = check(c, folder, index % EXECUTED_EVERY == 0);
            if (!found.isEmpty()) failures.add(String.join("\n  ", found.stream()
                    .map(f -> dev.botsim.cognigy.engine.support.Excerpt.of(f, 400)).toList()) + "\n  in " + c.describe());
        }
        assertThat(failures).as("cases that broke a rule, of " + cases.size()).isEmpty();
    }

    /** What the case broke, if anything. */
    private List<String> check(Case c, Path folder, boolean execute) throws Exception {
        String name = "fuzz" + c.base().suffix();
        Path fuzz = folder.resolve(name);
        Files.write(fuzz, c.bytes());
        Files.writeString(folder.resolve("sentinel.sim.yaml"), "cases:\n  - id: " + SENTINEL + "\n    utterance: hello\n");
        if (c.base().name().endsWith(".convo.txt") || c.base().name().endsWith(".convo.yml") || c.base().name().endsWith(".convo.json")) {
            Files.writeString(folder.resolve("orders.utterances.txt"), resourceText("botium/shop/utterances/orders.utterances.txt"));
        }
        List<String> broken = new ArrayList<>();
        EngineDiscoveryResults results;
        Future<EngineDiscoveryResults> run = RUNNER.submit(() -> EngineTestSupport.kit(BotiumFilesTest.shopBot())
                .selectors(selectDirectory(folder.toFile())).discover());
        try {
            results = run.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            broken.add("discovery took more than " + CASE_TIMEOUT_SECONDS + " s");
            return broken;
        } catch (java.util.concurrent.ExecutionException e) {
            broken.add("discovery threw " + e.getCause());
            return broken;
        }
        for (DiscoveryIssue issue : results.getDiscoveryIssues()) {
            if (issue.severity() == DiscoveryIssue.Severity.ERROR || issue.cause().isPresent()) {
                broken.add("an error-level issue or one with a cause: " + issue);
            }
            if (INTERNALS.matcher(issue.message()).find()) broken.add("an issue shows internals: " + issue.message());
            if (RAW_CONTROLS.matcher(issue.message()).find()) broken.add("an issue has raw control characters: "
                    + dev.botsim.cognigy.engine.support.ConsoleText.visible(issue.message()));
            if (issue.message().length() > 2_000) broken.add("an issue of " + issue.message().length() + " characters: "
                    + dev.botsim.cognigy.engine.support.Excerpt.of(issue.message(), 200));
        }
        TestDescriptor engine = results.getEngineDescriptor();
        List<String> ids = new ArrayList<>();
        engine.accept(d -> ids.add(d.getUniqueId().toString()));
        if (ids.stream().noneMatch(id -> id.contains("sentinel.sim.yaml") && id.contains(SENTINEL))) {
            broken.add("the valid file beside it gave no test: " + ids);
        }
        List<String> lineTexts = lines(c.bytes());
        int lines = lineTexts.size();
        engine.accept(d -> {
            if (!(d instanceof ProblemDescriptor problem)) return;
            String shown = d.getDisplayName();
            String message = problem.message();
            if (d.getUniqueId().toString().contains("sentinel.sim.yaml")) {
                broken.add("the valid file has a problem: " + message);
                return;
            }
            if (!message.contains(name)) broken.add("a problem does not name the file: " + message);
            if (INTERNALS.matcher(message).find()) broken.add("a problem shows internals: " + message);
            if (!message.contains(" — ") && !message.contains(" - ")) broken.add("a problem without a fix: " + message);
            Matcher place = PLACE.matcher(shown);
            if (place.find()) {
                int line = Integer.parseInt(place.group(2));
                if (line < 1 || line > lines) {
                    broken.add("line " + line + " is outside the file's " + lines + " lines: " + message);
                } else if (place.group(3) != null && Integer.parseInt(place.group(3)) > lineTexts.get(line - 1).length() + 1) {
                    broken.add("column " + place.group(3) + " is past the end of line " + line + " ("
                            + lineTexts.get(line - 1).length() + " characters): " + message);
                }
            } else if (!shown.startsWith("invalid: ") || !(shown.contains(name + ": "))) {
                broken.add("a problem neither placed nor of the whole file: " + shown);
            }
            if (shown.length() > 2_000) broken.add("a problem's name of " + shown.length() + " characters: "
                    + dev.botsim.cognigy.engine.support.Excerpt.of(shown, 200));
        });
        // A file that runs nothing says why: no test and no problem would be a file silently left out. A Botium file may
        // hold utterance lists only, for the convos beside it.
        boolean anyFromFuzz = ids.stream().anyMatch(id -> id.contains(name) && !id.endsWith(name + "]"));
        boolean listsOnly = name.contains(".utterances.") || (name.contains(".convo.") && !c.text().contains("convos")
                && c.text().contains("utterances"));
        if (!anyFromFuzz && !listsOnly) broken.add("the file gave neither a test nor a problem");
        if (broken.isEmpty()) broken.addAll(sameWithOtherLineEnds(c));
        if (execute && broken.isEmpty()) broken.addAll(execute(folder));
        return broken;
    }

    /**
     * The file's problems with its line ends written as Windows (CR LF) or old Mac editors (CR) write them: the same, at
     * the same lines and columns, as with LF. Read by the readers themselves, as discovery does, without a run.
     */
    private static List<String> sameWithOtherLineEnds(Case c) throws IOException {
        String text = c.text();
        if (text.contains("\r") || !text.contains("\n") || !java.util.Arrays.equals(utf8(text), c.bytes())) return List.of();
        String name = "fuzz" + c.base().suffix();
        List<String> lf = problems(name, utf8(text));
        // A key or text that runs over lines holds their line ends: with CR LF it is longer, and so said.
        if (lf.stream().anyMatch(p -> p.contains("a key of ") || p.contains(" characters, more than"))) return List.of();
        List<String> broken = new ArrayList<>();
        for (String eol : List.of("\r\n", "\r")) {
            List<String> other = problems(name, utf8(text.replace("\n", eol)));
            if (!other.equals(lf)) {
                broken.add("with " + (eol.length() == 2 ? "CR LF" : "CR") + " line ends the problems differ: " + other
                        + " instead of " + lf);
            }
        }
        return broken;
    }

    private static List<String> problems(String name, byte[] bytes) throws IOException {
        java.io.InputStream in = new java.io.ByteArrayInputStream(bytes);
        dev.botsim.cognigy.engine.discovery.datafile.ParsedFile parsed = name.contains(".convo.") || name.contains(".utterances.")
                ? new dev.botsim.cognigy.engine.discovery.botium.BotiumReader(1 << 20).read(name, in, java.util.Optional.empty(),
                        java.util.Optional.empty())
                : new dev.botsim.cognigy.engine.discovery.datafile.SimulationFileReader(1 << 20).read(name, in);
        // A byte offset counts the CR of a CR LF too: the place is the line and column.
        return parsed.problems().stream().map(p -> p.line() + ":" + p.column() + ": "
                + p.message().replaceAll("byte offset \\d+", "byte offset N")).toList();
    }

    /** What running the folder broke: the run or a container failing, the valid file's test not passing. */
    private List<String> execute(Path folder) throws Exception {
        List<String> broken = new ArrayList<>();
        ScriptedBackend bot = BotiumFilesTest.shopBot();
        Future<org.junit.platform.testkit.engine.EngineExecutionResults> run = RUNNER.submit(() -> EngineTestSupport.kit(bot)
                .configurationParameter(dev.botsim.cognigy.engine.config.Constants.REPORT_DIR, folder.resolve("reports").toString())
                .selectors(selectDirectory(folder.toFile())).execute());
        org.junit.platform.testkit.engine.EngineExecutionResults results;
        try {
            results = run.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            return List.of("the run took more than " + CASE_TIMEOUT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            return List.of("the run threw " + e.getCause());
        }
        results.containerEvents().failed().stream().forEach(e -> broken.add("a container failed: "
                + e.getTestDescriptor().getDisplayName() + ": " + e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                .getThrowable().map(Throwable::toString).orElse("")));
        if (results.testEvents().succeeded().stream().noneMatch(e -> e.getTestDescriptor().getUniqueId().toString().contains(SENTINEL))) {
            broken.add("the valid file's test did not pass");
        }
        results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("invalid: "))
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow())
                .filter(t -> !t.getClass().getName().endsWith("InvalidSimulationException") || INTERNALS.matcher(String.valueOf(t.getMessage())).find())
                .forEach(t -> broken.add("a problem test failed with " + t));
        return broken;
    }

    /** The lines an editor shows, split at LF, CR LF and a lone CR; a byte order mark is none of the first. */
    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return List.of(text.split("\r\n|\r|\n", -1));
    }
}
