package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnResult;

/** What a test saw of the bot while it ran, kept even when it fails so reports can show it. */
public final class Observation {

    private final List<BotTurn> turns = new ArrayList<>();
    /** What a {@code @Conversation} method said, each with where its answer starts in {@link #turns}. */
    private final List<dev.botsim.cognigy.spi.SimulationRecord.UserTurn> said = new ArrayList<>();
    /**
     * The turns of the last message's answer, empty when it got none: what a repeated conversation's runs are compared by.
     */
    private List<BotTurn> lastAnswer = List.of();
    private final List<String> retries = new ArrayList<>();
    private boolean notSent;
    /**
     * Whether the last message never left this machine (no connection, held back, the outage breaker open, refused before
     * sending): the bot neither saw nor answered it.
     */
    private boolean lastUnsent;
    private int live;
    private int replayed;
    /**
     * Messages that reached the bot, now or when their answer was recorded: one answered, replayed, or that failed after it
     * left (a timeout, a connection broken after sending). Not one refused before it was sent or that never left.
     */
    private int reached;
    private dev.botsim.cognigy.spi.SimulationRecord.Approval approval;
    /** Whether the test failed because its checks could not be judged on a redacted replayed answer. */
    private boolean unjudged;
    /**
     * When the test's first message was sent, on the run's monotonic time ({@link RunScope#nanoTime()}): before its body
     * started, when it was sent ahead; {@code null} before any was.
     */
    private Long firstSent;
    /** When the answer to that message came, when it was sent ahead; {@code null} otherwise. */
    private Long firstAnswered;

    synchronized void add(TurnResult result) {
        turns.addAll(result.turns());
        lastAnswer = List.copyOf(result.turns());
        lastUnsent = false;
        retries.addAll(result.retries());
        if (result.replayed()) replayed++; else live++;
        reached++;
    }

    /**
     * Counts where a message that got no answer went: a cassette's recorded no-answer, replayed, is the test's outcome as
     * recorded, as an answer from the cassette is; any other went to the bot (or was refused on the way), so the test was
     * not answered from cassettes alone. A message that was neither replayed nor sent (no recording to replay, a
     * conversation leaving its replayed session) counts neither way.
     */
    synchronized void unanswered(dev.botsim.cognigy.engine.backend.BackendException failure) {
        // The last message got no answer: a repeated @Conversation method's run counts so, not by an earlier message's.
        lastAnswer = List.of();
        boolean neither = failure instanceof dev.botsim.cognigy.engine.backend.NotRecordedException
                || failure instanceof dev.botsim.cognigy.engine.backend.ConversationGoesLiveException;
        // One that never left was not answered by the bot, nor left unanswered: a repeated test counts its run as not sent.
        lastUnsent = neither || failure.messageUnsent();
        if (failure instanceof dev.botsim.cognigy.engine.backend.ReplayedNoAnswerException) replayed++;
        else if (!neither) live++;
        // A recorded no-answer reached the bot when it was recorded; a message the transport never sent (no connection, held
        // back) did not, whatever it counts towards above.
        if (!neither && !failure.messageUnsent()) {
            reached++;
        } else if (!said.isEmpty()) {
            // A @Conversation method's message, said just before it was sent: it stays in the transcript, marked as not sent.
            int last = said.size() - 1;
            said.set(last, new dev.botsim.cognigy.spi.SimulationRecord.UserTurn(said.get(last).text(),
                    said.get(last).firstAnswer(), false, said.get(last).data()));
        }
    }

    /**
     * Whether any message of the test reached the bot: a test refused before sending (a preflight problem), or whose every
     * message never left, did not, and its result says nothing of the bot.
     */
    synchronized boolean sent() {
        return reached > 0;
    }

    /** Notes that a message of the test was sent at {@code at}. */
    synchronized void sentAt(long at) {
        sentAt(at, null);
    }

    /** Notes that a message of the test was sent at {@code at} and, when it was sent ahead, answered at {@code answered}. */
    synchronized void sentAt(long at, Long answered) {
        if (firstSent == null || at - firstSent < 0) {
            firstSent = at;
            firstAnswered = answered;
        }
    }

    /** When the test's first message was sent, if it sent any. */
    synchronized java.util.Optional<Long> firstSent() {
        return java.util.Optional.ofNullable(firstSent);
    }

    /** When the answer to the test's first message came, if that message was sent ahead of the test. */
    synchronized java.util.Optional<Long> firstAnswered() {
        return java.util.Optional.ofNullable(firstAnswered);
    }

    /**
     * Whether every answer the test got came from a cassette (a recorded no-answer replayed counting as one): a test with
     * no answer, or one message that went to the bot, is live.
     */
    synchronized boolean replayed() {
        return replayed > 0 && live == 0;
    }

