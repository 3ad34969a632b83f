package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;

/**
 * The engine against the sandbox's REST Endpoint built as tenants' bots differ ({@code EndpointShape}), over loopback
 * HTTP as against a tenant: it fails what such a tenant's answers fail and passes what they pass.
 */
class EndpointShapesEndToEndTest {

    private final List<CognigySandbox> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(CognigySandbox::close);
    }

    private EngineExecutionResults run(String bot, SandboxOptions options, String file) {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath(bot), options);
        started.add(sandbox);
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl());
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.ENDPOINT_CODE_NODE, "per-flow")
                .selectors(selectClasspathResource(file)).execute();
    }

    /** The failure message of each failed test, by its id. */
    private static Map<String, String> failures(EngineExecutionResults results) {
        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(e -> failures.put(e.getTestDescriptor().getUniqueId().getLastSegment().getValue(),
                e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()));
        return failures;
    }

    @Test
    @DisplayName("click() on what the REST Endpoint's outputs offer, read by the backend: a call button and a gallery card's"
            + " link send nothing, a title offered twice is ambiguous, a card's postback button sends its payload")
    void clicksOnRichOutputs() {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/bank-bot.yaml"), SandboxOptions.defaults());
        started.add(sandbox);
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl());
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get,
                        Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.ENDPOINT_CODE_NODE, "per-flow")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
                        dev.botsim.cognigy.engine.fixtures.CardChoicesConversation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(1).failed(4));
        assertThat(failures(results)).doesNotContainKey("clickCardButton");
        assertThat(failures(results).get("clickCallButton")).contains("click(\"Call us\"): this button is a phone_number"
                + " button calling +4930123456");
        assertThat(failures(results).get("clickTitleOfferedTwice")).contains("click(\"Open\"): the bot's last answer offered"
                + " 2 choices titled \"Open\" that send different things (OPEN_DEPOT, OPEN_ACCOUNT)");
        assertThat(failures(results).get("clickCardLink")).contains("click(\"Fees\"): this button is a link to"
                + " https://bank.example/fees");
        assertThat(failures(results).get("clickCardButtonMissing")).contains("and gallery card buttons [Choose Giro, Fees]");
    }

    @Test
    @DisplayName("a bot whose Code node only ends each flow reports nothing on a turn that asks the flow's question, as a tenant's"
            + " Question node stops the flow there: an intent expected on that turn fails naming the Question node; by default"
            + " (a node before each Question node too) it passes")
    void questionTurnWithoutReport() {
        EngineExecutionResults endOnly = run("bots/order-bot.yaml", SandboxOptions.defaults().withCodeNodeBeforeQuestions(false),
                "e2e/question-turn.sim.yaml");
        endOnly.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(failures(endOnly)).containsOnlyKeys("test_asks_for_the_number");
        assertThat(failures(endOnly).get("test_asks_for_the_number"))
                .contains("returned no intent or flow data", "before each Question node", "input.data.cognigyJunit");

        run("bots/order-bot.yaml", SandboxOptions.defaults(), "e2e/question-turn.sim.yaml").testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    @DisplayName("index.html shows what the failure says after its transcript — the Code node to add before each Question"
            + " node — under the expected/actual table, as the console does")
    void notesOnThePage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) throws java.io.IOException {
        CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"),
                SandboxOptions.defaults().withCodeNodeBeforeQuestions(false));
        started.add(sandbox);
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, sandbox.endpointUrl());
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.ENDPOINT_CODE_NODE, "per-flow")
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClasspathResource("e2e/question-turn.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(2).failed(1));

        String page = java.nio.file.Files.readString(reports.resolve("index.html"));
        assertThat(page).contains("<p class=\"label\">Notes</p><pre>The REST Endpoint returned no intent or flow data.");
        assertThat(page.substring(page.indexOf("<p class=\"label\">Notes</p>"))).contains("before each Question node");
    }

    @Test
    @DisplayName("a not_intent on a turn the Code node did not report fails, saying the intent is unknown and where the node"
            + " goes, rather than passing whatever the bot understood; reported (a node before each Question node) it passes")
    void notIntentOnATurnWithoutReport() {
        EngineExecutionResults endOnly = run("bots/order-bot.yaml", SandboxOptions.defaults().withCodeNodeBeforeQuestions(false),
                "e2e/question-turn-not-intent.sim.yaml");
        endOnly.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(failures(endOnly).get("test_not_escalated_on_the_question"))
                .contains("[intent] expected any intent but escalate (not_intent), and the answer names no intent or flow:"
                        + " whether the bot recognised it is unknown", "returned no intent or flow data", "before each Question node");

        run("bots/order-bot.yaml", SandboxOptions.defaults(), "e2e/question-turn-not-intent.sim.yaml").testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    @DisplayName("quick replies and buttons nested as an Intent Default Reply's rich content (data._data._cognigy._default) are"
            + " offered and said as a Say node's are: the same tests pass")
    void defaultReplyNesting() {
        EngineExecutionResults nested = run("bots/menu-bot.yaml", SandboxOptions.defaults().withDefaultReplyNesting(true),
                "e2e/menu.sim.yaml");
        assertThat(failures(nested)).isEmpty();
        nested.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    @DisplayName("DATE: 2026-12-25 holds for \"tomorrow\" on the 24th whatever time of day the ISODate gives it (the sandbox's"
            + " midnight in Berlin, the 24th in UTC); a full ISODate is still compared exactly, and another day fails saying"
            + " the calendar day was compared")
    void dateExpectedAsItsDay() {
        SandboxOptions onTheTwentyFourth = SandboxOptions.defaults()
                .withClock(Clock.fixed(java.time.Instant.parse("2026-12-24T10:00:00Z"), java.time.ZoneOffset.UTC));
        EngineExecutionResults results = run("bots/delivery-date-bot.yaml", onTheTwentyFourth, "e2e/calendar-day.sim.yaml");
        assertThat(failures(results)).containsOnlyKeys("test_tomorrow_at_noon_in_utc", "test_tomorrow_is_not_the_day_after");
        assertThat(failures(results).get("test_tomorrow_at_noon_in_utc")).contains("2026-12-25T12:00:00Z", "2026-12-25T00:00:00+01:00")
                .doesNotContain("calendar day");
        assertThat(failures(results).get("test_tomorrow_is_not_the_day_after")).contains("[entity DATE] expected the calendar day"
                + " \"2026-12-26\" (a day alone is compared with the day of the answer's start.ISODate, in the ISODate's own offset)"
                + " but the ISODate was \"2026-12-25T00:00:00+01:00\" (the day 2026-12-25)");
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
    }
}
