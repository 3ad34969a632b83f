package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.sandboxKit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A contact centre's suites of two bots — a billing bot and a support bot, the support bot in two locales — in one run,
 * each bot's endpoint a server of its own. A run talks to one bot: the support bot's en-US test would go to the billing
 * bot's endpoint (no variable names an endpoint per bot), be judged on its answer, and mix both bots' flows and intents
 * into one coverage and one verdict. So a run whose files or classes name two bots is refused before anything is sent,
 * naming each bot and where, and how to run each on its own.
 */
class SeveralBotsTest {

    private static final String BILLING = """
            version: 1
            bot: billing
            flows: [Billing]
            cases:
              - id: test_pay
                utterance: pay my invoice
                expect: { intent: pay_invoice, next_flow: Billing }
            """;

    private static final String SUPPORT = """
            version: 1
            bot: support
            flows: [Support Main]
            cases:
              - id: test_reset_en
                utterance: reset my password
                locale: en-US
                expect: { intent: reset_password }
              - id: test_reset_de
                utterance: Passwort zuruecksetzen
                locale: de-DE
                expect: { intent: reset_password, next_flow: Support Main }
            """;

    private static final String BILLING_TOKEN = "b111ae0c0ffee0123456789abcdef0123";
    private static final String SUPPORT_DE_TOKEN = "5aa0de0c0ffee0123456789abcdef0123";

    @TempDir
    Path dir;

    @Test
    @DisplayName("the files of a billing bot and a support bot in one run against their REST Endpoints: refused before the"
            + " first message, naming both bots and their files, that every test would go to COGNIGY_ENDPOINT_URL, and how to"
            + " run each bot on its own; neither endpoint gets a message and no test runs")
    void twoBotsOfDataFilesRefused() throws Exception {
        Path billing = Files.writeString(dir.resolve("billing.sim.yaml"), BILLING);
        Path support = Files.writeString(dir.resolve("support.sim.yaml"), SUPPORT);
        try (MockWebServer billingEndpoint = endpoint("pay_invoice", "Billing");
             MockWebServer supportGerman = endpoint("reset_password", "Support Main")) {
            Map<String, String> environment = Map.of(
                    Constants.ENDPOINT_URL_ENV, billingEndpoint.url("/test/" + BILLING_TOKEN).toString(),
                    "COGNIGY_ENDPOINT_URL_DE_DE", supportGerman.url("/" + SUPPORT_DE_TOKEN).toString());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            EngineServices services = new EngineServices(environment::get, Backends::create, Clock.systemUTC())
                    .withConsole(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(services))
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(selectFile(billing.toFile()), selectFile(support.toFile())).execute();

            String message = engineFailure(results);
            assertThat(message).contains("the run's tests name 2 bots — billing (" + billing + "); support (" + support + ") —"
                            + " but a run talks to one bot: every test goes to the REST Endpoint COGNIGY_ENDPOINT_URL names",
                    "no variable names an endpoint per bot", "a Surefire execution per bot", "docs/real-cognigy.md, \"Several bots\"",
                    "if they are one bot, give its files and classes one label")
                    .doesNotContain(BILLING_TOKEN).doesNotContain(SUPPORT_DE_TOKEN);
            results.testEvents().assertStatistics(stats -> stats.started(0));
            assertThat(billingEndpoint.getRequestCount()).as("no test of either bot reached the billing bot's endpoint").isZero();
            assertThat(supportGerman.getRequestCount()).isZero();
            assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(BILLING_TOKEN).doesNotContain(SUPPORT_DE_TOKEN);
        }
    }