    /**
     * How many of the test's answers came from a cassette (recorded no-answers replayed among them), of all its runs: some
     * but not all for a test partly replayed.
     */
    synchronized int replayedAnswers() {
        return replayed;
    }

    /** What became of the test's approved answer, once compared. */
    synchronized void approval(dev.botsim.cognigy.spi.SimulationRecord.Approval approval) {
        this.approval = approval;
    }

    synchronized dev.botsim.cognigy.spi.SimulationRecord.Approval approval() {
        return approval;
    }

    /**
     * Says the test failed because its checks could not be judged on its answer ({@link RedactedAnswer}): its record is
     * {@link dev.botsim.cognigy.spi.SimulationRecord#unjudged()}.
     */
    synchronized void unjudged() {
        this.unjudged = true;
    }

    synchronized boolean judgedNothing() {
        return unjudged;
    }

    /**
     * Counts where another observation's answers came from (a run of a repeated test): the test is replayed only when
     * every run of it was, and sent when any run's message reached the bot; and when it sent its first message, should that
     * be the test's first.
     */
    void countAnswersOf(Observation run) {
        int runReplayed;
        int runLive;
        int runReached;
        Long runSent;
        Long runAnswered;
        synchronized (run) {
            runReplayed = run.replayed;
            runLive = run.live;
            runReached = run.reached;
            runSent = run.firstSent;
            runAnswered = run.firstAnswered;
        }
        synchronized (this) {
            replayed += runReplayed;
            live += runLive;
            reached += runReached;
        }
        if (runSent != null) sentAt(runSent, runAnswered);
    }

    /** Turns seen by another observation (the run of a repeated test that stands for the test). */
    synchronized void addTurns(List<BotTurn> seen) {
        turns.addAll(seen);
        lastAnswer = List.copyOf(seen);
    }

    /**
     * What another observation saw (the run of a repeated {@code @Conversation} method that stands for the test): its
     * turns, and what it said before each answer.
     */
    void addSeen(Observation run) {
        List<BotTurn> seen;
        List<dev.botsim.cognigy.spi.SimulationRecord.UserTurn> runSaid;
        synchronized (run) {
            seen = List.copyOf(run.turns);
            runSaid = List.copyOf(run.said);
        }
        synchronized (this) {
            int offset = turns.size();
            runSaid.forEach(s -> said.add(new dev.botsim.cognigy.spi.SimulationRecord.UserTurn(s.text(), offset + s.firstAnswer(),
                    s.sent(), s.data())));
            addTurns(seen);
        }
    }

    /**
     * A message a {@code @Conversation} method is about to send, as it reads ({@code text}) and with the data it carries:
     * its answer is the turns added after it.
     */
    synchronized void said(String text, java.util.Map<String, Object> data) {
        said.add(new dev.botsim.cognigy.spi.SimulationRecord.UserTurn(text, turns.size(), true, data));
    }

    synchronized List<dev.botsim.cognigy.spi.SimulationRecord.UserTurn> said() {
        return List.copyOf(said);
    }

    /** Retries of a message that got no answer, so they are reported with its failure. */
    synchronized void addRetries(List<String> failedRetries) {
        retries.addAll(failedRetries);
    }

    /**
     * Forgets everything seen so far: a {@code @Conversation} method's call whose answers came from cassettes, left for
     * a call that sends its conversation to the bot ({@code cognigy.replay=auto}), whose answers are the test's.
     */
    synchronized void forget() {
        turns.clear();
        said.clear();
        lastAnswer = List.of();
        retries.clear();
        notSent = false;
        lastUnsent = false;
        live = 0;
        replayed = 0;
        reached = 0;
        approval = null;
        firstSent = null;
        firstAnswered = null;
    }

    /** Marks a run of a conversation that stopped before this message: it sent nothing, so it answered nothing. */
    synchronized void notSent() {
        notSent = true;
    }

    /**
     * Whether the message a repeated test's run is counted by (for a conversation, its last) never reached the bot: the
     * run stopped before it ({@link #notSent()}), or it never left this machine. Such a run counts as not sent, not as
     * unanswered: the bot was never asked.
     */
    synchronized boolean sentNothing() {
        return notSent || lastUnsent;
    }

    synchronized List<BotTurn> turns() {
        return List.copyOf(turns);
    }

    /** The answer to the last message sent (for a one-message test, all its turns), empty before any. */
    synchronized List<BotTurn> lastAnswer() {
        return lastAnswer;
    }

    synchronized List<String> retries() {
        return List.copyOf(retries);
    }
}
