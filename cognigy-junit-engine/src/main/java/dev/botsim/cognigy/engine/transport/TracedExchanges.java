package dev.botsim.cognigy.engine.transport;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.botsim.cognigy.engine.config.HttpTrace;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.InteroperableJsonGenerator;
import dev.botsim.cognigy.engine.support.RedactedValues;
import dev.botsim.cognigy.engine.support.Redaction;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.Sha256;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes each exchange of one client to the run's {@link HttpTrace} as one line of JSON, redacted: an application
 * interceptor, so it sees the request as the client built it and the answer as the client reads it (decompressed), once
 * per call — OkHttp's own repeat of a request on a stale pooled connection, its proxy authentication and redirects (never
 * followed) are inside the call.
 *
 * <p>What is written never holds a secret: the value of every header that carries a credential ({@code Authorization},
 * {@code Proxy-Authorization}, {@code X-API-Key}, cookies, a signature) and of every body field or query parameter named
 * as one ({@code access_token}, {@code client_secret}, …) is {@code ****}; every form of every secret the run holds
 * ({@link Secrets#forms()}: the client secret, the API key, each endpoint URL and its URL token, the webhook's keys, the
 * proxy's password) is {@code ****} wherever the line holds it, and so is, from the exchange that issued it on, an access
 * token a server answered with. What {@code cognigy.replay.redact} names is {@code <redacted>} (see {@code Redacting}).
 * Bodies are redacted whole, then cut after {@link #BODY_LIMIT} bytes.
 *
 * <p>Which attempt an exchange is comes from the wire, since the clients' retry loops are theirs: the exchanges of one
 * request (method, URL and body) that follow each other on one thread, each after one that got no 2xx answer, count 1, 2,
 * … — a 429 refused and sent again, a 503 retried.
 */
final class TracedExchanges implements Interceptor {

    /** Most bytes of a body the trace writes, redacted: 64 KiB. */
    static final int BODY_LIMIT = 64 * 1024;

    /** Most bytes of a request body read for the trace at all: beyond it, its size alone is written. */
    private static final long REQUEST_READ_LIMIT = 4L << 20;

    static final String MASK = "****";

    /** The names of headers whose value is a credential, lower case. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key", "cookie",
            "set-cookie", "webhook-signature");

    /** What names a credential in a body field's or a query parameter's name: {@code access_token}, {@code clientSecret}… */
    private static final Pattern NAMES_CREDENTIAL = Pattern.compile("(?i)token|secret|passw|api[-_]?key|credential");

    /** What else names a credential in a header's name: {@code X-Auth-Token}, {@code X-Hub-Signature-256}… */
    private static final Pattern HEADER_NAMES_CREDENTIAL = Pattern.compile("(?i)auth|signature|cookie|session");

    /** Names that hold no credential for all they say: a token's type ({@code Bearer}) and lifetime. */
    private static final Set<String> NOT_CREDENTIALS = Set.of("token_type", "expires_in");

    /**
     * A body field whose value is an issued credential, learned as a secret of the run: by its name in lower case without
     * {@code _} or {@code -}, since a server may write {@code access_token}, {@code accessToken} or {@code ACCESS-TOKEN}.
     */
    private static final Set<String> ISSUED = Set.of("accesstoken", "refreshtoken", "idtoken");

    private static final JsonMapper JSON = JsonRedaction.Json.MAPPER;

    private final HttpTrace trace;
    private final String client;
    /** Most bytes of an answer the client reads: an answer beyond it is written without its body. */
    private final long bodyCap;
    /** The environment the proxy's password is read from ({@code COGNIGY_PROXY_PASSWORD}), as the client reads it. */
    private final Function<String, String> environment;
    /** Per thread, the requests whose latest exchange got no 2xx answer and how many such came in a row. */
    private final ThreadLocal<Map<String, Integer>> unanswered = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 32;
        }
    });

    TracedExchanges(HttpTrace trace, String client, long bodyCap, Function<String, String> environment) {
        this.trace = trace;
        this.client = client;
        this.bodyCap = bodyCap;
        this.environment = environment;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Instant at = trace.now();
        long start = trace.nanos();
        Body sent = requestBody(request.body());
        String key = request.method() + ' ' + request.url() + ' ' + sent.digest;
        Map<String, Integer> before = unanswered.get();
        int attempt = before.getOrDefault(key, 0) + 1;
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException e) {
            before.put(key, attempt);
            write(new Exchange(at, start, trace.nanos(), attempt, request, sent, null, null, e));
            throw e;
        }
        if (response.isSuccessful()) before.remove(key); else before.put(key, attempt);
        Body answered;
        try {
            answered = answerBody(response);
        } catch (IOException e) {
            // The client's own read would have met the same, reading the same bytes (a timeout, an interrupt, a connection
            // cut mid-body): it meets it here instead, as it would have, the thread's interrupt left as it was.
            write(new Exchange(at, start, trace.nanos(), attempt, request, sent, response, new Body(null, -1,
                    response.body().contentType(), "not read: " + e.getClass().getSimpleName(), "-"), null));
            response.close();
            throw e;
        }
        write(new Exchange(at, start, trace.nanos(), attempt, request, sent, response, answered, null));
        return response;
    }

    /** Writes the exchange's line; a line that cannot be made (a bug) must not fail the request it traces. */
    private void write(Exchange exchange) {
        try {
            trace.write(line(exchange));
        } catch (RuntimeException e) {
            System.getLogger(TracedExchanges.class.getName()).log(System.Logger.Level.DEBUG, "an exchange was not traced", e);
        }
    }

    /** A body as read for the trace: its bytes (null when not read), its size, and what stands in its place when not read. */
    private record Body(byte[] bytes, long size, MediaType type, String unread, String digest) {

        static final Body NONE = new Body(null, 0, null, null, "-");
    }

    private static Body requestBody(RequestBody body) {
        if (body == null) return Body.NONE;
        try {
            long length = body.contentLength();
            if (body.isOneShot() || body.isDuplex()) return new Body(null, length, body.contentType(), "not read: sent once as it is made", "one-shot");
            if (length > REQUEST_READ_LIMIT) return new Body(null, length, body.contentType(), "not read: " + length + " bytes", "large " + length);
            Buffer buffer = new Buffer();
            body.writeTo(buffer);
            byte[] bytes = buffer.readByteArray();
            return new Body(bytes, bytes.length, body.contentType(), null, Sha256.hex(bytes));
        } catch (IOException e) {
            return new Body(null, -1, body.contentType(), "not read: " + e.getClass().getSimpleName(), "unread");
        }
    }

    /**
     * The answer's body as far as the client reads it, peeked so the client still reads it whole: none when the client reads
     * none (the webhook's status is its answer), and its size alone when it is beyond what the client reads.
     */
    private Body answerBody(Response response) throws IOException {
        ResponseBody body = response.body();
        if (bodyCap == 0) return new Body(null, body.contentLength(), body.contentType(), "not read: the status is the answer", "-");
        // As many bytes as the client's own read asks for: a body it refuses or leaves unread is not read further here.
        byte[] bytes = response.peekBody(bodyCap + 1).bytes();
        if (bytes.length > bodyCap) {
            return new Body(null, body.contentLength(), body.contentType(), "not read: beyond the " + bodyCap + " bytes the client reads", "-");
        }
        return new Body(bytes, bytes.length, body.contentType(), null, "-");
    }

    private record Exchange(Instant at, long start, long end, int attempt, Request request, Body sent, Response response,
                            Body answered, Exception failure) {
    }

    /** The exchange as its line: every secret masked, what {@code cognigy.replay.redact} names redacted, bodies cut. */
    String line(Exchange exchange) {
        List<String> forms = trace.secretForms();
        UnaryOperator<String> masked = text -> masked(text, forms);
        // What this exchange names; both bodies are redacted before either is written: a value one names is masked in the
        // other too.
        Set<String> named = new LinkedHashSet<>();
        String sentText = redacted(exchange.sent, Side.REQUEST, masked, named);
        String answeredText = exchange.answered == null ? null : redacted(exchange.answered, Side.ANSWER, masked, named);
        // An access token answered just now is masked in this line's own headers and bodies as well.
        List<String> after = trace.secretForms();
        // Added to what earlier exchanges named (a value sent as the test's data, answered as a slot in a later poll): every
        // header, the URL and each string of a body are redacted by all of them.
        trace.named(named);
        RedactedValues values = trace.named();
        UnaryOperator<String> all = text -> values.redact(masked(text, after));
        // And in a body as its strings decode: a value named in one body may stand escaped in the other (a letter as its
        // Unicode escape, a slash as \/), which the client reads decoded.
        UnaryOperator<String> allOfBody = text -> JsonRedaction.apply(text, all);
        StringWriter line = new StringWriter();
        try (JsonGenerator out = new InteroperableJsonGenerator(JSON.createGenerator(line))) {
            out.writeStartObject();
            out.writeStringProperty("at", exchange.at.toString());
            out.writeNumberProperty("since_ms", trace.sinceStartMillis(exchange.start));
            out.writeStringProperty("client", client);
            out.writeNumberProperty("attempt", exchange.attempt);
            out.writeStringProperty("method", exchange.request.method());
            out.writeStringProperty("url", all.apply(url(exchange.request.url(), forms)));
            headers(out, "request_headers", requestHeaders(exchange.request), all);
            body(out, "request", exchange.sent, sentText == null ? null : allOfBody.apply(sentText));
            if (exchange.response != null) {
                out.writeNumberProperty("status", exchange.response.code());
                headers(out, "response_headers", exchange.response.headers(), all);
                body(out, "response", exchange.answered, answeredText == null ? null : allOfBody.apply(answeredText));
            } else {
                String message = exchange.failure.getMessage();
                out.writeStringProperty("failure", all.apply(exchange.failure.getClass().getSimpleName()
                        + (message == null ? "" : ": " + message)));
            }
            out.writeNumberProperty("duration_ms", (exchange.end - exchange.start) / 1_000_000);
            out.writeEndObject();
        }
        return line.toString();
    }

    /**
     * {@code text} with each of {@code forms} masked whatever the case of its letters: a server or a bot may echo a REST
     * Endpoint's hexadecimal URL token upper-cased, and a value of eight characters or more that differs from a secret only
     * in case is no ordinary word ({@link Secret#maskIgnoringCase}). The proxy's password and its Basic credentials are
     * masked as the client masks what it reads ({@link ProxyCredentials}): a proxy's error page may echo them, and the JVM's
     * {@code -Dhttps.proxyPassword} is no secret of the run's configuration.
     */
    private String masked(String text, List<String> forms) {
        String masked = text;
        for (String form : forms) masked = Secret.maskIgnoringCase(masked, form);
        return ProxyCredentials.masked(masked, System::getProperty, environment);
    }

    /** The request's headers as the client set them, and its body's content type, which OkHttp sends as a header. */
    private static Headers requestHeaders(Request request) {
        Headers headers = request.headers();
        MediaType type = request.body() == null ? null : request.body().contentType();
        if (type == null || headers.get("Content-Type") != null) return headers;
        return headers.newBuilder().add("Content-Type", type.toString()).build();
    }

    /**
     * The URL with each part that is a secret masked by itself — a REST Endpoint's URL token, a user info, a query value
     * — and the value of every query parameter that names a credential, so the host and path stay readable; the run's
     * secrets are masked in the whole after.
     */
    private static String url(HttpUrl url, List<String> forms) {
        Set<String> secret = new java.util.HashSet<>();
        for (String form : forms) if (Secret.maskable(form)) secret.add(form.toLowerCase(Locale.ROOT));
        HttpUrl.Builder shown = url.newBuilder();
        if (!url.encodedUsername().isEmpty()) shown.encodedUsername(MASK);
        if (!url.encodedPassword().isEmpty()) shown.encodedPassword(MASK);
        for (int i = 0; i < url.pathSize(); i++) {
            if (secret.contains(url.pathSegments().get(i).toLowerCase(Locale.ROOT))
                    || secret.contains(url.encodedPathSegments().get(i).toLowerCase(Locale.ROOT))) {
                shown.setEncodedPathSegment(i, MASK);
            }
        }
        for (String name : url.queryParameterNames()) {
            boolean masked = NAMES_CREDENTIAL.matcher(name).find();
            for (String value : url.queryParameterValues(name)) masked |= value != null && secret.contains(value.toLowerCase(Locale.ROOT));
            if (masked) shown.setEncodedQueryParameter(name, MASK);
        }
        return shown.build().toString();
    }

    private static void headers(JsonGenerator out, String name, Headers headers, UnaryOperator<String> masked) {
        out.writeObjectPropertyStart(name);
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) byName.computeIfAbsent(headers.name(i), n -> new ArrayList<>()).add(headers.value(i));
        byName.forEach((header, values) -> out.writeStringProperty(header,
                credentialHeader(header) ? MASK : masked.apply(String.join(", ", values))));
        out.writeEndObject();
    }

    static boolean credentialHeader(String name) {
        return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || NAMES_CREDENTIAL.matcher(name).find()
                || HEADER_NAMES_CREDENTIAL.matcher(name).find();
    }

    private static void body(JsonGenerator out, String side, Body body, String text) {
        if (body.bytes == null && body.unread == null) return;
        if (text != null) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > BODY_LIMIT) {
                out.writeStringProperty(side + "_body", cut(utf8));
                out.writeStringProperty(side + "_body_cut", "the first " + BODY_LIMIT + " of " + utf8.length + " bytes");
            } else {
                out.writeStringProperty(side + "_body", text);
            }
        } else {
            out.writeStringProperty(side + "_body_cut", body.unread);
        }
        if (body.size >= 0) out.writeNumberProperty(side + "_body_bytes", body.size);
    }

    /** The first {@link #BODY_LIMIT} bytes of {@code utf8}, never half a character. */
    private static String cut(byte[] utf8) {
        int end = BODY_LIMIT;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) end--;
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    private enum Side {
        REQUEST("/request"), ANSWER("/answer");

        final String root;

        Side(String root) {
            this.root = root;
        }
    }

    /**
     * The body as text, the run's secrets masked, credentials named in it masked (an issued token learned as a secret), and
     * what {@code cognigy.replay.redact} names on its side redacted, those values collected into {@code named}; {@code null}
     * when it was not read. A body that is no text is written as its size.
     */
    private String redacted(Body body, Side side, UnaryOperator<String> masked, Set<String> named) {
        if (body.bytes == null) return null;
        if (body.bytes.length == 0) return "";
        // As the client's JSON parser reads the bytes: UTF-16 or UTF-32 when their byte order mark or zero bytes say so,
        // whatever the content type says; else in the content type's charset.
        Charset parsedAs = JsonRedaction.encodingOf(body.bytes);
        Charset charset = !parsedAs.equals(StandardCharsets.UTF_8) || body.type == null || body.type.charset() == null
                ? parsedAs : body.type.charset();
        if (!JsonRedaction.decodes(body.bytes, charset)) return "(" + body.bytes.length + " bytes, not text in " + charset.name() + ")";
        String decoded = new String(body.bytes, charset);
        String text = JsonRedaction.apply(decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded, masked);
        Redacting redacting = redacting(side);
        JsonNode tree = json(text);
        if (tree != null && (tree.isObject() || tree.isArray())) {
            if (redacting.whole) {
                collect(tree, named);
                return Redaction.REDACTED;
            }
            JsonNode scrubbed = scrub(tree, redacting.names, named);
            return scrubbed == tree ? text : JSON.writeValueAsString(scrubbed);
        }
        if (redacting.whole && !text.isBlank()) {
            named.add(text.strip());
            return Redaction.REDACTED;
        }
        return formFields(text, redacting.names, named);
    }

    /**
     * What {@code cognigy.replay.redact} names on one side of an exchange. A cassette's pointers point into its entries
     * ({@code /request/data/email}, {@code /answer/turns/0/slots/EMAIL}), whose shape is not the API's; the trace takes
     * each pointer by its last name and redacts that key wherever the body of its side holds it ({@code email} in the
     * request's body, {@code EMAIL} in the answer's), and a slot name in both bodies. A pointer to a side whole, or ending
     * in a position ({@code /answer/turns/0}), redacts that side's body whole. Redacting more than the cassette's pointer
     * names errs on the side a trace for a stranger's eyes must.
     */
    private record Redacting(boolean whole, Set<String> names) {
    }

    private Redacting redacting(Side side) {
        boolean whole = false;
        Set<String> names = new LinkedHashSet<>();
        for (String target : trace.redact()) {
            if (!target.startsWith("/")) {
                names.add(target);
                continue;
            }
            if (!(target.equals(side.root) || target.startsWith(side.root + "/"))) continue;
            List<String> tokens;
            try {
                tokens = Redaction.tokens(target);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String last = tokens.get(tokens.size() - 1);
            if (tokens.size() == 1 || last.matches("\\d{1,9}")) whole = true;
            else names.add(last);
        }
        return new Redacting(whole, names);
    }

    private static JsonNode json(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return null;
        try {
            return JSON.readTree(trimmed);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The tree with credentials masked and named keys redacted; the tree itself when nothing changed. */
    private JsonNode scrub(JsonNode node, Set<String> names, Set<String> named) {
        if (node instanceof ArrayNode array) return JsonRedaction.scrubElements(array, element -> scrub(element, names, named));
        if (node instanceof ObjectNode object) {
            boolean changed = false;
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                String name = property.getKey();
                JsonNode value = property.getValue();
                JsonNode scrubbed;
                if (names.contains(name) && !value.isNull()) {
                    collect(value, named);
                    scrubbed = JsonNodeFactory.instance.stringNode(Redaction.REDACTED);
                } else if (credentialField(name) && value.isValueNode() && !value.isNull()) {
                    if (issued(name) && value.isString()) trace.learn(value.asString());
                    scrubbed = JsonNodeFactory.instance.stringNode(MASK);
                } else {
                    scrubbed = scrub(value, names, named);
                }
                changed |= scrubbed != value;
                out.set(name, scrubbed);
            }
            return changed ? out : node;
        }
        return node;
    }

    /** Whether a body field's name names a credential: {@code access_token}, {@code client_secret}, {@code apiKey}… */
    private static boolean credentialField(String name) {
        return NAMES_CREDENTIAL.matcher(name).find() && !NOT_CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Every value in {@code node} as text, into {@code named}. */
    private static void collect(JsonNode node, Set<String> named) {
        if (node.isContainer()) {
            for (JsonNode child : node.values()) collect(child, named);
        } else if (!node.isNull()) {
            String text = node.asString();
            if (!text.isBlank()) named.add(text);
        }
    }

    /** A form-encoded body's fields (a token request) with credentials masked and named fields redacted. */
    private String formFields(String text, Set<String> names, Set<String> named) {
        // A line break after the last field (a server's answer written as a line) ends the body, not the field's value.
        String fields = text.stripTrailing();
        if (!FORM.matcher(fields).matches()) return text;
        StringBuilder out = new StringBuilder();
        for (String field : fields.split("&", -1)) {
            if (!out.isEmpty()) out.append('&');
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            String value = equals < 0 ? "" : field.substring(equals + 1);
            if (equals >= 0 && names.contains(name)) {
                named.add(java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
                out.append(name).append('=').append(Redaction.REDACTED);
            } else if (equals >= 0 && credentialField(name)) {
                if (issued(name)) trace.learn(java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
                out.append(name).append('=').append(MASK);
            } else {
                out.append(field);
            }
        }
        return out.append(text, fields.length(), text.length()).toString();
    }

    /** Whether a field of this name holds an issued credential ({@link #ISSUED}). */
    private static boolean issued(String name) {
        return ISSUED.contains(name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""));
    }

    /**
     * A form-encoded body: fields split by {@code &}, each {@code name=value} or a bare {@code name} (a flag without a value,
     * as {@code remember} in {@code password=…&remember}), or empty (a {@code &} too many, as in {@code a=1&&b=2} or at the
     * end), none of which leaves the credentials beside it any less credentials.
     * Possessive, as its parts cannot overlap: a long body that is no form is refused without backtracking.
     */
    private static final Pattern FORM =
            Pattern.compile("(?:[^\\s=&]++(?:=[^\\s&]*+)?+)?+(?:&(?:[^\\s=&]++(?:=[^\\s&]*+)?+)?+)*+");
}
