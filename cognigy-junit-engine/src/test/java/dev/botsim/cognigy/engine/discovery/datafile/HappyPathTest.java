package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.fixture;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.fixtureBytes;
import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.ConversationCase;
import dev.botsim.cognigy.engine.model.ConversationTurn;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.engine.model.SimulationFile;
import dev.botsim.cognigy.engine.model.SourcePosition;
import dev.botsim.cognigy.spi.Expectation;

class HappyPathTest {

    private static final String YAML = "datafile/orders.sim.yaml";

    private static Expectation expect(String intent, Map<String, String> entities, String nextFlow, String contains) {
        return Expectation.builder().intent(intent).entities(entities).nextFlow(nextFlow).responseContains(contains).build();
    }

    @Test
    @DisplayName("the DESIGN 3.1 example file becomes exactly the expected model")
    void designExample() throws Exception {
        ParsedFile parsed = fixture("orders.sim.yaml");

        assertThat(parsed.problems()).isEmpty();
        SimulationFile file = parsed.file();
        Map<String, Object> en = Map.of("language", "en");
        assertThat(file.resource()).isEqualTo(YAML);
        assertThat(file.bot()).isEqualTo("order-bot");
        assertThat(file.flows()).containsExactly("flow_greeting", "flow_order_status", "flow_escalation");
        assertThat(file.cases()).containsExactly(
                new SimulationCase("test_order_check", "I need to check my recent order", "usr_qa01", "web", en,
                        expect("check_order", Map.of("order_id", "ORD_99"), "flow_order_status", "order"),
                        Set.of("smoke", "orders"), new SourcePosition(YAML, 10, 5)),
                new SimulationCase("test_order_variants[1]", "where is my order", "usr_qa01", "web", en,
                        expect("check_order", Map.of(), "flow_order_status", null), Set.of("smoke"),
                        new SourcePosition(YAML, 20, 18), null, null, 0, new SourcePosition(YAML, 19, 5)),
                new SimulationCase("test_order_variants[2]", "track my package", "usr_qa01", "web", en,
                        expect("check_order", Map.of(), "flow_order_status", null), Set.of("smoke"),
                        new SourcePosition(YAML, 20, 37), null, null, 0, new SourcePosition(YAML, 19, 5)));
        assertThat(file.cases().get(0).tags()).containsExactly("smoke", "orders");
        assertThat(file.conversations()).containsExactly(new ConversationCase("test_order_then_human", "usr_qa01", "web",
                en, Set.of("smoke"), List.of(
                        new ConversationTurn(1, "hi", en, expect("greeting", Map.of(), null, null),
                                new SourcePosition(YAML, 25, 9)),
                        new ConversationTurn(2, "where is my order ORD_99", en,
                                expect("check_order", Map.of("order_id", "ORD_99"), null, null),
                                new SourcePosition(YAML, 27, 9)),
                        new ConversationTurn(3, "I want a human", en, expect(null, Map.of(), "flow_escalation", null),
                                new SourcePosition(YAML, 29, 9))),
                new SourcePosition(YAML, 23, 5)));
        assertThat(file.sha256()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fixtureBytes("orders.sim.yaml"))));
    }

    @Test
    @DisplayName("the same file written as JSON gives the same model, apart from positions and hash")
    void jsonEqualsYaml() {
        ParsedFile yaml = fixture("orders.sim.yaml");
        ParsedFile json = fixture("orders.sim.json");

        assertThat(json.problems()).isEmpty();
        assertThat(withoutPositions(json.file())).isEqualTo(withoutPositions(yaml.file()));
        assertThat(json.file().cases().get(1).position()).isEqualTo(new SourcePosition("datafile/orders.sim.json", 26, 22));
    }

    private static SimulationFile withoutPositions(SimulationFile file) {
        SourcePosition none = SourcePosition.of("x");
        return new SimulationFile("x", file.bot(), file.flows(),
                file.cases().stream().map(c -> new SimulationCase(c.id(), c.utterance(), c.userId(), c.platform(),
                        c.data(), c.expect(), c.tags(), none)).toList(),
                file.conversations().stream().map(c -> new ConversationCase(c.id(), c.userId(), c.platform(), c.data(),
                        c.tags(), c.turns().stream().map(t -> new ConversationTurn(t.number(), t.say(), t.data(),
                                t.expect(), none)).toList(), none)).toList(),
                null);
    }

    @Test
    @DisplayName("a case's own user, platform and context keys win over defaults; tags add up")
    void defaultsMerge() {
        ParsedFile parsed = read("m.sim.yaml", """
                defaults:
                  user: usr_default
                  platform: web
                  context: { language: en, region: eu }
                  tags: [smoke]
                cases:
                  - id: test_own
                    utterance: hi
                    user: usr_own
                    platform: whatsapp
                    context: { language: de, vip: true }
                    tags: [orders, smoke]
                  - id: test_inherits
                    utterance: hello
                """);

        assertThat(parsed.problems()).isEmpty();
        SimulationCase own = parsed.file().cases().get(0);
        assertThat(own.userId()).isEqualTo("usr_own");
        assertThat(own.platform()).isEqualTo("whatsapp");
        assertThat(own.data()).containsExactly(Map.entry("language", "de"), Map.entry("region", "eu"),
                Map.entry("vip", true));
        assertThat(own.tags()).containsExactly("smoke", "orders");
        SimulationCase inherits = parsed.file().cases().get(1);
        assertThat(inherits.userId()).isEqualTo("usr_default");
        assertThat(inherits.platform()).isEqualTo("web");
        assertThat(inherits.data()).containsExactly(Map.entry("language", "en"), Map.entry("region", "eu"));
        assertThat(inherits.tags()).containsExactly("smoke");
    }

    @Test
    @DisplayName("a turn's context is merged over its conversation's, which is merged over the defaults")
    void turnContextMerge() {
        ParsedFile parsed = read("t.sim.yaml", """
                defaults: { context: { language: en, channel: web } }
                conversations:
                  - id: test_talk
                    context: { channel: app, session: 1 }
                    turns:
                      - say: hi
                      - say: bye
                        context: { session: 2 }
                """);

        assertThat(parsed.problems()).isEmpty();
        ConversationCase talk = parsed.file().conversations().get(0);
        assertThat(talk.data()).isEqualTo(Map.of("language", "en", "channel", "app", "session", 1L));
        assertThat(talk.turns().get(0).data()).isEqualTo(Map.of("language", "en", "channel", "app", "session", 1L));
        assertThat(talk.turns().get(1).data()).isEqualTo(Map.of("language", "en", "channel", "app", "session", 2L));
        assertThat(talk.turns().get(1).expect()).isEqualTo(Expectation.NONE);
    }

    @Test
    @DisplayName("every expectation field is read, context keeps nested values, utterances are trimmed")
    void allExpectationFields() {
        ParsedFile parsed = read("e.sim.yaml", """
                version: 1
                cases:
                  - id: test_all
                    utterance: "   cancel my order ORD_7  "
                    context: { cart: { items: [1, 2.5, "x", null, true] } }
                    expect:
                      intent: cancel_order
                      not_intent: check_order
                      intent_min_score: 0.75
                      entities: { order_id: ORD_7, count: 3 }
                      next_flow: flow_cancel
                      response_contains: cancelled
                      response_matches: "order ORD_\\\\d+ (is|was) cancelled"
                      error_code: 404
                """);

        assertThat(parsed.problems()).isEmpty();
        SimulationCase c = parsed.file().cases().get(0);
        assertThat(c.utterance()).isEqualTo("cancel my order ORD_7");
        assertThat(c.expect()).isEqualTo(Expectation.builder().intent("cancel_order").notIntent("check_order").intentMinScore(0.75)
                .entities(Map.of("order_id", "ORD_7", "count", "3")).nextFlow("flow_cancel").responseContains("cancelled")
                .responseMatches("order ORD_\\d+ (is|was) cancelled").errorCode("404").build());
        assertThat(c.data()).containsOnlyKeys("cart");
        assertThat(((Map<?, ?>) c.data().get("cart")).get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(1L, 2.5, "x", null, true);
    }

    @Test
    @DisplayName("each expected flow keeps the line it is written on, in YAML and in JSON: where a warning points")
    void flowLines() {
        ParsedFile yaml = read("f.sim.yaml", """
                version: 1
                flows:
                  - flow_greeting
                  - " flow_refund "
                  - flow_greeting
                cases: [ { id: test_a, utterance: hi } ]
                """);
        ParsedFile json = read("f.sim.json", """
                {
                  "flows": [
                    "flow_greeting",
                    "flow_refund"
                  ],
                  "cases": [ { "id": "test_a", "utterance": "hi" } ]
                }
                """);

        assertThat(yaml.problems()).isEmpty();
        assertThat(yaml.file().flowLines()).isEqualTo(Map.of("flow_greeting", 3, "flow_refund", 4));
        assertThat(json.problems()).isEmpty();
        assertThat(json.file().flowLines()).isEqualTo(Map.of("flow_greeting", 3, "flow_refund", 4));
    }

    @Test
    @DisplayName("a .sim.yml file is YAML too, and a missing version is fine")
    void ymlSuffix() {
        ParsedFile parsed = read("dir/Short.SIM.YML", "cases: [ { id: test_a, utterance: hi } ]\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.file().cases()).extracting(SimulationCase::id).containsExactly("test_a");
        assertThat(parsed.file().cases().get(0).position()).isEqualTo(new SourcePosition("dir/Short.SIM.YML", 1, 10));
    }

    @Test
    @DisplayName("read(InputStream) gives the same result as read(byte[])")
    void streamEqualsBytes() {
        ParsedFile fromStream = fixture("orders.sim.yaml");
        ParsedFile fromBytes = Reading.READER.read(YAML, fixtureBytes("orders.sim.yaml"));

        assertThat(fromStream).isEqualTo(fromBytes);
    }

    @Test
    @DisplayName("suffixes select the format; other names are not simulation files")
    void suffixes() {
        assertThat(SimulationFileReader.isSimulationFile("a/b.sim.yaml")).isTrue();
        assertThat(SimulationFileReader.isSimulationFile("b.sim.yml")).isTrue();
        assertThat(SimulationFileReader.isSimulationFile("b.SIM.JSON")).isTrue();
        assertThat(SimulationFileReader.isSimulationFile("b.sim.csv")).isTrue();
        assertThat(SimulationFileReader.isSimulationFile("b.yaml")).isFalse();
        assertThat(SimulationFileReader.isSimulationFile("b.sim.yaml.bak")).isFalse();
        assertThat(Reading.messages(read("notes.txt", "cases: []")))
                .containsExactly("not a simulation file name — name it *.sim.yaml, *.sim.yml, *.sim.json or *.sim.csv");
    }
}
