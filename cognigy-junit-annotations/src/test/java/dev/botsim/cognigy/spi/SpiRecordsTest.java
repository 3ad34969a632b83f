package dev.botsim.cognigy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;

/** The SPI records are built through builders whose defaults stand for "not set". */
class SpiRecordsTest {

    /** A turn of the record's first components only: no choices, output data or flow reference id. */
    private static BotTurn turn(int turnIndex, String flowId, String intent, double intentScore, Map<String, Object> entities,
                                String text, String errorCode, String errorMessage) {
        return new BotTurn(turnIndex, flowId, intent, intentScore, entities, text, errorCode, errorMessage, null, List.of(),
                List.of(), List.of());
    }

    private static final BotTurn ANSWER = turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello", null, null);

    @Test
    @DisplayName("a turn prints its score as reported up to three decimals, a longer one cut and marked: never above the"
            + " real score, so 0.749 never reads as an intent_min_score of 0.75 met")
    void turnScore() {
        assertThat(turn(0, null, "greeting", 0.9, Map.of(), null, null, null)).hasToString("#0 intent=greeting (0.90)");
        assertThat(turn(1, null, "greeting", 0.125, Map.of(), null, null, null)).hasToString("#1 intent=greeting (0.125)");
        assertThat(turn(2, null, "greeting", 0.995, Map.of(), null, null, null)).hasToString("#2 intent=greeting (0.995)");
        assertThat(turn(3, null, "greeting", 1.0 / 3, Map.of(), null, null, null)).hasToString("#3 intent=greeting (0.333…)");
        assertThat(turn(4, null, "greeting", Double.NaN, Map.of(), null, null, null)).hasToString("#4 intent=greeting");
        assertThat(turn(5, null, "greeting", 0.7499, Map.of(), null, null, null)).hasToString("#5 intent=greeting (0.749…)");
        assertThat(turn(6, null, "greeting", 1.0, Map.of(), null, null, null)).hasToString("#6 intent=greeting (1.00)");
        assertThat(turn(7, null, "greeting", 0.0, Map.of(), null, null, null)).hasToString("#7 intent=greeting (0.00)");
        for (double score = 0; score <= 1; score += 0.0007) {
            String shown = turn(0, null, null, score, Map.of(), null, null, null).toString().replaceAll("^#0 intent=\\(none\\) \\((.*)\\)$", "$1");
            java.math.BigDecimal exact = java.math.BigDecimal.valueOf(score);
            java.math.BigDecimal read = new java.math.BigDecimal(shown.replace("…", ""));
            assertThat(read).as("%s shown as %s", score, shown).isLessThanOrEqualTo(exact)
                    .isGreaterThan(exact.subtract(new java.math.BigDecimal("0.001")));
            assertThat(shown.endsWith("…")).as("%s shown as %s", score, shown).isEqualTo(exact.stripTrailingZeros().scale() > 3);
        }
    }

    @Test
    @DisplayName("a turn with a score but no intent (the NLU's best guess below its threshold) names no intent before the"
            + " score, not a bare number; a turn without either shows neither")
    void scoreWithoutIntentNamedAsNone() {
        assertThat(turn(0, "flow_fallback", null, 0.252, Map.of(), "Sorry?", null, null).toString())
                .isEqualTo("#0 flow=flow_fallback intent=(none) (0.252) text=\"Sorry?\"");
        assertThat(turn(1, "flow_order", "check_order", 0.9, Map.of(), null, null, null).toString())
                .isEqualTo("#1 flow=flow_order intent=check_order (0.90)");
        assertThat(turn(2, "flow_order", null, Double.NaN, Map.of(), "Hi", null, null).toString())
                .isEqualTo("#2 flow=flow_order text=\"Hi\"");
    }

    @Test
    @DisplayName("a record built with only its identity and outcome is a single-turn test with nothing else set")
    void recordDefaults() {
        SimulationRecord record = SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_a]").testId("test_a")
                .outcome(Outcome.PASSED).build();

