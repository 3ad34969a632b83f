package dev.botsim.cognigy.engine.backend.endpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.MessagePacing;
import dev.botsim.cognigy.engine.backend.ServedBot;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.LocaleEndpointUrls;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.JsonValues;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.Tags;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.NetworkAdvice;
import dev.botsim.cognigy.engine.transport.NetworkSetupException;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Snippet;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a Cognigy REST Endpoint: one {@code POST} per user message, the session kept by
 * {@code sessionId}. The endpoint answers with the bot's outputs only; intent, flow and slots come
 * from outputs whose {@code data} follows the {@link OutputConvention}. Every message carries the test
 * marker {@code data.cognigyJunit = {runId, testId, turn}}, which the gated Code node waits for.
 *
 * <p>The endpoint URL contains its URL token, a secret: it is never printed whole. A test naming a locale
 * goes to that locale's URL when one is set ({@code COGNIGY_ENDPOINT_URL_DE_DE}), else to the default one.
 */
public final class EndpointBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(EndpointBackend.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    private static final LocaleRouting.Kind REST = new LocaleRouting.Kind("REST Endpoint", Constants.ENDPOINT_URL_ENV);

    /**
     * @param url                the endpoint URL including its URL token (and {@code /test/} for test mode)
     * @param convention         where outputs report intent, flow and slots
     * @param http               time limits of each message
     * @param retry              the longest single {@code Retry-After} honoured (a longer one fails the test instead of
     *                           stalling CI) and how long a message keeps being repeated after 429s — the only answer
     *                           known not to have reached the flow, so the only one safe to repeat; and the attempts of
     *                           a message none of whose attempts left this machine (refused, no connection in time),
     *                           which the flow cannot have seen either
     * @param maxConcurrency     most messages in flight; a 429 cuts the adaptive limit below it
     * @param clock              time source for HTTP-date {@code Retry-After} and pacing, replaceable in tests
     * @param sleeper            how retries and pacing wait, replaceable in tests
     * @param localeUrls         the endpoint URL of a locale tag, if one is set
     * @param maxMessagesPerHour {@code cognigy.endpoint.max-messages-per-hour}: empty for the default (600 for a
     *                           test-mode URL, else none), 0 for none
     * @param defaultPlatform    the run's default platform: a test naming another is told, once, that REST sends none
     * @param notices            where what the run should know once goes (a log warning by default)
     * @param servedLocale       the locale the endpoint at {@code url} serves when it is known without the management API
     *                           (the embedded sandbox's bot's); the management API's answer, when there is one, wins
     */
    public record Settings(Secret url, OutputConvention convention, HttpSettings http, RetrySettings retry, int maxConcurrency,
                           Clock clock, Sleeper sleeper, Function<String, Optional<Secret>> localeUrls,
                           OptionalInt maxMessagesPerHour, String defaultPlatform, Consumer<String> notices,
                           Optional<String> servedLocale) {

        /** The endpoint at {@code url}, outputs read by the Code node's convention; everything else as by default. */
        public static Settings of(Secret url) {
            return new Settings(url, OutputConvention.CODE_NODE, HttpSettings.defaults(), RetrySettings.defaults(),
                    Constants.DEFAULT_MAX_CONCURRENCY, Clock.systemUTC(), Sleeper.SYSTEM, locale -> Optional.empty(),
                    OptionalInt.empty(), "web", notice -> LOG.log(System.Logger.Level.WARNING, notice), Optional.empty());
        }

        public Settings withConvention(OutputConvention convention) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withHttp(HttpSettings http) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withRetry(RetrySettings retry) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withMaxConcurrency(int maxConcurrency) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withClock(Clock clock) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withSleeper(Sleeper sleeper) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withLocaleUrls(Function<String, Optional<Secret>> localeUrls) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withMaxMessagesPerHour(OptionalInt maxMessagesPerHour) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withDefaultPlatform(String defaultPlatform) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withNotices(Consumer<String> notices) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, servedLocale);
        }

        public Settings withServedLocale(String servedLocale) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper, localeUrls, maxMessagesPerHour,
                    defaultPlatform, notices, Optional.of(servedLocale));
        }
    }

    /** One endpoint messages go to: the default one or a locale's, each with its own connections. */
    private record Target(EndpointUrl endpoint, HttpTransport http) {
    }

    /** The bot the endpoint serves, as the management API or the embedded sandbox says. */
    private final ServedBot bot;

    private final Settings settings;
    private final Target defaultTarget;
    /** The target of each locale, its URL as the run's secrets know it: what was looked up is masked. */
    private final LocaleRouting<Target> locales;
    private final RetryPolicy retryPolicy;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ConcurrencyLimit limit;
    private final MessagePacing pacing;
    private final EndpointAnswers answers;
    private final AtomicBoolean platformNoticed = new AtomicBoolean();

    EndpointBackend(Settings settings) {
        this(settings, Optional.empty());
    }

    /** @param management where the bot's flows, intents and slots are read from, if configured */
    public EndpointBackend(Settings settings, Optional<BotManagement> management) {
        this.settings = settings;
        this.bot = new ServedBot(management, settings.servedLocale());
        this.defaultTarget = target(EndpointUrl.parse(settings.url()).orElseThrow(() -> new BackendException(BackendException.Kind.CONFIGURATION,
                "the REST Endpoint URL is not an http(s) URL ending in its URL token; check " + Constants.ENDPOINT_URL_ENV)));
        this.locales = new LocaleRouting<>(REST, defaultTarget, LocaleEndpointUrls.of(settings.localeUrls()), EndpointUrl::problem,
                url -> target(EndpointUrl.parse(url).orElseThrow()), Target::endpoint);
        this.limit = new ConcurrencyLimit(settings.maxConcurrency());
        this.retryPolicy = RetryPolicy.of(settings.retry()).withClock(settings.clock()).withSleeper(settings.sleeper());
        this.pacing = MessagePacing.of(settings.maxMessagesPerHour(), "the REST Endpoint's", settings.clock(),
                settings.sleeper());
        this.answers = new EndpointAnswers(settings.convention(), management, json, this::mask);
    }

    private Target target(EndpointUrl endpoint) {
        // A turn that reached the flow must never be sent twice: it would advance the conversation. So
        // neither OkHttp repeats it on a stale connection nor the policy after a 5xx or an I/O error once
        // any of it may have left; only a 429, a refusal, and a message that never left are repeated.
        return new Target(endpoint, HttpTransport.to(endpoint.url(),
                HttpTransport.Options.of(settings.http()).withRepeatsOnStaleConnection(false)
                        .withCallsInFlight(settings.maxConcurrency()).withClient("REST Endpoint")));
    }

    /** {@code text} with every endpoint's URL token masked: a server may echo any URL it knows ({@link LocaleRouting#mask}). */
    private String mask(String text) {
        return locales.mask(text);
    }

    /** The URL with its token, the last non-empty path segment, hidden. */
    static String masked(HttpUrl url) {
        return EndpointUrl.parse(Secret.of(url.toString())).map(EndpointUrl::shown)
                .orElse(url.scheme() + "://" + url.host() + "/");
    }

    @Override
    public String name() {
        return "endpoint";
    }

    /**
     * The REST Endpoint does not describe the bot: the schema comes from the management API when it
     * is configured, else it is unknown and expectations are checked when the answers come.
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
        return Optional.of("The REST Endpoint returned no intent or flow data. " + OutputConvention.SNIPPET);
    }

    @Override
    public Optional<String> pacing(long plannedMessages) {
        return pacing.expectation(plannedMessages, defaultTarget.endpoint().testMode());
    }

    @Override
    public Optional<dev.botsim.cognigy.engine.transport.BudgetWait> budgetWait(long remainingRequests) {
        return pacing.waiting(remainingRequests);
    }

    @Override
    public TurnResult send(TurnRequest request) {
        Target target = locales.targetOf(request.locale());
        // The embedded sandbox without its management API: its bot's locale is known all the same, and its NLU, which
        // reads any language, must not pass what a tenant's endpoint would read in another one.
        locales.refuseOtherLanguage(request, target, bot);
        locales.refuseEndpointOfAnotherLocale(request, target);
        String sessionId = request.sessionId() != null ? request.sessionId() : "ses_" + UUID.randomUUID();
        noticePlatform(request);
        Map<String, Object> data = OutputConvention.markedData(request);
        byte[] bytes = body(request, sessionId, data);
        bot.injectContext(request, sessionId);
        RetryLog log = new RetryLog();
        ConcurrencyLimit.Permit permit = limit.acquire();
        boolean completed = false;
        try {
            TurnResult result = post(target, bytes, data, sessionId, request.turn(), permit, log);
            completed = true;
            return result;
        } catch (BackendException e) {
            throw e.withRetries(log);
        } finally {
            permit.release(completed);
        }
    }

    /**
     * {@code {userId, sessionId, text, data}}; a data-only message has no {@code text}. The data is the test's with
     * the test marker added, which the gated Code node waits for.
     */
    private byte[] body(TurnRequest request, String sessionId, Map<String, Object> data) {
        return JsonValues.object(json, body -> {
            body.writeStringProperty("userId", request.userId());
            body.writeStringProperty("sessionId", sessionId);
            if (request.text() != null) body.writeStringProperty("text", request.text());
            body.writeName("data");
            JsonValues.write(body, data);
        });
    }

    /** REST has no channel: Cognigy sets {@code input.channel} from the endpoint. Said once per run. */
    private void noticePlatform(TurnRequest request) {
        if (request.platform() == null || request.platform().equals(settings.defaultPlatform())) return;
        if (!platformNoticed.compareAndSet(false, true)) return;
        settings.notices().accept("platform '" + request.platform() + "' (test " + request.testId() + ", perhaps others) is"
                + " not sent: a REST Endpoint request has no channel, Cognigy sets input.channel from the endpoint itself."
                + " Test channel-specific behaviour through an endpoint of that channel. Said once per run.");
    }

    /** @param data the data the message carries, by which an answer echoing it is told from the flow's report */
    private TurnResult post(Target target, byte[] bytes, Map<String, Object> data, String sessionId, int turn,
                            ConcurrencyLimit.Permit permit, RetryLog log) {
        String shownUrl = target.endpoint().shown();
        Retries retries = retryPolicy.start("POST to the REST Endpoint", log);
        while (true) {
            Optional<Retries.GiveUp> held = retries.held();
            if (held.isPresent()) throw new BackendException(BackendException.Kind.TRANSPORT, held.get().problem())
                    .varying(held.get()).withMessageUnsentIf(held.get().delivery());
            Request request = new Request.Builder().url(target.endpoint().url()).post(RequestBody.create(bytes, JSON)).build();
            HttpAnswer answer;
            try {
                pacing.acquire(target.endpoint().testMode());
                // The answer with the URL tokens masked, should the endpoint echo a request URL.
                answer = target.http().exchange(request, this::mask);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("POST to the REST Endpoint abandoned: the waiting thread was interrupted");
            } catch (ResponseTooLargeException e) {
                // Far more than any chat answer: what makes it so is in the flow, and the message names where to look.
                throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered " + e.getMessage()
                        + ", which is not read: far more than a chat answer — look in the flow for an output whose data carries a"
                        + " large object (the whole context or state, a file's contents) or a transformer that adds one");
            } catch (NetworkSetupException e) {
                // A proxy or the JVM's trust store stopped it before it left, as it will stop every attempt: the run's setup.
                throw new BackendException(BackendException.Kind.CONFIGURATION, "cannot reach REST Endpoint " + shownUrl + ": "
                        + e.getMessage()).withMessageUnsentIf(retries.delivery());
            } catch (IOException e) {
                Delivery delivery = Delivery.of(e);
                // A connect timeout is the same exception as a read timeout: only how far the request got tells them apart.
                boolean unanswered = e instanceof InterruptedIOException && delivery == Delivery.SENT;
                String cause = unanswered ? "no answer in time"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + mask(e.getMessage()));
                // A message none of whose attempts left (refused, no connection in time) is sent again after a backoff, as
                // a load balancer restarting refuses connections for a moment: the flow never saw it.
                if (retries.afterFailureAtMostOnce(cause, delivery) instanceof Retries.Retry retry) {
                    await(retries, retry);
                    continue;
                }
                if (unanswered) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, "REST Endpoint " + shownUrl
                            + " did not answer in time (" + e.getMessage() + "): the message may have reached the flow, so it"
                            + " was not sent again (a turn sent twice would move the conversation on)");
                }
                if (delivery == Delivery.NOT_SENT) {
                    throw new BackendException(BackendException.Kind.TRANSPORT, "cannot reach REST Endpoint " + shownUrl
                            + ": " + cause + NetworkAdvice.said(e)).withMessageUnsentIf(retries.delivery());
                }
                throw new BackendException(BackendException.Kind.TRANSPORT, "the connection to REST Endpoint " + shownUrl
                        + " broke before its answer (" + cause + "): the message may have reached the flow, so it was not sent"
                        + " again (a turn sent twice would move the conversation on)");
            }
            if (answer.code() == 429) permit.rateLimited();
            else if (answer.code() >= 300 && answer.code() < 400) {
                // Not followed: a POST redirected may arrive as a GET, without the message. What answered is in front of
                // the flow (an http:// URL sent on to https://, a host moved), so the flow never saw the message.
                retries.answeredFinally(answer.code(), answer.retryAfter());
                throw redirected(shownUrl, answer);
            } else if (!answer.isSuccessful()) {
                // Any other error answer may come from the flow itself (a 5xx from a flow that broke on the message): it
                // stands, and a 502, 503 or 504 counts towards an outage.
                retries.answeredFinally(answer.code(), answer.retryAfter());
                throw failed(shownUrl, answer.code(), ": " + shownBody(answer), bytes.length);
            }
            Retries.Next next = retries.afterAnswer(answer.code(), answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) {
                throw new BackendException(BackendException.Kind.TRANSPORT, giveUp.problem()).varying(giveUp);
            }
            if (next instanceof Retries.Retry retry) {
                await(retries, retry);
                continue;
            }
            if (isHtml(answer) && new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).strip().startsWith("<")) {
                // A page in front of the endpoint (a proxy's sign-in, a maintenance page) answered in its place; JSON
                // mislabelled as HTML is still read.
                throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered HTTP "
                        + answer.code() + " with " + htmlText(answer) + ". Check what stands between this machine and the"
                        + " endpoint (a proxy, a VPN, a firewall's sign-in).");
            }
            return answers.read(read(shownUrl, answer.code(), AnswerCharset.utf8(answer.body(), answer.contentType())), sessionId,
                    turn, log.events(), shownUrl, data);
        }
    }

    /** Waits before sending the message again, logging why; an interrupt abandons the message. */
    private static void await(Retries retries, Retries.Retry retry) {
        try {
            retries.await(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("abandoned while waiting to retry: the waiting thread was interrupted");
        }
    }


    /**
     * What an error answer of the REST Endpoint is. It takes no credentials, so a 401 or 403 comes from what stands in
     * front of it (a proxy, an allow-list) refusing the run, and a 404 says its URL names no endpoint (a wrong or deleted
     * URL token): the run's setup, not the bot's answer to the message. Another 4xx refused the message as it is; a 5xx
     * is the endpoint failing.
     */
    private static BackendException failed(String shownUrl, int code, String snippet, int sent) {
        BackendException.Kind kind = code >= 500 ? BackendException.Kind.TRANSPORT
                : code == 401 ? BackendException.Kind.AUTHENTICATION : code == 403 ? BackendException.Kind.PERMISSION
                : code == 404 ? BackendException.Kind.CONFIGURATION : BackendException.Kind.REJECTED;
        return new BackendException(kind, "REST Endpoint " + shownUrl + " answered HTTP " + code + snippet
                + (code == 404 ? "; its URL names no endpoint: check the URL token in " + Constants.ENDPOINT_URL_ENV + " (or in the"
                + " variable of the test's locale), a token mistyped or of an endpoint deleted since" : "")
                + (code == 401 || code == 403 ? "; a REST Endpoint takes no credentials: what refused the message stands in"
                + " front of it (a proxy, an IP allow-list, a firewall), and the message never reached the flow. Check"
                + " that this machine may reach the endpoint's host, and that " + Constants.ENDPOINT_URL_ENV + " is the URL"
                + " the endpoint's settings show" : "")
                + (code == 413 ? "; the message was about " + Math.max(1, Math.round(sent / 1000.0)) + " kB (its text and data, with the"
                + " test marker), more than"
                + " the endpoint, or a proxy in front of it, accepts: Cognigy's Maximum Input Size is 65 kB by default"
                + " (1.5 MB on trial tenants). Send less data with the test" : "")
                + (code >= 500 ? "; the message may have reached the flow, so it is not repeated (a turn sent twice would"
                + " move the conversation on)" : ""));
    }

    /**
     * A redirect the REST Endpoint's URL answered: the run's setup, not the bot's answer, and the message unsent. Names
     * where it points, every URL token in it masked, for the URL to give instead.
     */
    private BackendException redirected(String shownUrl, HttpAnswer answer) {
        String location = answer.headers().get("Location");
        String where = location == null || location.isBlank() ? ", a redirect without a Location"
                : ", a redirect to " + shownLocation(location);
        return new BackendException(BackendException.Kind.CONFIGURATION, "REST Endpoint " + shownUrl + " answered HTTP "
                + answer.code() + where + ", which is not followed (a message redirected may arrive without its body), so the"
                + " message never reached the flow. A REST Endpoint answers at the URL its settings show: give that URL in "
                + Constants.ENDPOINT_URL_ENV + " (or in the variable of the test's locale), with https:// and the host"
                + " Cognigy shows").withMessageUnsent();
    }

    /** A redirect's {@code Location} for a message: a URL with its token hidden as the endpoint's is, else masked text. */
    private String shownLocation(String location) {
        String masked = mask(location);
        return EndpointUrl.parse(Secret.of(location)).map(EndpointUrl::shown).map(this::mask)
                .orElse(Snippet.of(masked, 200));
    }

    /**
     * An error answer's body for a message: an HTML page (a gateway's or proxy's, in front of the endpoint) by its text
     * without markup and said to be one; anything else as it came.
     */
    private static String shownBody(HttpAnswer answer) {
        return isHtml(answer) ? htmlText(answer) : preview(answer.body());
    }

    /** Whether an answer is an HTML page, by its {@code Content-Type}. */
    private static boolean isHtml(HttpAnswer answer) {
        return answer.contentType() != null && "html".equals(answer.contentType().subtype());
    }

    /** An HTML page for a message: its text without markup, scripts and styles, said to be no answer of Cognigy's. */
    private static String htmlText(HttpAnswer answer) {
        // In one pass each: a page of many '<' and no '>' (cut short, or hostile) is no search from each '<' to its end.
        String page = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        String text = Tags.replaced(Tags.withoutScriptsAndStyles(page, " "), tag -> true, " ").replaceAll("\\s+", " ");
        return "an HTML page, not Cognigy's answer (a gateway or proxy in front of the endpoint): " + Snippet.of(text.strip(), 200);
    }

    private JsonNode read(String shownUrl, int code, byte[] bytes) {
        // An empty body parses as no JSON at all: say so, rather than quote nothing as an answer without outputs.
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered HTTP " + code
                    + " with an empty body, no outputs at all, where Cognigy answers {\"outputStack\": [...]} even when the"
                    + " flow says nothing. The message reached the endpoint: an Execution-Finished transformer that returns"
                    + " nothing, or a proxy in front of the endpoint, answered in its place. Test through a REST Endpoint"
                    + " without transformers (see docs/real-cognigy.md).");
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            if (!AnswerCharset.isUtf8(bytes)) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered a body"
                        + " that is not UTF-8, and its Content-Type names no other charset: " + preview(bytes) + ". Cognigy"
                        + " answers UTF-8, as JSON is exchanged (RFC 8259): check what stands in front of the endpoint"
                        + " (a proxy re-encoding answers).");
            }
            throw new BackendException(BackendException.Kind.PROTOCOL,
                    "REST Endpoint " + shownUrl + " answered something that is not JSON: " + preview(bytes));
        }
    }

    private static String preview(byte[] bytes) {
        return Snippet.of(bytes, 200);
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return Optional.of(limit.state());
    }

    /** The project's sandbox, when a REST Endpoint's answers (any locale's) said they came from it. */
    @Override
    public Optional<String> standIn() {
        return locales.all().stream().map(target -> target.http().sandboxSeen()).flatMap(Optional::stream).findFirst();
    }

    @Override
    public void close() {
        bot.close();
        defaultTarget.http().close();
        locales.localeTargets().forEach(target -> target.http().close());
    }
}
