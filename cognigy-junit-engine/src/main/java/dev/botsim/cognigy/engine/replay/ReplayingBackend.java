package dev.botsim.cognigy.engine.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.ConversationGoesLiveException;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.ReplayMode;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.engine.support.SortedJson;

/**
 * The run's backend under {@code cognigy.replay=record|replay|auto}: answers from cassettes, the live backend, or
 * both. The live backend is opened on first need only, so a run that replays everything never starts a sandbox,
 * fetches a token or reads the bot.
 *
 * <p>In {@code auto} mode a test is replayed when its cassette was recorded against the bot's current fingerprint and
 * holds its request unchanged. A conversation is replayed whole or sent whole: every turn it sends is judged on the
 * answer that is recorded for it, never on a replayed answer beside a live one the bot gave the same turn in this run. A
 * data-file conversation's turns are known before its first is sent ({@link #conversation}), so one whose later turn
 * changed goes live from its first turn; a {@code @Conversation} method's next message is known only once it is made,
 * so one of its messages that must go live after replayed ones is refused ({@link ConversationGoesLiveException}) and
 * the method runs again, its conversation live from its first message.
 */
public final class ReplayingBackend implements Backend {

    private final ReplaySettings settings;
    private final EngineConfig config;
    private final Supplier<Backend> opener;
    /**
     * Whether the run is being stopped (JUnit cancelled it: fail-fast, Surefire's {@code skipAfterFailureCount}, an
     * IDE's stop): a message that gets no answer from then on was cut off by the stop, not left unanswered by the bot.
     */
    private final java.util.function.BooleanSupplier stopping;
    private final Cassettes cassettes;
    private final AtomicInteger replayed = new AtomicInteger();
    /** Messages failed again as their cassette records the bot left them: unanswered. */
    private final AtomicInteger replayedUnanswered = new AtomicInteger();
    /** Messages sent to the bot that it answered or left unanswered; not one the run's stop cut off. */
    private final AtomicInteger live = new AtomicInteger();
    /** Messages of tests recorded into a cassette that failed for the run's own setup, not the bot: nothing recorded. */
    private final UnrecordedTally setupFailed = new UnrecordedTally();
    /** Messages of tests recorded into a cassette that never left for the bot: nothing recorded. */
    private final UnrecordedTally notSent = new UnrecordedTally();
    /** The messages replayed in each conversation's session, while it has not gone live. */
    private final Map<String, Integer> replayedInSession = new HashMap<>();
    private final Set<String> liveSessions = new HashSet<>();
    /**
     * The sessions a conversation left when one of its messages had to go live after replayed ones: nothing more is
     * answered in them.
     */
    private final Map<String, ConversationGoesLiveException> abandoned = new HashMap<>();
    /** The conversations (their runs' keys) that go live from their first turn, in any session: why, by key. */
    private final Map<String, String> liveConversations = new HashMap<>();
    /**
     * The conversations that went live from their first turn although some of their turns were recorded as they are
     * now, for the console: why, by {@code <cassette>: <conversation>}.
     */
    private final Map<String, String> wentLive = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> botChanged = new java.util.concurrent.ConcurrentHashMap<>();
    /** In {@code replay}, the cassettes replayed from that another backend recorded, with which. */
    private final Map<String, String> otherBackend = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The recorded schema this run checked its tests against instead of asking the bot ({@code bot.schema.json}), by its
     * name in messages, with the SHA-256 of the file as read; empty when the schema came from the bot or was not recorded.
     */
    private final Map<String, String> schemaReplayed = new java.util.concurrent.ConcurrentHashMap<>();
    private Backend backend;
    /** Why the bot's schema this run read could not be written to {@code bot.schema.json}, when it could not. */
    private volatile Optional<String> schemaUnwritten = Optional.empty();
    private Fingerprint current;
    /** What the configuration alone says of the bot ({@link Fingerprint#offline}), as the run started. */
    private final Fingerprint configured;
    private boolean nluScoringWanted;
    private boolean nluScoringReady;

