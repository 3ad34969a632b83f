package dev.botsim.cognigy.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's Socket Endpoint, the endpoint Webchat and {@code @cognigy/socket-client} talk to: a WebSocket
 * ({@link WebSocketFrames}) on a port of its own on 127.0.0.1 (the JDK's HTTP server cannot hand a connection over to
 * another protocol), speaking Engine.IO 3 and Socket.IO 2 as a tenant's endpoint does. A connection to
 * {@code /socket.io/?EIO=3&transport=websocket&urlToken=…} gets the open packet ({@code sid}, {@code pingInterval},
 * {@code pingTimeout}), the default namespace's connect {@code 40} and {@code endpoint-ready}; each {@code processInput}
 * runs through the REST Endpoint's bot and session state ({@link RestEndpoint}) and is answered with one {@code output}
 * event per output, {@code {type: "output", data: {text, data, traceId, …}}}, then {@code finalPing}. With
 * {@code emitWithAck=true} each output asks to be acknowledged and the endpoint waits for it (about 2 s) before the
 * turn's {@code finalPing}; one that does not come is counted ({@link SandboxStats#socketAcksMissed()}). A client whose
 * Engine.IO pings stop for {@code pingInterval + pingTimeout} is disconnected. That deadline holds whatever the
 * connection's thread is doing: a watchdog cuts a connection that passed it (by a grace of {@code pingTimeout}, at least
 * a second) while its upgrade request, or a frame, still drips in a byte at a time, each in time for its read, or while
 * a client that reads nothing leaves the endpoint's writes blocked. The upgrade request must be whole within the same
 * {@code pingInterval + pingTimeout} of the connection.
 */
final class SocketEndpoint implements AutoCloseable {

    /**
     * How the endpoint's heartbeat and acknowledgements go: Engine.IO 3's defaults, and the wait for an acknowledgement
     * Cognigy's socket client documents ("the server auto-rejects after about 2 s").
     */
    record Timing(Duration pingInterval, Duration pingTimeout, Duration ackWait) {
        static Timing defaults() {
            return new Timing(Duration.ofMillis(25_000), Duration.ofMillis(5_000), Duration.ofSeconds(2));
        }
    }

    /** The largest WebSocket message taken, whole or in fragments: far above an input's 65 kB, so that one is refused as too large an input. */
    static final int MAX_MESSAGE = 1 << 20;
    /**
     * The most connections served at once; beyond them an upgrade is answered 503 at once. Each holds a thread (and one
     * more while its turns run): far above the sockets a run keeps open (its {@code max-concurrency}), far below what
     * would exhaust the JVM the sandbox shares with the tests.
     */
    static final int MAX_CONNECTIONS = 1024;
    /** The most messages of one connection waiting behind the one whose turn runs; one more closes it with 1008. */
    static final int MAX_WAITING_TURNS = 16;
    /** RFC 6455's close code for a message the endpoint's policy refuses. */
    private static final int POLICY_VIOLATION = 1008;
    /** The largest HTTP request head of the upgrade. */
    private static final int MAX_HEAD = 16 * 1024;
    /** The trace id prefix of the Socket Endpoint's outputs (the REST Endpoint's, {@code http} for {@code socket}: the sandbox's reading). */
    static final String SOCKET_TRACE = "endpoint-socketIncomingMessage-";

    private final RestEndpoint endpoint;
    private final String urlToken;
    private final Supplier<Duration> processingTime;
    private final SandboxStats stats;
    private final Clock clock;
    private final ObjectMapper json;
    private final Timing timing;
    private final int maxConnections;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Cuts the connections that passed their deadline ({@link Deadline}). */
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

    SocketEndpoint(RestEndpoint endpoint, String urlToken, Supplier<Duration> processingTime, SandboxStats stats, Clock clock,
                   ObjectMapper json, Timing timing) throws IOException {
        this(endpoint, urlToken, processingTime, stats, clock, json, timing, MAX_CONNECTIONS);
    }