    @Test
    @DisplayName("two @BotSimulation classes naming two bots, run by one launcher (one Surefire execution) against the"
            + " sandbox: refused naming both classes, rather than answering the support bot's test with the sandbox's bot")
    void twoBotsOfClassesRefused() {
        EngineExecutionResults results = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                Map.of()).selectors(selectClass(BillingBot.class), selectClass(SupportBot.class)).execute();
        assertThat(engineFailure(results)).contains("the run's tests name 2 bots — billing (" + BillingBot.class.getName()
                + "); support (" + SupportBot.class.getName() + ") — but a run talks to one bot: every test goes to the one bot"
                + " cognigy.sandbox.bot defines");
        results.testEvents().assertStatistics(stats -> stats.started(0));
    }

    @Test
    @DisplayName("one bot's files and classes under one label, or none, run as before; a label on a class and its data"
            + " file alike is one bot")
    void oneBotRuns() throws Exception {
        Path hello = Files.writeString(dir.resolve("hello.sim.yaml"), """
                version: 1
                bot: billing
                cases:
                  - id: test_good_morning
                    utterance: good morning
                    expect: { intent: greeting }
                """);
        Path unlabelled = Files.writeString(dir.resolve("more.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hello_again
                    utterance: hi
                    expect: { intent: greeting }
                """);
        EngineExecutionResults results = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                Map.of()).selectors(selectClass(BillingBot.class), selectFile(hello.toFile()), selectFile(unlabelled.toFile()))
                .execute();
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(EngineTestSupport.failureMessages(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    }

    @Test
    @DisplayName("a support bot's class left out whole with @Disabled beside the billing bot's tests sends nothing: the run"
            + " goes on, its test skipped as disabled, the run named billing's and the support bot's flows none of its"
            + " coverage; a @Disabled test of a class of two tests does not spare that class's bot the refusal")
    void anotherBotLeftOutWholeWithDisabled() throws Exception {
        EngineExecutionResults results = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                Map.of()).selectors(selectClass(BillingBot.class), selectClass(DisabledSupportBot.class)).execute();

        assertThat(EngineTestSupport.failureMessages(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).skipped(1));
        tools.jackson.databind.JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("reports/results.json").toFile());
        assertThat(report.path("bot").asString()).isEqualTo("billing");
        assertThat(report.toString()).doesNotContain("Support Main");

        EngineExecutionResults halfDisabled = sandboxKit("classpath:bots/order-bot.yaml", dir.resolve("half"),
                new ByteArrayOutputStream(), Map.of(), Map.of()).selectors(selectClass(BillingBot.class),
                selectClass(HalfDisabledSupportBot.class)).execute();
        assertThat(engineFailure(halfDisabled)).contains("the run's tests name 2 bots — billing (" + BillingBot.class.getName()
                + "); support (" + HalfDisabledSupportBot.class.getName() + ")");
    }

    @Test
    @DisplayName("split into shards, the support bot's class left out whole with @Disabled in a shard of its own: that shard"
            + " names the run's bot, billing, and expects none of the support bot's flows, so the merge judges the run as the"
            + " whole run does rather than refusing it as two bots'")
    void anotherBotLeftOutWholeWithDisabledAloneInAShard() throws Exception {
        for (int i = 1; i <= 2; i++) {
            EngineExecutionResults shard = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                    Map.of(Constants.RUN_ID, "run-5", Constants.SHARD, i + "/2"))
                    .selectors(selectClass(BillingBot.class), selectClass(DisabledSupportBot.class)).execute();
            assertThat(EngineTestSupport.failureMessages(shard)).isEmpty();
            // Each shard holds one of the two classes: the support bot's class is alone in its shard.
            assertThat(shard.testEvents().started().count() + shard.testEvents().skipped().count()).isEqualTo(1);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = dev.botsim.cognigy.engine.merge.MergeCommand.run(List.of("--out", dir.resolve("merged").toString(),
                        dir.resolve("reports/run-5").toString()), name -> null, Clock.systemUTC(),
                new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("different bots");
        assertThat(code).isZero();
        tools.jackson.databind.JsonNode merged = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("merged/results.json").toFile());
        assertThat(merged.path("bot").asString()).isEqualTo("billing");
        assertThat(merged.toString()).doesNotContain("Support Main");
    }

    @Test
    @DisplayName("in Surefire forks (cognigy.run.defer, a fork per class, each a part), the support bot's class left out whole"
            + " with @Disabled in a fork of its own: its part names no bot and expects none of the support bot's flows, so"
            + " the merge judges the run as the whole run does rather than refusing it as two bots'")
    void anotherBotLeftOutWholeWithDisabledInAForkOfItsOwn() throws Exception {
        for (Class<?> forked : List.of(BillingBot.class, DisabledSupportBot.class)) {
            EngineExecutionResults fork = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                    Map.of(Constants.RUN_ID, "run-6", Constants.RUN_DEFER, "true")).selectors(selectClass(forked)).execute();
            assertThat(EngineTestSupport.failureMessages(fork)).isEmpty();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = dev.botsim.cognigy.engine.merge.MergeCommand.run(List.of("--out", dir.resolve("merged").toString(),
                        dir.resolve("reports/run-6").toString()), name -> null, Clock.systemUTC(),
                new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("different bots");
        assertThat(code).isZero();
        tools.jackson.databind.JsonNode merged = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("merged/results.json").toFile());
        assertThat(merged.path("bot").asString()).isEqualTo("billing");
        assertThat(merged.toString()).doesNotContain("Support Main");
    }

    @Test
    @DisplayName("a class labelled \"billing \" (a space at its end) beside a file of bot billing is one bot: the run goes on,"
            + " and names it billing")
    void labelWithSpacesIsOneBot() throws Exception {
        Path hello = Files.writeString(dir.resolve("hello.sim.yaml"), """
                version: 1
                bot: billing
                cases:
                  - id: test_good_morning
                    utterance: good morning
                    expect: { intent: greeting }
                """);
        EngineExecutionResults results = sandboxKit("classpath:bots/order-bot.yaml", dir, new ByteArrayOutputStream(), Map.of(),
                Map.of()).selectors(selectClass(BillingWithSpace.class), selectFile(hello.toFile())).execute();

        assertThat(EngineTestSupport.failureMessages(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile())
                .path("bot").asString()).isEqualTo("billing");
    }

    @Test
    @DisplayName("a Surefire execution per bot given one report folder: the support bot's run, replacing the billing bot's"
            + " reports there, says so as it starts, naming both bots and the fix; a run of the billing bot again says nothing of"
            + " it, nor does a run that does not start, which keeps them")
    void anotherBotsReportsReplacedSaid() throws Exception {
        Path billing = Files.writeString(dir.resolve("billing.sim.yaml"), """
                version: 1
                bot: billing
                cases:
                  - id: test_billing_hello
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Path support = Files.writeString(dir.resolve("support.sim.yaml"), """
                version: 1
                bot: support
                cases:
                  - id: test_support_hello
                    utterance: hi
                    expect: { intent: greeting }
                """);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        sandboxKit("classpath:bots/order-bot.yaml", dir, first, Map.of(), Map.of()).selectors(selectFile(billing.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
        String billingBatch = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("reports/results.json").toFile()).path("batch_id").asString();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        sandboxKit("classpath:bots/order-bot.yaml", dir, again, Map.of(), Map.of()).selectors(selectFile(billing.toFile())).execute();
        String billingAgain = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("reports/results.json").toFile()).path("batch_id").asString();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        sandboxKit("classpath:bots/order-bot.yaml", dir, second, Map.of(), Map.of()).selectors(selectFile(support.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));

        // (Run in one JVM here, each later run also says it replaces reports this JVM wrote; Surefire's executions are JVMs
        // of their own, and only the bot's line below is theirs to see.)
        assertThat(first.toString(StandardCharsets.UTF_8)).doesNotContain("held the reports of bot");
        assertThat(again.toString(StandardCharsets.UTF_8)).doesNotContain("held the reports of bot");
        assertThat(billingAgain).isNotEqualTo(billingBatch);
        assertThat(second.toString(StandardCharsets.UTF_8)).contains("[cognigy] WARNING: the report folder " + dir.resolve("reports")
                + " held the reports of bot billing, run " + billingAgain + " (finished ", "), which this run of bot support"
                + " replaces: runs of several bots given one report folder leave only the last bot's reports. Give each bot's runs"
                + " a cognigy.report.dir of its own");

        // A run that does not start (here: refused for naming both bots) keeps the reports it finds in previous/: not said.
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        sandboxKit("classpath:bots/order-bot.yaml", dir, refused, Map.of(), Map.of())
                .selectors(selectFile(billing.toFile()), selectFile(support.toFile())).execute();
        assertThat(refused.toString(StandardCharsets.UTF_8)).doesNotContain("held the reports of bot");
        assertThat(dir.resolve("reports/previous/results.json")).exists();
    }

    private static String engineFailure(EngineExecutionResults results) {
        List<String> messages = results.containerEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
                .flatMap(java.util.Optional::stream).map(Throwable::getMessage).toList();
        assertThat(messages).as("the engine node fails, once").hasSize(1);
        return messages.get(0);
    }

    /** A REST Endpoint answering every message with {@code intent} in {@code flow}. */
    private static MockWebServer endpoint(String intent, String flow) throws java.io.IOException {
        MockWebServer server = LoopbackServers.mockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("""
                        {"outputStack":[{"text":"ok","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                         {"text":null,"data":{"intent":"%s","intentScore":0.9,"flowName":"%s","slots":{}},
                          "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],"userId":"u","sessionId":"s"}"""
                        .formatted(intent, flow)).build();
            }
        });
        server.start();
        return server;
    }

    @BotSimulation(bot = "billing")
    static class BillingBot {
        @Utterance(value = "hello", intent = "greeting")
        void hello() {
        }
    }

    @BotSimulation(bot = "billing ")
    static class BillingWithSpace {
        @Utterance(value = "hello", intent = "greeting")
        void hello() {
        }
    }

    @org.junit.jupiter.api.Disabled("the support bot's suite runs in its own execution")
    @BotSimulation(bot = "support", flows = "Support Main")
    static class DisabledSupportBot {
        @Utterance(value = "hi", intent = "greeting")
        void hi() {
        }
    }

    @BotSimulation(bot = "support", flows = "Support Main")
    static class HalfDisabledSupportBot {
        @org.junit.jupiter.api.Disabled
        @Utterance(value = "hi", intent = "greeting")
        void hi() {
        }

        @Utterance(value = "hello", intent = "greeting")
        void hello() {
        }
    }

    @BotSimulation(bot = "support")
    static class SupportBot {
        @Utterance(value = "hi", intent = "greeting")
        void hi() {
        }
    }
}