    ReplayingBackend(ReplaySettings settings, EngineConfig config, Supplier<Backend> opener,
                     java.util.function.BooleanSupplier stopping) {
        this.settings = settings;
        this.config = config;
        this.opener = opener;
        this.stopping = stopping;
        this.cassettes = new Cassettes(settings.dir(), new Redaction(settings.redact()), config.secrets());
        // The configuration's facts; a tenant's deployment is added by the one schema read, when the run makes it.
        this.configured = Fingerprint.offline(config);
        this.current = configured;
    }

    private synchronized Backend live() {
        if (backend == null) backend = opener.get();
        return backend;
    }

    private synchronized boolean opened() {
        return backend != null;
    }

    @Override
    public String name() {
        // Every backend is named as its choice is; asking the backend itself would open it.
        return opened() ? backend.name() : config.backend().choice().id();
    }

    @Override
    public BotSchema schema() {
        Path file = SchemaFile.in(settings.dir());
        SchemaFile.Read read = SchemaFile.read(settings.dir(), file);
        Optional<SchemaFile.Stored> stored = read.stored();
        return switch (settings.mode()) {
            case REPLAY -> stored.map(s -> replayed(file, s)).orElseGet(() -> new BotSchema(Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of(read.notRead().map(why -> "the bot's schema was not read ("
                    + why + ")").orElse("the bot's schema was not recorded (" + Cassettes.shown(file) + " is missing)")
                    + ": expectations are not checked against it before the run")));
            case AUTO -> {
                if (Fingerprint.knownOffline(config) && stored.filter(s -> s.recordedAgainst().equals(current)).isPresent()) {
                    yield replayed(file, stored.get());
                }
                yield liveSchema(file, read.refused());
            }
            default -> liveSchema(file, read.refused());
        };
    }

    /**
     * The recorded schema, noted as one the run's verdict rests on: the preflight checks every test against it, and a
     * {@code next_flow} (an expectation's or an approved answer's) passes when it names the answer's flow by another of
     * the names it lists, so an edit to it can turn a failure into a pass as an edit to a cassette can.
     */
    private BotSchema replayed(Path file, SchemaFile.Stored stored) {
        schemaReplayed.put(Cassettes.shown(file), stored.sha256());
        return declared(stored.schema());
    }

    /**
     * A recorded schema with the slots the configuration names now as filled where the management API lists nothing
     * ({@code cognigy.management.unlisted-slots}): the user's word, not the bot's answer, so a slot named after the
     * recording is known as it would be live. A schema read from elsewhere is left as recorded.
     */
    private BotSchema declared(BotSchema recorded) {
        return recorded.unlistedEntities()
                .map(fix -> recorded.withUnlistedEntities(config.backend().management().unlistedSlots(), fix)).orElse(recorded);
    }

    /**
     * The one read of the bot this run makes: its schema, which names the deployment the fingerprint includes. Saved to
     * {@code file} unless reading it was {@code refused}: a link out of the replay folder is the user's to replace, and a
     * file too large theirs to look at, not this run's to write over.
     */
    private BotSchema liveSchema(Path file, Optional<String> refused) {
        BotSchema schema = live().schema();
        if (!Fingerprint.knownOffline(config)) {
            synchronized (this) {
                current = current.withBot(schema);
            }
        }
        if (refused.isPresent()) {
            schemaUnwritten = Optional.of(refused.get() + ". It was not written over: the bot's schema this run read is"
                    + " not saved, so a replay checks no expectation against it before sending");
            return schema;
        }
        try {
            SchemaFile.write(file, current, schema);
        } catch (IOException e) {
            // Lost as a cassette would be, and said with the cassettes at the run's end, failing it.
            schemaUnwritten = Optional.of(Cassettes.shown(file) + " cannot be written"
                    + dev.botsim.cognigy.engine.support.FileFailures.reason(e, file).map(why -> " (" + why + ")").orElse("")
                    + ": the bot's schema this run read is not"
                    + " saved, so a replay checks no expectation against it before sending — " + Cassettes.writableFix(file)
                    + ", and record again with " + dev.botsim.cognigy.engine.config.Constants.REPLAY + "=record or auto");
        }
        return schema;
    }

