package dev.botsim.cognigy.engine.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.botsim.cognigy.engine.support.Secret;

/**
 * The REST Endpoint URL of each locale, {@code COGNIGY_ENDPOINT_URL_<LOCALE>} (or the Socket Endpoint URL of each,
 * {@code COGNIGY_SOCKET_URL_<LOCALE>}, {@link #sockets}): looked up by locale tag, since the environment cannot be
 * listed, and remembered once looked up. What was looked up is what the run knows of these secrets, and
 * {@link Secrets#forms()} masks each of them like {@code COGNIGY_ENDPOINT_URL}: the run looks up the locales its tests
 * name before it starts ({@link #lookUp}), so no text is masked without them.
 */
public final class LocaleEndpointUrls implements Function<String, Optional<Secret>> {

    private final Function<String, Optional<Secret>> environment;
    /** The variable of a locale's URL: {@code de-DE} → {@code COGNIGY_ENDPOINT_URL_DE_DE}. */
    private final Function<String, String> variableOf;
    /** By variable name: {@code de-DE} and {@code de_de} are the one variable {@code COGNIGY_ENDPOINT_URL_DE_DE}. */
    private final Map<String, Optional<Secret>> lookedUp = new ConcurrentHashMap<>();
    /** By variable name, the locale first looked up under it, as the tests wrote it. */
    private final Map<String, String> localeOf = new ConcurrentHashMap<>();

    /**
     * A locale's endpoint URL as its variable gives it: what the run was told that endpoint serves.
     *
     * @param variable its variable, {@code COGNIGY_ENDPOINT_URL_DE_DE}
     * @param locale   the locale the tests name it by, {@code de-DE}
     * @param url      the URL the variable holds
     */
    public record Given(String variable, String locale, Secret url) {
    }

    private LocaleEndpointUrls(Function<String, Optional<Secret>> environment, Function<String, String> variableOf) {
        this.environment = environment;
        this.variableOf = variableOf;
    }

    /** The REST Endpoint URLs {@code environment} gives by locale tag; {@code environment} itself when it already is such. */
    public static LocaleEndpointUrls of(Function<String, Optional<Secret>> environment) {
        return environment instanceof LocaleEndpointUrls urls ? urls : new LocaleEndpointUrls(environment, Secrets::endpointUrlVariable);
    }

    public static LocaleEndpointUrls none() {
        return new LocaleEndpointUrls(locale -> Optional.empty(), Secrets::endpointUrlVariable);
    }

    /**
     * The Socket Endpoint URLs {@code environment} gives by locale tag, each from the variable
     * {@link Secrets#socketUrlVariable(String)} names; {@code environment} itself when it already is such.
     */
    public static LocaleEndpointUrls sockets(Function<String, Optional<Secret>> environment) {
        return environment instanceof LocaleEndpointUrls urls ? urls : new LocaleEndpointUrls(environment, Secrets::socketUrlVariable);
    }

    /** The variable that gives the URL of {@code locale}'s endpoint ({@code COGNIGY_ENDPOINT_URL_DE_DE}). */
    public String variable(String locale) {
        return variableOf.apply(locale);
    }

    /** The URL of {@code locale}'s endpoint, if its variable is set; remembered, so its secrets are masked from now on. */
    @Override
    public Optional<Secret> apply(String locale) {
        String variable = variableOf.apply(locale);
        localeOf.putIfAbsent(variable, locale.strip());
        return lookedUp.computeIfAbsent(variable, name -> environment.apply(locale));
    }

    /** Looks up each of {@code locales} (blank ones are the default endpoint's): the run's, before it sends anything. */
    public void lookUp(Collection<String> locales) {
        for (String locale : locales) if (locale != null && !locale.isBlank()) apply(locale);
    }

    /** The URLs looked up so far. */
    public List<Secret> known() {
        return lookedUp.values().stream().flatMap(Optional::stream).toList();
    }

    /** The URLs looked up so far with the variable and locale each was given for, in the variables' order. */
    public List<Given> given() {
        return knownByVariable().entrySet().stream()
                .map(known -> new Given(known.getKey(), localeOf.getOrDefault(known.getKey(), known.getKey()), known.getValue()))
                .toList();
    }

    /** The URLs looked up so far, by the name of their variable ({@code COGNIGY_ENDPOINT_URL_DE_DE}), in its order. */
    public Map<String, Secret> knownByVariable() {
        Map<String, Secret> known = new TreeMap<>();
        lookedUp.forEach((variable, url) -> url.ifPresent(value -> known.put(variable, value)));
        return known;
    }
}
