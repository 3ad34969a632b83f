package dev.botsim.cognigy.engine.backend.socket;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ServedBot;
import dev.botsim.cognigy.engine.backend.MessagePacing;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.endpoint.ClientChannel;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointAnswers;
import dev.botsim.cognigy.engine.backend.endpoint.LocaleRouting;
import dev.botsim.cognigy.engine.backend.endpoint.OutputConvention;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.LocaleEndpointUrls;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Snippet;
import dev.botsim.cognigy.engine.transport.Ticker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a Cognigy Socket Endpoint, the endpoint Webchat talks to, as Cognigy's {@code @cognigy/socket-client}
 * does: one WebSocket per session (a conversation keeps its socket across its turns; a single-utterance test opens one
 * and closes it), a turn being the {@code processInput} event and the {@code output} events that follow until the
 * endpoint's {@code finalPing}. Unlike a REST Endpoint, which answers only what the flow output before its execution
 * finished, it sees every output of the turn as the flow sends it. The outputs are read as a REST Endpoint's
 * {@code outputStack} is ({@link EndpointAnswers}). A message that may have reached the endpoint is never sent again: a
 * connection lost during a turn fails the turn.
 *
 * <p>The endpoint URL carries its URL token, a secret: it is never printed whole, and every frame is masked before it
 * is read.
 */
