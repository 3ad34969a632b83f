package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Loopback;
import dev.botsim.cognigy.engine.support.ShownUrl;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * How the engine speaks HTTP, the same way for every client (simulation API, REST Endpoint,
 * management API, webhook): one OkHttp client per target with the configured time limits, no
 * redirects, and answers read whole within a size cap with the client's secrets masked before anyone
 * parses them. An I/O error on an interrupted thread is the interruption, and is reported as one.
 *
 * <p>A target goes through the proxy the JVM's settings choose for it ({@code https.proxyHost}, {@code http.proxyHost},
 * {@code http.nonProxyHosts}, {@code socksProxyHost}, {@code java.net.useSystemProxies}: the JVM's default
 * {@link java.net.ProxySelector}), but one on this machine's loopback address — the sandbox, a local receiver — always
 * directly: no proxy elsewhere can reach this machine's loopback, and a {@code http.nonProxyHosts} given empty would
 * otherwise send the sandbox's traffic to the proxy. A proxy that asks for credentials gets those the JVM was given
 * ({@link ProxyCredentials}); a request a proxy or the JVM's trust store stops for good fails with a
 * {@link NetworkSetupException} saying which setting fixes it ({@link NetworkFailures}).
 */
public final class HttpTransport implements AutoCloseable {

    /** The cap when a client names none: 1 MiB, far above any answer of the APIs spoken. */
    static final long DEFAULT_BODY_CAP = 1 << 20;

    /**
     * @param http                     the {@code cognigy.http.*} settings: time limits of every call, the trace
     * @param bodyCap                  most bytes of a body read; 0 reads no body at all (the status is the answer). A
     *                                 success beyond it is refused; an error beyond it is read without its body
     * @param repeatsOnStaleConnection whether OkHttp may repeat a request, within the same call, that failed on a
     *                                 pooled connection the server had already closed. Only for requests that are
     *                                 safe to send twice: it happens before the client's own retries see anything
     * @param idleConnections          most connections kept open between calls. A client with many calls in flight
     *                                 at once needs as many: OkHttp's default keeps five, so after each burst of
     *                                 fifty the other forty-five would be closed and opened again for the next one,
     *                                 each a TCP and, against a tenant, a TLS handshake
     * @param client                   the client's name in the run's HTTP trace ({@code TracedExchanges}), when
     *                                 {@code http} carries one that {@link dev.botsim.cognigy.engine.config.HttpTrace#writes() writes}
     */
    public record Options(HttpSettings http, long bodyCap, boolean repeatsOnStaleConnection, int idleConnections,
                          Function<String, String> environment, String client) {

        /** OkHttp's own default: enough for a client that sends one call at a time. */
        static final int DEFAULT_IDLE_CONNECTIONS = 5;

        public static Options of(HttpSettings http) {
            return new Options(http, DEFAULT_BODY_CAP, true, DEFAULT_IDLE_CONNECTIONS, System::getenv, "HTTP");
        }

        public Options withBodyCap(long bodyCap) {
            return new Options(http, bodyCap, repeatsOnStaleConnection, idleConnections, environment, client);
        }

        public Options withRepeatsOnStaleConnection(boolean repeatsOnStaleConnection) {
            return new Options(http, bodyCap, repeatsOnStaleConnection, idleConnections, environment, client);
        }

        /** Keeps up to as many connections open as the client has calls in flight at most (never fewer than the default). */
        public Options withCallsInFlight(int callsInFlight) {
            return new Options(http, bodyCap, repeatsOnStaleConnection, Math.max(DEFAULT_IDLE_CONNECTIONS, callsInFlight),
                    environment, client);
        }

        /**
         * The process's environment variables as {@code environment} gives them, where a proxy's password is read
         * ({@code COGNIGY_PROXY_PASSWORD}) and a failure looks for a proxy the JVM does not read ({@code HTTPS_PROXY}):
         * the process's own unless a test gives others.
         */
        Options withEnvironment(Function<String, String> environment) {
            return new Options(http, bodyCap, repeatsOnStaleConnection, idleConnections, environment, client);
        }

        /**
         * The client's name in the run's HTTP trace ({@code cognigy.http.trace}): {@code simulation API}, {@code REST
         * Endpoint}, {@code management API}.
         */
        public Options withClient(String client) {
            return new Options(http, bodyCap, repeatsOnStaleConnection, idleConnections, environment, client);
        }
    }

