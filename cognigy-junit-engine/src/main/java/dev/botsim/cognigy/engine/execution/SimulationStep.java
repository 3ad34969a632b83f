package dev.botsim.cognigy.engine.execution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.ConversationGoesLiveException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Sending one message for a test and recording how the test ended. */
public final class SimulationStep {

    private SimulationStep() {
    }

    /** What a test body does; it may send several messages, all added to the observation. */
    @FunctionalInterface
    public interface Body {
        void run(Observation observation) throws Exception;
    }

    /**
     * Identity of a test in its record.
     *
     * @param conversationId the data-file conversation the test is a turn of, or {@code null}
     * @param turn           the test's turn in that conversation, from 1; 0 without a conversation
     * @param approvalFile   the approval file holding the test's approved answer (below the approval folder), or
     *                       {@code null} when the test has none
     * @param locale         the locale the test names ({@code locale:}), or {@code null} for the run's own
     * @param externalId     the test's id in a test-management tool ({@code external_id:} of its case or conversation,
     *                       {@code @Utterance(externalId)}, {@code @Conversation(externalId)}), or {@code null}
     * @param data           the data its message is sent with ({@link TestMessage#data()}), empty for none: a text message's
     *                       is in no other part of its record, and {@code cognigy.replay.redact} names its keys
     */
    public record TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                               String source, int line, Set<String> tags, String approvalFile, String locale,
                               String externalId, java.util.Map<String, Object> data) {

        public TestIdentity {
            data = data == null ? java.util.Map.of() : data;
        }

        /** A test whose message carries no data, or that sends no message of its own (a {@code @Conversation} method). */
        public TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                            String source, int line, Set<String> tags, String approvalFile, String locale, String externalId) {
            this(testId, conversationId, turn, utterance, expected, source, line, tags, approvalFile, locale, externalId,
                    java.util.Map.of());
        }

        /** A test without an external id. */
        public TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                            String source, int line, Set<String> tags, String approvalFile, String locale) {
            this(testId, conversationId, turn, utterance, expected, source, line, tags, approvalFile, locale, null);
        }

        /** A test naming no locale of its own. */
        public TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                            String source, int line, Set<String> tags, String approvalFile) {
            this(testId, conversationId, turn, utterance, expected, source, line, tags, approvalFile, null);
        }

        /** A test without an approved answer. */
        public TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                            String source, int line, Set<String> tags) {
            this(testId, conversationId, turn, utterance, expected, source, line, tags, null);
        }

        /** Whether its answer is compared with an approved answer: it expects one, and its owner keeps a file of them. */
        boolean comparesApprovedAnswer() {
            return expected.comparesApprovedAnswer() && approvalFile != null;
        }
    }

    /** What a failure judged on a replayed answer says of it. */
    static final String REPLAYED = "(the answer was replayed from the test's cassette, cognigy.replay: the bot's answer when"
            + " the test was recorded, not necessarily its answer now — cognigy.replay=auto or record asks the bot)";

    /**
     * The bot's answer to one message as a test sees it, and what the backend said of its flow
     * ({@link TurnResult#flowCaveat()}), for a failing {@code next_flow}, and whether it came from a cassette
     * ({@link TurnResult#replayed()}): a part of it redacted there cannot be checked ({@link RedactedAnswer}); and whether
     * its outputs are known or only its turns' lines ({@link TurnResult#outputsUnknown()}), for Botium's whole-output checks.
     */
    record Answered(SimulationResult result, String flowCaveat, boolean replayed, boolean outputsUnknown) {
    }

    /** Sends one message and checks that the bot answered it at all. */
    static Answered exchange(RunScope run, TestMessage message, Observation observation)
            throws InterruptedException {
        refuseUntakable(run, message.test());
        TurnResult result;
        try {
            java.util.Optional<SimulationPipeline.Sent> ahead = message.mayHaveStartedAhead()
                    ? run.dispatcher().awaitStartedAhead(message.test()) : java.util.Optional.empty();
            if (ahead.isPresent()) {
                observation.sentAt(ahead.get().at(), ahead.get().answeredAt());
                result = ahead.get().result();
            } else {
                observation.sentAt(run.nanoTime().getAsLong());
                result = run.dispatcher().send(run.requests().of(message));
            }
        } catch (BackendException e) {
            observation.addRetries(e.retries());
            observation.unanswered(e);
            throw e;
        }
        observation.add(result);
        // A failed simulation is never an answer, whatever its error looks like; one with a turn error
        // is the bot's misconfiguration, judged against the expectation.
        if ("failed".equals(result.status()) && result.turns().stream().noneMatch(BotTurn::hasError)) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "simulation " + result.simulationId() + " failed: "
                    + java.util.Objects.requireNonNullElse(result.failure(), "the server gave no reason"));
        }
        // Every expectation, even none at all, presumes the bot answered: silence never passes.
        if (result.turns().isEmpty()) {
            throw new AssertionFailedError("the bot gave no answer to \"" + ConsoleText.oneLine(message.shown()) + "\" (" + result.simulationId()
                    + " " + result.status() + " without any turn)" + (result.failure() == null ? "" : ": " + result.failure()));
        }
        return new Answered(new SimulationResult(message.testId(), message.shown(), result.simulationId(), result.turns()),
                result.flowCaveat(), result.replayed(), result.outputsUnknown());
    }

    /**
     * The whole of a one-message test: sends its message, checks the identity's expectation, runs
     * {@code then} on the result (a test method's own assertions) and records the outcome.
     */
    public static void expectAnswer(RunScope run, TestDescriptor descriptor, TestIdentity identity, TestMessage message,
                                    java.util.function.Consumer<SimulationResult> then) throws Exception {
        expectAnswer(run, descriptor, identity, observation -> { }, message, then);
    }

    /**
     * The same, with {@code setup} run first as part of the test (a conversation's earlier turns, sent in its session
     * when the test was selected without them). A failure names the test's file and line (or method) and its id on its
     * first line, since Maven's and Gradle's summaries show that line; its record keeps the message as the bot's
     * answer made it, and names the place in fields of its own.
     */
    public static void expectAnswer(RunScope run, TestDescriptor descriptor, TestIdentity identity, Body setup,
                                    TestMessage message, java.util.function.Consumer<SimulationResult> then) throws Exception {
        // The answer a test method's own assertion failed on, and that failure: said with the answer when thrown.
        SimulationResult[] assertedOn = {null};
        AssertionError[] own = {null};
        try {
            recorded(run, descriptor, identity, observation -> {
                // A test the backend cannot take fails before its setup too: nothing is sent for it.
                refuseUntakable(run, message.test());
                setup.run(observation);
                Answered answered = exchange(run, message, observation);
                verify(run, identity.expected(), answered);
                SimulationResult result = answered.result();
                // The method's own assertions are expectations too: an answer they reject is never approved.
                try {
                    then.accept(result);
                } catch (AssertionError e) {
                    assertedOn[0] = result;
                    own[0] = e;
                    throw e;
                }
                approve(run, descriptor, identity, result, observation);
            });
        } catch (AssertionError e) {
            if (e == own[0]) {
                SimulationResult result = assertedOn[0];
                throw MethodAssertion.explained(e, place(identity), "the method's own assertion failed on the bot's answer to \""
                        + ConsoleText.oneLine(result.utterance()) + "\"", Transcript.of(result.utterance(), result.turns()));
            }
            throw placed(e, place(identity));
        } catch (BackendException e) {
            throw placed(e, place(identity));
        }
    }

    /** Throws why the test {@code test} cannot pass against this bot or backend, found before anything was sent, if any. */
    static void refuseUntakable(RunScope run, org.junit.platform.engine.UniqueId test) {
        run.preflight().problem(test).ifPresent(problem -> {
            throw problem.error();
        });
    }

    /**
     * Compares the answer with the test's approved answer, after its explicit expectations and the test method's own
     * assertions held (an answer that fails them is never approved); an answer recorded rather than compared is said
     * in a report entry of the test.
     */
    static void approve(RunScope run, TestDescriptor descriptor, TestIdentity identity, SimulationResult result,
                        Observation observation) {
        if (!identity.comparesApprovedAnswer()) return;
        dev.botsim.cognigy.engine.approval.Approvals.Checked checked = run.approvals().check(identity.approvalFile(),
                identity.testId(), identity.utterance(), identity.expected().approved(), result, flowNames(run));
        // Kept before a failure is thrown: the record says what became of the approved answer either way.
        keep(run, descriptor, observation, checked);
        if (checked.failure().isPresent()) throw checked.failure().get();
    }

    /**
     * The bot's flows as the run's schema knows them, for an approved answer's {@code next_flow}: approved by one name of
     * a flow (the simulation API's id, a REST Endpoint's display name, a tenant's reference id) and answered by another,
     * it is the same flow, as it is for a {@code next_flow} expectation.
     */
    static dev.botsim.cognigy.engine.approval.FlowNames flowNames(RunScope run) {
        dev.botsim.cognigy.engine.backend.BotSchema schema = run.preflight().schema();
        return new dev.botsim.cognigy.engine.approval.FlowNames() {
            @Override
            public java.util.Optional<String> flow(String name) {
                return schema.reportedFlow(name);
            }

            @Override
            public String label(String name) {
                return schema.flowLabel(name);
            }

            @Override
            public boolean same(String approved, String answered) {
                return schema.sameFlow(approved, answered);
            }
        };
    }

    /** What became of a test's approved answer, kept in its observation; a note about it published as a report entry. */
    static void keep(RunScope run, TestDescriptor descriptor, Observation observation,
                     dev.botsim.cognigy.engine.approval.Approvals.Checked checked) {
        observation.approval(checked.approval());
        checked.note().ifPresent(note -> run.retries().listener().reportingEntryPublished(descriptor,
                ReportEntries.of("cognigy.approval", note)));
    }

    /**
     * {@code made}, which says all {@code first} says (and more), in its place: with {@code first}'s stack trace and
     * suppressed failures, not {@code first} as its cause, which would print the same message twice.
     */
    static <T extends Throwable> T inPlaceOf(T made, Throwable first) {
        made.setStackTrace(first.getStackTrace());
        for (Throwable suppressed : first.getSuppressed()) made.addSuppressed(suppressed);
        return made;
    }

    /**
     * The same failure to get the bot's answer (a timeout, a server that kept failing, no recording to replay), its
     * message starting with {@code place}: Maven's summary of errors shows the first line as it shows a failure's, and
     * with the short test names Surefire would name the test by its utterance alone. Its kind (the outcome) and trace
     * are kept; a missing recording stays one. When the request was repeated first, a second line says so: the retries
     * are report entries of the test, which Surefire's reports leave out, and a failure that already cost four attempts
     * is no blip to rerun.
     */
    static BackendException placed(BackendException e, String place) {
        String message = place + e.getMessage() + e.retriesSaid();
        BackendException placed = e instanceof NotRecordedException ? new NotRecordedException(message)
                : new BackendException(e.kind(), message, e.getCause());
        return inPlaceOf(placed, e);
    }

    /** The same misconfiguration, its message starting with {@code place}. */
    static BotMisconfigurationError placed(BotMisconfigurationError e, String place) {
        return inPlaceOf(new BotMisconfigurationError(e.code(), place + e.getMessage()), e);
    }

    /** {@code e} with {@code place} before its message ({@link #withMessage}). */
    static AssertionFailedError placed(AssertionFailedError e, String place) {
        return withMessage(e, place + e.getMessage());
    }

    /**
     * A test's failed assertion with {@code place} before its message: a declared expectation's or a misconfiguration's
     * (the test's own failures); any other assertion as it was thrown.
     */
    static AssertionError placed(AssertionError e, String place) {
        if (e instanceof AssertionFailedError failed) return placed(failed, place);
        if (e instanceof BotMisconfigurationError misconfigured) return placed(misconfigured, place);
        return e;
    }

    /**
     * {@code e} saying {@code message} in its place ({@link #inPlaceOf}): expected and actual kept for the IDE's diff, its
     * cause, stack trace and suppressed failures as they were.
     */
    static AssertionFailedError withMessage(AssertionFailedError e, String message) {
        return inPlaceOf(e.isExpectedDefined() && e.isActualDefined()
                ? new AssertionFailedError(message, e.getExpected(), e.getActual(), e.getCause())
                : new AssertionFailedError(message, e.getCause()), e);
    }

    /**
     * {@code simulations/orders.sim.yaml:20 test_order_check: }, or {@code com.example.BotTest#greeting test_greeting: };
     * on one line whatever the file is named: a line break or escape sequence in a file's name would start a line of its
     * own in the console (one that reads like the engine's).
     */
    static String place(TestIdentity identity) {
        return ConsoleText.oneLine(identity.source()) + (identity.line() > 0 ? ":" + identity.line() : "") + " "
                + ConsoleText.oneLine(identity.testId()) + ": ";
    }

    /**
     * Sends a message that prepares a test, not a test of its own (an earlier turn of the conversation the selected
     * turn belongs to), and checks its answer. When the answer differs from its expectation, or the bot or its API does
     * not answer, the test fails so, as a test whose setup fails does in JUnit: the earlier turn is no test of this run,
     * so its failure would otherwise show nowhere — an IDE's rerun of a failed turn whose earlier turn now fails would
     * read as a skipped test in a passing run. (When the whole conversation runs, the failed turn is its own failed test
     * and the turns after it are skipped.) A conversation that must go to the bot from its first message instead
     * ({@code cognigy.replay=auto}) and other failures abort the test with the reason, as before: its record is
     * {@link SimulationRecord.SkipReason#SETUP_ABORTED}, unless the run was cancelled or the wait interrupted meanwhile,
     * which the record says as such.
     *
     * @param described what the message is, for the reason: {@code turn 1 "hi"}
     */
    public static void setUp(RunScope run, TestMessage message, Expectation expected, String described)
            throws InterruptedException {
        String failed = "setup " + described + " failed: ";
        try {
            verify(run, expected, exchange(run, message, new Observation()));
        } catch (InterruptedException e) {
            throw e;
        } catch (ConversationGoesLiveException e) {
            throw new EngineAbort(SimulationRecord.SkipReason.SETUP_ABORTED, failed + e.getMessage(), e);
        } catch (BackendException e) {
            throw new BackendException(e.kind(), failed + e.getMessage(), e);
        } catch (AssertionError e) {
            throw new AssertionError(failed + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EngineAbort(e instanceof EngineAbort engine ? engine.reason() : SimulationRecord.SkipReason.SETUP_ABORTED,
                    failed + e.getMessage(), e);
        }
    }

    /**
     * Checks the answer; when it failed because the backend reported no NLU data at all, the
     * failure says what the user must add to the bot rather than only "expected X but was null".
     */
    static void verify(RunScope run, Expectation expected, Answered answered) {
        SimulationResult result = answered.result();
        boolean noNluData = result.turns().stream().allMatch(t -> t.intent() == null && t.flowId() == null);
        // No intent named is no intent recognised only where the backend says which was: through a REST Endpoint, a flow
        // that reported nothing said nothing of it, and not_intent would pass whatever the bot understood.
        // The same holds for no_intent: a flow that ran no Code node (a question asked back, say) recognised something or not.
        boolean unknowable = run.intentUnknownWithoutNluData() && noNluData;
        Optional<String> unknown = unknowable && expected.notIntent() != null
                ? Optional.of("[intent] expected any intent but " + ConsoleText.oneLine(expected.notIntent()) + " (not_intent),"
                        + " and the answer names no intent or flow: whether the bot recognised it is unknown")
                : unknowable && expected.noIntent()
                ? Optional.of("[intent] expected no intent (no_intent), and the answer names no intent or flow: whether the bot"
                        + " recognised one is unknown")
                : Optional.empty();
        // A replayed answer's part redacted in its cassette says nothing of the bot: a check of it is not judged on it.
        if (answered.replayed()) RedactedAnswer.refuseJudging(expected, result);
        try {
            ExpectationVerifier.verify(expected, result, run.preflight().schema(), answered.flowCaveat(), answered.outputsUnknown());
            if (unknown.isPresent()) throw new AssertionFailedError(unknown.get());
        } catch (AssertionFailedError failed) {
            AssertionFailedError e = unknown.isPresent() && !failed.getMessage().startsWith(unknown.get())
                    ? withMessage(failed, failed.getMessage() + "\n" + unknown.get()) : failed;
            // Quick replies, buttons, output data and text come without NLU data; only an NLU expectation that
            // fails, or cannot be checked, deserves the advice.
            Optional<String> hint = run.missingNluDataHint()
                    .filter(advice -> noNluData && (unknown.isPresent() || ExpectationVerifier.failsOnNlu(expected, result)))
                    // An answer with an intent, not the expected one: was the expected one ever the bot's?
                    .or(() -> java.util.Objects.equals(expected.intent(), result.intent()) ? Optional.empty()
                            : run.preflight().unlistedIntent(expected.intent()));
            // A replayed answer is the bot's when the test was recorded: say so, or a reader takes it for the bot's now.
            Optional<String> replayed = answered.replayed() ? Optional.of(REPLAYED) : Optional.empty();
            List<String> hints = java.util.stream.Stream.of(hint, run.preflight().unknownNames(expected), replayed)
                    .flatMap(Optional::stream).toList();
            if (hints.isEmpty()) throw e;
            throw withMessage(e, e.getMessage() + "\n" + String.join("\n", hints));
        }
    }

    /** Runs a test body and hands its record to the listeners, whatever the outcome; rethrows the failure. */
    public static void recorded(RunScope run, TestDescriptor descriptor, TestIdentity identity, Body body)
            throws Exception {
        recorded(run, descriptor, identity, body, () -> null);
    }

    /** The same for a test that ran several times: its record carries how its runs fared. */
    static void recorded(RunScope run, TestDescriptor descriptor, TestIdentity identity, Body body,
                         java.util.function.Supplier<dev.botsim.cognigy.spi.Repetitions> repetitions) throws Exception {
        long start = run.nanoTime().getAsLong();
        Observation observation = new Observation();
        Throwable failure = null;
        try {
            body.run(observation);
        } catch (Exception | AssertionError e) {
            failure = e;
            if (e instanceof RedactedAnswer.Unjudged) observation.unjudged();
            if (run.tolerant() && tolerable(e, observation)) {
                // Tolerant mode: visible with its reason, judged with the others at the end of the run.
                throw new org.opentest4j.TestAbortedException("tolerated (cognigy.governance.mode=tolerant): " + e.getMessage(), e);
            }
            throw e;
        } catch (Error e) {
            // A test method's helper class that failed to load, a pattern's search overflowing the stack: JUnit fails the
            // test, and its record says so, or every report, the governance verdict, the audit trail and the webhook would
            // count as passed a test the build shows failed.
            failure = e;
            throw e;
        } finally {
            run.retries().publish(descriptor, observation.retries());
            // A test whose message was sent ahead of its body (the pipeline keeps max-concurrency in flight) began when it
            // was sent, before or after its body began: a message waiting behind max-concurrency others is not yet the
            // bot's time, and an answer that came before the body began waited for the tests ahead of it, which is
            // neither the bot's time nor the test's.
            Optional<Long> answeredAhead = observation.firstAnswered();
            long began = answeredAhead.isPresent() ? observation.firstSent().orElseThrow() : start;
            Duration waited = answeredAhead.filter(answered -> answered - start < 0)
                    .map(answered -> Duration.ofNanos(start - answered)).orElse(Duration.ZERO);
            run.ledger().record(record(descriptor, identity).actual(observation.turns()).intentMargin(intentMargin(observation.turns()))
                    .outcome(Outcomes.of(failure))
                    .message(failure == null ? null : failure.getMessage()).duration(Duration.ofNanos(run.nanoTime().getAsLong() - began).minus(waited))
                    .attempts(observation.retries().size()).retryLog(observation.retries()).replayed(observation.replayed())
                    .replayedAnswers(observation.replayedAnswers()).repetitions(repetitions.get())
                    .approval(observation.approval()).userTurns(observation.said()).sent(observation.sent())
                    .unjudged(failure != null && Outcomes.of(failure) == dev.botsim.cognigy.spi.Outcome.FAILED
                            && observation.judgedNothing()).skipReason(Outcomes.skipReason(failure)).build());
        }
    }

    /**
     * Whether tolerant governance tolerates the failure {@code e} of the test {@code observation} watched: a wrong answer
     * only. An answer compared with nothing — no approved answer for what the test says, an approval file that cannot be
     * read or was refused ({@link dev.botsim.cognigy.spi.SimulationRecord.Approval#unjudged()}), checks that fell on a
     * part of a replayed answer its cassette holds redacted ({@link RedactedAnswer}) — is no wrong answer: it says
     * nothing of the bot, and fails its test as invalid input does. The record says so in its {@code approval} or
     * {@code unjudged} ({@link dev.botsim.cognigy.spi.SimulationRecord#notCompared()}), so {@code merge} judges it the
     * same way.
     */
    static boolean tolerable(Throwable e, Observation observation) {
        dev.botsim.cognigy.spi.SimulationRecord.Approval approval = observation.approval();
        return Outcomes.of(e) == dev.botsim.cognigy.spi.Outcome.FAILED && (approval == null || !approval.unjudged())
                && !observation.judgedNothing();
    }

    /**
     * Records a test JUnit skipped without running it (left out with {@code @Disabled}, a conversation's turn after a
     * failed one): a result of the run like any other, SKIPPED with the reason in words and as {@code kind}, so reports
     * count what Surefire and the IDE count. Its message was never sent.
     */
    public static void skipped(RunScope run, TestDescriptor descriptor, TestIdentity identity,
                               SimulationRecord.SkipReason kind, String reason) {
        run.ledger().record(record(descriptor, identity).outcome(dev.botsim.cognigy.spi.Outcome.SKIPPED).message(reason)
                .skipReason(kind).duration(Duration.ZERO).sent(false).build());
    }

    /** What a test's record says of the test itself, whatever became of it. */
    private static SimulationRecord.Builder record(TestDescriptor descriptor, TestIdentity identity) {
        return SimulationRecord.builder().uniqueId(descriptor.getUniqueId().toString()).testId(identity.testId())
                .conversationTurn(identity.conversationId(), identity.turn()).displayName(descriptor.getDisplayName())
                .source(identity.source()).line(identity.line()).tags(identity.tags()).utterance(identity.utterance())
                .expected(identity.expected()).locale(identity.locale()).externalId(identity.externalId()).data(identity.data());
    }

    /**
     * The margin between the two best intents of the first turn whose backend gave the NLU's whole ranking, or
     * {@code null}: the ranking travels from the backend in the turn's output data, and listeners read it here.
     */
    private static IntentMargin intentMargin(List<BotTurn> turns) {
        return turns.stream().map(IntentRanking::of).flatMap(Optional::stream).findFirst()
                .flatMap(IntentRanking::margin).orElse(null);
    }
}
