package dev.botsim.cognigy.engine.backend.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.JsonRedaction;
import dev.botsim.cognigy.engine.transport.RetryAfter;
import dev.botsim.cognigy.engine.transport.Snippet;
import dev.botsim.cognigy.engine.transport.Ticker;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One WebSocket to a Socket Endpoint, speaking Engine.IO 3 and Socket.IO 2 on it: the server's open packet starts the
 * {@link Heartbeat}, the client pings and answers a server's ping, the default namespace's connect ({@code 40}) and,
 * from Cognigy.AI 4.79 on, the {@code endpoint-ready} event make it ready, and every event the server asks to be
 * acknowledged ({@code 42<id>[…]}) is, at once ({@code 43<id>[]}), as the socket client's callbacks do: the endpoint
 * takes an event not acknowledged within about two seconds for undelivered. Every other event, and the connection's
 * end, goes to {@link #next} in the order it came. Every frame is masked ({@code mask}) before it is read: a server may
 * echo the URL token. What the endpoint may send between two messages is bounded ({@link #MAX_EVENTS_PER_MESSAGE}): an
 * endpoint that sends outputs without end, and never its {@code finalPing}, ends the connection instead of filling the
 * memory until the turn's timeout. Thread-safe: OkHttp's reader thread delivers, the turn's thread reads, the heartbeat's timer pings.
 */
final class SocketConnection implements AutoCloseable {

    /** What came from the endpoint. */
    sealed interface Incoming permits Event, Closed {
    }

    /**
     * A Socket.IO event of the default namespace.
     *
     * @param name     the event's name ({@code output}, {@code finalPing}, ...)
     * @param argument its first argument, a missing node when it has none
     */
    record Event(String name, JsonNode argument) implements Incoming {
    }

    /**
     * The connection's end, or a frame that ends it, in words for a message.
     *
     * @param why what ended it
     */
    record Closed(String why) implements Incoming {
    }

    /**
     * The most characters of Socket.IO messages taken from the endpoint after one message was emitted (or, before any,
     * after the connection opened): four times what a REST Endpoint's whole answer may hold
     * ({@link HttpTransport}'s 1 MiB cap), its outputs wrapped in their events. Beyond it the connection ends.
     */
    static final long MAX_EVENTS_PER_MESSAGE = 4L << 20;

    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch endpointReady = new CountDownLatch(1);
    private final ObjectMapper json;
    private final UnaryOperator<String> mask;
    private final Ticker ticker;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private WebSocket socket;
    private Heartbeat heartbeat;
    private ScheduledFuture<?> beating;
    private String closedWhy;
    /** Characters of Socket.IO messages since the last message emitted; guarded by {@link #lock}. */
    private long sinceEmit;
    /** How the connection failed to open, when it did: what the upgrade answered, or how far the attempt got. */
    private Refusal refusal;

    private SocketConnection(ObjectMapper json, UnaryOperator<String> mask, Ticker ticker, ScheduledExecutorService timer) {
        this.json = json;
        this.mask = mask;
        this.ticker = ticker;
        this.timer = timer;
    }

    /**
     * Opens the WebSocket to {@code url} and waits, up to {@code connectTimeout}, for the Socket.IO connect; then, up to
     * {@code readyWait}, for {@code endpoint-ready}, which Cognigy.AI before 4.79 never sends.
     *
     * @return the connection, and whether the endpoint said it was ready
     * @throws SocketFailure when no connection was made, or the endpoint ended it before it was ready
     */
    static Opened open(HttpTransport http, HttpUrl url, Duration connectTimeout, Duration readyWait, ObjectMapper json,
                       UnaryOperator<String> mask, Ticker ticker, ScheduledExecutorService timer) throws InterruptedException {
        SocketConnection connection = new SocketConnection(json, mask, ticker, timer);
        WebSocket socket = http.webSocket(new Request.Builder().url(url).build(), connection.listener());
        synchronized (connection.lock) {
            connection.socket = socket;
        }
        try {
            if (!connection.connected.await(connectTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw connection.failure(connection.closedWhy().orElse("no Socket.IO connect within " + connectTimeout.toMillis()
                        + " ms (cognigy.http.connect-timeout)"));
            }
            connection.closedWhy().ifPresent(why -> {
                throw connection.failure(why);
            });
            boolean ready = connection.endpointReady.await(readyWait.toNanos(), TimeUnit.NANOSECONDS);
            connection.closedWhy().ifPresent(why -> {
                throw new SocketFailure(why);
            });
            return new Opened(connection, ready);
        } catch (InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * An open connection.
     *
     * @param connection the connection
     * @param ready      whether the endpoint sent {@code endpoint-ready}
     */
    record Opened(SocketConnection connection, boolean ready) {
    }

    /**
     * How an attempt to open the connection failed before it was open.
     *
     * @param status     what the endpoint answered to the WebSocket upgrade, 0 when it answered nothing
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     * @param delivery   whether the upgrade request left this machine ({@link Delivery#NOT_SENT}: refused, no such host)
     */
    record Refusal(int status, String retryAfter, Delivery delivery) {

        static final Refusal UNKNOWN = new Refusal(0, null, Delivery.SENT);
    }

    /** Why a connection could not be made or used, in words for a message; the URL token masked. */
    static final class SocketFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** How the attempt to open it failed; never {@code null}. */
        private final transient Refusal refusal;

        SocketFailure(String message) {
            this(message, Refusal.UNKNOWN);
        }

        SocketFailure(String message, Refusal refusal) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }

    /** The failure to open, saying {@code why}, with how the attempt failed. */
    private SocketFailure failure(String why) {
        synchronized (lock) {
            return new SocketFailure(why, refusal == null ? Refusal.UNKNOWN : refusal);
        }
    }

    /**
     * Emits {@code name} with {@code argument} (a JSON object), without asking for an acknowledgement, as the socket
     * client emits {@code processInput}: {@code 42["name",{…}]}.
     *
     * @return whether the frame was queued to be sent; false when the connection had already ended, so nothing left
     */
    boolean emit(String name, JsonNode argument) {
        String arguments = json.createArrayNode().add(name).add(argument).toString();
        synchronized (lock) {
            if (closedWhy != null) return false;
            sinceEmit = 0;
            return send(EngineIoPacket.message(SocketIoPacket.event(arguments).encode()));
        }
    }

    /** The next thing that came, waiting up to {@code timeout}; empty when nothing came in time. */
    Optional<Incoming> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(incoming.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    }

    /** What came and was not taken yet, taken now: events that came between turns. */
    List<Incoming> drain() {
        List<Incoming> left = new ArrayList<>();
        incoming.drainTo(left);
        // The end of the connection stays to be seen.
        left.stream().filter(Closed.class::isInstance).findFirst().ifPresent(incoming::add);
        return left;
    }

    /** Why the connection ended; empty while it is open. */
    Optional<String> closedWhy() {
        synchronized (lock) {
            return Optional.ofNullable(closedWhy);
        }
    }

    /** Leaves as the socket client does: Socket.IO's disconnect ({@code 41}), then the WebSocket closed. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closedWhy == null && socket != null) send(EngineIoPacket.message(SocketIoPacket.DISCONNECT.encode()));
            ended("the connection was closed by this side");
            if (socket != null) socket.close(1000, null);
        }
    }

    private boolean send(EngineIoPacket packet) {
        return socket != null && socket.send(packet.encode());
    }

    /** The connection ended for {@code why}: said once, to {@link #next}, and the heartbeat stopped. */
    private void ended(String why) {
        synchronized (lock) {
            if (closedWhy != null) return;
            closedWhy = why;
            if (beating != null) beating.cancel(false);
        }
        incoming.add(new Closed(why));
        // Whoever waits to connect learns why it will not.
        connected.countDown();
        endpointReady.countDown();
    }

    private WebSocketListener listener() {
        return new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                received(mask.apply(text));
            }

            @Override
            public void onMessage(WebSocket webSocket, okio.ByteString bytes) {
                ended("the endpoint sent a binary frame, which no Cognigy event is");
                webSocket.close(1003, null);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                ended("the endpoint closed the WebSocket (code " + code + (reason.isBlank() ? "" : ", " + shown(reason)) + ")");
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                ended("the endpoint closed the WebSocket (code " + code + (reason.isBlank() ? "" : ", " + shown(reason)) + ")");
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                synchronized (lock) {
                    boolean answered = response != null && response.code() != 101;
                    refusal = new Refusal(answered ? response.code() : 0,
                            answered ? RetryAfter.onServersClock(response.header("Retry-After"), response.header("Date")) : null,
                            answered ? Delivery.SENT : Delivery.of(t));
                }
                String cause = response != null && response.code() != 101
                        ? "the endpoint answered HTTP " + response.code() + " to the WebSocket upgrade"
                        + (response.code() == 404 ? " (its URL names no Socket Endpoint, or the URL token is wrong)" : "")
                        + (response.code() == 401 || response.code() == 403 ? " (a Socket Endpoint takes no credentials: what"
                        + " refused the connection stands in front of it, a proxy, an IP allow-list or a firewall)" : "")
                        : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + shown(t.getMessage()));
                ended("the connection failed: " + cause);
            }
        };
    }

    private String shown(String text) {
        return Snippet.of(mask.apply(text), 200);
    }

    /** One text frame, masked. */
    private void received(String frame) {
        Optional<EngineIoPacket> parsed = EngineIoPacket.parse(frame);
        if (parsed.isEmpty()) {
            ended("the endpoint sent a frame that is no Engine.IO packet: " + Snippet.of(frame, 200));
            return;
        }
        EngineIoPacket packet = parsed.get();
        long now = ticker.nanos();
        boolean tooMuch;
        synchronized (lock) {
            if (packet.type() == EngineIoPacket.Type.MESSAGE) sinceEmit += frame.length();
            tooMuch = sinceEmit > MAX_EVENTS_PER_MESSAGE;
            if (heartbeat != null) {
                if (packet.type() == EngineIoPacket.Type.PONG) heartbeat.pong(now);
                else heartbeat.received(now);
            }
        }
        if (tooMuch) {
            ended("the endpoint sent more than " + MAX_EVENTS_PER_MESSAGE + " characters of events since the last message"
                    + " without ending them with finalPing, more than any turn's outputs; the connection was cut");
            synchronized (lock) {
                if (socket != null) socket.cancel();
            }
            return;
        }
        switch (packet.type()) {
            case OPEN -> opened(packet.data(), now);
            case PING -> {
                synchronized (lock) {
                    send(new EngineIoPacket(EngineIoPacket.Type.PONG, packet.data()));
                }
            }
            case CLOSE -> ended("the endpoint closed the Engine.IO session");
            case MESSAGE -> message(packet.data());
            case PONG, UPGRADE, NOOP -> {
            }
        }
    }

    /**
     * The open packet: its {@code pingInterval} and {@code pingTimeout} start the heartbeat, each at most
     * {@link Heartbeat#LONGEST}.
     */
    private void opened(String handshake, long now) {
        JsonNode open;
        try {
            open = json.readTree(handshake);
        } catch (JacksonException e) {
            ended("the endpoint's Engine.IO open packet is not JSON: " + Snippet.of(handshake, 200));
            return;
        }
        long longest = Heartbeat.LONGEST.toMillis();
        long interval = Math.min(open.path("pingInterval").asLong(25_000), longest);
        long timeout = Math.min(open.path("pingTimeout").asLong(5_000), longest);
        if (interval <= 0 || timeout <= 0) {
            ended("the endpoint's Engine.IO open packet gives no pingInterval and pingTimeout: " + Snippet.of(handshake, 200));
            return;
        }
        synchronized (lock) {
            if (closedWhy != null) return;
            heartbeat = new Heartbeat(Duration.ofMillis(interval), Duration.ofMillis(timeout), now);
            long tick = Math.max(10, Math.min(interval, timeout) / 4);
            beating = timer.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    /** What the heartbeat says is due: a ping, or the end of a server gone quiet. */
    private void beat() {
        Heartbeat.Due due;
        synchronized (lock) {
            if (closedWhy != null || heartbeat == null) return;
            due = heartbeat.at(ticker.nanos());
            if (due == Heartbeat.Due.PING) send(EngineIoPacket.PING);
        }
        if (due == Heartbeat.Due.GONE) {
            ended("the endpoint stopped answering pings (Engine.IO pingTimeout)");
            synchronized (lock) {
                if (socket != null) socket.cancel();
            }
        }
    }

    /** A Socket.IO packet. */
    private void message(String data) {
        Optional<SocketIoPacket> parsed = SocketIoPacket.parse(data);
        if (parsed.isEmpty()) {
            ended("the endpoint sent a message that is no Socket.IO packet: " + Snippet.of(data, 200));
            return;
        }
        SocketIoPacket packet = parsed.get();
        // Cognigy's endpoint speaks in the default namespace only.
        if (!packet.namespace().equals("/")) return;
        switch (packet.type()) {
            case CONNECT -> connected.countDown();
            case DISCONNECT -> ended("the endpoint disconnected the socket (Socket.IO disconnect)");
            case ERROR -> ended("the endpoint refused the connection: " + Snippet.of(packet.payload(), 200));
            case EVENT -> event(packet);
            case BINARY_EVENT, BINARY_ACK -> ended("the endpoint sent a binary Socket.IO packet, which no Cognigy event is");
            case ACK -> {
            }
        }
    }

    private void event(SocketIoPacket packet) {
        // Acknowledged first, whatever it holds: the endpoint takes an event not acknowledged in time for undelivered.
        packet.ackId().ifPresent(id -> {
            synchronized (lock) {
                send(EngineIoPacket.message(SocketIoPacket.ack(id).encode()));
            }
        });
        JsonNode arguments;
        try {
            arguments = JsonRedaction.masked(json.readTree(packet.payload()), mask);
        } catch (JacksonException e) {
            ended("the endpoint sent an event that is not JSON: " + Snippet.of(packet.payload(), 200));
            return;
        }
        if (!arguments.isArray() || arguments.isEmpty() || !arguments.get(0).isString()) {
            ended("the endpoint sent an event without a name: " + Snippet.of(packet.payload(), 200));
            return;
        }
        String name = arguments.get(0).stringValue();
        if (name.equals("endpoint-ready")) {
            endpointReady.countDown();
            return;
        }
        incoming.add(new Event(name, arguments.path(1)));
    }
}