    private final OkHttpClient http;
    private final HttpUrl target;
    private final long bodyCap;
    private final SandboxSighting sandbox;
    private final Function<String, String> environment;

    /**
     * @param target      the URL the transport was opened for, whose path a message shows masked ({@link ShownUrl#path})
     * @param environment where a proxy's password is read and a failure looks for a proxy the JVM does not read
     */
    private HttpTransport(OkHttpClient http, HttpUrl target, long bodyCap, SandboxSighting sandbox, Function<String, String> environment) {
        this.http = http;
        this.target = target;
        this.bodyCap = bodyCap;
        this.sandbox = sandbox;
        this.environment = environment;
    }

    /** A transport to {@code target}'s scheme: plain http (a sandbox, a loopback receiver) needs no TLS. */
    public static HttpTransport to(HttpUrl target, Options options) {
        HttpSettings settings = options.http();
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.connect())
                .readTimeout(settings.read())
                .writeTimeout(settings.read())
                .callTimeout(settings.call())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(options.repeatsOnStaleConnection())
                // Idle connections close after five minutes, as OkHttp's default pool does.
                .connectionPool(new ConnectionPool(options.idleConnections(), 5, TimeUnit.MINUTES))
                .proxyAuthenticator(new ProxyCredentials(System::getProperty, options.environment()));
        if (Loopback.is(target)) http.proxy(Proxy.NO_PROXY);
        // Only when the run writes a trace: without one, no client carries anything more than it did.
        if (settings.trace().writes()) http.addInterceptor(new TracedExchanges(settings.trace(), options.client(), options.bodyCap(),
                options.environment()));
        // Without TLS in the connection specs the client never loads and parses the JDK's trust store,
        // a quarter of a second of every run's start against the sandbox.
        if (!target.isHttps()) http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        return new HttpTransport(http.build(), target, options.bodyCap(), new SandboxSighting(), options.environment());
    }

    /**
     * This transport, its connections and time limits shared, that never repeats a request itself: for requests
     * that must reach the server at most once (a run scheduled, a resource created). OkHttp would otherwise send
     * such a request again, within the same call, when its connection broke after the server had read it. Closing
     * the transport it came from closes it too.
     */
    public HttpTransport withoutRepeats() {
        return new HttpTransport(http.newBuilder().retryOnConnectionFailure(false).build(), target, bodyCap, sandbox, environment);
    }

    /**
     * Opens a WebSocket to {@code request}'s URL with this transport's connections, proxy and connect timeout, the
     * listener told what comes. It has no read or call timeout: a socket stays open across a conversation's turns, and
     * the protocol spoken over it keeps its own heartbeat (a Socket Endpoint's Engine.IO pings).
     */
    public okhttp3.WebSocket webSocket(Request request, okhttp3.WebSocketListener listener) {
        OkHttpClient.Builder socket = http.newBuilder().readTimeout(Duration.ZERO).callTimeout(Duration.ZERO);
        // A WebSocket's frames are not traced; nor is its upgrade, whose answer's body is the socket itself.
        socket.interceptors().removeIf(TracedExchanges.class::isInstance);
        return socket.build().newWebSocket(request, listener);
    }

    /** Sends {@code request} and reads its answer, masking the body with {@code redaction}. */
    public HttpAnswer exchange(Request request, UnaryOperator<String> redaction)
            throws IOException, InterruptedException, ResponseTooLargeException {
        return exchange(http.newCall(request), redaction);
    }

    /** As {@link #exchange(Request, UnaryOperator)}, the whole call limited to {@code timeout} instead. */
    public HttpAnswer exchange(Request request, Duration timeout, UnaryOperator<String> redaction)
            throws IOException, InterruptedException, ResponseTooLargeException {
        Call call = http.newCall(request);
        call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return exchange(call, redaction);
    }

    private HttpAnswer exchange(Call call, UnaryOperator<String> redaction)
            throws IOException, InterruptedException, ResponseTooLargeException {
        RequestProgress progress = new RequestProgress();
        call.addEventListener(progress);
        try (Response response = call.execute()) {
            sandbox.note(response);
            ResponseBody body = response.body();
            return new HttpAnswer(response.code(), response.headers(), body.contentType(),
                    redact(read(body, response.code()), body.contentType(), text -> ProxyCredentials.masked(redaction.apply(text),
                            System::getProperty, environment)));
        } catch (IOException e) {
            // OkHttp (Okio) fails the next read or write of an interrupted thread with an I/O error; that
            // is the interruption — a cancelled run, say — not a timeout or a failure worth repeating.
            if (Thread.interrupted()) {
                // The path as a message may repeat it: a REST Endpoint's transport sends to the endpoint URL itself,
                // whose last segment is its URL token.
                InterruptedException interrupted = new InterruptedException(call.request().method() + " "
                        + ShownUrl.path(target, call.request().url()) + " abandoned: the waiting thread was interrupted");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw progress.mark(NetworkFailures.explained(e, progress, call.request().url(), System::getProperty, environment));
        }
    }

    /**
     * The body, refusing to buffer more than the cap. An error page beyond it is left unread: its status and headers are
     * the answer (a gateway's 502, a 503's {@code Retry-After}), and its body would only have gone into a message.
     */
    private byte[] read(ResponseBody body, int code) throws IOException, ResponseTooLargeException {
        if (bodyCap == 0) return new byte[0];
        BufferedSource source = body.source();
        if (source.request(bodyCap + 1)) {
            if (code < 200 || code >= 300) return new byte[0];
            throw new ResponseTooLargeException(code, bodyCap);
        }
        return source.readByteArray();
    }

    /**
     * The body masked as text, and again as a JSON parser reads it when that is in another encoding: the clients parse
     * an answer's bytes, and Jackson reads bytes that open with a UTF-16 or UTF-32 byte order mark, or with the zero
     * bytes of those encodings, in that encoding, whatever the content type says. A body that is not UTF-8 is masked as
     * text in the charset its content type names (ISO-8859-1, say), as a client reads it: masked as UTF-8, its every
     * letter beyond ASCII would become U+FFFD in what the client reads.
     */
    private static byte[] redact(byte[] bytes, MediaType type, UnaryOperator<String> redaction) {
        java.nio.charset.Charset declared = type == null ? null : type.charset();
        java.nio.charset.Charset asText = declared == null || declared.equals(StandardCharsets.UTF_8) || JsonRedaction.decodes(bytes, StandardCharsets.UTF_8)
                ? StandardCharsets.UTF_8 : declared;
        byte[] masked = redact(bytes, asText, redaction);
        java.nio.charset.Charset parsedAs = JsonRedaction.encodingOf(masked);
        return parsedAs.equals(StandardCharsets.UTF_8) ? masked : redact(masked, parsedAs, redaction);
    }

    private static byte[] redact(byte[] bytes, java.nio.charset.Charset charset, UnaryOperator<String> redaction) {
        if (bytes.length == 0) return bytes;
        String text = new String(bytes, charset);
        String redacted = JsonRedaction.apply(text, redaction);
        return redacted.equals(text) ? bytes : redacted.getBytes(charset);
    }

    /**
     * The project's sandbox, when an answer of this transport (or of one sharing its connections) came from it: its
     * address, never a path (a REST Endpoint's holds its URL token); empty while every answer is, as far as headers
     * tell, a Cognigy's.
     */
    public java.util.Optional<String> sandboxSeen() {
        return sandbox.seen();
    }

    /**
     * Abandons every call of this transport in flight, from any thread: a call waiting on a server — connecting, sending,
     * or blocked reading an answer, which an interrupt does not end — fails at once with an I/O error, an interruption when
     * its thread is interrupted too. Calls made afterwards are not affected.
     */
    public void abandonCalls() {
        http.dispatcher().cancelAll();
    }

    /** The interceptors every call goes through, for tests: the trace's, when the run writes one. */
    java.util.List<okhttp3.Interceptor> interceptors() {
        return http.interceptors();
    }

    /** Connections open and idle in the pool, for tests. */
    int idleConnections() {
        return http.connectionPool().idleConnectionCount();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