    @Override
    public TurnResult send(TurnRequest request) {
        String test = request.test();
        if (test == null) {
            // A message no test owns has no cassette: replay sends nothing, so it cannot be answered.
            if (settings.mode() == ReplayMode.REPLAY) {
                throw new BackendException(BackendException.Kind.REJECTED, "a message without its test cannot be replayed");
            }
            return goLive(request, null);
        }
        Path file = cassettes.fileOf(test);
        return switch (settings.mode()) {
            case REPLAY -> replay(request, file, true);
            case RECORD -> goLive(request, file);
            case AUTO -> {
                Optional<String> notReplayable = whyNotReplayable(request, file);
                if (notReplayable.isEmpty()) yield replay(request, file, false);
                leaveReplayedSession(request, notReplayable.get());
                yield goLive(request, file);
            }
            case OFF -> live().send(request);
        };
    }

    /**
     * {@inheritDoc}
     *
     * <p>In {@code auto}, a conversation one turn of which cannot be replayed (it changed since it was recorded, or was
     * never recorded) goes live from its first turn: its session never answers from the cassette.
     */
    @Override
    public Optional<String> conversation(List<TurnRequest> turns) {
        if (settings.mode() != ReplayMode.AUTO || turns.isEmpty()) return Optional.empty();
        TurnRequest first = turns.get(0);
        if (first.sessionId() == null || first.test() == null) return Optional.empty();
        Optional<String> why = Optional.empty();
        boolean someRecorded = false;
        for (TurnRequest turn : turns) {
            Optional<String> notReplayable = whyNotReplayable(turn, cassettes.fileOf(turn.test()));
            if (notReplayable.isEmpty()) someRecorded = true;
            else if (why.isEmpty()) why = notReplayable;
        }
        if (why.isEmpty()) return Optional.empty();
        synchronized (this) {
            liveSessions.add(first.sessionId());
        }
        // Not a word when nothing of it could be replayed (a new conversation, a cassette of another bot): the usual case.
        if (!someRecorded) return Optional.empty();
        wentLive.put(conversationOf(first), why.get());
        return Optional.of(liveBecause(why.get()));
    }

    /** Why a conversation went to the bot from its first turn, for the reports: {@code sent live: turn 3 …}. */
    private static String liveBecause(String why) {
        return "sent live: " + why + ", so the conversation went to the bot from its first turn, and every turn it sent"
                + " is judged on the answer the bot gave in this run (the one recorded)";
    }

    /** {@code <cassette>: <conversation>}: a conversation (one run of it) as the console names it. */
    private String conversationOf(TurnRequest request) {
        return cassettes.shownHeld(cassettes.fileOf(request.test())) + ": " + Cassettes.session(Exchange.testKey(request.test()));
    }

    /**
     * A message of a conversation that must go to the bot after earlier ones of its session were replayed (a
     * {@code @Conversation} method's, whose messages are known only as they are made): it is not sent. The conversation
     * goes live from its first turn in whatever session runs it next, and this session answers nothing more.
     */
    private void leaveReplayedSession(TurnRequest request, String why) {
        String session = request.sessionId();
        if (session == null) return;
        ConversationGoesLiveException refused;
        synchronized (this) {
            refused = abandoned.get(session);
            if (refused == null) {
                Integer earlier = replayedInSession.remove(session);
                if (earlier == null) return;
                String conversation = Cassettes.session(Exchange.testKey(request.test()));
                refused = new ConversationGoesLiveException(conversation, why);
                abandoned.put(session, refused);
                liveConversations.put(conversation, why);
                // Those answers are dropped with the session: the conversation's answers are the ones its next session gets.
                replayed.addAndGet(-earlier);
            }
        }
        wentLive.put(conversationOf(request), refused.why());
        throw refused;
    }

