package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apiguardian.api.API;

import dev.botsim.cognigy.annotations.BotTurn;

/**
 * One finished test of the run, as listeners see it.
 *
 * <p>Read it through its accessors. It is built with {@link #builder()}, which gives a component added later a
 * default, so the engine's and a listener's tests that build records keep compiling; the canonical constructor
 * changes with the components.
 *
 * @param uniqueId       JUnit unique id of the test
 * @param testId         the case id as reports show it ({@code test_order_check}, {@code test_variants[2]},
 *                       {@code test_conv#3} for the third turn of conversation {@code test_conv}). A name, not
 *                       a structure: which conversation and turn a test is are {@link #conversationId} and
 *                       {@link #turn}
 * @param conversationId the id of the data-file conversation this test is a turn of ({@code test_conv}), or
 *                       {@code null} when it is not a turn of one: a single-turn simulation, a problem test, or
 *                       a {@code @Conversation} method (one test whose {@link #actual} holds every turn of its
 *                       session)
 * @param turn           this test's position in its conversation, from 1; 0 exactly when {@code conversationId}
 *                       is {@code null}
 * @param displayName    what the IDE and Surefire show
 * @param source         data file (classpath-relative) or class the test comes from
 * @param line           line in the data file, or 0
 * @param tags           tags of the test
 * @param utterance      the message sent (a data-only message as its data, {@code data {"action":"GO"}}), or
 *                       {@code null} for programmatic conversations and problem tests
 * @param expected       what was expected ({@link Expectation#NONE} when nothing)
 * @param actual         the bot's turns, empty when none were received
 * @param outcome        how it ended
 * @param message        why it did not pass, or {@code null}
 * @param duration       wall time of the test, from its first message sent (ahead of its body when the run sent it
 *                       ahead, as it does to keep max-concurrency in flight) to its end
 * @param attempts       HTTP attempts beyond the first (retries), for reports
 * @param invalidInput   whether the test stands for input that could not be turned into tests (a data file with a
 *                       syntax error, an unknown key, a duplicate id, a wrongly declared method): such a test is
 *                       {@link Outcome#FAILED}, and a run holding one is never {@link Governance#COMPLIANT}
 * @param intentMargin   the two best intents the NLU scored the utterance with, when the backend gave the whole
 *                       ranking (the {@code nlu} backend), else {@code null}: a backend that reports only the
 *                       recognised intent's score claims no margin
 * @param replayed       whether every answer the test got was replayed from a cassette ({@code cognigy.replay=replay}
 *                       or {@code auto}) rather than asked of the bot — a message its cassette records unanswered,
 *                       failed again so, counting as one; {@code false} for a live test and one with no answer
 * @param replayedAnswers how many of the test's answers (recorded no-answers among them) were replayed from a cassette: all of them when
 *                       {@code replayed}, 0 for a live test, and in between for a test partly replayed (a repeated test
 *                       with more runs than were recorded, in {@code auto}: its recorded runs replayed, the others live)
 * @param repetitions    how the test fared across its runs ({@code cognigy.repeat}, a rerun), or {@code null} for a test
 *                       that ran once
 * @param rerun          whether this result came from a rerun within the run (tests picked one by one in a split run)
 *                       that replaced the test's earlier result: the later result wins, and its {@code repetitions}
 *                       count the earlier attempt too
 * @param approval       what became of the test's approved answer ({@code expect: approved}), or {@code null} when
 *                       the test approves none or its answer was never compared for another reason (no answer, an
 *                       explicit expectation failed first); a test that failed because its answer had nothing to be
 *                       compared with is {@link Approval#unjudged()}
 * @param userTurns      what a {@code @Conversation} method said, message by message, each with where its answer starts
 *                       in {@link #actual} and whether it reached the bot; empty for every other test, whose one message
 *                       is its {@link #utterance}
 * @param sent           whether the test's message reached the bot: for a conversation turn, that turn's message; for a
 *                       {@code @Conversation} method or a repeated test, any of its messages, so {@code false} says the bot
 *                       saw nothing of the test and its result says nothing of the bot. {@code false} for a test refused
 *                       before sending (a preflight problem: its message ends "Nothing was submitted for this test"), one
 *                       whose message never left (no connection, no such host, held back by {@code Retry-After} or the
 *                       outage breaker), a skipped test and a test standing for invalid input; {@code true} for one the bot
 *                       answered, one that timed out or lost its connection after sending, and one answered from a
 *                       cassette (the message reached the bot when it was recorded)
 * @param unjudged       whether the test failed because what it checks could not be judged on its answer: the answer
 *                       was replayed from a cassette that holds the part its checks read redacted
 *                       ({@code cognigy.replay.redact}); such a test is {@link Outcome#FAILED} and
 *                       {@link #notCompared()}
 * @param locale         the locale the test names ({@code locale:} on the case, its conversation or its file:
 *                       {@code de-DE}), as written, or {@code null} for a test that names none and runs in the run's
 *                       own locale; the NLU figures of a run whose tests name more than one are given per locale
 * @param externalId     the test's id in a test-management tool ({@code external_id:} on the case or conversation,
 *                       {@code @Utterance(externalId)}, {@code @Conversation(externalId)}: a Jira/Xray key such as
 *                       {@code BOT-123}, a TestRail case {@code C1234}), as written, or {@code null} when none is given.
 *                       It stays with the test when its file is renamed or moved, its cases reordered or reworded. Every
 *                       test a case or conversation makes carries its external id — each of a case's
 *                       {@code utterances}, each turn of a conversation —, so several records may share one: the tool's
 *                       one test, whose result is theirs together
 * @param skipReason     why a {@link Outcome#SKIPPED} test was skipped ({@link SkipReason}), so a tool can tell a test left out
 *                       with {@code @Disabled} from one after a failed turn or one a cancelled run stopped without reading the
 *                       message's wording; {@code null} for every other outcome, and for a skipped record built without one
 *                       (a listener's own, or one read from a split run's part written before the reason was recorded)
 * @param data           the data the test's message was sent with (Cognigy's {@code input.data}: a case's {@code data:}, a
 *                       conversation's merged with its turn's), for a text message as for a data-only one, whose
 *                       {@link #utterance} shows it too; empty for a message sent without data, a {@code @Conversation} method
 *                       (each of whose messages has its own, {@link UserTurn#data()}), a problem test, a record built without
 *                       it (a listener's own, or one read from a split run's part written before it was recorded)
 * @param retryLog       each retry the test's requests took, in order, as a line naming the request, what it met and how
 *                       long the engine waited ({@code POST /api/bot/simulate answered 503; retried after 180 ms}) —
 *                       methods, paths and status codes, never a secret; as many as {@link #attempts} where it is known,
 *                       empty for a test without retries and for a record built without it (a listener's own, one read
 *                       from a split run's part written before it was recorded)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SimulationRecord(String uniqueId, String testId, String conversationId, int turn, String displayName,
                               String source, int line, Set<String> tags, String utterance, Expectation expected,
                               List<BotTurn> actual, Outcome outcome, String message, Duration duration, int attempts,
                               boolean invalidInput, IntentMargin intentMargin, boolean replayed,
                               Repetitions repetitions, boolean rerun, Approval approval, List<UserTurn> userTurns,
                               int replayedAnswers, boolean sent, boolean unjudged, String locale, String externalId,
                               SkipReason skipReason, Map<String, Object> data, List<String> retryLog) {

    /**
     * One message of a {@code @Conversation} method.
     *
     * @param text        what the user said (a data-only message as its data, {@code data {"action":"GO"}}; a click as
     *                    what it sent)
     * @param firstAnswer the index in {@link #actual} of the first of the bot's turns that answered it; its answer runs
     *                    to the next message's (equal to it when the bot did not answer)
     * @param sent        whether the message reached the bot, as {@link SimulationRecord#sent()} says of a test's message:
     *                    {@code false} for one that never left (no connection, held back), which the bot did not answer
     *                    because it never got it
     * @param data        the data the message was sent with ({@code say(text, data)}, {@code send(data)}: Cognigy's
     *                    {@code input.data}), as {@link SimulationRecord#data()} is a test's; empty for one sent without
     *                    data, and for one made without it (a listener's own, one of a split run's part written before it
     *                    was recorded)
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record UserTurn(String text, int firstAnswer, boolean sent, Map<String, Object> data) {

        public UserTurn {
            data = copied(data);
        }

        /** A message sent without data, or made without saying it. */
        public UserTurn(String text, int firstAnswer, boolean sent) {
            this(text, firstAnswer, sent, Map.of());
        }

        /** A message that reached the bot, sent without data. */
        public UserTurn(String text, int firstAnswer) {
            this(text, firstAnswer, true);
        }
    }

    /** {@code data} unmodifiable in its order, {@code null} as empty: JSON data may hold nulls, which {@code Map.copyOf} refuses. */
    private static Map<String, Object> copied(Map<String, Object> data) {
        return data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** What became of a test's approved answer in this run. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Approval {
        /** Compared with the approved answer: the outcome says whether it matched. */
        COMPARED,
        /** No approved answer yet: this run's answer was written as the approved one, to be reviewed and committed. */
        NEWLY_APPROVED,
        /** {@code cognigy.approve=true} replaced a different approved answer with this run's, to be reviewed. */
        ACCEPTED,
        /**
         * No approved answer for what the test says, and none is written without review: the test failed. Either none
         * is approved yet, in CI; or the one at the test's key was approved for another message (the test's text
         * changed, or a turn or variant inserted, removed or moved before it), in CI and outside.
         */
        MISSING,
        /**
         * The approval file holding the test's approved answer could not be read (a merge conflict, broken YAML) or was
         * refused (a link out of the approval folder, a file too large): nothing to compare the answer with, and the test
         * failed.
         */
        UNREADABLE;

        /**
         * Whether the test failed with its answer compared with nothing ({@link #MISSING}, {@link #UNREADABLE}): such a
         * {@link Outcome#FAILED} result says nothing of the bot, so tolerant governance never tolerates it, as it never
         * tolerates invalid input, and a run holding one is never {@link Governance#COMPLIANT}.
         */
        public boolean unjudged() {
            return this == MISSING || this == UNREADABLE;
        }
    }

    /**
     * Why a test was skipped: what happened, so a tool pushing results maps it without reading the message (Xray: a
     * disabled test is TODO, one aborted ABORTED, one after a failed turn BLOCKED). More kinds may be added: keep a default
     * branch. The record's {@link SimulationRecord#message() message} still says it in words, as JUnit reports it.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum SkipReason {
        /**
         * Left out with JUnit Jupiter's {@code @Disabled}, on the test's method or a class it belongs to (a data file a
         * disabled class names included): never run, its message never sent. Message: {@code disabled by @Disabled on …}.
         */
        DISABLED,
        /**
         * A turn of a conversation after an earlier turn of it did not pass, or a step of a playbook with
         * {@code abortOnError} after an earlier step failed: the bot is not where this turn expects it, so its message
         * was not sent. Message: {@code an earlier turn of conversation … failed: …}, or for a playbook's step
         * {@code skipped: step … failed before it}.
         */
        EARLIER_TURN_FAILED,
        /**
         * JUnit cancelled the run (Surefire's {@code skipAfterFailureCount}, the console launcher's {@code --fail-fast}, an
         * IDE's stop button) before the test's answer arrived: its message was not sent, or its answer was not awaited.
         * Message: {@code the run was cancelled …}. The tests JUnit itself skips once the run is cancelled, before they
         * start, have no record at all.
         */
        CANCELLED,
        /**
         * The thread waiting for the bot's answer was interrupted by something other than the run's cancellation (the
         * test's own code, a tool stopping the JVM's threads): the test was abandoned without an answer to judge.
         */
        INTERRUPTED,
        /**
         * The test's own code skipped it: a JUnit assumption that did not hold ({@code Assumptions.assumeTrue},
         * a {@code TestAbortedException}) in an {@code @Utterance} or {@code @Conversation} method — for a test run
         * several times, in every one of its runs. Message: the assumption's.
         */
        ASSUMPTION,
        /**
         * A conversation turn run without the turns before it (selected alone: an IDE's rerun, a line), which the run
         * sends first as its setup, and that setup ended without an answer to judge for a reason that is no wrong answer
         * of the bot: the conversation had to go to the bot from its first turn ({@code cognigy.replay=auto}), or sending
         * it failed unexpectedly. (An earlier turn answered wrongly, or not at all, fails the turn instead.) Message:
         * {@code setup turn … failed: …}.
         */
        SETUP_ABORTED
    }

    @API(status = INTERNAL, since = "0.1")
    public SimulationRecord {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(outcome, "outcome");
        if (invalidInput && outcome != Outcome.FAILED) {
            throw new IllegalArgumentException("a test standing for invalid input always fails, not " + outcome);
        }
        if (unjudged && outcome != Outcome.FAILED) {
            throw new IllegalArgumentException("a test whose checks could not be judged always fails, not " + outcome);
        }
        if (skipReason != null && outcome != Outcome.SKIPPED) {
            throw new IllegalArgumentException("only a skipped test has a skip reason: " + skipReason + " on a test that is "
                    + outcome);
        }
        if (invalidInput && sent) {
            throw new IllegalArgumentException("a test standing for invalid input has no message to send, so none was sent");
        }
        if (conversationId == null ? turn != 0 : turn < 1) {
            throw new IllegalArgumentException("a conversation turn is numbered from 1, and only a conversation turn has"
                    + " a number: conversationId=" + conversationId + ", turn=" + turn);
        }
        // In one order, the same in every run: Set.copyOf iterates in an order that changes from one JVM to the next,
        // and results.json, index.html and webhook payloads list tags in the order they are iterated.
        tags = tags == null || tags.isEmpty() ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        actual = actual == null ? List.of() : List.copyOf(actual);
        expected = expected == null ? Expectation.NONE : expected;
        duration = duration == null ? Duration.ZERO : duration;
        userTurns = userTurns == null ? List.of() : List.copyOf(userTurns);
        data = copied(data);
        retryLog = retryLog == null ? List.of() : List.copyOf(retryLog);
        if (replayedAnswers < 0) throw new IllegalArgumentException("replayedAnswers is a count, not " + replayedAnswers);
        if (replayed && replayedAnswers == 0) replayedAnswers = 1; // a record built before the count was kept
    }

    /**
     * Whether the test failed with its answer compared with nothing: its checks could not be judged on it
     * ({@link #unjudged}), or it had no approved answer to be compared with ({@link Approval#unjudged()}). Such a result
     * says nothing of the bot, so tolerant governance never tolerates it, as it never tolerates invalid input, and a run
     * holding one is never {@link Governance#COMPLIANT}.
     */
    public boolean notCompared() {
        return outcome == Outcome.FAILED && (unjudged || approval != null && approval.unjudged());
    }

    /** A record to fill in; {@link Builder#build()} needs at least the unique id, test id and outcome. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's components, to change some of them. */
    public Builder toBuilder() {
        return new Builder().uniqueId(uniqueId).testId(testId).conversationTurn(conversationId, turn)
                .displayName(displayName).source(source).line(line).tags(tags).utterance(utterance).expected(expected)
                .actual(actual).outcome(outcome).message(message).duration(duration).attempts(attempts).invalidInput(invalidInput)
                .intentMargin(intentMargin).replayed(replayed).replayedAnswers(replayedAnswers).repetitions(repetitions).rerun(rerun).approval(approval)
                .userTurns(userTurns).sent(sent).unjudged(unjudged).locale(locale).externalId(externalId).skipReason(skipReason)
                .data(data).retryLog(retryLog);
    }

    /**
     * Collects a {@link SimulationRecord}'s components; those not set are {@code null}, empty or 0, except {@code sent}
     * ({@link #sent(boolean)}).
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String uniqueId;
        private String testId;
        private String conversationId;
        private int turn;
        private String displayName;
        private String source;
        private int line;
        private Set<String> tags = Set.of();
        private String utterance;
        private Expectation expected = Expectation.NONE;
        private List<BotTurn> actual = List.of();
        private Outcome outcome;
        private String message;
        private Duration duration = Duration.ZERO;
        private int attempts;
        private boolean invalidInput;
        private IntentMargin intentMargin;
        private boolean replayed;
        private int replayedAnswers;
        private Repetitions repetitions;
        private boolean rerun;
        private Approval approval;
        private List<UserTurn> userTurns = List.of();
        /** {@code null} until said: then sent, unless the record stands for invalid input, which has nothing to send. */
        private Boolean sent;
        private boolean unjudged;
        private String locale;
        private String externalId;
        private SkipReason skipReason;
        private Map<String, Object> data = Map.of();
        private List<String> retryLog = List.of();

        private Builder() {
        }

        public Builder uniqueId(String uniqueId) {
            this.uniqueId = uniqueId;
            return this;
        }

        public Builder testId(String testId) {
            this.testId = testId;
            return this;
        }

        /**
         * Makes this the {@code turn}th turn (from 1) of conversation {@code conversationId}; {@code (null, 0)} for a
         * test that is not a conversation turn, the default.
         */
        public Builder conversationTurn(String conversationId, int turn) {
            this.conversationId = conversationId;
            this.turn = turn;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder line(int line) {
            this.line = line;
            return this;
        }

        public Builder tags(Set<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder utterance(String utterance) {
            this.utterance = utterance;
            return this;
        }

        public Builder expected(Expectation expected) {
            this.expected = expected;
            return this;
        }

        public Builder actual(List<BotTurn> actual) {
            this.actual = actual;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** Marks the test as standing for invalid input; it must then be {@link Outcome#FAILED}. */
        public Builder invalidInput(boolean invalidInput) {
            this.invalidInput = invalidInput;
            return this;
        }

        /** The two best intents of the NLU's ranking; {@code null} (the default) when the backend gave none. */
        public Builder intentMargin(IntentMargin intentMargin) {
            this.intentMargin = intentMargin;
            return this;
        }

        /** Whether the test's answers were replayed from a cassette; {@code false} (the default) when it ran live. */
        public Builder replayed(boolean replayed) {
            this.replayed = replayed;
            return this;
        }

        /** How many of the test's answers were replayed from a cassette; 0 (the default) when it ran live. */
        public Builder replayedAnswers(int replayedAnswers) {
            this.replayedAnswers = replayedAnswers;
            return this;
        }

        /** How the test fared across its runs; {@code null} (the default) for a test that ran once. */
        public Builder repetitions(Repetitions repetitions) {
            this.repetitions = repetitions;
            return this;
        }

        /** Whether the result came from a rerun that replaced an earlier one; {@code false} (the default) otherwise. */
        public Builder rerun(boolean rerun) {
            this.rerun = rerun;
            return this;
        }

        /** What became of the test's approved answer; {@code null} (the default) when it compares none. */
        public Builder approval(Approval approval) {
            this.approval = approval;
            return this;
        }

        /** What a {@code @Conversation} method said, message by message; empty (the default) for other tests. */
        public Builder userTurns(List<UserTurn> userTurns) {
            this.userTurns = userTurns;
            return this;
        }

        /**
         * Whether the test's message reached the bot ({@link SimulationRecord#sent()}); by default {@code true}, as for
         * every record built before this was said, unless the record stands for invalid input ({@code false}).
         */
        public Builder sent(boolean sent) {
            this.sent = sent;
            return this;
        }

        /**
         * Whether the test failed because its checks could not be judged on its answer ({@link SimulationRecord#unjudged()});
         * {@code false} (the default) otherwise. It must then be {@link Outcome#FAILED}.
         */
        public Builder unjudged(boolean unjudged) {
            this.unjudged = unjudged;
            return this;
        }

        /** The locale the test names ({@link SimulationRecord#locale()}), {@code null} for the run's own. */
        public Builder locale(String locale) {
            this.locale = locale;
            return this;
        }

        /**
         * The test's id in a test-management tool ({@link SimulationRecord#externalId()}); {@code null} (the default) when
         * it has none.
         */
        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        /**
         * Why the test was skipped ({@link SimulationRecord#skipReason()}); {@code null} (the default) for a test that was
         * not. Only a {@link Outcome#SKIPPED} record has one.
         */
        public Builder skipReason(SkipReason skipReason) {
            this.skipReason = skipReason;
            return this;
        }

        /**
         * The data the test's message was sent with ({@link SimulationRecord#data()}); empty (the default) when it was sent
         * without.
         */
        public Builder data(Map<String, Object> data) {
            this.data = data;
            return this;
        }

        /**
         * Each retry the test's requests took, as a line ({@link SimulationRecord#retryLog()}); empty (the default) for a
         * test without retries.
         */
        public Builder retryLog(List<String> retryLog) {
            this.retryLog = retryLog;
            return this;
        }

        /**
         * @throws NullPointerException     without a unique id, test id or outcome
         * @throws IllegalArgumentException for a conversation without a turn number from 1, or a turn number without
         *                                  a conversation; for invalid input said to be sent; for a test whose checks
         *                                  could not be judged that did not fail; for a skip reason on a test that
         *                                  was not skipped
         */
        public SimulationRecord build() {
            return new SimulationRecord(uniqueId, testId, conversationId, turn, displayName, source, line, tags, utterance,
                    expected, actual, outcome, message, duration, attempts, invalidInput, intentMargin, replayed, repetitions,
                    rerun, approval, userTurns, replayedAnswers, sent == null ? !invalidInput : sent, unjudged, locale,
                    externalId, skipReason, data, retryLog);
        }
    }
}
