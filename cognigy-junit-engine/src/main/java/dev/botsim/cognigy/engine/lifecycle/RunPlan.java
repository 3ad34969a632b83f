package dev.botsim.cognigy.engine.lifecycle;

import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;
import dev.botsim.cognigy.engine.execution.NamesLocale;
import dev.botsim.cognigy.engine.execution.NamesUser;
import dev.botsim.cognigy.engine.execution.RunsAgainstDeployment;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.engine.execution.Preflight;
import dev.botsim.cognigy.engine.execution.PreflightProblem;
import dev.botsim.cognigy.engine.execution.Repeats;
import dev.botsim.cognigy.engine.execution.StartsAhead;
import dev.botsim.cognigy.engine.execution.DisabledTests;
import dev.botsim.cognigy.engine.execution.UsesDataFile;
import dev.botsim.cognigy.engine.stability.RepeatPolicy;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * What the run will do, worked out from the test tree and the bot's schema before anything is
 * sent: the run as listeners see it start, the tests that cannot pass against this bot, the data
 * files the audit record hashes, and the single-turn tests to start ahead. The tree is read through
 * the roles its nodes declare ({@link DeclaresExpectations}, {@link StartsAhead},
 * {@link ExpectsFlows}, {@link UsesDataFile}), never by node type, in one walk.
 *
 * @param dataFiles  SHA-256 of each data file of the run, by resource, in resource order (as the record lists them)
 * @param startAhead the tests to start ahead, in tree order; none already known to fail preflight
 * @param nluTests   how many tests are scored by the NLU ({@code mode: nlu}) rather than sent to the run's backend
 * @param flowSends  runs of tests that will send to the run's backend: those not in {@code mode: nlu} and not failing
 *                   preflight, each counted as often as it runs ({@code cognigy.repeat}, {@code repeat:}): a test that
 *                   never repeats (a playbook's step in mode {@code existing}) once, and the turns of a conversation
 *                   the bot cannot answer at all (one of its turns fails preflight) once each up to that turn
 * @param nluSends   runs of tests that will be scored by the NLU: those in {@code mode: nlu} not failing preflight
 * @param unknownFlows the expected flows that are not flows of the bot, one warning for each place that declares any,
 *                     in tree order ({@link UnknownExpectedFlows}); none when the backend knows no flow list
 */
record RunPlan(RunInfo info, Preflight preflight, Map<String, String> dataFiles, Map<UniqueId, StartsAhead> startAhead,
               long nluTests, long flowSends, long nluSends, List<String> unknownFlows) {

    RunPlan {
        unknownFlows = List.copyOf(unknownFlows);
    }

    RunPlan(RunInfo info, Preflight preflight, Map<String, String> dataFiles, Map<UniqueId, StartsAhead> startAhead,
            long nluTests, long flowSends, long nluSends) {
        this(info, preflight, dataFiles, startAhead, nluTests, flowSends, nluSends, List.of());
    }

    static RunPlan of(TestDescriptor root, EngineConfig config, BotSchema schema, String backend, Clock clock) {
        return of(root, config, schema, backend, false, true, Optional.empty(), clock);
    }

    static RunPlan of(TestDescriptor root, EngineConfig config, BotSchema schema, String backend, boolean intentsOnly,
                      boolean richContent, Optional<Pattern> userIds, Clock clock) {
        return of(root, config, schema, backend, intentsOnly, richContent, userIds, RunStart.now(clock));
    }

    /**
     * The bots the run's tests name ({@code bot:}), as the plan's run info names them; {@code null} when none does. One
     * walk of its own, for the report folder's mark, written before the schema the plan needs is read.
     */
    static String botNameOf(TestDescriptor root) {
        return botName(SeveralBots.ofRun(root));
    }

    /** The unique ids of every test of the run. */
    static Set<String> testIdsOf(TestDescriptor root) {
        Set<String> tests = new HashSet<>();
        root.accept(node -> {
            if (node.isTest()) tests.add(node.getUniqueId().toString());
        });
        return tests;
    }

    /** Whether the run has a test scored by the NLU ({@code mode: nlu}), as its plan counts them. */
    static boolean hasNluTests(TestDescriptor root) {
        boolean[] found = {false};
        root.accept(node -> {
            if (node.isTest() && node instanceof DeclaresExpectations declared && declared.scoredByNlu()) found[0] = true;
        });
        return found[0];
    }

    /** The locales the run's tests and conversations name. */
    static Set<String> localesOf(TestDescriptor root) {
        Set<String> locales = new HashSet<>();
        root.accept(node -> {
            if (node instanceof NamesLocale named) locales.add(named.namedLocale());
        });
        return locales;
    }

    private static String botName(Set<String> bots) {
        return bots.isEmpty() ? null : String.join(", ", bots);
    }

    /**
     * @param intentsOnly whether the backend checks intents of single-utterance tests only, refusing any other test
     * @param richContent whether its answers can carry quick replies, buttons and output data; if not, a test expecting
     *                    them is refused
     * @param userIds     the user ids the backend takes, when it takes only some; a test naming another is refused
     * @param start       the run's batch id and when it started
     */
    static RunPlan of(TestDescriptor root, EngineConfig config, BotSchema schema, String backend, boolean intentsOnly,
                      boolean richContent, Optional<Pattern> userIds, RunStart start) {
        Walk walk = new Walk(schema, config.extraFlows(), intentsOnly, richContent, userIds, backend, RepeatPolicy.of(config),
                SeveralBots.ofRun(root));
        root.accept(walk::visit);
        walk.conversationsSent();
        RunInfo info = RunInfo.builder().batchId(start.batchId()).started(start.started()).backend(backend)
                .botName(botName(walk.bots)).expectedFlows(List.copyOf(walk.flows))
                .plannedTests(walk.planned).configuration(config.parameters())
                .bot(RunInfo.BotFacts.builder().intents(schema.intents().orElse(Set.of()))
                        .entities(schema.entities().orElse(Set.of())).flows(schema.flows().orElse(Set.of()))
                        .unknown(schema.unknown()).underTest(schema.underTest().orElse(walk.sharedDeployment())).build())
                // One part of a split run: its reports, console and listeners say which, and that the verdict is the merge's.
                .part(config.run().part().orElse(null))
                .build();
        return new RunPlan(info, new Preflight(walk.problems, schema.intents().orElse(Set.of()), schema), Collections.unmodifiableMap(walk.dataFiles),
                Collections.unmodifiableMap(walk.startAhead), walk.nluTests, walk.flowSends, walk.nluSends,
                walk.unknownFlows.warnings());
    }

    /**
     * About how many messages {@code tests} of the run's tests still to finish will send: as many as a test sends on
     * average in this run, so a repeated test counts its runs (what a request budget's wait is estimated from).
     */
    long messagesFor(long tests) {
        long planned = info.plannedTests();
        return planned == 0 ? tests : (long) Math.ceil((double) tests * (flowSends + nluSends) / planned);
    }

    /** This plan with the run as listeners see it replaced (the same run, with facts learnt after planning). */
    RunPlan withInfo(RunInfo info) {
        return new RunPlan(info, preflight, dataFiles, startAhead, nluTests, flowSends, nluSends, unknownFlows);
    }

    /** What one walk over the tree collects. */
    private static final class Walk {
        private final BotSchema schema;
        private final Set<String> flows;
        private final Set<String> bots = new TreeSet<>();
        /** The bots of the run's sent tests ({@link SeveralBots#ofRun}). */
        private final Set<String> runBots;
        private final Map<UniqueId, PreflightProblem> problems = new LinkedHashMap<>();
        private final Map<String, String> dataFiles = new TreeMap<>();
        private final Map<UniqueId, StartsAhead> startAhead = new LinkedHashMap<>();
        private final boolean intentsOnly;
        private final boolean richContent;
        private final Optional<Pattern> userIds;
        private final String backend;
        private long planned;
        private final Set<BotUnderTest> deployments = new java.util.LinkedHashSet<>();
        private final UnknownExpectedFlows unknownFlows;

        /** The deployment every container that knows its own ran against, or {@code null} when they differ or there are none. */
        BotUnderTest sharedDeployment() {
            return deployments.size() == 1 ? deployments.iterator().next() : null;
        }
        private long nluTests;
        private long flowSends;
        private long nluSends;
        /** How many times a test runs, as its tests will be run. */
        private final RepeatPolicy repeat;
        /** The turn tests of each conversation, by the conversation's id, in order: counted once all are seen. */
        private final Map<UniqueId, List<Turn>> conversations = new LinkedHashMap<>();

        /** A conversation's turn test: whether it fails preflight, how often it runs when its conversation repeats. */
        private record Turn(boolean refused, int runs, boolean scoredByNlu) {
        }

        Walk(BotSchema schema, List<String> extraFlows, boolean intentsOnly, boolean richContent, Optional<Pattern> userIds,
             String backend, RepeatPolicy repeat, Set<String> runBots) {
            this.schema = schema;
            this.runBots = runBots;
            this.intentsOnly = intentsOnly;
            this.richContent = richContent;
            this.userIds = userIds;
            this.backend = backend;
            this.repeat = repeat;
            this.flows = new TreeSet<>();
            this.unknownFlows = new UnknownExpectedFlows(schema);
            extraFlows.forEach(this::expectFlow);
            unknownFlows.check(extraFlows, flow -> UnknownExpectedFlows.CONFIGURED);
        }

        /**
         * A flow written by its display name or an id counts as the flow the answers name: once, however written. One
         * the schema does not know counts as written, composed (NFC) as the answers name flows.
         */
        private void expectFlow(String flow) {
            flows.add(schema.reportedFlow(flow).orElseGet(() -> ComposedText.of(flow)));
        }

        void visit(TestDescriptor node) {
            if (node instanceof RunsAgainstDeployment runs && runs.deployment() != null) deployments.add(runs.deployment());
            // A class of another bot, left out whole with @Disabled: neither its bot nor its flows are the run's.
            if (node instanceof ExpectsFlows expects && !SeveralBots.ofAnotherBot(expects, runBots)) {
                expects.expectedFlows().forEach(this::expectFlow);
                unknownFlows.check(expects.expectedFlows(), expects::flowDeclaredAt);
                if (expects.botName() != null) bots.add(expects.botName());
            }
            if (node instanceof UsesDataFile file && file.sha256() != null) dataFiles.put(file.resource(), file.sha256());
            if (!node.isTest()) return;
            planned++;
            // Left out with @Disabled: skipped when its turn comes, nothing checked or sent ahead.
            if (DisabledTests.reason(node).isPresent()) return;
            UniqueId test = node.getUniqueId();
            boolean scoredByNlu = node instanceof DeclaresExpectations declared && declared.scoredByNlu();
            // A user id the backend does not take is never sent: the test fails before sending. A test the NLU scores
            // sends no user id.
            Optional<PreflightProblem> refused = node instanceof NamesUser user && !scoredByNlu
                    ? userIds.flatMap(taken -> PreflightProblem.userId(user.namedUser(), taken, backend)) : Optional.empty();
            if (node instanceof DeclaresExpectations declared) {
                // A test the backend cannot check fails before sending, rather than pass on what was never looked at.
                if (scoredByNlu) nluTests++;
                if (refused.isEmpty() && (intentsOnly || scoredByNlu)) {
                    refused = PreflightProblem.beyondIntents(declared.declaredExpectations(), node instanceof StartsAhead);
                }
                if (refused.isEmpty() && !richContent) refused = PreflightProblem.richContent(declared.declaredExpectations(), backend);
                refused = refused.or(() -> PreflightProblem.of(schema, declared.declaredExpectations()));
            }
            refused.ifPresent(p -> problems.put(test, p));
            // A repeated test sends its message as often as it runs; one that never repeats (a playbook's step: Cognigy's
            // own test) sends it once, whatever cognigy.repeat says.
            int runs = node instanceof Repeats repeats ? repeat.runsFor(repeats.ownRepeat()) : 1;
            // A conversation's turn (it checks an answer, repeats, and is not started ahead: its conversation sends it) is
            // counted with the other turns of its conversation, which repeats whole or runs once.
            if (node instanceof Repeats && node instanceof DeclaresExpectations && !(node instanceof StartsAhead)
                    && node.getParent().isPresent()) {
                conversations.computeIfAbsent(node.getParent().get().getUniqueId(), k -> new java.util.ArrayList<>())
                        .add(new Turn(problems.containsKey(test), runs, scoredByNlu));
                return;
            }
            // One already known to fail is not sent: its test fails without anything submitted.
            if (problems.containsKey(test)) return;
            sends(runs, scoredByNlu);
            if (node instanceof StartsAhead ahead) startAhead.put(test, ahead);
        }

        /**
         * Counts the turns of the conversations seen: each turn as often as its conversation runs. A conversation one of
         * whose turns fails preflight runs once, whatever its repeat (the bot cannot answer it at all), and ends at that
         * turn: the turns before it are sent once, it and the turns after it not at all.
         */
        void conversationsSent() {
            for (List<Turn> turns : conversations.values()) {
                boolean once = turns.stream().anyMatch(Turn::refused);
                for (Turn turn : turns) {
                    if (turn.refused()) break;
                    sends(once ? 1 : turn.runs(), turn.scoredByNlu());
                }
            }
        }

        private void sends(long runs, boolean scoredByNlu) {
            if (scoredByNlu) nluSends += runs;
            else flowSends += runs;
        }
    }
}