    /**
     * @param checkRequest whether the recording must be of this very request: a test whose message changed since it was
     *                     recorded has no recording of it, and the bot's answer to the old message says nothing of it
     */
    private TurnResult replay(TurnRequest request, Path file, boolean checkRequest) {
        Exchange exchange = cassettes.find(file, request.test(), request.turn()).orElseThrow(() -> noRecording(request, file));
        if (checkRequest && !sameRequest(exchange, request)) throw changedSinceRecorded(request, file, exchange);
        if (exchange.unanswered()) {
            // Failed as the recording run failed: a repeated test's run counts as one that got no answer, as it did then,
            // and the verdict rests on the cassette: the test counts as replayed, its message as replayed unanswered.
            replayedUnanswered.incrementAndGet();
            cassettes.replayedFrom(file);
            throw exchange.noAnswer();
        }
        if (request.sessionId() != null) {
            synchronized (this) {
                replayedInSession.merge(request.sessionId(), 1, Integer::sum);
            }
        }
        replayed.incrementAndGet();
        cassettes.replayedFrom(file);
        if (checkRequest) {
            // replay compares no fingerprint (it never reaches the bot): a cassette of another backend is said, not refused.
            Optional<Fingerprint> recorded = cassettes.cassette(file).recordedAgainst();
            otherBackend(recorded).ifPresent(which -> otherBackend.putIfAbsent(cassettes.shownHeld(file), which));
            // Nor is one of a bot the configuration names another now (the sandbox's definition edited): said, once.
            editedBot(recorded).ifPresent(change -> botChanged.putIfAbsent(cassettes.shownHeld(file), change));
        }
        return exchange.replayed(request);
    }

    /** How many of a cassette's problems a test's failure names; the rest are counted. */
    private static final int PROBLEMS_NAMED = 3;

    private BackendException noRecording(TurnRequest request, Path file) {
        CassetteFile.Loaded cassette = cassettes.cassette(file);
        String test = Exchange.testKey(request.test()) + (request.turn() > 1 ? " turn " + request.turn() : "");
        // A cassette that cannot be read is reported as a bad data file is: where, what, and the fix.
        List<String> problems = cassettes.problems(file);
        if (cassette.unreadable()) {
            return new NotRecordedException("cannot replay " + test + ": " + problems.get(0));
        }
        // A few named, the rest counted: a cassette of thousands of bad entries would otherwise put all of them into the
        // failure of every test it has no recording for. The run's end lists each once.
        String why = problems.isEmpty() ? "" : " (its problems: " + String.join("; ", problems.subList(0,
                Math.min(PROBLEMS_NAMED, problems.size()))) + (problems.size() > PROBLEMS_NAMED ? "; and "
                + (problems.size() - PROBLEMS_NAMED) + " more, each listed at the run's end" : "") + ")";
        // A repeated test's later runs are recorded one by one: more repetitions than recorded are runs not recorded,
        // and a run missing before a recorded one got no answer from the bot when it was recorded.
        String key = Exchange.testKey(request.test());
        String repeated = laterRunRecorded(cassette, key, request.turn())
                ? " (a later run of the test was recorded, this one not: the run recording it was stopped before its answer"
                + " came (cancelled, or the JVM shut down) or failed for its own setup (credentials, a permission, its"
                + " configuration), a cassette recorded before runs the bot gave no answer to were"
                + " recorded as unanswered has no entry for such a run, or the entry was removed)"
                : Cassettes.isRepetition(test) ? " (the test repeats more often than it was recorded)" : "";
        Optional<String> other = otherBackend(cassette.recordedAgainst());
        return new NotRecordedException("no recording for " + test + " in " + cassettes.shownHeld(file) + why + repeated
                + other.map(o -> " (" + o + "): give each backend its own cognigy.replay.dir (as each Surefire execution"
                        + " its own report folder), then run once with cognigy.replay=record")
                .orElse(": run once with cognigy.replay=record"));
    }

    /**
     * When a cassette was recorded through another backend than this run's: runs through several backends that share
     * one {@code cognigy.replay.dir} (a build's Surefire executions, say) write over each other's cassettes, so running
     * {@code record} again does not give this run its recordings.
     */
    private Optional<String> otherBackend(Optional<Fingerprint> recorded) {
        String was = recorded.map(f -> f.facts().get("backend")).orElse(null);
        String now = config.backend().choice().id();
        if (was == null || was.equals(now)) return Optional.empty();
        return Optional.of("the cassette was recorded through backend " + was + ", this run's is " + now + ": runs through"
                + " different backends that share one cognigy.replay.dir replace each other's recordings");
    }