public final class SocketBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(SocketBackend.class.getName());

    /** The channel Cognigy's socket client names when none is given, sent when a test names no platform of its own. */
    static final String SOCKET_CLIENT_CHANNEL = "socket-client";

    /**
     * @param url             the Socket Endpoint's URL, its URL token as its last path segment
     * @param convention      where outputs report intent, flow and slots
     * @param http            the connect timeout (also how long the endpoint has to say it is ready)
     * @param turnTimeout     how long a turn may take from its message to the endpoint's {@code finalPing}
     * @param testMode        whether the socket connects in Cognigy's test mode ({@code testMode=true}: not billed)
     * @param defaultPlatform the run's default platform: a test naming it sends the socket client's channel
     * @param notices         where what the run should know once goes (a log warning by default)
     * @param ticker          the monotonic clock the heartbeat and the turn's deadline go by
     * @param idleSockets     how many conversations' sockets stay open between their turns ({@link #withIdleSockets})
     * @param maxMessagesPerHour {@code cognigy.endpoint.max-messages-per-hour}, as for a REST Endpoint: empty for the
     *                        default (600 in test mode, else none), 0 for none
     * @param clock           time source for pacing and HTTP-date {@code Retry-After}, replaceable in tests
     * @param sleeper         how pacing and retries wait, replaceable in tests
     * @param retry           how a connection refused before the message left is retried: the attempts, the longest
     *                        {@code Retry-After} honoured, how long 429s are waited out ({@code cognigy.retry.*})
     * @param localeUrls      the Socket Endpoint URL of a locale tag, if one is set ({@code COGNIGY_SOCKET_URL_DE_DE})
     * @param servedLocale    the locale the endpoint at {@code url} serves when it is known (the embedded sandbox's bot's)
     */
    public record Settings(Secret url, OutputConvention convention, HttpSettings http, Duration turnTimeout, boolean testMode,
                           String defaultPlatform, Consumer<String> notices, Ticker ticker, int idleSockets,
                           OptionalInt maxMessagesPerHour, Clock clock, Sleeper sleeper, RetrySettings retry,
                           Function<String, Optional<Secret>> localeUrls, Optional<String> servedLocale) {

        /** How many conversations' sockets stay open between their turns when the run's concurrency is not given. */
        static final int IDLE_SOCKETS = 64;

        /** The endpoint at {@code url}, outputs read by the Code node's convention; everything else as by default. */
        public static Settings of(Secret url) {
            return new Settings(url, OutputConvention.CODE_NODE, HttpSettings.defaults(),
                    dev.botsim.cognigy.engine.config.BackendSettings.Socket.defaults().turnTimeout(),
                    false, "web", notice -> LOG.log(System.Logger.Level.WARNING, notice), Ticker.SYSTEM, IDLE_SOCKETS,
                    OptionalInt.empty(), Clock.systemUTC(), Sleeper.SYSTEM, RetrySettings.defaults(), locale -> Optional.empty(),
                    Optional.empty());
        }

        public Settings withConvention(OutputConvention convention) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withHttp(HttpSettings http) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withTurnTimeout(Duration turnTimeout) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withTestMode(boolean testMode) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withDefaultPlatform(String defaultPlatform) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withNotices(Consumer<String> notices) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        /** The monotonic clock the heartbeat and the turn's deadline go by: a virtual one in tests. */
        public Settings withTicker(Ticker ticker) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        /**
         * At most {@code idleSockets} conversations keep their socket open between their turns, the least recently used
         * closed beyond them: the backend is not told when a conversation has ended, so without a bound a suite of
         * thousands of conversations would end holding a socket, and its heartbeat, for each. The run's
         * {@code max-concurrency} is a good bound: no more conversations than that are between two turns at once, but for
         * a moment. A conversation whose socket was closed opens a new one of the same session at its next turn.
         */
        public Settings withIdleSockets(int idleSockets) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    Math.max(1, idleSockets), maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withMaxMessagesPerHour(OptionalInt maxMessagesPerHour) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withClock(Clock clock) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withSleeper(Sleeper sleeper) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withRetry(RetrySettings retry) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withLocaleUrls(Function<String, Optional<Secret>> localeUrls) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, servedLocale);
        }

        public Settings withServedLocale(String servedLocale) {
            return new Settings(url, convention, http, turnTimeout, testMode, defaultPlatform, notices, ticker,
                    idleSockets, maxMessagesPerHour, clock, sleeper, retry, localeUrls, Optional.of(servedLocale));
        }
    }

    /** One Socket Endpoint messages go to: the default one or a locale's, each with its own connections. */
    private record Target(SocketUrl url, HttpTransport http) {
    }

    /** The upgrade's answers that say the endpoint refused it for the moment: a rate limit, a gateway, a restart. */
    private static final java.util.Set<Integer> RETRIED_STATUSES = java.util.Set.of(429, 502, 503, 504);

    private static final LocaleRouting.Kind SOCKET = new LocaleRouting.Kind("Socket Endpoint", Constants.SOCKET_URL_ENV);

    private final Settings settings;
    private final Target defaultTarget;
    /** The target of each locale, its URL as the run's secrets know it: what was looked up is masked. */
    private final LocaleRouting<Target> locales;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final EndpointAnswers answers;
    private final ScheduledExecutorService timer;
    /**
     * The open socket of each conversation between two of its turns, by its session id, least recently used first; at
     * most {@link Settings#idleSockets} of them. A turn takes its conversation's socket out and puts it back when it
     * ends well, so no socket in use is ever closed to make room.
     */
    private final java.util.LinkedHashMap<String, SocketConnection> conversations = new java.util.LinkedHashMap<>();
    private final AtomicBoolean notReadyNoticed = new AtomicBoolean();
    private final MessagePacing pacing;
    private final RetryPolicy retryPolicy;
    /** The bot the endpoint serves, as the management API or the embedded sandbox says. */
    private final ServedBot bot;
    /** How long a new connection waits for {@code endpoint-ready} after the Socket.IO connect. */
    private final Duration readyWait;

    public SocketBackend(Settings settings) {
        this(settings, Optional.empty());
    }

    /**
     * @param management where the bot's flows, intents and slots are read from, if configured: the same management API a
     *                   REST Endpoint's run reads, resolving the bot from the Socket Endpoint's URL token
     */
    public SocketBackend(Settings settings, Optional<BotManagement> management) {
        this(settings, management, settings.http().connect());
    }

    /**
     * @param readyWait how long a new connection waits for {@code endpoint-ready}, which Cognigy.AI before 4.79 never
     *                  sends: the connect timeout in a run; shorter in tests, whose connect may take longer on a loaded
     *                  machine than the wait they want to see expire
     */
    SocketBackend(Settings settings, Optional<BotManagement> management, Duration readyWait) {
        this.settings = settings;
        this.readyWait = readyWait;
        this.bot = new ServedBot(management, settings.servedLocale());
        this.defaultTarget = target(SocketUrl.parse(settings.url()).orElseThrow(() -> new BackendException(BackendException.Kind.CONFIGURATION,
                "the environment variable " + Constants.SOCKET_URL_ENV + " " + SocketUrl.problem(settings.url()).orElse("is not a"
                        + " Socket Endpoint URL") + "; its value is not shown, it is a secret.")));
        this.locales = new LocaleRouting<>(SOCKET, defaultTarget, LocaleEndpointUrls.sockets(settings.localeUrls()),
                SocketUrl::problem, url -> target(SocketUrl.parse(url).orElseThrow()), target -> target.url().endpoint());
        // What Webchat shows of an output: its own payload where the Say node has one, not the Default tab's as well.
        this.answers = new EndpointAnswers(settings.convention(), management, json, locales::mask).renderedBy(ClientChannel.WEBCHAT);
        this.retryPolicy = RetryPolicy.of(settings.retry()).withClock(settings.clock()).withSleeper(settings.sleeper());
        this.pacing = MessagePacing.of(settings.maxMessagesPerHour(), "the Socket Endpoint's", settings.clock(), settings.sleeper());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cognigy-socket-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    private Target target(SocketUrl url) {
        return new Target(url, HttpTransport.to(url.endpoint().url(),
                HttpTransport.Options.of(settings.http()).withRepeatsOnStaleConnection(false)));
    }

    /**
     * Why {@code url} is not a Socket Endpoint URL, said without its value (it holds a secret), to follow "the environment
     * variable ... "; empty when it is one.
     */
    public static Optional<String> problem(Secret url) {
        return SocketUrl.problem(url);
    }

    /**
     * The URL token of the Socket Endpoint at {@code url}, its last path segment, by which the management API finds the
     * endpoint; empty when it is no Socket Endpoint URL.
     */
    public static Optional<Secret> token(Secret url) {
        return SocketUrl.parse(url).map(socket -> Secret.of(socket.token()));
    }

    /** Where the Socket Endpoint at {@code url} is, as messages show it: its URL token masked; empty when it is none. */
    public static Optional<String> shownUrl(Secret url) {
        return SocketUrl.parse(url).map(SocketUrl::shown);
    }

    @Override
    public String name() {
        return "socket";
    }

    /**
     * A Socket Endpoint does not describe the bot: the schema comes from the management API when it is configured, else
     * it is unknown and expectations are checked when the answers come.
     */
    @Override
    public BotSchema schema() {
        return bot.schema();
    }

    /** A flow that reported nothing said nothing of the intent: the Code node reports it, the endpoint does not. */
    @Override
    public boolean intentUnknownWithoutNluData() {
        return true;
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return Optional.of("The Socket Endpoint returned no intent or flow data. " + OutputConvention.SNIPPET);
    }

    /** Messages in test mode are paced to its quota, as a REST Endpoint's test-mode URL's are ({@link MessagePacing}). */
    @Override
    public Optional<String> pacing(long plannedMessages) {
        return pacing.expectation(plannedMessages, settings.testMode());
    }

    @Override
    public Optional<BudgetWait> budgetWait(long remainingRequests) {
        return pacing.waiting(remainingRequests);
    }

    @Override
    public TurnResult send(TurnRequest request) {
        Target target = locales.targetOf(request.locale());
        locales.refuseOtherLanguage(request, target, bot);
        locales.refuseEndpointOfAnotherLocale(request, target);
        Map<String, Object> data = OutputConvention.markedData(request);
        boolean conversation = request.sessionId() != null;
        String sessionId = conversation ? request.sessionId() : "ses_" + UUID.randomUUID();
        // Before the socket is taken or opened: a failed inject leaves the message unsent and no socket behind. Before
        // the hour's budget too, as through a REST Endpoint: a message an inject refused spends none of it, nor waits
        // for it only to fail.
        bot.injectContext(request, sessionId);
        SocketConnection connection = conversation ? taken(sessionId) : null;
        if (connection != null && connection.closedWhy().isPresent()) {
            // Ended between turns (the endpoint's idle timeout, a restart, or closed here to make room): nothing of this
            // turn left yet, so a new socket of the same session carries it, as the socket client reconnects.
            connection = null;
        }
        RetryLog log = new RetryLog();
        try {
            if (connection == null) {
                // The budget counted once the endpoint is not holding connections back: a message that would fail held
                // spends none of it, nor waits for it only to fail.
                connection = connect(target, sessionId, request.userId(), log, this::pace);
            } else {
                paceKeeping(connection);
                // Ended while the budget waited: opened again, the message still unsent and already counted.
                if (connection.closedWhy().isPresent()) connection = connect(target, sessionId, request.userId(), log, () -> { });
            }
        } catch (BackendException e) {
            throw e.withRetries(log);
        }
        boolean keep = false;
        try {
            TurnResult result = turn(target, connection, request, sessionId, data, log);
            keep = conversation;
            return result;
        } catch (BackendException e) {
            throw e.withRetries(log);
        } finally {
            // A failed turn leaves the socket in a state nobody knows (outputs of it may still come): the next turn opens
            // a new one of the same session.
            if (keep) park(sessionId, connection);
            else connection.close();
        }
    }

    /** Waits for the hour's budget with {@code connection} taken out for the turn, closing it if the wait is abandoned. */
    private void paceKeeping(SocketConnection connection) {
        try {
            pace();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void pace() {
        try {
            pacing.acquire(settings.testMode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("waiting for the hour's message budget abandoned: the waiting thread was"
                    + " interrupted; the message was not sent");
        }
    }

    /** The socket conversation {@code sessionId} left open after its last turn, taken out for this turn; {@code null} if none. */
    private SocketConnection taken(String sessionId) {
        synchronized (conversations) {
            return conversations.remove(sessionId);
        }
    }

    /**
     * Keeps {@code connection} open for its conversation's next turn, closing the sockets least recently used beyond
     * {@link Settings#idleSockets}.
     */
    private void park(String sessionId, SocketConnection connection) {
        Map<String, SocketConnection> evicted = new java.util.LinkedHashMap<>();
        synchronized (conversations) {
            conversations.put(sessionId, connection);
            var eldest = conversations.entrySet().iterator();
            while (conversations.size() > settings.idleSockets() && eldest.hasNext()) {
                var next = eldest.next();
                evicted.put(next.getKey(), next.getValue());
                eldest.remove();
            }
        }
        evicted.forEach((session, socket) -> leave(session, socket, "before its socket was closed to keep at most "
                + settings.idleSockets() + " conversations' sockets open"));
    }

    /** Closes a conversation's socket kept between its turns, telling the run of outputs that came after its last turn. */
    private void leave(String sessionId, SocketConnection connection, String when) {
        late(connection.drain(), sessionId, when);
        connection.close();
    }

    /**
     * Tells the run of outputs of session {@code sessionId} that came after its last turn's {@code finalPing}, {@code when}
     * (before the next turn's message, or before its socket was closed): Cognigy ends a turn's outputs with
     * {@code finalPing}, so the flow sent these after its execution had finished — an inject or notify, an HTTP Request
     * node's asynchronous answer, a handover's agent. They are read as no turn's answer: the turn they followed had been
     * judged, and the next one is what the bot answers to its own message. Said each time, with what they said, so that a
     * test failing for an answer the bot did send learns where it went.
     */
    private void late(List<SocketConnection.Incoming> events, String sessionId, String when) {
        ArrayNode outputs = json.createArrayNode();
        for (SocketConnection.Incoming incoming : events) {
            if (incoming instanceof SocketConnection.Event event && event.name().equals("output")
                    && "output".equals(event.argument().path("type").asString(""))) {
                outputs.add(event.argument().path("data"));
            }
        }
        if (outputs.isEmpty()) return;
        settings.notices().accept("Socket Endpoint session " + ConsoleText.oneLine(sessionId) + ": " + received(outputs)
                + " came after its last turn's finalPing, " + when + ", and "
                + (outputs.size() == 1 ? "is" : "are") + " read as no turn's answer. Cognigy ends a turn with finalPing, so"
                + " the flow sent " + (outputs.size() == 1 ? "it" : "them") + " after its execution had finished (an inject or"
                + " notify, an HTTP Request node's asynchronous answer, a handover): a test expecting "
                + (outputs.size() == 1 ? "it" : "them") + " in that turn fails, unless the flow outputs "
                + (outputs.size() == 1 ? "it" : "them") + " before its execution ends (see docs/real-cognigy.md).");
    }

    /**
     * Opens a socket of the session to {@code target}. An attempt the endpoint refused before any of the turn left — the
     * upgrade answered 429 (the rate limit), 502, 503 or 504 (a gateway or an endpoint restarting), or no connection
     * made at all (refused, no such host) — is made again as a REST Endpoint's unsent message is: after the
     * {@code Retry-After} the answer names, or a growing backoff, within {@code cognigy.retry.*}, each retry in the turn's
     * retry log. Nothing of the message has left until {@code processInput} is sent, which is never repeated.
     *
     * @param beforeFirstAttempt run once, when the endpoint holds no connections back, before the first attempt: the
     *                           message's count against the hour's budget, which a retry does not count again
     */
    private SocketConnection connect(Target target, String sessionId, String userId, RetryLog log, Runnable beforeFirstAttempt) {
        SocketUrl url = target.url();
        Retries retries = retryPolicy.start("the WebSocket upgrade to the Socket Endpoint", log);
        boolean first = true;
        while (true) {
            Optional<Retries.GiveUp> held = retries.held();
            if (held.isPresent()) {
                throw new BackendException(BackendException.Kind.TRANSPORT, "cannot connect to Socket Endpoint " + url.shown()
                        + ": " + held.get().problem() + "; the message was not sent").varying(held.get()).withMessageUnsent();
            }
            if (first) {
                beforeFirstAttempt.run();
                first = false;
            }
            SocketConnection.Opened opened;
            try {
                opened = SocketConnection.open(target.http(), url.connection(sessionId, userId, settings.testMode()),
                        settings.http().connect(), readyWait, json, locales::mask, settings.ticker(), timer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("connecting to the Socket Endpoint abandoned: the waiting thread was interrupted");
            } catch (SocketConnection.SocketFailure e) {
                Retries.Next next = afterRefusal(retries, e);
                if (next instanceof Retries.Retry retry) {
                    await(retries, retry);
                    continue;
                }
                String why = next instanceof Retries.GiveUp giveUp ? e.getMessage() + "; " + giveUp.problem() : e.getMessage();
                BackendException failure = new BackendException(BackendException.Kind.TRANSPORT, "cannot connect to Socket Endpoint "
                        + url.shown() + ": " + why + "; the message was not sent").withMessageUnsent();
                throw next instanceof Retries.GiveUp giveUp ? failure.varying(giveUp) : failure;
            }
            // Connected: to the policy a success, as a 2xx is, so that a later run of failures counts from here.
            retries.afterAnswer(200, null);
            if (!opened.ready() && notReadyNoticed.compareAndSet(false, true)) {
                settings.notices().accept("Socket Endpoint " + url.shown() + " sent no endpoint-ready within "
                        + readyWait.toMillis() + " ms (" + Constants.HTTP_CONNECT_TIMEOUT + ") of the"
                        + " connection, which Cognigy.AI sends from 4.79 on; messages went after that wait. Said once per run.");
            }
            return opened.connection();
        }
    }

    /**
     * Whether to open the socket again after {@code failure}: after an upgrade refused for the moment (429, 502, 503,
     * 504) or no connection made, as the policy says; after anything else (a 404, the endpoint's own refusal, no
     * Socket.IO connect in time), the failure stands, a 5xx counting towards an outage.
     */
    private static Retries.Next afterRefusal(Retries retries, SocketConnection.SocketFailure failure) {
        SocketConnection.Refusal refusal = failure.refusal();
        if (RETRIED_STATUSES.contains(refusal.status())) return retries.afterAnswer(refusal.status(), refusal.retryAfter());
        if (refusal.status() != 0) {
            retries.answeredFinally(refusal.status(), refusal.retryAfter());
            return new Retries.Final();
        }
        if (refusal.delivery() == Delivery.NOT_SENT) return retries.afterFailureAtMostOnce(failure.getMessage(), Delivery.NOT_SENT);
        return new Retries.Final();
    }

    /** Waits before opening the socket again, logging why; an interrupt abandons the message. */
    private static void await(Retries retries, Retries.Retry retry) {
        try {
            retries.await(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("abandoned while waiting to connect again: the waiting thread was interrupted;"
                    + " the message was not sent");
        }
    }

    /** One turn on {@code connection}: the message, then the outputs until {@code finalPing}. */
    private TurnResult turn(Target target, SocketConnection connection, TurnRequest request, String sessionId,
                            Map<String, Object> data, RetryLog log) {
        String shown = target.url().shown();
        late(connection.drain(), sessionId, "before turn " + request.turn() + "'s message (test "
                + ConsoleText.oneLine(request.testId()) + ")");
        if (!connection.emit("processInput", processInput(target.url(), request, sessionId, data))) {
            String why = connection.closedWhy().orElse("the connection had ended");
            throw new BackendException(BackendException.Kind.TRANSPORT, "cannot send to Socket Endpoint " + shown + ": " + why
                    + "; the message was not sent").withMessageUnsent();
        }
        Ticker ticker = settings.ticker();
        long deadline = ticker.nanos() + settings.turnTimeout().toNanos();
        ArrayNode outputs = json.createArrayNode();
        while (true) {
            Optional<SocketConnection.Incoming> next;
            try {
                next = connection.next(Duration.ofNanos(deadline - ticker.nanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("waiting for the Socket Endpoint's answer abandoned: the waiting thread was"
                        + " interrupted");
            }
            if (next.isEmpty()) {
                throw new BackendException(BackendException.Kind.TIMEOUT, "Socket Endpoint " + shown + " sent no finalPing within "
                        + settings.turnTimeout().toMillis() + " ms (" + Constants.SOCKET_TURN_TIMEOUT + ") of the message, after "
                        + received(outputs) + ": the message reached the endpoint, so it was not sent again (a turn sent twice"
                        + " would move the conversation on). A flow that takes longer needs a longer "
                        + Constants.SOCKET_TURN_TIMEOUT + ".");
            }
            if (next.get() instanceof SocketConnection.Closed closed) {
                throw new BackendException(BackendException.Kind.TRANSPORT, "the connection to Socket Endpoint " + shown
                        + " ended before the turn's finalPing, after " + received(outputs) + ": " + closed.why() + ". The message"
                        + " may have reached the flow, so it was not sent again (a turn sent twice would move the conversation"
                        + " on)");
            }
            SocketConnection.Event event = (SocketConnection.Event) next.get();
            switch (event.name()) {
                case "finalPing" -> {
                    return result(outputs, sessionId, request.turn(), shown, log, data);
                }
                case "output" -> {
                    JsonNode reply = event.argument();
                    String type = reply.path("type").isString() ? reply.path("type").stringValue() : "";
                    switch (type) {
                        case "output" -> outputs.add(reply.path("data"));
                        // Cognigy.AI 3 sends the end of the turn as an output of its own.
                        case "finalPing" -> {
                            return result(outputs, sessionId, request.turn(), shown, log, data);
                        }
                        case "error" -> throw new BackendException(BackendException.Kind.PROTOCOL, "Socket Endpoint " + shown
                                + " answered an error instead of the bot's outputs: " + snippet(reply.path("data").path("error"))
                                + ", after " + received(outputs) + ". The message reached the endpoint and the flow gave no"
                                + " answer; if the error names the flow, fix it there, else check the endpoint (active, its flow"
                                + " and snapshot, its URL token).");
                        default -> throw new BackendException(BackendException.Kind.PROTOCOL, "Socket Endpoint " + shown
                                + " sent an output of no type cognigy-junit knows (output, finalPing, error): " + snippet(reply)
                                + ", after " + received(outputs));
                    }
                }
                case "exception" -> throw new BackendException(BackendException.Kind.PROTOCOL, "Socket Endpoint " + shown
                        + " raised an exception instead of answering the message: " + snippet(event.argument())
                        + ", after " + received(outputs) + ". The message reached the endpoint; check the endpoint's flow and"
                        + " transformers.");
                // What Webchat shows while the bot types; no output.
                case "typingStatus" -> {
                }
                default -> LOG.log(System.Logger.Level.DEBUG, () -> "Socket Endpoint event " + event.name() + " ignored");
            }
        }
    }

    /**
     * {@code processInput}'s argument as the socket client sends it: {@code {URLToken, userId, sessionId, channel,
     * source: "device", passthroughIP, resetFlow, text, data}}; a data-only message has the empty text, as the client
     * sends it.
     */
    private ObjectNode processInput(SocketUrl url, TurnRequest request, String sessionId, Map<String, Object> data) {
        ObjectNode input = json.createObjectNode();
        input.put("URLToken", url.token());
        input.put("userId", request.userId());
        input.put("sessionId", sessionId);
        input.put("channel", channel(request));
        input.put("source", "device");
        input.putNull("passthroughIP");
        input.put("resetFlow", false);
        input.put("text", request.text() == null ? "" : request.text());
        input.set("data", json.valueToTree(data));
        return input;
    }

    /**
     * The channel Cognigy sets {@code input.channel} from: the test's platform when it names one other than the run's
     * default, else the socket client's own ({@code socket-client}).
     */
    private String channel(TurnRequest request) {
        String platform = request.platform();
        return platform == null || platform.isBlank() || platform.equals(settings.defaultPlatform()) ? SOCKET_CLIENT_CHANNEL
                : platform;
    }

    /** The turn's outputs read as a REST Endpoint's {@code outputStack}. */
    private TurnResult result(ArrayNode outputs, String sessionId, int turn, String shown, RetryLog log,
                              Map<String, Object> data) {
        ObjectNode root = json.createObjectNode();
        root.set("outputStack", outputs);
        return answers.read(root, sessionId, turn, log.events(), shown, data);
    }

    /**
     * What the turn's outputs so far said, for a failure that ends the turn: how many, and their texts as the turn would
     * have read them, rich content's included (a quick reply's text, a card's title), so that the failure says what the
     * bot sent before it.
     */
    private String received(ArrayNode outputs) {
        if (outputs.isEmpty()) return "no output";
        List<String> texts = new ArrayList<>();
        try {
            ObjectNode root = json.createObjectNode();
            root.set("outputStack", outputs);
            TurnResult read = answers.read(root, "", 0, List.of(), "");
            read.turns().stream().map(dev.botsim.cognigy.annotations.BotTurn::text).filter(text -> text != null && !text.isBlank())
                    .forEach(text -> texts.addAll(List.of(text.split("\n"))));
        } catch (RuntimeException unreadable) {
            // Outputs the turn could not have read either: their texts alone.
            outputs.forEach(output -> {
                if (output.path("text").isString() && !output.path("text").stringValue().isBlank()) texts.add(output.path("text").stringValue());
            });
        }
        return outputs.size() + (outputs.size() == 1 ? " output" : " outputs")
                + (texts.isEmpty() ? "" : " (" + Snippet.of(String.join(" / ", texts), 200) + ")");
    }

    private static String snippet(JsonNode node) {
        return Snippet.of(node.toString(), 200);
    }

    @Override
    public void close() {
        Map<String, SocketConnection> open;
        synchronized (conversations) {
            open = new java.util.LinkedHashMap<>(conversations);
            conversations.clear();
        }
        open.forEach((session, socket) -> leave(session, socket, "before its socket was closed at the end of the run"));
        timer.shutdownNow();
        bot.close();
        locales.all().forEach(target -> target.http().close());
    }
}
