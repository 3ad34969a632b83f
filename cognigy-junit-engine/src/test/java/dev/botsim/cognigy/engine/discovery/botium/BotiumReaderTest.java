package dev.botsim.cognigy.engine.discovery.botium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.discovery.datafile.FileProblem;
import dev.botsim.cognigy.engine.discovery.datafile.ParsedFile;
import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.SimulationCase;

/**
 * Botium files read from disk as discovery reads them: what each convo becomes, and every problem at its line with its
 * fix, so a malformed file is never accepted in silence.
 */
class BotiumReaderTest {

    @TempDir
    Path root;

    private Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private ParsedFile read(String name) throws IOException {
        return read(name, 100_000);
    }

    private ParsedFile read(String name, int maxBytes) throws IOException {
        Path file = root.resolve(name);
        try (InputStream in = Files.newInputStream(file)) {
            return new BotiumReader(maxBytes).read(name, in, Optional.of(file), Optional.of(root));
        }
    }

    private static List<String> problems(ParsedFile parsed) {
        return parsed.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
    }

    private static SimulationCase onlyCase(ParsedFile parsed) {
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).hasSize(1);
        return parsed.file().cases().get(0);
    }

    // --- The file as a whole ---

    @Test
    void fileLargerThanTheLimitIsRefusedNotCutShort() throws IOException {
        write("big.convo.txt", "big\n#me\nhello\n#bot\n" + "x".repeat(200) + "\n");
        ParsedFile parsed = read("big.convo.txt", 100);

        assertThat(problems(parsed)).singleElement().asString().contains("more than 100 bytes");
        assertThat(parsed.file().cases()).isEmpty();
        // Exactly at the limit, the file is read.
        write("fits.convo.txt", "fits\n#me\nhello\n");
        assertThat(read("fits.convo.txt", 15).problems()).isEmpty();
    }

    @Test
    void convoNotUtf8IsReported() throws IOException {
        Files.write(root.resolve("latin1.convo.txt"), new byte[] {'x', '\n', '#', 'm', 'e', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});

        assertThat(problems(read("latin1.convo.txt"))).singleElement().asString().startsWith("3: invalid UTF-8");
    }

    @Test
    void botiumFilesThatAreNotReadSayWhatToWriteInstead() throws IOException {
        write("vars.scriptingmemory.txt", "|$name\nrow|x\n");
        write("a.convo.csv", "conversationId,sender,text\n");
        write("a.pconvo.csv", "conversationId,sender,text\n");
        write("a.utterances.csv", "utterance,text\n");

        assertThat(problems(read("vars.scriptingmemory.txt"))).singleElement().asString()
                .startsWith("1: Botium's scripting memory files are not read").endsWith("and remove this file");
        assertThat(problems(read("a.convo.csv"))).singleElement().asString()
                .isEqualTo("1: Botium's CSV convos are not read — write each convo as a *.convo.txt or *.convo.yml file");
        assertThat(problems(read("a.pconvo.csv"))).singleElement().asString()
                .startsWith("1: Botium's CSV partial convos are not read, and neither is INCLUDE");
        assertThat(problems(read("a.utterances.csv"))).singleElement().asString()
                .startsWith("1: Botium's CSV utterance lists are not read, so a #me that names one would send its name");
    }

    @Test
    void yamlFileWithoutConvosSaysSo() throws IOException {
        write("none.convo.yml", "convos: []\n");

        assertThat(problems(read("none.convo.yml"))).containsExactly(
                "1: the file defines no convos or utterances — add 'convos:' with at least one convo");
    }

    @Test
    void yamlUtterancesFileWithListsNeedsNoConvos() throws IOException {
        write("lists.utterances.yml", "utterances:\n  GREET: [ hi, hello ]\n");

        ParsedFile parsed = read("lists.utterances.yml");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    void jsonIsReadAsJsonAndItsErrorsNamedSo() throws IOException {
        write("broken.convo.json", "{ \"convos\": [ { \"name\": \"a\", \"steps\": [ ] } ] } }\n");

        assertThat(problems(read("broken.convo.json"))).anySatisfy(m -> assertThat(m).contains("JSON"))
                .noneSatisfy(m -> assertThat(m).contains("YAML"));
    }

    @Test
    void convoLeftOutForItsProblemIsListedByItsLine() throws IOException {
        write("two.convo.yml", """
                convos:
                  - name: fine
                    steps:
                      - me: [ hello ]
                  - name: broken
                    steps:
                      - me: [ { BUTTON: [] } ]
                """);

        ParsedFile parsed = read("two.convo.yml");
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_fine");
        assertThat(parsed.leftOut()).containsExactly(5);
    }

    @Test
    void conversationsAndCasesBeforeALeftOutConvoDoNotHideIt() throws IOException {
        write("three.convo.yml", """
                convos:
                  - name: talk
                    steps:
                      - me: [ hello ]
                      - me: [ menu ]
                  - name: fine
                    steps:
                      - me: [ hello ]
                  - name: broken
                    steps:
                      - me: [ { BUTTON: [] } ]
                  - name: talk again
                    steps:
                      - me: [ hello ]
                      - me: [ menu ]
                """);

        ParsedFile parsed = read("three.convo.yml");
        assertThat(parsed.file().conversations()).extracting(ConversationCase::id).containsExactly("test_talk", "test_talk_again");
        assertThat(parsed.leftOut()).containsExactly(9);
    }

    @Test
    void aFileOfManyProblemsKeepsTheFirstTwoHundredInLineOrderAndCountsTheRest() throws IOException {
        StringBuilder convo = new StringBuilder("many\n#me\nhello\n#bot\n");
        for (int i = 0; i < 205; i++) convo.append("INTENT\n");
        write("many.convo.txt", convo.toString());

        List<FileProblem> problems = read("many.convo.txt").problems();
        assertThat(problems).hasSize(201);
        assertThat(problems.get(0).line()).isEqualTo(5);
        assertThat(problems.get(199).line()).isEqualTo(204);
        assertThat(problems.get(200).message()).isEqualTo("5 more problems not shown — fix the ones above first");
        assertThat(problems.get(200).line()).isEqualTo(204);
    }

    @Test
    void problemsAreSortedByLine() throws IOException {
        // The convo's missing steps are found after the unknown key below it, and still reported first.
        write("sorted.convo.yml", """
                convos:
                  - name: no steps
                    convo: [ ]
                """);

        assertThat(problems(read("sorted.convo.yml"))).containsExactly(
                "2: the convo 'no steps' has no 'steps' — add steps: [ { me: [ hello ] }, { bot: [ ... ] } ]",
                "3: unknown key 'convo' in a convo — a convo has 'name', 'description' and 'steps'");
    }

    // --- Steps of a text convo ---

    @Test
    void channelAfterASenderIsReportedAtItsTag() throws IOException {
        write("channel.convo.txt", "channel\n#me facebook\nhello\n#include LOGIN\n");

        assertThat(problems(read("channel.convo.txt"))).containsExactly(
                "2: '#me facebook' names a channel, which is not supported — write '#me'; the channel is set once for"
                        + " the run",
                "4: '#include LOGIN' includes a partial convo, which is not read — write its steps into this convo");
    }

    @Test
    void convoWithoutAnyMeSaysSoAtItsFirstLine() throws IOException {
        write("silent.convo.txt", "silent\nonly a description\n");

        assertThat(problems(read("silent.convo.txt"))).containsExactly(
                "1: the convo 'silent' has no #me step — add #me and what the user says");
    }

    @Test
    void convoWithoutANameIsNamedByItsFile() throws IOException {
        write("sub/order_status.convo.txt", "\n#me\nwhere is my order\n");

        assertThat(onlyCase(read("sub/order_status.convo.txt")).id()).isEqualTo("test_order_status");
    }

    @Test
    void endHoldsLogicHooksOnly() throws IOException {
        write("end.convo.txt", "end\n#me\nhello\n#end\nPAUSE 100\nINTENT greeting\nCLEAR_SCRIPTING_MEMORY x\n");
        write("pause.convo.txt", "pause\n#me\nhello\n#end\nPAUSE 100\n");

        assertThat(problems(read("end.convo.txt"))).containsExactly(
                "6: 'INTENT greeting' in a #end step — checks at the end of a convo are not supported; move them to the"
                        + " last #bot step",
                "7: CLEAR_SCRIPTING_MEMORY clears Botium's scripting memory, which is not supported — remove it");
        assertThat(onlyCase(read("pause.convo.txt")).utterance()).isEqualTo("hello");
    }

    @Test
    void beginSetsDataForEveryMessageAndHoldsNoText() throws IOException {
        write("begin.convo.txt", """
                begin
                #begin
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|channel|web
                #me
                hello
                #me
                menu
                """);
        write("text.convo.txt", "text\n#begin\nhello\nINTENT greeting\n#me\nhi\n");

        ConversationCase conversation = read("begin.convo.txt").file().conversations().get(0);
        assertThat(conversation.data()).isEqualTo(java.util.Map.of("channel", "web"));
        assertThat(conversation.turns()).allSatisfy(t -> assertThat(t.data()).isEqualTo(java.util.Map.of("channel", "web")));
        assertThat(problems(read("text.convo.txt"))).containsExactly(
                "3: text in a #begin step — #begin holds logic hooks only; move the text to a #me or #bot step",
                "4: INTENT is not supported in a #begin step — remove it");
    }

    @Test
    void buttonSendsItsPayloadAndNeedsOne() throws IOException {
        write("click.convo.txt", "click\n#me\nBUTTON menu_payload|Menu\n");
        write("buttons.convo.txt", """
                buttons
                #me
                BUTTON
                #me
                BUTTON a|b|c
                #me
                BUTTON  |Title
                #me
                hello
                BUTTON menu
                #me
                MEDIA cat.png
                #me
                FORM name|Jo
                """);

        assertThat(onlyCase(read("click.convo.txt")).utterance()).isEqualTo("menu_payload");
        String needs = ": BUTTON needs the payload and, optionally, the title: BUTTON <payload>|<title> — write the payload"
                + " the button sends";
        assertThat(problems(read("buttons.convo.txt"))).containsExactly("3" + needs, "5" + needs, "7" + needs,
                "8: the #me step has both text and a BUTTON — keep one; a button sends its payload as the text",
                "12: MEDIA sends media, which is not supported — send text, or data with UPDATE_CUSTOM"
                        + " SET_COGNIGY_CONTEXT|<key>|<value>",
                "14: FORM sends a form, which is not supported — send text, or data with UPDATE_CUSTOM"
                        + " SET_COGNIGY_CONTEXT|<key>|<value>");
    }

    @Test
    void meThatSendsJsonOrNothingIsReported() throws IOException {
        write("json.convo.txt", "json\n#me\n{\"action\": \"GET_STARTED\"}\n#me\n#bot\nhello\n");
        write("brace.convo.txt", "brace\n#me\n{not json\n");

        assertThat(problems(read("json.convo.txt"))).containsExactly(
                "2: a #me step that sends JSON is not supported — send the values as data with UPDATE_CUSTOM"
                        + " SET_COGNIGY_CONTEXT|<key>|<value>",
                "4: the #me step says nothing — write what the user says below '#me', or send data with UPDATE_CUSTOM"
                        + " SET_COGNIGY_CONTEXT|<key>|<value>");
        assertThat(onlyCase(read("brace.convo.txt")).utterance()).isEqualTo("{not json");
    }

    @Test
    void updateCustomSendsDataAsJsonValues() throws IOException {
        write("data.convo.txt", """
                data
                #me
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|{"action": "GET_STARTED", "count": 2}
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|total|12.5
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|note|null
                """);
        write("wrong.convo.txt", """
                wrong
                #me
                hello
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|[1, 2]
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT| |x
                UPDATE_CUSTOM
                #bot
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|a|b
                """);

        SimulationCase data = onlyCase(read("data.convo.txt"));
        assertThat(data.utterance()).isNull();
        assertThat(data.data()).containsExactly(java.util.Map.entry("action", "GET_STARTED"), java.util.Map.entry("count", 2),
                java.util.Map.entry("total", 12.5), java.util.Map.entry("note", "null"));
        String needs = ": UPDATE_CUSTOM SET_COGNIGY_CONTEXT needs a key and a value — write UPDATE_CUSTOM"
                + " SET_COGNIGY_CONTEXT|<key>|<value>";
        assertThat(problems(read("wrong.convo.txt"))).containsExactly("4" + needs, "5" + needs,
                "6: UPDATE_CUSTOM is supported only as UPDATE_CUSTOM SET_COGNIGY_CONTEXT|<key>|<value>, the data Botium's"
                        + " Cognigy connector sends — write the value that way, or remove the line",
                "8: UPDATE_CUSTOM in a #bot step — it changes the next message the user sends; move it to that #me step");
    }

    @Test
    void dataOfAMeIsSentWithEveryLaterMessage() throws IOException {
        write("sticky.convo.txt", """
                sticky
                #me
                hello
                UPDATE_CUSTOM SET_COGNIGY_CONTEXT|lang|de
                #me
                menu
                """);

        ConversationCase conversation = read("sticky.convo.txt").file().conversations().get(0);
        assertThat(conversation.turns()).allSatisfy(t -> assertThat(t.data()).containsEntry("lang", "de"));
        assertThat(conversation.data()).isEmpty();
    }

    @Test
    void botHooksWithoutCounterpartAreReported() throws IOException {
        write("hooks.convo.txt", "hooks\n#me\nhello\n#bot\nWAITFORBOT 100\nSET_SCRIPTING_MEMORY x|y\n");

        assertThat(problems(read("hooks.convo.txt"))).containsExactly("6: SET_SCRIPTING_MEMORY sets Botium's scripting"
                + " memory, which is not supported — write the value itself");
    }

    // --- What a #bot step checks ---

    private dev.botsim.cognigy.spi.Expectation expectation(String bot) throws IOException {
        write("bot.convo.txt", "bot\n#me\nhello\n#bot\n" + bot + "\n");
        return onlyCase(read("bot.convo.txt")).expect();
    }

    private List<String> botProblems(String bot) throws IOException {
        write("bot.convo.txt", "bot\n#me\nhello\n#bot\n" + bot + "\n");
        return problems(read("bot.convo.txt"));
    }

    private static boolean matches(dev.botsim.cognigy.spi.Expectation expect, String answer) {
        return java.util.regex.Pattern.compile(expect.responseMatches()).matcher(answer).find();
    }

    @Test
    @DisplayName("between two known outputs (a line separator): a whole output's text never reaches across, its spaces nor"
            + " its *; a contained text does, as it looks in the whole answer")
    void wholeOutputsStopAtTheBreakBetweenTwo() throws IOException {
        String two = "Hello\u2028there";
        assertThat(matches(expectation("TEXT Hello there"), two)).isFalse();
        assertThat(matches(expectation("TEXT Hello there"), "Hello there")).isTrue();
        assertThat(matches(expectation("TEXT_EQUALS_IC hello THERE"), two)).isFalse();
        assertThat(matches(expectation("TEXT_WILDCARDEXACT_ANY Hello*there"), two)).isFalse();
        assertThat(matches(expectation("TEXT_WILDCARDEXACT_ANY Hello*there"), "Hello out there")).isTrue();
        assertThat(matches(expectation("TEXT_REGEXP_ANY ^Hello\\s+there$"), two)).isFalse();
        assertThat(matches(expectation("TEXT_REGEXP_ANY ^there$"), two)).isTrue();
        assertThat(matches(expectation("TEXT_CONTAINS_ANY Hello there"), two)).isTrue();
        assertThat(matches(expectation("TEXT_WILDCARD_ANY Hel* there"), two)).isTrue();
        assertThat(matches(expectation("!hello there"), two)).isFalse();
    }

    @Test
    void doubledMarksAreTextNotFlags() throws IOException {
        assertThat(expectation("??really").responseContains()).isEqualTo("?really");
        assertThat(expectation("!!important").responseContains()).isEqualTo("!important");
        dev.botsim.cognigy.spi.Expectation not = expectation("!sorry");
        assertThat(matches(not, "Sorry, no")).isFalse();
        assertThat(matches(not, "Here you go")).isTrue();
    }

    @Test
    void optionalOrJsonBotMessagesAreReported() throws IOException {
        assertThat(botProblems("?hello")).containsExactly("5: an optional bot message ('?') is not supported — every"
                + " answer is checked; remove the '?' or the step");
        assertThat(botProblems("{\"text\": \"hi\"}")).containsExactly("5: a #bot step that expects JSON is not supported"
                + " — check the output's data with JSON_PATH $.data.<key>|<value>");
        assertThat(expectation("{hello}").responseContains()).isEqualTo("{hello}");
    }

    @Test
    void intentNeedsOneNameAndOneValue() throws IOException {
        assertThat(botProblems("INTENT")).containsExactly("5: INTENT needs one intent name — write INTENT <name>");
        assertThat(botProblems("INTENT a|b")).containsExactly("5: INTENT needs one intent name — write INTENT <name>");
        assertThat(botProblems("INTENT greeting\nINTENT menu")).containsExactly(
                "6: INTENT 'menu' after INTENT 'greeting' for the same message — keep one");
        assertThat(botProblems("!INTENT a\n!INTENT b")).containsExactly(
                "6: !INTENT 'b' after !INTENT 'a' for the same message — keep one");
        dev.botsim.cognigy.spi.Expectation same = expectation("INTENT greeting\nINTENT greeting\n!INTENT menu");
        assertThat(same.intent()).isEqualTo("greeting");
        assertThat(same.notIntent()).isEqualTo("menu");
    }

    @Test
    void intentConfidenceIsAWholePercentage() throws IOException {
        assertThat(expectation("INTENT_CONFIDENCE 0").intentMinScore()).isEqualTo(0.0);
        assertThat(expectation("INTENT_CONFIDENCE 100").intentMinScore()).isEqualTo(1.0);
        assertThat(expectation("INTENT_CONFIDENCE 75").intentMinScore()).isEqualTo(0.75);
        String needs = "5: INTENT_CONFIDENCE needs a whole percentage from 0 to 100 — write INTENT_CONFIDENCE 80 for a"
                + " score of at least 0.8";
        for (String wrong : List.of("INTENT_CONFIDENCE 101", "INTENT_CONFIDENCE -1", "INTENT_CONFIDENCE 0.8",
                "INTENT_CONFIDENCE", "INTENT_CONFIDENCE 50|60", "!INTENT_CONFIDENCE 80")) {
            assertThat(botProblems(wrong)).as(wrong).containsExactly(needs);
        }
    }

    @Test
    void entityContentNeedsANameAndAValue() throws IOException {
        assertThat(botProblems("!ENTITY_CONTENT city|Berlin")).containsExactly("5: !ENTITY_CONTENT is not supported — write"
                + " ENTITY_CONTENT <name>|<value>, one line per entity");
        String needs = "5: ENTITY_CONTENT needs one entity and one value — write ENTITY_CONTENT <name>|<value>, one line"
                + " per entity";
        for (String wrong : List.of("ENTITY_CONTENT city", "ENTITY_CONTENT city|", "ENTITY_CONTENT  |Berlin",
                "ENTITY_CONTENT city|Berlin|Paris")) {
            assertThat(botProblems(wrong)).as(wrong).containsExactly(needs);
        }
        assertThat(expectation("ENTITY_CONTENT city|Berlin\nENTITY_CONTENT date|2026-12-24").entities())
                .containsExactly(java.util.Map.entry("city", "Berlin"), java.util.Map.entry("date", "2026-12-24"));
    }

    @Test
    void buttonsNeedTitles() throws IOException {
        assertThat(botProblems("!BUTTONS Menu")).containsExactly("5: !BUTTONS is not supported — write BUTTONS"
                + " <title>|<title>, the titles the bot must offer");
        assertThat(botProblems("BUTTONS")).containsExactly("5: BUTTONS needs the titles — write BUTTONS <title>|<title>,"
                + " the titles the bot must offer");
        assertThat(botProblems("BUTTONS Menu|")).containsExactly("5: BUTTONS needs the titles — write BUTTONS"
                + " <title>|<title>, the titles the bot must offer");
        assertThat(expectation("BUTTONS Menu|Help\nBUTTONS Call us").buttons()).containsExactly("Menu", "Help", "Call us");
    }

    @Test
    void jsonPathChecksDataBelowDotsWithJsonValues() throws IOException {
        assertThat(expectation("JSON_PATH $.data.cart.total|12.5\nJSON_PATH $.data.cart.currency|EUR\nJSON_PATH"
                + " $.data.ok|true").responseData()).isEqualTo(java.util.Map.of("cart", java.util.Map.of("total", 12.5,
                "currency", "EUR"), "ok", true));
        String format = "5: JSON_PATH is supported as $.data.<key>[.<key>...]|<value>, which checks the data of the bot's"
                + " outputs — ";
        assertThat(botProblems("!JSON_PATH $.data.a|1")).containsExactly(format + "remove the '!'");
        assertThat(botProblems("JSON_PATH $.data.a")).containsExactly(format + "give the value the path must hold");
        assertThat(botProblems("JSON_PATH")).containsExactly(format + "give the value the path must hold");
        assertThat(botProblems("JSON_PATH $.cart.total|1")).containsExactly(format
                + "start the path with $.data. and name keys with dots");
        assertThat(botProblems("JSON_PATH $.data.a|1\nJSON_PATH $.data.a.b|2")).containsExactly(
                "6: JSON_PATH $.data.a.b goes below a value an earlier JSON_PATH set — keep one");
    }

    @Test
    void textAssertersNeedTexts() throws IOException {
        assertThat(botProblems("TEXT_CONTAINS_ANY")).containsExactly("5: TEXT_CONTAINS_ANY needs at least one text — write"
                + " TEXT_CONTAINS_ANY <text>|<text>");
        assertThat(botProblems("TEXT_CONTAINS_ALL_IC a||b")).containsExactly("5: TEXT_CONTAINS_ALL_IC needs at least one"
                + " text — write TEXT_CONTAINS_ALL_IC <text>|<text>");
        assertThat(botProblems("TEXT_REGEXP_ANY ok|(unclosed")).singleElement().asString()
                .startsWith("5: TEXT_REGEXP_ANY '(unclosed' is not a valid regular expression");
    }

    @Test
    void regularExpressionsValidAloneButNotTogetherAreReported() throws IOException {
        assertThat(botProblems("TEXT_REGEXP_ANY (?<n>a)\nTEXT_REGEXP_ANY (?<n>b)")).singleElement().asString()
                .startsWith("2: ").contains("the text checks of this step, together, is not a valid regular expression");
    }

    @Test
    void escapedBarIsPartOfAnArgument() throws IOException {
        dev.botsim.cognigy.spi.Expectation expect = expectation("TEXT_CONTAINS_ANY a\\|b|c");
        assertThat(matches(expect, "say a|b")).isTrue();
        assertThat(matches(expect, "say c")).isTrue();
        assertThat(matches(expect, "say b")).isFalse();
        assertThat(matches(expectation("TEXT_CONTAINS_ANY ends with \\"), "it ends with \\")).isTrue();
    }

    @Test
    void negatedAllForbidsOnlyAllOfThemTogether() throws IOException {
        dev.botsim.cognigy.spi.Expectation expect = expectation("!TEXT_CONTAINS_ALL_IC refund|desk");
        assertThat(matches(expect, "the Refund desk")).isFalse();
        assertThat(matches(expect, "the refund office")).isTrue();
        dev.botsim.cognigy.spi.Expectation any = expectation("!TEXT_CONTAINS_ANY refund|desk");
        assertThat(matches(any, "the refund office")).isFalse();
        assertThat(matches(any, "the office")).isTrue();
    }

    @Test
    void forbiddenIntentThatIsTheExpectedOneIsReportedAtTheLaterOfTheTwo() throws IOException {
        String conflict = ": !INTENT equals 'intent' ('greeting') — a test cannot expect and forbid the same intent; remove one";
        assertThat(botProblems("INTENT greeting\n!INTENT greeting")).containsExactly("6" + conflict);
        assertThat(botProblems("!INTENT greeting\nTEXT_CONTAINS_ANY hi\nINTENT greeting")).containsExactly("7" + conflict);
        // Said again, the same intent keeps the line that first said it.
        assertThat(botProblems("!INTENT greeting\nINTENT greeting\n!INTENT greeting")).containsExactly("6" + conflict);
        assertThat(botProblems("INTENT greeting\n!INTENT greeting\nINTENT greeting")).containsExactly("6" + conflict);
        // In two #bot steps of one message: still at the line that made them clash, not at the #me.
        write("two.convo.txt", "two\n#me\nhello\n#bot\nINTENT greeting\n#bot\n!INTENT greeting\n");
        assertThat(problems(read("two.convo.txt"))).containsExactly("7" + conflict);
    }

    // --- Utterance lists ---

    @Test
    void listOfAYamlUtterancesFileServesATextConvo() throws IOException {
        write("lists/greet.utterances.yaml", "utterances:\n  GREET: [ hi, hello ]\n");
        write("greet.convo.txt", "greet\n#me\nGREET\n");

        assertThat(read("greet.convo.txt").file().cases()).extracting(SimulationCase::utterance).containsExactly("hi", "hello");
    }

    @Test
    void argumentsFillEachPlaceholderInTurn() throws IOException {
        write("order.utterances.txt", "ORDER\n%s please\nwhere is %s from %s\n");
        write("order.convo.txt", "order\n#me\nORDER ORD_1 Berlin\n");

        assertThat(read("order.convo.txt").file().cases()).extracting(SimulationCase::utterance)
                .containsExactly("ORD_1 please", "where is ORD_1 from Berlin");
    }

    @Test
    void invisibleUtteranceOfAListIsReportedAtTheMe() throws IOException {
        write("blank.utterances.txt", "BLANK\nhello\n\u200B\n");
        write("blank.convo.txt", "blank\n#me\nBLANK\n");

        ParsedFile parsed = read("blank.convo.txt");
        assertThat(problems(parsed)).singleElement().asString().startsWith("2: an utterance of the list 'BLANK' contains"
                + " only invisible characters (U+200B ZERO WIDTH SPACE) — write what the user says");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    void emptyOwnListIsReportedWhereItIsSaid() throws IOException {
        write("empty.convo.yml", """
                convos:
                  - name: empty
                    steps:
                      - me: [ EMPTY ]
                utterances:
                  EMPTY: [ ]
                """);

        assertThat(problems(read("empty.convo.yml"))).containsExactly(
                "4: the utterance list 'EMPTY' has no utterances — add one per line below its name");
    }

    @Test
    void listsInSkippedFoldersAreNotUsed() throws IOException {
        write("node_modules/pkg/greet.utterances.txt", "GREET\nhi\n");
        write("target/test-classes/greet.utterances.txt", "GREET\nhi\n");
        write(".git/greet.utterances.txt", "GREET\nhi\n");
        write("greet.convo.txt", "greet\n#me\nGREET\n");

        assertThat(onlyCase(read("greet.convo.txt")).utterance()).isEqualTo("GREET");
    }

    @Test
    void listsOfOneNameAtOneDistanceAreMergedInFolderOrder() throws IOException {
        write("suite/b/greet.utterances.txt", "GREET\nfrom b\nshared\n");
        write("suite/a/greet.utterances.txt", "GREET\nfrom a\nshared\n");
        write("suite/greet.convo.txt", "greet\n#me\nGREET\n");

        assertThat(read("suite/greet.convo.txt").file().cases()).extracting(SimulationCase::utterance)
                .containsExactly("from a", "shared", "from b");
    }

    @Test
    void csvUtterancesInTheFolderAreNeitherReadNorInTheWay() throws IOException {
        write("lists.utterances.csv", "utterance,text\nGREET,hi\n");
        write("greet.convo.txt", "greet\n#me\nhello\n");

        assertThat(onlyCase(read("greet.convo.txt")).utterance()).isEqualTo("hello");
    }

    @Test
    void rootThatDoesNotExistHasNoLists() throws IOException {
        Path file = write("greet.convo.txt", "greet\n#me\nGREET\n");
        try (InputStream in = Files.newInputStream(file)) {
            ParsedFile parsed = new BotiumReader(100_000).read("greet.convo.txt", in, Optional.of(file),
                    Optional.of(root.resolve("gone")));
            assertThat(onlyCase(parsed).utterance()).isEqualTo("GREET");
        }
    }

    @Test
    void unreadUtterancesFilesAreNamedWithHowManyMore() throws IOException {
        Files.write(root.resolve("a.utterances.txt"), new byte[] {'A', '\n', (byte) 0xE9, '\n'});
        write("hello.convo.txt", "hello\n#me\nhello\n");
        String one = problems(read("hello.convo.txt")).get(0);
        assertThat(one).startsWith("2: the #me text 'hello' names no utterance list that was read, but may name one in"
                + " a.utterances.txt (line 2: invalid UTF-8 at byte offset 2").doesNotContain("more utterances");

        Files.write(root.resolve("b.utterances.txt"), new byte[] {'B', '\n', (byte) 0xE9, '\n'});
        write("hello2.convo.txt", "hello\n#me\nhello\n");
        assertThat(problems(read("hello2.convo.txt")).get(0)).contains(" (and 1 more utterances file)");

        Files.write(root.resolve("c.utterances.txt"), new byte[] {'C', '\n', (byte) 0xE9, '\n'});
        write("hello3.convo.txt", "hello\n#me\nhello\n");
        assertThat(problems(read("hello3.convo.txt")).get(0)).contains(" (and 2 more utterances files)");
    }

    @Test
    void firstUnreadUtterancesFileIsNamedByPathWhateverTheFolderOrder() throws IOException {
        for (String name : List.of("z", "m", "b", "y", "c", "x")) {
            Files.createDirectories(root.resolve(name));
            Files.write(root.resolve(name + "/" + name + ".utterances.txt"), new byte[] {'L', '\n', (byte) 0xE9, '\n'});
        }
        write("hello.convo.txt", "hello\n#me\nhello\n");

        assertThat(problems(read("hello.convo.txt")).get(0)).contains("may name one in b/b.utterances.txt (line 2")
                .contains("(and 5 more utterances files)");
    }

    @Test
    void botTextOfSeveralLinesNamesNoListEvenWithAListFileUnread() throws IOException {
        Files.write(root.resolve("bad.utterances.txt"), new byte[] {'L', '\n', (byte) 0xE9, '\n'});
        write("lines.convo.txt", "lines\n#me\nUPDATE_CUSTOM SET_COGNIGY_CONTEXT|action|GET_STARTED\n#bot\nWelcome!\nHow can I help?\n");
        write("line.convo.txt", "line\n#me\nUPDATE_CUSTOM SET_COGNIGY_CONTEXT|action|GET_STARTED\n#bot\nWELCOME\n");

        SimulationCase lines = onlyCase(read("lines.convo.txt"));
        assertThat(matches(lines.expect(), "Welcome! How can I help?")).isTrue();
        assertThat(problems(read("line.convo.txt"))).singleElement().asString().startsWith("5: the #bot text 'WELCOME' names"
                + " no utterance list that was read, but may name one in bad.utterances.txt");
    }

    // --- YAML and JSON convos ---

    @Test
    void fileThatIsNotAMappingIsReported() throws IOException {
        write("list.convo.yml", "- me: [ hello ]\n");

        assertThat(problems(read("list.convo.yml"))).containsExactly("1: a Botium file must be a mapping with 'convos:'"
                + " and/or 'utterances:' — write it as Botium's YAML/JSON format documents");
    }

    @Test
    void keysNotReadAreReportedAtTheKey() throws IOException {
        write("keys.convo.yml", """
                partialConvos:
                  - name: login
                scriptingMemory:
                  - name: x
                convoz:
                  - name: y
                """);

        assertThat(problems(read("keys.convo.yml"))).containsExactly(
                "1: partial convos ('partialConvos:') are not supported — write their steps into each convo that includes"
                        + " them",
                "3: scripting memory ('scriptingMemory:') is not supported — write the values into the convos",
                "5: unknown key 'convoz' in a Botium file — use 'convos:' and 'utterances:'");
    }

    @Test
    void convosAndStepsMustBeMappingsOfOneSender() throws IOException {
        write("shapes.convo.yml", """
                convos:
                  - just a name
                  - name: two senders
                    steps:
                      - me: [ hello ]
                        bot: [ hi ]
                  - name: text step
                    steps:
                      - hello
                  - name: not a list
                    steps: hello
                """);

        List<String> problems = problems(read("shapes.convo.yml"));
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo("2: a convo must be a mapping — write it as { name: ..., steps: [ ... ] }");
        assertThat(problems.get(1)).isEqualTo("5: a step must be a mapping with one of me, bot, begin, end, include — write"
                + " it as { me: [ hello ] }");
        assertThat(problems.get(2)).startsWith("9: a step must be a mapping with one of me, bot, begin, end, include");
        assertThat(problems.get(3)).isEqualTo("11: 'steps' must be a list — write it as [ ... ]");
    }

    @Test
    void objectLinesAreAssertersWithTheirFlags() throws IOException {
        write("objects.convo.yml", """
                convos:
                  - name: objects
                    steps:
                      - me: [ hello, 7, true ]
                      - bot:
                          - NOT_INTENT: menu
                          - asserter: INTENT
                            args: [ greeting ]
                          - "!TEXT_CONTAINS_ANY": sorry
                          - TEXT_CONTAINS_ANY: [ "a|b", c ]
                          - JSON_PATH: [ $.data.count, 3 ]
                """);

        SimulationCase greeting = onlyCase(read("objects.convo.yml"));
        assertThat(greeting.utterance()).isEqualTo("hello\n7\ntrue");
        assertThat(greeting.expect().notIntent()).isEqualTo("menu");
        assertThat(greeting.expect().intent()).isEqualTo("greeting");
        assertThat(greeting.expect().responseData()).isEqualTo(java.util.Map.of("count", 3));
        assertThat(matches(greeting.expect(), "a|b")).isTrue();
        assertThat(matches(greeting.expect(), "c")).isTrue();
        assertThat(matches(greeting.expect(), "b")).isFalse();
        assertThat(matches(greeting.expect(), "c, sorry")).isFalse();
    }

    @Test
    void optionalObjectAsserterIsReported() throws IOException {
        write("optional.convo.yml", """
                convos:
                  - name: optional
                    steps:
                      - me: [ hello ]
                      - bot:
                          - OPTIONAL_INTENT: greeting
                          - asserter: INTENT
                            args: menu
                            optional: true
                """);

        assertThat(problems(read("optional.convo.yml"))).containsExactly(
                "6: an optional asserter ('?INTENT') is not supported — every check of a test holds; remove the '?' or"
                        + " the line",
                "7: an optional asserter ('?INTENT') is not supported — every check of a test holds; remove the '?' or"
                        + " the line");
    }

    @Test
    void objectLinesThatAreNoAsserterAreReportedNotLookedForAsText() throws IOException {
        write("wrong.convo.yml", """
                convos:
                  - name: wrong
                    steps:
                      - me: [ hello ]
                      - bot:
                          - MY_CUSTOM_ASSERTER: x
                          - [ a, b ]
                          - INTENT: { name: greeting }
                          - { INTENT: greeting, TEXT: hi }
                """);

        ParsedFile parsed = read("wrong.convo.yml");
        assertThat(problems(parsed)).containsExactly(
                "6: 'MY_CUSTOM_ASSERTER' is not one of Botium's asserters, logic hooks or user inputs (custom ones"
                        + " registered in botium.json are not supported) — write what it checks with the asserters in"
                        + " docs/from-botium.md, or quote the line if it is text",
                "7: a step's line must be text or { ASSERTER_NAME: [args] } — write it as Botium's format documents",
                "8: an argument must be text, a number or true/false — quote it (for JSON: '{\"key\": \"value\"}')",
                "9: a step's line must be text or { ASSERTER_NAME: [args] } — write it as Botium's format documents");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    void utteranceListsMustBeListsOfText() throws IOException {
        write("lists.utterances.yml", """
                utterances:
                  GREET:
                    - hi
                    - { text: hello }
                    - [ hey ]
                """);
        write("notmap.utterances.yml", "utterances: [ hi ]\n");

        assertThat(problems(read("lists.utterances.yml"))).containsExactly("4: an utterance must be text — write what the"
                + " user says", "5: an utterance must be text — write what the user says");
        assertThat(problems(read("notmap.utterances.yml"))).containsExactly("1: 'utterances' must be a mapping from a"
                + " list's name to its utterances — write it as { GREETING: [ hi, hello ] }");
    }

    @Test
    void convoWithoutStepsIsNamedIfItHasAName() throws IOException {
        write("nosteps.convo.yml", "convos:\n  - description: nothing\n");

        assertThat(problems(read("nosteps.convo.yml"))).containsExactly(
                "2: the convo has no 'steps' — add steps: [ { me: [ hello ] }, { bot: [ ... ] } ]");
    }

    // --- Ids and variants ---

    @Test
    void idsAreUniqueInAFileAndShortEnoughForTheirSuffixes() throws IOException {
        String longName = "a".repeat(200);
        write("ids.convo.yml", "convos:\n"
                + "  - { name: same, steps: [ { me: [ one ] } ] }\n"
                + "  - { name: same, steps: [ { me: [ two ] } ] }\n"
                + "  - { name: same, steps: [ { me: [ three ] } ] }\n"
                + "  - { name: " + longName + ", steps: [ { me: [ four ] } ] }\n");

        assertThat(read("ids.convo.yml").file().cases()).extracting(SimulationCase::id)
                .containsExactly("test_same", "test_same_2", "test_same_3", "test_" + "a".repeat(111));
    }

    @Test
    void aConvoMayExpandToAThousandTestsButNoMore() throws IOException {
        StringBuilder forty = new StringBuilder("FORTY\n");
        for (int i = 0; i < 40; i++) forty.append("forty ").append(i).append('\n');
        StringBuilder twentyFive = new StringBuilder("TWENTY_FIVE\n");
        for (int i = 0; i < 25; i++) twentyFive.append("twenty-five ").append(i).append('\n');
        write("forty.utterances.txt", forty.toString());
        write("twenty_five.utterances.txt", twentyFive.toString());
        write("many.convo.txt", "many\n#me\nFORTY\n#me\nTWENTY_FIVE\n");
        write("more.convo.txt", "more\n#me\nFORTY\n#me\nTWENTY_FIVE\n#me\nhello\n#me\nFORTY\n");

        ParsedFile many = read("many.convo.txt");
        assertThat(many.problems()).isEmpty();
        assertThat(many.file().conversations()).hasSize(1000);
        assertThat(many.file().conversations().get(999).id()).isEqualTo("test_many[1000]");
        assertThat(problems(read("more.convo.txt"))).containsExactly("1: the convo 'more' expands to more than 1000 tests"
                + " (its utterance lists multiply) — split it, or shorten the lists");
    }

    // --- File names ---

    @Test
    void patternsNameEveryReadSuffix() {
        assertThat(BotiumFiles.patterns()).isEqualTo("*.convo.txt, *.utterances.txt, *.convo.yml, *.convo.yaml,"
                + " *.convo.json, *.utterances.yml, *.utterances.yaml, *.utterances.json");
    }

    @Test
    void unknownSenderNamesTheSendersInBotiumsOrder() throws IOException {
        write("sender.convo.yml", """
                convos:
                  - name: sender
                    steps:
                      - user: [ hello ]
                """);

        assertThat(problems(read("sender.convo.yml"))).containsExactly(
                "4: unknown step 'user' — use one of me, bot, begin, end, include");
    }

    @Test
    void yamlLineCutByAHashIsReportedNotCheckedAsRead() throws IOException {
        write("cut.convo.yml", """
                convos:
                  - name: cut
                    steps:
                      - me:
                          - where is order #4711
                      - bot:
                          - Your order #4711 is on its way
                          - TEXT_CONTAINS_ANY:
                              - shipped #today
                  - name: quoted
                    steps:
                      - me: [ "where is order #4711" ]
                      - bot:
                          - 'Your order #4711 is on its way'
                      - bot:
                          - on its way # a comment, written as one
                """);

        ParsedFile parsed = read("cut.convo.yml");
        assertThat(problems(parsed)).containsExactly(
                "5: the text after ' #' is a YAML comment, so the line is 'where is order' — quote the whole line if '#'"
                        + " belongs to it",
                "7: the text after ' #' is a YAML comment, so the line is 'Your order' — quote the whole line if '#'"
                        + " belongs to it",
                "9: the text after ' #' is a YAML comment, so the argument is 'shipped' — quote the whole argument if '#'"
                        + " belongs to it");
        assertThat(parsed.problems().get(0).column()).isEqualTo(28);
        SimulationCase quoted = onlyCaseOf(parsed);
        assertThat(quoted.id()).isEqualTo("test_quoted");
        assertThat(quoted.utterance()).isEqualTo("where is order #4711");
        assertThat(matches(quoted.expect(), "Your order #4711 is on its way")).isTrue();
        assertThat(matches(quoted.expect(), "Your order is on its way")).isFalse();
    }

    @Test
    void yamlUtteranceCutByAHashIsReportedAndLeftOutOfItsList() throws IOException {
        write("orders.utterances.yml", """
                utterances:
                  ORDER:
                    - where is my order
                    - status of #4711
                """);
        write("order.convo.txt", "order\n#me\nORDER\n");

        assertThat(problems(read("orders.utterances.yml"))).containsExactly("4: the text after ' #' is a YAML comment, so"
                + " the utterance is 'status of' — quote the whole utterance if '#' belongs to it");
        assertThat(read("order.convo.txt").file().cases()).extracting(SimulationCase::utterance)
                .containsExactly("where is my order");
    }

    private static SimulationCase onlyCaseOf(ParsedFile parsed) {
        assertThat(parsed.file().cases()).hasSize(1);
        return parsed.file().cases().get(0);
    }

    @Test
    void utterancesFileWithoutANameSaysSoAndServesNoList() throws IOException {
        write("noname.utterances.txt", "\nhello\nhi\n");
        write("hello.convo.txt", "hello\n#me\nhello\n");

        assertThat(problems(read("noname.utterances.txt"))).containsExactly("1: the first line of an utterances file names"
                + " the list, and it is empty — write the list's name on the first line, then one utterance per line");
        assertThat(onlyCase(read("hello.convo.txt")).utterance()).isEqualTo("hello");
    }

    @Test
    void utterancesFileBehindABrokenOrOutsideLinkIsNamedAsUnread(@TempDir Path outside) throws IOException {
        Path elsewhere = Files.writeString(outside.resolve("far.utterances.txt"), "GREET\nhi\n");
        try {
            Files.createSymbolicLink(root.resolve("far.utterances.txt"), elsewhere);
            Files.createSymbolicLink(root.resolve("gone.utterances.txt"), outside.resolve("missing.utterances.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        write("greet.convo.txt", "greet\n#me\nGREET\n");

        String problem = problems(read("greet.convo.txt")).get(0);
        assertThat(problem).startsWith("2: the #me text 'GREET' names no utterance list that was read, but may name one in"
                + " far.utterances.txt (a link to " + elsewhere.toRealPath() + ", outside " + root.toRealPath() + ")")
                .contains("(and 1 more utterances file)");
    }

    @Test
    void textAsserterArgumentThatMayNameAListOfAnUnreadFileIsReported() throws IOException {
        // SORRY_TEXTS is a list in a file that cannot be read: looked for as text, the negated check passes whatever the
        // bot says, and the plain one fails whatever it says.
        Files.write(root.resolve("answers.utterances.txt"), new byte[] {'S', 'O', 'R', 'R', 'Y', '_', 'T', 'E', 'X', 'T',
                'S', '\n', (byte) 0xE9, '\n'});
        write("sorry.convo.txt", "sorry\n#me\nUPDATE_CUSTOM SET_COGNIGY_CONTEXT|action|GET_STARTED\n#bot\n"
                + "INTENT welcome\n!TEXT_CONTAINS_ANY SORRY_TEXTS\nTEXT_CONTAINS_ALL_IC Welcome|SORRY_TEXTS\n");

        assertThat(problems(read("sorry.convo.txt"))).containsExactly(
                "6: the !TEXT_CONTAINS_ANY text 'SORRY_TEXTS' names no utterance list that was read, but may name one in"
                        + " answers.utterances.txt (line 2: invalid UTF-8 at byte offset 12 (byte 0xE9)), which could not be read, and a"
                        + " list's name looked for as text makes a wrong test — fix that file (split it if it is too large) so"
                        + " its lists are read, or move it out of this folder if these convos use none of its lists",
                "7: the TEXT_CONTAINS_ALL_IC text 'Welcome' names no utterance list that was read, but may name one in"
                        + " answers.utterances.txt (line 2: invalid UTF-8 at byte offset 12 (byte 0xE9)), which could not be read, and a"
                        + " list's name looked for as text makes a wrong test — fix that file (split it if it is too large) so"
                        + " its lists are read, or move it out of this folder if these convos use none of its lists");
        assertThat(read("sorry.convo.txt").file().cases()).isEmpty();
    }

    @Test
    void objectLineInTheWrongStepIsReportedNotSentOrLookedForAsText() throws IOException {
        write("misplaced.convo.yml", """
                convos:
                  - name: misplaced
                    steps:
                      - me:
                          - hello
                          - INTENT: greeting
                      - bot:
                          - BUTTON: menu
                          - userinput: FORM
                            args: [ name, Jo ]
                """);

        ParsedFile parsed = read("misplaced.convo.yml");
        assertThat(problems(parsed)).containsExactly(
                "6: 'INTENT' is an asserter, which checks the bot's answer, in a me step, which sends a message — move it"
                        + " to the bot step after it",
                "8: 'BUTTON' is a user input, which the user sends, in a bot step — move it to a me step",
                "9: 'FORM' is a user input, which the user sends, in a bot step — move it to a me step");
        assertThat(parsed.file().cases()).isEmpty();
    }

    @Test
    void mediaIsAUserInputInAMeAndAnAsserterInABot() throws IOException {
        write("media.convo.yml", """
                convos:
                  - name: media
                    steps:
                      - me:
                          - MEDIA: cat.png
                      - bot:
                          - MEDIA: dog.png
                """);

        assertThat(problems(read("media.convo.yml"))).containsExactly(
                "5: MEDIA sends media, which is not supported — send text, or data with UPDATE_CUSTOM"
                        + " SET_COGNIGY_CONTEXT|<key>|<value>",
                "7: MEDIA checks images and other media, which the engine does not read from the answer — remove it");
    }
}