    /**
     * In {@code replay}, when the configuration says all there is to say of the bot (the sandbox's definition, hashed
     * without opening anything) and it is not the bot the cassette was recorded against: what changed
     * ({@code bot: sha256:… -> sha256:…}). The engine's version is left out (an upgrade changes no answer a replay
     * gives), and so is the backend, said apart ({@link #otherBackend}).
     */
    private Optional<String> editedBot(Optional<Fingerprint> recorded) {
        if (recorded.isEmpty() || !Fingerprint.knownOffline(config)) return Optional.empty();
        String change = configured.without("engine", "backend").differenceFrom(recorded.get().without("engine", "backend"));
        return change.isEmpty() ? Optional.empty() : Optional.of(change);
    }

    /** Whether the cassette holds a later run of the repeated test whose run {@code key} is, at the same turn. */
    private static boolean laterRunRecorded(CassetteFile.Loaded cassette, String key, int turn) {
        Cassettes.Run own = Cassettes.Run.of(key);
        return cassette.exchanges().keySet().stream().filter(k -> k.turn() == turn).map(k -> Cassettes.Run.of(k.test()))
                .anyMatch(recorded -> recorded.test().equals(own.test()) && recorded.number() > own.number());
    }

    /** Whether the recording was made for this request as it is now (redacted as the cassette holds it). */
    private boolean sameRequest(Exchange exchange, TurnRequest request) {
        return SortedJson.sorted(exchange.request())
                .equals(SortedJson.sorted(CassetteFile.asRead(cassettes.comparable(Exchange.request(request)))));
    }

    private NotRecordedException changedSinceRecorded(TurnRequest request, Path file, Exchange exchange) {
        String test = Exchange.testKey(request.test()) + (request.turn() > 1 ? " turn " + request.turn() : "");
        return new NotRecordedException("no recording for " + test + " as it is now in " + cassettes.shownHeld(file) + ": "
                + whatChanged(request, exchange, "its") + " changed since it was recorded; run once with cognigy.replay=record (or"
                + " auto, which sends only the changed tests)");
    }

    /** What of a request differs from its recording: {@code its text (recorded "…", now "…")}, {@code whose} being "its". */
    private String whatChanged(TurnRequest request, Exchange exchange, String whose) {
        Object recordedText = exchange.request().get("text");
        Object text = cassettes.comparable(Exchange.request(request)).get("text");
        if (Redaction.withoutDigest(exchange.request())) {
            // Recorded as <redacted> alone, a value cannot be compared: whether the test's message changed is unknown.
            return whose + " redacted value (recorded as " + Redaction.REDACTED + " alone, by an earlier version of the"
                    + " engine, so it cannot be compared with the test's now) may have";
        }
        if (java.util.Objects.equals(recordedText, text)) return whose + " data, platform, locale or injected context";
        // Quoted as what is said of a cassette is: a value cognigy.replay.redact names as its digest, the recorded one too
        // (a cassette recorded before the setting named it holds it in clear).
        String recorded = recordedText == null ? null : cassettes.hidden(String.valueOf(recordedText));
        String now = text == null ? null : cassettes.hidden(String.valueOf(text));
        if (recorded != null && recorded.equals(now)) {
            return whose + " text, recorded in clear before " + Constants.REPLAY_REDACT + " named it, may have";
        }
        return whose + " text (recorded " + quoted(recorded) + ", now " + quoted(now) + ")";
    }

    /**
     * A message's text in quotes, escaped as failure messages quote what was said: on one line, controls visible, cut to
     * {@value Excerpt#QUOTED} characters.
     */
    private static String quoted(String text) {
        return text == null ? "no text" : "\"" + ConsoleText.visible(Excerpt.of(text, Excerpt.QUOTED)) + "\"";
    }

