package dev.botsim.cognigy.engine.backend.management;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.RetryAfter;
import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a project's flows, intents and lexicon slots from the Cognigy management API, so
 * expectations can be checked before running and coverage has its denominators. Authenticates with
 * {@code X-API-Key}, follows cursor pagination, and stays within the shared-SaaS rate limit.
 */
public final class ManagementApiSchema {

    private static final int PAGE = 100;
    private static final int MAX_ATTEMPTS = 3;

    /**
     * @param apiUrl    management API base, e.g. {@code https://api-trial.cognigy.ai}
     * @param apiKey    the API key (from {@code COGNIGY_API_KEY})
     * @param projectId the project whose flows and lexicons are read
     */
    public record Settings(String apiUrl, Secret apiKey, String projectId, Duration timeout) {
    }

    private final Settings settings;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final RequestBudget budget;
    private final RequestBudget.Sleeper sleeper;
    private final ObjectMapper json = JsonMapper.builder().build();

    public ManagementApiSchema(Settings settings) {
        this(settings, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    ManagementApiSchema(Settings settings, Clock clock, RequestBudget.Sleeper sleeper) {
        this.settings = settings;
        this.base = HttpUrl.parse(settings.apiUrl());
        if (base == null) {
            throw new BackendException(BackendException.Kind.REJECTED,
                    "the management API URL is not an http(s) URL: " + settings.apiUrl());
        }
        this.http = new OkHttpClient.Builder().callTimeout(settings.timeout()).followRedirects(false).build();
        this.sleeper = sleeper;
        this.budget = new RequestBudget(1000, Duration.ofMinutes(5), clock, sleeper);
    }

    /** Flows (by name), intents of every flow and lexicon slots of the project. */
    public BotSchema read() {
        Set<String> flows = new TreeSet<>();
        Set<String> intents = new TreeSet<>();
        Set<String> slots = new TreeSet<>();
        List<String> flowIds = new ArrayList<>();
        each("flows", List.of("projectId", settings.projectId()), flow -> {
            flows.add(flow.path("name").asString());
            flowIds.add(flow.path("_id").asString());
        });
        for (String flowId : flowIds) {
            each("flows/" + flowId + "/intents", List.of(), intent -> intents.add(intent.path("name").asString()));
        }
        List<String> lexiconIds = new ArrayList<>();
        each("lexicons", List.of("projectId", settings.projectId()), lexicon -> lexiconIds.add(lexicon.path("_id").asString()));
        for (String lexiconId : lexiconIds) {
            each("lexicons/" + lexiconId + "/slots", List.of(), slot -> slots.add(slot.path("name").asString()));
        }
        return new BotSchema(Optional.of(slots), Optional.of(flows), Optional.of(intents));
    }

    /** Every item of a list resource, page by page along {@code nextCursor}. */
    private void each(String resource, List<String> query, Consumer<JsonNode> item) {
        String cursor = null;
        do {
            HttpUrl.Builder url = base.newBuilder().addPathSegments("new/v2.0/" + resource)
                    .addQueryParameter("limit", String.valueOf(PAGE));
            for (int i = 0; i < query.size(); i += 2) url.addQueryParameter(query.get(i), query.get(i + 1));
            if (cursor != null) url.addQueryParameter("next", cursor);
            JsonNode page = get(url.build());
            JsonNode items = page.path("items");
            if (!items.isArray()) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + resource + " returned no items list");
            }
            items.forEach(item);
            JsonNode next = page.path("nextCursor");
            cursor = next.isString() && !next.stringValue().isBlank() && !items.isEmpty() ? next.stringValue() : null;
        } while (cursor != null);
    }

    /** A GET, retried on 408, 429 and 5xx (reads are idempotent) up to three attempts. */
    private JsonNode get(HttpUrl url) {
        String shown = url.encodedPath();
        for (int attempt = 1; ; attempt++) {
            try {
                budget.acquire();
                Request request = new Request.Builder().url(url).header("X-API-Key", settings.apiKey().reveal())
                        .header("Accept", "application/json").get().build();
                try (Response response = http.newCall(request).execute()) {
                    int code = response.code();
                    boolean transient_ = code == 408 || code == 429 || code >= 500;
                    if (transient_ && attempt < MAX_ATTEMPTS) {
                        sleeper.sleep(wait(response.header("Retry-After"), attempt));
                        continue;
                    }
                    if (code == 401 || code == 403) {
                        throw new BackendException(BackendException.Kind.AUTHENTICATION, "the management API refused the API key (HTTP "
                                + code + " on " + shown + "); check COGNIGY_API_KEY and that the key's user can read the project");
                    }
                    if (!response.isSuccessful()) {
                        throw new BackendException(transient_ ? BackendException.Kind.TRANSPORT : BackendException.Kind.REJECTED,
                                "management API answered HTTP " + code + " on " + shown);
                    }
                    return json.readTree(response.body().byteStream());
                }
            } catch (JacksonException e) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + shown + " answered something that is not JSON");
            } catch (IOException e) {
                if (attempt < MAX_ATTEMPTS) continue;
                throw new BackendException(BackendException.Kind.TRANSPORT, "cannot reach the management API at "
                        + base.host() + ": " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException(BackendException.Kind.TRANSPORT, "interrupted while reading the bot's schema");
            }
        }
    }

    /** The server's Retry-After when given (capped at a minute), else exponential: 1 s, 2 s. */
    private static Duration wait(String retryAfter, int attempt) {
        return RetryAfter.parse(retryAfter).map(d -> d.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : d)
                .orElse(Duration.ofSeconds(1L << (attempt - 1)));
    }

    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
