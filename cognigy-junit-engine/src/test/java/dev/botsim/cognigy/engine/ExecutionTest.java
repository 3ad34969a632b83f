package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.BAD_FILES;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.execution.BotMisconfigurationError;
import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.OrderBotSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

class ExecutionTest {

    private final ScriptedBackend backend = new ScriptedBackend();
    private final RecordingListener listener = new RecordingListener();

    @Test
    @DisplayName("a class with 2 utterances, a YAML file with 3 cases and a CSV with 2 rows run as 7 tests; the wrong intent fails with expected and actual")
    void sevenTests() {
        EngineExecutionResults results = kit(backend, listener).selectors(selectClass(OrderBotSimulation.class),
                selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
                selectClasspathResource("fixtures/standalone/greetings.sim.csv")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(7).succeeded(6).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("I want a human"),
                finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("intent") && m.contains("check_order") && m.contains("escalate")))));
        AssertionFailedError failure = (AssertionFailedError) failureOf(results, "I want a human");
        assertThat(failure.getExpected().getStringRepresentation()).isEqualTo("intent: check_order");
        assertThat(failure.getActual().getStringRepresentation()).isEqualTo("intent: escalate");
        assertThat(failure.getMessage()).contains("bot #0 flow=flow_escalation intent=escalate");
        assertThat(backend.schemaCalls).hasValue(1);
        assertThat(backend.closed).hasValue(1);
    }

    @Test
    @DisplayName("a request carries the case's user, platform, context and a per-test idempotency key")
    void requestContents() {
        kit(backend, listener).selectors(selectClasspathResource("fixtures/standalone/greetings.sim.csv")).execute();
        assertThat(backend.requests).extracting(TurnRequest::userId).containsOnly("usr_qa02");
        assertThat(backend.requests).extracting(TurnRequest::platform).containsOnly("web");
        assertThat(backend.requests).extracting(TurnRequest::sessionId).containsOnly((String) null);
        assertThat(backend.requests.stream().map(TurnRequest::idempotencyKey).collect(Collectors.toSet())).hasSize(2);
    }

    @Test
    @DisplayName("an error code on a turn fails the test as a misconfiguration naming code and message, unless expected")
    void misconfiguration() {
        EngineExecutionResults results = kit(backend, listener).selectors(
                selectMethod(ConversationSimulation.class, "refundUnexpected"),
                selectMethod(ConversationSimulation.class, "refundNotDeployed")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        Throwable failure = failureOf(results, "I want a refund");
        assertThat(failure).isInstanceOf(BotMisconfigurationError.class)
                .hasMessageContaining("FLOW_NOT_DEPLOYED").hasMessageContaining("flow flow_refund is not deployed");
        assertThat(listener.finished).extracting(SimulationRecord::outcome)
                .containsExactlyInAnyOrder(Outcome.PASSED, Outcome.MISCONFIGURATION);
    }

    @Test
    @DisplayName("an expectation naming an entity the bot does not have fails before anything is submitted")
    void unknownEntity() {
        EngineExecutionResults results = kit(backend, listener).selectors(
                selectFile(BAD_FILES.resolve("unknown-entity.sim.yaml").toFile()),
                selectFile(BAD_FILES.resolve("good.sim.yaml").toFile())).execute();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(failureOf(results, "where is my order ORD_99")).isInstanceOf(BotMisconfigurationError.class)
                .hasMessageContaining("parcel_number").hasMessageContaining("order_id");
        assertThat(backend.requests).extracting(TurnRequest::testId).containsExactly("test_good_one");
    }

    @Test
    @DisplayName("a bad file's problem fails as a test of its own while the other files run")
    void badFileDoesNotStopOthers() {
        EngineExecutionResults results = kit(backend, listener).selectors(
                selectFile(BAD_FILES.resolve("syntax-error.sim.yaml").toFile()),
                selectFile(BAD_FILES.resolve("good.sim.yaml").toFile())).execute();
        results.testEvents().succeeded().assertThatEvents().haveExactly(1, event(displayName("hello")));
        results.testEvents().failed().assertThatEvents()
                .allMatch(e -> e.getTestDescriptor().getDisplayName().startsWith("invalid: src/test/bad-files/syntax-error.sim.yaml:7"));
    }

    @Test
    @DisplayName("conversation turns run in order in one session; after a failing turn the rest are skipped")
    void conversationTurns() {
        EngineExecutionResults results = kit(backend, listener)
                .selectors(selectClasspathResource("fixtures/referenced/conversation.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1).skipped(1));
        results.testEvents().skipped().assertThatEvents().haveExactly(1, event(displayName("where is my order ORD_99"),
                skippedWithReason(r -> r.contains("turn 2 \"I want a human\""))));
        List<TurnRequest> human = backend.requests.stream().filter(r -> r.testId().startsWith("test_conv_human")).toList();
        assertThat(human).extracting(TurnRequest::text).containsExactly("hi", "I want a human");
        assertThat(human).extracting(TurnRequest::sessionId).doesNotContainNull().hasSize(2).allMatch(human.get(0).sessionId()::equals);
        List<TurnRequest> ok = backend.requests.stream().filter(r -> r.testId().startsWith("test_conv_ok")).toList();
        assertThat(ok.get(0).sessionId()).isNotEqualTo(human.get(0).sessionId());
    }

    @Test
    @DisplayName("a @Conversation method talks through one BotSession")
    void conversationMethod() {
        EngineExecutionResults results = kit(backend, listener)
                .selectors(selectMethod(ConversationSimulation.class, "greetThenOrder",
                        "dev.botsim.cognigy.annotations.BotSession")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi", "where is my order ORD_99");
        assertThat(Set.copyOf(backend.requests.stream().map(TurnRequest::sessionId).toList())).hasSize(1);
        assertThat(backend.requests).extracting(TurnRequest::testId).containsExactly("test_greetThenOrder#1", "test_greetThenOrder#2");
    }

    @Test
    @DisplayName("utterance variants run as one test each with ids [1], [2]")
    void variants() {
        EngineExecutionResults results = kit(backend, listener)
                .selectors(selectMethod(ConversationSimulation.class, "variants")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(backend.requests).extracting(TurnRequest::testId)
                .containsExactlyInAnyOrder("test_variants[1]", "test_variants[2]");
    }

    @Test
    @DisplayName("tag filtering selects tests by tags of the file defaults, the case and the class")
    void tagFiltering() {
        EngineExecutionResults byCaseTag = kit(backend, listener).selectors(selectClass(OrderBotSimulation.class),
                        selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
                        selectClasspathResource("fixtures/standalone/greetings.sim.csv"))
                .filters(TagFilter.includeTags("orders")).execute();
        assertThat(byCaseTag.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()).sorted())
                .containsExactly("track my package ORD_12", "where is my order ORD_99");
        EngineExecutionResults byClassTag = kit(new ScriptedBackend()).selectors(selectClass(OrderBotSimulation.class),
                        selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                .filters(TagFilter.includeTags("annotated")).execute();
        byClassTag.testEvents().assertStatistics(stats -> stats.started(2));
    }

    @Test
    @DisplayName("no more than cognigy.execution.max-concurrency simulations are in flight, and they do run in parallel")
    void concurrencyCap() {
        ScriptedBackend slow = new ScriptedBackend().withDelay(40);
        kit(slow).configurationParameter(Constants.MAX_CONCURRENCY, "2")
                .configurationParameter(Constants.PARALLEL_CONFIG_PREFIX + "fixed.parallelism", "6")
                .selectors(selectClass(OrderBotSimulation.class), selectClass(ConversationSimulation.class),
                        selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
                        selectClasspathResource("fixtures/standalone/greetings.sim.csv"))
                .execute();
        assertThat(slow.requests).hasSizeGreaterThan(10);
        assertThat(slow.peakInFlight.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("a bad configuration value fails the run once with a message naming the key; no test starts")
    void badConfiguration() {
        EngineExecutionResults results = kit(backend, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "lots")
                .configurationParameter("cognigy.pol.timeout", "5s")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable engineFailure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(engineFailure).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.execution.max-concurrency=lots must be a whole number")
                .hasMessageContaining("unknown configuration key cognigy.pol.timeout — did you mean 'cognigy.poll.timeout'?");
        assertThat(engineFailure.getStackTrace()).isEmpty();
        assertThat(backend.requests).isEmpty();
    }

    @Test
    @DisplayName("listeners receive the run as it starts and every finished simulation with its outcome")
    void listenerSpi() {
        kit(backend, listener).selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        assertThat(listener.runs).singleElement().satisfies(run -> {
            assertThat(run.plannedTests()).isEqualTo(3);
            assertThat(run.expectedFlows()).containsExactly("flow_greeting", "flow_order_status");
        });
        assertThat(listener.finished).hasSize(3).anySatisfy(r -> {
            assertThat(r.testId()).isEqualTo("test_yaml_wrong_intent");
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.actual()).singleElement().satisfies(t -> assertThat(t.intent()).isEqualTo("escalate"));
            assertThat(r.expected().intent()).isEqualTo("check_order");
        });
    }

    @Test
    @DisplayName("results.json holds the summary, verdict, coverage and every simulation with expected and actual")
    void resultsJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) throws Exception {
        EngineExecutionResults run = kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        assertThat(run.allEvents().fileEntryPublished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class).getPath().getFileName().toString()))
                .containsExactlyInAnyOrder("results.json", "index.html");
        tools.jackson.databind.JsonNode results = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("schema_version").asInt()).isEqualTo(1);
        assertThat(results.path("summary").path("total").asInt()).isEqualTo(3);
        assertThat(results.path("summary").path("passed").asInt()).isEqualTo(2);
        assertThat(results.path("summary").path("failed").asInt()).isEqualTo(1);
        assertThat(results.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results.path("flow_coverage").path("covered_flows").asInt()).isEqualTo(2);
        assertThat(results.path("flow_coverage").path("ratio").asDouble()).isEqualTo(1.0);
        assertThat(results.path("intent_confusion").path("check_order").path("escalate").asInt()).isEqualTo(1);
        tools.jackson.databind.JsonNode wrong = java.util.stream.StreamSupport.stream(results.path("results").spliterator(), false)
                .filter(r -> r.path("test_id").asString().equals("test_yaml_wrong_intent")).findFirst().orElseThrow();
        assertThat(wrong.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(wrong.path("expected").path("intent").asString()).isEqualTo("check_order");
        assertThat(wrong.path("actual").get(0).path("intent").asString()).isEqualTo("escalate");
        assertThat(wrong.path("line").asInt()).isEqualTo(21);
    }

    private static Throwable failureOf(EngineExecutionResults results, String displayName) {
        Event event = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName)).findFirst().orElseThrow();
        return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }
}