    /**
     * Why {@code auto} may not answer from the cassette, empty when it may: same bot, same request, and the conversation
     * not gone live. A conversation's turn says which it is ({@code turn 3's text (recorded …) changed since it was
     * recorded}).
     */
    private Optional<String> whyNotReplayable(TurnRequest request, Path file) {
        String conversation = Cassettes.session(Exchange.testKey(request.test()));
        synchronized (this) {
            if (request.sessionId() != null && liveSessions.contains(request.sessionId())) {
                return Optional.of("its conversation went live");
            }
            String live = liveConversations.get(conversation);
            if (live != null) return Optional.of(live);
        }
        CassetteFile.Loaded cassette = cassettes.cassette(file);
        Optional<Fingerprint> recorded = cassette.recordedAgainst();
        Fingerprint bot = fingerprint();
        if (recorded.isPresent() && !recorded.get().equals(bot)) {
            botChanged.putIfAbsent(cassettes.shownHeld(file), bot.differenceFrom(recorded.get())
                    + otherBackend(recorded).map(o -> "; " + o + ": give each backend its own cognigy.replay.dir").orElse(""));
        }
        if (recorded.filter(bot::equals).isEmpty()) return Optional.of("its cassette was recorded against another bot");
        Optional<Exchange> exchange = cassettes.recorded(file, request.test(), request.turn());
        if (exchange.isEmpty()) return Optional.of("turn " + request.turn() + " was not recorded");
        if (!sameRequest(exchange.get(), request)) {
            return Optional.of(whatChanged(request, exchange.get(), "turn " + request.turn() + "'s") + " changed since it was recorded");
        }
        // Only answers are replayed: the bot is asked again what it left unanswered (an error, a timeout) when recording.
        if (exchange.get().unanswered()) return Optional.of("turn " + request.turn() + " got no answer when it was recorded");
        return Optional.empty();
    }

    private TurnResult goLive(TurnRequest request, Path file) {
        Backend bot = live();
        if (nluScoringWanted && request.mode() == Mode.NLU) readyNluScoring(bot);
        if (request.sessionId() != null) {
            synchronized (this) {
                liveSessions.add(request.sessionId());
            }
        }
        return exchange(bot, request, file);
    }

    private TurnResult exchange(Backend bot, TurnRequest request, Path file) {
        boolean recording = file != null && settings.mode() != ReplayMode.OFF;
        TurnResult result;
        try {
            result = bot.send(request);
        } catch (RuntimeException e) {
            noAnswer(recording ? file : null, request, e);
            throw e;
        }
        live.incrementAndGet();
        if (recording) {
            cassettes.record(file, new Exchange(Exchange.testKey(request.test()), request.turn(), Exchange.request(request),
                    Exchange.answer(result), 0));
        }
        return result;
    }

    /**
     * What a message that got no answer leaves in its cassette (when {@code file} is one the run records into) and in
     * the count of messages sent to the bot. A failure of the bot (an error answer to the message, a timeout, an outage
     * the retries did not outlast, an answer not of the protocol) is recorded as unanswered, so a replay fails the
     * message as this run does, and a repeated test's run counts there as one that got no answer, as here. A failure of
     * the run's own setup (credentials rejected, a permission missing, a message its configuration keeps from the bot, a
     * URL naming no endpoint), a message that never left for the bot (no connection, no such host, no TLS session, held
     * back: {@link BackendException#messageUnsent()}) and a message the run's stop cut off leave nothing, and take
     * nothing away: none is an answer of the bot, and the test's earlier recording stays, as a test the run never reached
     * keeps its own — recorded as unanswered, it would fail in replay, which needs no credentials and no network, a test
     * the bot answers. A read timeout, a 5xx, a broken connection after sending are the bot's (or its environment's)
     * failure to answer a message it may have got, and are recorded. Whatever the
     * backend made of the stop's interrupt counts as the stop, as the run reports it ({@code RunCancellation}), and is
     * not counted as sent.
     */
    private void noAnswer(Path file, TurnRequest request, RuntimeException e) {
        if (e instanceof dev.botsim.cognigy.engine.backend.BackendInterruptedException || stopped()) return;
        live.incrementAndGet();
        if (file == null) return;
        String key = Exchange.testKey(request.test());
        if (ofTheRunsSetup(e)) {
            setupFailed.add(e instanceof BackendException failure ? failure.kind().name() : "configuration", e.getMessage());
        } else if (e instanceof BackendException failure && failure.messageUnsent()) {
            notSent.add(failure.kind().name(), e.getMessage());
        } else if (e instanceof BackendException failure) {
            cassettes.record(file, new Exchange(key, request.turn(), Exchange.request(request),
                    Exchange.unanswered(failure, request), 0));
        } else {
            cassettes.sentUnrecorded(file, key);
        }
    }

