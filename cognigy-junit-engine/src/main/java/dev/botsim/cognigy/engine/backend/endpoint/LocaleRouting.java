package dev.botsim.cognigy.engine.backend.endpoint;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.ServedBot;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.LocaleEndpointUrls;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.LanguageTag;
import dev.botsim.cognigy.engine.support.Secret;

/**
 * Which endpoint a test's message goes to by the locale it names, for the backends that reach one Cognigy endpoint per
 * locale (a REST Endpoint, a Socket Endpoint): that locale's URL when its variable is set
 * ({@code COGNIGY_ENDPOINT_URL_DE_DE}, {@code COGNIGY_SOCKET_URL_DE_DE}), else the default one; and the tests refused
 * before sending whose message an endpoint of another language would read. One rule and one wording for every such
 * backend.
 *
 * @param <T> what a message is sent through: an endpoint and its connections
 */
public final class LocaleRouting<T> {

    /**
     * The kind of endpoint routed to.
     *
     * @param name            as messages name it: {@code REST Endpoint}
     * @param defaultVariable the environment variable of the default endpoint's URL: {@code COGNIGY_ENDPOINT_URL}
     */
    public record Kind(String name, String defaultVariable) {
    }

    private final Kind kind;
    private final T defaultTarget;
    private final LocaleEndpointUrls locales;
    private final Function<Secret, Optional<String>> problem;
    private final Function<Secret, T> open;
    private final Function<T, EndpointUrl> endpointOf;
    /** The target of each locale named so far, by the environment variable that gives its URL. */
    private final Map<String, T> localeTargets = new ConcurrentHashMap<>();

    /**
     * @param kind          the kind of endpoint
     * @param defaultTarget where a message without a locale of its own goes
     * @param locales       the URL of each locale, as the run's secrets know them: what was looked up is masked
     * @param problem       why a URL is none of this kind's, to follow "the environment variable ... "; empty when it is one
     * @param open          the target of a URL of this kind
     * @param endpointOf    a target's URL and its token
     */
    public LocaleRouting(Kind kind, T defaultTarget, LocaleEndpointUrls locales, Function<Secret, Optional<String>> problem,
                         Function<Secret, T> open, Function<T, EndpointUrl> endpointOf) {
        this.kind = kind;
        this.defaultTarget = defaultTarget;
        this.locales = locales;
        this.problem = problem;
        this.open = open;
        this.endpointOf = endpointOf;
    }

    /** Where a message in {@code locale} goes: that locale's URL when its variable is set, else the default one. */
    public T targetOf(String locale) {
        if (locale == null || locale.isBlank()) return defaultTarget;
        String variable = locales.variable(locale);
        return localeTargets.computeIfAbsent(variable, name -> locales.apply(locale)
                .map(url -> {
                    Optional<String> wrong = problem.apply(url);
                    if (wrong.isPresent()) {
                        throw new BackendException(BackendException.Kind.CONFIGURATION, "the environment variable " + name
                                + " (the " + kind.name() + " of locale " + locale + ") " + wrong.get()
                                + "; its value is not shown, it is a secret.").withMessageUnsent();
                    }
                    return open.apply(url);
                })
                .orElse(defaultTarget));
    }

    /** Whether {@code target} is the default endpoint. */
    public boolean isDefault(T target) {
        return target == defaultTarget;
    }

    /** The targets of the locales named so far that are not the default one. */
    public List<T> localeTargets() {
        return localeTargets.values().stream().filter(target -> target != defaultTarget).distinct().toList();
    }

    /**
     * {@code text} with every endpoint's URL token masked: a server may echo any URL it knows. Every locale's the run
     * looked up, also of a locale none of whose tests has sent yet (the run looks up its tests' locales before it starts).
     */
    public String mask(String text) {
        String masked = endpointOf.apply(defaultTarget).mask(text);
        for (T target : localeTargets.values()) masked = endpointOf.apply(target).mask(masked);
        for (Secret url : locales.known()) {
            Optional<EndpointUrl> endpoint = EndpointUrl.parse(url);
            if (endpoint.isPresent()) masked = endpoint.get().mask(masked);
        }
        return masked;
    }

