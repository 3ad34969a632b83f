package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

class RunAnalysisTest {

    @ParameterizedTest(name = "{0} of {1} at {2}: {3} {4}")
    @CsvSource({
            "95, 100, 0.95, COMPLIANT, ''",
            "94, 100, 0.95, REVIEW_REQUIRED, below_threshold",
            "1899, 2000, 0.95, REVIEW_REQUIRED, below_threshold",
            "1900, 2000, 0.95, COMPLIANT, ''",
            "0, 0, 0.95, REVIEW_REQUIRED, nothing_ran",
            "0, 0, 0, REVIEW_REQUIRED, nothing_ran",
            "10, 10, 1.0, COMPLIANT, ''",
            "9, 10, 1.0, REVIEW_REQUIRED, below_threshold",
            "1, 3, 0.333, COMPLIANT, ''",
            "0, 3, 0, REVIEW_REQUIRED, none_passed",
            "1, 3, 0, COMPLIANT, ''"})
    @DisplayName("A8/A9: the verdict is exact, never rounded up, and zero tests is never compliant; it says why")
    void verdict(long passed, long total, String threshold, Governance expected, String reason) {
        GovernanceVerdict verdict = GovernanceVerdict.of(passed, total, new BigDecimal(threshold), 0, 0);
        assertThat(verdict.status()).isEqualTo(expected);
        assertThat(verdict.reasons()).extracting(GovernanceReason::code)
                .containsExactlyElementsOf(reason.isEmpty() ? List.of() : List.of(reason));
    }