    /**
     * Whether a message failed for the run's own setup, not for the bot: credentials rejected, a permission missing, the
     * configuration keeping the message from the bot ({@link BackendException.Kind#ofTheRunsSetup()}), or a setting
     * the backend found wrong only when it first needed it.
     */
    private static boolean ofTheRunsSetup(RuntimeException e) {
        return e instanceof BackendException failure ? failure.kind().ofTheRunsSetup()
                : e instanceof dev.botsim.cognigy.engine.config.ConfigurationException;
    }

    /** Whether the run is being stopped, or this thread was told to stop waiting for the bot. */
    private boolean stopped() {
        return Thread.currentThread().isInterrupted() || stopping.getAsBoolean();
    }

    private synchronized void readyNluScoring(Backend bot) {
        if (nluScoringReady) return;
        bot.prepareNluScoring();
        nluScoringReady = true;
    }

    /** The run's mode. */
    public ReplayMode mode() {
        return settings.mode();
    }

    /** The bot's fingerprint as this run knows it: complete once {@link #schema()} has been read. */
    public synchronized Fingerprint fingerprint() {
        return current;
    }

    /**
     * What the run's answers come from, for its reports: in {@code replay}, which asks the bot nothing, the fingerprint
     * the cassettes of {@code testsInRun} state (where they differ, a fact lists every value, {@code a | b}), not what
     * the configuration names now; otherwise the bot's, as {@link #fingerprint()}.
     *
     * @param testsInRun the unique ids of every test of the run
     */
    public Fingerprint fingerprint(Set<String> testsInRun) {
        if (settings.mode() != ReplayMode.REPLAY) return fingerprint();
        Set<Path> files = new java.util.TreeSet<>();
        testsInRun.forEach(test -> files.add(cassettes.fileOf(test)));
        List<Fingerprint> stated = files.stream().map(file -> cassettes.cassette(file).recordedAgainst())
                .flatMap(Optional::stream).distinct().toList();
        if (stated.isEmpty()) return fingerprint();
        Set<String> keys = new java.util.TreeSet<>();
        stated.forEach(one -> keys.addAll(one.facts().keySet()));
        Map<String, Set<String>> values = new java.util.TreeMap<>();
        for (Fingerprint one : stated) {
            keys.forEach(key -> values.computeIfAbsent(key, k -> new java.util.TreeSet<>())
                    .add(one.facts().getOrDefault(key, "none")));
        }
        Map<String, String> facts = new java.util.TreeMap<>();
        values.forEach((key, all) -> facts.put(key, String.join(" | ", all)));
        synchronized (this) {
            current = Fingerprint.of(facts);
            return current;
        }
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return opened() || settings.mode() == ReplayMode.RECORD ? live().missingNluDataHint() : Optional.empty();
    }

    @Override
    public boolean intentUnknownWithoutNluData() {
        if (opened() || settings.mode() == ReplayMode.RECORD) return live().intentUnknownWithoutNluData();
        // A replayed answer is judged as the live one was: asking the backend would open it, its choice says the same.
        return Fingerprint.ENDPOINT_BACKENDS.contains(config.backend().choice());
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return opened() ? backend.concurrency() : Optional.empty();
    }

    /** The live backend's, once opened: a replayed answer is no stand-in's answer now (nor the bot's: see require-live). */
    @Override
    public Optional<String> standIn() {
        return opened() ? backend.standIn() : Optional.empty();
    }

    @Override
    public Optional<String> pacing(long plannedMessages) {
        // Only what is sent is paced; a run that may replay most of its messages says nothing up front.
        return settings.mode() == ReplayMode.RECORD ? live().pacing(plannedMessages) : Optional.empty();
    }

    @Override
    public Optional<String> pacing(long flowMessages, long nluScores) {
        return settings.mode() == ReplayMode.RECORD ? live().pacing(flowMessages, nluScores) : Optional.empty();
    }

