package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotResponse;
import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.ConversationGoesLiveException;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * The session a {@code @Conversation} method talks through: each message is one turn of one session. Its messages go
 * one at a time, in the order they are made, whichever threads make them; once the method has returned the session is
 * closed, and a message made through it after that (a session kept in a field, or used by a thread the method did not
 * wait for) is refused rather than sent into the ended test's session.
 */
public final class DefaultBotSession implements BotSession {

    private final RunScope run;
    private final UniqueId test;
    private final String testId;
    private final String userId;
    private final String sessionId;
    private final Observation observation;
    private final AtomicInteger turns = new AtomicInteger();
    /** The bot's last answer, whose choices {@link #click} picks from. */
    private volatile SimulationResult previous;
    /** The turn whose expectation failed first, or 0: a failure of the method names it, as a data file's turn does. */
    private volatile int failedTurn;
    /**
     * The failures this session threw (an expectation, a click, a message the bot did not answer), told from an
     * assertion of the method's own, which its failure says with the conversation so far.
     */
    private final java.util.Set<Throwable> thrown = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    /** Why this session's conversation must go to the bot from its first message, once a message was refused for it. */
    private volatile ConversationGoesLiveException goesLive;
    private volatile boolean closed;

    public DefaultBotSession(RunScope run, UniqueId test, String testId, String userId, String sessionId,
                             Observation observation) {
        this.run = run;
        this.test = test;
        this.testId = testId;
        this.userId = userId;
        this.sessionId = sessionId;
        this.observation = observation;
    }

    @Override
    public BotResponse say(String text) {
        return say(text, Map.of());
    }