    /**
     * An endpoint serves one locale. When it is known which ({@code bot} says it), and its language is not the test's (a
     * {@code de-DE} test, an {@code en-US} endpoint), the endpoint's NLU would read the message in another language: a
     * verdict on nothing the test means, and one the sandbox's NLU, which reads any language, would give kindly. So the
     * test is refused before sending, naming the variable to set: the test's locale's own when it is not set and the
     * message would go to the default endpoint, or when it is set to another language's endpoint (a URL copied from the
     * wrong endpoint's settings). A locale named other than by a tag ({@code German}), another region of the same
     * language, or an endpoint whose locale is unknown is sent there as before.
     *
     * @param bot what is known of the bot the endpoints serve: the default endpoint's locale through the management API
     *            or as the embedded sandbox's bot's, a locale's own endpoint's through the management API
     */
    public void refuseOtherLanguage(TurnRequest request, T target, ServedBot bot) {
        if (request.locale() == null || request.locale().isBlank()) return;
        Optional<ServedBot.Served> served = target == defaultTarget ? bot.servedLocale()
                : bot.servedLocale(endpointOf.apply(target).token());
        served.ifPresent(known -> refuseLanguage(request, target, known));
    }

    private void refuseLanguage(TurnRequest request, T target, ServedBot.Served served) {
        Optional<String> testLanguage = LanguageTag.language(request.locale());
        Optional<String> servedLanguage = LanguageTag.language(served.locale());
        if (testLanguage.isEmpty() || servedLanguage.isEmpty() || testLanguage.equals(servedLanguage)) return;
        String variable = locales.variable(request.locale());
        String where = target == defaultTarget
                ? variable + " is not set, so it would go to " + kind.defaultVariable() + ", whose endpoint"
                : variable + " gives an endpoint that";
        throw new BackendException(BackendException.Kind.CONFIGURATION, "test " + request.testId() + " names locale "
                + ConsoleText.oneLine(request.locale()) + ", but " + where + " serves locale "
                + ConsoleText.oneLine(served.locale()) + served.whoSays() + ": its NLU"
                + " would read the message in another language. Set " + variable + " to the " + kind.name() + " of "
                + (target == defaultTarget ? "that locale" : ConsoleText.oneLine(request.locale()) + ", copied from its"
                + " endpoint's settings") + " (see docs/real-cognigy.md#one-endpoint-per-locale), or correct the test's"
                + " locale" + (target == defaultTarget ? "." : "; its value is not shown, it is a secret.")).withMessageUnsent();
    }

    /**
     * An endpoint serves one locale, and a locale's variable says which locale its endpoint serves. A test whose message
     * would go to the endpoint another language's variable gives — its own variable holding the same URL token as
     * another's (a URL pasted twice), or, its own not set, the default endpoint that another language's variable gives
     * too — would be read by the NLU of another language, and pass or fail for that. Refused unsent, naming both
     * variables, without the management API as with it: the variables alone say it.
     */
    public void refuseEndpointOfAnotherLocale(TurnRequest request, T target) {
        if (request.locale() == null || request.locale().isBlank()) return;
        Optional<String> testLanguage = LanguageTag.language(request.locale());
        if (testLanguage.isEmpty()) return;
        for (LocaleEndpointUrls.Given given : locales.given()) {
            Optional<String> givenLanguage = LanguageTag.language(given.locale());
            if (givenLanguage.isEmpty() || givenLanguage.equals(testLanguage)) continue;
            Optional<EndpointUrl> endpoint = EndpointUrl.parse(given.url());
            if (endpoint.isEmpty() || !sameEndpoint(endpoint.get(), endpointOf.apply(target))) continue;
            String own = locales.variable(request.locale());
            String where = target == defaultTarget
                    ? "but " + own + " is not set, so it would go to " + kind.defaultVariable() + ", which is the endpoint"
                    : "but " + own + " holds the endpoint";
            throw new BackendException(BackendException.Kind.CONFIGURATION, "test " + request.testId() + " names locale "
                    + ConsoleText.oneLine(request.locale()) + ", " + where + " "
                    + given.variable() + " gives for locale " + ConsoleText.oneLine(given.locale())
                    + " (the same URL token): a " + kind.name() + " serves one locale, so its NLU would read one of them in"
                    + " another language. Set " + own + " to the " + kind.name() + " of " + ConsoleText.oneLine(
                    request.locale()) + (target == defaultTarget ? "" : ", and " + given.variable() + " to that of "
                    + ConsoleText.oneLine(given.locale()) + ", each copied from its endpoint's"
                    + " settings") + " (see docs/real-cognigy.md#one-endpoint-per-locale); their values are not shown, they are"
                    + " secrets.").withMessageUnsent();
        }
    }

    /** Whether two URLs name one endpoint: its host and URL token, whichever path ({@code /test/}) or query they add. */
    private static boolean sameEndpoint(EndpointUrl one, EndpointUrl other) {
        return one.token().equals(other.token()) && one.url().host().equalsIgnoreCase(other.url().host());
    }

    /** Every target opened so far, the default one first. */
    public Collection<T> all() {
        List<T> all = new java.util.ArrayList<>();
        all.add(defaultTarget);
        all.addAll(localeTargets());
        return all;
    }
}
