package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Texts that look the same are compared as the same: a data file saved in decomposed form (macOS, text copied from
 * file names: "u" followed by U+0308 COMBINING DIAERESIS) against a bot answering composed "ü", end to end.
 */
class UnicodeTextMatchingTest {

    private static final String BOT = """
            bot: umlaut-bot
            entities:
              - name: stadt
                keyphrases: [Köln, München]
            flows:
              - id: flow_bestellung
                name: Bestellung prüfen
                intents:
                  - name: bestellung_prüfen
                    examples: [wo ist meine bestellung, bestellung prüfen]
                responses: ["Bestellung prüfen: Ihre Bestellung ist unterwegs nach Köln."]
              - id: flow_commande
                name: Commande
                intents:
                  - name: commande
                    examples: [où est ma commande]
                responses: ["Votre commande\u00a0: ORD_99"]
            """;

    @Test
    @DisplayName("a data file saved decomposed (NFD) matches a bot answering composed (NFC): texts, patterns, entities,"
            + " intents and flows are compared as the same text, and a forbidden text is found whichever form it is in")
    void decomposedFileMatchesComposedAnswer(@TempDir Path dir) throws Exception {
        // The expectations decomposed; the utterances as a user's keyboard types them (what the bot receives is
        // what the file says).
        String expectations = Normalizer.normalize("""
                      intent: bestellung_prüfen
                      next_flow: Bestellung prüfen
                      entities: { stadt: Köln }
                      response_contains: "bestellung prüfen: ihre"
                      response_matches: "nach Kö[a-z]+"
                      response_contains_any: [Zürich, köln]
                """, Normalizer.Form.NFD);
        assertThat(expectations).contains("u\u0308", "o\u0308");
        String file = """
                version: 1
                cases:
                  - id: test_nfd_all
                    utterance: Bestellung nach Köln prüfen
                    expect:
                """ + expectations + """
                  - id: test_nfd_forbidden
                    utterance: wo ist meine bestellung
                    expect:
                      response_not_contains: %s
                """.formatted(Normalizer.normalize("nach köln", Normalizer.Form.NFD));
        Path data = dir.resolve("umlaute.sim.yaml");
        Files.writeString(data, file);
        Path bot = dir.resolve("bot.yaml");
        Files.writeString(bot, Normalizer.normalize(BOT, Normalizer.Form.NFC));
        EngineExecutionResults results = EngineTestSupport.sandboxRun(bot.toString(), dir, new ByteArrayOutputStream(), Map.of(),
                Map.of(), selectFile(data.toFile()));
        assertThat(EngineTestSupport.failureMessages(results)).singleElement().asString()
                .contains("test_nfd_forbidden", "expected to contain none of [\"nach köln\"]");
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    }

    @Test
    @DisplayName("a bot whose schema names its entities, flows and intents decomposed (NFD) is the same bot to a file written"
            + " either way: no unknown entity or flow 'did you mean' the same name, and next_flow matches its display name")
    void decomposedSchemaMatchesEitherForm(@TempDir Path dir) throws Exception {
        String bot = """
                bot: umlaut-bot
                entities:
                  - name: größe
                    keyphrases: [klein, groß]
                flows:
                  - id: flow_bestellung
                    name: Bestellung prüfen
                    intents:
                      - name: bestellung_prüfen
                        examples: [wo ist meine bestellung, bestellung prüfen, bestellung groß]
                    responses: ["Ihre Bestellung ist unterwegs."]
                """;
        Path botFile = dir.resolve("bot.yaml");
        Files.writeString(botFile, Normalizer.normalize(bot, Normalizer.Form.NFD));
        for (Normalizer.Form form : new Normalizer.Form[] {Normalizer.Form.NFD, Normalizer.Form.NFC}) {
            Path data = dir.resolve("groesse-" + form + ".sim.yaml");
            Files.writeString(data, Normalizer.normalize("""
                    version: 1
                    cases:
                      - id: test_%s
                        utterance: bestellung groß
                        expect:
                          intent: bestellung_prüfen
                          next_flow: Bestellung prüfen
                          entities: { größe: groß }
                    """.formatted(form), form));
            EngineExecutionResults results = EngineTestSupport.sandboxRun(botFile.toString(), dir.resolve("reports-" + form),
                    new ByteArrayOutputStream(), Map.of(), Map.of(), selectFile(data.toFile()));
            assertThat(EngineTestSupport.failureMessages(results)).as("file in " + form).isEmpty();
            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }
    }