    @Override
    public BotResponse say(String text, Map<String, Object> data) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("say(...) needs a non-empty message");
        return exchange(text.strip(), data);
    }

    @Override
    public BotResponse send(Map<String, Object> data) {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("send(...) needs data to send; use say(...) for a text message");
        }
        return exchange(null, data);
    }

    @Override
    public BotResponse click(String title) {
        try {
            return choose(title);
        } catch (AssertionError e) {
            thrown.add(e);
            throw e;
        }
    }

    private synchronized BotResponse choose(String title) {
        refuseWhenClosed();
        if (previous == null) {
            throw new AssertionFailedError("click(\"" + title + "\"): the bot has not answered yet in this session, so"
                    + " it offered nothing to click — say(...) or send(...) first");
        }
        List<BotTurn> answer = previous.turns();
        List<BotChoice> quickReplies = choices(answer.stream().flatMap(t -> t.quickReplies().stream()), title);
        List<BotChoice> buttons = choices(answer.stream().flatMap(t -> t.buttons().stream()), title);
        List<BotChoice> cardButtons = quickReplies.isEmpty() && buttons.isEmpty()
                ? choices(answer.stream().flatMap(t -> t.cardButtons().stream()), title) : List.of();
        // What each would send: its payload, or its title when it has none (a link or call button: what it opens).
        List<String> sent = Stream.of(quickReplies, buttons, cardButtons).flatMap(List::stream).map(DefaultBotSession::sends).toList();
        if (sent.isEmpty()) throw notOffered(title, answer);
        if (sent.stream().distinct().count() > 1) {
            // A user sees the titles alone: which of them the test means is not said, and the payloads differ.
            throw new AssertionFailedError("click(\"" + title + "\"): the bot's last answer offered " + sent.size()
                    + " choices titled \"" + title + "\" that send different things (" + String.join(", ", sent.stream()
                    .map(ConsoleText::oneLine).toList()) + "), so which one to click is ambiguous — give the choices"
                    + " different titles in the flow, or send the one meant with say(\"<its payload>\")");
        }
        // A quick reply is clicked before a button of the same title that sends the same; a button opens what it links to.
        BotChoice chosen = Stream.of(quickReplies, buttons, cardButtons).flatMap(List::stream).findFirst().orElseThrow();
        if (quickReplies.isEmpty()) {
            if (BotChoice.PHONE_NUMBER.equals(chosen.type())) throw calls(title, chosen.payload());
            if (BotChoice.WEB_URL.equals(chosen.type()) || chosen.type() == null && isLink(chosen.payload())) {
                throw opensLink(title, chosen.payload());
            }
        }
        // Webchat sends a postback's payload as the message text; a choice without payload sends its title.
        return exchange(sends(chosen), Map.of());
    }

    private static String sends(BotChoice choice) {
        return choice.payload() != null ? choice.payload() : choice.title();
    }

    private static AssertionFailedError opensLink(String title, String url) {
        return new AssertionFailedError("click(\"" + title + "\"): this button is a link to " + ConsoleText.oneLine(String.valueOf(url))
                + " — a link opens a page in the user's browser and sends the bot nothing; check the link with"
                + " result().turns() instead");
    }

    private static AssertionFailedError calls(String title, String number) {
        return new AssertionFailedError("click(\"" + title + "\"): this button is a phone_number button calling "
                + ConsoleText.oneLine(String.valueOf(number)) + " — it starts a call on the user's device and sends the bot"
                + " nothing; check the number with result().turns() instead");
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    /** Whether {@code failure} is one this session threw, not an assertion of the method's own. */
    boolean threw(Throwable failure) {
        return thrown.contains(failure);
    }

    /**
     * What was said in this session so far, each message followed by the bot's turns that answered it, as failure
     * messages show a {@link Transcript}.
     */
    String transcript() {
        List<BotTurn> answers = observation.turns();
        List<dev.botsim.cognigy.spi.SimulationRecord.UserTurn> said = observation.said();
        if (said.isEmpty()) return "(nothing said yet)";
        List<String> exchanges = new java.util.ArrayList<>();
        for (int i = 0; i < said.size(); i++) {
            int from = Math.min(said.get(i).firstAnswer(), answers.size());
            int to = i + 1 < said.size() ? Math.min(said.get(i + 1).firstAnswer(), answers.size()) : answers.size();
            exchanges.add(Transcript.of(said.get(i).text(), answers.subList(from, Math.max(from, to))));
        }
        return String.join("\n", exchanges);
    }

    /** How many messages were sent through this session. */
    int sent() {
        return turns.get();
    }

    /** The number of the turn an expectation of which failed first, from 1, or 0 when none did. */
    int failedTurn() {
        return failedTurn;
    }

    /**
     * Why the method must run again, its conversation sent to the bot from its first message: a message of it changed
     * since it was recorded, after the earlier ones were answered from cassettes ({@code cognigy.replay=auto}). Said
     * whatever the method made of the refusal (a method that catches it and goes on is still run again).
     */
    Optional<ConversationGoesLiveException> goesLive() {
        return Optional.ofNullable(goesLive);
    }

    /** Ends the session: its method has returned, so its test is over and its record made. */
    void close() {
        closed = true;
    }

    private void refuseWhenClosed() {
        if (closed) {
            throw new IllegalStateException("the BotSession of " + testId + " is closed: its @Conversation method has"
                    + " returned, so its test is over and nothing more is sent in its session. Use a session only in the"
                    + " method it was given to (not kept in a field, nor used by a thread the method does not wait for)");
        }
    }

    /** One message at a time: turns are numbered, sent and answered in one order, as one user's conversation is. */
    private synchronized BotResponse exchange(String text, Map<String, Object> data) {
        refuseWhenClosed();
        // Its conversation goes to the bot in another session: nothing more is sent in this one.
        if (goesLive != null) throw goesLive;
        int turn = turns.incrementAndGet();
        // Said before it is sent: a message the bot did not answer is still in the transcript.
        observation.said(MessageLabel.of(text, data), data);
        try {
            SimulationStep.Answered answered = SimulationStep.exchange(run,
                    new TestMessage(test, turn, testId + "#" + turn, text, userId, null, data, sessionId, null), observation);
            previous = answered.result();
            return new Response(run, answered, failure -> {
                thrown.add(failure);
                if (failedTurn == 0) failedTurn = turn;
            });
        } catch (ConversationGoesLiveException e) {
            goesLive = e;
            throw e;
        } catch (AssertionError e) {
            thrown.add(e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bot", e);
        }
    }

    /**
     * The choices titled {@code title}, compared in Unicode's composed form (NFC) as expectations are: "Zurück"
     * clicks a choice titled "u" followed by U+0308, whose title is still sent as the bot offered it.
     */
    private static List<BotChoice> choices(Stream<BotChoice> offered, String title) {
        String composed = ComposedText.of(title);
        return offered.filter(c -> ComposedText.of(c.title()).equals(composed)).toList();
    }

    private static AssertionFailedError notOffered(String title, List<BotTurn> answer) {
        List<String> quickReplies = answer.stream().flatMap(t -> t.quickReplies().stream()).map(BotChoice::title).toList();
        List<String> buttons = answer.stream().flatMap(t -> t.buttons().stream()).map(BotChoice::title).toList();
        List<String> cards = answer.stream().flatMap(t -> t.cardButtons().stream()).map(BotChoice::title).toList();
        return new AssertionFailedError("click(\"" + title + "\"): the bot's last answer offered no quick reply or button"
                + " titled \"" + title + "\" (titles are matched exactly); it offered quick replies " + quickReplies
                + " and buttons " + buttons + (cards.isEmpty() ? "" : " and gallery card buttons " + cards));
    }

    /** A {@code web_url} button carries its URL where a postback carries its payload. */
    private static boolean isLink(String payload) {
        if (payload == null) return false;
        String lower = payload.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private record Response(RunScope run, SimulationStep.Answered answered,
                            java.util.function.Consumer<AssertionError> failed) implements BotResponse {

        @Override
        public SimulationResult result() {
            return answered.result();
        }

        private BotResponse check(Expectation expectation) {
            try {
                SimulationStep.verify(run, expectation, answered);
            } catch (AssertionError e) {
                failed.accept(e);
                throw e;
            }
            return this;
        }

        @Override
        public BotResponse expectIntent(String intent) {
            return check(Expectation.builder().intent(intent).build());
        }

        @Override
        public BotResponse expectEntity(String name, String value) {
            return check(Expectation.builder().entities(Map.of(name, value)).build());
        }

        @Override
        public BotResponse expectNextFlow(String flow) {
            return check(Expectation.builder().nextFlow(flow).build());
        }

        @Override
        public BotResponse expectResponseContains(String text) {
            return check(Expectation.builder().responseContains(text).build());
        }

        @Override
        public BotResponse expectErrorCode(String errorCode) {
            return check(Expectation.builder().errorCode(errorCode).build());
        }

        @Override
        public BotResponse expectQuickReplies(String... titles) {
            return check(Expectation.builder().quickReplies(titles(titles, "expectQuickReplies")).build());
        }

        @Override
        public BotResponse expectButtons(String... titles) {
            return check(Expectation.builder().buttons(titles(titles, "expectButtons")).build());
        }

        @Override
        public BotResponse expectData(Map<String, Object> data) {
            if (data == null || data.isEmpty()) {
                throw new IllegalArgumentException("expectData(...) needs the data to look for, e.g. Map.of(\"action\", \"GET_STARTED\")");
            }
            return check(Expectation.builder().responseData(data).build());
        }

        private static List<String> titles(String[] titles, String method) {
            if (titles == null || titles.length == 0 || Stream.of(titles).anyMatch(t -> t == null || t.isBlank())) {
                throw new IllegalArgumentException(method + "(...) needs at least one title, none of them empty");
            }
            return List.of(titles);
        }
    }
}