        assertThat(record.conversationId()).isNull();
        assertThat(record.turn()).isZero();
        assertThat(record.tags()).isEmpty();
        assertThat(record.actual()).isEmpty();
        assertThat(record.expected()).isSameAs(Expectation.NONE);
        assertThat(record.duration()).isEqualTo(Duration.ZERO);
        assertThat(record.attempts()).isZero();
        assertThat(record.message()).isNull();
    }

    @Test
    @DisplayName("a summary's outcomes come in the order Outcome declares them, whatever the order given, as its stability"
            + " counts come in Stability order")
    void outcomesInDeclaredOrder() {
        Map<Outcome, Long> given = new LinkedHashMap<>();
        for (int i = Outcome.values().length - 1; i >= 0; i--) {
            given.put(Outcome.values()[i], (long) i);
        }
        RunSummary summary = RunSummary.builder().governance(Governance.COMPLIANT).outcomes(given).build();

        assertThat(summary.outcomes().keySet()).containsExactly(Outcome.values());
        assertThat(summary.outcomes()).isEqualTo(given);
        assertThatThrownBy(() -> summary.outcomes().put(Outcome.PASSED, 9L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(RunSummary.builder().governance(Governance.COMPLIANT).build().outcomes()).isEmpty();
    }

    private static final Repetitions REPEATED = new Repetitions(3, 2, 0.5, java.util.Map.of("check_order", 2, "escalate", 1),
            java.util.Map.of("On its way.", 2, "An agent.", 1), java.util.Map.of("flow_order", 2, "flow_agent", 1));

    @Test
    @DisplayName("the stability verdict depends on the runs alone: all passed STABLE, none BROKEN, else FLAKY; the ratio"
            + " decides whether the test passes, compared exactly")
    void stabilityRules() {
        assertThat(Stability.of(5, 5)).isEqualTo(Stability.STABLE);
        assertThat(Stability.of(0, 5)).isEqualTo(Stability.BROKEN);
        assertThat(Stability.of(1, 5)).isEqualTo(Stability.FLAKY);
        assertThat(Stability.of(4, 5)).isEqualTo(Stability.FLAKY);
        assertThatThrownBy(() -> Stability.of(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stability.of(0, 0)).isInstanceOf(IllegalArgumentException.class);

        assertThat(new Repetitions(5, 4, 0.8, null, null, null).ratioMet()).isTrue();
        assertThat(new Repetitions(5, 3, 0.8, null, null, null).ratioMet()).isFalse();
        assertThat(new Repetitions(5, 4, 1.0, null, null, null).ratioMet()).isFalse();
        assertThat(new Repetitions(5, 5, 1.0, null, null, null).ratioMet()).isTrue();
        assertThat(new Repetitions(3, 2, 2.0 / 3, null, null, null).ratioMet()).isTrue();
        assertThat(new Repetitions(20, 0, 0.0, null, null, null).ratioMet()).isTrue();
        assertThat(new Repetitions(10, 7, 0.7, null, null, null).ratioMet()).as("0.7 * 10 is 7.000000000000001 in binary").isTrue();
        assertThat(new Repetitions(10, 6, 0.7, null, null, null).ratioMet()).isFalse();
        assertThat(new Repetitions(2, 1, 0.5000000000001, null, null, null).ratioMet()).as("1 of 2 is below the ratio").isFalse();
        assertThat(new Repetitions(20, 14, 0.7, null, null, null).stability()).isEqualTo(Stability.FLAKY);
        assertThatThrownBy(() -> new Repetitions(2, 1, 1.5, null, null, null)).hasMessageContaining("from 0 to 1");
    }

    @Test
    @DisplayName("Repetitions built from the components of its first version keeps compiling: every run answered, none"
            + " skipped by the test itself")
    void repetitionsOfTheFirstVersion() {
        assertThat(REPEATED.unanswered()).isZero();
        assertThat(REPEATED.skipped()).isZero();
        assertThat(REPEATED).isEqualTo(new Repetitions(3, 2, 0.5, REPEATED.intents(), REPEATED.texts(), REPEATED.flows(), 0, 0));
        Repetitions later = new Repetitions(3, 0, 1.0, java.util.Map.of(Repetitions.NONE, 3), null, null, 2, 1);
        assertThat(later.unanswered()).isEqualTo(2);
        assertThat(later.skipped()).isEqualTo(1);
        assertThatThrownBy(() -> new Repetitions(3, 0, 1.0, null, null, null, 4, 0)).hasMessageContaining("4 of 3 runs unanswered");
        assertThatThrownBy(() -> new Repetitions(3, 0, 1.0, null, null, null, 0, -1)).hasMessageContaining("not -1");
    }

    @Test
    @DisplayName("toBuilder() keeps every component, so changing one leaves the others as they were")
    void recordRoundTrip() {
        SimulationRecord turn = SimulationRecord.builder().uniqueId("u").testId("test_conv#2").conversationTurn("test_conv", 2)
                .displayName("where is my order").source("orders.sim.yaml").line(12).tags(Set.of("orders"))
                .utterance("where is my order").expected(Expectation.builder().intent("check_order").build())
                .actual(List.of(ANSWER)).outcome(Outcome.FAILED).message("wrong intent").duration(Duration.ofMillis(40))
                .attempts(2).intentMargin(new IntentMargin("check_order", 0.71, "cancel_order", 0.63)).replayed(true)
                .replayedAnswers(3).repetitions(REPEATED).rerun(true).approval(SimulationRecord.Approval.NEWLY_APPROVED)
                .userTurns(List.of(new SimulationRecord.UserTurn("where is my order", 0))).sent(false).unjudged(true).locale("de-DE")
                .externalId("BOT-123").data(Map.of("iban", "DE89370400440532013000"))
                .retryLog(List.of("POST /api/bot/simulate answered 503; retried after 180 ms",
                        "POST /api/bot/simulate answered 429; retried after 2.0 s")).build();

        assertThat(turn.toBuilder().build()).isEqualTo(turn);
        assertThat(turn.toBuilder().build().retryLog()).hasSize(2);
        assertThat(turn.toBuilder().build().externalId()).isEqualTo("BOT-123");
        assertThat(turn.toBuilder().build().data()).isEqualTo(Map.of("iban", "DE89370400440532013000"));
        SimulationRecord passed = turn.toBuilder().outcome(Outcome.PASSED).message(null).unjudged(false).build();
        assertThat(passed).isEqualTo(new SimulationRecord("u", "test_conv#2", "test_conv", 2, "where is my order",
                "orders.sim.yaml", 12, Set.of("orders"), "where is my order", turn.expected(), List.of(ANSWER), Outcome.PASSED,
                null, Duration.ofMillis(40), 2, false, new IntentMargin("check_order", 0.71, "cancel_order", 0.63), true,
                REPEATED, true, SimulationRecord.Approval.NEWLY_APPROVED,
                List.of(new SimulationRecord.UserTurn("where is my order", 0)), 3, false, false, "de-DE", "BOT-123", null,
                Map.of("iban", "DE89370400440532013000"), List.of("POST /api/bot/simulate answered 503; retried after 180 ms",
                "POST /api/bot/simulate answered 429; retried after 2.0 s")));
    }

    @Test
    @DisplayName("a skipped record keeps why it was skipped through toBuilder(); a record built without one has none, skipped"
            + " or not; a skip reason on a test that was not skipped is refused, naming both")
    void skipReason() {
        SimulationRecord.Builder skipped = SimulationRecord.builder().uniqueId("u").testId("test_conv#3")
                .conversationTurn("test_conv", 3).outcome(Outcome.SKIPPED).message("an earlier turn of conversation test_conv"
                        + " failed: turn 2 \"track it\"").sent(false).skipReason(SimulationRecord.SkipReason.EARLIER_TURN_FAILED);
        SimulationRecord record = skipped.build();

        assertThat(record.skipReason()).isEqualTo(SimulationRecord.SkipReason.EARLIER_TURN_FAILED);
        assertThat(record.toBuilder().build()).isEqualTo(record);
        assertThat(record.toBuilder().skipReason(SimulationRecord.SkipReason.DISABLED).build().skipReason())
                .isEqualTo(SimulationRecord.SkipReason.DISABLED);
        assertThat(SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.SKIPPED).build().skipReason())
                .as("a listener's own skipped record, or one of a part written before the reason was recorded").isNull();
        assertThat(SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.PASSED).build().skipReason()).isNull();
        for (Outcome other : Outcome.values()) {
            if (other == Outcome.SKIPPED) continue;
            assertThatThrownBy(() -> record.toBuilder().outcome(other).build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("only a skipped test has a skip reason: EARLIER_TURN_FAILED on a test that is " + other);
        }
        assertThat(record.toBuilder().outcome(Outcome.PASSED).skipReason(null).build().skipReason()).isNull();
    }

    @Test
    @DisplayName("the data a message was sent with: none for a record or a @Conversation method's message built without it"
            + " (as every one built before it was recorded), kept in its order with a null value JSON data may hold, and"
            + " unmodifiable")
    void sentData() {
        SimulationRecord.Builder passed = SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.PASSED);
        assertThat(passed.build().data()).isEmpty();
        assertThat(passed.data(null).build().data()).isEmpty();
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("iban", "DE89370400440532013000");
        sent.put("amount", null);
        sent.put("channel", "app");
        SimulationRecord record = passed.data(sent).build();
        assertThat(record.data()).containsExactlyEntriesOf(sent);
        sent.clear();
        assertThat(record.data()).as("a copy").hasSize(3);
        assertThatThrownBy(() -> record.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);

        assertThat(new SimulationRecord.UserTurn("hi", 0).data()).isEmpty();
        assertThat(new SimulationRecord.UserTurn("hi", 0, false, null)).isEqualTo(new SimulationRecord.UserTurn("hi", 0, false));
        assertThat(new SimulationRecord.UserTurn("pay my bill", 0, true, Map.of("iban", "DE89370400440532013000")).data())
                .containsExactly(Map.entry("iban", "DE89370400440532013000"));
    }

    @Test
    @DisplayName("a record (or a @Conversation method's message) built without saying whether its message was sent says it"
            + " was, as every one built before this was said reads; one standing for invalid input says it was not, and"
            + " cannot be said to be")
    void sentByDefault() {
        SimulationRecord.Builder passed = SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.PASSED);
        assertThat(passed.build().sent()).isTrue();
        assertThat(passed.sent(false).build().sent()).isFalse();

        SimulationRecord.Builder invalid = SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.FAILED)
                .invalidInput(true);
        assertThat(invalid.build().sent()).isFalse();
        assertThatThrownBy(() -> invalid.sent(true).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid input has no message to send");

        // A message of a @Conversation method made as before says it reached the bot.
        assertThat(new SimulationRecord.UserTurn("hi", 0)).isEqualTo(new SimulationRecord.UserTurn("hi", 0, true));
    }

    @Test
    @DisplayName("a record's tags and a turn's entities iterate in one order in every run (reports list them as iterated):"
            + " tags sorted, entities as the bot gave them")
    void stableOrder() {
        List<String> tags = List.of("smoke", "orders", "regression", "nightly", "team07", "area3", "de", "fr", "java",
                "simulation-api", "rest-endpoint", "billing");
        SimulationRecord record = SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.PASSED)
                .tags(new java.util.HashSet<>(tags)).build();
        assertThat(record.tags()).containsExactlyElementsOf(new java.util.TreeSet<>(tags));

        Map<String, Object> entities = new LinkedHashMap<>();
        for (String name : List.of("size", "order_id", "color", "amount", "date", "city", "zip", "email", "phone", "name",
                "street", "country")) {
            entities.put(name, name + "-value");
        }
        BotTurn turn = new BotTurn(0, "flow", "intent", 0.9, entities, "text", null, null, null, List.of(), List.of(), List.of());
        assertThat(turn.entities().keySet()).containsExactlyElementsOf(entities.keySet());
        assertThat(new BotTurn(0, "flow", "intent", 0.9, Map.of(), "text", null, null, null, List.of(), List.of(), List.of())
                .entities()).isSameAs(Map.of());
    }

    @Test
    @DisplayName("a conversation turn is numbered from 1, and only a conversation turn has a number")
    void conversationTurnInvariant() {
        SimulationRecord.Builder record = SimulationRecord.builder().uniqueId("u").testId("t").outcome(Outcome.PASSED);

        assertThatThrownBy(() -> record.conversationTurn("test_conv", 0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversationId=test_conv, turn=0");
        assertThatThrownBy(() -> record.conversationTurn(null, 3).build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(record.conversationTurn("test_conv", 1).build().turn()).isEqualTo(1);
    }

    @Test
    @DisplayName("a record, run or summary without its identity is refused, naming what is missing")
    void requiredComponents() {
        assertThatThrownBy(() -> SimulationRecord.builder().uniqueId("u").testId("t").build())
                .isInstanceOf(NullPointerException.class).hasMessage("outcome");
        assertThatThrownBy(() -> RunInfo.builder().batchId("b").backend("sandbox").build())
                .isInstanceOf(NullPointerException.class).hasMessage("started");
        assertThatThrownBy(() -> RunSummary.builder().total(1).build())
                .isInstanceOf(NullPointerException.class).hasMessage("governance");
    }

    @Test
    @DisplayName("a run built with only its identity knows nothing of the bot; toBuilder() keeps every component")
    void runInfo() {
        RunInfo run = RunInfo.builder().batchId("batch_1").started(Instant.EPOCH).backend("sandbox").build();
        assertThat(run.bot()).isSameAs(RunInfo.BotFacts.UNKNOWN);
        assertThat(run.expectedFlows()).isEmpty();
        assertThat(run.configuration()).isEmpty();
        assertThat(run.part()).as("a whole run unless told").isNull();
        assertThat(run.target()).as("unknown unless told").isEmpty();

        RunInfo full = run.toBuilder().botName("order-bot").expectedFlows(List.of("flow_a")).plannedTests(3)
                .configuration(Map.of("cognigy.backend", "sandbox")).partial(true).part("run 4711, shard 1/2")
                .target(Map.of("endpoint", "https://endpoint-trial.cognigy.ai/test/****"))
                .bot(RunInfo.BotFacts.builder().intents(Set.of("greeting")).unknown(List.of("entities: no endpoint")).build())
                .build();
        assertThat(full.toBuilder().build()).isEqualTo(full);
        assertThat(full.bot().toBuilder().build()).isEqualTo(full.bot());
        assertThat(full.bot().entities()).isEmpty();
    }

    @Test
    @DisplayName("a summary keeps its flows in order; withAudit changes only the checkpoint; coverage not set is unknown")
    void runSummary() {
        Map<String, Long> hits = new LinkedHashMap<>();
        hits.put("flow_z", 2L);
        hits.put("flow_a", 0L);
        RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 2L)).total(2).passRate(1.0)
                .governance(Governance.COMPLIANT).flowCoverage(0.5).flowHits(hits).build();

        assertThat(summary.flowHits().keySet()).containsExactly("flow_z", "flow_a");
        assertThat(summary.intentCoverage()).isNaN();
        assertThat(summary.audit()).isNull();
        RunSummary.AuditCheckpoint head = new RunSummary.AuditCheckpoint("ab".repeat(32), 4);
        assertThat(summary.withAudit(head)).isEqualTo(summary.toBuilder().audit(head).build())
                .satisfies(audited -> assertThat(audited.governance()).isEqualTo(Governance.COMPLIANT));
    }

    @Test
    @DisplayName("a summary's NLU figures per locale: none when built without (a run in one locale, a listener author's"
            + " summary of 0.1), kept in order by toBuilder() and withAudit, and not changed through the summary; the figures"
            + " round-trip through their builder")
    void runSummaryByLocale() {
        assertThat(RunSummary.builder().governance(Governance.COMPLIANT).build().byLocale()).isEmpty();

        NluFigures fr = NluFigures.builder().confusion(Map.of("check_order", Map.of("escalate", 3L)))
                .intents(Map.of("check_order", new NluFigures.IntentFigures(0, 0, 3, Double.NaN, 0.0, 0.0)))
                .macroF1(0.2).confusedPairs(List.of(new NluFigures.ConfusedPair("check_order", "escalate", 3)))
                .fragileMargin(0.1).marginsKnown(4).fragile(1)
                .stability(Map.of("check_order", new NluFigures.IntentRate(1, 3, 0, 0, 0.0))).build();
        NluFigures de = NluFigures.builder().macroF1(1.0).build();
        Map<String, NluFigures> byLocale = new LinkedHashMap<>();
        byLocale.put("de-DE", de);
        byLocale.put("fr-FR", fr);
        RunSummary summary = RunSummary.builder().governance(Governance.COMPLIANT).byLocale(byLocale).build();
        byLocale.clear();

        assertThat(summary.byLocale().keySet()).containsExactly("de-DE", "fr-FR");
        assertThat(summary.toBuilder().build()).isEqualTo(summary);
        assertThat(summary.withAudit(new RunSummary.AuditCheckpoint("ab".repeat(32), 1)).byLocale()).isEqualTo(summary.byLocale());
        assertThatThrownBy(() -> summary.byLocale().put("en-US", de)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(fr.toBuilder().build()).isEqualTo(fr);
        assertThat(fr.intents().get("check_order").expected()).isEqualTo(3);
        assertThat(de.intents()).isEmpty();
        assertThat(NluFigures.builder().build().macroF1()).as("no intent measured").isNaN();
        assertThatThrownBy(() -> fr.confusion().get("check_order").put("check_order", 1L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a summary built without reasons has none (a listener author's summary of 0.1 still builds); the verdict's"
            + " reasons are kept in order by toBuilder() and withAudit, and cannot be changed through the summary")
    void runSummaryReasons() {
        assertThat(RunSummary.builder().governance(Governance.REVIEW_REQUIRED).build().governanceReasons()).isEmpty();

        List<GovernanceReason> reasons = new java.util.ArrayList<>(List.of(new GovernanceReason("audit_not_written", "audit trail"
                + " a.jsonl could not be written"), new GovernanceReason("below_threshold", "1 of 2 simulations passed")));
        RunSummary summary = RunSummary.builder().governance(Governance.UNAUDITED).governanceReasons(reasons).build();
        reasons.clear();
        assertThat(summary.governanceReasons()).extracting(GovernanceReason::code).containsExactly("audit_not_written", "below_threshold");
        assertThat(summary.toBuilder().build()).isEqualTo(summary);
        assertThat(summary.withAudit(new RunSummary.AuditCheckpoint("ab".repeat(32), 1)).governanceReasons())
                .isEqualTo(summary.governanceReasons());
        assertThatThrownBy(() -> summary.governanceReasons().add(new GovernanceReason("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new GovernanceReason(null, "y")).isInstanceOf(NullPointerException.class).hasMessage("code");
    }

    @Test
    @DisplayName("an expectation with nothing set is NONE; entities keep their order")
    void expectation() {
        assertThat(Expectation.builder().build()).isEqualTo(Expectation.NONE);
        assertThat(Expectation.NONE.isEmpty()).isTrue();
        assertThat(Expectation.NONE.intentMinScore()).isNegative();
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("order_id", "ORD_1");
        entities.put("email", "a@b.c");
        Expectation expected = Expectation.builder().intent("check_order").entities(entities).build();
        assertThat(expected.isEmpty()).isFalse();
        assertThat(expected.entities().keySet()).containsExactly("order_id", "email");
        assertThat(expected.toBuilder().build()).isEqualTo(expected);
        // Empty maps are shared, not copied: a suite of tens of thousands of tests holds an expectation each.
        Expectation bare = Expectation.builder().intent("greeting").entities(new LinkedHashMap<>()).responseData(new LinkedHashMap<>()).build();
        assertThat(bare.entities()).isSameAs(Map.of());
        assertThat(bare.responseData()).isSameAs(Map.of());
    }

    @Test
    @DisplayName("an intent margin is the best score less the runner-up's, and the runner-up never scores above the best")
    void intentMargin() {
        assertThat(new IntentMargin("order_pizza", 0.71, "opening_hours", 0.63).margin()).isEqualTo(0.08);
        assertThat(new IntentMargin("order_pizza", 0.7, "opening_hours", 0.6).margin()).isEqualTo(0.1);
        assertThat(new IntentMargin("order_pizza", 0.5, "opening_hours", 0.5).margin()).isZero();
        assertThatThrownBy(() -> new IntentMargin("order_pizza", 0.5, "opening_hours", 0.6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opening_hours (0.6) scores above the best");
    }
}
