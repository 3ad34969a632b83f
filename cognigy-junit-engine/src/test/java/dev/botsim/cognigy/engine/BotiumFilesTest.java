package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Botium suites (convo text, utterance lists, YAML and JSON convos) read from a folder in Botium's format. */
class BotiumFilesTest {

    static final Path SHOP = Path.of("src/test/resources/botium/shop");
    static final Path UNSUPPORTED = Path.of("src/test/resources/botium/unsupported");

    private final RecordingListener listener = new RecordingListener();

    /** The scripted bot, plus a menu with buttons and output data and a welcome for a data-only message. */
    static ScriptedBackend shopBot() {
        BotTurn menu = new BotTurn(0, "flow_menu", "menu", 0.9, Map.of(), "What would you like to do?", null, null, null,
                List.of(), List.of(new BotChoice("Open shop", "https://shop.example.com"), new BotChoice("Call us", "+49")),
                List.of(Map.of("cart", Map.of("currency", "EUR", "total", 12.5))));
        BotTurn welcome = new BotTurn(0, "flow_welcome", null, Double.NaN, Map.of(), "Welcome!", null, null, null,
                List.of(), List.of(), List.of());
        return new ScriptedBackend().answering("menu", menu)
                .answering((TurnRequest r) -> r.text() == null && "GET_STARTED".equals(r.data().get("action")), welcome);
    }

    private Map<String, SimulationRecord> run(org.junit.platform.engine.DiscoverySelector selector) {
        return run(shopBot(), selector);
    }

    /** Runs what {@code selector} selects against {@code bot}; the records by test id. */
    private Map<String, SimulationRecord> run(ScriptedBackend bot, org.junit.platform.engine.DiscoverySelector selector) {
        kit(bot, listener).selectors(selector).execute();
        return listener.finished.stream().collect(Collectors.toMap(SimulationRecord::testId, Function.identity()));
    }

