package dev.botsim.cognigy.engine.discovery.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Keeps the data-file JSON Schema the engine jar ships in step with the reader: the same keys, the same patterns,
 * and the same verdict on the same file — what an editor underlines is what the engine refuses.
 */
class SchemaDocumentTest {

    /** Where the engine jar carries the schema; the {@code schema} command and the docs name this path. */
    static final String RESOURCE = "/META-INF/cognigy-junit/simulation-file.schema.json";

    private static JsonNode schema;
    private static SchemaSubset validator;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SchemaDocumentTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("the schema in the engine's resources").isNotNull();
            schema = JsonMapper.shared().readTree(in);
        }
        validator = new SchemaSubset(schema);
    }

    private static List<String> keys(JsonNode object) {
        return new ArrayList<>(object.get("properties").propertyNames());
    }

    /** A property's own schema, looking through the "or written without a value" choice. */
    private static JsonNode declared(JsonNode property) {
        return property.has("anyOf") ? property.get("anyOf").get(0) : property;
    }

    @Test
    @DisplayName("the schema names exactly the keys the reader accepts, at every level")
    void sameKeys() {
        JsonNode defs = schema.get("$defs");
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(keys(schema)).containsExactlyInAnyOrderElementsOf(DocumentBinder.ROOT_KEYS);
        assertThat(keys(declared(schema.get("properties").get("defaults"))))
                .containsExactlyInAnyOrderElementsOf(DocumentBinder.DEFAULTS_KEYS);
        assertThat(keys(defs.get("case"))).containsExactlyInAnyOrderElementsOf(CaseBinder.CASE_KEYS);
        assertThat(keys(defs.get("conversation"))).containsExactlyInAnyOrderElementsOf(CaseBinder.CONVERSATION_KEYS);
        assertThat(keys(defs.get("conversation").get("properties").get("turns").get("items")))
                .containsExactlyInAnyOrderElementsOf(CaseBinder.TURN_KEYS);
        assertThat(keys(defs.get("expect"))).containsExactlyInAnyOrderElementsOf(Expectations.KEYS);
    }

    @Test
    @DisplayName("the schema's id patterns are the reader's")
    void samePatterns() {
        JsonNode defs = schema.get("$defs");
        assertThat(defs.get("testId").get("pattern").asString()).isEqualTo(CaseRules.TEST_ID.pattern());
        // The simulation API's user pattern is the run's, not the file's: the schema names it in its description.
        assertThat(defs.get("userId").get("description").asString())
                .contains(dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend.USER_ID.pattern());
        assertThat(defs.get("locale").get("pattern").asString()).isEqualTo(CaseRules.LOCALE.pattern());
        assertThat(defs.get("testId").get("maxLength").asInt()).isEqualTo(CaseRules.MAX_ID_LENGTH);
        // An 'expect' under data holding only these keys is an expectation indented too deep, to the reader and the schema.
        for (String data : List.of("data", "injectContext")) {
            assertThat(defs.get(data).get("properties").get("expect").get("not").get("propertyNames").get("enum").valueStream()
                    .map(JsonNode::asString).toList()).as(data).containsExactlyElementsOf(Expectations.KEYS);
        }
    }

    @Test
    @DisplayName("an external_id is refused by the schema for every character the engine refuses in it — whitespace, controls,"
            + " invisible format characters, beyond U+FFFF too — and for no other the JDK knows; at most 128 characters")
    void externalIdCharacters() {
        JsonNode externalId = schema.get("$defs").get("externalId");
        assertThat(externalId.get("maxLength").asInt()).isEqualTo(CaseRules.MAX_ID_LENGTH);
        // As the validator reads them, and as ECMA-262 does with or without its u flag: the pairs of the 'not' are
        // characters beyond U+FFFF.
        java.util.regex.Pattern allowed = java.util.regex.Pattern.compile(externalId.get("pattern").asString());
        java.util.regex.Pattern refused = java.util.regex.Pattern.compile(externalId.get("not").get("pattern").asString());
        assertThat(externalId.get("not").get("type").asString()).isEqualTo("string");
        List<String> looser = new ArrayList<>();
        List<String> stricter = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.SURROGATE) continue;
            // The character alone: the pattern reads every character of the id alike, and the 'not' finds one anywhere.
            String id = Character.toString(cp);
            boolean engineTakes = CaseRules.externalId(id).isEmpty();
            boolean schemaTakes = allowed.matcher(id).find() && !refused.matcher(id).find();
            if (schemaTakes && !engineTakes) looser.add(String.format(java.util.Locale.ROOT, "U+%04X", cp));
            // A character this JDK's Unicode does not know yet is one the schema may know (U+0890 on Java 17).
            if (!schemaTakes && engineTakes && Character.getType(cp) != Character.UNASSIGNED) {
                stricter.add(String.format(java.util.Locale.ROOT, "U+%04X", cp));
            }
        }
        assertThat(looser).as("refused by the engine, taken by the schema").isEmpty();
        assertThat(stricter).as("taken by the engine, refused by the schema").isEmpty();
    }

    @Test
    @DisplayName("item 12: the SchemaStore catalog entry names the schema's $id and the data files' suffixes")
    void schemaStoreEntry() throws IOException {
        JsonNode entry = JsonMapper.shared().readTree(Files.readString(Path.of("..", "docs", "schemastore-catalog-entry.json")));
        assertThat(entry.get("url").asString()).isEqualTo(schema.get("$id").asString());
        assertThat(entry.get("fileMatch").valueStream().map(JsonNode::asString).toList())
                .containsExactly("*.sim.yaml", "*.sim.yml", "*.sim.json")
                .allSatisfy(pattern -> assertThat(SimulationFileReader.isSimulationFile("orders" + pattern.substring(1))).isTrue());
        assertThat(entry.propertyNames()).containsExactlyInAnyOrder("name", "description", "fileMatch", "url");
    }

    private static final String CASE = "cases:\n  - id: test_a\n    utterance: hi\n";
    private static final String CONVERSATION = "conversations:\n  - id: test_c\n    turns:\n      - say: hi\n";

    /**
     * Files the schema and the reader must judge alike, YAML as written and the same document as JSON: keys written
     * without a value above all. A list or mapping without a value is not given; a text or number without one is a
     * forgotten value, reported.
     */
    static Stream<Arguments> files() {
        return Stream.of(
                valid("a plain case", CASE),
                valid("external_id on a case and a conversation, a key and a number", CASE + "    external_id: BOT-123\n"
                        + CONVERSATION.replace("    turns:", "    external_id: 4711\n    turns:")),
                invalid("external_id with a space in it", CASE + "    external_id: BOT 123\n"),
                invalid("external_id with a zero-width space after it", CASE + "    external_id: \"BOT-123\\u200B\"\n"),
                invalid("external_id with an Arabic number sign (a format character) in it", CASE
                        + "    external_id: \"BOT-\\u0600123\"\n"),
                invalid("external_id with an invisible tag character after it (beyond U+FFFF)", CASE
                        + "    external_id: \"BOT-123\\U000E0041\"\n"),
                invalid("external_id without a value", CASE + "    external_id:\n"),
                valid("a data-only case and a data-only turn (a postback)", "cases:\n  - id: test_d\n    data: { action: GET_STARTED }\n"
                        + "    expect: { quick_replies: [Yes], buttons: [More], response_data: { menu: main } }\n" + CONVERSATION
                        + "      - data: { payload: TRACK }\n    inject_context: { tier: gold }\n    locale: de-DE\n"),
                valid("flows: without a value", "flows:\n" + CASE),
                valid("defaults: without a value", "defaults:\n" + CASE),
                valid("defaults.data: and defaults.tags: without a value", "defaults:\n  data:\n  tags:\n" + CASE),
                valid("expect: without a value", CASE + "    expect:\n"),
                valid("tags: without a value", CASE + "    tags:\n"),
                valid("data: without a value beside an utterance", CASE + "    data:\n"),
                valid("inject_context: without a value", CASE + "    inject_context:\n"),
                valid("expect.entities:, quick_replies:, buttons:, response_data: without a value",
                        CASE + "    expect:\n      entities:\n      quick_replies:\n      buttons:\n      response_data:\n"),
                valid("the checks for varying answers", CASE + "    expect: { response_contains_any: [order, parcel],"
                        + " response_not_contains: sorry, response_length: { min: 10, max: 400 } }\n"),
                valid("response_not_contains: a list, response_length: one end", CASE
                        + "    expect: { response_not_contains: [sorry, error], response_length: { max: 400 } }\n"),
                valid("response_contains_any:, response_not_contains:, response_length: without a value",
                        CASE + "    expect:\n      response_contains_any:\n      response_not_contains:\n      response_length:\n"),
                invalid("response_contains_any: an empty list", CASE + "    expect: { response_contains_any: [] }\n"),
                invalid("response_contains_any: text, not a list", CASE + "    expect: { response_contains_any: order }\n"),
                invalid("response_length: {} (no end)", CASE + "    expect: { response_length: {} }\n"),
                invalid("response_length: a negative end", CASE + "    expect: { response_length: { min: -1 } }\n"),
                invalid("response_length: an unknown end", CASE + "    expect: { response_length: { minimum: 3 } }\n"),
                invalid("response_length: a number, not a mapping", CASE + "    expect: { response_length: 400 }\n"),
                valid("cases: without a value beside conversations", "cases:\n" + CONVERSATION),
                valid("a conversation's tags:, data: and a turn's expect:, data: without a value",
                        "conversations:\n  - id: test_c\n    tags:\n    data:\n    turns:\n      - say: hi\n        expect:\n        data:\n"),
                valid("expect: approved", CASE + "    expect: approved\n"),
                valid("expect: approved on a turn", "conversations:\n  - id: test_c\n    turns:\n      - say: hi\n        expect: approved\n"),
                valid("approved: true beside an intent", CASE + "    expect: { approved: true, intent: greeting }\n"),
                valid("approved: a list of fields", CASE + "    expect: { approved: [intent, next_flow, entities] }\n"),
                invalid("expect: approve (not the word)", CASE + "    expect: approve\n"),
                invalid("approved: an unknown field", CASE + "    expect: { approved: [intent, txt] }\n"),
                invalid("approved: a field twice", CASE + "    expect: { approved: [intent, intent] }\n"),
                invalid("approved: an empty list", CASE + "    expect: { approved: [] }\n"),
                invalid("approved: text", CASE + "    expect: { approved: yes please }\n"),
                invalid("defaults.user: without a value", "defaults:\n  user:\n" + CASE),
                invalid("defaults.platform: without a value", "defaults:\n  platform:\n" + CASE),
                invalid("bot: without a value", "bot:\n" + CASE),
                invalid("locale: without a value", "locale:\n" + CASE),
                invalid("version: without a value", "version:\n" + CASE),
                invalid("a case's user: without a value", CASE + "    user:\n"),
                invalid("expect.intent: without a value", CASE + "    expect:\n      intent:\n"),
                invalid("expect.intent_min_score: without a value", CASE + "    expect:\n      intent_min_score:\n"),
                invalid("expect.error_code: without a value", CASE + "    expect:\n      error_code:\n"),
                invalid("expect.response_matches: without a value", CASE + "    expect:\n      response_matches:\n"),
                invalid("an entity without a value", CASE + "    expect:\n      entities:\n        order_id:\n"),
                invalid("entities: {} (checks nothing)", CASE + "    expect:\n      entities: {}\n"),
                invalid("utterance: without a value", "cases:\n  - id: test_a\n    utterance:\n"),
                invalid("utterances: without a value", "cases:\n  - id: test_a\n    utterances:\n"),
                invalid("id: without a value", "cases:\n  - id:\n    utterance: hi\n"),
                invalid("data: without a value and no utterance", "cases:\n  - id: test_a\n    data:\n"),
                invalid("data: {} and no utterance", "cases:\n  - id: test_a\n    data: {}\n"),
                invalid("cases: without a value and nothing else", "cases:\n"),
                invalid("a case that is only a dash", "cases:\n  -\n"),
                invalid("turns: without a value", "conversations:\n  - id: test_c\n    turns:\n"),
                invalid("a turn's say: without a value", "conversations:\n  - id: test_c\n    turns:\n      - say:\n"),
                invalid("a turn with data: {} and no say", "conversations:\n  - id: test_c\n    turns:\n      - data: {}\n"),
                invalid("a tag that is only a dash", CASE + "    tags:\n      - smoke\n      -\n"),
                invalid("a flow that is only a dash", "flows:\n  - flow_a\n  -\n" + CASE),
                invalid("a quick reply that is only a dash", CASE + "    expect:\n      quick_replies:\n        -\n"),
                invalid("expect: '' (quoted: text, not a mapping)", CASE + "    expect: ''\n"),
                invalid("both utterance and utterances, one without a value", CASE + "    utterances:\n"),
                invalid("an unknown key without a value", CASE + "    expectt:\n"),
                // Where text is expected the reader takes any scalar as written, so the schema does too.
                valid("a number or true/false where text is expected", "bot: 42\nflows: [1, 2]\ndefaults: { platform: 7, tags: [2024] }\n"
                        + CASE + "    tags: [1, true]\n    expect: { intent: 404, not_intent: true, next_flow: 12, response_contains: 42,"
                        + " response_matches: 7, response_not_contains: 0, error_code: true }\n"),
                valid("numbers as quick-reply and button titles (a rating)", CASE
                        + "    expect: { quick_replies: [1, 2, 3, 4, 5], buttons: [1, 2], response_contains_any: [1, 2] }\n"),
                // What would be read as something else in silence: an expectation indented into data, spaces quoted at the
                // ends of an expected text (not compared), an expected text of invisible characters.
                invalid("expect: indented under data", CASE + "    data: { channel: app, expect: { intent: check_order } }\n"),
                invalid("expect: indented under a turn's data", "conversations:\n  - id: test_c\n    turns:\n      - say: hi\n"
                        + "        data: { expect: { response_contains: hello } }\n"),
                invalid("expect: indented under inject_context", CASE + "    inject_context: { expect: { next_flow: main } }\n"),
                invalid("expect: indented under defaults.data", "defaults: { data: { expect: { intent: greeting } } }\n" + CASE),
                valid("a data field named expect that holds no expectation", CASE
                        + "    data: { expect: yes, more: { expect: { intent: x } } }\n    inject_context: { expect: { delivery: today } }\n"),
                invalid("response_contains: spaces quoted at its ends", CASE + "    expect: { response_contains: ' hell ' }\n"),
                invalid("response_contains_any: a text ending in a space", CASE + "    expect: { response_contains_any: [hello, 'order '] }\n"),
                invalid("response_not_contains: a text starting with a tab", CASE + "    expect: { response_not_contains: \"\\tsorry\" }\n"),
                invalid("response_matches: a space at its start", CASE + "    expect: { response_matches: ' h.ll' }\n"),
                invalid("response_contains: only a no-break space", CASE + "    expect: { response_contains: \"\\u00a0\" }\n"),
                invalid("response_not_contains: only a zero-width space", CASE + "    expect: { response_not_contains: [\"\\u200b\"] }\n"),
                valid("response_contains: a block ending in a line break, spaces inside", CASE
                        + "    expect:\n      response_contains: |\n        Hello there!\n"),
                invalid("error_code: ''", CASE + "    expect: { error_code: '' }\n"),
                invalid("error_code: only whitespace", CASE + "    expect: { error_code: ' ' }\n"),
                invalid("a tag with a control character", CASE + "    tags: [\"a\\u0085b\"]\n"),
                // mode: nlu scores one sentence for intents: what reaches only a flow is refused where it is written.
                valid("mode: nlu with intents, variants, user, tags and no conversations", "mode: nlu\ndefaults: { user: usr_qa, tags: [nlu] }\n"
                        + "cases:\n  - id: test_a\n    utterances: [hi, hello]\n    locale: de\n    repeat: 2\n"
                        + "    expect: { intent: greeting, not_intent: goodbye, intent_min_score: 0.6 }\nconversations: []\n"),
                valid("mode: nlu with conversations: and expect: without a value", "mode: nlu\n" + CASE + "    expect:\nconversations:\n"),
                invalid("mode: nlu with a conversation", "mode: nlu\n" + CASE + CONVERSATION),
                invalid("mode: nlu with a case's data", "mode: nlu\n" + CASE + "    data: { a: 1 }\n"),
                invalid("mode: nlu with a case's context without a value", "mode: nlu\n" + CASE + "    context:\n"),
                invalid("mode: nlu with defaults.data", "mode: nlu\ndefaults: { data: { a: 1 } }\n" + CASE),
                invalid("mode: nlu with inject_context", "mode: nlu\n" + CASE + "    inject_context: { tier: gold }\n"),
                invalid("mode: nlu expecting a flow", "mode: nlu\n" + CASE + "    expect: { intent: a, next_flow: flow_a }\n"),
                invalid("mode: nlu with approved: true", "mode: nlu\n" + CASE + "    expect: { approved: true }\n"),
                invalid("mode: nlu with expect: approved", "mode: nlu\n" + CASE + "    expect: approved\n"));
    }

    private static Arguments valid(String what, String yaml) {
        return Arguments.of(what, yaml, true);
    }

    private static Arguments invalid(String what, String yaml) {
        return Arguments.of(what, yaml, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    @DisplayName("item 12: the schema and the reader give the same verdict, in YAML and in JSON")
    void sameVerdict(String what, String yaml, boolean valid) {
        JsonNode tree = YAMLMapper.builder().build().readTree(yaml);
        String json = JsonMapper.shared().writeValueAsString(tree);

        ParsedFile asYaml = Reading.read("agreement.sim.yaml", yaml);
        ParsedFile asJson = Reading.read("agreement.sim.json", json);
        List<String> schemaErrors = validator.errors(tree);

        assertThat(Reading.messages(asYaml)).as("the reader, on the YAML").matches(p -> p.isEmpty() == valid,
                valid ? "no problems" : "a problem");
        assertThat(Reading.messages(asJson)).as("the reader, on the same document as JSON " + json)
                .matches(p -> p.isEmpty() == valid, valid ? "no problems" : "a problem");
        assertThat(schemaErrors).as("the schema, on " + json).matches(e -> e.isEmpty() == valid, valid ? "valid" : "invalid");
    }

    @Test
    @DisplayName("a user id is checked by the rules every backend keeps: the reader and the schema take what a REST Endpoint"
            + " takes, whatever the backend")
    void userIds() {
        SimulationFileReader reader = Reading.READER;
        for (String user : List.of("12345", "bob@example.com", "usr_qa01")) {
            String yaml = CASE + "    user: " + user + "\n";
            assertThat(Reading.messages(reader.read("user.sim.yaml", yaml.getBytes(StandardCharsets.UTF_8)))).as(user).isEmpty();
            assertThat(validator.errors(YAMLMapper.builder().build().readTree(yaml))).as(user).isEmpty();
        }
        for (String user : List.of("' '", "\"a\\tb\"", "\"a\\u0085b\"", "''")) {
            String yaml = CASE + "    user: " + user + "\n";
            assertThat(Reading.messages(reader.read("user.sim.yaml", yaml.getBytes(StandardCharsets.UTF_8)))).as(user).isNotEmpty();
            assertThat(validator.errors(YAMLMapper.builder().build().readTree(yaml))).as(user).isNotEmpty();
        }
    }

    @Test
    @DisplayName("every key an editor completes has a description")
    void descriptions() {
        JsonNode defs = schema.get("$defs");
        JsonNode turn = defs.get("conversation").get("properties").get("turns").get("items");
        JsonNode length = defs.get("expect").get("properties").get("response_length").get("anyOf").get(0);
        List<String> missing = new ArrayList<>();
        for (JsonNode object : List.of(schema, declared(schema.get("properties").get("defaults")), defs.get("case"),
                defs.get("conversation"), turn, defs.get("expect"), length)) {
            for (String key : object.get("properties").propertyNames()) {
                JsonNode property = object.get("properties").get(key);
                JsonNode target = property.has("$ref") ? schema.at(property.get("$ref").asString().substring(1)) : property;
                if (!property.has("description") && !target.has("description")) missing.add(key);
            }
        }
        assertThat(missing).as("keys without a description").isEmpty();
    }

    @Test
    @DisplayName("item 12: every data file of the engine's tests and the sample that the reader accepts, the schema accepts")
    void acceptedFilesAreValid() throws IOException {
        List<Path> accepted = new ArrayList<>();
        for (Path folder : List.of(Path.of("src/test/resources"), Path.of("../samples/order-bot/src/test/resources"))) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(f -> f.toString().matches(".*\\.sim\\.(yaml|yml|json)")).sorted().toList()) {
                    ParsedFile parsed = Reading.READER.read(file.toString(), Files.readAllBytes(file));
                    if (!parsed.problems().isEmpty() || parsed.file().cases().isEmpty() && parsed.file().conversations().isEmpty()) continue;
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    JsonNode tree = file.toString().endsWith(".json") ? JsonMapper.shared().readTree(text) : YAMLMapper.builder().build().readTree(text);
                    assertThat(validator.errors(tree)).as(file.toString()).isEmpty();
                    accepted.add(file);
                }
            }
        }
        assertThat(accepted).as("files checked").hasSizeGreaterThan(10);
    }
}
