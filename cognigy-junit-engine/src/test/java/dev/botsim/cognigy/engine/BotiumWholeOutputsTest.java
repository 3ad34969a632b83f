package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Botium's whole-output asserters ({@code TEXT}, {@code TEXT_EQUALS}, {@code TEXT_REGEXP_*}'s anchors) against a REST
 * Endpoint answering in Cognigy's shape: an output is compared whole, however many lines it has, and two outputs are two,
 * as Botium compares each bot message — live, recorded and replayed, and replayed from a cassette recorded before the
 * outputs' texts were.
 */
class BotiumWholeOutputsTest {

    private static final String TRACE = "endpoint-httpIncomingMessage-0b5e7c2a-4d1f-4a8e-9c36-7e2f1a9d5b40";
    private static final String REPORT = """
            {"intent":"greeting","intentScore":0.94,"intentFlow":null,"flowName":"Main","slots":{},"state":""}""";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    /** The answer to each utterance. */
    private final Map<String, String> answers = new LinkedHashMap<>();
    @TempDir
    Path dir;
    /** What the latest run wrote to the console. */
    private String console;
    private int runs;

    @BeforeEach
    void start() throws Exception {
        // One Say node saying two lines; two Say nodes saying a line each. Each then the Code node's report.
        answers.put("one output", answer("Hello\\nthere", "Hello\\nthere"));
        answers.put("two outputs", answer("Hello How can I help?", "Hello", "How can I help?"));
        // Two Say nodes whose texts, one line each, read together as one sentence: two messages to Botium.
        answers.put("two lines", answer("Hello there", "Hello", "there"));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                return answers.entrySet().stream().filter(answer -> body.contains("\"text\":\"" + answer.getKey() + "\""))
                        .map(answer -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body(answer.getValue()).build())
                        .findFirst().orElse(new MockResponse.Builder().code(500).build());
            }
        });
        server.start();
        Path convos = Files.createDirectories(dir.resolve("convos"));
        convo(convos, "one_text", "one output", "TEXT Hello");
        convo(convos, "one_not_text", "one output", "!TEXT Hello");
        convo(convos, "one_text_whole", "one output", "TEXT Hello there");
        convo(convos, "one_equals_ic", "one output", "TEXT_EQUALS_IC hello THERE");
        convo(convos, "one_regexp", "one output", "TEXT_REGEXP_ANY ^Hello$");
        convo(convos, "two_text", "two outputs", "TEXT Hello");
        convo(convos, "two_equals", "two outputs", "TEXT_EQUALS How can I help?");
        convo(convos, "lines_text", "two lines", "TEXT Hello there");
        convo(convos, "lines_not_text", "two lines", "!TEXT Hello there");
        convo(convos, "lines_equals_ic", "two lines", "TEXT_EQUALS_IC hello THERE");
        convo(convos, "lines_wildcardexact", "two lines", "TEXT_WILDCARDEXACT_ANY Hello there");
        convo(convos, "lines_regexp", "two lines", "TEXT_REGEXP_ANY ^Hello\\s+there$");
        convo(convos, "lines_text_first", "two lines", "TEXT Hello");
        convo(convos, "lines_contains", "two lines", "TEXT_CONTAINS_ANY Hello there");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A REST Endpoint's answer: its top-level text, an output per text, the Code node's report. */
    private static String answer(String top, String... said) {
        StringBuilder stack = new StringBuilder();
        for (String text : said) {
            stack.append("""
                    {"text":"%s","data":{},"traceId":"%s","disableSensitiveLogging":false,"source":"bot"},
                    """.formatted(text, TRACE));
        }
        return """
                {"text":"%s","data":{},"outputStack":[%s
                  {"text":null,"data":%s,"traceId":"%s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_1","sessionId":"ses_1"}""".formatted(top, stack, REPORT, TRACE);
    }

    private static void convo(Path convos, String name, String says, String check) throws Exception {
        Files.writeString(convos.resolve(name + ".convo.txt"), name + "\n\n#me\n" + says + "\n\n#bot\n" + check + "\n");
    }

    /** Runs the convos with {@code cognigy.replay} {@code mode}; each test's record by its id. */
    private Map<String, SimulationRecord> run(String mode) {
        return run(mode, dir.resolve("convos"));
    }

    /**
     * Runs the convos of {@code convos} with {@code cognigy.replay} {@code mode} and {@code parameters}, keys and values in
     * turn; each test's record by its id.
     */
    private Map<String, SimulationRecord> run(String mode, Path convos, String... parameters) {
        RecordingListener listener = new RecordingListener();
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/3f9a1c7e5b2d4e8a").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineServices services = new EngineServices(environment::get, Backends::create, Clock.systemUTC())
                .withConsole(new PrintStream(out, true, StandardCharsets.UTF_8)).withListeners(listener);
        var engine = EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + ++runs).toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString());
        for (int i = 0; i + 1 < parameters.length; i += 2) engine.configurationParameter(parameters[i], parameters[i + 1]);
        engine.selectors(selectDirectory(convos.toFile())).execute();
        console = out.toString(StandardCharsets.UTF_8);
        Map<String, SimulationRecord> records = new TreeMap<>();
        listener.finished.forEach(r -> records.put(r.testId(), r));
        return records;
    }

    private static Map<String, Outcome> outcomes(Map<String, SimulationRecord> records) {
        Map<String, Outcome> outcomes = new TreeMap<>();
        records.forEach((id, r) -> outcomes.put(id, r.outcome()));
        return outcomes;
    }

    /** The cassettes recorded, by name: one per convo file. */
    private Map<String, Path> cassettes() throws Exception {
        Map<String, Path> cassettes = new TreeMap<>();
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            files.filter(p -> p.toString().endsWith(".cassette.json")).forEach(p -> cassettes.put(p.getFileName().toString(), p));
        }
        return cassettes;
    }

    /** What Botium says of each convo: an output is one message, compared whole with its whitespace collapsed. */
    private static final Map<String, Outcome> AS_BOTIUM = new TreeMap<>(Map.ofEntries(
            Map.entry("test_one_text", Outcome.FAILED),
            Map.entry("test_one_not_text", Outcome.PASSED),
            Map.entry("test_one_text_whole", Outcome.PASSED),
            Map.entry("test_one_equals_ic", Outcome.PASSED),
            Map.entry("test_one_regexp", Outcome.FAILED),
            Map.entry("test_two_text", Outcome.PASSED),
            Map.entry("test_two_equals", Outcome.PASSED),
            // Two outputs are never one: no whole-output check holds across the break between them.
            Map.entry("test_lines_text", Outcome.FAILED),
            Map.entry("test_lines_not_text", Outcome.PASSED),
            Map.entry("test_lines_equals_ic", Outcome.FAILED),
            Map.entry("test_lines_wildcardexact", Outcome.FAILED),
            Map.entry("test_lines_regexp", Outcome.FAILED),
            Map.entry("test_lines_text_first", Outcome.PASSED),
            // A contained text may still reach across two outputs, as the answer's whole text is looked in.
            Map.entry("test_lines_contains", Outcome.PASSED)));

    @Test
    @DisplayName("TEXT Hello fails for one output saying Hello and there on two lines, which Botium compares as \"Hello"
            + " there\", and holds for two outputs of which one says Hello; TEXT Hello there fails for the two outputs Hello"
            + " and there, as Botium compares each message")
    void wholeOutputsLive() {
        Map<String, SimulationRecord> records = run("off");

        assertThat(outcomes(records)).isEqualTo(AS_BOTIUM);
        assertThat(records.get("test_one_text").message()).contains("Botium's matching", "\"Hello there\"");
        // The answer shown as it reads, an output a line.
        assertThat(records.get("test_lines_text").message()).contains("Botium's matching", "Hello\\nthere")
                .doesNotContain("\u2028");
    }

    @Test
    @DisplayName("an output holding a line or paragraph separator (U+2028, U+2029) or a next-line control (U+0085) is one"
            + " output, compared whole with it as a space: TEXT_EQUALS Hello fails on 'Hello\\u2028there', TEXT Hello there holds")
    void separatorInsideAnOutputIsNoSecondOutput() throws Exception {
        answers.put("line separator", answer("Hello\\u2028there", "Hello\\u2028there"));
        answers.put("paragraph separator", answer("Hello\\u2029there", "Hello\\u2029there"));
        answers.put("next line", answer("Hello\\u0085there", "Hello\\u0085there"));
        Path convos = Files.createDirectories(dir.resolve("separator-convos"));
        Map<String, Outcome> asBotium = new TreeMap<>();
        for (String[] said : new String[][] {{"line", "line separator"}, {"paragraph", "paragraph separator"}, {"next", "next line"}}) {
            convo(convos, said[0] + "_equals", said[1], "TEXT_EQUALS Hello");
            convo(convos, said[0] + "_regexp", said[1], "TEXT_REGEXP_ANY ^there$");
            convo(convos, said[0] + "_whole", said[1], "TEXT Hello there");
            asBotium.put("test_" + said[0] + "_equals", Outcome.FAILED);
            asBotium.put("test_" + said[0] + "_regexp", Outcome.FAILED);
            asBotium.put("test_" + said[0] + "_whole", Outcome.PASSED);
        }

        Map<String, SimulationRecord> records = run("off", convos);

        assertThat(outcomes(records)).isEqualTo(asBotium);
        assertThat(records.get("test_line_equals").message()).contains("\"Hello there\"");
    }

    @Test
    @DisplayName("a TEXT_REGEXP is searched in each output on its own: no construct that takes a line's end or whitespace in"
            + " ([\\s\\S], \\R, \\v, \\W, [^x], (?s)., \\p{Z}, (?U)\\s) reaches from the output Hello into the output there, as"
            + " none does in Botium, which tests each message; within one output each still matches, and each output is"
            + " still found on its own")
    void regexpStaysWithinAnOutput() throws Exception {
        Path convos = Files.createDirectories(dir.resolve("regexp-convos"));
        Map<String, Outcome> asBotium = new TreeMap<>();
        String[] across = {"Hello[\\s\\S]there", "Hello\\Rthere", "Hello\\vthere", "Hello\\Wthere", "Hello[^x]there",
            "(?s)Hello.there", "Hello\\p{Z}there", "(?U)Hello\\sthere", "Hello\\p{javaWhitespace}there", "o[\\s\\S]t"};
        for (int i = 0; i < across.length; i++) {
            convo(convos, "two_" + i, "two lines", "TEXT_REGEXP_ANY " + across[i]);
            convo(convos, "one_" + i, "one output", "TEXT_REGEXP_ANY " + across[i]);
            convo(convos, "two_not_" + i, "two lines", "!TEXT_REGEXP_ANY " + across[i]);
            asBotium.put("test_two_" + i, Outcome.FAILED);
            // Within the one output "Hello there" (its line break a space): all but a line's end (\\R, \\v) match.
            asBotium.put("test_one_" + i, i == 1 || i == 2 ? Outcome.FAILED : Outcome.PASSED);
            asBotium.put("test_two_not_" + i, Outcome.PASSED);
        }
        // Each output on its own: both found, each whole.
        convo(convos, "two_all", "two lines", "TEXT_REGEXP_ALL ^Hello$|^there$");
        convo(convos, "two_any_ic", "two lines", "TEXT_REGEXP_ANY_IC ^THERE$");
        convo(convos, "two_not_all", "two lines", "!TEXT_REGEXP_ALL ^Hello$|^there$");
        asBotium.put("test_two_all", Outcome.PASSED);
        asBotium.put("test_two_any_ic", Outcome.PASSED);
        asBotium.put("test_two_not_all", Outcome.FAILED);
        // Each TEXT_REGEXP's groups its own: \\1 of the second is its own (e), not the first's (l).
        convo(convos, "two_groups", "two lines", "TEXT_REGEXP_ALL (l)\\1|(e)r\\1");
        asBotium.put("test_two_groups", Outcome.PASSED);
        // The start and end of the input are an output's too.
        convo(convos, "two_input_ends", "two lines", "TEXT_REGEXP_ANY \\Athere\\z");
        asBotium.put("test_two_input_ends", Outcome.PASSED);

        Map<String, SimulationRecord> records = run("off", convos);

        assertThat(outcomes(records)).isEqualTo(asBotium);
        // What was searched: the outputs, a line each, each on its own.
        // As docs/from-botium.md shows it.
        assertThat(records.get("test_two_0").message()).contains("- [response] expected to match the regular expression"
                + " \"(?s)^(?=.*?(?:(?:(?m:(?-s:Hello[\\s\\S]there)))))\" (Botium's matching: markup"
                + " removed, whitespace collapsed; each TEXT_REGEXP searched in each output on its own, 2 outputs, one a line)"
                + " but did not: \"Hello\\nthere\"\n");
    }

    @Test
    @DisplayName("a whole-output text holding a line separator (U+2028) itself is whitespace of one output, as Botium"
            + " collapses it: TEXT Hello\\u2028there holds for the one output Hello / there and fails for the two outputs"
            + " Hello and there")
    void separatorInTheExpectedTextIsWhitespace() throws Exception {
        Path convos = Files.createDirectories(dir.resolve("expected-separator-convos"));
        convo(convos, "one_text_separator", "one output", "TEXT Hello\u2028there");
        convo(convos, "lines_text_separator", "two lines", "TEXT Hello\u2028there");
        convo(convos, "lines_wildcardexact_separator", "two lines", "TEXT_WILDCARDEXACT_ANY Hello\u2028th*");

        Map<String, SimulationRecord> records = run("off", convos);

        assertThat(outcomes(records)).isEqualTo(new TreeMap<>(Map.of("test_one_text_separator", Outcome.PASSED,
                "test_lines_text_separator", Outcome.FAILED, "test_lines_wildcardexact_separator", Outcome.FAILED)));
    }

    @Test
    @DisplayName("a turn's text named by cognigy.replay.redact is its digest in what leaves the machine (the webhook's"
            + " results) also as a Botium check's failure quotes it: each output whole, its whitespace collapsed")
    void redactedTextAsBotiumQuotesIt() throws Exception {
        answers.put("my pin", answer("Your PIN is\\n4839-2210-7731", "Your PIN is\\n4839-2210-7731"));
        // Another PIN: named only as this turn's, not found as part of the first one's.
        answers.put("my pin again", answer("Your new PIN is\\n5521-8830-1942\\nAnything else?", "Your new PIN is\\n5521-8830-1942",
                "Anything else?"));
        Path convos = Files.createDirectories(dir.resolve("redacted-convos"));
        convo(convos, "pin_equals", "my pin", "TEXT_EQUALS Hello");
        convo(convos, "pin_contains", "my pin", "Hello");
        convo(convos, "pin_again_equals", "my pin again", "TEXT_EQUALS Hello");
        convo(convos, "pin_again_contains", "my pin again", "Hello");
        List<String> redact = List.of("/answer/turns/0/text");

        Map<String, SimulationRecord> records = run("off", convos, Constants.REPLAY_REDACT, redact.get(0));

        String pin = "4839|5521";
        assertThat(records).hasSize(4).allSatisfy((id, r) -> assertThat(r.message()).as(id).containsPattern(pin));
        NamedValues named = NamedValues.of(redact, records.values());
        assertThat(records.values()).allSatisfy(r -> assertThat(named.in(r.message())).as(r.testId())
                .contains("<redacted sha256:").doesNotContainPattern(pin));
    }

    @Test
    @DisplayName("the sandbox's simulation API (cognigy.backend=sandbox) gives each output's text as well as the text joined"
            + " with spaces: an output of two lines is one output, a reprompt and its question are two, never one")
    void wholeOutputsOnTheSandbox() throws Exception {
        Path bot = Files.writeString(dir.resolve("lines.bot.yaml"), """
                bot: lines-bot
                entities:
                  - name: size
                    keyphrases: [small, large]
                flows:
                  - id: flow_greeting
                    intents: [{name: greeting, examples: [good morning, good evening]}]
                    responses: ["Hello\\nthere"]
                  - id: flow_order
                    asks_for: size
                    intents: [{name: order_pizza, examples: [I want a pizza, order a pizza]}]
                    responses: ["A {size} pizza, coming up.", "Which size?"]
                    question:
                      reprompt_message: "Sorry, that is not a size we have."
                """);
        Path convos = Files.createDirectories(dir.resolve("sandbox-convos"));
        convo(convos, "one_text", "good morning", "TEXT Hello");
        convo(convos, "one_text_whole", "good morning", "TEXT Hello there");
        Files.writeString(convos.resolve("reprompt.convo.txt"), "reprompt\n\n#me\nI want a pizza\n\n#bot\nTEXT Which size?\n\n"
                + "#me\nwhat do you have\n\n#bot\nTEXT Which size?\nTEXT_EQUALS Sorry, that is not a size we have.\n");
        // The reprompt and its question are two outputs: Botium takes them for two messages, never one text.
        Files.writeString(convos.resolve("across.convo.txt"), "across\n\n#me\nI want a pizza\n\n#bot\nTEXT Which size?\n\n"
                + "#me\nwhat do you have\n\n#bot\nTEXT Sorry, that is not a size we have. Which size?\n");
        RecordingListener listener = new RecordingListener();
        EngineServices services = new EngineServices(Map.<String, String>of()::get, Backends::create, Clock.systemUTC())
                .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).withListeners(listener);
        EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.BACKEND, "sandbox")
                .configurationParameter(Constants.SANDBOX_BOT, bot.toString())
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-sandbox").toString())
                .selectors(selectDirectory(convos.toFile())).execute();
        Map<String, Outcome> outcomes = new TreeMap<>();
        listener.finished.forEach(r -> outcomes.put(r.testId(), r.outcome()));

        assertThat(outcomes).containsOnly(Map.entry("test_one_text", Outcome.FAILED),
                Map.entry("test_one_text_whole", Outcome.PASSED), Map.entry("test_reprompt#1", Outcome.PASSED),
                Map.entry("test_reprompt#2", Outcome.PASSED), Map.entry("test_across#1", Outcome.PASSED),
                Map.entry("test_across#2", Outcome.FAILED));
    }

    @Test
    @DisplayName("recorded and replayed, the verdicts are the live ones: the cassette keeps each output's text"
            + " (output_texts) for a text of several lines, an output of several lines or several outputs of a line each")
    void wholeOutputsReplayed() throws Exception {
        assertThat(outcomes(run("record"))).isEqualTo(AS_BOTIUM);
        Map<String, Path> cassettes = cassettes();
        assertThat(cassettes).hasSize(AS_BOTIUM.size());
        for (Map.Entry<String, Path> cassette : cassettes.entrySet()) {
            String recorded = Files.readString(cassette.getValue());
            if (cassette.getKey().startsWith("one_")) {
                assertThat(recorded).as(cassette.getKey()).contains("\"text\" : \"Hello\\nthere\",\n")
                        .contains("\"output_texts\" : [ \"Hello\\nthere\" ]");
            } else if (cassette.getKey().startsWith("two_")) {
                assertThat(recorded).as(cassette.getKey()).contains("\"text\" : \"Hello\\nHow can I help?\"")
                        .contains("\"output_texts\" : [ \"Hello\", \"How can I help?\" ]");
            } else {
                assertThat(recorded).as(cassette.getKey()).contains("\"text\" : \"Hello\\nthere\",\n")
                        .contains("\"output_texts\" : [ \"Hello\", \"there\" ]");
            }
        }
        int requests = server.getRequestCount();

        Map<String, SimulationRecord> replayed = run("replay");

        assertThat(server.getRequestCount()).isEqualTo(requests);
        assertThat(replayed.values()).allSatisfy(r -> assertThat(r.replayed()).isTrue());
        assertThat(outcomes(replayed)).isEqualTo(AS_BOTIUM);
    }

    @Test
    @DisplayName("a cassette recorded before the outputs' texts were (no output_texts) replays as it did then: each line of"
            + " the text an output, the same verdicts, read without a problem")
    void cassetteRecordedBeforeReplaysAsThen() throws Exception {
        run("record");
        Map<String, String> before = new TreeMap<>();
        for (Map.Entry<String, Path> cassette : cassettes().entrySet()) {
            // The answer as the version before recorded it: the outputs' texts are all it lacks.
            String text = Files.readString(cassette.getValue()).replaceAll(",\\n *\"output_texts\" : \\[ [^\\]]* \\]", "");
            assertThat(text).doesNotContain("output_texts");
            Files.writeString(cassette.getValue(), text);
            before.put(cassette.getKey(), text);
        }
        assertThat(before.get("one_text.convo.txt.cassette.json")).contains("\"text\" : \"Hello\\nthere\"");

        Map<String, SimulationRecord> replayed = run("replay");

        assertThat(replayed.values()).allSatisfy(r -> assertThat(r.replayed()).as(r.testId()).isTrue());
        Map<String, Outcome> asThen = new TreeMap<>(AS_BOTIUM);
        // Each line of the recorded text taken for an output, as the version that recorded it took them.
        asThen.put("test_one_text", Outcome.PASSED);
        asThen.put("test_one_not_text", Outcome.FAILED);
        asThen.put("test_one_regexp", Outcome.PASSED);
        // And the lines' whitespace matching the break between two of them, as then: those outputs may have been one.
        asThen.put("test_lines_text", Outcome.PASSED);
        asThen.put("test_lines_not_text", Outcome.FAILED);
        asThen.put("test_lines_equals_ic", Outcome.PASSED);
        asThen.put("test_lines_wildcardexact", Outcome.PASSED);
        asThen.put("test_lines_regexp", Outcome.PASSED);
        assertThat(outcomes(replayed)).isEqualTo(asThen);
        assertThat(console).contains("14 messages answered from cassettes, 0 sent to the bot", "replay: 14 replayed, 0 live")
                .doesNotContain("WARNING");
        for (Map.Entry<String, Path> cassette : cassettes().entrySet()) {
            assertThat(Files.readString(cassette.getValue())).isEqualTo(before.get(cassette.getKey()));
        }
    }
}
