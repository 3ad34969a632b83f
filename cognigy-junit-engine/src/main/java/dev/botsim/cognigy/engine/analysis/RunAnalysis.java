package dev.botsim.cognigy.engine.analysis;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * What a finished run amounts to: outcome counts, the governance verdict, flow coverage, the intent
 * confusion matrix (expected against recognised) and misconfigurations by flow and error code.
 *
 * @param misconfigurations         turns carrying an error code, by flow and code, whoever expected them
 * @param expectedMisconfigurations those of them on a test that expected that code ({@code error_code}): a negative
 *                                  test proving the flow is not deployed, not a finding of the run
 * @param stability                 the tests that ran more than once, by verdict and with their distributions
 * @param byLocale                  the NLU figures per locale ({@link LocaleNlu}) when the run's NLU tests span more than
 *                                  one, in name order; empty otherwise. {@code confusion}, {@code intentQuality} and
 *                                  {@code stability} are the whole run's, every locale merged, as in a run of one locale
 * @param passRates                 each locale's outcomes ({@link LocalePassRate}), in name order, when the run was
 *                                  judged per locale ({@code cognigy.governance.per-locale}); empty otherwise, so the
 *                                  reports of a run judged as a whole are as they were
 */
public record RunAnalysis(Map<Outcome, Long> outcomes, GovernanceVerdict verdict, FlowCoverage coverage,
                          Map<String, Map<String, Long>> confusion, Map<String, Map<String, Long>> misconfigurations,
                          SchemaCoverage intents, SchemaCoverage entities, Map<String, Map<String, Long>> transitions,
                          Map<String, Map<String, Long>> expectedMisconfigurations, IntentQuality intentQuality,
                          StabilityAnalysis stability, Map<String, LocaleNlu> byLocale, Map<String, LocalePassRate> passRates) {

    public RunAnalysis {
        byLocale = java.util.Collections.unmodifiableMap(new TreeMap<>(byLocale));
        passRates = java.util.Collections.unmodifiableMap(new TreeMap<>(passRates));
    }

    /**
     * The confusion matrix of some tests and the tests behind each of its rows.
     *
     * @param confusion      observations (a test's answered runs) by expected and recognised intent
     * @param testsExpecting the tests behind each row: a repeated test is one test
     */
    record Matrix(Map<String, Map<String, Long>> confusion, Map<String, Long> testsExpecting) {

        static Matrix of(List<SimulationRecord> records) {
            Map<String, Map<String, Long>> confusion = new TreeMap<>();
            Map<String, Long> testsExpecting = new TreeMap<>();
            for (SimulationRecord record : records) {
                // A skipped test is no observation of the NLU, as it is no test of the pass rate: its own assumption
                // stopped it after the answer came, or a cancelled run aborted it. A repeated test aborted midway was never
                // judged: its record says its runs reached the bot (sent) but carries no repetitions, and its actual, the
                // run it stopped at, is not counted either.
                Map<String, Long> recognised = record.outcome() == Outcome.SKIPPED ? Map.of() : recognised(record);
                // A test expecting no intent (an out-of-scope sentence) is a row of its own, (none): an intent recognised
                // for it is a false positive of that intent.
                String expectedClass = record.expected().intent() != null ? record.expected().intent()
                        : record.expected().noIntent() ? IntentQuality.NO_INTENT : null;
                if (expectedClass != null && !recognised.isEmpty()) {
                    Map<String, Long> row = confusion.computeIfAbsent(expectedClass, k -> new TreeMap<>());
                    recognised.forEach((intent, runs) -> row.merge(intent, runs, Long::sum));
                    testsExpecting.merge(expectedClass, 1L, Long::sum);
                }
            }
            return new Matrix(confusion, testsExpecting);
        }
    }

    /** The run analysed with the default fragile margin ({@code cognigy.nlu.margin} not set). */
    public static RunAnalysis of(RunInfo run, List<SimulationRecord> records, BigDecimal threshold) {
        return of(run, records, threshold, dev.botsim.cognigy.engine.config.ReportSettings.DEFAULT_FRAGILE_MARGIN);
    }

    /**
     * @param fragileMargin lead of the best intent over the runner-up below which an utterance is fragile
     */
    public static RunAnalysis of(RunInfo run, List<SimulationRecord> records, BigDecimal threshold, double fragileMargin) {
        return of(run, records, threshold, fragileMargin, false);
    }

    /**
     * @param perLocale whether the threshold holds for each locale's tests as well as for the whole run
     *                  ({@code cognigy.governance.per-locale}): the verdict then has a reason for each locale that falls
     *                  short, and {@link #passRates()} every locale's outcomes
     */
    public static RunAnalysis of(RunInfo run, List<SimulationRecord> records, BigDecimal threshold, double fragileMargin,
                                 boolean perLocale) {
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) outcomes.put(o, 0L);
        Map<String, Map<String, Long>> misconfigurations = new TreeMap<>();
        Map<String, Map<String, Long>> expectedMisconfigurations = new TreeMap<>();
        java.util.Set<String> intentsSeen = new java.util.TreeSet<>();
        java.util.Set<String> entitiesSeen = new java.util.TreeSet<>();
        Map<String, TreeMap<Integer, String>> conversations = new TreeMap<>();
        for (SimulationRecord record : records) {
            for (BotTurn turn : record.actual()) {
                if (turn.intent() != null) intentsSeen.add(turn.intent());
                entitiesSeen.addAll(turn.entities().keySet());
            }
            // A repeated test's actual is one of its runs; what the others recognised was recognised in this run too.
            if (record.repetitions() != null) intentsSeen.addAll(answered(record.repetitions().intents()));
            // Which conversation and turn a record is comes from the record itself; its test id is only a name.
            String flow = lastFlow(record.actual());
            if (record.conversationId() != null && flow != null) {
                conversations.computeIfAbsent(record.conversationId(), k -> new TreeMap<>()).put(record.turn(), flow);
            }
            outcomes.merge(record.outcome(), 1L, Long::sum);
            for (BotTurn turn : record.actual()) {
                if (turn.hasError()) {
                    String flowName = turn.flowId() == null ? "(no flow)" : turn.flowId();
                    misconfigurations.computeIfAbsent(flowName, k -> new TreeMap<>()).merge(turn.errorCode(), 1L, Long::sum);
                    if (turn.errorCode().equals(record.expected().errorCode())) {
                        expectedMisconfigurations.computeIfAbsent(flowName, k -> new TreeMap<>()).merge(turn.errorCode(), 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, Map<String, Long>> transitions = new TreeMap<>();
        for (TreeMap<Integer, String> flows : conversations.values()) {
            String previous = null;
            for (String flow : flows.values()) {
                if (previous != null) transitions.computeIfAbsent(previous, k -> new TreeMap<>()).merge(flow, 1L, Long::sum);
                previous = flow;
            }
        }
        long total = records.size() - outcomes.get(Outcome.SKIPPED);
        long invalidInputs = records.stream().filter(SimulationRecord::invalidInput).count();
        long notCompared = records.stream().filter(SimulationRecord::notCompared).count();
        Map<String, LocalePassRate> passRates = perLocale ? LocalePassRate.of(run, records) : Map.of();
        GovernanceVerdict verdict = GovernanceVerdict.of(outcomes.get(Outcome.PASSED), total, threshold, invalidInputs,
                notCompared, outcomes.get(Outcome.SKIPPED), LocalePassRate.shortfalls(passRates, threshold));
        Matrix matrix = Matrix.of(records);
        java.util.Set<String> botIntents = botIntents(run.bot().intents(), intentsSeen);
        return new RunAnalysis(outcomes, verdict, FlowCoverage.of(run.expectedFlows(), records), matrix.confusion(), misconfigurations,
                new SchemaCoverage(run.bot().intents(), intentsSeen), new SchemaCoverage(run.bot().entities(), entitiesSeen),
                transitions, expectedMisconfigurations,
                IntentQuality.of(matrix.confusion(), matrix.testsExpecting(), records, fragileMargin, botIntents),
                StabilityAnalysis.of(records), LocaleNlu.of(run, records, fragileMargin, botIntents), passRates);
    }

    /**
     * What the NLU recognised for a test, by how many of its runs: the first intent of its answer ({@value
     * IntentQuality#NO_INTENT} when none), once for a test run once, and for each run of a repeated test — every run is
     * an observation of the NLU, not only the one its result shows (its first failing run when it failed). A run that
     * never sent the message (a conversation's run stopped at an earlier turn) or got no answer (an error, a timeout)
     * recognised nothing, right or wrong, and is left out, as a test run once without an answer is.
     */
    static Map<String, Long> recognised(SimulationRecord record) {
        dev.botsim.cognigy.spi.Repetitions runs = record.repetitions();
        if (runs == null) {
            if (record.actual().isEmpty()) return Map.of();
            return Map.of(record.actual().stream().map(BotTurn::intent).filter(i -> i != null).findFirst()
                    .orElse(IntentQuality.NO_INTENT), 1L);
        }
        Map<String, Long> recognised = new TreeMap<>();
        runs.intents().forEach((intent, count) -> {
            if (intent.equals(dev.botsim.cognigy.spi.Repetitions.NOT_SENT)) return;
            // The distribution counts a run without an answer under (none) too.
            long answered = intent.equals(dev.botsim.cognigy.spi.Repetitions.NONE) ? count - runs.unanswered() : count;
            if (answered > 0) recognised.put(intent, answered);
        });
        return recognised;
    }

    /** The values a repeated test's runs gave, leaving out runs that gave none or never sent the message. */
    static java.util.Set<String> answered(Map<String, Integer> distribution) {
        java.util.Set<String> values = new java.util.TreeSet<>(distribution.keySet());
        values.remove(dev.botsim.cognigy.spi.Repetitions.NONE);
        values.remove(dev.botsim.cognigy.spi.Repetitions.NOT_SENT);
        return values;
    }

    /**
     * The bot's intents as far as the run can tell: those its schema lists and any an answer recognised (a tenant's list
     * may leave out intents of flows attached to attached flows); empty when the schema lists none.
     */
    private static java.util.Set<String> botIntents(java.util.Set<String> listed, java.util.Set<String> recognised) {
        if (listed.isEmpty()) return java.util.Set.of();
        java.util.Set<String> all = new java.util.TreeSet<>(listed);
        all.addAll(recognised);
        return all;
    }

    /** The same run once its audit record failed to be written, for {@code reason}: its verdict is UNAUDITED. */
    public RunAnalysis unaudited(dev.botsim.cognigy.spi.GovernanceReason reason) {
        return withVerdict(verdict.unaudited(reason));
    }

    /**
     * The run's analysis when the configuration requires the bot's own answers ({@code cognigy.governance.require-live}):
     * compliant at best {@code REVIEW_REQUIRED} when some of its answers were replayed from cassettes, or a stand-in (the
     * sandbox) answered in the bot's place, each said as a reason.
     *
     * @param replayed how many of the run's tests were answered from a cassette, wholly or partly
     * @param standIn  what answered in the bot's place ({@link RunInfo#standIn()}), if anything
     */
    public RunAnalysis liveRequired(long replayed, java.util.Optional<String> standIn) {
        return withVerdict(verdict.liveRequired(replayed, standIn));
    }

    /**
     * The run's analysis when it was stopped before all its tests had reported, for {@code reason} (the JVM shut down,
     * JUnit cancelled it): {@code INTERRUPTED}, whatever its pass rate.
     */
    public RunAnalysis interrupted(dev.botsim.cognigy.spi.GovernanceReason reason) {
        return withVerdict(verdict.interrupted(reason));
    }

    /** The analysis of {@code part} of a split run: its own figures, its verdict {@code DEFERRED} to the merge. */
    public RunAnalysis deferred(String part) {
        return withVerdict(verdict.deferred(VerdictReasons.deferred(part)));
    }

    private RunAnalysis withVerdict(GovernanceVerdict judged) {
        return new RunAnalysis(outcomes, judged, coverage, confusion, misconfigurations, intents, entities,
                transitions, expectedMisconfigurations, intentQuality, stability, byLocale, passRates);
    }

    /** How many of the turns with this flow and code carried it without a test expecting it. */
    public long unexpectedMisconfigurations(String flow, String code) {
        return misconfigurations.getOrDefault(flow, Map.of()).getOrDefault(code, 0L)
                - expectedMisconfigurations.getOrDefault(flow, Map.of()).getOrDefault(code, 0L);
    }

    /**
     * The flow a conversation's turn ended in: that of its last turn that ran. A turn answered {@code FLOW_NOT_DEPLOYED}
     * names the flow its input was meant for, which never ran: the conversation stayed where it was, so no transition
     * leads into that flow (the misconfigurations list the attempt).
     */
    private static String lastFlow(List<BotTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).flowId() != null && !FlowCoverage.neverRan(turns.get(i))) return turns.get(i).flowId();
        }
        return null;
    }

    /** The figures listeners receive. */
    public dev.botsim.cognigy.spi.RunSummary summary() {
        return dev.botsim.cognigy.spi.RunSummary.builder().outcomes(outcomes).total(total()).passRate(passRate())
                .governance(verdict.status()).flowCoverage(coverage.ratio()).flowHits(coverage.hits())
                .intentCoverage(intents.ratio()).entityCoverage(entities.ratio())
                .stability(stability.any() ? stability.counts() : Map.of()).governanceReasons(verdict.reasons())
                .byLocale(localeFigures()).build();
    }

    /**
     * {@link #byLocale()} as listeners, the audit record and the webhook payload get it, in name order; empty when the
     * run's NLU tests span one locale or none.
     */
    public Map<String, dev.botsim.cognigy.spi.NluFigures> localeFigures() {
        Map<String, dev.botsim.cognigy.spi.NluFigures> figures = new java.util.LinkedHashMap<>();
        byLocale.forEach((locale, nlu) -> figures.put(locale, nlu.figures()));
        return figures;
    }

    /**
     * The locales that do not meet the threshold the run was judged by, each with its outcomes, in name order: those the
     * verdict names ({@link VerdictReasons#LOCALE_BELOW_THRESHOLD}, {@link VerdictReasons#LOCALE_NOTHING_RAN}); empty when
     * the run was not judged per locale, its tests are of one locale, or none of them ran.
     */
    public Map<String, LocalePassRate> localesFallingShort() {
        if (LocalePassRate.shortfalls(passRates, verdict.threshold()).isEmpty()) return Map.of();
        Map<String, LocalePassRate> falling = new java.util.LinkedHashMap<>();
        passRates.forEach((locale, rate) -> {
            if (!rate.meets(verdict.threshold())) falling.put(locale, rate);
        });
        return falling;
    }

    public long total() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum() - outcomes.get(Outcome.SKIPPED);
    }

    /** Passed ÷ ran, 0 when nothing ran. */
    public double passRate() {
        return total() == 0 ? 0 : (double) outcomes.get(Outcome.PASSED) / total();
    }
}
