package dev.botsim.cognigy.engine.backend.socket;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockWebServer;

/**
 * The Socket Endpoint backend's pieces in one run against the embedded sandbox ({@code sandbox-socket}): context injected
 * through its management API before a case's and a conversation's messages, the locale its management API (or, without
 * it, its bot) says the endpoint serves, and a locale's own Socket Endpoint ({@code COGNIGY_SOCKET_URL_DE_DE}) beside it.
 */
class SandboxSocketComposedEngineTest {

    private static final String DE_TOKEN = "4f2a9c7e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a";

    @TempDir
    Path dir;

    private static final class Listener implements SimulationListener {
        final List<SimulationRecord> finished = new CopyOnWriteArrayList<>();
        final List<RunInfo> runs = new CopyOnWriteArrayList<>();

        @Override
        public void runStarted(RunInfo run) {
            runs.add(run);
        }

        @Override
        public void simulationFinished(SimulationRecord record) {
            finished.add(record);
        }
    }

    private Map<String, SimulationRecord> run(String bot, String suite, boolean managementApi, Map<String, String> environment)
            throws Exception {
        Path file = dir.resolve("suite.sim.yaml");
        Files.writeString(file, suite);
        Listener listener = new Listener();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.SANDBOX_BOT, bot)
                .configurationParameter(Constants.SANDBOX_MANAGEMENT_API, String.valueOf(managementApi))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + managementApi).toString())
                .selectors(selectFile(file.toFile())).execute();
        assertThat(listener.runs.get(0).backend()).isEqualTo("sandbox-socket");
        Map<String, SimulationRecord> records = new TreeMap<>();
        listener.finished.forEach(record -> records.put(record.testId(), record));
        return records;
    }

    private static final String TIERS = String.join("\n", "version: 1", "bot: tier-bot", "cases:",
            "  - id: test_gold", "    utterance: what is my membership tier", "    inject_context: { tier: gold }",
            "    expect: { response_contains: Your tier is gold }",
            "  - id: test_german", "    utterance: welche Stufe habe ich", "    locale: de-DE",
            "    expect: { intent: tier }",
            "conversations:", "  - id: test_tier_kept", "    inject_context: { tier: silver }", "    turns:",
            "      - say: what is my membership tier",
            "        expect: { response_contains: Your tier is silver }",
            "      - say: which tier am I", "        expect: { response_contains: Your tier is silver }", "");

    @Test
    @DisplayName("with the sandbox's management API: a case's and a conversation's context injected before their first"
            + " message, kept across the conversation's turns on its socket; a de-DE test without COGNIGY_SOCKET_URL_DE_DE refused"
            + " unsent by the locale the management API says the endpoint serves")
    void injectAndServedLocaleThroughTheManagementApi() throws Exception {
        Map<String, SimulationRecord> records = run("classpath:bots/tier-bot.yaml", TIERS, true, Map.of());

        assertThat(records.get("test_gold").outcome()).as(records.get("test_gold").message()).isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_tier_kept#2").outcome()).as(records.get("test_tier_kept#2").message())
                .isEqualTo(Outcome.PASSED);
        assertThat(records.get("test_german").outcome()).isNotEqualTo(Outcome.PASSED);
        assertThat(records.get("test_german").message()).contains("names locale de-DE, but COGNIGY_SOCKET_URL_DE_DE is not set",
                "(as the management API says)");
    }

    @Test
    @DisplayName("without the sandbox's management API: inject_context refused unsent naming the settings it needs, the de-DE"
            + " test refused by the sandbox bot's locale, as through the REST Endpoint")
    void withoutTheManagementApi() throws Exception {
        Map<String, SimulationRecord> records = run("classpath:bots/tier-bot.yaml", TIERS, false, Map.of());

        assertThat(records.get("test_gold").outcome()).isNotEqualTo(Outcome.PASSED);
        assertThat(records.get("test_gold").message()).contains("inject_context", "needs the management API");
        assertThat(records.get("test_german").message()).contains("COGNIGY_SOCKET_URL_DE_DE is not set",
                "(the sandbox bot's locale)");
    }

    @Test
    @DisplayName("COGNIGY_SOCKET_URL_DE_DE beside the sandbox's Socket Endpoint: the de-DE test goes to its own endpoint, not"
            + " refused by the locale the sandbox's endpoint serves, the en-US test to the sandbox")
    void localeEndpointBesideTheSandbox() throws Exception {
        try (MockWebServer german = LoopbackServers.mockWebServer()) {
            CognigySocketServer endpoint = new CognigySocketServer(german, (socket, input, index) -> {
                socket.send(output("Guten Morgen!"));
                socket.send(FINAL_PING);
            });
            german.start();
            String suite = String.join("\n", "version: 1", "bot: bilingual-bot", "cases:",
                    "  - id: test_greeting_en", "    utterance: good morning", "    locale: en-US",
                    "    expect: { intent: greeting }",
                    "  - id: test_greeting_de", "    utterance: guten Morgen", "    locale: de-DE",
                    "    expect: { response_contains: Guten Morgen }", "");

            Map<String, SimulationRecord> records = run("classpath:bots/bilingual-bot.yaml", suite, true,
                    Map.of("COGNIGY_SOCKET_URL_DE_DE", german.url("/" + DE_TOKEN).toString()));

            assertThat(records.get("test_greeting_en").outcome()).as(records.get("test_greeting_en").message())
                    .isEqualTo(Outcome.PASSED);
            assertThat(records.get("test_greeting_de").outcome()).as(records.get("test_greeting_de").message())
                    .isEqualTo(Outcome.PASSED);
            assertThat(endpoint.inputs).singleElement().satisfies(input -> {
                assertThat(input.get("URLToken").stringValue()).isEqualTo(DE_TOKEN);
                assertThat(input.get("text").stringValue()).isEqualTo("guten Morgen");
            });
        }
    }
}