    @Test
    @DisplayName("item 17: a Botium folder runs: one #me is a case, several a conversation, a list's name one test per"
            + " utterance; asserters become expectations and are checked")
    void shopFolderRuns() {
        Map<String, SimulationRecord> records = run(selectDirectory(SHOP.toFile()));

        assertThat(records.keySet()).containsExactlyInAnyOrder("test_greeting", "test_get_started", "test_menu",
                "test_wrong_intent", "test_escalation", "test_order_with_entity[1]", "test_order_with_entity[2]",
                "test_order_status[1]#1", "test_order_status[1]#2", "test_order_status[2]#1", "test_order_status[2]#2");
        assertThat(records.values()).filteredOn(r -> !r.testId().equals("test_wrong_intent"))
                .allSatisfy(r -> assertThat(r.outcome()).as(r.testId() + ": " + r.message()).isEqualTo(Outcome.PASSED));

        SimulationRecord greeting = records.get("test_greeting");
        assertThat(greeting.utterance()).isEqualTo("hello");
        assertThat(greeting.line()).isEqualTo(4);
        assertThat(greeting.expected().intent()).isEqualTo("greeting");
        assertThat(greeting.expected().intentMinScore()).isEqualTo(0.8);
        assertThat(greeting.expected().responseContains()).isEqualTo("Hello! How can I help?");

        // ORDER_QUESTION from utterances/orders.utterances.txt: one conversation per utterance.
        assertThat(records.get("test_order_status[1]#1").utterance()).isEqualTo("where is my order");
        assertThat(records.get("test_order_status[2]#1").utterance()).isEqualTo("track my package");
        assertThat(records.get("test_order_status[2]#2").utterance()).isEqualTo("I want a human");
        assertThat(records.get("test_order_status[1]#1").expected().intent()).isEqualTo("check_order");
        assertThat(records.get("test_order_status[1]#2").expected().notIntent()).isEqualTo("greeting");
        assertThat(records.get("test_order_status[1]#2").line()).isEqualTo(11);

        // The YAML convo's own utterance list, entity content and wildcard text.
        assertThat(records.get("test_order_with_entity[2]").utterance()).isEqualTo("I need to check my recent order ORD_99");
        assertThat(records.get("test_order_with_entity[1]").expected().entities()).containsExactly(Map.entry("order_id", "ORD_99"));
        assertThat(records.get("test_order_with_entity[1]").expected().responseMatches()).isNotNull();

        // Data-only message, button click, buttons and JSON_PATH.
        assertThat(records.get("test_get_started").utterance()).isEqualTo("data {\"action\":\"GET_STARTED\"}");
        assertThat(records.get("test_menu").utterance()).isEqualTo("menu");
        assertThat(records.get("test_menu").expected().buttons()).containsExactly("Open shop", "Call us");
        assertThat(records.get("test_menu").expected().responseData()).isEqualTo(Map.of("cart", Map.of("currency", "EUR")));

        SimulationRecord wrong = records.get("test_wrong_intent");
        assertThat(wrong.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(wrong.message()).contains("intent").contains("check_order").contains("greeting");
    }

    @Test
    @DisplayName("item 17: Botium's text checks fail when the answer does not hold them (wildcards, any/all, negation)")
    void textChecksFail() {
        ScriptedBackend bot = shopBot()
                .answering("I want a human", TestTurns.turn(0, "flow_escalation", "escalate", 0.9, Map.of(),
                        "Connecting you to a refund desk", null, null));
        Map<String, SimulationRecord> records = run(bot, selectDirectory(SHOP.toFile()));

        // TEXT_CONTAINS_ALL_IC connecting|AGENT and !TEXT_CONTAINS_ANY refund: both broken by this answer.
        assertThat(records.get("test_escalation").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_escalation").message()).contains("response").contains("refund desk");
        // "Connecting you to *" still matches.
        assertThat(records.get("test_order_status[1]#2").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("item 17: a Botium file selected as a classpath resource finds its utterance lists near it")
    void classpathResource() {
        Map<String, SimulationRecord> records = run(selectClasspathResource("botium/shop/order_status.convo.txt"));

        assertThat(records.keySet()).containsExactlyInAnyOrder("test_order_status[1]#1", "test_order_status[1]#2",
                "test_order_status[2]#1", "test_order_status[2]#2");
        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASSED));
    }

    @Test
    @DisplayName("item 17: a convo uses the utterance list nearest to it, so two suites under one folder keep their own;"
            + " NAME arg fills %s; a #bot text naming a list accepts any of its utterances")
    void nearestUtteranceList(@TempDir Path root) throws java.io.IOException {
        Files.createDirectories(root.resolve("en/lists"));
        Files.createDirectories(root.resolve("de"));
        Files.writeString(root.resolve("en/lists/greet.utterances.txt"), "GREET\nhello\nhi\n");
        Files.writeString(root.resolve("en/lists/answers.utterances.txt"), "WELCOME\nHello! How can I help?\nGuten Tag\n");
        Files.writeString(root.resolve("en/hello.convo.txt"), "hello en\n#me\nGREET\n#bot\nWELCOME\n");
        Files.writeString(root.resolve("de/greet.utterances.txt"), "GREET\nwhere is my order %s\n");
        Files.writeString(root.resolve("de/order.convo.txt"), "order de\n#me\nGREET ORD_99\n#bot\nINTENT check_order\n");

        Map<String, SimulationRecord> records = run(selectDirectory(root.toFile()));

        assertThat(records.keySet()).containsExactlyInAnyOrder("test_hello_en[1]", "test_hello_en[2]", "test_order_de");
        assertThat(records.get("test_hello_en[1]").utterance()).isEqualTo("hello");
        assertThat(records.get("test_hello_en[2]").utterance()).isEqualTo("hi");
        assertThat(records.get("test_order_de").utterance()).isEqualTo("where is my order ORD_99");
        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).as(r.testId() + ": " + r.message())
                .isEqualTo(Outcome.PASSED));
    }