    @Override
    public Optional<dev.botsim.cognigy.engine.transport.BudgetWait> budgetWait(long remainingRequests) {
        return opened() ? backend.budgetWait(remainingRequests) : Optional.empty();
    }

    @Override
    public boolean checksIntentsOnly() {
        return opened() ? backend.checksIntentsOnly() : config.backend().choice() == dev.botsim.cognigy.engine.config.BackendChoice.NLU;
    }

    /** As the backend the answers were recorded from: a simulation API's recordings hold no rich content either. */
    @Override
    public boolean answersRichContent() {
        if (opened()) return backend.answersRichContent();
        dev.botsim.cognigy.engine.config.BackendChoice choice = config.backend().choice();
        return choice != dev.botsim.cognigy.engine.config.BackendChoice.SIMULATION
                && choice != dev.botsim.cognigy.engine.config.BackendChoice.SANDBOX;
    }

    /** As the backend the answers were recorded from: what the simulation API would not take was never recorded. */
    @Override
    public Optional<java.util.regex.Pattern> userIdPattern() {
        if (opened()) return backend.userIdPattern();
        dev.botsim.cognigy.engine.config.BackendChoice choice = config.backend().choice();
        return choice == dev.botsim.cognigy.engine.config.BackendChoice.SIMULATION
                || choice == dev.botsim.cognigy.engine.config.BackendChoice.SANDBOX
                ? Optional.of(dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend.USER_ID) : Optional.empty();
    }

    @Override
    public void prepareNluScoring() {
        switch (settings.mode()) {
            // Nothing is scored: the recorded scores are the answers.
            case REPLAY -> { }
            // Readied before the first test scored live, so a run that replays every test asks nothing.
            case AUTO -> nluScoringWanted = true;
            default -> live().prepareNluScoring();
        }
    }

    /**
     * Ends the replay part of the run, before it is reported: the cassettes this run recorded into are written, and
     * what the run replayed, sent live, and found wrong or left over in the cassettes is handed back.
     *
     * @param testsInRun the unique ids of every test of the run
     */
    public ReplayReport finish(Set<String> testsInRun) {
        return finish(testsInRun, cassettes::write);
    }

    /**
     * As {@link #finish}, for a run the JVM is shutting down in the middle of: the cassettes are written only if no other
     * run (another process, another thread of this JVM) writing into the folder keeps them longer than {@code wait}, what
     * is left of the shutdown's seconds; otherwise they are said not written ({@link ReplayReport#unwritten()}).
     */
    public ReplayReport finishWithin(Set<String> testsInRun, java.time.Duration wait) {
        return finish(testsInRun, bot -> cassettes.writeWithin(bot, wait));
    }

    private ReplayReport finish(Set<String> testsInRun, java.util.function.Function<Fingerprint, Cassettes.Written> write) {
        Fingerprint bot = fingerprint();
        Cassettes.Written written = settings.mode().writesCassettes() ? write.apply(bot) : new Cassettes.Written(List.of(), List.of());
        List<String> unwritten = new java.util.ArrayList<>(written.unwritten());
        schemaUnwritten.ifPresent(unwritten::add);
        // After writing: what this run dropped from a cassette is no longer left over in it.
        Cassettes.LeftOver left = cassettes.leftOver(testsInRun);
        return new ReplayReport(settings.mode(), bot, replayed.get(), replayedUnanswered.get(), live.get(), cassettes.problems(), left.notInRun(),
                left.runsNotMade(), written.lines(), unwritten, botChanged, otherBackend, wentLive,
                setupFailed.report(), notSent.report());
    }

    /**
     * The SHA-256 of each cassette an answer of this run was replayed from, and of the recorded schema when the run's
     * tests were checked against it, as read, by file: the audit record lists them with the data files, so an edited
     * cassette or schema behind a verdict shows in the trail.
     */
    public Map<String, String> cassettesReplayed() {
        Map<String, String> files = new java.util.TreeMap<>(cassettes.replayedDigests());
        files.putAll(schemaReplayed);
        return files;
    }

    @Override
    public void close() {
        Backend opened;
        synchronized (this) {
            opened = backend;
        }
        if (opened != null) opened.close();
    }
}