    /** An endpoint serving at most {@code maxConnections} connections at once. */
    SocketEndpoint(RestEndpoint endpoint, String urlToken, Supplier<Duration> processingTime, SandboxStats stats, Clock clock,
                   ObjectMapper json, Timing timing, int maxConnections) throws IOException {
        this.maxConnections = maxConnections;
        this.endpoint = endpoint;
        this.urlToken = urlToken;
        this.processingTime = processingTime;
        this.stats = stats;
        this.clock = clock;
        this.json = json;
        this.timing = timing;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.connections = Executors.newCachedThreadPool(daemon("cognigy-sandbox-socket"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("cognigy-sandbox-socket-watchdog"));
        Thread acceptor = daemon("cognigy-sandbox-socket-accept").newThread(this::accept);
        acceptor.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                if (open.size() >= maxConnections) {
                    refuse(socket);
                    continue;
                }
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (closed) return;
            }
        }
    }

    /**
     * Answers a connection beyond {@link #maxConnections} 503 on the accepting thread, which a few hundred bytes to a new
     * connection never block, without reading its request; the socket is closed a second later, once the client has
     * had the answer and its end (closing it at once, its request unread, would reset the connection and lose the answer).
     */
    private void refuse(Socket socket) {
        try {
            http(socket.getOutputStream(), 503, "{\"error\":\"unavailable\",\"message\":\"too many connections: this endpoint"
                    + " serves at most " + maxConnections + " at once\"}", Map.of());
            socket.shutdownOutput();
            watchdog.schedule(() -> {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closed anyway.
                }
                return null;
            }, 1, TimeUnit.SECONDS);
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            try {
                socket.close();
            } catch (IOException closing) {
                // Closed anyway.
            }
        }
    }

    private void serve(Socket socket) {
        Deadline deadline = new Deadline(socket);
        try (socket) {
            deadline.extend();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) (timing.pingInterval().toMillis() + timing.pingTimeout().toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            Head head = Head.read(in);
            if (head == null) {
                http(out, 431, "{\"code\":3,\"message\":\"Bad request\"}", Map.of());
                return;
            }
            Optional<Refusal> refused = refusal(head);
            if (refused.isPresent()) {
                http(out, refused.get().status(), refused.get().body(), refused.get().headers());
                return;
            }
            String accept = WebSocketFrames.acceptKey(head.header("Sec-WebSocket-Key"));
            String answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n" + CognigySandbox.IDENTITY_HEADER + ": 1\r\n\r\n";
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            new Session(socket, in, out, deadline, "true".equals(head.query().get("testMode")),
                    "true".equals(head.query().get("emitWithAck"))).run();
        } catch (IOException e) {
            // The client left, or the connection broke: nothing is left to answer.
        } finally {
            open.remove(socket);
        }
    }

    /**
     * When a connection must have sent its next Engine.IO packet (its upgrade request, first): {@code pingInterval +
     * pingTimeout} after the last. The connection's own thread ends it then with a close frame when it is waiting to
     * read; the watchdog closes its socket a grace later whatever the thread is doing, a read that bytes dripping in
     * keep from timing out or a write the client does not read.
     */
    private final class Deadline implements Runnable {

        private final Socket socket;
        private volatile long at;

        Deadline(Socket socket) {
            this.socket = socket;
        }

        /** An Engine.IO packet came (or the connection opened): the next is due {@code pingInterval + pingTimeout} from now. */
        long extend() {
            boolean first = at == 0;
            at = System.nanoTime() + timing.pingInterval().toNanos() + timing.pingTimeout().toNanos();
            if (first) watch();
            return at;
        }

        private void watch() {
            long grace = Math.max(timing.pingTimeout().toNanos(), TimeUnit.SECONDS.toNanos(1));
            try {
                watchdog.schedule(this, Math.max(0, at + grace - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // The endpoint is closing, and every connection with it.
            }
        }

        @Override
        public void run() {
            if (socket.isClosed()) return;
            long grace = Math.max(timing.pingTimeout().toNanos(), TimeUnit.SECONDS.toNanos(1));
            if (System.nanoTime() - (at + grace) < 0) {
                watch();
                return;
            }
            try {
                socket.close();
            } catch (IOException e) {
                // Closed anyway.
            }
        }
    }

    /** What the upgrade is refused with. */
    private record Refusal(int status, String body, Map<String, String> headers) {
    }

    /**
     * Why the upgrade is refused, as an Engine.IO 3 server refuses it ({@code {"code":0,"message":"Transport unknown"}} and
     * the like); an unknown URL token with 404 before any Socket.IO is spoken. How a tenant refuses an unknown token is
     * not documented: refusing the connection itself is the strictest reading, and the engine reports it as a wrong token.
     */
    private Optional<Refusal> refusal(Head head) {
        if (!head.path().equals("/socket.io/") && !head.path().equals("/socket.io")) {
            return Optional.of(new Refusal(404, json.createObjectNode().put("error", "not_found")
                    .put("message", "no such endpoint: " + head.method() + " " + head.path()).toString(), Map.of()));
        }
        if (head.badQuery()) return Optional.of(new Refusal(400, "{\"code\":3,\"message\":\"Bad request\"}", Map.of()));
        if (!"websocket".equals(head.query().get("transport"))) {
            // Only the WebSocket transport is served: a client must connect with it (the socket client's forceWebsockets).
            return Optional.of(new Refusal(400, "{\"code\":0,\"message\":\"Transport unknown\"}", Map.of()));
        }
        if (!"3".equals(head.query().get("EIO"))) {
            return Optional.of(new Refusal(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}", Map.of()));
        }
        if (!head.method().equals("GET") || !"websocket".equalsIgnoreCase(head.header("Upgrade"))
                || head.header("Connection") == null || !head.header("Connection").toLowerCase(java.util.Locale.ROOT).contains("upgrade")
                || !WebSocketFrames.validKey(head.header("Sec-WebSocket-Key"))) {
            return Optional.of(new Refusal(400, "{\"code\":3,\"message\":\"Bad request\"}", Map.of()));
        }
        if (!"13".equals(head.header("Sec-WebSocket-Version"))) {
            return Optional.of(new Refusal(426, "{\"code\":3,\"message\":\"Bad request\"}", Map.of("Sec-WebSocket-Version", "13")));
        }
        if (!urlToken.equals(head.query().get("urlToken"))) {
            return Optional.of(new Refusal(404, "{\"error\":\"not_found\",\"message\":\"no Socket Endpoint has this URL token\"}",
                    Map.of()));
        }
        return Optional.empty();
    }

    private static void http(OutputStream out, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n")
                .append(CognigySandbox.IDENTITY_HEADER).append(": 1\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /**
     * The upgrade request's line and headers.
     *
     * @param badQuery whether the query held a value no URL decoder takes (a malformed percent escape, {@code %zz}):
     *                 the upgrade is refused with 400
     */
    record Head(String method, String path, Map<String, String> query, Map<String, String> headers, boolean badQuery) {

        String header(String name) {
            return headers.get(name);
        }

        /** The head, read up to its empty line; {@code null} when it is larger than {@link #MAX_HEAD} or malformed. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) throw new java.io.EOFException("the connection ended in the request head");
                bytes.write(b);
                if (bytes.size() > MAX_HEAD) return null;
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            // A head of empty lines only splits into none.
            if (lines.length == 0) return null;
            String[] request = lines[0].split(" ");
            if (request.length != 3 || !request[2].startsWith("HTTP/1.")) return null;
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
            String target = request[1];
            int question = target.indexOf('?');
            Map<String, String> query = new HashMap<>();
            boolean badQuery = false;
            if (question >= 0) {
                for (String pair : target.substring(question + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) continue;
                    try {
                        query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException malformedEscape) {
                        badQuery = true;
                    }
                }
            }
            return new Head(request[0], question >= 0 ? target.substring(0, question) : target, query, headers, badQuery);
        }
    }

    /** One connection after the upgrade: its reader on the connection's thread, its turns one after another on their own. */
    private final class Session {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final Deadline watched;
        private final boolean testMode;
        private final boolean withAck;
        private final Object writing = new Object();
        private final ExecutorService turns = Executors.newSingleThreadExecutor(daemon("cognigy-sandbox-socket-turn"));
        private final Map<Long, CountDownLatch> acks = new ConcurrentHashMap<>();
        private final AtomicLong nextAck = new AtomicLong();
        /** Messages taken and not yet through their turn: the one running and those waiting behind it. */
        private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
        private long deadline;

        Session(Socket socket, InputStream in, OutputStream out, Deadline watched, boolean testMode, boolean withAck) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.watched = watched;
            this.testMode = testMode;
            this.withAck = withAck;
        }

        void run() throws IOException {
            try {
                ObjectNode open = json.createObjectNode();
                open.put("sid", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
                open.putArray("upgrades");
                open.put("pingInterval", timing.pingInterval().toMillis());
                open.put("pingTimeout", timing.pingTimeout().toMillis());
                send("0" + open);
                send("40");
                send("42[\"endpoint-ready\"]");
                alive();
                read();
            } finally {
                turns.shutdownNow();
                acks.values().forEach(CountDownLatch::countDown);
            }
        }

        /** An Engine.IO packet came: the client is alive for another {@code pingInterval + pingTimeout}. */
        private void alive() {
            deadline = watched.extend();
        }

        private void read() throws IOException {
            WebSocketFrames.Assembler messages = new WebSocketFrames.Assembler(MAX_MESSAGE);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    close(WebSocketFrames.NORMAL, "ping timeout");
                    return;
                }
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                WebSocketFrames.Frame frame;
                try {
                    frame = messages.accept(WebSocketFrames.read(in, MAX_MESSAGE));
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (WebSocketFrames.Refused e) {
                    close(e.code(), e.getMessage());
                    return;
                }
                if (frame == null) continue;
                switch (frame.opcode()) {
                    case WebSocketFrames.CLOSE -> {
                        try {
                            close(WebSocketFrames.closeCode(frame.payload()), "");
                        } catch (WebSocketFrames.Refused e) {
                            close(e.code(), e.getMessage());
                        }
                        return;
                    }
                    case WebSocketFrames.PING -> write(WebSocketFrames.PONG, frame.payload());
                    case WebSocketFrames.PONG -> {
                    }
                    case WebSocketFrames.BINARY -> {
                        close(WebSocketFrames.UNSUPPORTED_DATA, "binary frames carry no Cognigy event");
                        return;
                    }
                    default -> {
                        String text;
                        try {
                            text = WebSocketFrames.text(frame.payload());
                        } catch (WebSocketFrames.Refused e) {
                            close(e.code(), e.getMessage());
                            return;
                        }
                        if (!packet(text)) return;
                    }
                }
            }
        }

        /** One Engine.IO packet; false when it ended the connection. */
        private boolean packet(String packet) throws IOException {
            if (packet.isEmpty() || packet.charAt(0) < '0' || packet.charAt(0) > '6') {
                close(WebSocketFrames.PROTOCOL_ERROR, "no Engine.IO packet");
                return false;
            }
            alive();
            String data = packet.substring(1);
            switch (packet.charAt(0)) {
                case '1' -> {
                    close(WebSocketFrames.NORMAL, "");
                    return false;
                }
                case '2' -> send("3" + data);
                case '4' -> {
                    return message(data);
                }
                default -> {
                    // open, pong, upgrade and noop from a client change nothing here.
                }
            }
            return true;
        }

        /** One Socket.IO packet of the default namespace; false when it ended the connection. */
        private boolean message(String data) throws IOException {
            if (data.isEmpty()) return true;
            char type = data.charAt(0);
            int at = 1;
            while (at < data.length() && Character.isDigit(data.charAt(at))) at++;
            String id = data.substring(1, at);
            String payload = data.substring(at);
            switch (type) {
                case '1' -> {
                    close(WebSocketFrames.NORMAL, "");
                    return false;
                }
                case '2' -> {
                    return event(id, payload);
                }
                case '3' -> {
                    // No id this endpoint gave has more digits than a long: a longer one is no acknowledgement of its.
                    if (id.length() > 18) {
                        close(WebSocketFrames.PROTOCOL_ERROR, "an acknowledgement id beyond any this endpoint gave");
                        return false;
                    }
                    CountDownLatch ack = id.isEmpty() ? null : acks.remove(Long.parseLong(id));
                    if (ack != null) ack.countDown();
                }
                default -> {
                    // The connect of the default namespace (sent on connection already), errors and binary packets: nothing to do.
                }
            }
            return true;
        }

        /**
         * One event; false when it ended the connection. A {@code processInput} beyond
         * {@link SocketEndpoint#MAX_WAITING_TURNS} waiting behind the running turn closes it with 1008: a client emitting
         * faster than its flow runs would otherwise queue messages without bound.
         */
        private boolean event(String id, String payload) throws IOException {
            JsonNode arguments;
            try {
                arguments = json.readTree(payload);
            } catch (JacksonException e) {
                close(WebSocketFrames.PROTOCOL_ERROR, "an event that is not JSON");
                return false;
            }
            if (!id.isEmpty()) send("43" + id + "[]");
            if (!arguments.isArray() || !"processInput".equals(arguments.path(0).asString(""))) return true;
            if (pending.incrementAndGet() > MAX_WAITING_TURNS + 1) {
                close(POLICY_VIOLATION, "more than " + MAX_WAITING_TURNS + " messages waiting for their turn");
                return false;
            }
            JsonNode input = arguments.path(1);
            int size = payload.getBytes(StandardCharsets.UTF_8).length;
            try {
                turns.execute(() -> {
                    try {
                        turn(input, size);
                    } finally {
                        pending.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // The connection is ending.
            }
            return true;
        }

        /** One message through the bot: its outputs, each acknowledged when asked, then {@code finalPing}. */
        private void turn(JsonNode input, int size) {
            try {
                stats.request("socket", clock.instant());
                Optional<String> refused = refused(input, size);
                if (refused.isPresent()) {
                    send("42" + json.createArrayNode().add("output").add(json.createObjectNode().put("type", "error")
                            .set("data", json.createObjectNode().put("error", refused.get()))));
                    send("42[\"finalPing\",{\"type\":\"regular\"}]");
                    return;
                }
                String text = input.path("text").isString() ? input.path("text").stringValue().strip() : "";
                JsonNode data = input.path("data");
                RestEndpoint.Message message = endpoint.message(input.path("sessionId").stringValue(), text,
                        endpoint.inputData(data), flowId -> true, SOCKET_TRACE);
                ArrayNode outputs = endpoint.reported(message, data);
                List<CountDownLatch> waiting = new ArrayList<>();
                // The endpoint pushes each output as the flow sends it: the first at once, the others once the flow has
                // worked for the processing time (a Say node, then an HTTP Request node, then the rest), finalPing last.
                Duration processing = processingTime.get();
                if (outputs.isEmpty()) flowRuns(processing);
                for (int index = 0; index < outputs.size(); index++) {
                    if (index == 1) flowRuns(processing);
                    JsonNode output = outputs.get(index);
                    ObjectNode event = json.createObjectNode().put("type", "output");
                    event.set("data", asWebchatShowsIt(output));
                    String arguments = json.createArrayNode().add("output").add(event).toString();
                    if (withAck) {
                        long id = nextAck.getAndIncrement();
                        CountDownLatch ack = new CountDownLatch(1);
                        acks.put(id, ack);
                        waiting.add(ack);
                        send("42" + id + arguments);
                    } else {
                        send("42" + arguments);
                    }
                }
                if (outputs.size() == 1) flowRuns(processing);
                long until = System.nanoTime() + timing.ackWait().toNanos();
                for (CountDownLatch ack : waiting) {
                    if (!ack.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) stats.socketAckMissed();
                }
                if (socket.isClosed()) return;
                send("42[\"finalPing\",{\"type\":\"regular\"}]");
            } catch (IOException e) {
                // The connection ended during the turn: nothing more can be sent.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * An output as a Webchat endpoint sends it: the default channel's rich content ({@code _cognigy._default}, or
         * {@code _data._cognigy._default} of an Intent Default Reply) as Webchat's own payload, {@code _cognigy._webchat},
         * in Messenger's format ({@link #webchatMessage}), which is all Webchat reads ({@code _webchat}, else
         * {@code _facebook}). Whether a tenant's Socket Endpoint keeps {@code _default} beside it is not documented: the
         * strictest reading leaves it out, so a client that reads only {@code _default} sees no rich content here either.
         */
        private JsonNode asWebchatShowsIt(JsonNode output) {
            JsonNode data = output.path("data");
            if (!data.isObject()) return output;
            ObjectNode copy = (ObjectNode) output.deepCopy();
            ObjectNode holder = (ObjectNode) copy.get("data");
            if (holder.path("_data").path("_cognigy").path("_default").isObject()) holder = (ObjectNode) holder.get("_data");
            if (!(holder.path("_cognigy") instanceof ObjectNode cognigy) || !cognigy.path("_default").isObject()) return output;
            JsonNode formats = cognigy.remove("_default");
            cognigy.putObject("_webchat").set("message", webchatMessage(formats));
            return copy;
        }

        /**
         * The default channel's formats in Messenger's, as Webchat renders them: quick replies as
         * {@code {text, quick_replies[{content_type: "text", title, payload}]}}, buttons as a button template
         * {@code attachment{type: "template", payload{template_type: "button", text, buttons[]}}}, a gallery as a generic
         * template ({@code template_type: "generic", elements[{title, subtitle, image_url, buttons[]}]}).
         */
        private ObjectNode webchatMessage(JsonNode formats) {
            ObjectNode message = json.createObjectNode();
            JsonNode replies = formats.path("_quickReplies");
            if (replies.isObject()) {
                message.set("text", replies.path("text").isMissingNode() ? json.nullNode() : replies.path("text"));
                ArrayNode quick = message.putArray("quick_replies");
                for (JsonNode reply : replies.path("quickReplies")) {
                    ObjectNode converted = quick.addObject().put("content_type", "text");
                    converted.set("title", reply.path("title"));
                    converted.set("payload", reply.path("payload"));
                    converted.putNull("image_url");
                }
            }
            JsonNode buttons = formats.path("_buttons");
            if (buttons.isObject()) {
                ObjectNode payload = message.putObject("attachment").put("type", "template").putObject("payload");
                payload.put("template_type", "button");
                payload.set("text", buttons.path("text").isMissingNode() ? json.nullNode() : buttons.path("text"));
                ArrayNode items = payload.putArray("buttons");
                for (JsonNode button : buttons.path("buttons")) items.add(webchatButton(button));
            }
            JsonNode gallery = formats.path("_gallery");
            if (gallery.isObject()) {
                ObjectNode payload = message.putObject("attachment").put("type", "template").putObject("payload");
                payload.put("template_type", "generic");
                ArrayNode elements = payload.putArray("elements");
                for (JsonNode item : gallery.path("items")) {
                    ObjectNode element = elements.addObject();
                    element.set("title", item.path("title"));
                    element.set("subtitle", item.path("subtitle").isMissingNode() ? json.nullNode() : item.path("subtitle"));
                    element.set("image_url", item.path("imageUrl").isMissingNode() ? json.nullNode() : item.path("imageUrl"));
                    ArrayNode items = element.putArray("buttons");
                    for (JsonNode button : item.path("buttons")) items.add(webchatButton(button));
                }
            }
            return message;
        }

        /** A button in Messenger's format: {@code {type, title, payload}}, a link's {@code {type: "web_url", title, url}}. */
        private ObjectNode webchatButton(JsonNode button) {
            String type = button.path("type").isString() ? button.path("type").stringValue() : "postback";
            ObjectNode converted = json.createObjectNode().put("type", type);
            converted.set("title", button.path("title"));
            if ("web_url".equals(type)) converted.set("url", button.path("url"));
            else converted.set("payload", button.path("payload"));
            return converted;
        }

        /**
         * Why the message is not run, as the REST Endpoint refuses one: a {@code URLToken} other than the connection's,
         * no {@code userId} or {@code sessionId}, neither text nor data, an input beyond Cognigy's 65 kB, or test mode's
         * hourly quota spent (the REST Endpoint's {@code /test/} messages count against the same quota).
         */
        private Optional<String> refused(JsonNode input, int size) {
            if (!input.isObject()) return Optional.of("processInput needs an object");
            if (!urlToken.equals(input.path("URLToken").asString(null))) {
                return Optional.of("the message's URLToken is not this endpoint's");
            }
            String text = input.path("text").isString() ? input.path("text").stringValue() : "";
            if (!input.path("userId").isString() || !input.path("sessionId").isString()
                    || (text.isEmpty() && !input.path("data").isObject())) {
                return Optional.of("userId and sessionId are required, and text or data");
            }
            if (size > SandboxServer.MAX_ENDPOINT_INPUT) {
                return Optional.of("the message is " + size + " bytes; a Cognigy input holds at most " + SandboxServer.MAX_ENDPOINT_INPUT
                        + " (65 kB)");
            }
            if (testMode && endpoint.admitTestMessage().isPresent()) {
                return Optional.of("more test messages in an hour than test mode allows");
            }
            return Optional.empty();
        }

        private void send(String text) throws IOException {
            write(WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        private void write(int opcode, byte[] payload) throws IOException {
            synchronized (writing) {
                WebSocketFrames.write(out, opcode, payload);
            }
        }

        /** Sends the close frame and ends the connection. */
        private void close(int code, String reason) {
            try {
                write(WebSocketFrames.CLOSE, WebSocketFrames.closePayload(code, reason));
            } catch (IOException e) {
                // Already gone.
            }
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    /** Holds the turn for the flow's run, as the REST Endpoint holds its answer. */
    private static void flowRuns(Duration processing) throws InterruptedException {
        if (processing.isZero()) return;
        Thread.sleep(processing.toMillis(), processing.toNanosPart() % 1_000_000);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        connections.shutdownNow();
        watchdog.shutdownNow();
    }
}