    @Test
    @DisplayName("item 17: what cannot be mapped is a failing test and a discovery issue at file:line saying what to do;"
            + " the folder's other convos still run")
    void unsupportedIsReportedWithItsLine() {
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(UNSUPPORTED.toFile())).discover();
        List<String> issues = discovered.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
        String mixed = "src/test/resources/botium/unsupported/mixed.convo.txt:";
        String memory = "src/test/resources/botium/unsupported/memory.convo.txt:";

        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(mixed + "8: MEDIA checks images"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(mixed + "9: ENTITIES checks entity names without"
                + " values").contains("write ENTITY_CONTENT <name>|<value>"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(mixed + "10: an optional asserter ('?INTENT')"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(mixed + "13: INCLUDE includes a partial convo"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(memory + "4: SET_SCRIPTING_MEMORY"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(memory + "7: UPDATE_CUSTOM SOMETHING_ELSE is"
                + " supported only as UPDATE_CUSTOM SET_COGNIGY_CONTEXT"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(
                "src/test/resources/botium/unsupported/greets_first.convo.txt:3: a #bot step before the first #me"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(
                "src/test/resources/botium/unsupported/broken.convo.yml:").contains("YAML syntax error"));
        assertThat(issues).anySatisfy(m -> assertThat(m).startsWith(
                "src/test/resources/botium/unsupported/empty.utterances.txt:1: the utterance list 'EMPTY_LIST' has no"
                        + " utterances"));

        TestDescriptor media = discovered.getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.getDisplayName().startsWith("invalid: " + mixed + "8")).findFirst().orElseThrow();
        assertThat(media.getSource().orElseThrow()).isInstanceOfSatisfying(FileSource.class,
                s -> assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(8));

        Map<String, SimulationRecord> records = run(selectDirectory(UNSUPPORTED.toFile()));
        assertThat(records.get("test_fine").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.keySet()).noneMatch(id -> id.startsWith("test_mixed") || id.startsWith("test_memory")
                || id.startsWith("test_greets_first"));
    }

    @Test
    @DisplayName("a YAML syntax error leaves out the convo it cuts short, whose later steps were never read: it is not sent"
            + " with what was read of it; the convos completed before the error still run")
    void convoCutShortBySyntaxErrorIsNotRun(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("cut.convo.yml"), """
                convos:
                  - name: fine
                    steps:
                      - me: [ menu ]
                      - bot: [ INTENT menu ]
                  - name: cut
                    steps:
                      - me: [hi
                      - bot: [INTENT greeting]
                """);
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover();
        assertThat(discovered.getDiscoveryIssues().stream().map(DiscoveryIssue::message))
                .anySatisfy(m -> assertThat(m).contains("cut.convo.yml:9:").contains("YAML syntax error"));

        Map<String, SimulationRecord> records = run(selectDirectory(root.toFile()));
        assertThat(records.keySet()).filteredOn(id -> id.startsWith("test_")).containsExactly("test_fine");
        assertThat(records.get("test_fine").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("a YAML convo file whose every convo is invalid is reported for what is wrong in them, not as a file"
            + " without 'convos:'")
    void invalidConvosAreNotReportedAsNoConvos(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("wrong_key.convo.yml"), """
                convos:
                  - name: wrong key
                    convo:
                      - me: [ hi ]
                """);
        List<String> issues = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("wrong_key.convo.yml:").contains("unknown key 'convo' in a convo"));
        assertThat(issues).noneSatisfy(m -> assertThat(m).contains("defines no convos"));
    }

    @Test
    @DisplayName("an unknown key, in the file, in a convo or as a step's sender, is reported at the key, not at its value"
            + " on the line below")
    void unknownKeysAtTheKey(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("keys.convo.yml"), """
                convos:
                  - name: wrong key
                    convo:
                      - me: [ hi ]
                  - name: wrong sender
                    steps:
                      - user:
                          - hi
                scriptingMemory:
                  - order_id: ORD_1
                """);
        List<String> issues = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("keys.convo.yml:3:5: unknown key 'convo' in a convo"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("keys.convo.yml:7:9: unknown step 'user'"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("keys.convo.yml:9:1: scripting memory"));
    }

    @Test
    @DisplayName("an ENTITY_CONTENT naming an entity the step names already in another Unicode form is reported, not"
            + " dropped: the expectation holds names composed, so both are one entity")
    void entityInTwoUnicodeForms(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("entity.convo.txt"),
                "entity\n#me\ngroesse\n#bot\nENTITY_CONTENT gr\u00f6sse|L\nENTITY_CONTENT gro\u0308sse|XL\n");
        List<String> issues = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover()
                .getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
        assertThat(issues).singleElement().satisfies(m -> assertThat(m).contains("entity.convo.txt:6: the entity"
                + " 'gro\u0308sse' appears 2 times, in spellings that look the same but differ in Unicode form (U+00F6;"
                + " U+006F U+0308) — keep only one"));
    }

    @Test
    @DisplayName("TEXT_REGEXP_* checks each output as Botium checks each bot message: ^ and $ anchor at an output's"
            + " start and end, not only at the start and end of the whole answer")
    void regexpAnchorsAtEachOutput(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("second.convo.txt"), "second output\n#me\nhi\n#bot\nHi there\n#bot\n"
                + "TEXT_REGEXP_ANY ^Hello t\\w+$\n");
        Files.writeString(root.resolve("absent.convo.txt"), "absent\n#me\nhi\n#bot\nTEXT_REGEXP_ANY ^there\n");
        BotTurn two = TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hi there\nHello there", null, null);
        Map<String, SimulationRecord> records = run(new ScriptedBackend().answering("hi", two), selectDirectory(root.toFile()));

        assertThat(records.get("test_second_output").outcome()).as(records.get("test_second_output").message())
                .isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_absent").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    @DisplayName("TEXT_WILDCARDEXACT_*'s * and TEXT_REGEXP_*'s '.' stay within one output, as Botium matches each bot"
            + " message on its own: a text split over two outputs is no match")
    void wildcardAndDotStayWithinAnOutput(@TempDir Path root) throws java.io.IOException {
        for (String message : List.of("split", "whole")) {
            Files.writeString(root.resolve(message + "_exact.convo.txt"), message + " exact\n#me\n" + message
                    + "\n#bot\nTEXT_WILDCARDEXACT_ANY Hello*you\n");
            Files.writeString(root.resolve(message + "_regexp.convo.txt"), message + " regexp\n#me\n" + message
                    + "\n#bot\nTEXT_REGEXP_ANY ^Hello.*you$\n");
            Files.writeString(root.resolve(message + "_not_exact.convo.txt"), message + " not exact\n#me\n" + message
                    + "\n#bot\n!TEXT_WILDCARDEXACT_ANY Hello*you\n");
        }
        BotTurn two = TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!\nHow can I help you", null, null);
        BotTurn one = TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello, nice to see you", null, null);
        Map<String, SimulationRecord> records = run(new ScriptedBackend().answering("split", two).answering("whole", one),
                selectDirectory(root.toFile()));

        assertThat(records.get("test_split_exact").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_split_regexp").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_split_not_exact").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_whole_exact").outcome()).as(records.get("test_whole_exact").message())
                .isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_whole_regexp").outcome()).as(records.get("test_whole_regexp").message())
                .isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_whole_not_exact").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    @DisplayName("a list's name in a TEXT_*_ALL asserter needs each of its utterances, as in Botium; in _ANY, one of them")
    void allAsserterNeedsEachUtteranceOfAList(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("words.utterances.txt"), "GREET_WORDS\nhello\nhow can I help\n");
        Files.writeString(root.resolve("all.convo.txt"), "all\n#me\nhi\n#bot\nTEXT_CONTAINS_ALL_IC GREET_WORDS\n");
        Files.writeString(root.resolve("any.convo.txt"), "any\n#me\nhi\n#bot\nTEXT_CONTAINS_ANY_IC GREET_WORDS\n");
        Files.writeString(root.resolve("not_all.convo.txt"), "not all\n#me\nhi\n#bot\n!TEXT_CONTAINS_ALL_IC GREET_WORDS\n");
        BotTurn hello = TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!", null, null);
        Map<String, SimulationRecord> records = run(new ScriptedBackend().answering("hi", hello), selectDirectory(root.toFile()));

        assertThat(records.get("test_all").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_any").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_not_all").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("the #bot steps after a #me that cannot be read are not reported as coming before the first #me, nor"
            + " added to the message before")
    void botAfterUnreadableMe(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("media.convo.txt"), "media\n#me\nhi\n#bot\nINTENT greeting\n#me\nMEDIA"
                + " photo.png\n#bot\nINTENT photo_received\nCARDS x\n");
        Files.writeString(root.resolve("first.convo.txt"), "first\n#me\nMEDIA photo.png\n#bot\nThanks\n");
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover();
        List<String> issues = discovered.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();

        assertThat(issues).anySatisfy(m -> assertThat(m).contains("media.convo.txt:7: MEDIA sends media"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("media.convo.txt:10: CARDS checks gallery cards"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("first.convo.txt:3: MEDIA sends media"));
        assertThat(issues).noneSatisfy(m -> assertThat(m).contains("before the first #me"));
        assertThat(issues).noneSatisfy(m -> assertThat(m).contains("after INTENT"));
        assertThat(issues).hasSize(3);
    }

    @Test
    @DisplayName("a YAML convo with a step, name or argument that cannot be read is reported at it and left out, not run"
            + " with less checked or with the line taken for text")
    void unreadableYamlLinesLeaveTheirConvoOut(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("lines.convo.yml"), String.join("\n",
                "convos:",
                "  - name: bot as text",
                "    steps:",
                "      - me: [hi]",
                "      - bot: Goodbye",
                "  - name: custom asserter",
                "    steps:",
                "      - me: [hi]",
                "      - bot:",
                "          - MY_CUSTOM_ASSERTER: [foo, bar]",
                "  - name: object argument",
                "    steps:",
                "      - me: [hi]",
                "      - bot:",
                "          - BUTTONS:",
                "              - {title: Yes}",
                "  - name: fine",
                "    steps:",
                "      - me: [hi]",
                "      - bot:",
                "          - NOT_TEXT_CONTAINS_ANY: [Goodbye]",
                "          - asserter: INTENT",
                "            args: greeting",
                ""));
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover();
        List<String> issues = discovered.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();

        assertThat(issues).anySatisfy(m -> assertThat(m).contains("lines.convo.yml:5:14: 'bot' must be a list"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("lines.convo.yml:10:13: 'MY_CUSTOM_ASSERTER' is not one"
                + " of Botium's asserters"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("lines.convo.yml:16:17: an argument must be text"));
        assertThat(issues).hasSize(3);

        Map<String, SimulationRecord> records = run(selectDirectory(root.toFile()));
        assertThat(records.keySet()).filteredOn(id -> id.startsWith("test_")).containsExactly("test_fine");
        assertThat(records.get("test_fine").expected().intent()).isEqualTo("greeting");
        assertThat(records.get("test_fine").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("convos named without Latin letters or digits in several files each keep an id of their own")
    void nonLatinNamesKeepTheirOwnIds(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("privet.convo.txt"), "Приветствие\n#me\nhi\n#bot\nINTENT greeting\n");
        Files.writeString(root.resolve("zakaz.convo.txt"), "Статус заказа\n#me\nhi\n#bot\nINTENT greeting\n");
        Files.writeString(root.resolve("aisatsu.convo.txt"), "挨拶\n#me\nhi\n#bot\nINTENT greeting\n");
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover();
        assertThat(discovered.getDiscoveryIssues()).isEmpty();

        Map<String, SimulationRecord> records = run(selectDirectory(root.toFile()));
        assertThat(records).hasSize(3);
        assertThat(records.keySet()).allMatch(id -> id.matches("test_convo_[0-9a-f]{8}"));
        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASSED));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("a text with several wildcards is checked at once, also against a long answer it does not match")
    void wildcardsAreCheckedWithoutBacktracking(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("short_pieces.convo.txt"), "short pieces\n#me\nlong\n#bot\n*a*a*a*a*b\n");
        Files.writeString(root.resolve("exact.convo.txt"), "exact\n#me\nlong\n#bot\nTEXT_WILDCARDEXACT_ANY a*a*a*a*a\n");
        Files.writeString(root.resolve("order.convo.txt"), "order\n#me\norder\n#bot\nyour order * arrives on * at *\n"
                + "TEXT_WILDCARDEXACT_ALL Your order *|* at 9\n");
        BotTurn longAnswer = TestTurns.turn(0, "flow", "x", 0.9, Map.of(), "a".repeat(400), null, null);
        BotTurn order = TestTurns.turn(0, "flow", "x", 0.9, Map.of(), "Your order ORD_1 arrives on Monday at 9", null, null);
        Map<String, SimulationRecord> records = run(new ScriptedBackend().answering("long", longAnswer).answering("order", order),
                selectDirectory(root.toFile()));

        assertThat(records.get("test_short_pieces").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_exact").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_order").outcome()).as(records.get("test_order").message()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("Botium's scripting memory and CSV files are reported at their first line, not passed over: the convos"
            + " using them would run with $variables and lists' names sent as written")
    void scriptingMemoryAndCsvFilesAreReported(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("orders.scriptingmemory.txt"), "|$order_id\ncase1|ORD_99\n");
        Files.writeString(root.resolve("memory.convo.txt"), "memory\n#me\nwhere is my order $order_id\n#bot\nINTENT check_order\n");
        Files.writeString(root.resolve("greet.convo.csv"), "conversationId,sender,text\nc1,me,hello\nc1,bot,Hello\n");
        Files.writeString(root.resolve("orders.utterances.csv"), "ORDER_QUESTION\nwhere is my order\n");
        EngineDiscoveryResults discovered = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover();
        List<String> issues = discovered.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();

        assertThat(issues).anySatisfy(m -> assertThat(m).contains("orders.scriptingmemory.txt:1: Botium's scripting memory"
                + " files are not read").contains("write the values into the convos"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("greet.convo.csv:1: Botium's CSV convos are not read")
                .contains("*.convo.txt"));
        assertThat(issues).anySatisfy(m -> assertThat(m).contains("orders.utterances.csv:1: Botium's CSV utterance lists"
                + " are not read").contains("*.utterances.txt"));
        assertThat(issues).hasSize(3);
        assertThat(discovered.getEngineDescriptor().getDescendants()).anySatisfy(d -> assertThat(d.getDisplayName())
                .isEqualTo("where is my order $order_id"));
    }

    @Test
    @DisplayName("'#include NAME' is reported once, as the partial convo it includes, not also as a channel")
    void includeNamesItsPartialConvo(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("checkout.convo.txt"), "checkout\n\n#include LOGIN\n\n#me\ncheckout\n");
        List<String> issues = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover().getDiscoveryIssues()
                .stream().map(DiscoveryIssue::message).toList();

        assertThat(issues).singleElement().satisfies(m -> assertThat(m).contains("checkout.convo.txt:3: '#include LOGIN'"
                + " includes a partial convo, which is not read").doesNotContain("channel"));
    }

    @Test
    @DisplayName("a #bot text of several lines matches as Botium compares texts, whitespace collapsed: on one line of"
            + " the answer as well as broken over several")
    void botTextOfSeveralLines(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("one_line.convo.txt"), "one line\n#me\none\n#bot\nHello!\nHow can I help?\n");
        Files.writeString(root.resolve("two_lines.convo.txt"), "two lines\n#me\ntwo\n#bot\nHello!\nHow can I help?\n");
        Files.writeString(root.resolve("other.convo.txt"), "other\n#me\nother\n#bot\nHello!\nHow can I help?\n");
        ScriptedBackend bot = new ScriptedBackend()
                .answering("one", TestTurns.turn(0, "f", "greeting", 0.9, Map.of(), "Hello! How can I help?", null, null))
                .answering("two", TestTurns.turn(0, "f", "greeting", 0.9, Map.of(), "Hello!\nHow can I help?", null, null))
                .answering("other", TestTurns.turn(0, "f", "greeting", 0.9, Map.of(), "Hello! Goodbye.", null, null));
        Map<String, SimulationRecord> records = run(bot, selectDirectory(root.toFile()));

        assertThat(records.get("test_one_line").outcome()).as(records.get("test_one_line").message()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_two_lines").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_other").outcome()).isEqualTo(Outcome.FAILED);
    }

    /** A bot whose answers hold an entity, buttons and quick replies, and texts broken over lines or marked up. */
    private static ScriptedBackend botiumMatchingBot() {
        BotTurn order = TestTurns.turn(0, "flow_orders", "check_order", 0.9, Map.of("order_id", "ORD_99"),
                "Your order\nis on its way.", null, null);
        BotTurn menu = new BotTurn(0, "flow_menu", "menu", 0.9, Map.of(), "<b>What would</b>  you like to do?", null, null,
                null, List.of(new BotChoice("Yes please", "confirm")),
                List.of(new BotChoice("Open shop", "https://shop.example.com"), new BotChoice("Call us", "call_us")), List.of());
        // A tag of no HTML element: Botium removes it, a chat shows it as written.
        BotTurn tagged = TestTurns.turn(0, "flow_orders", "check_order", 0.9, Map.of(), "Order <order>ORD_99</order> shipped.",
                null, null);
        return new ScriptedBackend().answering("order", order).answering("menu", menu).answering("tagged", tagged);
    }

    @Test
    @DisplayName("ENTITY_CONTENT, BUTTONS and #bot texts of Botium files match as Botium matches them: contained,"
            + " ignoring case, a button by its payload or a quick reply too, a text across a line break or markup")
    void botiumMatchingInBotiumFiles(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("entity.convo.txt"), "entity\n#me\norder\n#bot\nENTITY_CONTENT order_id|ord_99\n");
        Files.writeString(root.resolve("entity_wildcard.convo.txt"), "entity wildcard\n#me\norder\n#bot\n"
                + "ENTITY_CONTENT order_id|ord*9\n");
        Files.writeString(root.resolve("buttons.convo.txt"), "buttons\n#me\nmenu\n#bot\nBUTTONS open|CALL_US|yes\n");
        Files.writeString(root.resolve("broken_line.convo.txt"), "broken line\n#me\norder\n#bot\nyour order is on its way\n");
        Files.writeString(root.resolve("markup.convo.txt"), "markup\n#me\nmenu\n#bot\nwhat would you like\n");
        Files.writeString(root.resolve("wildcard_text.convo.txt"), "wildcard text\n#me\norder\n#bot\nyour order is *way\n");
        Files.writeString(root.resolve("contains.convo.yml"), String.join("\n",
                "convos:",
                "  - name: contains yaml",
                "    steps:",
                "      - me: [order]",
                "      - bot:",
                "          - TEXT_CONTAINS_ANY: [order is on]",
                ""));
        Map<String, SimulationRecord> records = run(botiumMatchingBot(), selectDirectory(root.toFile()));

        assertThat(records).hasSize(7);
        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).as(r.testId() + ": " + r.message())
                .isEqualTo(Outcome.PASSED));
    }

    @Test
    @DisplayName("a Botium file's ENTITY_CONTENT, BUTTONS or #bot text that the answer does not hold fails, saying what"
            + " was expected, what the bot answered and that the matching was Botium's")
    void botiumMatchingFailsSayingSo(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("entity.convo.txt"), "entity\n#me\norder\n#bot\nENTITY_CONTENT order_id|ord_12\n");
        Files.writeString(root.resolve("buttons.convo.txt"), "buttons\n#me\nmenu\n#bot\nBUTTONS open|checkout\n");
        Files.writeString(root.resolve("text.convo.txt"), "text\n#me\norder\n#bot\nyour order is lost\n");
        Map<String, SimulationRecord> records = run(botiumMatchingBot(), selectDirectory(root.toFile()));

        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).as(r.testId()).isEqualTo(Outcome.FAILED));
        assertThat(records.get("test_entity").message()).contains("entity order_id").contains("\"ord_12\"")
                .contains("\"ORD_99\"").contains("Botium's matching");
        assertThat(records.get("test_buttons").message()).contains("\"checkout\"").doesNotContain("\"open\"")
                .contains("Open shop").contains("call_us").contains("Yes please").contains("Botium's matching");
        assertThat(records.get("test_text").message()).contains("\"your order is lost\"")
                .contains("Your order is on its way.").contains("Botium's matching");
    }

    @Test
    @DisplayName("a simulation file's entities, buttons and response_contains keep their exact matching beside Botium's")
    void dataFilesKeepExactMatching(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("exact.sim.yaml"), String.join("\n",
                "version: 1",
                "cases:",
                "  - id: test_entity_exact",
                "    utterance: order",
                "    expect:",
                "      entities: {order_id: ord_99}",
                "  - id: test_buttons_exact",
                "    utterance: menu",
                "    expect:",
                "      buttons: [open]",
                "  - id: test_text_exact",
                "    utterance: tagged",
                "    expect:",
                "      response_contains: ORD_99 shipped",
                ""));
        Map<String, SimulationRecord> records = run(botiumMatchingBot(), selectDirectory(root.toFile()));

        assertThat(records).hasSize(3);
        assertThat(records.values()).allSatisfy(r -> assertThat(r.outcome()).as(r.testId()).isEqualTo(Outcome.FAILED));
        assertThat(records.values()).allSatisfy(r -> assertThat(r.message()).doesNotContain("Botium"));
    }

    @Test
    @DisplayName("an empty #bot step, Botium's 'any answer', fails when the bot says nothing and passes on an answer"
            + " of data only")
    void emptyBotStepNeedsAnAnswer(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("silent.convo.txt"), "silent\n#me\nsilent\n#bot\n");
        Files.writeString(root.resolve("data.convo.txt"), "data\n#me\ndata\n#bot\n");
        BotTurn dataOnly = new BotTurn(0, "f", null, Double.NaN, Map.of(), "", null, null, null, List.of(), List.of(),
                List.of(Map.of("card", "order")));
        ScriptedBackend bot = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.TurnResult send(TurnRequest request) {
                dev.botsim.cognigy.engine.backend.TurnResult answer = super.send(request);
                return "silent".equals(request.text()) ? new dev.botsim.cognigy.engine.backend.TurnResult(
                        answer.simulationId(), answer.sessionId(), "completed", List.of(), null, List.of(), 1) : answer;
            }
        }.answering("data", dataOnly);
        Map<String, SimulationRecord> records = run(bot, selectDirectory(root.toFile()));

        assertThat(records.get("test_silent").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(records.get("test_silent").message()).contains("the bot gave no answer to \"silent\"");
        assertThat(records.get("test_data").outcome()).as(records.get("test_data").message()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("a YAML or JSON convo without .convo. in its name, beside Botium's files, is pointed out with the name"
            + " to give it, in a selected folder and in a folder of @BotSimulation(data); other YAML is left alone")
    void strayConvosArePointedOut(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("greeting.convo.txt"), "greeting\n#me\nhello\n#bot\nINTENT greeting\n");
        Files.writeString(root.resolve("smalltalk.yml"), "convos:\n  - name: how are you\n    steps:\n      - me: [how are you]\n");
        Files.writeString(root.resolve("orders.json"), "{\"utterances\": {\"ORDER\": [\"where is my order\"]}}");
        Files.writeString(root.resolve("settings.yml"), "timeout: 10000\n");
        Files.writeString(root.resolve("package.json"), "{\"name\": \"bot-tests\"}");
        List<DiscoveryIssue> issues = kit(shopBot()).selectors(selectDirectory(root.toFile())).discover().getDiscoveryIssues();

        assertThat(issues).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("smalltalk.yml: holds Botium convos ('convos:') beside Botium's files but is"
                        + " not read").endsWith("rename it smalltalk.convo.yml"),
                m -> assertThat(m).contains("orders.json: holds Botium utterances", "a YAML or JSON Botium file needs"
                        + " .utterances. before its extension").endsWith("rename it orders.utterances.json"));
        assertThat(issues).allSatisfy(issue -> assertThat(issue.source()).get().isInstanceOf(FileSource.class));

        List<DiscoveryIssue> fromClass = kit(shopBot()).selectors(DiscoverySelectors.selectClass(
                dev.botsim.cognigy.engine.fixtures.invalid.BotiumFolderWithStrayConvo.class)).discover().getDiscoveryIssues();
        assertThat(fromClass).singleElement().satisfies(issue -> {
            assertThat(issue.message()).startsWith("fixtures/botium-with-stray/smalltalk.yml: holds Botium convos")
                    .endsWith("rename it smalltalk.convo.yml");
            assertThat(issue.source()).contains(ClasspathResourceSource.from("fixtures/botium-with-stray/smalltalk.yml"));
        });
    }

    @Test
    @DisplayName("a YAML convo in a folder without Botium's files is not looked at: the folder is no Botium suite")
    void yamlWithoutBotiumFilesIsNotLookedAt(@TempDir Path root) throws java.io.IOException {
        Files.writeString(root.resolve("orders.sim.yaml"), "cases:\n  - id: test_hello\n    utterance: hello\n");
        Files.writeString(root.resolve("smalltalk.yml"), "convos:\n  - name: how are you\n");

        assertThat(kit(shopBot()).selectors(selectDirectory(root.toFile())).discover().getDiscoveryIssues()).isEmpty();
    }
}