    @Test
    @DisplayName("a bot naming its intents, flows and slots decomposed (NFD) is analysed by the names a reader sees: the"
            + " expected intent is on the confusion matrix's diagonal with its figures, its flow and intent covered, its"
            + " repeated runs recognise it, and results.json names them composed")
    void decomposedBotAnalysedAsComposed(@TempDir Path dir) throws Exception {
        String bot = """
                bot: umlaut-bot
                entities:
                  - name: größe
                    keyphrases: [klein, groß]
                flows:
                  - id: flow_prüfen
                    name: Bestellung prüfen
                    intents:
                      - name: bestellung_prüfen
                        examples: [wo ist meine bestellung, bestellung prüfen, bestellung groß]
                    responses: ["Ihre Bestellung ist unterwegs, Grüße."]
                  - id: flow_hallo
                    name: Hallo
                    intents:
                      - name: hallo
                        examples: [hallo]
                    responses: ["Hallo!"]
                """;
        Path botFile = dir.resolve("bot.yaml");
        Files.writeString(botFile, Normalizer.normalize(bot, Normalizer.Form.NFD));
        Path data = dir.resolve("bestellung.sim.yaml");
        Files.writeString(data, """
                version: 1
                flows: [flow_prüfen]
                cases:
                  - id: test_bestellung
                    utterance: bestellung groß
                    expect:
                      intent: bestellung_prüfen
                      next_flow: Bestellung prüfen
                      entities: { größe: groß }
                      response_contains: Grüße
                """);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results = EngineTestSupport.sandboxRun(botFile.toString(), dir, console, Map.of(),
                Map.of(Constants.REPEAT, "2"), selectFile(data.toFile()));
        assertThat(EngineTestSupport.failureMessages(results)).isEmpty();

        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
        assertThat(json.path("intent_confusion").toString()).isEqualTo("{\"bestellung_prüfen\":{\"bestellung_prüfen\":2}}");
        JsonNode quality = json.path("intent_quality");
        assertThat(quality.path("not_bot_intents").isEmpty()).as(quality.toString()).isTrue();
        assertThat(quality.path("per_intent").path("bestellung_prüfen").path("f1").asDouble()).as(quality.toString()).isEqualTo(1.0);
        assertThat(json.path("flow_coverage").path("hits").toString()).isEqualTo("{\"flow_prüfen\":2}");
        assertThat(json.path("flow_coverage").path("unexpected_flows").isEmpty()).isTrue();
        assertThat(json.path("intent_coverage").path("missing").toString()).isEqualTo("[\"hallo\"]");
        assertThat(json.path("entity_coverage").path("covered").asInt()).isEqualTo(1);
        assertThat(json.path("stability").path("intents").path("bestellung_prüfen").path("recognised").asInt()).isEqualTo(2);
        JsonNode turn = json.path("results").get(0).path("actual").get(0);
        assertThat(List.of(turn.path("intent").asString(), turn.path("flow_id").asString(), turn.path("text").asString()))
                .containsExactly("bestellung_prüfen", "flow_prüfen", "Ihre Bestellung ist unterwegs, Grüße.");
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("left out", "u\u0308")
                .contains("flow coverage: 1 of 1 expected flows");
    }

