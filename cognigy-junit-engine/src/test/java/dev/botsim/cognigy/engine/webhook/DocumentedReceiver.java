package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A QA platform's receiver written from docs/webhook.md alone, as its engineer would: the Standard Webhooks headers and
 * signature verified over the raw bytes (5 minutes' tolerance, as Standard Webhooks libraries have), each
 * {@code webhook-id} processed once and a repeat answered 2xx, and the payload read field by field as the table
 * documents it. What the docs do not account for is collected in {@link #violations()}, not thrown: the engine goes on.
 */
final class DocumentedReceiver implements AutoCloseable {

    /** Standard Webhooks libraries' default tolerance. */
    static final long TOLERANCE_SECONDS = 5 * 60;

    /** A payload processed: its id, the raw body and the parsed payload. */
    record Processed(String id, byte[] body, JsonNode payload) {
    }

    /** A request as it came, whatever the answer. */
    record Arrival(String id, String timestamp, String signature, byte[] body, int answered) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<byte[]> keys = new ArrayList<>();
    private final Clock clock;
    private final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
    private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    /** The answer to the n-th request (from 0); a processed one when it returns 0. */
    private volatile Function<Integer, int[]> answers = n -> new int[] {0};
    private volatile Map<String, String> extraHeaders = Map.of();
    private int requests;

    /** @param secret {@code whsec_<base64>} as docs/webhook.md gives it; several separated by spaces */
    DocumentedReceiver(String secret, Clock clock) throws IOException {
        for (String s : secret.trim().split(" +")) {
            keys.add(Base64.getDecoder().decode(s.startsWith("whsec_") ? s.substring(6) : s));
        }
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /**
     * Answers request {@code n} (from 0) with {@code {status}} or {@code {status, retryAfterSeconds}} from {@code answers};
     * {@code {0}} processes it as documented.
     */
    DocumentedReceiver answering(Function<Integer, int[]> answers) {
        this.answers = answers;
        return this;
    }

    List<Processed> processed() {
        return List.copyOf(processed);
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int n;
        synchronized (this) {
            n = requests++;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        int status = answer(n, exchange, id, timestamp, signature, body);
        arrivals.add(new Arrival(id, timestamp, signature, body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private int answer(int n, HttpExchange exchange, String id, String timestamp, String signature, byte[] body) {
        if (!"POST".equals(exchange.getRequestMethod())) return 405;
        if (id == null || timestamp == null || signature == null) {
            violations.add("request " + n + " without a Standard Webhooks header");
            return 400;
        }
        if (!verified(id, timestamp, signature, body)) {
            violations.add("request " + n + " (" + id + ") whose signature does not verify as documented");
            return 401;
        }
        int[] planned = answers.apply(n);
        if (planned[0] != 0) {
            if (planned.length > 1) exchange.getResponseHeaders().add("Retry-After", String.valueOf(planned[1]));
            return planned[0];
        }
        // Keep the ids you processed: a repeat is answered 2xx without processing it again.
        if (!seen.add(id)) return 200;
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (RuntimeException e) {
            violations.add(id + ": body is no JSON: " + e.getMessage());
            return 400;
        }
        // msg_<batch_id>, or msg_<batch_id>.unaudited for a payload whose run's audit record could not be appended.
        String expectedId = "msg_" + payload.path("batch_id").asString("")
                + (payload.path("governance_reasons").toString().contains("\"audit_not_written\"") ? ".unaudited" : "");
        if (!expectedId.equals(id)) {
            violations.add(id + ": webhook-id is not " + expectedId + " (" + payload.path("batch_id") + ")");
        }
        PayloadSchema.check(id, payload, violations::add);
        processed.add(new Processed(id, body, payload));
        return 204;
    }

    private boolean verified(String id, String timestamp, String signature, byte[] body) {
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) > TOLERANCE_SECONDS) return false;
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String candidate : signature.split(" ")) {
            if (!candidate.startsWith("v1,")) continue;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] key : keys) {
                if (MessageDigest.isEqual(given, hmac(key, signed))) return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * The payload's fields as the table under "## Payload" in docs/webhook.md names them — read from the page, so a key the
     * engine sends that the page does not name is found — with their types and nullability as the table gives them.
     */
    static final class PayloadSchema {

        private PayloadSchema() {
        }

        /** Documented types by path ({@code batch_summary.passed}, {@code detailed_results[].line}); {@code ?}: only when. */
        private static final Map<String, String> TYPES = new LinkedHashMap<>();

        static {
            TYPES.put("project_id", "string|null");
            TYPES.put("timestamp", "string");
            TYPES.put("batch_id", "string");
            TYPES.put("run_id", "string|null");
            TYPES.put("partial", "true?");
            TYPES.put("filtered_out", "integer?");
            TYPES.put("rerun_attempts", "object?");
            TYPES.put("bot_under_test", "object|null");
            TYPES.put("replay", "object?");
            TYPES.put("replay.mode", "string");
            TYPES.put("replay.replayed", "integer");
            TYPES.put("replay.live", "integer");
            TYPES.put("replay.partly_replayed", "integer?");
            TYPES.put("replay.fingerprint", "object");
            TYPES.put("batch_summary", "object");
            TYPES.put("batch_summary.total_tests", "integer");
            TYPES.put("batch_summary.passed", "integer");
            TYPES.put("batch_summary.failed", "integer");
            TYPES.put("batch_summary.expected_flows", "integer");
            TYPES.put("batch_summary.coverage", "number");
            TYPES.put("batch_summary.stability", "object?");
            TYPES.put("governance", "string");
            TYPES.put("governance_reasons", "array");
            TYPES.put("audit_checkpoint", "object|null");
            TYPES.put("detailed_results", "array");
            TYPES.put("detailed_results[].test_id", "string");
            TYPES.put("detailed_results[].name", "string");
            TYPES.put("detailed_results[].outcome", "string");
            TYPES.put("detailed_results[].source", "string|null");
            TYPES.put("detailed_results[].line", "integer|null");
            TYPES.put("detailed_results[].duration_ms", "integer");
            TYPES.put("detailed_results[].message", "string|null");
            TYPES.put("detailed_results[].replayed", "true?");
            TYPES.put("detailed_results[].replayed_answers", "integer?");
            TYPES.put("detailed_results[].sent", "false?");
        }

        private static final Set<String> DOCUMENTED = documented(Path.of("../docs/webhook.md"));

        /** The field names the first column of the table under "## Payload" gives, as paths. */
        static Set<String> documented(Path page) {
            List<String> lines;
            try {
                lines = Files.readAllLines(page);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Set<String> names = new LinkedHashSet<>();
            boolean inPayload = false;
            for (String line : lines) {
                if (line.startsWith("## ")) inPayload = line.equals("## Payload");
                if (!inPayload || !line.startsWith("| `")) continue;
                String cell = line.substring(2, line.indexOf(" |", 2));
                Matcher name = Pattern.compile("`([^`]+)`").matcher(cell);
                String parent = "";
                while (name.find()) {
                    String n = name.group(1);
                    if (n.startsWith(".")) {
                        names.add(parent + n.substring(1));
                    } else {
                        // A field in two rows says two things of one key: a receiver's engineer cannot tell which holds.
                        if (names.contains(n) && !n.contains(".") && cell.indexOf('`' + n + '`') == cell.indexOf('`')) {
                            throw new IllegalStateException(page + ": '" + n + "' has two rows in the payload table");
                        }
                        names.add(n);
                        // batch_summary.passed documents batch_summary
                        if (n.contains(".")) names.add(n.substring(0, n.indexOf('.')));
                        parent = n.contains(".") ? n.substring(0, n.lastIndexOf('.') + 1) : "";
                    }
                }
            }
            if (names.size() < 10) throw new IllegalStateException("no payload table in " + page);
            return names;
        }

        static void check(String id, JsonNode payload, java.util.function.Consumer<String> violation) {
            object(id, "", payload, violation);
            object(id, "batch_summary.", payload.path("batch_summary"), violation);
            if (payload.has("replay")) object(id, "replay.", payload.path("replay"), violation);
            JsonNode summary = payload.path("batch_summary");
            long skipped = 0;
            long passed = 0;
            for (JsonNode result : payload.path("detailed_results")) {
                object(id, "detailed_results[].", result, violation);
                String outcome = result.path("outcome").asString("");
                if (outcome.equals("skipped")) skipped++;
                if (outcome.equals("passed")) passed++;
            }
            long results = payload.path("detailed_results").size();
            if (summary.path("total_tests").asLong() != results - skipped) {
                violation.accept(id + ": total_tests " + summary.path("total_tests") + " is not the " + results + " results less "
                        + skipped + " skipped");
            }
            if (summary.path("passed").asLong() != passed) {
                violation.accept(id + ": passed " + summary.path("passed") + " is not the " + passed + " passed results");
            }
            if (summary.path("failed").asLong() != summary.path("total_tests").asLong() - summary.path("passed").asLong()) {
                violation.accept(id + ": failed is not total_tests - passed");
            }
            String governance = payload.path("governance").asString("");
            if (!List.of("COMPLIANT", "REVIEW_REQUIRED", "UNAUDITED", "INTERRUPTED").contains(governance)) {
                violation.accept(id + ": governance " + governance + " is none of the documented values");
            }
            if (governance.equals("COMPLIANT") != payload.path("governance_reasons").isEmpty()) {
                violation.accept(id + ": governance_reasons " + payload.path("governance_reasons") + " for " + governance);
            }
            for (JsonNode reason : payload.path("governance_reasons")) {
                if (!reason.path("code").isString() || !reason.path("message").isString() || reason.size() != 2) {
                    violation.accept(id + ": a governance reason is not {code, message}: " + reason);
                }
            }
            JsonNode audit = payload.path("audit_checkpoint");
            if (audit.isObject() && (!audit.path("head_hash").isString() || !audit.path("records").isIntegralNumber())) {
                violation.accept(id + ": audit_checkpoint is not {head_hash, records}: " + audit);
            }
            try {
                java.time.Instant.parse(payload.path("timestamp").asString(""));
            } catch (RuntimeException e) {
                violation.accept(id + ": timestamp is no ISO-8601 instant: " + payload.path("timestamp"));
            }
        }

        private static void object(String id, String prefix, JsonNode node, java.util.function.Consumer<String> violation) {
            if (!node.isObject()) {
                violation.accept(id + ": " + prefix + " is no object");
                return;
            }
            for (String name : node.propertyNames()) {
                if (!DOCUMENTED.contains(prefix + name)) {
                    violation.accept(id + ": " + prefix + name + " is not in docs/webhook.md's payload table: " + node.get(name));
                }
            }
            TYPES.forEach((path, type) -> {
                if (!path.startsWith(prefix) || path.substring(prefix.length()).contains(".")) return;
                String name = path.substring(prefix.length());
                if (prefix.isEmpty() && name.contains("[]")) return;
                JsonNode value = node.get(name);
                boolean optional = type.endsWith("?");
                if (value == null) {
                    if (!optional) violation.accept(id + ": " + path + " is absent, documented as " + type);
                    return;
                }
                boolean ok = false;
                for (String t : type.replace("?", "").split("\\|")) {
                    ok |= switch (t) {
                        case "string" -> value.isString();
                        case "null" -> value.isNull();
                        case "object" -> value.isObject();
                        case "array" -> value.isArray();
                        case "integer" -> value.isIntegralNumber();
                        case "number" -> value.isNumber();
                        case "true" -> value.isBoolean() && value.asBoolean();
                        case "false" -> value.isBoolean() && !value.asBoolean();
                        default -> false;
                    };
                }
                if (!ok) violation.accept(id + ": " + path + " is " + value + ", documented as " + type);
            });
        }
    }
}