    @Test
    @DisplayName("a verdict carries every reason that holds, the one that decided its status first: invalid input beside the"
            + " pass rate, replayed and stand-in answers under require-live, then UNAUDITED or INTERRUPTED before them;"
            + " a part keeps only that it is one")
    void verdictReasonsInOrder() {
        GovernanceVerdict below = GovernanceVerdict.of(1, 4, new BigDecimal("0.95"), 1, 2);
        assertThat(below.reasons()).extracting(GovernanceReason::code).containsExactly("below_threshold", "invalid_input");
        assertThat(below.reasons().get(0).message())
                .isEqualTo("1 of 4 simulations passed (25.0 %), below the threshold of 95 % (cognigy.governance.threshold)");

        GovernanceVerdict live = GovernanceVerdict.of(4, 4, new BigDecimal("0.95"), 0, 0)
                .liveRequired(3, java.util.Optional.of("the embedded sandbox"));
        assertThat(live.status()).isEqualTo(Governance.REVIEW_REQUIRED);
        assertThat(live.reasons()).extracting(GovernanceReason::code).containsExactly("replayed_from_cassettes", "answered_by_stand_in");
        assertThat(live.reasons().get(0).message()).startsWith("3 of 4 simulations were answered from cassettes");

        GovernanceVerdict unaudited = live.interrupted(VerdictReasons.cancelled(4, 9))
                .unaudited(VerdictReasons.auditNotWritten("audit trail /t could not be written"));
        assertThat(unaudited.status()).isEqualTo(Governance.UNAUDITED);
        assertThat(unaudited.reasons()).extracting(GovernanceReason::code)
                .containsExactly("audit_not_written", "cancelled", "replayed_from_cassettes", "answered_by_stand_in");

        assertThat(below.deferred(VerdictReasons.deferred("run 7, shard 1/2")).reasons()).extracting(GovernanceReason::code)
                .containsExactly("deferred");
        assertThat(GovernanceVerdict.of(4, 4, BigDecimal.ONE, 0, 0).liveRequired(0, java.util.Optional.empty()).reasons()).isEmpty();
        assertThat(GovernanceVerdict.of(0, 1, new BigDecimal("0.95"), 0, 0).reasons().get(0).message()).as("one test, said as one")
                .startsWith("its one simulation did not pass, so nothing shows the bot works");
        assertThat(GovernanceVerdict.of(0, 2, new BigDecimal("0.95"), 0, 0).reasons().get(0).message())
                .startsWith("none of 2 simulations passed, so nothing shows the bot works");
        assertThatThrownBy(() -> new GovernanceVerdict(Governance.REVIEW_REQUIRED, 1, 1, BigDecimal.ONE, 0, List.of()))
                .as("no verdict short of COMPLIANT without its reason").isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "A9: every test {0}, at threshold {1}: REVIEW_REQUIRED")
    @CsvSource({"SKIPPED, 0.95", "ERROR, 0.95", "TIMEOUT, 0.95", "MISCONFIGURATION, 0.95", "SKIPPED, 0", "ERROR, 0", "TIMEOUT, 0", "FAILED, 0"})
    @DisplayName("A9: a run whose tests were all skipped or all ended without an answer is never compliant")
    void nothingPassedIsNeverCompliant(Outcome outcome, String threshold) {
        RunInfo run = RunInfo.builder().batchId("batch_a9").started(Instant.EPOCH).backend("sandbox").plannedTests(3).build();
        List<SimulationRecord> records = List.of(record("test_a", outcome, "greeting"), record("test_b", outcome, "greeting"),
                record("test_c", outcome, "greeting"));
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal(threshold));
        assertThat(analysis.verdict().status()).isEqualTo(Governance.REVIEW_REQUIRED);
        assertThat(analysis.total()).isEqualTo(outcome == Outcome.SKIPPED ? 0 : 3);
        assertThat(analysis.summary().governance()).isEqualTo(Governance.REVIEW_REQUIRED);
    }

    @Test
    @DisplayName("the pass rate is passed ÷ ran, skipped tests left out of both; 0 when every test was skipped; the summary"
            + " says the same")
    void passRateLeavesSkippedOut() {
        RunInfo run = RunInfo.builder().batchId("batch_p").started(Instant.EPOCH).backend("sandbox").plannedTests(6).build();
        RunAnalysis analysis = RunAnalysis.of(run, List.of(record("test_a", Outcome.PASSED, "greeting"),
                record("test_b", Outcome.PASSED, "greeting"), record("test_c", Outcome.PASSED, "greeting"),
                record("test_d", Outcome.FAILED, "greeting"), record("test_e", Outcome.SKIPPED, "greeting"),
                record("test_f", Outcome.SKIPPED, "greeting")), new BigDecimal("0.75"));
        RunAnalysis allSkipped = RunAnalysis.of(run, List.of(record("test_e", Outcome.SKIPPED, "greeting")), new BigDecimal("0.75"));

        assertThat(analysis.total()).isEqualTo(4);
        assertThat(analysis.passRate()).isEqualTo(0.75);
        assertThat(analysis.summary().passRate()).isEqualTo(0.75);
        assertThat(analysis.summary().total()).isEqualTo(4);
        assertThat(allSkipped.passRate()).isZero();
        assertThat(allSkipped.summary().passRate()).isZero();
    }

    @Test
    @DisplayName("a test naming no locale is in the run's own, named by the deployment tested: a run whose other tests name"
            + " that locale is one locale, with no figures per locale; a second locale gives each its own, the merged ones"
            + " kept")
    void testsWithoutLocaleAreInTheRunsOwn() {
        RunInfo run = RunInfo.builder().batchId("batch_l").started(Instant.EPOCH).backend("nlu").plannedTests(3)
                .bot(RunInfo.BotFacts.builder().intents(Set.of("check_order", "escalate"))
                        .underTest(dev.botsim.cognigy.spi.BotUnderTest.builder().locale("en-US").build()).build())
                .build();
        SimulationRecord unnamed = record("test_a", Outcome.PASSED, "check_order", turn("f", "check_order", null));
        SimulationRecord named = record("test_b", Outcome.PASSED, "check_order", turn("f", "check_order", null)).toBuilder()
                .locale("en-us").build();
        SimulationRecord language = record("test_c", Outcome.FAILED, "check_order", turn("f", "escalate", null)).toBuilder()
                .locale("en").build();

        assertThat(RunAnalysis.of(run, List.of(unnamed, named, language), BigDecimal.ONE).byLocale()).isEmpty();

        SimulationRecord german = record("test_d", Outcome.FAILED, "check_order", turn("f", "escalate", null)).toBuilder()
                .locale("de-DE").build();
        RunAnalysis analysis = RunAnalysis.of(run, List.of(unnamed, named, language, german), BigDecimal.ONE);
        assertThat(analysis.byLocale()).containsOnlyKeys("de-DE", "en-US");
        assertThat(analysis.byLocale().get("en-US").confusion())
                .isEqualTo(Map.of("check_order", Map.of("check_order", 2L, "escalate", 1L)));
        assertThat(analysis.byLocale().get("de-DE").intentQuality().perIntent().get("check_order").f1()).isZero();
        assertThat(analysis.confusion()).as("the merged matrix, as before")
                .isEqualTo(Map.of("check_order", Map.of("check_order", 2L, "escalate", 2L)));
    }

    private static SimulationRecord record(String testId, Outcome outcome, String expectedIntent, BotTurn... turns) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).displayName(testId)
                .source("f.sim.yaml").line(1).utterance("hi").expected(Expectation.builder().intent(expectedIntent).build())
                .actual(List.of(turns)).outcome(outcome).duration(Duration.ofMillis(5)).build();
    }

    /** The {@code turn}th turn of conversation {@code conversation}, with the test id the engine gives it. */
    private static SimulationRecord turnOf(String conversation, int turn, BotTurn... turns) {
        return record(conversation + "#" + turn, Outcome.PASSED, null, turns).toBuilder().conversationTurn(conversation, turn)
                .build();
    }

    private static BotTurn turn(String flow, String intent, String errorCode) {
        return TestTurns.turn(0, flow, intent, 0.9, Map.of(), "ok", errorCode, errorCode == null ? null : "because");
    }

    @Test
    @DisplayName("a repeated test covers what any of its runs reached: an intent and a flow only the runs not shown"
            + " recognised and reached are not reported as never recognised or reached, and each run counts a hit")
    void repeatedTestCoversWhatEachRunReached() {
        RunInfo run = RunInfo.builder().batchId("batch_r").started(Instant.EPOCH).backend("sandbox").plannedTests(1)
                .expectedFlows(List.of("flow_order_status", "flow_escalation"))
                .bot(RunInfo.BotFacts.builder().intents(Set.of("check_order", "escalate", "greeting")).build())
                .build();
        // Failed at the ratio: the record shows its first failing run, which the bot answered with escalate.
        SimulationRecord wavering = record("test_wavering", Outcome.FAILED, "check_order",
                turn("flow_escalation", "escalate", null)).toBuilder()
                .repetitions(new Repetitions(20, 16, 1.0, Map.of("check_order", 16, "escalate", 4),
                        Map.of("Let me look.", 16, "Connecting you.", 4),
                        Map.of("flow_order_status", 16, "flow_escalation", 4)))
                .build();
        SimulationRecord notSent = turnOf("test_conv", 2).toBuilder()
                .repetitions(new Repetitions(3, 0, 1.0, Map.of(Repetitions.NOT_SENT, 2, Repetitions.NONE, 1),
                        Map.of(Repetitions.NOT_SENT, 2, Repetitions.NONE, 1), Map.of(Repetitions.NOT_SENT, 2, Repetitions.NONE, 1)))
                .build();
        RunAnalysis analysis = RunAnalysis.of(run, List.of(wavering, notSent), new BigDecimal("0.95"));
        assertThat(analysis.intents().missing()).containsExactly("greeting");
        assertThat(analysis.coverage().hits()).containsExactlyInAnyOrderEntriesOf(
                Map.of("flow_order_status", 16L, "flow_escalation", 4L));
        assertThat(analysis.coverage().missing()).isEmpty();
        assertThat(analysis.coverage().unexpected()).isEmpty();
    }

    @Test
    @DisplayName("a turn whose flow the platform found not deployed covers no flow, expected or not, in the run shown and in"
            + " a repeated test's other runs: it is a misconfiguration, and cognigy.coverage.minimum is not met by it")
    void flowNotDeployedCoversNothing() {
        RunInfo run = RunInfo.builder().batchId("batch_n").started(Instant.EPOCH).backend("sandbox").plannedTests(3)
                .expectedFlows(List.of("flow_greeting", "flow_refund")).build();
        SimulationRecord refund = record("test_refund", Outcome.PASSED, null, turn("flow_refund", "request_refund",
                "FLOW_NOT_DEPLOYED"));
        SimulationRecord cancel = record("test_cancel", Outcome.MISCONFIGURATION, null, turn("flow_cancel", "cancel",
                "FLOW_NOT_DEPLOYED"));
        // Repeated: the record shows one run; the other four ended in flow_refund too, and found it as undeployed.
        SimulationRecord repeated = record("test_refund_again", Outcome.PASSED, null, turn("flow_refund", "request_refund",
                "FLOW_NOT_DEPLOYED")).toBuilder()
                .repetitions(new Repetitions(5, 5, 1.0, Map.of("request_refund", 5), Map.of(), Map.of("flow_refund", 5)))
                .build();
        SimulationRecord greeting = record("test_hi", Outcome.PASSED, null, turn("flow_greeting", "greeting", null));

        FlowCoverage coverage = RunAnalysis.of(run, List.of(refund, cancel, repeated, greeting), new BigDecimal("0.95")).coverage();

        assertThat(coverage.hits()).containsExactly(Map.entry("flow_greeting", 1L), Map.entry("flow_refund", 0L));
        assertThat(coverage.missing()).containsExactly("flow_refund");
        assertThat(coverage.unexpected()).as("flow_cancel handled no turn either").isEmpty();
        assertThat(new RunPolicy(false, java.util.Optional.of(1.0), false).shortfalls(RunAnalysis.of(run,
                List.of(refund, greeting), new BigDecimal("0.95")), run.bot().flows())).singleElement().asString().contains("flow coverage");
    }

    @Test
    @DisplayName("a skipped test is no observation of the NLU, whatever its record holds: its own assumption stopped it after the"
            + " answer came, or a cancelled run aborted a repeated test midway; the confusion matrix and intent F1 leave it out,"
            + " as they leave it out of the pass rate")
    void skippedTestsAreNotInTheConfusionMatrix() {
        RunInfo run = RunInfo.builder().batchId("batch_skip").started(Instant.EPOCH).backend("sandbox").plannedTests(3)
                .bot(RunInfo.BotFacts.builder().intents(Set.of("check_order", "escalate", "greeting")).build()).build();
        SimulationRecord assumed = record("test_assumed", Outcome.SKIPPED, "greeting", turn("flow_greeting", "greeting", null));
        SimulationRecord aborted = record("test_aborted", Outcome.SKIPPED, "check_order", turn("flow_escalation", "escalate", null))
                .toBuilder().repetitions(new Repetitions(3, 2, 1.0, Map.of("check_order", 2, "escalate", 1), Map.of(), Map.of()))
                .build();
        SimulationRecord counted = record("test_counted", Outcome.PASSED, "check_order", turn("flow_order", "check_order", null));

        RunAnalysis analysis = RunAnalysis.of(run, List.of(assumed, aborted, counted), new BigDecimal("0.95"));

        assertThat(analysis.confusion()).isEqualTo(Map.of("check_order", Map.of("check_order", 1L)));
        assertThat(analysis.intentQuality().perIntent()).containsOnlyKeys("check_order");
        assertThat(analysis.total()).isEqualTo(1);
    }

    @Test
    @DisplayName("the confusion matrix and intent quality count every run of a repeated test that got an answer, not only"
            + " the run its result shows; runs that sent nothing or got no answer are no observation, and a test expecting"
            + " an intent the bot lacks is still counted once as a test")
    void repeatedTestCountsEachRunInTheConfusionMatrix() {
        RunInfo run = RunInfo.builder().batchId("batch_f1").started(Instant.EPOCH).backend("sandbox").plannedTests(4)
                .bot(RunInfo.BotFacts.builder().intents(Set.of("check_order", "escalate", "greeting")).build()).build();
        // Failed at the ratio, shown by its first failing run (escalate): 16 of 20 runs recognised check_order, one run
        // recognised nothing and one timed out (both "(none)" in its distribution, only the first an answer).
        SimulationRecord wavering = record("test_wavering", Outcome.FAILED, "check_order",
                turn("flow_escalation", "escalate", null)).toBuilder()
                .repetitions(new Repetitions(20, 16, 1.0, Map.of("check_order", 16, "escalate", 2, Repetitions.NONE, 2),
                        Map.of(), Map.of(), 1, 0))
                .build();
        SimulationRecord steady = record("test_steady", Outcome.PASSED, "escalate", turn("flow_escalation", "escalate", null));
        // A repeated conversation's turn: two runs stopped before it, one sent it and got greeting.
        SimulationRecord conversationTurn = turnOf("test_conv", 2, turn("flow_greeting", "greeting", null)).toBuilder()
                .expected(Expectation.builder().intent("greeting").build())
                .repetitions(new Repetitions(3, 1, 1.0, Map.of(Repetitions.NOT_SENT, 2, "greeting", 1), Map.of(), Map.of()))
                .build();
        SimulationRecord misspelt = record("test_misspelt", Outcome.FAILED, "chek_order", turn("flow_order", "check_order", null))
                .toBuilder().repetitions(new Repetitions(5, 0, 1.0, Map.of("check_order", 5), Map.of(), Map.of())).build();

        RunAnalysis analysis = RunAnalysis.of(run, List.of(wavering, steady, conversationTurn, misspelt), new BigDecimal("0.95"));

        assertThat(analysis.confusion()).isEqualTo(Map.of(
                "check_order", Map.of("check_order", 16L, "escalate", 2L, IntentQuality.NO_INTENT, 1L),
                "escalate", Map.of("escalate", 1L),
                "greeting", Map.of("greeting", 1L),
                "chek_order", Map.of("check_order", 5L)));
        IntentQuality.IntentFigures checkOrder = analysis.intentQuality().perIntent().get("check_order");
        assertThat(checkOrder).isEqualTo(new IntentQuality.IntentFigures(16, 0, 3));
        assertThat(checkOrder.f1()).isEqualTo(32.0 / 35);
        assertThat(analysis.intentQuality().perIntent().get("escalate")).isEqualTo(new IntentQuality.IntentFigures(1, 2, 0));
        assertThat(analysis.intentQuality().notBotIntents()).isEqualTo(Map.of("chek_order", 1L));
    }

    @Test
    @DisplayName("intent and entity coverage against the bot's schema, and flow transitions of conversations in turn order")
    void schemaCoverageAndTransitions() {
        RunInfo run = RunInfo.builder().batchId("batch_1").started(Instant.EPOCH).backend("sandbox").plannedTests(4)
                .bot(RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order", "escalate"))
                        .entities(Set.of("order_id", "email")).build())
                .build();
        BotTurn withEntity = TestTurns.turn(0, "flow_order_status", "check_order", 0.9, Map.of("order_id", "ORD_1"), "ok", null, null);
        List<SimulationRecord> records = List.of(
                turnOf("test_conv", 2, withEntity),
                turnOf("test_conv", 1, turn("flow_greeting", "greeting", null)),
                turnOf("test_conv", 3, turn("flow_order_status", "check_order", null)),
                turnOf("test_other", 1, turn("flow_greeting", "greeting", null)));
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        assertThat(analysis.intents().ratio()).isEqualTo(2.0 / 3);
        assertThat(analysis.intents().missing()).containsExactly("escalate");
        assertThat(analysis.entities().ratio()).isEqualTo(0.5);
        assertThat(analysis.transitions()).isEqualTo(Map.of("flow_greeting", Map.of("flow_order_status", 1L),
                "flow_order_status", Map.of("flow_order_status", 1L)));
        assertThat(analysis.summary().intentCoverage()).isEqualTo(2.0 / 3);
        RunInfo unknown = RunInfo.builder().batchId("batch_2").started(Instant.EPOCH).backend("endpoint").build();
        assertThat(RunAnalysis.of(unknown, records, BigDecimal.ONE).intents().ratio()).isNaN();
    }

    @Test
    @DisplayName("coverage counts expected flows reached at least once; confusion and misconfigurations are grouped")
    void analysis() {
        RunInfo run = RunInfo.builder().batchId("batch_1").started(Instant.EPOCH).backend("sandbox")
                .expectedFlows(List.of("flow_greeting", "flow_order_status", "flow_escalation", "flow_refund")).plannedTests(5)
                .build();
        List<SimulationRecord> records = List.of(
                record("test_a", Outcome.PASSED, "greeting", turn("flow_greeting", "greeting", null)),
                record("test_b", Outcome.PASSED, "greeting", turn("flow_greeting", "greeting", null)),
                record("test_c", Outcome.FAILED, "check_order", turn("flow_escalation", "escalate", null)),
                record("test_d", Outcome.MISCONFIGURATION, null, turn("flow_refund", "request_refund", "FLOW_NOT_DEPLOYED")),
                record("test_e", Outcome.SKIPPED, null),
                record("test_f", Outcome.PASSED, null, turn("flow_smalltalk", "chat", null)));
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));

        // flow_refund's only turn found it not deployed: it handled no turn.
        assertThat(analysis.coverage().hits()).containsExactlyInAnyOrderEntriesOf(Map.of("flow_greeting", 2L,
                "flow_order_status", 0L, "flow_escalation", 1L, "flow_refund", 0L));
        assertThat(analysis.coverage().covered()).isEqualTo(2);
        assertThat(analysis.coverage().ratio()).isEqualTo(0.5);
        assertThat(analysis.coverage().missing()).containsExactly("flow_order_status", "flow_refund");
        assertThat(analysis.coverage().unexpected()).containsExactly("flow_smalltalk");
        assertThat(analysis.confusion()).isEqualTo(Map.of("greeting", Map.of("greeting", 2L), "check_order", Map.of("escalate", 1L)));
        assertThat(analysis.misconfigurations()).isEqualTo(Map.of("flow_refund", Map.of("FLOW_NOT_DEPLOYED", 1L)));
        assertThat(analysis.total()).isEqualTo(5);
        assertThat(analysis.verdict().passed()).isEqualTo(3);
        assertThat(analysis.verdict().status()).isEqualTo(Governance.REVIEW_REQUIRED);
        assertThat(analysis.summary().governance()).isEqualTo(Governance.REVIEW_REQUIRED);
    }

    @Test
    @DisplayName("a flow expected by its reference id is reached by a turn carrying that id beside its display name, as"
            + " next_flow holds for either; the display name is not then listed as reached but not expected")
    void flowExpectedByReferenceIdIsCovered() {
        String orderFlow = "3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f";
        RunInfo run = RunInfo.builder().batchId("batch_1").started(Instant.EPOCH).backend("endpoint")
                .expectedFlows(List.of(orderFlow, "Refunds")).plannedTests(3).build();
        // A REST Endpoint's answers with the Code node placed once: flowName is the shared flow, intentFlow the flow's id.
        BotTurn understoodInOrders = new BotTurn(0, "Main Flow", "check_order", 0.9, Map.of(), "ok", null, null, orderFlow,
                List.of(), List.of(), List.of());
        BotTurn inRefunds = new BotTurn(0, "Refunds", "refund", 0.9, Map.of(), "ok", null, null, "a7d0e1f2-0000-4000-8000-000000000001",
                List.of(), List.of(), List.of());
        BotTurn nothingUnderstood = new BotTurn(0, "Main Flow", null, Double.NaN, Map.of(), "sorry?", null, null, null,
                List.of(), List.of(), List.of());
        List<SimulationRecord> records = List.of(record("test_order", Outcome.PASSED, null, understoodInOrders),
                record("test_refund", Outcome.PASSED, null, inRefunds), record("test_gibberish", Outcome.PASSED, null, nothingUnderstood));

        FlowCoverage coverage = RunAnalysis.of(run, records, new BigDecimal("0.95")).coverage();

        assertThat(coverage.hits()).containsExactly(Map.entry(orderFlow, 1L), Map.entry("Refunds", 1L));
        assertThat(coverage.missing()).isEmpty();
        assertThat(coverage.unexpected()).as("the turn that reached no expected flow, by its name").containsExactly("Main Flow");
    }

    @Test
    @DisplayName("flow transitions come from the records' conversation id and turn, never from a '#n' in the test id")
    void transitionsFromExplicitConversationTurns() {
        RunInfo run = RunInfo.builder().batchId("batch_1").started(Instant.EPOCH).backend("sandbox").build();
        SimulationRecord renamedTurn1 = turnOf("test_talk", 1, turn("flow_greeting", "greeting", null)).toBuilder()
                .testId("greeting step").build();
        SimulationRecord renamedTurn2 = turnOf("test_talk", 2, turn("flow_order_status", "check_order", null)).toBuilder()
                .testId("order step").build();
        List<SimulationRecord> records = List.of(
                // single-turn tests whose ids merely end in '#n': no conversation, so no transition between them
                record("test_release#1", Outcome.PASSED, null, turn("flow_escalation", "escalate", null)),
                record("test_release#2", Outcome.PASSED, null, turn("flow_refund", "request_refund", null)),
                renamedTurn2, renamedTurn1);

        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));

        assertThat(analysis.transitions()).isEqualTo(Map.of("flow_greeting", Map.of("flow_order_status", 1L)));
    }

    @Test
    @DisplayName("a conversation's turn answered FLOW_NOT_DEPLOYED leads into no flow: the conversation stays in the flow it was"
            + " in, so the transition runs from there to where the next turn that ran ended")
    void flowNotDeployedIsNoTransition() {
        RunInfo run = RunInfo.builder().batchId("batch_t").started(Instant.EPOCH).backend("sandbox").build();
        List<SimulationRecord> records = List.of(
                turnOf("test_talk", 1, turn("flow_greeting", "greeting", null)),
                turnOf("test_talk", 2, turn("flow_refund", "request_refund", "FLOW_NOT_DEPLOYED")),
                turnOf("test_talk", 3, turn("flow_order_status", "check_order", null)));

        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));

        assertThat(analysis.transitions()).isEqualTo(Map.of("flow_greeting", Map.of("flow_order_status", 1L)));
        assertThat(analysis.misconfigurations()).as("the attempt is listed where it belongs")
                .isEqualTo(Map.of("flow_refund", Map.of("FLOW_NOT_DEPLOYED", 1L)));
    }
}