    @Test
    @DisplayName("through a REST Endpoint that does not list the bot's flows, the flow an answer names covers the flow a"
            + " data file lists, one written decomposed (NFD) and the other composed, either way round")
    void endpointFlowCoveredEitherForm(@TempDir Path dir) throws Exception {
        for (Normalizer.Form answerForm : new Normalizer.Form[] {Normalizer.Form.NFD, Normalizer.Form.NFC}) {
            Normalizer.Form fileForm = answerForm == Normalizer.Form.NFD ? Normalizer.Form.NFC : Normalizer.Form.NFD;
            Path data = dir.resolve("bestellung-" + fileForm + ".sim.yaml");
            Files.writeString(data, Normalizer.normalize("""
                    version: 1
                    flows: [Bestellung prüfen]
                    cases:
                      - id: test_bestellung
                        utterance: wo ist meine Bestellung
                        expect: { intent: bestellung_prüfen, next_flow: Bestellung prüfen }
                    """, fileForm));
            Path reports = dir.resolve("reports-" + fileForm);
            try (MockWebServer server = LoopbackServers.mockWebServer()) {
                server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(Normalizer.normalize("""
                                {"outputStack":[{"text":"Ihre Bestellung ist unterwegs.","data":{},"source":"bot"},
                                 {"text":null,"data":{"intent":"bestellung_prüfen","intentScore":0.93,
                                  "flowName":"Bestellung prüfen","slots":{}},"source":"bot"}]}""", answerForm)).build());
                server.start();
                Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/9f8e7d6c5b4a3e2d1c0bEndpointToken").toString());
                ByteArrayOutputStream console = new ByteArrayOutputStream();
                EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get,
                                Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                        .configurationParameter(Constants.BACKEND, "endpoint")
                        .configurationParameter(Constants.REPORT_DIR, reports.toString())
                        .selectors(selectFile(data.toFile())).execute();
                assertThat(EngineTestSupport.failureMessages(results)).as("file in " + fileForm).isEmpty();
                JsonNode json = JsonMapper.builder().build().readTree(reports.resolve("results.json").toFile());
                assertThat(json.path("flow_coverage").path("hits").toString()).as("file in " + fileForm)
                        .isEqualTo("{\"Bestellung prüfen\":1}");
                assertThat(json.path("flow_coverage").path("unexpected_flows").isEmpty()).isTrue();
                assertThat(json.path("intent_confusion").toString()).isEqualTo("{\"bestellung_prüfen\":{\"bestellung_prüfen\":1}}");
                assertThat(console.toString(StandardCharsets.UTF_8)).contains("flow coverage: 1 of 1 expected flows");
            }
        }
    }

    @Test
    @DisplayName("an approved answer of a bot naming and wording it decomposed holds whichever form its approval file is"
            + " saved in: recorded by an earlier version as the bot wrote it, or composed as a reader types it; the message it"
            + " was approved for too")
    void approvedAnswerEitherForm(@TempDir Path dir) throws Exception {
        Path botFile = dir.resolve("bot.yaml");
        Files.writeString(botFile, Normalizer.normalize("""
                bot: umlaut-bot
                entities:
                  - name: größe
                    keyphrases: [klein, groß]
                flows:
                  - id: flow_prüfen
                    name: Bestellung prüfen
                    intents:
                      - name: bestellung_prüfen
                        examples: [bestellung größe]
                    responses: ["Ihre Bestellung ist unterwegs, Grüße."]
                """, Normalizer.Form.NFD));
        Path data = dir.resolve("bestellung.sim.yaml");
        Files.writeString(data, """
                version: 1
                cases:
                  - id: test_bestellung
                    utterance: bestellung größe
                    expect: approved
                """);
        EngineExecutionResults first = EngineTestSupport.sandboxRun(botFile.toString(), dir, new ByteArrayOutputStream(),
                Map.of(), Map.of(), selectFile(data.toFile()));
        first.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        Path approvals;
        try (var files = Files.walk(dir.resolve("approved"))) {
            approvals = files.filter(f -> f.toString().endsWith(".approved.yaml")).findFirst().orElseThrow();
        }
        String recorded = Files.readString(approvals);
        assertThat(recorded).contains("bestellung_prüfen", "flow_prüfen", "Grüße", "bestellung größe");
        for (Normalizer.Form form : new Normalizer.Form[] {Normalizer.Form.NFD, Normalizer.Form.NFC}) {
            Files.writeString(approvals, Normalizer.normalize(recorded, form));
            EngineExecutionResults again = EngineTestSupport.sandboxRun(botFile.toString(), dir, new ByteArrayOutputStream(),
                    Map.of(), Map.of(), selectFile(data.toFile()));
            assertThat(EngineTestSupport.failureMessages(again)).as("approval file in " + form).isEmpty();
            again.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }
    }

    @Test
    @DisplayName("a failure shows the spaces and invisible characters a reader cannot tell apart: the bot's no-break space"
            + " before a French colon is written \\u00a0 where the answer is quoted, not shown as a space; a forbidden text"
            + " typed with a plain space is found there, as a reader sees it")
    void invisibleDifferencesShown(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("commande.sim.yaml");
        Files.writeString(data, """
                version: 1
                cases:
                  - id: test_nbsp
                    utterance: où est ma commande
                    expect: { response_not_contains: "commande : ORD_99", entities: { stadt: "Köln\u200b" } }
                """);
        Path bot = dir.resolve("bot.yaml");
        Files.writeString(bot, BOT);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results = EngineTestSupport.sandboxRun(bot.toString(), dir, console, Map.of(), Map.of(),
                selectFile(data.toFile()));
        assertThat(EngineTestSupport.failureMessages(results)).singleElement().asString()
                .contains("\"Votre commande\\u00a0: ORD_99\"", "\"commande : ORD_99\"", "\"Köln\\u200b\"");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("1 failed");
    }
}
